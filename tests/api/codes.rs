//! One-time voting codes through the real router: HB gets them once as CSV
//! and only their hashes are kept, a new code replaces the old, a member
//! votes with theirs in that round only and can change the ballot until the
//! close, and guessing codes at full speed is stopped per client and overall.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use axum::http::{header, StatusCode};
use medlemsbudget::app::HttpSettings;
use medlemsbudget::auth::Role;
use medlemsbudget::clock::ManualClock;
use medlemsbudget::services::schedule;
use medlemsbudget::web::voting_code::CodeLimits;
use medlemsbudget_domain::voting_code::VotingCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_at, spawn_app_with, test_settings, Reply, TestApp};
use crate::timeline::{hours, planned_round, start};
use crate::web::Browser;

/// A round in voting with a roll of two members (`m-1` on Fyn, `m-2` on
/// Bornholm) and one accepted bid from each storkreds; the round and bid ids.
async fn round_with_roll(app: &TestApp) -> (i64, Vec<i64>) {
    let round = app.round_open_for_bids("500000.00").await;
    let roll = app
        .put_csv(
            &format!("/api/v1/rounds/{round}/electorate"),
            &app.hb(),
            "member_id,storkreds\nm-1,fyn\nm-2,bornholm\n",
        )
        .await;
    assert_eq!(roll.status, StatusCode::OK, "{}", roll.body);
    let mut bids = Vec::new();
    for storkreds in ["fyn", "bornholm"] {
        let bid = app
            .submit(round, storkreds, &format!("Bud fra {storkreds}"), "60000.00")
            .await;
        assert_eq!(bid.status, StatusCode::CREATED, "{}", bid.body);
        let id = bid.body["id"].as_i64().unwrap_or_default();
        assert_eq!(app.review(round, id, "accepted").await.status, StatusCode::OK);
        bids.push(id);
    }
    assert_eq!(app.set_phase(round, "review").await.status, StatusCode::OK);
    assert_eq!(app.set_phase(round, "voting").await.status, StatusCode::OK);
    (round, bids)
}

/// The codes in a CSV file HB downloaded, by member id.
fn codes_in(csv: &str) -> BTreeMap<String, String> {
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("member_id,storkreds,code"), "{csv}");
    lines
        .filter_map(|line| {
            let mut fields = line.split(',');
            let member = fields.next()?;
            let _storkreds = fields.next()?;
            Some((member.to_owned(), fields.next()?.to_owned()))
        })
        .collect()
}

/// Asks the API for a round's codes (`query` names one member) with `token`.
async fn ask_for_codes(app: &TestApp, round: i64, query: &str, token: &str) -> Reply {
    let path = format!("/api/v1/rounds/{round}/voting-codes{query}");
    app.send_as(axum::http::Method::POST, &path, Some(token), None, None)
        .await
}

