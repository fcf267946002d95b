//! Round settings: ballot kinds, rules and splits as HB sets them, and what
//! members may vote under them.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

async fn round_with(app: &TestApp, settings: Value, bids: &[(&str, &str)]) -> (i64, Vec<i64>) {
    let created = app.post("/api/v1/rounds", &app.hb(), settings).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let round = created.body["id"].as_i64().unwrap_or_default();
    app.set_phase(round, "submission").await;
    let mut ids = Vec::new();
    for (n, (storkreds, amount)) in bids.iter().enumerate() {
        let id = app.submit(round, storkreds, &format!("Bud {n}"), amount).await.body["id"]
            .as_i64()
            .unwrap_or_default();
        app.review(round, id, "accepted").await;
        ids.push(id);
    }
    app.set_phase(round, "review").await;
    (round, ids)
}

#[tokio::test]
async fn cumulative_ballots_spread_points_within_the_limits() {
    let app = spawn_app().await;
    let settings = json!({
        "name": "Point", "pool": "1000.00",
        "ballot": {"kind": "cumulative", "points": 10, "max_per_proposal": 6},
        "rule": {"rule": "greedy", "satisfaction": "points"}
    });
    let (round, ids) = round_with(&app, settings, &[("fyn", "600.00"), ("fyn", "500.00")]).await;
    assert_eq!(app.set_phase(round, "voting").await.status, StatusCode::OK);
    let points = |a: u32, b: u32| json!({"points": [{"proposal_id": ids[0], "points": a}, {"proposal_id": ids[1], "points": b}]});
    let path = format!("/api/v1/rounds/{round}/ballot");
    for (member, body) in [(1, points(6, 4)), (2, points(2, 6)), (3, points(0, 6))] {
        let reply = app
            .send(Method::PUT, &path, Some(&app.member(member)), Some(body.to_string()))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let too_many = app
        .send(Method::PUT, &path, Some(&app.member(4)), Some(points(6, 5).to_string()))
        .await;
    assert_eq!(too_many.status, StatusCode::CONFLICT);
    assert!(
        too_many.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("11 points"),
        "{}",
        too_many.body
    );
    let over_cap = app
        .send(Method::PUT, &path, Some(&app.member(4)), Some(points(7, 0).to_string()))
        .await;
    assert_eq!(over_cap.status, StatusCode::CONFLICT);
    let wrong_kind = app.vote(round, &app.member(4), &ids).await;
    assert_eq!(wrong_kind.status, StatusCode::CONFLICT);
    let twice = json!({"points": [{"proposal_id": ids[0], "points": 1}, {"proposal_id": ids[0], "points": 2}]});
    let twice = app
        .send(Method::PUT, &path, Some(&app.member(4)), Some(twice.to_string()))
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let own = app.get(&path, &app.member(3)).await;
    assert_eq!(own.body["points"], json!([{"proposal_id": ids[1], "points": 6}]));

    app.set_phase(round, "closed").await;
    let result = app.tally(round).await;
    assert_eq!(
        result.body["rule"],
        json!({"rule": "greedy", "satisfaction": "points", "completion": "none", "tie_break": "service"})
    );
    // 16 points for the 500.00 bid, 8 for the 600.00 one: only the first fits.
    let first = &result.body["proposals"][0];
    assert_eq!(
        (
            first["id"].clone(),
            first["points"].clone(),
            first["supporters"].clone()
        ),
        (json!(ids[1]), json!(16), json!(3))
    );
    assert_eq!(result.body["allocated"], "500.00");
}

#[tokio::test]
async fn in_an_equal_split_members_vote_on_their_own_storkreds_only() {
    let app = spawn_app().await;
    let settings = json!({"name": "Lige", "pool": "1000.00", "split": {"kind": "equal", "pool_leftovers": true}});
    let (round, ids) = round_with(&app, settings, &[("fyn", "150.00"), ("bornholm", "50.00")]).await;
    app.set_phase(round, "voting").await;
    let other = app.vote(round, &app.member(1), &[ids[1]]).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert!(
        other.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("own storkreds"),
        "{}",
        other.body
    );
    assert_eq!(app.vote(round, &app.member(1), &[ids[0]]).await.status, StatusCode::OK);
    app.set_phase(round, "closed").await;
    let result = app.tally(round).await;
    // Fyn's sub-pool is 100.00; the 150.00 bid is funded from the pooled leftovers.
    let fyn = result.body["storkredse"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["storkreds"] == "fyn")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (fyn["sub_pool"].clone(), fyn["allocated"].clone(), fyn["voters"].clone()),
        (json!("100.00"), json!("150.00"), json!(1))
    );
    assert_eq!(result.body["split"], json!({"kind": "equal", "pool_leftovers": true}));
    // One voter in Fyn: HB is warned before publishing, and the export names
    // voters' storkredse here, as the count needs them.
    assert_eq!(result.body["privacy_warnings"].as_array().map(Vec::len), Some(1));
    assert!(result.body["privacy_warnings"][0]
        .as_str()
        .is_some_and(|w| w.starts_with("Fyn has 1 voter")));
    let export = app.get(&format!("/api/v1/rounds/{round}/export.pb"), &app.hb()).await;
    assert_eq!(export.status, StatusCode::OK);
}

