//! A round's settings as the API writes them: ballot rules, allocation rule
//! and split. These wire types describe themselves in the OpenAPI document
//! and convert into the domain's types at the edge (money from strings,
//! storkredse from slugs, each error naming its field), and back for views.

use std::collections::BTreeMap;

use medlemsbudget_domain::ballot_rules::BallotRules;
use medlemsbudget_domain::round_rule::RoundRule;
use medlemsbudget_domain::rules::{Completion, Rule, Satisfaction, TieBreak};
use medlemsbudget_domain::split::Split;
use medlemsbudget_domain::{Money, Storkreds};
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::rest::formats::{Amount, PositiveAmount};

/// What a ballot may hold, fixed when voting opens.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
#[schema(example = json!({"kind": "approval", "min_approvals": 0, "max_approvals": 5}))]
pub enum BallotRulesBody {
    /// Approve a set of accepted proposals.
    Approval {
        /// At least this many approvals, at most `max_approvals` (default 0: a
        /// blank ballot is allowed).
        #[serde(default)]
        #[schema(minimum = 0, maximum = 1000)]
        min_approvals: Option<u32>,
        /// At most this many approvals (1–1000; omit for no limit).
        #[serde(default)]
        #[schema(minimum = 1, maximum = 1000)]
        max_approvals: Option<u32>,
    },
    /// Approve proposals whose total cost is within a limit.
    Knapsack {
        /// The limit in kroner, more than 0 and at most the pool, e.g.
        /// `"150000.00"`; omit for the pool.
        #[serde(default)]
        #[schema(value_type = Option<PositiveAmount>, example = "150000.00")]
        limit: Option<String>,
    },
    /// Spread points over proposals.
    Cumulative {
        /// Points each member has (1–1,000,000).
        #[schema(minimum = 1, maximum = 1_000_000)]
        points: u32,
        /// At most this many points on one proposal, at most `points`; omit for no cap.
        #[serde(default)]
        #[schema(minimum = 1, maximum = 1_000_000)]
        max_per_proposal: Option<u32>,
    },
}

/// The allocation rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TieBreakName {
    /// Fewer kroner first, then the earlier submission, then the lower id.
    Service,
    /// The smaller id compared as text (what pabutools does).
    Lexicographic,
}

/// The allocation rule of a round. Omitted or `null` options take their default.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rule": "mes", "satisfaction": "cost", "completion": "add1-greedy", "tie_break": "service"}))]
pub struct RoundRuleBody {
    /// The rule.
    pub rule: RuleName,
    /// Default `cost`.
    #[serde(default)]
    pub satisfaction: Option<SatisfactionName>,
    /// MES only; default `none`.
    #[serde(default)]
    pub completion: Option<CompletionName>,
    /// Default `service`.
    #[serde(default)]
    pub tie_break: Option<TieBreakName>,
}

/// How the pool is split among the storkredse before the rule runs.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
#[schema(example = json!({"kind": "floor", "per_storkreds": "20000.00"}))]
pub enum SplitBody {
    /// One national pool; every member votes on every bid.
    National,
    /// Ten equal sub-pools; members vote on their own storkreds' bids.
    Equal {
        /// Allocate unspent sub-pool money nationally in a second pass (default false).
        #[serde(default)]
        pool_leftovers: Option<bool>,
    },
    /// Sub-pools proportional to members on the electorate roll (largest remainder to the øre).
    ByMembers {
        /// Allocate unspent sub-pool money nationally in a second pass (default false).
        #[serde(default)]
        pool_leftovers: Option<bool>,
    },
    /// Sub-pools named by HB; they must add up to the pool.
    Fixed {
        /// Storkreds slug → sub-pool in kroner, e.g. `{"fyn": "60000.00"}`.
        #[schema(schema_with = fixed_pools)]
        pools: BTreeMap<String, String>,
        /// Allocate unspent sub-pool money nationally in a second pass (default false).
        #[serde(default)]
        pool_leftovers: Option<bool>,
    },
    /// A fixed amount per storkreds for the basics; the rest is allocated nationally.
    Floor {
        /// Kroner each storkreds gets, e.g. `"20000.00"`; ten of them at most the pool.
        #[schema(value_type = Amount, example = "20000.00")]
        per_storkreds: String,
    },
}

