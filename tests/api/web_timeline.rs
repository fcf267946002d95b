//! The timeline through the pages: HB plans it in the new-round form or on
//! the round's HB page and moves a date with a reason, and everyone reads the
//! dates and the move on the round's page; a move the timeline refuses is
//! shown at its field and changes nothing. The clock is moved by hand.

use axum::http::StatusCode;
use medlemsbudget::auth::Role;
use medlemsbudget::clock::ManualClock;
use medlemsbudget::services::schedule;
use serde_json::{json, Value};

use crate::helpers::{spawn_app_at, TestApp};
use crate::timeline::{audit_kinds, start};
use crate::web::Browser;

/// The five dates as HB types them, in Copenhagen time (the tests start at
/// 10.00 there, 09.00 UTC): submission at
/// 11.00, review 12.00, voting 13.00, the close 14.00 and publication 15.00
/// (the last one typed the Danish way, as where the browser shows a text field).
const PLAN: [(&str, &str); 5] = [
    ("submission_opens", "2026-12-04T11:00"),
    ("review_opens", "2026-12-04T12:00"),
    ("voting_opens", "2026-12-04T13:00"),
    ("voting_closes", "2026-12-04T14:00"),
    ("publication", "04.12.2026 15.00"),
];

/// The round's id from HB's round page address.
fn round_of(location: &str) -> i64 {
    location
        .trim_start_matches("/hb/runder/")
        .split(['?', '#'])
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_default()
}

async fn round_json(app: &TestApp, round: i64) -> Value {
    app.get(&format!("/api/v1/rounds/{round}"), &app.hb()).await.body
}

/// HB creates a round through the form, with the dates of `PLAN` when `planned`.
async fn create_round(hb: &mut Browser<'_>, planned: bool) -> i64 {
    let mut fields = vec![
        ("name", "KV17-puljen"),
        ("pool", "500.000"),
        ("ballot", "approval"),
        ("rule", "greedy"),
        ("split", "national"),
    ];
    if planned {
        fields.extend_from_slice(&PLAN);
    }
    let created = hb.post("/hb/runder/ny", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    round_of(&created.location())
}

#[tokio::test]
async fn hb_plans_and_moves_a_date_through_the_forms_and_the_round_shows_both() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let mut hb = Browser::new(&app);
    hb.sign_in(Role::Hb, "hb-1", None).await;
    assert!(hb
        .get("/hb/runder/ny")
        .await
        .html
        .contains("type=\"datetime-local\" id=\"voting_closes\""));
    let round = create_round(&mut hb, true).await;
    let planned = round_json(&app, round).await;
    assert_eq!(
        planned["timeline"]["submission_opens"], "2026-12-04T10:00:00Z",
        "{planned}"
    );
    assert_eq!(planned["timeline"]["voting_closes"], "2026-12-04T13:00:00Z");
    assert_eq!(planned["timeline"]["publication"], "2026-12-04T14:00:00Z");

    clock.set(start() + chrono::Duration::hours(1));
    schedule::run_due(&app.state.services).await;
    let mut visitor = Browser::new(&app);
    let shown = visitor.get(&format!("/runder/{round}")).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(
        shown.html.contains("<h2 id=\"timeline-heading\">Tidsplan</h2>"),
        "{}",
        shown.html
    );
    assert!(shown
        .html
        .contains("<strong>Afstemningen lukker</strong>: 4. december 2026 kl. 14.00"));

    let dashboard = hb.get(&format!("/hb/runder/{round}")).await;
    assert!(
        !dashboard.html.contains("<option value=\"submission_opens\""),
        "a date whose phase has started is not offered"
    );
    assert!(dashboard
        .html
        .contains("<option value=\"voting_closes\">Afstemningen lukker (4. december 2026 kl. 14.00)</option>"));
    let moved = hb
        .post(
            &format!("/hb/runder/{round}/tidsplan/flyt"),
            &[
                ("milestone", "voting_closes"),
                ("to", "2026-12-04T14:30"),
                ("reason", "Landsmødet trækker ud, så medlemmerne får en halv time mere."),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.html);
    assert_eq!(moved.location(), format!("/hb/runder/{round}?gjort=moved#tidsplan"));
    assert!(hb.get(&moved.location()).await.html.contains("Datoen er flyttet"));

    let after = round_json(&app, round).await;
    assert_eq!(after["timeline"]["voting_closes"], "2026-12-04T13:30:00Z", "{after}");
    assert_eq!(after["timeline_changes"][0]["from"], "2026-12-04T13:00:00Z");
    let shown = visitor.get(&format!("/runder/{round}")).await;
    assert!(
        shown.html.contains(
            "Afstemningen lukker nu 4. december 2026 kl. 14.30 i stedet for 4. december 2026 kl. 14.00, \
             fordi: Landsmødet trækker ud, så medlemmerne får en halv time mere."
        ),
        "{}",
        shown.html
    );
    let kinds = audit_kinds(&app, round).await;
    assert!(kinds.iter().any(|kind| kind == "timeline_moved"), "{kinds:?}");
}

#[tokio::test]
async fn hb_plans_the_timeline_of_a_draft_on_its_round_page() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let mut hb = Browser::new(&app);
    hb.sign_in(Role::Hb, "hb-1", None).await;
    let round = create_round(&mut hb, false).await;
    let dashboard = hb.get(&format!("/hb/runder/{round}")).await;
    assert!(dashboard.html.contains("Runden har ingen tidsplan"));
    assert!(dashboard
        .html
        .contains(&format!("action=\"/hb/runder/{round}/tidsplan\"")));

    let path = format!("/hb/runder/{round}/tidsplan");
    let half = hb.post(&path, &PLAN[..2]).await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(half
        .html
        .contains("<p class=\"field-error\" id=\"voting_opens-error\">Udfyld alle fem tidspunkter"));
    let mut past = PLAN;
    past[0].1 = "04.12.2026 09.30";
    let refused = hb.post(&path, &past).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains(
            "<p class=\"field-error\" id=\"submission_opens-error\">Tidspunktet skal ligge ude i fremtiden. \
             Klokken er nu 4. december 2026 kl. 10.00.</p>"
        ),
        "{}",
        refused.html
    );
    assert!(refused
        .html
        .contains("id=\"submission_opens\" name=\"submission_opens\" value=\"2026-12-04T09:30\""));
    assert_eq!(round_json(&app, round).await["timeline"], Value::Null);

    let planned = hb.post(&path, &PLAN).await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.html);
    assert_eq!(
        planned.location(),
        format!("/hb/runder/{round}?gjort=timeline#tidsplan")
    );
    assert_eq!(
        round_json(&app, round).await["timeline"]["review_opens"],
        "2026-12-04T11:00:00Z"
    );
    let dashboard = hb.get(&planned.location()).await;
    assert!(dashboard.html.contains("Tidsplanen er gemt"));
    assert!(dashboard.html.contains("<h2 id=\"move-heading\">Flyt en dato</h2>"));
}