#[tokio::test]
async fn a_national_round_exports_ballots_without_the_voters_storkreds() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    assert_eq!(app.vote(round, &app.member(1), &ids).await.status, StatusCode::OK);
    app.set_phase(round, "closed").await;
    let result = app.tally(round).await;
    assert_eq!(result.body["privacy_warnings"], json!([]));
    let path = format!("/api/v1/rounds/{round}/export.pb");
    let reply = app.get(&path, &app.hb()).await;
    assert_eq!(reply.status, StatusCode::OK);
    let text = reply.text;
    let votes = text.split("VOTES").nth(1).unwrap_or_default();
    assert!(votes.starts_with("\nvoter_id;vote\n"), "{votes}");
}

#[tokio::test]
async fn settings_change_before_voting_and_are_checked() {
    let app = spawn_app().await;
    let (round, _) = round_with(&app, json!({"name": "R", "pool": "1000.00"}), &[("fyn", "900.00")]).await;
    let path = format!("/api/v1/rounds/{round}");
    let hb = app.hb();
    let patch = |body: Value| app.send(Method::PATCH, &path, Some(&hb), Some(body.to_string()));
    let changed = patch(json!({"rule": {"rule": "phragmen"}, "ballot": {"kind": "knapsack"}})).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(
        (
            changed.body["rule"]["rule"].clone(),
            changed.body["ballot"]["kind"].clone()
        ),
        (json!("phragmen"), json!("knapsack"))
    );
    let too_small = patch(json!({"pool": "899.99"})).await;
    assert_eq!(
        (too_small.status, too_small.problem_type()),
        (StatusCode::CONFLICT, "exceeds-pool")
    );
    // Against the round's pool the split is a conflict; given with the pool
    // it does not fit, the request is wrong by itself.
    let bad_split = patch(json!({"split": {"kind": "fixed", "pools": {"fyn": "999.00"}}})).await;
    assert_eq!(
        (
            bad_split.status,
            bad_split.problem_type(),
            bad_split.body["errors"][0]["field"].clone()
        ),
        (StatusCode::CONFLICT, "invalid-settings", json!("split"))
    );
    let bad_pair = patch(json!({"pool": "2000.00", "split": {"kind": "fixed", "pools": {"fyn": "999.00"}}})).await;
    assert_eq!(
        (
            bad_pair.status,
            bad_pair.problem_type(),
            bad_pair.body["errors"][0]["field"].clone()
        ),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid-settings", json!("split"))
    );
    let bad_rule = patch(json!({"rule": {"rule": "greedy", "completion": "add1"}})).await;
    assert_eq!(bad_rule.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = patch(json!({"split": {"kind": "everywhere"}})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let by_members = patch(json!({"split": {"kind": "by-members"}})).await;
    assert_eq!(by_members.status, StatusCode::OK);
    let no_roll = app.set_phase(round, "voting").await;
    assert_eq!(
        (no_roll.status, no_roll.problem_type()),
        (StatusCode::CONFLICT, "split-not-ready")
    );
    patch(json!({"split": {"kind": "national"}})).await;
    assert_eq!(app.set_phase(round, "voting").await.status, StatusCode::OK);
    let frozen = patch(json!({"name": "Nyt navn"})).await;
    assert_eq!(
        (frozen.status, frozen.problem_type()),
        (StatusCode::CONFLICT, "wrong-phase")
    );
    assert_eq!(patch(json!({"name": "x"})).await.status, StatusCode::CONFLICT);
    let as_member = app
        .send(Method::PATCH, &path, Some(&app.member(1)), Some("{}".into()))
        .await;
    assert_eq!(as_member.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_simulation_that_does_not_fit_the_round_is_a_conflict() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    assert_eq!(app.vote(round, &app.member(1), &ids).await.status, StatusCode::OK);
    app.set_phase(round, "closed").await;
    let path = format!("/api/v1/rounds/{round}/simulate");
    let hb = app.hb();
    let simulate = |body: Value| app.post(&path, &hb, body);
    let split = simulate(json!({"split": {"kind": "fixed", "pools": {"fyn": "999.00"}}})).await;
    assert_eq!(
        (
            split.status,
            split.problem_type(),
            split.body["errors"][0]["field"].clone()
        ),
        (StatusCode::CONFLICT, "invalid-settings", json!("split"))
    );
    let points = simulate(json!({"rule": {"rule": "greedy", "satisfaction": "points"}})).await;
    assert_eq!(
        (points.status, points.problem_type()),
        (StatusCode::CONFLICT, "invalid-settings")
    );
    let completion = simulate(json!({"rule": {"rule": "greedy", "completion": "add1"}})).await;
    assert_eq!(
        (completion.status, completion.problem_type()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid-settings")
    );
    let fits = simulate(json!({"rule": {"rule": "mes", "completion": "add1"}})).await;
    assert_eq!(fits.status, StatusCode::OK, "{}", fits.body);
}
