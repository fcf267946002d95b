//! Attacks on tokens: every forged, stale or misdirected token is 401.

use axum::http::StatusCode;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use medlemsbudget::app::HttpSettings;
use medlemsbudget::auth::{Claims, Role};

use crate::helpers::{fixture, spawn_app, spawn_app_with, test_settings, TestApp};

fn private(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_default()
}

fn sign_with(algorithm: Algorithm, kid: Option<&str>, claims: &Claims, key: &EncodingKey) -> String {
    let mut header = Header::new(algorithm);
    header.kid = kid.map(Into::into);
    encode(&header, claims, key).unwrap_or_default()
}

fn hb_claims() -> Claims {
    Claims::new("hb-1", Role::Hb, None, 600)
}

async fn status(app: &TestApp, token: &str) -> StatusCode {
    app.get("/api/v1/rounds", token).await.status
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn tokens_from_the_member_system_are_accepted_by_kid() {
    let app = spawn_app().await;
    let claims = hb_claims();
    let rsa = EncodingKey::from_rsa_pem(&private("rsa-2026.key"));
    let ec = EncodingKey::from_ec_pem(&private("ec-2026.key"));
    let ed = EncodingKey::from_ed_pem(&private("ed-2026.key"));
    let (Ok(rsa), Ok(ec), Ok(ed)) = (rsa, ec, ed) else {
        panic!("cannot read the fixture keys")
    };
    assert_eq!(
        status(&app, &sign_with(Algorithm::RS256, Some("rsa-2026"), &claims, &rsa)).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&app, &sign_with(Algorithm::ES256, Some("ec-2026"), &claims, &ec)).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&app, &sign_with(Algorithm::EdDSA, Some("ed-2026"), &claims, &ed)).await,
        StatusCode::OK
    );
    // The same RSA key published in a JWKS under another kid: key rotation.
    assert_eq!(
        status(&app, &sign_with(Algorithm::RS256, Some("rsa-jwks"), &claims, &rsa)).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn forged_tokens_are_401() {
    let app = spawn_app().await;
    let claims = hb_claims();
    let Ok(rsa) = EncodingKey::from_rsa_pem(&private("rsa-2026.key")) else {
        panic!("key")
    };
    let Ok(other) = EncodingKey::from_rsa_pem(&private("rsa-other.key")) else {
        panic!("key")
    };
    let payload = b64(serde_json::to_string(&claims).unwrap_or_default().as_bytes());

    // alg: none, with and without a signature.
    let none_header = b64(br#"{"alg":"none","typ":"JWT"}"#);
    for token in [
        format!("{none_header}.{payload}."),
        format!("{none_header}.{payload}.c2ln"),
    ] {
        assert_eq!(status(&app, &token).await, StatusCode::UNAUTHORIZED, "alg none");
    }
    // HS/RS confusion: an HS256 token whose "secret" is the public RSA key, naming that key.
    let public_pem = std::fs::read(fixture("rsa-2026.pem")).unwrap_or_default();
    let confused = sign_with(
        Algorithm::HS256,
        Some("rsa-2026"),
        &claims,
        &EncodingKey::from_secret(&public_pem),
    );
    assert_eq!(
        status(&app, &confused).await,
        StatusCode::UNAUTHORIZED,
        "HS/RS confusion"
    );
    // An RS256 token naming the EC key's kid.
    let mismatched = sign_with(Algorithm::RS256, Some("ec-2026"), &claims, &rsa);
    assert_eq!(
        status(&app, &mismatched).await,
        StatusCode::UNAUTHORIZED,
        "algorithm/key mismatch"
    );
    // A key the service does not know, under a kid it does.
    let wrong_key = sign_with(Algorithm::RS256, Some("rsa-2026"), &claims, &other);
    assert_eq!(status(&app, &wrong_key).await, StatusCode::UNAUTHORIZED, "wrong key");
    let unknown_kid = sign_with(Algorithm::RS256, Some("rsa-other"), &claims, &other);
    assert_eq!(
        status(&app, &unknown_kid).await,
        StatusCode::UNAUTHORIZED,
        "unknown kid"
    );
    let no_kid = sign_with(Algorithm::RS256, None, &claims, &rsa);
    assert_eq!(status(&app, &no_kid).await, StatusCode::UNAUTHORIZED, "no kid");
    // A tampered payload: a member's valid token turned into HB's.
    let member = app.member(1);
    let parts: Vec<&str> = member.split('.').collect();
    let tampered = format!("{}.{payload}.{}", parts[0], parts[2]);
    assert_eq!(
        status(&app, &tampered).await,
        StatusCode::UNAUTHORIZED,
        "tampered payload"
    );
}

#[tokio::test]
async fn stale_and_incomplete_tokens_are_401() {
    let app = spawn_app().await;
    let secret = EncodingKey::from_secret(crate::helpers::SECRET.as_bytes());
    let sign = |claims: &serde_json::Value| encode(&Header::new(Algorithm::HS256), claims, &secret).unwrap_or_default();
    let now = chrono::Utc::now().timestamp();
    let cases = [
        (
            "expired beyond the leeway",
            serde_json::json!({"sub": "a", "role": "hb", "exp": now - 120}),
        ),
        (
            "not yet valid",
            serde_json::json!({"sub": "a", "role": "hb", "exp": now + 600, "nbf": now + 300}),
        ),
        ("no exp", serde_json::json!({"sub": "a", "role": "hb"})),
        ("no sub", serde_json::json!({"role": "hb", "exp": now + 600})),
        ("no role", serde_json::json!({"sub": "a", "exp": now + 600})),
        (
            "unknown role",
            serde_json::json!({"sub": "a", "role": "admin", "exp": now + 600}),
        ),
        (
            "unknown storkreds",
            serde_json::json!({"sub": "a", "role": "member", "storkreds": "aarhus", "exp": now + 600}),
        ),
        (
            "empty sub",
            serde_json::json!({"sub": " ", "role": "hb", "exp": now + 600}),
        ),
        (
            "U+0000 in sub",
            serde_json::json!({"sub": "m\u{0}1", "role": "member", "storkreds": "fyn", "exp": now + 600}),
        ),
        (
            "a line break in sub",
            serde_json::json!({"sub": "m-1\nm-2", "role": "member", "storkreds": "fyn", "exp": now + 600}),
        ),
        (
            "sub of 201 characters",
            serde_json::json!({"sub": "æ".repeat(201), "role": "hb", "exp": now + 600}),
        ),
    ];
    for (why, claims) in cases {
        let reply = app.get("/api/v1/rounds", &sign(&claims)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{why}: {}", reply.body);
    }
    // 200 characters are allowed however many bytes they take.
    let danish = serde_json::json!({"sub": "æ".repeat(200), "role": "hb", "exp": now + 600});
    assert_eq!(app.get("/api/v1/rounds", &sign(&danish)).await.status, StatusCode::OK);
    let within_leeway = serde_json::json!({"sub": "a", "role": "hb", "exp": now - 5});
    assert_eq!(
        app.get("/api/v1/rounds", &sign(&within_leeway)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn issuer_and_audience_are_checked_when_configured() {
    let mut settings = test_settings();
    settings.issuer = Some("https://medlem.example".into());
    settings.audience = Some("medlemsbudget".into());
    let app = spawn_app_with(settings, &HttpSettings::default()).await;
    let Ok(rsa) = EncodingKey::from_rsa_pem(&private("rsa-2026.key")) else {
        panic!("key")
    };
    let with = |iss: Option<&str>, aud: Option<&str>| {
        let mut claims = hb_claims();
        claims.iss = iss.map(Into::into);
        claims.aud = aud.map(Into::into);
        sign_with(Algorithm::RS256, Some("rsa-2026"), &claims, &rsa)
    };
    assert_eq!(
        status(&app, &with(Some("https://medlem.example"), Some("medlemsbudget"))).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&app, &with(Some("https://evil.example"), Some("medlemsbudget"))).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&app, &with(Some("https://medlem.example"), Some("other-app"))).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&app, &with(None, Some("medlemsbudget"))).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&app, &with(Some("https://medlem.example"), None)).await,
        StatusCode::UNAUTHORIZED
    );
    // The service's own tokens carry the configured issuer and audience.
    assert_eq!(status(&app, &app.hb()).await, StatusCode::OK);
}