/// HB generates codes through the API (all of the roll, or one member).
async fn generate(app: &TestApp, round: i64, member: Option<&str>) -> BTreeMap<String, String> {
    let query = member.map(|m| format!("?member={m}")).unwrap_or_default();
    let reply = ask_for_codes(app, round, &query, &app.hb()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert!(reply.content_type.starts_with("text/csv"), "{}", reply.content_type);
    codes_in(&reply.text)
}

async fn stored_hashes(app: &TestApp, round: i64) -> BTreeMap<String, String> {
    let backend = app.db.get_database_backend();
    let sql = format!("SELECT member_id, code_hash FROM voting_codes WHERE round_id = {round}");
    let Ok(rows) = app.db.query_all(Statement::from_string(backend, sql)).await else {
        panic!("reading voting_codes failed")
    };
    rows.iter()
        .filter_map(|row| {
            let member: String = row.try_get("", "member_id").ok()?;
            let hash: String = row.try_get("", "code_hash").ok()?;
            Some((member, hash))
        })
        .collect()
}

/// A browser (from `peer`, when given) types `code` on the round's code page.
async fn type_code(browser: &mut Browser<'_>, round: i64, code: &str) -> crate::web::Page {
    let path = format!("/runder/{round}/kode");
    if !browser.cookies.contains_key("mb_csrf") {
        assert_eq!(browser.get(&path).await.status, StatusCode::OK);
    }
    browser.post(&path, &[("code", code)]).await
}

#[tokio::test]
async fn hb_gets_the_codes_once_and_only_their_hashes_are_kept() {
    let app = spawn_app().await;
    let (round, _) = round_with_roll(&app).await;
    let forbidden = ask_for_codes(&app, round, "", &app.member(1)).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    let codes = generate(&app, round, None).await;
    assert_eq!(codes.keys().collect::<Vec<_>>(), vec!["m-1", "m-2"]);
    let hashes = stored_hashes(&app, round).await;
    for (member, code) in &codes {
        assert_eq!(code.len(), 34, "28 characters in groups of four: {code}");
        let Ok(parsed) = VotingCode::parse(code) else {
            panic!("{code} is not a voting code")
        };
        assert_eq!(hashes.get(member), Some(&parsed.hash()), "only the hash is stored");
        assert!(!hashes.values().any(|h| h.contains(code.as_str())));
    }
    assert_ne!(codes.get("m-1"), codes.get("m-2"));

    let audit = app.get(&format!("/api/v1/rounds/{round}/audit"), &app.hb()).await;
    let generated: Vec<_> = audit.body["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "voting_codes_generated")
        .collect();
    assert_eq!(generated.len(), 1, "{}", audit.body);
    assert!(!audit.text.contains(codes.get("m-1").map_or("-", String::as_str)));

    // HB's page hands out the same file, with a new code for everyone.
    let mut hb = Browser::new(&app);
    hb.sign_in(Role::Hb, "hb-1", None).await;
    let page = hb.get(&format!("/hb/runder/{round}")).await;
    assert!(page.html.contains("Lav stemmekoder og hent filen"), "{}", page.html);
    let file = hb.post(&format!("/hb/runder/{round}/stemmekoder"), &[]).await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.html);
    assert_eq!(file.headers[header::CACHE_CONTROL], "no-store");
    let renewed = codes_in(&file.html);
    assert_eq!(renewed.len(), 2);
    assert_ne!(renewed.get("m-1"), codes.get("m-1"), "a new code each time");
}

#[tokio::test]
async fn a_new_code_replaces_the_old_one() {
    let app = spawn_app().await;
    let (round, _) = round_with_roll(&app).await;
    let first = generate(&app, round, None).await;
    let again = generate(&app, round, Some("m-1")).await;
    assert_eq!(again.len(), 1, "only m-1 got a new code");
    let (Some(old), Some(new), Some(other)) = (first.get("m-1"), again.get("m-1"), first.get("m-2")) else {
        panic!("codes missing: {first:?} {again:?}")
    };

    let mut with_old = Browser::new(&app);
    let refused = type_code(&mut with_old, round, old).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(
        refused.html.contains("Koden passer ikke til denne afstemning"),
        "{}",
        refused.html
    );
    assert!(!with_old.cookies.contains_key("mb_session"));

    for code in [new, other] {
        let mut browser = Browser::new(&app);
        let accepted = type_code(&mut browser, round, code).await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.html);
        assert_eq!(accepted.location(), format!("/runder/{round}/stemme"));
    }

    let stranger = ask_for_codes(&app, round, "?member=m-99", &app.hb()).await;
    assert_eq!(
        stranger.status,
        StatusCode::NOT_FOUND,
        "only members on the roll get codes"
    );
}

