//! Follow-up on the money: after publication, a funded bid's storkreds
//! board reports its status, expenses and money given back; spending beyond
//! the grant waits for HB's approval; HB corrects with a reason and the
//! history stays; everyone reads exact totals per bid and per storkreds,
//! and a CSV file; every report is in the audit log.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{Reply, TestApp};

/// Fyn's bus (60,000.00) and posters (10,000.00), Bornholm's meeting
/// (20,000.00) and Fyn's festival (50,000.00) in a pool of 100,000.00: the
/// festival has one supporter and does not fit after the other three.
const BIDS: [(&str, &str); 4] = [
    ("fyn", "60000.00"),
    ("fyn", "10000.00"),
    ("bornholm", "20000.00"),
    ("fyn", "50000.00"),
];
const BALLOTS: [&[usize]; 3] = [&[0, 1, 2], &[0, 2], &[0, 1, 2, 3]];

struct Round {
    id: i64,
    bus: i64,
    posters: i64,
    meeting: i64,
    festival: i64,
}

async fn published(app: &TestApp) -> Round {
    let (id, ids) = app.round_published("100000.00", &BIDS, &BALLOTS).await;
    Round {
        id,
        bus: ids[0],
        posters: ids[1],
        meeting: ids[2],
        festival: ids[3],
    }
}

fn path(round: i64, rest: &str) -> String {
    format!("/api/v1/rounds/{round}/follow-up{rest}")
}

fn entry(date: &str, amount: &str, description: &str) -> Value {
    json!({"date": date, "amount": amount, "description": description})
}

async fn expense(app: &TestApp, token: &str, round: i64, bid: i64, amount: &str) -> Reply {
    let body = entry("2025-06-01", amount, "Leje af bus");
    app.post(&path(round, &format!("/{bid}/expenses")), token, body).await
}

async fn refund(app: &TestApp, token: &str, round: i64, bid: i64, amount: &str) -> Reply {
    let body = entry("2025-06-02", amount, "Ubrugte penge sendt tilbage");
    app.post(&path(round, &format!("/{bid}/refunds")), token, body).await
}

async fn public(app: &TestApp, path: &str) -> Reply {
    app.send(Method::GET, path, None, None).await
}

fn bid_of(follow_up: &Value, id: i64) -> Value {
    let bids = follow_up["bids"].as_array().cloned().unwrap_or_default();
    bids.into_iter()
        .find(|b| b["proposal_id"] == id)
        .unwrap_or_else(|| panic!("bid {id} missing from {follow_up}"))
}

fn storkreds_of(follow_up: &Value, slug: &str) -> Value {
    let storkredse = follow_up["storkredse"].as_array().cloned().unwrap_or_default();
    storkredse
        .into_iter()
        .find(|s| s["storkreds"] == slug)
        .unwrap_or_else(|| panic!("{slug} missing from {follow_up}"))
}

fn totals(view: &Value) -> [&str; 5] {
    ["granted", "approved_extra", "spent", "given_back", "remaining"].map(|k| view["totals"][k].as_str().unwrap_or("?"))
}

