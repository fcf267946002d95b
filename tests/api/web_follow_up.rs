//! The follow-up pages through the real router: a board reports on its
//! funded bid through the forms with Danish amounts and dates, refused
//! input is shown next to its field, and everyone reads the exact totals
//! per bid and per storkreds, the same as the API and the CSV file; an
//! overrun is refused on the page until HB approves it with a reason, and
//! HB corrects an entry with a reason while the history stays.

use axum::http::{Method, StatusCode};
use medlemsbudget::auth::Role;

use crate::helpers::{spawn_app, TestApp};
use crate::web::{text_of, Browser};

/// Fyn's bus (60,000.00) and posters (10,000.00) and Bornholm's meeting
/// (20,000.00), all funded from a pool of 100,000.00.
const BIDS: [(&str, &str); 3] = [("fyn", "60000.00"), ("fyn", "10000.00"), ("bornholm", "20000.00")];
const BALLOTS: [&[usize]; 2] = [&[0, 1, 2], &[0, 2]];

/// A published round: its id and its bids' ids (bus, posters, meeting).
async fn published(app: &TestApp) -> (i64, [i64; 3]) {
    let (round, ids) = app.round_published("100000.00", &BIDS, &BALLOTS).await;
    let [bus, posters, meeting] = ids[..] else {
        panic!("three bids expected, got {ids:?}")
    };
    (round, [bus, posters, meeting])
}

async fn signed_in<'a>(app: &'a TestApp, role: Role, storkreds: Option<&str>) -> Browser<'a> {
    let mut browser = Browser::new(app);
    let sub = storkreds.map_or_else(|| "hb-1".to_owned(), |s| format!("board-{s}"));
    browser.sign_in(role, &sub, storkreds).await;
    browser
}

#[tokio::test]
async fn a_board_reports_through_the_forms_and_everyone_reads_the_exact_totals() {
    let app = spawn_app().await;
    let (round, [bus, posters, meeting]) = published(&app).await;
    let mut visitor = Browser::new(&app);
    let result = visitor.get(&format!("/runder/{round}/resultat")).await;
    assert!(
        result.html.contains(&format!("href=\"/runder/{round}/opfoelgning\"")),
        "the published result links to the follow-up"
    );

    let mut fyn = signed_in(&app, Role::Board, Some("fyn")).await;
    let bus_page = format!("/runder/{round}/opfoelgning/{bus}");
    assert!(fyn.get(&bus_page).await.html.contains("Tilføj en udgift"));
    assert!(
        !visitor.get(&bus_page).await.html.contains("Tilføj en udgift"),
        "only the bid's board gets the forms"
    );
    let status = fyn
        .post(
            &format!("{bus_page}/status"),
            &[("status", "under_way"), ("reason", "Bussen er bestilt")],
        )
        .await;
    assert_eq!(status.status, StatusCode::SEE_OTHER, "{}", status.html);
    for (date, amount, what) in [
        ("01.06.2025", "12.345,67", "Leje af bus"),
        ("2025-06-02", "0,33", "Gebyr"),
    ] {
        let added = fyn
            .post(
                &format!("{bus_page}/udgift"),
                &[("date", date), ("amount", amount), ("description", what)],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{amount}: {}", added.html);
        assert_eq!(added.location(), format!("{bus_page}?gjort=udgift#historik"));
    }
    let given_back = fyn
        .post(
            &format!("/runder/{round}/opfoelgning/{posters}/retur"),
            &[
                ("date", "2.6.2025"),
                ("amount", "1.000"),
                ("description", "Plakaterne blev billigere"),
            ],
        )
        .await;
    assert_eq!(given_back.status, StatusCode::SEE_OTHER, "{}", given_back.html);

    let english_amount = fyn
        .post(
            &format!("{bus_page}/udgift"),
            &[
                ("date", "1.6.2025"),
                ("amount", "12,345.67"),
                ("description", "Leje af bus"),
            ],
        )
        .await;
    assert_eq!(english_amount.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        english_amount
            .html
            .contains("aria-describedby=\"expense-amount-hint expense-amount-error\" aria-invalid=\"true\""),
        "{}",
        english_amount.html
    );
    assert!(text_of(&english_amount.html, "expense-amount-error").contains("12.345,67"));
    let future = fyn
        .post(
            &format!("{bus_page}/udgift"),
            &[("date", "01.01.2999"), ("amount", "10"), ("description", "Leje af bus")],
        )
        .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        text_of(&future.html, "expense-date-error"),
        "Datoen skal ligge mellem 1. januar 2000 og i dag."
    );
    let mut bornholm = signed_in(&app, Role::Board, Some("bornholm")).await;
    let other = bornholm
        .post(
            &format!("{bus_page}/udgift"),
            &[("date", "1.6.2025"), ("amount", "10"), ("description", "Ikke vores")],
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "another storkreds' board");

    let follow_up = visitor.get(&format!("/runder/{round}/opfoelgning")).await;
    assert_eq!(follow_up.status, StatusCode::OK, "{}", follow_up.html);
    assert_eq!(
        text_of(&follow_up.html, "followup-sum"),
        "Bevilget 90.000,00 kr. = brugt 12.346,00 kr. + givet tilbage 1.000,00 kr. + tilbage 76.654,00 kr."
    );
    assert!(
        follow_up.html.contains(
            "<th scope=\"row\">Fyn</th><td class=\"num\">2</td><td class=\"num\">70.000,00 kr.</td>\
             <td class=\"num\">12.346,00 kr.</td><td class=\"num\">1.000,00 kr.</td><td class=\"num\">56.654,00 kr.</td>"
        ),
        "{}",
        follow_up.html
    );
    assert!(follow_up.html.contains(
        "<th scope=\"row\">Bornholm</th><td class=\"num\">1</td><td class=\"num\">20.000,00 kr.</td>\
         <td class=\"num\">0,00 kr.</td><td class=\"num\">0,00 kr.</td><td class=\"num\">20.000,00 kr.</td><td>Ingen rapport endnu</td>"
    ));
    assert!(follow_up
        .html
        .contains(&format!("href=\"/runder/{round}/opfoelgning/{meeting}\"")));
    assert!(follow_up.html.contains("<td>I gang</td>"));
    assert_eq!(
        text_of(&visitor.get(&bus_page).await.html, "bid-remaining"),
        "47.654,00 kr."
    );

    let csv = visitor.get(&format!("/runder/{round}/opfoelgning.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.html.contains(&format!(
            "{bus};Fyn;\"Bud 0\";i gang;60000,00;0,00;12346,00;0,00;47654,00;"
        )),
        "{}",
        csv.html
    );
    let api = app
        .send(Method::GET, &format!("/api/v1/rounds/{round}/follow-up"), None, None)
        .await;
    assert_eq!(
        (
            api.body["totals"]["spent"].as_str(),
            api.body["totals"]["remaining"].as_str()
        ),
        (Some("12346.00"), Some("76654.00")),
        "the API reads what the page shows"
    );
}