#[tokio::test]
async fn a_member_votes_with_a_code_in_that_round_only_and_can_change_until_the_close() {
    let app = spawn_app().await;
    let (round, bids) = round_with_roll(&app).await;
    let (other_round, _) = round_with_roll(&app).await;
    let codes = generate(&app, round, None).await;
    let Some(code) = codes.get("m-1") else {
        panic!("no code for m-1")
    };

    let mut member = Browser::new(&app);
    let round_page = member.get(&format!("/runder/{round}")).await;
    assert!(
        round_page.html.contains(&format!("/runder/{round}/kode")),
        "the round offers the code"
    );
    let malformed = type_code(&mut member, round, "ikke en kode").await;
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(malformed.html.contains("Det ligner ikke en stemmekode") && malformed.html.contains("aria-invalid"));
    let elsewhere = type_code(&mut member, other_round, code).await;
    assert_eq!(
        elsewhere.status,
        StatusCode::UNAUTHORIZED,
        "a code is for its own round"
    );

    // Typed as people type: lower case, spaces for dashes.
    let typed = code.to_lowercase().replace('-', " ");
    let signed_in = type_code(&mut member, round, &typed).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.html);
    let cookie = signed_in.headers[header::SET_COOKIE].to_str().unwrap_or_default();
    assert!(cookie.starts_with("mb_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));

    let path = format!("/runder/{round}/stemme");
    let first = bids[0].to_string();
    let cast = member
        .post(&path, &[("forslag", first.as_str()), ("trin", "afgiv")])
        .await;
    assert_eq!(cast.status, StatusCode::OK, "{}", cast.html);
    assert!(cast.html.contains("Tak, din stemme er afgivet"), "{}", cast.html);
    let own = app.token(Role::Member, "m-1", Some("fyn"));
    let ballot = app.get(&format!("/api/v1/rounds/{round}/ballot"), &own).await;
    assert_eq!(ballot.body["approvals"], json!([bids[0]]));

    let second = bids[1].to_string();
    let both = [
        ("forslag", first.as_str()),
        ("forslag", second.as_str()),
        ("trin", "afgiv"),
    ];
    let changed = member.post(&path, &both).await;
    assert!(changed.html.contains("Din stemme er ændret"), "{}", changed.html);
    let ballot = app.get(&format!("/api/v1/rounds/{round}/ballot"), &own).await;
    assert_eq!(ballot.body["approvals"], json!([bids[0], bids[1]]));

    let other_ballot = member.get(&format!("/runder/{other_round}/stemme")).await;
    assert_eq!(
        other_ballot.status,
        StatusCode::FORBIDDEN,
        "the code's session votes in its round only"
    );
    assert!(member.get("/hb/runder/1").await.status.is_client_error());

    assert_eq!(app.set_phase(round, "closed").await.status, StatusCode::OK);
    let late = member
        .post(&path, &[("forslag", second.as_str()), ("trin", "afgiv")])
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.html);
    let ballot = app.get(&format!("/api/v1/rounds/{round}/ballot"), &own).await;
    assert_eq!(
        ballot.body["approvals"],
        json!([bids[0], bids[1]]),
        "the last ballot before the close stands"
    );
    let mut after = Browser::new(&app);
    let closed = after.get(&format!("/runder/{round}/kode")).await;
    assert!(closed.html.contains("mens afstemningen er åben"), "{}", closed.html);
    let refused = type_code(&mut after, round, code).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.html);
    let regenerate = ask_for_codes(&app, round, "", &app.hb()).await;
    assert_eq!(regenerate.status, StatusCode::CONFLICT, "no codes after the close");
}

/// When the sessions stored for browsers end, in seconds since 1970, soonest first.
async fn session_ends(app: &TestApp) -> Vec<i64> {
    let backend = app.db.get_database_backend();
    let sql = "SELECT expires_at FROM sessions ORDER BY expires_at".to_owned();
    let Ok(rows) = app.db.query_all(Statement::from_string(backend, sql)).await else {
        panic!("reading sessions failed")
    };
    rows.iter()
        .filter_map(|row| row.try_get::<i64>("", "expires_at").ok())
        .collect()
}

#[tokio::test]
async fn a_code_sign_in_ends_when_the_timeline_closes_the_vote() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let round = planned_round(&app).await;
    clock.set(start() + hours(1));
    schedule::run_due(&app.state.services).await;
    let roll = app
        .put_csv(
            &format!("/api/v1/rounds/{round}/electorate"),
            &app.hb(),
            "member_id,storkreds\nm-1,fyn\nm-2,fyn\n",
        )
        .await;
    assert_eq!(roll.status, StatusCode::OK, "{}", roll.body);
    let bid = app.submit(round, "fyn", "Valgkamp på Fyn", "60000.00").await;
    let bid = bid.body["id"].as_i64().unwrap_or_default();
    assert_eq!(app.review(round, bid, "accepted").await.status, StatusCode::OK);
    // Voting opens at +3 h and closes at +4 h.
    clock.set(start() + hours(3));
    schedule::run_due(&app.state.services).await;
    let codes = generate(&app, round, None).await;

    let mut first = Browser::new(&app);
    let signed_in = type_code(&mut first, round, &codes["m-1"]).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.html);
    let hour_left = chrono::Utc::now().timestamp() + 3600;
    let ends = session_ends(&app).await;
    assert_eq!(ends.len(), 1, "{ends:?}");
    assert!(
        (ends[0] - hour_left).abs() <= 5,
        "the session ends at the close, not in 8 hours: {ends:?} against {hour_left}"
    );

    clock.set(start() + hours(3) + chrono::Duration::minutes(30));
    let mut second = Browser::new(&app);
    let signed_in = type_code(&mut second, round, &codes["m-2"]).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.html);
    let half_hour_left = chrono::Utc::now().timestamp() + 1800;
    let ends = session_ends(&app).await;
    assert_eq!(ends.len(), 2, "{ends:?}");
    assert!(
        (ends[0] - half_hour_left).abs() <= 5,
        "half an hour before the close, half an hour: {ends:?}"
    );
    let ballot = second.get(&format!("/runder/{round}/stemme")).await;
    assert_eq!(ballot.status, StatusCode::OK, "{}", ballot.html);

    // At the close, before the schedule has moved the round, a code no longer signs in.
    clock.set(start() + hours(4));
    let mut late = Browser::new(&app);
    let refused = type_code(&mut late, round, &codes["m-1"]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.html);
    assert_eq!(session_ends(&app).await.len(), 2, "no session was started");
}