/// The schema of a fixed split's sub-pools: storkredse by slug, amounts as
/// strings; the server adds them up against the pool.
fn fixed_pools() -> Object {
    let slugs = Storkreds::ALL.iter().map(|s| s.slug());
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "Storkreds slug → sub-pool in kroner, e.g. `{\"fyn\": \"60000.00\"}`; at least one, \
             adding up to the pool.",
        ))
        .property_names(Some(
            ObjectBuilder::new().schema_type(Type::String).enum_values(Some(slugs)),
        ))
        .additional_properties(Some(RefOr::Ref(Ref::from_schema_name(Amount::name()))))
        .min_properties(Some(1))
        .build()
}

/// A round's phase, in order: `draft → submission → review → voting → closed → published`.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PhaseName {
    /// HB prepares the round; settings may change.
    Draft,
    /// Boards submit and edit bids.
    Submission,
    /// Bids are frozen; HB reviews the rest.
    Review,
    /// Members vote.
    Voting,
    /// Voting is over; HB tallies.
    Closed,
    /// The result is public.
    Published,
}

/// A bid's status.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProposalStatusName {
    /// Awaiting HB's review.
    Submitted,
    /// On the ballot.
    Accepted,
    /// Kept off the ballot.
    Rejected,
    /// Withdrawn by its board.
    Withdrawn,
}

/// HB's review decision.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DecisionName {
    /// Put the bid on the ballot.
    Accepted,
    /// Keep it off the ballot.
    Rejected,
}

/// A storkreds, by slug.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StorkredsSlug {
    /// Københavns Storkreds.
    Kobenhavn,
    /// Københavns Omegns Storkreds.
    KobenhavnsOmegn,
    /// Nordsjællands Storkreds.
    Nordsjaelland,
    /// Bornholms Storkreds.
    Bornholm,
    /// Sjællands Storkreds.
    Sjaelland,
    /// Fyns Storkreds.
    Fyn,
    /// Sydjyllands Storkreds.
    Sydjylland,
    /// Østjyllands Storkreds.
    Ostjylland,
    /// Vestjyllands Storkreds.
    Vestjylland,
    /// Nordjyllands Storkreds.
    Nordjylland,
}

fn money(field: &str, text: &str) -> Result<Money, ApiError> {
    Money::parse(text).map_err(|e| ApiError::invalid_money(field, e))
}

impl TryFrom<BallotRulesBody> for BallotRules {
    type Error = ApiError;

    fn try_from(body: BallotRulesBody) -> Result<Self, Self::Error> {
        Ok(match body {
            BallotRulesBody::Approval {
                min_approvals,
                max_approvals,
            } => BallotRules::Approval {
                min_approvals: min_approvals.unwrap_or(0),
                max_approvals,
            },
            BallotRulesBody::Knapsack { limit } => BallotRules::Knapsack {
                limit: limit.map(|l| money("ballot.limit", &l)).transpose()?,
            },
            BallotRulesBody::Cumulative {
                points,
                max_per_proposal,
            } => BallotRules::Cumulative {
                points,
                max_per_proposal,
            },
        })
    }
}

impl From<BallotRules> for BallotRulesBody {
    fn from(rules: BallotRules) -> Self {
        match rules {
            BallotRules::Approval {
                min_approvals,
                max_approvals,
            } => BallotRulesBody::Approval {
                min_approvals: Some(min_approvals),
                max_approvals,
            },
            BallotRules::Knapsack { limit } => BallotRulesBody::Knapsack {
                limit: limit.map(|l| l.to_string()),
            },
            BallotRules::Cumulative {
                points,
                max_per_proposal,
            } => BallotRulesBody::Cumulative {
                points,
                max_per_proposal,
            },
        }
    }
}

