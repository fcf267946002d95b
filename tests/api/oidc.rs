//! Signing in through a real OpenID provider (`provider::Provider`, the npm
//! `oidc-provider` package run by Node): HB, a board and a member each land
//! with their rights; a tampered state, a replayed code, a wrong nonce, an
//! expired ID token and a token for another client are each refused with a
//! page that says so; a rotated provider key is accepted; signing out ends
//! the session here and at the provider.

use axum::http::{header, StatusCode};
use medlemsbudget::app::HttpSettings;
use medlemsbudget::auth::oidc::OidcClient;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::helpers::{binary_on, spawn_app, TestApp};
use crate::provider::{Provider, ProviderAgent};
use crate::web::{Browser, Page};

/// The service in-process, signing in through `provider`.
async fn app_with(provider: &Provider) -> TestApp {
    let mut app = spawn_app().await;
    let oidc = match OidcClient::discover(provider.settings()).await {
        Ok(oidc) => oidc,
        Err(e) => panic!("discovery failed: {e}"),
    };
    app.state = app.state.clone().with_oidc(oidc);
    app.router = medlemsbudget::app::router_with(app.state.clone(), &HttpSettings::default());
    app
}

/// The browser asks to sign in through the provider; where it is sent.
async fn start(browser: &mut Browser<'_>) -> String {
    let page = browser.get("/log-ind").await;
    assert!(page.html.contains("Log ind gennem medlemssystemet"), "{}", page.html);
    let policy = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap_or_default();
    let form_action = policy
        .split(';')
        .find(|d| d.contains("form-action"))
        .unwrap_or_default();
    assert!(
        form_action.contains("'self' http://127.0.0.1:"),
        "the sign-in form may lead on to the provider: {policy}"
    );
    let sent = browser.post("/log-ind/oidc", &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.html);
    let to = sent.location();
    assert!(
        to.contains("code_challenge=") && to.contains("nonce=") && to.contains("state="),
        "{to}"
    );
    to
}

/// Signs in as `login` at the provider all the way back to the service.
async fn sign_in(browser: &mut Browser<'_>, login: &str) -> Page {
    let to = start(browser).await;
    let back = ProviderAgent::new().follow(&to, login).await;
    browser.get(&back).await
}

fn query_value(url: &str, name: &str) -> String {
    url.split(['?', '&'])
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
        .unwrap_or_default()
        .to_owned()
}

/// The session cookie a page set.
fn session_cookie(page: &Page) -> String {
    page.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("mb_session="))
        .unwrap_or_default()
        .to_owned()
}

async fn sessions_stored(app: &TestApp) -> usize {
    let backend = app.db.get_database_backend();
    let sql = "SELECT COUNT(*) AS n FROM sessions".to_owned();
    let Ok(Some(row)) = app.db.query_one(Statement::from_string(backend, sql)).await else {
        panic!("counting sessions failed")
    };
    row.try_get::<i64>("", "n")
        .map_or(0, |n| usize::try_from(n).unwrap_or(0))
}

#[tokio::test]
async fn hb_a_board_and_a_member_each_sign_in_with_their_rights() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    let submission = app.round_open_for_bids("500000.00").await;
    let (voting, _) = app.round_open_for_voting("500000.00", &[("fyn", "60000.00")]).await;

    let mut hb = Browser::new(&app);
    let landed = sign_in(&mut hb, "hb-anna").await;
    assert_eq!(landed.status, StatusCode::SEE_OTHER, "{}", landed.html);
    assert_eq!(landed.location(), "/");
    let cookie = session_cookie(&landed);
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(hb.get(&format!("/hb/runder/{submission}")).await.status, StatusCode::OK);

    let mut board = Browser::new(&app);
    sign_in(&mut board, "board-fyn").await;
    let bid_form = board.get(&format!("/runder/{submission}/forslag/nyt")).await;
    assert_eq!(bid_form.status, StatusCode::OK, "{}", bid_form.html);
    assert_eq!(
        board.get(&format!("/hb/runder/{submission}")).await.status,
        StatusCode::FORBIDDEN
    );

    let mut member = Browser::new(&app);
    sign_in(&mut member, "member-1042").await;
    assert_eq!(
        member.get(&format!("/runder/{voting}/stemme")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        member.get(&format!("/hb/runder/{voting}")).await.status,
        StatusCode::FORBIDDEN
    );
    let bid = member.get(&format!("/runder/{submission}/forslag/nyt")).await;
    assert_eq!(bid.status, StatusCode::FORBIDDEN);
    assert_eq!(sessions_stored(&app).await, 3);

    // Served to another machine, the session cookie is for HTTPS only.
    let mut remote = Browser::new(&app);
    remote.host = "medlem.example.dk";
    let landed = sign_in(&mut remote, "member-1043").await;
    let cookie = session_cookie(&landed);
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly"), "{cookie}");
}