fn from(n: u8) -> Option<SocketAddr> {
    Some(SocketAddr::from(([10, 0, 0, n], 40000)))
}

#[tokio::test]
async fn guessing_codes_at_full_speed_from_one_client_gets_nowhere() {
    let app = spawn_app().await;
    let (round, _) = round_with_roll(&app).await;
    let codes = generate(&app, round, None).await;
    let Some(right) = codes.get("m-1") else {
        panic!("no code for m-1")
    };
    let limits = CodeLimits::default();

    let mut guesser = Browser::new(&app);
    guesser.peer = from(1);
    let (mut checked, mut stopped) = (0u32, 0u32);
    for n in 0..100u32 {
        let guess = format!("{n:0>28}");
        let page = type_code(&mut guesser, round, &guess).await;
        match page.status {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(page.headers.contains_key(header::RETRY_AFTER));
                assert!(page.html.contains("Vent lidt, og prøv igen"), "{}", page.html);
                stopped += 1;
            }
            other => panic!("guess {n} answered {other}"),
        }
    }
    assert!(checked <= limits.per_client_burst + 1, "{checked} guesses were checked");
    assert_eq!(checked + stopped, 100);
    let still_stopped = type_code(&mut guesser, round, right).await;
    assert_eq!(
        still_stopped.status,
        StatusCode::TOO_MANY_REQUESTS,
        "while stopped, even the right code is not tried"
    );

    let mut member = Browser::new(&app);
    member.peer = from(2);
    let page = type_code(&mut member, round, right).await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "another client is not held up: {}",
        page.html
    );
}

#[tokio::test]
async fn guessing_from_many_clients_at_once_is_stopped_overall() {
    let limits = CodeLimits {
        global_burst: 30,
        global_every: Duration::from_secs(60),
        ..CodeLimits::default()
    };
    let http = HttpSettings {
        code_limits: limits,
        ..HttpSettings::default()
    };
    let app = spawn_app_with(test_settings(), &http).await;
    let (round, _) = round_with_roll(&app).await;
    let codes = generate(&app, round, None).await;
    let Some(right) = codes.get("m-2") else {
        panic!("no code for m-2")
    };

    let (mut checked, mut stopped) = (0u32, 0u32);
    for client in 1..=20u8 {
        let mut guesser = Browser::new(&app);
        guesser.peer = from(client);
        for n in 0..5u32 {
            let page = type_code(&mut guesser, round, &format!("{client:0>14}{n:0>14}")).await;
            match page.status {
                StatusCode::UNAUTHORIZED => checked += 1,
                StatusCode::TOO_MANY_REQUESTS => stopped += 1,
                other => panic!("client {client} guess {n} answered {other}"),
            }
        }
    }
    assert!(checked <= limits.global_burst + 1, "{checked} guesses were checked");
    assert!(stopped >= 100 - limits.global_burst - 1);

    let mut newcomer = Browser::new(&app);
    newcomer.peer = from(99);
    let page = type_code(&mut newcomer, round, right).await;
    assert_eq!(
        page.status,
        StatusCode::TOO_MANY_REQUESTS,
        "while guessing floods in, no code is tried"
    );
}