impl From<RoundRuleBody> for RoundRule {
    fn from(body: RoundRuleBody) -> Self {
        RoundRule {
            rule: match body.rule {
                RuleName::Greedy => Rule::Greedy,
                RuleName::Mes => Rule::Mes,
                RuleName::Phragmen => Rule::Phragmen,
            },
            satisfaction: match body.satisfaction.unwrap_or(SatisfactionName::Cost) {
                SatisfactionName::Cost => Satisfaction::Cost,
                SatisfactionName::Cardinality => Satisfaction::Cardinality,
                SatisfactionName::Points => Satisfaction::Points,
            },
            completion: match body.completion.unwrap_or(CompletionName::None) {
                CompletionName::None => Completion::None,
                CompletionName::Add1 => Completion::Add1,
                CompletionName::Add1Greedy => Completion::Add1Greedy,
            },
            tie_break: match body.tie_break.unwrap_or(TieBreakName::Service) {
                TieBreakName::Service => TieBreak::Service,
                TieBreakName::Lexicographic => TieBreak::Lexicographic,
            },
        }
    }
}

impl From<RoundRule> for RoundRuleBody {
    fn from(rule: RoundRule) -> Self {
        RoundRuleBody {
            rule: match rule.rule {
                Rule::Greedy => RuleName::Greedy,
                Rule::Mes => RuleName::Mes,
                Rule::Phragmen => RuleName::Phragmen,
            },
            satisfaction: Some(match rule.satisfaction {
                Satisfaction::Cost => SatisfactionName::Cost,
                Satisfaction::Cardinality => SatisfactionName::Cardinality,
                Satisfaction::Points => SatisfactionName::Points,
            }),
            completion: Some(match rule.completion {
                Completion::None => CompletionName::None,
                Completion::Add1 => CompletionName::Add1,
                Completion::Add1Greedy => CompletionName::Add1Greedy,
            }),
            // Rounds refuse `as-listed` (`RoundRule::validate`), so a round's
            // rule never holds it; it orders like the text of the ids.
            tie_break: Some(match rule.tie_break {
                TieBreak::Service => TieBreakName::Service,
                TieBreak::Lexicographic | TieBreak::AsListed => TieBreakName::Lexicographic,
            }),
        }
    }
}

impl TryFrom<SplitBody> for Split {
    type Error = ApiError;

    fn try_from(body: SplitBody) -> Result<Self, Self::Error> {
        Ok(match body {
            SplitBody::National => Split::National,
            SplitBody::Equal { pool_leftovers } => Split::Equal {
                pool_leftovers: pool_leftovers.unwrap_or(false),
            },
            SplitBody::ByMembers { pool_leftovers } => Split::ByMembers {
                pool_leftovers: pool_leftovers.unwrap_or(false),
            },
            SplitBody::Fixed { pools, pool_leftovers } => {
                let mut parsed = BTreeMap::new();
                for (slug, amount) in pools {
                    let field = format!("split.pools.{slug}");
                    let storkreds: Storkreds = slug
                        .parse()
                        .map_err(|e| ApiError::invalid_field("invalid-settings", &field, e))?;
                    parsed.insert(storkreds, money(&field, &amount)?);
                }
                Split::Fixed {
                    pools: parsed,
                    pool_leftovers: pool_leftovers.unwrap_or(false),
                }
            }
            SplitBody::Floor { per_storkreds } => Split::Floor {
                per_storkreds: money("split.per_storkreds", &per_storkreds)?,
            },
        })
    }
}

