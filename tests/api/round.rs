//! The whole KV17 round, from an empty database to a published result.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_whole_round_allocates_the_pool_exactly() {
    let app = spawn_app().await;
    let hb = app.hb();

    // HB creates the 500,000.00 kr round and opens it for bids.
    let created = app.create_round("500000.00").await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["phase"], "draft");
    assert_eq!(created.body["pool"], "500000.00");
    let round = created.body["id"].as_i64().unwrap_or_default();
    assert_eq!(app.set_phase(round, "submission").await.body["phase"], "submission");

    // Three boards bid.
    let fyn = app.submit(round, "fyn", "Valgkampsbus", "300000.00").await;
    let kbh = app.submit(round, "kobenhavn", "Lokalkontor", "150000.50").await;
    let bornholm = app.submit(round, "bornholm", "Folkemødet", "120000.00").await;
    for bid in [&fyn, &kbh, &bornholm] {
        assert_eq!(bid.status, StatusCode::CREATED, "{}", bid.body);
        assert_eq!(bid.body["status"], "submitted");
    }
    let [fyn, kbh, bornholm] = [&fyn, &kbh, &bornholm].map(|b| b.body["id"].as_i64().unwrap_or_default());

    // HB accepts two and rejects one, then opens voting.
    assert_eq!(app.set_phase(round, "review").await.status, StatusCode::OK);
    assert_eq!(app.review(round, fyn, "accepted").await.body["status"], "accepted");
    assert_eq!(app.review(round, kbh, "accepted").await.body["status"], "accepted");
    let rejected = app.review(round, bornholm, "rejected").await;
    assert_eq!(rejected.body["status"], "rejected");
    assert_eq!(rejected.body["review_reason"], "Vurderet af HB");
    assert_eq!(app.set_phase(round, "voting").await.body["phase"], "voting");

    // 25 members vote: 20 approve København's bid, 15 approve Fyn's; member 0 changes their mind.
    for n in 0..25 {
        let mut approvals = Vec::new();
        if n < 20 {
            approvals.push(kbh);
        }
        if n >= 10 {
            approvals.push(fyn);
        }
        let reply = app.vote(round, &app.member(n), &approvals).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let replaced = app.vote(round, &app.member(0), &[fyn, kbh]).await;
    assert_eq!(replaced.body["approvals"], json!([fyn.min(kbh), fyn.max(kbh)]));
    let own = app.get(&format!("/api/v1/rounds/{round}/ballot"), &app.member(0)).await;
    assert_eq!(own.body["approvals"], replaced.body["approvals"]);

    // HB closes and tallies.
    assert_eq!(app.set_phase(round, "closed").await.status, StatusCode::OK);
    let tally = app.tally(round).await;
    assert_eq!(tally.status, StatusCode::OK, "{}", tally.body);
    let result = &tally.body;
    assert_eq!(result["ballots_counted"], 25);
    assert_eq!(result["pool"], "500000.00");
    assert_eq!(result["allocated"], "450000.50");
    assert_eq!(result["unallocated"], "49999.50");
    let lines = result["proposals"].as_array().cloned().unwrap_or_default();
    let summary: Vec<_> = lines
        .iter()
        .map(|l| (l["id"].clone(), l["supporters"].clone(), l["funded"].clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (json!(kbh), json!(20), json!(true)),
            (json!(fyn), json!(16), json!(true))
        ]
    );
    assert_eq!(lines[0]["allocated"], "150000.50");
    assert!(lines[0]["explanation"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Funded"));

    // Exact sums: allocated + unallocated = pool, lines and storkredse add up.
    let ore = |v: &serde_json::Value| -> i64 { v.as_str().unwrap_or_default().replace('.', "").parse().unwrap_or(-1) };
    assert_eq!(
        ore(&result["allocated"]) + ore(&result["unallocated"]),
        ore(&result["pool"])
    );
    let line_sum: i64 = lines.iter().map(|l| ore(&l["allocated"])).sum();
    assert_eq!(line_sum, ore(&result["allocated"]));
    let storkredse = result["storkredse"].as_array().cloned().unwrap_or_default();
    assert_eq!(storkredse.len(), 10);
    assert_eq!(
        storkredse.iter().map(|s| ore(&s["allocated"])).sum::<i64>(),
        ore(&result["allocated"])
    );
    let fyn_total = storkredse
        .iter()
        .find(|s| s["storkreds"] == "fyn")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (fyn_total["name"].clone(), fyn_total["allocated"].clone()),
        (json!("Fyn"), json!("300000.00"))
    );

    // Members see the result only once HB publishes it.
    let early = app
        .get(&format!("/api/v1/rounds/{round}/results"), &app.member(3))
        .await;
    assert_eq!(
        (early.status, early.body["type"].clone()),
        (
            StatusCode::CONFLICT,
            json!("https://medlemsbudget.dk/problems/not-published")
        )
    );
    assert_eq!(
        app.get(&format!("/api/v1/rounds/{round}/results"), &hb).await.body,
        tally.body
    );
    assert_eq!(app.set_phase(round, "published").await.body["phase"], "published");
    let public = app
        .get(&format!("/api/v1/rounds/{round}/results"), &app.member(3))
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.body, tally.body);

    // A published round is final.
    assert_eq!(app.tally(round).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn phases_only_move_one_step_forward() {
    let app = spawn_app().await;
    let round = app.create_round("1000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let skip = app.set_phase(round, "voting").await;
    assert_eq!(skip.status, StatusCode::CONFLICT);
    assert_eq!(skip.problem_type(), "illegal-transition");
    assert_eq!(app.set_phase(round, "draft").await.status, StatusCode::CONFLICT);
    assert_eq!(app.set_phase(round, "submission").await.status, StatusCode::OK);
    assert_eq!(app.set_phase(round, "draft").await.status, StatusCode::CONFLICT);
    let bogus = app.set_phase(round, "finished").await;
    assert_eq!(bogus.status, StatusCode::UNPROCESSABLE_ENTITY);
    let round_now = app.get(&format!("/api/v1/rounds/{round}"), &app.hb()).await;
    assert_eq!(round_now.body["phase"], "submission");
}

#[tokio::test]
async fn voting_opens_only_when_every_bid_is_reviewed_and_one_accepted() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("1000.00").await;
    let bid = app.submit(round, "fyn", "Bud", "100.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    assert_eq!(app.set_phase(round, "review").await.status, StatusCode::OK);
    let unreviewed = app.set_phase(round, "voting").await;
    assert_eq!(
        (unreviewed.status, unreviewed.problem_type()),
        (StatusCode::CONFLICT, "unreviewed-proposals")
    );
    app.review(round, bid, "rejected").await;
    let nothing = app.set_phase(round, "voting").await;
    assert_eq!(
        (nothing.status, nothing.problem_type()),
        (StatusCode::CONFLICT, "nothing-to-vote-on")
    );
}

#[tokio::test]
async fn publishing_needs_a_tally_and_tallying_needs_a_closed_round() {
    let app = spawn_app().await;
    let (round, _) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let early = app.tally(round).await;
    assert_eq!(
        (early.status, early.problem_type()),
        (StatusCode::CONFLICT, "wrong-phase")
    );
    assert_eq!(app.set_phase(round, "closed").await.status, StatusCode::OK);
    let untallied = app.set_phase(round, "published").await;
    assert_eq!(
        (untallied.status, untallied.problem_type()),
        (StatusCode::CONFLICT, "not-tallied")
    );
    let missing = app.get(&format!("/api/v1/rounds/{round}/results"), &app.hb()).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // A round nobody voted in allocates nothing, exactly.
    let tally = app.tally(round).await;
    assert_eq!(
        (tally.body["allocated"].clone(), tally.body["unallocated"].clone()),
        (json!("0.00"), json!("1000.00"))
    );
    assert_eq!(app.set_phase(round, "published").await.status, StatusCode::OK);
}

#[tokio::test]
async fn rounds_are_listed_and_read_by_anyone_signed_in() {
    let app = spawn_app().await;
    let first = app.create_round("100.00").await.body["id"].as_i64().unwrap_or_default();
    let second = app.create_round("200.00").await.body["id"].as_i64().unwrap_or_default();
    let list = app.get("/api/v1/rounds", &app.member(1)).await;
    let ids: Vec<i64> = list
        .body
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert_eq!(ids, vec![second, first]);
    let one = app.get(&format!("/api/v1/rounds/{first}"), &app.board("fyn")).await;
    assert_eq!(
        (one.body["pool"].clone(), one.body["rule"]["rule"].clone()),
        (json!("100.00"), json!("greedy"))
    );
    assert_eq!(
        app.get("/api/v1/rounds/999999", &app.hb()).await.status,
        StatusCode::NOT_FOUND
    );
    let storkredse = app.get("/api/v1/storkredse", &app.member(1)).await;
    assert_eq!(storkredse.body.as_array().map(Vec::len), Some(10));
    assert_eq!(
        storkredse.body[1],
        json!({"slug": "kobenhavns-omegn", "name": "Københavns Omegn"})
    );
}
