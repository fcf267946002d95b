//! What lets members trust the vote: secret ballots with receipts, a
//! published ballot list that adds up to the result, an electorate roll, and
//! an audit log that notices tampering.

use axum::http::StatusCode;
use medlemsbudget::store;
use medlemsbudget::store::entity::{audit_event, ballot};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_member_finds_their_receipt_in_the_published_ballot_list() {
    let app = spawn_app().await;
    let (round, ids) = app
        .round_open_for_voting("1000.00", &[("fyn", "600.00"), ("bornholm", "500.00")])
        .await;
    let first = app.vote(round, &app.member(1), &[ids[0]]).await;
    let receipt = first.body["receipt"].as_str().unwrap_or_default().to_owned();
    assert_eq!(receipt.len(), 39, "{}", first.body);
    // Replacing the ballot gives a new receipt; the old one no longer counts.
    let second = app.vote(round, &app.member(1), &[ids[1]]).await;
    let new_receipt = second.body["receipt"].as_str().unwrap_or_default().to_owned();
    assert_ne!(receipt, new_receipt);
    app.vote(round, &app.member(2), &[ids[0], ids[1]]).await;
    app.vote(round, &app.member(3), &[]).await;
    let own = app.get(&format!("/api/v1/rounds/{round}/ballot"), &app.member(1)).await;
    assert_eq!(
        (own.body["receipt"].clone(), own.body["receipt_hash"].clone()),
        (json!(null), second.body["receipt_hash"].clone())
    );

    let early = app
        .get(&format!("/api/v1/rounds/{round}/ballots"), &app.member(1))
        .await;
    assert_eq!(
        (early.status, early.problem_type()),
        (StatusCode::CONFLICT, "not-published")
    );
    app.set_phase(round, "closed").await;
    let result = app.tally(round).await;
    app.set_phase(round, "published").await;

    let list = app
        .get(&format!("/api/v1/rounds/{round}/ballots"), &app.member(9))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["ballots_counted"], 3);
    assert_eq!(list.body["root"], result.body["ballots_root"]);
    let ballots = list.body["ballots"].as_array().cloned().unwrap_or_default();
    let mine = medlemsbudget_domain::verification::receipt_hash(&new_receipt);
    let found: Vec<_> = ballots.iter().filter(|b| b["receipt_hash"] == json!(mine)).collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["approvals"], json!([ids[1]]));
    let stale = medlemsbudget_domain::verification::receipt_hash(&receipt);
    assert!(ballots.iter().all(|b| b["receipt_hash"] != json!(stale)));
    // Anyone can recompute the root from the list.
    let published: Vec<_> = ballots
        .iter()
        .map(|b| medlemsbudget_domain::PublishedBallot {
            receipt_hash: b["receipt_hash"].as_str().unwrap_or_default().to_owned(),
            content: medlemsbudget_domain::ballot_rules::BallotContent::Approvals(
                b["approvals"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_i64())
                    .map(medlemsbudget_domain::ProposalId)
                    .collect(),
            ),
            source: medlemsbudget_domain::verification::BallotSource::Online,
        })
        .collect();
    assert_eq!(
        json!(medlemsbudget_domain::verification::ballots_root(round, &published)),
        list.body["root"]
    );
}

#[tokio::test]
async fn stored_ballots_carry_no_member_id() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let member = "member-secret-42";
    let token = app.token(medlemsbudget::auth::Role::Member, member, Some("fyn"));
    assert_eq!(app.vote(round, &token, &ids).await.status, StatusCode::OK);
    let rows = ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round))
        .all(&app.db)
        .await
        .unwrap_or_default();
    assert_eq!(rows.len(), 1);
    let row = format!("{:?}", rows[0]);
    assert!(!row.contains(member), "{row}");
    assert_eq!(rows[0].ballot_key.len(), 64);
}