#[tokio::test]
async fn a_refused_move_is_shown_at_its_field_and_changes_nothing() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let mut hb = Browser::new(&app);
    hb.sign_in(Role::Hb, "hb-1", None).await;
    let round = create_round(&mut hb, true).await;
    let before = round_json(&app, round).await;
    let path = format!("/hb/runder/{round}/tidsplan/flyt");

    let crossing = hb
        .post(
            &path,
            &[
                ("milestone", "voting_opens"),
                ("to", "2026-12-04T14:30"),
                ("reason", "Senere"),
            ],
        )
        .await;
    assert_eq!(crossing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        crossing.html.contains(
            "<p class=\"field-error\" id=\"to-error\">Afstemningen lukker skal ligge efter Afstemningen åbner, \
             men 4. december 2026 kl. 14.00 er ikke efter 4. december 2026 kl. 14.30.</p>"
        ),
        "{}",
        crossing.html
    );
    assert!(crossing
        .html
        .contains("aria-describedby=\"to-hint to-error\" aria-invalid=\"true\""));
    assert!(crossing.html.contains("<option value=\"voting_opens\" selected>"));
    assert!(crossing.html.contains(">Senere</textarea>"), "what HB typed is kept");

    let blank = hb
        .post(
            &path,
            &[
                ("milestone", "voting_opens"),
                ("to", "2026-12-04T13:30"),
                ("reason", "  "),
            ],
        )
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.html.contains("<p class=\"field-error\" id=\"reason-error\">"));

    clock.set(start() + chrono::Duration::hours(1));
    schedule::run_due(&app.state.services).await;
    let started = hb
        .post(
            &path,
            &[
                ("milestone", "submission_opens"),
                ("to", "2026-12-04T11:30"),
                ("reason", "For sent"),
            ],
        )
        .await;
    assert_eq!(started.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        started.html.contains(
            "<p class=\"field-error\" id=\"milestone-error\">Indsendelse af forslag åbner kan ikke længere flyttes, \
             for runden er allerede i fasen Indsendelse.</p>"
        ),
        "{}",
        started.html
    );

    let after = round_json(&app, round).await;
    assert_eq!(after["timeline"], before["timeline"]);
    assert_eq!(after["timeline_changes"], json!([]));
}

#[tokio::test]
async fn before_its_date_the_phase_page_says_the_timeline_starts_it_and_a_post_changes_nothing() {
    let clock = ManualClock::starting_at(start());
    let app = spawn_app_at(&clock).await;
    let mut hb = Browser::new(&app);
    hb.sign_in(Role::Hb, "hb-1", None).await;
    let round = create_round(&mut hb, true).await;
    let why = "Ifølge tidsplanen begynder fasen Indsendelse 4. december 2026 kl. 11.00, \
               og runden skifter selv fase da. Flyt datoen, hvis fasen skal begynde før.";

    let confirm = hb.get(&format!("/hb/runder/{round}/fase")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.html.contains(why), "{}", confirm.html);
    assert!(
        !confirm.html.contains("name=\"til\""),
        "no button to a move that would be refused"
    );
    assert!(hb.get(&format!("/hb/runder/{round}")).await.html.contains(why));

    let posted = hb
        .post(&format!("/hb/runder/{round}/fase"), &[("til", "submission")])
        .await;
    assert_eq!(posted.status, StatusCode::CONFLICT);
    assert!(posted.html.contains(why), "{}", posted.html);
    assert_eq!(round_json(&app, round).await["phase"], "draft");

    clock.set(start() + chrono::Duration::hours(1));
    let confirm = hb.get(&format!("/hb/runder/{round}/fase")).await;
    assert!(!confirm.html.contains(why));
    assert!(
        confirm.html.contains("name=\"til\" value=\"submission\""),
        "{}",
        confirm.html
    );
}
