//! Ballots from meetings: a board checks members off at its storkreds'
//! meeting and enters the meeting's paper ballots as one anonymous batch;
//! they count exactly like online ballots, once per member, are marked as
//! paper in the published list and the Pabulib export, and the signed
//! publication still checks out with `medlemsbudget verify`.

use axum::http::{Method, StatusCode};
use medlemsbudget::signing::Signer;
use medlemsbudget::store::entity::ballot;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

use crate::helpers::{binary, spawn_app, Reply, TestApp, SIGNING_SECRET};

/// A round with a roll (m-1 … m-6 in Fyn, m-9 on Bornholm) and three
/// accepted bids (Fyn 100.00, Fyn 200.00, Bornholm 50.00), in `voting`;
/// its id and the bids.
async fn round_with_roll(app: &TestApp) -> (i64, Vec<i64>) {
    let round = app.round_open_for_bids("1000.00").await;
    let mut ids = Vec::new();
    for (n, (storkreds, amount)) in [("fyn", "100.00"), ("fyn", "200.00"), ("bornholm", "50.00")]
        .into_iter()
        .enumerate()
    {
        let bid = app.submit(round, storkreds, &format!("Bud {n}"), amount).await;
        assert_eq!(bid.status, StatusCode::CREATED, "{}", bid.body);
        let id = bid.body["id"].as_i64().unwrap_or_default();
        assert_eq!(app.review(round, id, "accepted").await.status, StatusCode::OK);
        ids.push(id);
    }
    let roll = "member_id,storkreds\nm-1,fyn\nm-2,fyn\nm-3,fyn\nm-4,fyn\nm-5,fyn\nm-6,fyn\nm-9,bornholm\n";
    let imported = app
        .put_csv(&format!("/api/v1/rounds/{round}/electorate"), &app.hb(), roll)
        .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert_eq!(app.set_phase(round, "review").await.status, StatusCode::OK);
    assert_eq!(app.set_phase(round, "voting").await.status, StatusCode::OK);
    (round, ids)
}

fn member(app: &TestApp, id: &str, storkreds: &str) -> String {
    app.token(medlemsbudget::auth::Role::Member, id, Some(storkreds))
}

async fn create_meeting(app: &TestApp, round: i64, token: &str, storkreds: &str) -> Reply {
    app.post(
        &format!("/api/v1/rounds/{round}/meetings"),
        token,
        json!({"storkreds": storkreds, "name": "Generalforsamling i Odense", "held_on": "2026-12-05"}),
    )
    .await
}

async fn check_off(app: &TestApp, round: i64, meeting: i64, ids: &[&str]) -> Reply {
    app.post(
        &format!("/api/v1/rounds/{round}/meetings/{meeting}/check-offs"),
        &app.board("fyn"),
        json!({"member_ids": ids}),
    )
    .await
}

async fn enter(app: &TestApp, round: i64, meeting: i64, batch: Value) -> Reply {
    app.post(
        &format!("/api/v1/rounds/{round}/meetings/{meeting}/ballots"),
        &app.board("fyn"),
        batch,
    )
    .await
}

async fn kinds(app: &TestApp, round: i64) -> Vec<String> {
    let mut kinds: Vec<String> = ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round))
        .all(&app.db)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|row| row.kind)
        .collect();
    kinds.sort();
    kinds
}

