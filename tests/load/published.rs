//! The round the pages of a finished vote are timed on: the KV17 shape
//! (500,000.00 kr, bids spread over the ten storkredse, sub-pools by members
//! on the roll, equal shares with add1-greedy), a roll spread over the ten
//! storkredse, ballots from some of it, counted and published.

use std::fmt::Write;

use medlemsbudget::auth::Role;
use medlemsbudget_domain::Storkreds;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::{Client, Method};
use serde_json::json;

use crate::setup::{call, id_of, post_csv};

/// What the published round's pages need.
pub struct Published {
    /// The round id.
    pub round: i64,
    /// One of its bids.
    pub bid: i64,
    /// The receipt code of one counted ballot.
    pub receipt: String,
}

/// Its shape.
pub struct Shape {
    /// Bids, spread over the ten storkredse in turn.
    pub bids: usize,
    /// Members on the roll (`member-0`…), spread over the ten storkredse in turn.
    pub roll: usize,
    /// How many of them vote, once each.
    pub voters: usize,
    /// Ballots in flight at once while they vote.
    pub concurrency: usize,
}

fn storkreds_of(i: usize) -> Storkreds {
    Storkreds::ALL[i % Storkreds::ALL.len()]
}

/// Creates the round, has the boards bid, accepts every bid, imports the
/// roll, lets `voters` members vote (each approves one or more of their own
/// storkreds' bids), closes, counts and publishes.
pub async fn create(
    client: &Client,
    base: &str,
    sign: &impl Fn(Role, String, Option<Storkreds>) -> Result<String, String>,
    shape: &Shape,
) -> Result<Published, String> {
    if shape.bids < Storkreds::ALL.len() || shape.voters == 0 || shape.voters > shape.roll {
        return Err("the published round needs a bid in every storkreds and 1 to --roll voters".into());
    }
    let hb = sign(Role::Hb, "load-hb".into(), None)?;
    let rounds = format!("{base}/api/v1/rounds");
    let settings = json!({
        "name": "Belastningsprøve, offentliggjort",
        "pool": "500000.00",
        "rule": {"rule": "mes", "completion": "add1-greedy"},
        "split": {"kind": "by-members"},
    });
    let round = id_of(
        &call(client, Method::POST, &rounds, &hb, Some(settings)).await?,
        "round",
    )?;
    let phase_url = format!("{rounds}/{round}/phase");
    let phase = |p: &str| Some(json!({ "phase": p }));
    call(client, Method::POST, &phase_url, &hb, phase("submission")).await?;
    let mut bids: Vec<Vec<i64>> = vec![Vec::new(); Storkreds::ALL.len()];
    for n in 0..shape.bids {
        let storkreds = storkreds_of(n);
        let board = sign(Role::Board, format!("load-board-{}", storkreds.slug()), Some(storkreds))?;
        let amount = format!("{}.00", 10_000 + 5_000 * (n % 7));
        let bid = json!({
            "title": format!("Bud {n} i {}", storkreds.name()),
            "description": "Et bud til belastningsprøven.",
            "amount": amount,
        });
        let url = format!("{rounds}/{round}/proposals");
        let id = id_of(&call(client, Method::POST, &url, &board, Some(bid)).await?, "proposal")?;
        let review = json!({"decision": "accepted", "reason": "Belastningsprøve."});
        let url = format!("{rounds}/{round}/proposals/{id}/review");
        call(client, Method::POST, &url, &hb, Some(review)).await?;
        bids[n % Storkreds::ALL.len()].push(id);
    }
    call(client, Method::POST, &phase_url, &hb, phase("review")).await?;
    post_csv(
        client,
        &format!("{rounds}/{round}/electorate"),
        &hb,
        roll_csv(shape.roll),
    )
    .await?;
    call(client, Method::POST, &phase_url, &hb, phase("voting")).await?;
    let receipt = vote(client, &format!("{rounds}/{round}/ballot"), sign, &bids, shape).await?;
    call(client, Method::POST, &phase_url, &hb, phase("closed")).await?;
    call(client, Method::POST, &format!("{rounds}/{round}/tally"), &hb, None).await?;
    call(client, Method::POST, &phase_url, &hb, phase("published")).await?;
    Ok(Published {
        round,
        bid: bids[0][0],
        receipt,
    })
}

fn roll_csv(members: usize) -> String {
    let mut csv = String::from("member_id,storkreds\n");
    for i in 0..members {
        let _ = writeln!(csv, "member-{i},{}", storkreds_of(i).slug());
    }
    csv
}

/// The voters vote, `concurrency` at a time; returns the first voter's receipt.
async fn vote(
    client: &Client,
    url: &str,
    sign: &impl Fn(Role, String, Option<Storkreds>) -> Result<String, String>,
    bids: &[Vec<i64>],
    shape: &Shape,
) -> Result<String, String> {
    let mut workers = Vec::new();
    for worker in 0..shape.concurrency.max(1) {
        let mut ballots = Vec::new();
        let mut rng = StdRng::seed_from_u64(0x6d62_7075 + worker as u64);
        for i in (worker..shape.voters).step_by(shape.concurrency.max(1)) {
            let own = &bids[i % Storkreds::ALL.len()];
            let n = rng.gen_range(1..=own.len());
            let approvals: Vec<i64> = rand::seq::index::sample(&mut rng, own.len(), n)
                .into_iter()
                .map(|k| own[k])
                .collect();
            ballots.push((
                sign(Role::Member, format!("member-{i}"), Some(storkreds_of(i)))?,
                approvals,
            ));
        }
        let client = client.clone();
        let url = url.to_owned();
        workers.push(tokio::spawn(async move {
            let mut first = None;
            for (token, approvals) in ballots {
                let body = json!({ "approvals": approvals });
                let answer = call(&client, Method::PUT, &url, &token, Some(body)).await?;
                if first.is_none() {
                    first = answer["receipt"].as_str().map(str::to_owned);
                }
            }
            Ok::<Option<String>, String>(first)
        }));
    }
    let mut receipt = None;
    for worker in workers {
        let first = worker.await.map_err(|e| format!("a voter failed: {e}"))??;
        receipt = receipt.or(first);
    }
    receipt.ok_or_else(|| "no ballot answered with a receipt".into())
}