#[test]
fn the_development_sign_in_is_refused_next_to_production_settings() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("no temporary directory")
    };
    let sqlite = format!("sqlite://{}?mode=rwc", dir.path().join("demo.db").display());
    let secret = dir.path().join("client-secret");
    assert!(std::fs::write(&secret, "s3cret\n").is_ok());
    let oidc = [
        "--oidc-issuer",
        "http://127.0.0.1:9",
        "--oidc-client-id",
        "medlemsbudget",
        "--oidc-client-secret-file",
        secret.to_str().unwrap_or_default(),
        "--public-url",
        "https://medlem.example.dk",
    ];
    let cases: [(&str, Vec<&str>, &str); 3] = [
        ("postgres://postgres@127.0.0.1:1/none", vec![], "PostgreSQL"),
        (&sqlite, vec!["--bind", "0.0.0.0:0"], "MEDLEMSBUDGET_BIND"),
        (&sqlite, oidc.to_vec(), "MEDLEMSBUDGET_OIDC_ISSUER"),
    ];
    for (database, extra, named) in cases {
        let Ok(output) = binary_on(database).args(["serve", "--demo"]).args(&extra).output() else {
            panic!("cannot run the binary")
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "started with --demo and {extra:?}");
        assert!(
            stderr.contains("MEDLEMSBUDGET_DEMO") && stderr.contains(named),
            "{stderr}"
        );
    }
}

#[tokio::test]
async fn a_new_sign_in_gets_a_new_session_and_signing_out_ends_it_here_and_at_the_provider() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    let mut member = Browser::new(&app);
    sign_in(&mut member, "member-7").await;
    let first = member.cookies.get("mb_session").cloned().unwrap_or_default();
    sign_in(&mut member, "member-7").await;
    let second = member.cookies.get("mb_session").cloned().unwrap_or_default();
    assert_ne!(first, second, "a new session id at each sign-in");
    assert_eq!(sessions_stored(&app).await, 1, "the earlier session ended");

    let mut agent = ProviderAgent::new();
    let to = start(&mut member).await;
    let back = agent.follow(&to, "member-7").await;
    assert_eq!(member.get(&back).await.status, StatusCode::SEE_OTHER);
    let signed_in = member.cookies.get("mb_session").cloned().unwrap_or_default();

    let out = member.post("/log-ud", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.html);
    let logout = out.location();
    assert!(
        logout.starts_with(&format!("{}/session/end", provider.issuer)),
        "{logout}"
    );
    assert!(!member.cookies.contains_key("mb_session"));
    assert_eq!(sessions_stored(&app).await, 0);
    assert_eq!(
        agent.follow(&logout, "member-7").await,
        "/",
        "the provider signed out and sent the browser back"
    );

    // The old cookie no longer signs anyone in, even if a browser kept it.
    member.cookies.insert("mb_session".into(), signed_in);
    let page = member.get("/log-ind").await;
    assert!(page.html.contains("Log ind gennem medlemssystemet"));
    assert!(!page.html.contains("action=\"/log-ud\""), "{}", page.html);
}

#[tokio::test]
async fn a_tampered_state_and_a_replayed_code_are_refused_with_a_page_that_says_so() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    let mut member = Browser::new(&app);

    let to = start(&mut member).await;
    let back = ProviderAgent::new().follow(&to, "member-1").await;
    let state = query_value(&back, "state");
    let tampered = back.replace(&state, &format!("{state}x"));
    let refused = member.get(&tampered).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(
        refused.html.contains("siden var for gammel eller allerede brugt"),
        "{}",
        refused.html
    );
    assert!(!member.cookies.contains_key("mb_session"));

    // A sign-in that goes through; then its code brought back with a fresh sign-in's state.
    let to = start(&mut member).await;
    let back = ProviderAgent::new().follow(&to, "member-1").await;
    assert_eq!(member.get(&back).await.status, StatusCode::SEE_OTHER);
    let code = query_value(&back, "code");
    let to = start(&mut member).await;
    let fresh = query_value(&to, "state");
    let replayed = member
        .get(&format!("/log-ind/oidc/retur?code={code}&state={fresh}"))
        .await;
    assert_eq!(replayed.status, StatusCode::UNAUTHORIZED);
    assert!(
        replayed.html.contains("medlemssystemet ikke godkendte det"),
        "{}",
        replayed.html
    );
    let again = member.get(&back).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED, "a state is good once");
    assert!(again.html.contains("siden var for gammel eller allerede brugt"));
}