fn problem_fields(reply: &Reply) -> Vec<String> {
    reply.body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            format!(
                "{}: {}",
                e["field"].as_str().unwrap_or_default(),
                e["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

#[tokio::test]
async fn paper_ballots_from_a_meeting_count_once_per_member_in_secret_and_verify() {
    let app = spawn_app().await;
    let (round, ids) = round_with_roll(&app).await;
    let path = |rest: &str| format!("/api/v1/rounds/{round}{rest}");

    // m-1 votes online before the meeting.
    let m1 = member(&app, "m-1", "fyn");
    assert_eq!(app.vote(round, &m1, &[ids[0]]).await.status, StatusCode::OK);

    // Only HB or Fyn's board plans a meeting in Fyn.
    let other_board = create_meeting(&app, round, &app.board("bornholm"), "fyn").await;
    assert_eq!(other_board.status, StatusCode::FORBIDDEN, "{}", other_board.body);
    let a_member = create_meeting(&app, round, &m1, "fyn").await;
    assert_eq!(a_member.status, StatusCode::FORBIDDEN);
    let bad_date = app
        .post(
            &path("/meetings"),
            &app.board("fyn"),
            json!({"storkreds": "fyn", "name": "Møde", "held_on": "5/12/2026"}),
        )
        .await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    let created = create_meeting(&app, round, &app.board("fyn"), "fyn").await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let meeting = created.body["id"].as_i64().unwrap_or_default();
    assert_eq!(created.body["checked_off"], json!(0));

    // A list with a member who voted online, one of another storkreds and
    // one off the roll: each named, nobody checked off.
    let refused = check_off(&app, round, meeting, &["m-2", "m-1", "m-9", "x-77"]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.problem_type(), "check-off-refused");
    let fields = problem_fields(&refused);
    assert_eq!(fields.len(), 3, "{fields:?}");
    assert!(
        fields[0].starts_with("member_ids[1]") && fields[0].contains("already voted online"),
        "{fields:?}"
    );
    assert!(
        fields[1].starts_with("member_ids[2]") && fields[1].contains("bornholm"),
        "{fields:?}"
    );
    assert!(
        fields[2].starts_with("member_ids[3]") && fields[2].contains("not on the round's electorate roll"),
        "{fields:?}"
    );
    let listed = app.get(&path(&format!("/meetings/{meeting}")), &app.board("fyn")).await;
    assert_eq!(listed.body["checked_off"], json!(0), "{}", listed.body);
    assert_eq!(kinds(&app, round).await, vec!["online"]);

    // A bad list is refused as such.
    let twice = check_off(&app, round, meeting, &["m-2", "m-2"]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", twice.body);
    let blank = check_off(&app, round, meeting, &["m-2", " "]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", blank.body);

    // Three Fyn members checked off; then they cannot be checked off again,
    // nor vote online, nor read an online ballot.
    let checked = check_off(&app, round, meeting, &["m-2", "m-3", "m-4"]).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert_eq!(checked.body["checked_off"], json!(3));
    let again = check_off(&app, round, meeting, &["m-5", "m-3"]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        problem_fields(&again)[0].contains("already checked off"),
        "{}",
        again.body
    );
    let m2 = member(&app, "m-2", "fyn");
    let online = app.vote(round, &m2, &[ids[1]]).await;
    assert_eq!(online.status, StatusCode::CONFLICT, "{}", online.body);
    assert_eq!(online.problem_type(), "voted-at-meeting");
    let read = app.get(&path("/ballot"), &m2).await;
    assert_eq!(read.problem_type(), "voted-at-meeting");
    // m-1's online ballot can still be replaced.
    assert_eq!(app.vote(round, &m1, &[ids[0]]).await.status, StatusCode::OK);

    // The batch: no more ballots than check-offs, every ballot by the rules.
    let too_many = enter(
        &app,
        round,
        meeting,
        json!({"ballots": [{"approvals": [ids[0]]}, {"approvals": []}, {"approvals": []}], "spoilt": 1}),
    )
    .await;
    assert_eq!(too_many.status, StatusCode::CONFLICT, "{}", too_many.body);
    assert_eq!(too_many.problem_type(), "batch-exceeds-check-offs");
    let unknown = enter(
        &app,
        round,
        meeting,
        json!({"ballots": [{"approvals": [ids[0]]}, {"approvals": [999]}]}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::CONFLICT, "{}", unknown.body);
    assert_eq!(unknown.problem_type(), "invalid-ballot");
    assert!(
        problem_fields(&unknown)[0].starts_with("ballots[1]"),
        "{}",
        unknown.body
    );
    let empty = enter(&app, round, meeting, json!({"ballots": []})).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        kinds(&app, round).await,
        vec!["checkoff", "checkoff", "checkoff", "online"]
    );

    let batch = json!({"ballots": [{"approvals": [ids[0], ids[1]]}, {"approvals": [ids[1], ids[2]]}], "spoilt": 1});
    let entered = enter(&app, round, meeting, batch.clone()).await;
    assert_eq!(entered.status, StatusCode::OK, "{}", entered.body);
    assert_eq!(
        (
            &entered.body["paper_ballots"],
            &entered.body["spoilt"],
            &entered.body["batch_entered"]
        ),
        (&json!(2), &json!(1), &json!(true))
    );
    let twice = enter(&app, round, meeting, batch).await;
    assert_eq!(twice.problem_type(), "batch-entered");
    let late = check_off(&app, round, meeting, &["m-5"]).await;
    assert_eq!(late.problem_type(), "batch-entered");
    assert_eq!(
        kinds(&app, round).await,
        vec!["checkoff", "checkoff", "checkoff", "online", "paper", "paper"]
    );

    // No ballot row names a member; the audit log holds counts only.
    let rows = ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round))
        .all(&app.db)
        .await
        .unwrap_or_default();
    for row in &rows {
        let text = format!("{row:?}");
        assert!(!["m-1", "m-2", "m-3", "m-4"].iter().any(|m| text.contains(m)), "{text}");
    }
    let audit = app.get(&path("/audit"), &app.hb()).await;
    let events = audit.body["events"].as_array().cloned().unwrap_or_default();
    let of_kind = |kind: &str| {
        events
            .iter()
            .filter(|e| e["kind"] == json!(kind))
            .map(|e| e["details"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of_kind("members_checked_off"),
        vec![json!({"meeting_id": meeting, "checked_off": 3, "total": 3})]
    );
    assert_eq!(
        of_kind("paper_ballots_entered"),
        vec![json!({"meeting_id": meeting, "ballots": 3, "spoilt": 1})]
    );
    assert!(!audit.text.contains("m-2"), "{}", audit.text);

    // Counted with the online ballot: bid 0 has m-1 and one paper ballot,
    // bid 1 two paper ballots, bid 2 one; Fyn has three voters.
    assert_eq!(app.set_phase(round, "closed").await.status, StatusCode::OK);
    let after_close = app
        .post(
            &path(&format!("/meetings/{meeting}/check-offs")),
            &app.hb(),
            json!({"member_ids": ["m-6"]}),
        )
        .await;
    assert_eq!(after_close.problem_type(), "wrong-phase");
    let tally = app.tally(round).await;
    assert_eq!(tally.status, StatusCode::OK, "{}", tally.body);
    assert_eq!(tally.body["ballots_counted"], json!(3));
    let supporters: Vec<(Value, Value)> = tally.body["proposals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| (l["id"].clone(), l["supporters"].clone()))
        .collect();
    for (id, expected) in [(ids[0], 2), (ids[1], 2), (ids[2], 1)] {
        assert!(supporters.contains(&(json!(id), json!(expected))), "{supporters:?}");
    }
    let fyn = tally.body["storkredse"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["storkreds"] == json!("fyn"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(fyn["voters"], json!(3), "{fyn}");

    // Published: the list and the export mark the paper ballots, and
    // `verify` passes on the files and the database.
    let published = app.set_phase(round, "published").await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    let list = app.get(&path("/ballots"), &m1).await;
    let sources: Vec<&str> = list.body["ballots"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["source"].as_str())
        .collect();
    assert_eq!(sources.len(), 3);
    assert_eq!(sources.iter().filter(|s| **s == "paper").count(), 2, "{}", list.body);
    let export = app.get(&path("/export.pb"), &m1).await;
    let votes = export.text.split("VOTES\n").nth(1).unwrap_or_default().to_owned();
    assert!(votes.starts_with("voter_id;vote;voting_method\n"), "{votes}");
    assert_eq!(votes.matches(";paper").count(), 2, "{votes}");
    assert_eq!(votes.matches(";internet").count(), 1, "{votes}");
    let publication = app.get(&path("/publication"), &m1).await;
    let payload: Value =
        serde_json::from_str(publication.body["payload"].as_str().unwrap_or_default()).unwrap_or_default();
    assert_eq!(
        (&payload["paper_ballots"], &payload["spoilt_ballots"]),
        (&json!(2), &json!(1))
    );

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        assert!(std::fs::write(&path, text).is_ok());
        path
    };
    let files = [
        file("publication.json", &publication.text),
        file("ballots.json", &list.text),
        file("round.pb", &export.text),
    ];
    let key = Signer::from_secret(SIGNING_SECRET).public_key();
    let verify = |ballots: &std::path::Path| {
        let Ok(output) = binary()
            .args(["verify", "--key", &key, "--publication"])
            .arg(&files[0])
            .arg("--ballots")
            .arg(ballots)
            .arg("--export")
            .arg(&files[2])
            .args(["--database-url", app.database_url()])
            .output()
        else {
            panic!("verify")
        };
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), printed)
    };
    let (passed, printed) = verify(&files[1]);
    assert!(passed, "{printed}");
    assert!(
        printed.contains("2 on paper") && printed.contains("1 spoilt"),
        "{printed}"
    );

    // A paper ballot passed off as online in the list is found.
    let mut changed: Value = list.body.clone();
    if let Some(b) = changed["ballots"]
        .as_array_mut()
        .and_then(|all| all.iter_mut().find(|b| b["source"] == json!("paper")))
    {
        b["source"] = json!("online");
    }
    let forged = file("forged.json", &changed.to_string());
    let (passed, printed) = verify(&forged);
    assert!(!passed && printed.contains("DIFFERS: ballot list"), "{printed}");
}

#[tokio::test]
async fn meetings_take_ballots_only_while_voting_is_open_and_by_the_rounds_rules() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("1000.00").await;
    let bid = app.submit(round, "fyn", "Bud", "100.00").await;
    let id = bid.body["id"].as_i64().unwrap_or_default();
    assert_eq!(app.review(round, id, "accepted").await.status, StatusCode::OK);
    // Planned before voting, but nobody is checked off until it opens.
    let created = create_meeting(&app, round, &app.hb(), "fyn").await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let meeting = created.body["id"].as_i64().unwrap_or_default();
    let early = check_off(&app, round, meeting, &["member-1"]).await;
    assert_eq!(early.problem_type(), "wrong-phase", "{}", early.body);
    assert_eq!(app.set_phase(round, "review").await.status, StatusCode::OK);
    assert_eq!(app.set_phase(round, "voting").await.status, StatusCode::OK);

    // Without a roll, members count in the meeting's storkreds. A points
    // ballot in an approval round is refused, not guessed at.
    let checked = check_off(&app, round, meeting, &["member-1", "member-2"]).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    let wrong_kind = enter(
        &app,
        round,
        meeting,
        json!({"ballots": [{"points": [{"proposal_id": id, "points": 1}]}]}),
    )
    .await;
    assert_eq!(wrong_kind.status, StatusCode::CONFLICT, "{}", wrong_kind.body);
    let twice = enter(&app, round, meeting, json!({"ballots": [{"approvals": [id, id]}]})).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", twice.body);
    let both = enter(&app, round, meeting, json!({"ballots": [], "spoilt": 2})).await;
    assert_eq!(both.status, StatusCode::OK, "{}", both.body);
    assert_eq!(
        (&both.body["paper_ballots"], &both.body["spoilt"]),
        (&json!(0), &json!(2))
    );

    // A board sees its own storkreds' meetings; another board none.
    let fyn = app
        .get(&format!("/api/v1/rounds/{round}/meetings"), &app.board("fyn"))
        .await;
    assert_eq!(fyn.body.as_array().map(Vec::len), Some(1), "{}", fyn.body);
    let other = app
        .get(&format!("/api/v1/rounds/{round}/meetings"), &app.board("bornholm"))
        .await;
    assert_eq!(other.body, json!([]));
    let foreign = app
        .get(
            &format!("/api/v1/rounds/{round}/meetings/{meeting}"),
            &app.board("bornholm"),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let members = app
        .send(
            Method::GET,
            &format!("/api/v1/rounds/{round}/meetings"),
            Some(&app.member(1)),
            None,
        )
        .await;
    assert_eq!(members.status, StatusCode::FORBIDDEN);

    // Spoilt ballots count for nobody: the tally has no ballots.
    assert_eq!(app.set_phase(round, "closed").await.status, StatusCode::OK);
    let tally = app.tally(round).await;
    assert_eq!(tally.body["ballots_counted"], json!(0), "{}", tally.body);
}