#[tokio::test]
async fn with_a_roll_only_listed_members_vote_in_their_listed_storkreds() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("1000.00").await;
    let path = format!("/api/v1/rounds/{round}/electorate");
    let bad = app
        .put_csv(
            &path,
            &app.hb(),
            "member_id,storkreds\nmember-1,fyn\nmember-2,aarhus\nmember-1,fyn\nx\n",
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let lines: Vec<_> = bad.body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(lines, vec![json!("line 3"), json!("line 4"), json!("line 5")]);
    assert_eq!(app.get(&path, &app.hb()).await.body["members"], 0);
    assert_eq!(
        app.put_csv(&path, &app.member(1), "member-1,fyn\n").await.status,
        StatusCode::FORBIDDEN
    );

    // As a spreadsheet saves it: a byte-order mark, no header, CRLF.
    let roll = app
        .put_csv(&path, &app.hb(), "\u{feff}member-1,bornholm\r\nmember-2,fyn\r\n")
        .await;
    assert_eq!(roll.status, StatusCode::OK, "{}", roll.body);
    assert_eq!(roll.body["members"], 2);
    let bid = app.submit(round, "fyn", "Bud", "100.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    app.review(round, bid, "accepted").await;
    app.set_phase(round, "review").await;
    app.set_phase(round, "voting").await;

    let outsider = app.vote(round, &app.member(3), &[bid]).await;
    assert_eq!(
        (outsider.status, outsider.problem_type()),
        (StatusCode::FORBIDDEN, "not-on-electorate")
    );
    assert_eq!(app.vote(round, &app.member(1), &[bid]).await.status, StatusCode::OK);
    // The roll says member-1 is in Bornholm, whatever the token says (fyn).
    let rows = ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round))
        .all(&app.db)
        .await
        .unwrap_or_default();
    assert_eq!(
        rows.iter().map(|r| r.storkreds.as_str()).collect::<Vec<_>>(),
        vec!["bornholm"]
    );
    let late = app.put_csv(&path, &app.hb(), "member-3,fyn\n").await;
    assert_eq!(late.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_audit_log_records_every_change_and_notices_tampering() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    app.vote(round, &app.member(1), &ids).await;
    app.set_phase(round, "closed").await;
    app.tally(round).await;

    let audit = app.get(&format!("/api/v1/rounds/{round}/audit"), &app.hb()).await;
    assert_eq!(audit.body["intact"], true, "{}", audit.body);
    let kinds: Vec<_> = audit.body["events"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["kind"].clone())
        .collect();
    assert_eq!(
        kinds,
        [
            "round_created",
            "phase_changed",
            "proposal_submitted",
            "proposal_reviewed",
            "phase_changed",
            "phase_changed",
            "phase_changed",
            "tally_run"
        ]
        .map(|k| json!(k))
    );
    let events = audit.body["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(events[6]["details"]["ballots"], 1);
    assert!(events[7]["details"]["inputs_hash"]
        .as_str()
        .is_some_and(|h| h.len() == 64));
    assert!(
        !audit.body.to_string().contains("member-1"),
        "ballots are logged as counts only"
    );
    assert_eq!(
        app.get(&format!("/api/v1/rounds/{round}/audit"), &app.member(1))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Someone edits the tally event by hand in the database.
    let Ok(Some(row)) = audit_event::Entity::find_by_id((round, 8)).one(&app.db).await else {
        panic!("no event 8")
    };
    let mut edited: audit_event::ActiveModel = row.into();
    edited.details = Set("{\"rule\":\"greedy\",\"allocated\":\"0.00\"}".into());
    assert!(edited.update(&app.db).await.is_ok());
    let audit = app.get(&format!("/api/v1/rounds/{round}/audit"), &app.hb()).await;
    assert_eq!(audit.body["intact"], false);
    assert!(
        audit.body["problem"].as_str().unwrap_or_default().contains("event 8"),
        "{}",
        audit.body
    );
    let verdicts = store::audit::verify_all(&app.db).await.unwrap_or_default();
    assert!(verdicts.iter().any(Result::is_err));

    // Or deletes an event in the middle.
    let Ok(fresh) = audit_event::Entity::delete_by_id((round, 3)).exec(&app.db).await else {
        panic!("delete")
    };
    assert_eq!(fresh.rows_affected, 1);
    let audit = app.get(&format!("/api/v1/rounds/{round}/audit"), &app.hb()).await;
    assert!(
        audit.body["problem"].as_str().unwrap_or_default().contains("missing"),
        "{}",
        audit.body
    );
}

#[tokio::test]
async fn a_round_in_voting_reads_its_bids_and_roll_right_on_either_backend() {
    use medlemsbudget::store::voting_round::{self, Standing};
    use medlemsbudget_domain::{Money, ProposalId, ProposalStatus, Storkreds};
    let app = spawn_app().await;
    let status_of = |result: Result<voting_round::VotingRound, medlemsbudget::error::ApiError>| match result {
        Ok(_) => 200,
        Err(e) => e.problem().status,
    };
    assert_eq!(status_of(voting_round::load(&app.db, 999).await), 404);

    let (open, ids) = app
        .round_open_for_voting("1000.00", &[("fyn", "100.25"), ("bornholm", "200.00")])
        .await;
    let Ok(without_roll) = voting_round::load(&app.db, open).await else {
        panic!("round {open} is in voting")
    };
    assert_eq!(without_roll.standing("member-1"), Standing::NoRoll);
    assert_eq!(without_roll.roll_size(), 0);
    let first = without_roll.facts.get(&ProposalId(ids[0])).copied();
    assert_eq!(
        first.map(|f| (f.status, f.amount, f.storkreds)),
        Some((
            ProposalStatus::Accepted,
            "100.25".parse::<Money>().unwrap_or_else(|e| panic!("{e}")),
            Storkreds::Fyn
        ))
    );
    assert_eq!(without_roll.facts.len(), 2);

    let round = app.create_round("1000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let roll = app
        .put_csv(
            &format!("/api/v1/rounds/{round}/electorate"),
            &app.hb(),
            "member_id,storkreds\nmember-1,bornholm\nmember-3,fyn\n",
        )
        .await;
    assert_eq!(roll.status, StatusCode::OK, "{}", roll.body);
    assert_eq!(status_of(voting_round::load(&app.db, round).await), 409);
    assert_eq!(app.set_phase(round, "submission").await.status, StatusCode::OK);
    let bid = app.submit(round, "fyn", "Bud", "10.00").await;
    let bid = bid.body["id"].as_i64().unwrap_or_default();
    assert_eq!(app.review(round, bid, "accepted").await.status, StatusCode::OK);
    assert_eq!(app.set_phase(round, "review").await.status, StatusCode::OK);
    assert_eq!(app.set_phase(round, "voting").await.status, StatusCode::OK);

    let Ok(with_roll) = voting_round::load(&app.db, round).await else {
        panic!("round {round} is in voting")
    };
    assert_eq!(with_roll.standing("member-1"), Standing::On(Storkreds::Bornholm));
    assert_eq!(with_roll.standing("member-3"), Standing::On(Storkreds::Fyn));
    assert_eq!(with_roll.standing("member-2"), Standing::NotOn);
    assert_eq!(with_roll.roll_size(), 2);
    assert_eq!(
        with_roll.facts.keys().copied().collect::<Vec<_>>(),
        vec![ProposalId(bid)]
    );
}
