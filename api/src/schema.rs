//! OpenAPI schemas for domain values that (de)serialize themselves: round
//! settings travel as the domain's own JSON, and these types only describe
//! that JSON in the API document.

#![allow(dead_code)]

use std::collections::BTreeMap;

use utoipa::ToSchema;

/// What a ballot may hold, fixed when voting opens.
#[derive(serde::Serialize, ToSchema)]
#[schema(example = json!({"kind": "approval", "min_approvals": 0, "max_approvals": 5}))]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BallotRulesSchema {
    /// Approve a set of accepted proposals.
    Approval {
        /// At least this many approvals (default 0: a blank ballot is allowed).
        min_approvals: Option<u32>,
        /// At most this many approvals (1–1000; omit for no limit).
        max_approvals: Option<u32>,
    },
    /// Approve proposals whose total cost is within a limit.
    Knapsack {
        /// The limit in kroner, e.g. `"150000.00"`; omit for the pool.
        limit: Option<String>,
    },
    /// Spread points over proposals.
    Cumulative {
        /// Points each member has (1–1,000,000).
        points: u32,
        /// At most this many points on one proposal; omit for no cap.
        max_per_proposal: Option<u32>,
    },
}

/// The allocation rule.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleName {
    /// Most support first; skip what does not fit.
    Greedy,
    /// The Method of Equal Shares: every group of members gets money in proportion to its size.
    Mes,
    /// Sequential Phragmén: spread the load of funded bids as evenly as possible.
    Phragmen,
}

/// How a member's satisfaction with a funded bid is measured.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SatisfactionName {
    /// The bid's cost (greedy: order by number of supporters).
    Cost,
    /// 1 per funded bid (greedy: supporters per krone).
    Cardinality,
    /// The points given (cumulative ballots).
    Points,
}

/// What MES does with money equal shares leave unspent.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionName {
    /// Nothing.
    None,
    /// Raise every member's share by 1 kr per run until the outcome is exhaustive.
    Add1,
    /// `add1`, then greedy by supporters on what is left.
    Add1Greedy,
}

/// How exact ties between bids are broken.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TieBreakName {
    /// Fewer kroner first, then the earlier submission, then the lower id.
    Service,
    /// The smaller id compared as text (what pabutools does).
    Lexicographic,
}

/// The allocation rule of a round.
#[derive(serde::Serialize, ToSchema)]
#[schema(example = json!({"rule": "mes", "satisfaction": "cost", "completion": "add1-greedy", "tie_break": "service"}))]
pub struct RoundRuleSchema {
    /// The rule.
    rule: RuleName,
    /// Default `cost`.
    satisfaction: Option<SatisfactionName>,
    /// MES only; default `none`.
    completion: Option<CompletionName>,
    /// Default `service`.
    tie_break: Option<TieBreakName>,
}

/// How the pool is split among the storkredse before the rule runs.
#[derive(serde::Serialize, ToSchema)]
#[schema(example = json!({"kind": "floor", "per_storkreds": "20000.00"}))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SplitSchema {
    /// One national pool; every member votes on every bid.
    National,
    /// Ten equal sub-pools; members vote on their own storkreds' bids.
    Equal {
        /// Allocate unspent sub-pool money nationally in a second pass.
        pool_leftovers: Option<bool>,
    },
    /// Sub-pools proportional to members on the electorate roll (largest remainder to the øre).
    ByMembers {
        /// Allocate unspent sub-pool money nationally in a second pass.
        pool_leftovers: Option<bool>,
    },
    /// Sub-pools named by HB; they must add up to the pool.
    Fixed {
        /// Storkreds slug → sub-pool in kroner, e.g. `{"fyn": "60000.00"}`.
        pools: BTreeMap<String, String>,
        /// Allocate unspent sub-pool money nationally in a second pass.
        pool_leftovers: Option<bool>,
    },
    /// A fixed amount per storkreds for the basics; the rest is allocated nationally.
    Floor {
        /// Kroner each storkreds gets, e.g. `"20000.00"`.
        per_storkreds: String,
    },
}
