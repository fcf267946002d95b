//! A round's timeline: HB plans it, the service moves the round at its
//! dates (once, even with two processes on one database), voting closes on
//! the second, and HB moves a date only before its phase, with a reason.
//! Time is a clock the tests move by hand; nothing sleeps for a phase.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use chrono::{DateTime, TimeZone, Utc};
use medlemsbudget::auth::Role;
use medlemsbudget::clock::{Clock, ManualClock};
use medlemsbudget::services::schedule::{self, ScheduleStep};
use medlemsbudget_domain::Phase;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::helpers::{
    build_services, connect_migrated, spawn_app_at, spawn_servers, token, Api, TestApp, TestDatabase,
};

/// 2026-12-04T09:00:00Z, when every test starts.
pub(crate) fn start() -> DateTime<Utc> {
    let Some(start) = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).single() else {
        panic!("no such time")
    };
    start
}

pub(crate) fn hours(n: i64) -> chrono::Duration {
    chrono::Duration::hours(n)
}

fn text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Submission opens at +1 h, review +2 h, voting +3 h, the close +4 h, publication +5 h.
pub(crate) fn plan() -> Value {
    json!({
        "submission_opens": text(start() + hours(1)),
        "review_opens": text(start() + hours(2)),
        "voting_opens": text(start() + hours(3)),
        "voting_closes": text(start() + hours(4)),
        "publication": text(start() + hours(5)),
    })
}