/// Signs in while the provider answers the token request with `token`; the page.
async fn sign_in_receiving(provider: &Provider, browser: &mut Browser<'_>, token: String) -> Page {
    provider.knob("next-id-token", json!({ "id_token": token })).await;
    sign_in(browser, "member-1").await
}

#[tokio::test]
async fn a_wrong_nonce_an_expired_token_and_a_token_for_another_client_are_refused() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    let mut agent = ProviderAgent::new();
    let mut member = Browser::new(&app);

    let other_nonce = agent
        .id_token(
            &provider,
            "medlemsbudget",
            "medlemsbudget-test-secret",
            "another-nonce",
            "member-1",
        )
        .await;
    let page = sign_in_receiving(&provider, &mut member, other_nonce).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{}", page.html);
    assert!(
        page.html.contains("svaret fra medlemssystemet ikke kunne godkendes"),
        "{}",
        page.html
    );

    // A token for another client, carrying this sign-in's own nonce.
    let to = start(&mut member).await;
    let nonce = query_value(&to, "nonce");
    let foreign = agent
        .id_token(&provider, "another-client", "another-secret", &nonce, "member-1")
        .await;
    provider.knob("next-id-token", json!({ "id_token": foreign })).await;
    let back = agent.follow(&to, "member-1").await;
    let page = member.get(&back).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{}", page.html);
    assert!(page.html.contains("svaret fra medlemssystemet ikke kunne godkendes"));

    // A token that expired a moment ago, otherwise right.
    let to = start(&mut member).await;
    let nonce = query_value(&to, "nonce");
    provider.knob("id-token-ttl", json!({ "seconds": 1 })).await;
    let expired = agent
        .id_token(
            &provider,
            "medlemsbudget",
            "medlemsbudget-test-secret",
            &nonce,
            "member-1",
        )
        .await;
    provider.knob("id-token-ttl", json!({ "seconds": 3600 })).await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    provider.knob("next-id-token", json!({ "id_token": expired })).await;
    let back = agent.follow(&to, "member-1").await;
    let page = member.get(&back).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{}", page.html);
    assert!(
        page.html.contains("svaret fra medlemssystemet var for gammelt"),
        "{}",
        page.html
    );
    assert!(!member.cookies.contains_key("mb_session"));
    assert_eq!(sessions_stored(&app).await, 0);

    let fine = sign_in(&mut member, "member-1").await;
    assert_eq!(
        fine.status,
        StatusCode::SEE_OTHER,
        "an ordinary sign-in still works: {}",
        fine.html
    );
}

#[tokio::test]
async fn a_provider_key_rotation_is_accepted() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    let mut before = Browser::new(&app);
    assert_eq!(sign_in(&mut before, "member-1").await.status, StatusCode::SEE_OTHER);
    provider.knob("rotate-keys", json!({})).await;
    let mut after = Browser::new(&app);
    let page = sign_in(&mut after, "member-2").await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "a token signed with the new key: {}",
        page.html
    );
    assert!(after.cookies.contains_key("mb_session"));
}

/// Whether the browser's pages show it signed in.
async fn signed_in(browser: &mut Browser<'_>) -> bool {
    browser.get("/").await.html.contains("action=\"/log-ud\"")
}

async fn run_sql(app: &TestApp, sql: &str) {
    let backend = app.db.get_database_backend();
    let done = app.db.execute(Statement::from_string(backend, sql.to_owned())).await;
    assert!(done.is_ok(), "{sql}: {done:?}");
}

#[tokio::test]
async fn a_session_ends_when_idle_too_long_and_at_its_fixed_lifetime() {
    let provider = Provider::start().await;
    let app = app_with(&provider).await;
    let mut idle = Browser::new(&app);
    sign_in(&mut idle, "member-1").await;
    assert!(signed_in(&mut idle).await);
    // Unused for longer than the idle timeout (30 minutes by default).
    run_sql(&app, "UPDATE sessions SET last_seen_at = last_seen_at - 1900").await;
    assert!(!signed_in(&mut idle).await, "an idle session ends");
    assert_eq!(sessions_stored(&app).await, 0);

    let mut busy = Browser::new(&app);
    sign_in(&mut busy, "member-2").await;
    run_sql(&app, "UPDATE sessions SET last_seen_at = last_seen_at - 1500").await;
    assert!(signed_in(&mut busy).await, "used within the idle timeout, it lives on");
    // Its fixed lifetime has run out, however busy it is.
    run_sql(&app, "UPDATE sessions SET expires_at = created_at").await;
    assert!(!signed_in(&mut busy).await, "a session ends at its lifetime");
}
