//! Ballots: one per member per round, replaced not duplicated, checked
//! against the accepted bids and the round's limit.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use medlemsbudget::store;
use medlemsbudget::store::entity::ballot;
use medlemsbudget_domain::Phase;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};
use serde_json::json;

use crate::helpers::{spawn_app, Reply, TestApp};

#[tokio::test]
async fn a_member_has_one_ballot_per_round_and_may_replace_it() {
    let app = spawn_app().await;
    let (round, ids) = app
        .round_open_for_voting("1000.00", &[("fyn", "100.00"), ("bornholm", "200.00")])
        .await;
    let member = app.member(7);
    assert_eq!(app.vote(round, &member, &[ids[0]]).await.status, StatusCode::OK);
    let replaced = app.vote(round, &member, &[ids[1], ids[0]]).await;
    assert_eq!(replaced.body["approvals"], json!([ids[0], ids[1]]));
    let blank = app.vote(round, &member, &[]).await;
    assert_eq!(blank.body["approvals"], json!([]));
    let stored = ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round))
        .count(&app.db)
        .await
        .unwrap_or_default();
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn the_database_itself_refuses_a_second_ballot_row_for_a_member() {
    let app = spawn_app().await;
    let (round, _) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let row = |receipt: &str| ballot::ActiveModel {
        round_id: Set(round),
        ballot_key: Set("k".repeat(64)),
        storkreds: Set("fyn".into()),
        content: Set(Some("{\"approvals\":[]}".into())),
        receipt_hash: Set(Some(receipt.into())),
        kind: Set("online".into()),
    };
    assert!(ballot::Entity::insert(row("r1"))
        .exec_without_returning(&app.db)
        .await
        .is_ok());
    let Err(error) = ballot::Entity::insert(row("r2")).exec_without_returning(&app.db).await else {
        panic!("a second ballot row was accepted")
    };
    assert!(
        matches!(error.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))),
        "{error}"
    );
}

#[tokio::test]
async fn refused_ballots_keep_the_earlier_ballot() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("1000.00").await;
    let accepted = app.submit(round, "fyn", "A", "1.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let rejected = app.submit(round, "fyn", "R", "1.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    app.review(round, accepted, "accepted").await;
    app.review(round, rejected, "rejected").await;
    app.set_phase(round, "review").await;
    app.set_phase(round, "voting").await;
    let member = app.member(1);
    assert_eq!(app.vote(round, &member, &[accepted]).await.status, StatusCode::OK);

    // Listing a bid twice is wrong in the ballot itself (422); a bid that is
    // not on this round's ballot conflicts with the round (409).
    for (approvals, status, why) in [
        (vec![rejected], StatusCode::CONFLICT, "rejected"),
        (
            vec![accepted, accepted],
            StatusCode::UNPROCESSABLE_ENTITY,
            "more than once",
        ),
        (vec![99999], StatusCode::CONFLICT, "does not exist"),
    ] {
        let reply = app.vote(round, &member, &approvals).await;
        assert_eq!((reply.status, reply.problem_type()), (status, "invalid-ballot"));
        assert!(
            reply.body["detail"].as_str().unwrap_or_default().contains(why),
            "{}",
            reply.body
        );
    }
    let own = app.get(&format!("/api/v1/rounds/{round}/ballot"), &member).await;
    assert_eq!(own.body["approvals"], json!([accepted]));
}