pub(crate) async fn planned_round(app: &TestApp) -> i64 {
    let created = app
        .post(
            "/api/v1/rounds",
            &app.hb(),
            json!({"name": "KV17 grundarbejde", "pool": "100000.00", "timeline": plan()}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.body["id"].as_i64().unwrap_or_default()
}

async fn phase(app: &TestApp, round: i64) -> String {
    app.get(&format!("/api/v1/rounds/{round}"), &app.hb()).await.body["phase"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The kinds of the round's audit events, oldest first.
pub(crate) async fn audit_kinds(app: &TestApp, round: i64) -> Vec<String> {
    let audit = app.get(&format!("/api/v1/rounds/{round}/audit"), &app.hb()).await;
    audit.body["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["kind"].as_str().map(str::to_owned))
        .collect()
}

/// The details of the round's `phase_changed` events.
async fn phase_changes(app: &TestApp, round: i64) -> Vec<Value> {
    let audit = app.get(&format!("/api/v1/rounds/{round}/audit"), &app.hb()).await;
    assert_eq!(audit.body["intact"], true, "{}", audit.body);
    audit.body["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "phase_changed")
        .map(|e| e["details"].clone())
        .collect()
}

async fn move_date(
    app: &TestApp,
    round: i64,
    milestone: &str,
    to: DateTime<Utc>,
    reason: &str,
) -> crate::helpers::Reply {
    app.post(
        &format!("/api/v1/rounds/{round}/timeline/moves"),
        &app.hb(),
        json!({"milestone": milestone, "to": text(to), "reason": reason}),
    )
    .await
}

/// A round planned by [`plan`], moved by the schedule into voting with one
/// accepted bid; the clock at +3 h. Returns the round and the bid.
async fn round_in_voting_by_schedule(app: &TestApp, clock: &ManualClock) -> (i64, i64) {
    let round = planned_round(app).await;
    clock.set(start() + hours(1));
    schedule::run_due(&app.state.services).await;
    let bid = app.submit(round, "fyn", "Valgkamp på Fyn", "60000.00").await;
    assert_eq!(bid.status, StatusCode::CREATED, "{}", bid.body);
    let bid = bid.body["id"].as_i64().unwrap_or_default();
    assert_eq!(app.review(round, bid, "accepted").await.status, StatusCode::OK);
    clock.set(start() + hours(3));
    schedule::run_due(&app.state.services).await;
    assert_eq!(phase(app, round).await, "voting");
    (round, bid)
}

#[tokio::test]
async fn hb_plans_a_timeline_that_everyone_reads_on_the_round() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let round = planned_round(&app).await;
    let read = app.get(&format!("/api/v1/rounds/{round}"), &app.member(1)).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body["timeline"]["voting_closes"], "2026-12-04T13:00:00Z");
    assert_eq!(read.body["timeline"]["submission_opens"], "2026-12-04T10:00:00Z");
    assert_eq!(read.body["timeline_changes"], json!([]));
    assert_eq!(read.body["schedule"], Value::Null);
    let listed = app.get("/api/v1/rounds", &app.member(1)).await;
    assert_eq!(listed.body[0]["timeline"]["publication"], "2026-12-04T14:00:00Z");

    // Danish time is read with its offset.
    let untimed = app.create_round("1000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let mut danish = plan();
    danish["submission_opens"] = json!("2026-12-04T11:30:00+01:00");
    let planned = app
        .send(
            Method::PUT,
            &format!("/api/v1/rounds/{untimed}/timeline"),
            Some(&app.hb()),
            Some(danish.to_string()),
        )
        .await;
    assert_eq!(planned.status, StatusCode::OK, "{}", planned.body);
    assert_eq!(planned.body["timeline"]["submission_opens"], "2026-12-04T10:30:00Z");
    let again = app
        .send(
            Method::PUT,
            &format!("/api/v1/rounds/{untimed}/timeline"),
            Some(&app.hb()),
            Some(plan().to_string()),
        )
        .await;
    assert_eq!(
        (again.status, again.problem_type()),
        (StatusCode::CONFLICT, "timeline-planned")
    );
    assert_eq!(audit_kinds(&app, untimed).await, ["round_created", "timeline_set"]);
    let audit = app.get(&format!("/api/v1/rounds/{untimed}/audit"), &app.hb()).await;
    assert_eq!(
        audit.body["events"][1]["details"]["submission_opens"],
        "2026-12-04T10:30:00Z"
    );
}

#[tokio::test]
async fn a_timeline_out_of_order_in_the_past_or_not_to_the_second_is_refused() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let hb = app.hb();
    let create = |timeline: Value| {
        app.post(
            "/api/v1/rounds",
            &hb,
            json!({"name": "KV17", "pool": "1000.00", "timeline": timeline}),
        )
    };
    let mut swapped = plan();
    swapped["voting_opens"] = plan()["review_opens"].clone();
    let refused = create(swapped).await;
    assert_eq!(
        (refused.status, refused.problem_type()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid-timeline")
    );
    assert_eq!(refused.body["errors"][0]["field"], "timeline.voting_opens");
    let mut past = plan();
    past["submission_opens"] = json!(text(start() - hours(1)));
    let refused = create(past).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert_eq!(refused.body["errors"][0]["field"], "timeline.submission_opens");
    let mut fraction = plan();
    fraction["voting_closes"] = json!("2026-12-04T13:00:00.500Z");
    let refused = create(fraction).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["errors"][0]["field"], "timeline.voting_closes");
    assert_eq!(app.get("/api/v1/rounds", &app.hb()).await.body, json!([]));

    let board = app
        .post(
            "/api/v1/rounds",
            &app.board("fyn"),
            json!({"name": "KV17", "pool": "1000.00", "timeline": plan()}),
        )
        .await;
    assert_eq!(board.status, StatusCode::FORBIDDEN);
    // A round past its draft is planned no more.
    let open = app.round_open_for_bids("1000.00").await;
    let late = app
        .send(
            Method::PUT,
            &format!("/api/v1/rounds/{open}/timeline"),
            Some(&app.hb()),
            Some(plan().to_string()),
        )
        .await;
    assert_eq!(
        (late.status, late.problem_type()),
        (StatusCode::CONFLICT, "wrong-phase")
    );
}

#[tokio::test]
async fn the_schedule_moves_the_round_at_its_dates_and_the_audit_log_names_it() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let services = &app.state.services;
    let round = planned_round(&app).await;
    assert_eq!(schedule::run_due(services).await, []);
    clock.set(start() + hours(1) - chrono::Duration::seconds(1));
    assert_eq!(schedule::run_due(services).await, []);
    assert_eq!(phase(&app, round).await, "draft");

    clock.set(start() + hours(1));
    assert_eq!(
        schedule::run_due(services).await,
        [ScheduleStep::Moved {
            round_id: round,
            from: Phase::Draft,
            to: Phase::Submission
        }]
    );
    assert_eq!(schedule::run_due(services).await, [], "nothing is due twice");
    let bid = app.submit(round, "fyn", "Valgkamp", "60000.00").await;
    let bid = bid.body["id"].as_i64().unwrap_or_default();
    assert_eq!(app.review(round, bid, "accepted").await.status, StatusCode::OK);
    let member = app.member(1);
    // Before its date, HB cannot open voting by hand either.
    let early = app.set_phase(round, "review").await;
    assert_eq!(
        (early.status, early.problem_type()),
        (StatusCode::CONFLICT, "ahead-of-timeline")
    );

    // Late by two phases (the service was down): one step at a time.
    clock.set(start() + hours(3) + chrono::Duration::minutes(5));
    let steps = schedule::run_due(services).await;
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert_eq!(phase(&app, round).await, "voting");
    assert_eq!(app.vote(round, &member, &[bid]).await.status, StatusCode::OK);

    clock.set(start() + hours(4));
    schedule::run_due(services).await;
    assert_eq!(phase(&app, round).await, "closed");
    // Publication waits for the tally, then happens at the next turn.
    clock.set(start() + hours(5));
    let waiting = schedule::run_due(services).await;
    assert!(
        matches!(
            &waiting[..],
            [ScheduleStep::Blocked {
                to: Phase::Published,
                ..
            }]
        ),
        "{waiting:?}"
    );
    let shown = app.get(&format!("/api/v1/rounds/{round}"), &app.hb()).await;
    assert_eq!(shown.body["schedule"]["due"], "published");
    assert!(
        shown.body["schedule"]["blocked"]
            .as_str()
            .is_some_and(|b| b.contains("tallied")),
        "{}",
        shown.body
    );
    assert_eq!(app.tally(round).await.status, StatusCode::OK);
    schedule::run_due(services).await;
    assert_eq!(phase(&app, round).await, "published");
    let published = app.get(&format!("/api/v1/rounds/{round}/publication"), &member).await;
    assert_eq!(
        published.status,
        StatusCode::OK,
        "the schedule signs as HB's publishing does"
    );

    let changes = phase_changes(&app, round).await;
    let moves: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|d| {
            (
                d["to"].as_str().unwrap_or_default(),
                d["by"].as_str().unwrap_or_default(),
                d["planned_at"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("submission", "schedule", "2026-12-04T10:00:00Z"),
            ("review", "schedule", "2026-12-04T11:00:00Z"),
            ("voting", "schedule", "2026-12-04T12:00:00Z"),
            ("closed", "schedule", "2026-12-04T13:00:00Z"),
            ("published", "schedule", "2026-12-04T14:00:00Z"),
        ]
    );
    assert_eq!(changes[3]["ballots"], 1);
}

#[tokio::test]
async fn a_ballot_cast_from_the_closing_second_is_refused_though_the_switch_is_late() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let (round, bid) = round_in_voting_by_schedule(&app, &clock).await;
    clock.set(start() + hours(4) - chrono::Duration::milliseconds(1));
    assert_eq!(app.vote(round, &app.member(1), &[bid]).await.status, StatusCode::OK);
    clock.set(start() + hours(4));
    let late = app.vote(round, &app.member(2), &[bid]).await;
    assert_eq!(
        (late.status, late.problem_type()),
        (StatusCode::CONFLICT, "wrong-phase")
    );
    assert!(
        late.body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("2026-12-04T13:00:00Z")),
        "{}",
        late.body
    );
    // Replacing an earlier ballot is refused too.
    let replaced = app.vote(round, &app.member(1), &[]).await;
    assert_eq!(replaced.status, StatusCode::CONFLICT);
    assert_eq!(phase(&app, round).await, "voting", "the switch has not happened");
    schedule::run_due(&app.state.services).await;
    assert_eq!(phase(&app, round).await, "closed");
    let tally = app.tally(round).await;
    assert_eq!(tally.body["ballots_counted"], 1, "{}", tally.body);
    assert_eq!(tally.body["proposals"][0]["supporters"], 1, "{}", tally.body);
}

#[tokio::test]
async fn unreviewed_bids_keep_voting_from_opening_and_the_round_shows_hb_why() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let round = planned_round(&app).await;
    clock.set(start() + hours(1));
    schedule::run_due(&app.state.services).await;
    let first = app.submit(round, "fyn", "Valgkamp", "60000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let second = app.submit(round, "bornholm", "Folkemøde", "20000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    assert_eq!(app.review(round, first, "accepted").await.status, StatusCode::OK);
    clock.set(start() + hours(3));
    let steps = schedule::run_due(&app.state.services).await;
    assert!(
        matches!(
            &steps[..],
            [
                ScheduleStep::Moved { to: Phase::Review, .. },
                ScheduleStep::Blocked { to: Phase::Voting, .. }
            ]
        ),
        "{steps:?}"
    );
    assert_eq!(phase(&app, round).await, "review");
    let shown = app.get(&format!("/api/v1/rounds/{round}"), &app.member(1)).await;
    assert_eq!(shown.body["schedule"]["due"], "voting");
    assert_eq!(shown.body["schedule"]["since"], "2026-12-04T12:00:00Z");
    assert!(
        shown.body["schedule"]["blocked"]
            .as_str()
            .is_some_and(|b| b.contains("1 proposal(s) are still awaiting review")),
        "{}",
        shown.body
    );
    // Still blocked at the next turn; no event for it.
    clock.advance(chrono::Duration::minutes(10));
    schedule::run_due(&app.state.services).await;
    assert_eq!(phase_changes(&app, round).await.len(), 2);

    assert_eq!(app.review(round, second, "rejected").await.status, StatusCode::OK);
    schedule::run_due(&app.state.services).await;
    assert_eq!(phase(&app, round).await, "voting");
    let shown = app.get(&format!("/api/v1/rounds/{round}"), &app.member(1)).await;
    assert_eq!(shown.body["schedule"], Value::Null);
}

#[tokio::test]
async fn hb_moves_a_date_with_a_reason_only_before_its_phase_starts() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let round = planned_round(&app).await;
    let moved = move_date(
        &app,
        round,
        "review_opens",
        start() + hours(2) + chrono::Duration::minutes(30),
        "Fristen forlænges, så alle storkredse kan nå at holde møde.",
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.body["timeline"]["review_opens"], "2026-12-04T11:30:00Z");
    assert_eq!(
        moved.body["timeline_changes"],
        json!([{
            "milestone": "review_opens",
            "from": "2026-12-04T11:00:00Z",
            "to": "2026-12-04T11:30:00Z",
            "reason": "Fristen forlænges, så alle storkredse kan nå at holde møde.",
            "changed_at": "2026-12-04T09:00:00Z",
        }])
    );
    let audit = app.get(&format!("/api/v1/rounds/{round}/audit"), &app.hb()).await;
    let events = audit.body["events"].as_array().cloned().unwrap_or_default();
    let Some(last) = events.last() else { panic!("no events") };
    assert_eq!(last["kind"], "timeline_moved");
    assert_eq!(
        last["details"],
        json!({"milestone": "review_opens", "from": "2026-12-04T11:00:00Z", "to": "2026-12-04T11:30:00Z",
               "reason": "Fristen forlænges, så alle storkredse kan nå at holde møde."})
    );

    let blank = move_date(&app, round, "voting_opens", start() + hours(3) + hours(1) / 2, "  ").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank.body["errors"][0]["field"], "reason");
    let past = move_date(&app, round, "voting_opens", start() - hours(1), "Tidligere").await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    let crossing = move_date(&app, round, "voting_opens", start() + hours(6), "Senere").await;
    assert_eq!(
        (crossing.status, crossing.problem_type()),
        (StatusCode::CONFLICT, "invalid-timeline")
    );
    let member = app
        .post(
            &format!("/api/v1/rounds/{round}/timeline/moves"),
            &app.member(1),
            json!({"milestone": "voting_opens", "to": text(start() + hours(3)), "reason": "x"}),
        )
        .await;
    assert_eq!(member.status, StatusCode::FORBIDDEN);

    clock.set(start() + hours(1));
    schedule::run_due(&app.state.services).await;
    let started = move_date(&app, round, "submission_opens", start() + hours(2), "For sent").await;
    assert_eq!(
        (started.status, started.problem_type()),
        (StatusCode::CONFLICT, "timeline-fixed")
    );
    let untimed = app.create_round("1000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let none = move_date(&app, untimed, "voting_opens", start() + hours(3), "Ingen plan").await;
    assert_eq!(
        (none.status, none.problem_type()),
        (StatusCode::CONFLICT, "no-timeline")
    );
}

#[tokio::test]
async fn once_voting_opened_only_a_later_close_is_possible_and_ballots_get_the_extra_time() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let (round, bid) = round_in_voting_by_schedule(&app, &clock).await;
    // The round in voting is read (and kept) by this process before the move.
    assert_eq!(app.vote(round, &app.member(1), &[bid]).await.status, StatusCode::OK);
    let opens = move_date(&app, round, "voting_opens", start() + hours(4), "Senere").await;
    assert_eq!(
        (opens.status, opens.problem_type()),
        (StatusCode::CONFLICT, "timeline-fixed")
    );
    let shorter = move_date(
        &app,
        round,
        "voting_closes",
        start() + hours(3) + hours(1) / 2,
        "Kortere",
    )
    .await;
    assert_eq!(
        (shorter.status, shorter.problem_type()),
        (StatusCode::CONFLICT, "timeline-fixed")
    );
    let longer = move_date(
        &app,
        round,
        "voting_closes",
        start() + hours(4) + chrono::Duration::minutes(30),
        "Serveren var nede i en halv time.",
    )
    .await;
    assert_eq!(longer.status, StatusCode::OK, "{}", longer.body);

    clock.set(start() + hours(4) + chrono::Duration::minutes(10));
    assert_eq!(schedule::run_due(&app.state.services).await, []);
    assert_eq!(app.vote(round, &app.member(2), &[bid]).await.status, StatusCode::OK);
    clock.set(start() + hours(4) + chrono::Duration::minutes(30));
    assert_eq!(
        app.vote(round, &app.member(3), &[bid]).await.status,
        StatusCode::CONFLICT
    );
    let closed = move_date(&app, round, "voting_closes", start() + hours(5) - hours(1) / 4, "Igen").await;
    assert_eq!(
        (closed.status, closed.problem_type()),
        (StatusCode::CONFLICT, "timeline-fixed"),
        "after the close on the clock, the close stays"
    );
    schedule::run_due(&app.state.services).await;
    assert_eq!(app.tally(round).await.body["ballots_counted"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_services_on_one_database_switch_each_phase_exactly_once() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    // A second process: its own connections to the same database, the same time.
    let other_db = connect_migrated(&app.database.url, 5).await;
    let other = build_services(&other_db, Clock::from(clock.clone()));
    let mut rounds = Vec::new();
    for _ in 0..12 {
        rounds.push(planned_round(&app).await);
    }
    for (step, phase) in [(1, "submission"), (2, "review")] {
        clock.set(start() + hours(step));
        // On SQLite a switch that meets the other process's write is left
        // for the next turn, as `serve` runs one every second; each switch
        // made is still made once.
        let mut moved = Vec::new();
        for _ in 0..10 {
            let (mine, theirs) = tokio::join!(schedule::run_due(&app.state.services), schedule::run_due(&other));
            moved.extend(mine.into_iter().chain(theirs));
            if moved.len() >= rounds.len() {
                break;
            }
        }
        assert_eq!(moved.len(), rounds.len(), "{moved:?}");
        for round in &rounds {
            assert_eq!(self::phase(&app, *round).await, phase);
        }
    }
    for round in &rounds {
        let changes = phase_changes(&app, *round).await;
        let to: Vec<&str> = changes.iter().filter_map(|d| d["to"].as_str()).collect();
        assert_eq!(to, ["submission", "review"], "round {round}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn serve_processes_move_a_due_round_once_between_them() {
    let database = TestDatabase::create().await;
    let servers = spawn_servers(&database).await;
    let api = Api::new();
    let hb = token(Role::Hb, "hb", None);
    let now = Utc::now();
    let base = &servers[0].base;
    let timeline = json!({
        "submission_opens": text(now + hours(1)),
        "review_opens": text(now + hours(2)),
        "voting_opens": text(now + hours(3)),
        "voting_closes": text(now + hours(4)),
        "publication": text(now + hours(5)),
    });
    let (status, round) = api
        .call(
            reqwest::Method::POST,
            &format!("{base}/api/v1/rounds"),
            &hb,
            Some(json!({"name": "Tidsplan", "pool": "1000.00", "timeline": timeline})),
        )
        .await;
    assert_eq!(status, 201, "{round}");
    let id = round["id"].as_i64().unwrap_or_default();

    // Time passes: the first two dates are moved into the past in the
    // database itself, as if the processes had been running for two hours.
    let db = connect_migrated(&database.url, 2).await;
    let past = now.timestamp() - 3600;
    let sql = format!(
        "UPDATE rounds SET submission_opens_unix = {}, review_opens_unix = {} WHERE id = {id}",
        past - 60,
        past
    );
    if let Err(e) = db.execute(Statement::from_string(db.get_database_backend(), sql)).await {
        panic!("{e}");
    }

    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Value::Null;
    while Instant::now() < deadline {
        let (_, round) = api
            .call(reqwest::Method::GET, &format!("{base}/api/v1/rounds/{id}"), &hb, None)
            .await;
        if round["phase"] == "review" {
            seen = round;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(seen["phase"], "review", "the schedule did not move the round");
    // Give the other process its turns too, then count.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (_, audit) = api
        .call(
            reqwest::Method::GET,
            &format!("{}/api/v1/rounds/{id}/audit", servers[servers.len() - 1].base),
            &hb,
            None,
        )
        .await;
    let changes: Vec<(String, String)> = audit["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "phase_changed")
        .map(|e| {
            (
                e["details"]["to"].as_str().unwrap_or_default().to_owned(),
                e["details"]["by"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("submission".to_owned(), "schedule".to_owned()),
            ("review".to_owned(), "schedule".to_owned())
        ]
    );
    assert_eq!(audit["intact"], true);
}
