//! The round the load votes in: created through the API (`--setup`) or an
//! existing one (`--round`).

use std::fmt::Write;

use medlemsbudget_domain::Storkreds;
use reqwest::{Client, Method};
use serde_json::{json, Value};

/// The round to vote in and what a ballot may approve.
pub struct Target {
    /// The round id.
    pub round: i64,
    /// Ids of its accepted bids.
    pub bids: Vec<i64>,
    /// The most approvals one ballot may carry.
    pub max_approvals: usize,
}

pub async fn call(
    client: &Client,
    method: Method,
    url: &str,
    token: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut request = client.request(method.clone(), url).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.map_err(|e| format!("{method} {url}: {e}"))?;
    let status = response.status();
    let text = response.text().await.map_err(|e| format!("{method} {url}: {e}"))?;
    if !status.is_success() {
        return Err(format!("{method} {url}: {status}: {text}"));
    }
    serde_json::from_str(&text).map_err(|e| format!("{method} {url}: not JSON ({e}): {text}"))
}

/// Posts an electorate roll as CSV.
pub async fn post_csv(client: &Client, url: &str, token: &str, csv: String) -> Result<(), String> {
    let response = client
        .post(url)
        .bearer_auth(token)
        .header(reqwest::header::CONTENT_TYPE, "text/csv")
        .body(csv)
        .send()
        .await
        .map_err(|e| format!("POST {url}: {e}"))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    Err(format!(
        "POST {url}: {status}: {}",
        response.text().await.unwrap_or_default()
    ))
}

/// An electorate roll to import.
pub struct Roll {
    /// Members on the roll (0: no roll).
    pub members: usize,
    /// How many of the load's members (`load-member-0`…) vote; they are on the roll.
    pub voting: usize,
    /// Their storkreds.
    pub storkreds: Storkreds,
}

impl Roll {
    /// The roll as CSV: the voting members first, then members who do not vote.
    fn csv(&self) -> String {
        let mut csv = String::from("member_id,storkreds\n");
        for i in 0..self.members.max(self.voting) {
            let prefix = if i < self.voting { "load-member" } else { "roll-member" };
            let _ = writeln!(csv, "{prefix}-{i},{}", self.storkreds.slug());
        }
        csv
    }
}

pub fn id_of(value: &Value, what: &str) -> Result<i64, String> {
    value["id"]
        .as_i64()
        .ok_or_else(|| format!("the {what} has no id: {value}"))
}

/// Creates a round (no approval limit), opens it for bids, has the board bid
/// `bids` times at 100.00 kr, accepts every bid, imports the roll (if any) and opens voting.
pub async fn create(
    client: &Client,
    base: &str,
    hb: &str,
    board: &str,
    bids: usize,
    roll: &Roll,
) -> Result<Target, String> {
    if bids == 0 {
        return Err("--bids must be at least 1: voting needs an accepted bid".into());
    }
    let rounds = format!("{base}/api/v1/rounds");
    let pool = format!("{}.00", 100 * bids.max(10));
    let round = call(
        client,
        Method::POST,
        &rounds,
        hb,
        Some(json!({"name": "Belastningsprøve", "pool": pool})),
    )
    .await?;
    let round = id_of(&round, "round")?;
    let phase_url = format!("{rounds}/{round}/phase");
    let phase = |p: &str| Some(json!({ "phase": p }));
    call(client, Method::POST, &phase_url, hb, phase("submission")).await?;
    let mut ids = Vec::with_capacity(bids);
    for n in 0..bids {
        let bid =
            json!({"title": format!("Bud {n}"), "description": "Et bud til belastningsprøven.", "amount": "100.00"});
        let proposal = call(
            client,
            Method::POST,
            &format!("{rounds}/{round}/proposals"),
            board,
            Some(bid),
        )
        .await?;
        let id = id_of(&proposal, "proposal")?;
        let review = json!({"decision": "accepted", "reason": "Belastningsprøve."});
        call(
            client,
            Method::POST,
            &format!("{rounds}/{round}/proposals/{id}/review"),
            hb,
            Some(review),
        )
        .await?;
        ids.push(id);
    }
    call(client, Method::POST, &phase_url, hb, phase("review")).await?;
    if roll.members > 0 {
        post_csv(client, &format!("{rounds}/{round}/electorate"), hb, roll.csv()).await?;
    }
    call(client, Method::POST, &phase_url, hb, phase("voting")).await?;
    Ok(Target {
        round,
        max_approvals: ids.len(),
        bids: ids,
    })
}

/// An existing round in `voting`: its accepted bids and approval limit.
pub async fn existing(client: &Client, base: &str, token: &str, round: i64) -> Result<Target, String> {
    let url = format!("{base}/api/v1/rounds/{round}");
    let view = call(client, Method::GET, &url, token, None).await?;
    if view["phase"] != "voting" {
        return Err(format!("round {round} is not in voting: {}", view["phase"]));
    }
    let proposals = call(
        client,
        Method::GET,
        &format!("{url}/proposals?status=accepted"),
        token,
        None,
    )
    .await?;
    let bids = proposals
        .as_array()
        .ok_or_else(|| format!("the proposal list is not an array: {proposals}"))?
        .iter()
        .map(|p| id_of(p, "proposal"))
        .collect::<Result<Vec<_>, _>>()?;
    let max_approvals = view["max_approvals"]
        .as_u64()
        .map_or(bids.len(), |m| usize::try_from(m).unwrap_or(usize::MAX));
    Ok(Target {
        round,
        bids,
        max_approvals,
    })
}