impl From<Split> for SplitBody {
    fn from(split: Split) -> Self {
        match split {
            Split::National => SplitBody::National,
            Split::Equal { pool_leftovers } => SplitBody::Equal {
                pool_leftovers: Some(pool_leftovers),
            },
            Split::ByMembers { pool_leftovers } => SplitBody::ByMembers {
                pool_leftovers: Some(pool_leftovers),
            },
            Split::Fixed { pools, pool_leftovers } => SplitBody::Fixed {
                pools: pools
                    .into_iter()
                    .map(|(s, m)| (s.slug().to_owned(), m.to_string()))
                    .collect(),
                pool_leftovers: Some(pool_leftovers),
            },
            Split::Floor { per_storkreds } => SplitBody::Floor {
                per_storkreds: per_storkreds.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(json: serde_json::Value) -> serde_json::Value {
        let Ok(body) = serde_json::from_value::<SplitBody>(json) else {
            panic!("not a split")
        };
        let Ok(split) = Split::try_from(body) else {
            panic!("invalid split")
        };
        serde_json::to_value(SplitBody::from(split)).unwrap_or_default()
    }

    #[test]
    fn splits_read_back_as_written_with_defaults_spelled_out() {
        assert_eq!(
            round_trip(serde_json::json!({"kind": "fixed", "pools": {"fyn": "60000"}})),
            serde_json::json!({"kind": "fixed", "pools": {"fyn": "60000.00"}, "pool_leftovers": false})
        );
        assert_eq!(
            round_trip(serde_json::json!({"kind": "equal", "pool_leftovers": null})),
            serde_json::json!({"kind": "equal", "pool_leftovers": false})
        );
    }

    #[test]
    fn bad_money_and_storkredse_name_their_field() {
        let body = SplitBody::Fixed {
            pools: BTreeMap::from([("aarhus".to_owned(), "1.00".to_owned())]),
            pool_leftovers: None,
        };
        let problem = Split::try_from(body).err().map(|e| e.problem());
        assert_eq!(
            problem.map(|p| p.errors[0].field.clone()),
            Some("split.pools.aarhus".to_owned())
        );
        let floor = SplitBody::Floor {
            per_storkreds: "1,5".to_owned(),
        };
        let problem = Split::try_from(floor).err().map(|e| e.problem());
        assert_eq!(
            problem.map(|p| (p.type_, p.errors[0].field.clone())),
            Some((
                "https://medlemsbudget.dk/problems/invalid-money".to_owned(),
                "split.per_storkreds".to_owned()
            ))
        );
    }

    fn names<T: Serialize>(values: &[T]) -> Vec<serde_json::Value> {
        values
            .iter()
            .map(|v| serde_json::to_value(v).unwrap_or_default())
            .collect()
    }

    #[test]
    fn the_named_values_in_the_document_are_the_domains() {
        use medlemsbudget_domain::{Phase, ProposalStatus};
        let slugs = [
            StorkredsSlug::Kobenhavn,
            StorkredsSlug::KobenhavnsOmegn,
            StorkredsSlug::Nordsjaelland,
            StorkredsSlug::Bornholm,
            StorkredsSlug::Sjaelland,
            StorkredsSlug::Fyn,
            StorkredsSlug::Sydjylland,
            StorkredsSlug::Ostjylland,
            StorkredsSlug::Vestjylland,
            StorkredsSlug::Nordjylland,
        ];
        assert_eq!(names(&slugs), names(&Storkreds::ALL));
        let phases = [
            PhaseName::Draft,
            PhaseName::Submission,
            PhaseName::Review,
            PhaseName::Voting,
            PhaseName::Closed,
            PhaseName::Published,
        ];
        assert_eq!(names(&phases), names(&Phase::ALL));
        let statuses = [
            ProposalStatusName::Submitted,
            ProposalStatusName::Accepted,
            ProposalStatusName::Rejected,
            ProposalStatusName::Withdrawn,
        ];
        let domain = [
            ProposalStatus::Submitted,
            ProposalStatus::Accepted,
            ProposalStatus::Rejected,
            ProposalStatus::Withdrawn,
        ];
        assert_eq!(names(&statuses), names(&domain));
    }

    #[test]
    fn a_null_option_takes_its_default() {
        let Ok(body) = serde_json::from_value::<RoundRuleBody>(
            serde_json::json!({"rule": "mes", "tie_break": null, "completion": "add1-greedy"}),
        ) else {
            panic!("not a rule")
        };
        let rule = RoundRule::from(body);
        assert_eq!(
            (rule.tie_break, rule.completion, rule.satisfaction),
            (TieBreak::Service, Completion::Add1Greedy, Satisfaction::Cost)
        );
    }
}