#[tokio::test]
async fn the_rounds_approval_limit_is_enforced() {
    let app = spawn_app().await;
    let created = app
        .post(
            "/api/v1/rounds",
            &app.hb(),
            json!({"name": "Begrænset", "pool": "1000.00", "max_approvals": 1}),
        )
        .await;
    assert_eq!(
        created.body["ballot"],
        json!({"kind": "approval", "min_approvals": 0, "max_approvals": 1})
    );
    let round = created.body["id"].as_i64().unwrap_or_default();
    app.set_phase(round, "submission").await;
    let a = app.submit(round, "fyn", "A", "1.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let b = app.submit(round, "fyn", "B", "1.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    app.review(round, a, "accepted").await;
    app.review(round, b, "accepted").await;
    app.set_phase(round, "review").await;
    app.set_phase(round, "voting").await;
    let too_many = app.vote(round, &app.member(1), &[a, b]).await;
    assert_eq!(too_many.status, StatusCode::CONFLICT);
    assert!(too_many.body["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("at most 1"));
    let bad_limit = app
        .post(
            "/api/v1/rounds",
            &app.hb(),
            json!({"name": "X", "pool": "1.00", "max_approvals": 0}),
        )
        .await;
    assert_eq!(bad_limit.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_bid_of_another_round_is_unknown_on_this_rounds_ballot() {
    let app = spawn_app().await;
    let (first, first_ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let (second, second_ids) = app.round_open_for_voting("1000.00", &[("fyn", "200.00")]).await;
    let member = app.member(4);

    let reply = app.vote(first, &member, &[first_ids[0], second_ids[0]]).await;

    assert_eq!(
        (reply.status, reply.problem_type()),
        (StatusCode::CONFLICT, "invalid-ballot")
    );
    assert!(
        reply.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("does not exist"),
        "{}",
        reply.body
    );
    assert_eq!(app.vote(second, &member, &second_ids).await.status, StatusCode::OK);
    let own = app.get(&format!("/api/v1/rounds/{first}/ballot"), &member).await;
    assert_eq!(own.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_ballot_racing_the_close_of_voting_is_refused_and_leaves_nothing() {
    for warm in [false, true] {
        let app = spawn_app().await;
        let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
        if warm {
            // The round is then kept in memory and the ballot reads nothing.
            assert_eq!(app.vote(round, &app.member(1), &ids).await.status, StatusCode::OK);
            assert!(app.state.services.voting_rounds().holds(round));
        }
        let member = app.member(5);
        // HB's close in progress: the round row locked for update, phase changed, not committed.
        let Ok(close) = app.db.begin().await else {
            panic!("cannot begin")
        };
        assert!(store::rounds::get_for_update(&close, round).await.is_ok());
        assert!(store::rounds::set_phase(&close, round, Phase::Closed).await.is_ok());
        let commit_later = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            close.commit().await
        };

        // On PostgreSQL the ballot's checks see the round still in voting;
        // its write waits for the close and then must write nothing.
        let (reply, committed) = tokio::join!(app.vote(round, &member, &ids), commit_later);

        assert!(committed.is_ok());
        assert_eq!(
            (reply.status, reply.problem_type()),
            (StatusCode::CONFLICT, "wrong-phase"),
            "warm {warm}: {}",
            reply.body
        );
        assert!(!app.state.services.voting_rounds().holds(round));
        let earlier = u64::from(warm);
        assert_eq!(ballot_rows(&app, round).await, Some(earlier), "warm {warm}");
    }
}

#[tokio::test]
async fn the_first_ballots_arriving_together_read_the_round_once() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let replies = votes_at_once(&app, round, &ids, 20).await;

    assert!(replies.iter().all(|reply| reply.status == StatusCode::OK));
    assert_eq!(app.state.services.voting_rounds().loads(), 1);
}

#[tokio::test]
async fn a_ballot_whose_write_fails_halfway_leaves_nothing_and_the_next_one_is_stored() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    // Make the write of a blank ballot fail inside its transaction.
    let refuse = match app.db.get_database_backend() {
        DbBackend::Postgres => vec![
            "CREATE FUNCTION refuse_blank() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN IF NEW.content = '{\"approvals\":[]}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER refuse BEFORE INSERT ON ballots FOR EACH ROW EXECUTE FUNCTION refuse_blank()",
        ],
        _ => vec![
            "CREATE TRIGGER refuse BEFORE INSERT ON ballots WHEN NEW.content = '{\"approvals\":[]}' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END",
        ],
    };
    for sql in refuse {
        assert!(app.db.execute_unprepared(sql).await.is_ok(), "{sql}");
    }

    let failed = app.vote(round, &app.member(9), &[]).await;
    let next = app.vote(round, &app.member(10), &ids).await;

    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", failed.body);
    assert_eq!(next.status, StatusCode::OK, "{}", next.body);
    assert_eq!(ballot_rows(&app, round).await, Some(1));
}

#[tokio::test]
async fn a_burst_of_ballots_longer_than_the_writers_turn_is_stored_whole() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let replies = votes_at_once(&app, round, &ids, 200).await;

    assert!(replies.iter().all(|reply| reply.status == StatusCode::OK));
    assert_eq!(ballot_rows(&app, round).await, Some(200));
}

/// How many ballot rows round `round` has.
async fn ballot_rows(app: &TestApp, round: i64) -> Option<u64> {
    ballot::Entity::find()
        .filter(ballot::Column::RoundId.eq(round))
        .count(&app.db)
        .await
        .ok()
}

/// Members 0..`members` all approving `ids` in round `round`, sent at once.
async fn votes_at_once(app: &TestApp, round: i64, ids: &[i64], members: usize) -> Vec<Reply> {
    let tokens: Vec<String> = (0..members).map(|n| app.member(n)).collect();
    futures::future::join_all(tokens.iter().map(|token| app.vote(round, token, ids))).await
}

#[tokio::test]
async fn an_integral_number_is_an_integer_as_the_openapi_document_says() {
    let app = spawn_app().await;
    let (round, ids) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let body = format!("{{\"approvals\": [{}.0]}}", ids[0]);
    let path = format!("/api/v1/rounds/{round}/ballot");
    let reply = app.send(Method::PUT, &path, Some(&app.member(1)), Some(body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["approvals"], json!(ids));
    let fraction = format!("{{\"approvals\": [{}.5]}}", ids[0]);
    let reply = app.send(Method::PUT, &path, Some(&app.member(1)), Some(fraction)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
}