#[tokio::test]
async fn an_overrun_is_refused_on_the_page_until_hb_approves_it_and_hb_corrects_with_a_reason() {
    let app = spawn_app().await;
    let (round, [bus, ..]) = published(&app).await;
    let bus_page = format!("/runder/{round}/opfoelgning/{bus}");
    let expense = [
        ("date", "01.06.2025"),
        ("amount", "60.000,01"),
        ("description", "Dyrere bus"),
    ];
    let mut fyn = signed_in(&app, Role::Board, Some("fyn")).await;

    let over = fyn.post(&format!("{bus_page}/udgift"), &expense).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", over.html);
    assert!(text_of(&over.html, "expense-amount-error").contains("hovedbestyrelsen først godkende et overforbrug"));
    assert!(over.html.contains("value=\"60.000,01\""), "what was typed is kept");
    assert!(
        !over.html.contains("Godkend overforbruget"),
        "the board does not approve"
    );
    let by_board = fyn
        .post(
            &format!("{bus_page}/overforbrug"),
            &[("amount", "500"), ("reason", "Vi beder selv om det")],
        )
        .await;
    assert_eq!(by_board.status, StatusCode::FORBIDDEN);

    let mut hb = signed_in(&app, Role::Hb, None).await;
    let hb_page = hb.get(&bus_page).await;
    assert!(hb_page.html.contains("Godkend overforbruget") && !hb_page.html.contains("Tilføj en udgift"));
    let without_reason = hb
        .post(
            &format!("{bus_page}/overforbrug"),
            &[("amount", "500,00"), ("reason", " ")],
        )
        .await;
    assert_eq!(without_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        text_of(&without_reason.html, "approval-reason-error"),
        "Feltet skal udfyldes."
    );
    let approved = hb
        .post(
            &format!("{bus_page}/overforbrug"),
            &[("amount", "500,00"), ("reason", "Prisen på bussen steg")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.html);
    let spent = fyn.post(&format!("{bus_page}/udgift"), &expense).await;
    assert_eq!(spent.status, StatusCode::SEE_OTHER, "{}", spent.html);
    let page = fyn.get(&bus_page).await;
    assert_eq!(text_of(&page.html, "bid-remaining"), "-0,01 kr.");
    assert!(page
        .html
        .contains("Må bruge 500,00 kr. ud over bevillingen. <span>Prisen på bussen steg</span>"));

    let history = app
        .send(
            Method::GET,
            &format!("/api/v1/rounds/{round}/follow-up/{bus}"),
            None,
            None,
        )
        .await;
    let entry = history.body["entries"][0]["id"].as_i64().unwrap_or_default();
    let correction = format!("{bus_page}/rettelse/{entry}");
    assert_eq!(fyn.get(&correction).await.status, StatusCode::FORBIDDEN);
    let form = hb.get(&correction).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    assert!(
        form.html.contains("value=\"60.000,01\""),
        "the form starts from the entry"
    );
    let corrected = [
        ("date", "2025-06-01"),
        ("amount", "45.000,00"),
        ("description", "Bus"),
        ("handling", "ret"),
    ];
    let unexplained = hb
        .post(&correction, &[corrected.as_slice(), &[("reason", "")]].concat())
        .await;
    assert_eq!(unexplained.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text_of(&unexplained.html, "reason-error"), "Feltet skal udfyldes.");
    let explained = hb
        .post(
            &correction,
            &[corrected.as_slice(), &[("reason", "Bilaget viser 45.000,00 kr.")]].concat(),
        )
        .await;
    assert_eq!(explained.status, StatusCode::SEE_OTHER, "{}", explained.html);
    let history = app
        .send(
            Method::GET,
            &format!("/api/v1/rounds/{round}/follow-up/{bus}"),
            None,
            None,
        )
        .await;
    let correction_id = history.body["entries"][1]["id"].as_i64().unwrap_or_default();
    assert_eq!(history.body["entries"][0]["corrected_by"], correction_id);
    let page = fyn.get(&bus_page).await;
    assert_eq!(text_of(&page.html, "bid-spent"), "45.000,00 kr.");
    assert!(page
        .html
        .contains(&format!("Rettet ved post {correction_id}, tæller ikke længere med")));
    assert!(
        page.html.contains("Bilaget viser 45.000,00 kr."),
        "the reason is in the history"
    );
    assert!(
        hb.get(&format!("/hb/runder/{round}/log"))
            .await
            .html
            .contains("Overforbrug godkendt af HB"),
        "the audit log names the approval"
    );
}