#[tokio::test]
async fn boards_report_and_everyone_reads_exact_totals_per_bid_and_storkreds() {
    let app = crate::helpers::spawn_app().await;
    let (round, _) = app.round_open_for_voting("100.00", &[("fyn", "100.00")]).await;
    let early = public(&app, &path(round, "")).await;
    assert_eq!(
        (early.status, early.problem_type()),
        (StatusCode::CONFLICT, "not-published")
    );

    let r = published(&app).await;
    let fyn = app.board("fyn");
    let bornholm = app.board("bornholm");
    let status = app
        .post(
            &path(r.id, &format!("/{}/status", r.bus)),
            &fyn,
            json!({"status": "under_way", "reason": "Bussen er bestilt"}),
        )
        .await;
    assert_eq!(status.status, StatusCode::CREATED, "{}", status.body);
    assert_eq!(
        (status.body["status"].as_str(), status.body["by"].as_str()),
        (Some("under_way"), Some("board"))
    );
    for amount in ["12345.67", "0.33"] {
        let spent = expense(&app, &fyn, r.id, r.bus, amount).await;
        assert_eq!(spent.status, StatusCode::CREATED, "{}", spent.body);
    }
    assert_eq!(
        refund(&app, &fyn, r.id, r.posters, "1000.00").await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        expense(&app, &bornholm, r.id, r.meeting, "19999.99").await.status,
        StatusCode::CREATED
    );

    let follow_up = public(&app, &path(r.id, "")).await;
    assert_eq!(follow_up.status, StatusCode::OK, "{}", follow_up.body);
    let body = &follow_up.body;
    assert_eq!(
        body["bids"].as_array().map(Vec::len),
        Some(3),
        "only funded bids: {body}"
    );
    let bus = bid_of(body, r.bus);
    assert_eq!(totals(&bus), ["60000.00", "0.00", "12346.00", "0.00", "47654.00"]);
    assert_eq!(bus["status"], "under_way");
    assert!(bus["latest_report"].is_string());
    let posters = bid_of(body, r.posters);
    assert_eq!(totals(&posters), ["10000.00", "0.00", "0.00", "1000.00", "9000.00"]);
    assert_eq!(posters["status"], "not_started");
    assert_eq!(totals(&bid_of(body, r.meeting))[4], "0.01");
    let fyn_totals = storkreds_of(body, "fyn");
    assert_eq!(
        totals(&fyn_totals),
        ["70000.00", "0.00", "12346.00", "1000.00", "56654.00"]
    );
    assert_eq!(fyn_totals["bids"], 2);
    assert_eq!(totals(&storkreds_of(body, "bornholm"))[2], "19999.99");
    assert_eq!(totals(body), ["90000.00", "0.00", "32345.99", "1000.00", "56654.01"]);
    let order: Vec<&str> = body["storkredse"]
        .as_array()
        .map(|s| s.iter().filter_map(|s| s["storkreds"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(order, ["bornholm", "fyn"], "the official order");
}

#[tokio::test]
async fn spending_beyond_the_grant_is_refused_until_hb_approves_it_with_a_reason() {
    let app = crate::helpers::spawn_app().await;
    let r = published(&app).await;
    let fyn = app.board("fyn");
    let approval_path = path(r.id, &format!("/{}/overrun-approval", r.bus));

    let over = expense(&app, &fyn, r.id, r.bus, "60000.01").await;
    assert_eq!(
        (over.status, over.problem_type()),
        (StatusCode::CONFLICT, "exceeds-grant")
    );
    let by_board = app
        .post(
            &approval_path,
            &fyn,
            json!({"approved_extra": "500.00", "reason": "Vi beder selv om det"}),
        )
        .await;
    assert_eq!(by_board.status, StatusCode::FORBIDDEN);
    let no_reason = app
        .post(
            &approval_path,
            &app.hb(),
            json!({"approved_extra": "500.00", "reason": "  "}),
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let approved = app
        .post(
            &approval_path,
            &app.hb(),
            json!({"approved_extra": "500.00", "reason": "Prisen på bussen steg"}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::CREATED, "{}", approved.body);

    assert_eq!(
        expense(&app, &fyn, r.id, r.bus, "60000.01").await.status,
        StatusCode::CREATED
    );
    let beyond = expense(&app, &fyn, r.id, r.bus, "500.00").await;
    assert_eq!(
        (beyond.status, beyond.problem_type()),
        (StatusCode::CONFLICT, "exceeds-grant")
    );
    let back = refund(&app, &fyn, r.id, r.bus, "0.01").await;
    assert_eq!(back.status, StatusCode::CONFLICT, "nothing is left to give back");
    let follow_up = public(&app, &path(r.id, "")).await;
    assert_eq!(
        totals(&bid_of(&follow_up.body, r.bus)),
        ["60000.00", "500.00", "60000.01", "0.00", "-0.01"]
    );
    let taken_back = app
        .post(
            &approval_path,
            &app.hb(),
            json!({"approved_extra": "0", "reason": "Fortrudt"}),
        )
        .await;
    assert_eq!(
        (taken_back.status, taken_back.problem_type()),
        (StatusCode::CONFLICT, "approval-below-spending")
    );
}

#[tokio::test]
async fn hb_corrects_with_a_reason_and_the_history_stays() {
    let app = crate::helpers::spawn_app().await;
    let r = published(&app).await;
    let fyn = app.board("fyn");
    let first = expense(&app, &fyn, r.id, r.bus, "4500.00").await;
    let first_id = first.body["id"].as_i64().unwrap_or_default();
    let correction_path = |entry: i64| path(r.id, &format!("/{}/entries/{entry}/correction", r.bus));
    let replacement = entry("2025-06-01", "450.00", "Leje af bus");

    let by_board = app
        .post(
            &correction_path(first_id),
            &fyn,
            json!({"reason": "Tastefejl", "replacement": replacement}),
        )
        .await;
    assert_eq!(by_board.status, StatusCode::FORBIDDEN);
    let without_reason = app
        .post(
            &correction_path(first_id),
            &app.hb(),
            json!({"reason": "", "replacement": replacement}),
        )
        .await;
    assert_eq!(without_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let corrected = app
        .post(
            &correction_path(first_id),
            &app.hb(),
            json!({"reason": "Bilaget viser 450,00 kr.", "replacement": replacement}),
        )
        .await;
    assert_eq!(corrected.status, StatusCode::CREATED, "{}", corrected.body);
    assert_eq!(corrected.body["corrects"], first_id);
    assert_eq!(corrected.body["by"], "hb");
    let again = app
        .post(&correction_path(first_id), &app.hb(), json!({"reason": "Igen"}))
        .await;
    assert_eq!(
        (again.status, again.problem_type()),
        (StatusCode::CONFLICT, "already-corrected")
    );
    let unknown = app
        .post(&correction_path(999_999), &app.hb(), json!({"reason": "Findes ikke"}))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let history = public(&app, &path(r.id, &format!("/{}", r.bus))).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    let entries = history.body["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        (entries[0]["amount"].as_str(), &entries[0]["corrected_by"]),
        (Some("4500.00"), &corrected.body["id"])
    );
    assert_eq!(entries[1]["reason"], "Bilaget viser 450,00 kr.");
    assert_eq!(history.body["summary"]["totals"]["spent"], "450.00");

    let correction_id = corrected.body["id"].as_i64().unwrap_or_default();
    let removed = app
        .post(
            &correction_path(correction_id),
            &app.hb(),
            json!({"reason": "Udgiften hører til en anden runde"}),
        )
        .await;
    assert_eq!(removed.status, StatusCode::CREATED, "{}", removed.body);
    assert!(removed.body["amount"].is_null());
    let history = public(&app, &path(r.id, &format!("/{}", r.bus))).await;
    assert_eq!(history.body["entries"].as_array().map(Vec::len), Some(3));
    assert_eq!(history.body["summary"]["totals"]["spent"], "0.00");

    let status_path = path(r.id, &format!("/{}/status", r.bus));
    let hb_without = app.post(&status_path, &app.hb(), json!({"status": "cancelled"})).await;
    assert_eq!(hb_without.status, StatusCode::UNPROCESSABLE_ENTITY);
    let hb_with = app
        .post(
            &status_path,
            &app.hb(),
            json!({"status": "cancelled", "reason": "Bestyrelsen har aflyst"}),
        )
        .await;
    assert_eq!(
        (hb_with.status, hb_with.body["by"].as_str()),
        (StatusCode::CREATED, Some("hb"))
    );
    let history = public(&app, &path(r.id, &format!("/{}", r.bus))).await;
    assert_eq!(history.body["summary"]["status"], "cancelled");
    assert_eq!(history.body["statuses"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn only_the_bids_own_board_reports_and_only_on_funded_bids_with_valid_input() {
    let app = crate::helpers::spawn_app().await;
    let r = published(&app).await;
    let fyn = app.board("fyn");

    let other = expense(&app, &app.board("bornholm"), r.id, r.bus, "10.00").await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let member = expense(&app, &app.member(1), r.id, r.bus, "10.00").await;
    assert_eq!(member.status, StatusCode::FORBIDDEN);
    let hb = expense(&app, &app.hb(), r.id, r.bus, "10.00").await;
    assert_eq!(hb.status, StatusCode::FORBIDDEN, "HB corrects; the board reports");
    let anonymous = app
        .send(
            Method::POST,
            &path(r.id, &format!("/{}/expenses", r.bus)),
            None,
            Some(entry("2025-06-01", "10.00", "x").to_string()),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let unfunded = expense(&app, &fyn, r.id, r.festival, "10.00").await;
    assert_eq!(
        (unfunded.status, unfunded.problem_type()),
        (StatusCode::CONFLICT, "not-funded")
    );
    let other_status = app
        .post(
            &path(r.id, &format!("/{}/status", r.meeting)),
            &fyn,
            json!({"status": "done"}),
        )
        .await;
    assert_eq!(other_status.status, StatusCode::FORBIDDEN);

    let expenses = path(r.id, &format!("/{}/expenses", r.bus));
    for (body, field) in [
        (entry("2025-06-01", "0", "x"), "amount"),
        (entry("2025-06-01", "1,50", "x"), "amount"),
        (entry("2025-13-01", "1.50", "x"), "date"),
        (entry("1.6.2025", "1.50", "x"), "date"),
        (entry("2999-01-01", "1.50", "x"), "date"),
        (entry("1999-12-31", "1.50", "x"), "date"),
        (entry("2025-06-01", "1.50", " "), "description"),
    ] {
        let reply = app.post(&expenses, &fyn, body.clone()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
        assert_eq!(reply.body["errors"][0]["field"], field, "{body}: {}", reply.body);
    }
    let follow_up = public(&app, &path(r.id, "")).await;
    assert_eq!(
        totals(&bid_of(&follow_up.body, r.bus))[2],
        "0.00",
        "nothing refused was recorded"
    );
}

#[tokio::test]
async fn every_report_and_correction_is_in_the_audit_log() {
    let app = crate::helpers::spawn_app().await;
    let r = published(&app).await;
    let fyn = app.board("fyn");
    let status_path = path(r.id, &format!("/{}/status", r.bus));
    app.post(&status_path, &fyn, json!({"status": "done"})).await;
    let spent = expense(&app, &fyn, r.id, r.bus, "100.00").await;
    let spent_id = spent.body["id"].as_i64().unwrap_or_default();
    refund(&app, &fyn, r.id, r.bus, "50.00").await;
    app.post(
        &path(r.id, &format!("/{}/entries/{spent_id}/correction", r.bus)),
        &app.hb(),
        json!({"reason": "Forkert beløb", "replacement": entry("2025-06-01", "90.00", "Leje af bus")}),
    )
    .await;
    app.post(
        &path(r.id, &format!("/{}/overrun-approval", r.bus)),
        &app.hb(),
        json!({"approved_extra": "100.00", "reason": "Dyrere bus"}),
    )
    .await;

    let audit = app.get(&format!("/api/v1/rounds/{}/audit", r.id), &app.hb()).await;
    assert_eq!(audit.body["intact"], true, "{}", audit.body);
    let events = audit.body["events"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<&str> = events.iter().filter_map(|e| e["kind"].as_str()).collect();
    let tail = &kinds[kinds.len().saturating_sub(5)..];
    assert_eq!(
        tail,
        [
            "follow_up_status_set",
            "follow_up_entry_recorded",
            "follow_up_entry_recorded",
            "follow_up_entry_corrected",
            "overrun_approved"
        ]
    );
    let corrected = &events[events.len() - 2]["details"];
    assert_eq!(
        (
            corrected["corrects"].as_i64(),
            corrected["amount"].as_str(),
            corrected["reason"].as_str()
        ),
        (Some(spent_id), Some("90.00"), Some("Forkert beløb"))
    );
    let recorded = &events[events.len() - 4]["details"];
    assert_eq!(
        (
            recorded["kind"].as_str(),
            recorded["date"].as_str(),
            recorded["amount"].as_str()
        ),
        (Some("expense"), Some("2025-06-01"), Some("100.00"))
    );
}

#[tokio::test]
async fn the_csv_file_lists_each_funded_bid_with_exact_danish_amounts() {
    let app = crate::helpers::spawn_app().await;
    let r = published(&app).await;
    let fyn = app.board("fyn");
    expense(&app, &fyn, r.id, r.bus, "41250.50").await;
    refund(&app, &fyn, r.id, r.bus, "5000.00").await;
    app.post(
        &path(r.id, &format!("/{}/status", r.bus)),
        &fyn,
        json!({"status": "under_way"}),
    )
    .await;

    let csv = public(&app, &path(r.id, ".csv")).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    assert!(csv.content_type.starts_with("text/csv"), "{}", csv.content_type);
    let Some(text) = csv.text.strip_prefix('\u{feff}') else {
        panic!("no byte-order mark: {:?}", csv.text)
    };
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "forslag_id;storkreds;titel;status;bevilget;ekstra_godkendt;brugt;returneret;tilbage;seneste_rapport"
    );
    assert_eq!(
        lines.len(),
        5,
        "a header, three funded bids and the final line end: {lines:?}"
    );
    let bus = lines[1];
    let (fields, latest) = bus.rsplit_once(';').unwrap_or_else(|| panic!("{bus}"));
    assert_eq!(
        fields,
        format!("{};Fyn;\"Bud 0\";i gang;60000,00;0,00;41250,50;5000,00;13749,50", r.bus)
    );
    assert_eq!(latest.len(), "2026-12-04 18:00".len(), "{latest}");
    assert_eq!(
        lines[3],
        format!(
            "{};Bornholm;\"Bud 2\";ikke startet;20000,00;0,00;0,00;0,00;20000,00;",
            r.meeting
        )
    );
    assert_eq!(lines[4], "");
}
