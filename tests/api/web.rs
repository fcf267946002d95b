//! The web pages through the real router: Danish by default, safe headers,
//! forms refused without their token, and each user's path (a member votes,
//! a board bids with a Danish amount, HB runs a round to publication) with
//! its effect checked through the API.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use medlemsbudget::auth::Role;
use serde_json::json;
use tower::ServiceExt;

use crate::helpers::{spawn_app, TestApp};

/// A page as the browser got it.
pub(crate) struct Page {
    pub(crate) status: StatusCode,
    pub(crate) headers: axum::http::HeaderMap,
    pub(crate) html: String,
}

impl Page {
    pub(crate) fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

/// A browser without JavaScript: keeps its cookies, sends forms with the
/// page token.
pub(crate) struct Browser<'a> {
    app: &'a TestApp,
    pub(crate) cookies: BTreeMap<String, String>,
    language: &'static str,
    /// The address the browser connects from, as the server sees it.
    pub(crate) peer: Option<SocketAddr>,
    /// The host the browser asks for.
    pub(crate) host: &'static str,
}

impl<'a> Browser<'a> {
    pub(crate) fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: BTreeMap::new(),
            language: "da-DK,da;q=0.9",
            peer: None,
            host: "127.0.0.1:3000",
        }
    }

    pub(crate) async fn send(&mut self, method: Method, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Page {
        let cookie = crate::helpers::cookie_header(&self.cookies);
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.host)
            .header(header::ACCEPT_LANGUAGE, self.language)
            .header(header::COOKIE, cookie);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let Ok(mut request) = request.body(Body::from(body)) else {
            panic!("bad request")
        };
        if let Some(peer) = self.peer {
            request.extensions_mut().insert(ConnectInfo(peer));
        }
        let Ok(response) = self.app.router.clone().oneshot(request).await;
        for set in response.headers().get_all(header::SET_COOKIE) {
            let text = set.to_str().unwrap_or_default();
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                if value.is_empty() || text.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        Page {
            status,
            headers,
            html: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub(crate) async fn get(&mut self, path: &str) -> Page {
        self.send(Method::GET, path, None, Vec::new()).await
    }

    pub(crate) fn token(&self) -> String {
        self.cookies.get("mb_csrf").cloned().unwrap_or_default()
    }

    /// Posts a form with the page token, as a browser submits it.
    pub(crate) async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.token();
        let mut pairs: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        pairs.extend_from_slice(fields);
        let body = serde_html_form::to_string(&pairs).unwrap_or_default();
        self.send(
            Method::POST,
            path,
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
        )
        .await
    }

    /// Signs in with a token through the sign-in page.
    pub(crate) async fn sign_in(&mut self, role: Role, sub: &str, storkreds: Option<&str>) {
        self.get("/log-ind").await;
        let token = self.app.token(role, sub, storkreds);
        let page = self.post("/log-ind/noegle", &[("token", token.as_str())]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.html);
    }
}

/// The text right inside the element with `id`.
pub(crate) fn text_of(html: &str, id: &str) -> String {
    let start = format!("id=\"{id}\">");
    html.split_once(&start)
        .and_then(|(_, rest)| rest.split_once('<'))
        .map(|(text, _)| text.trim().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn pages_are_danish_first_and_safe() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    let page = browser.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("<html lang=\"da\">"));
    assert!(page.html.contains("Afstemningsrunder"));
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap_or_default();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe"));
    let cookie = page.headers[header::SET_COOKIE].to_str().unwrap_or_default();
    assert!(cookie.starts_with("mb_csrf=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));

    browser.language = "en-GB,en;q=0.9";
    assert!(browser.get("/").await.html.contains("<html lang=\"en\">"));
    let switched = browser.get("/sprog?til=da&tilbage=/").await;
    assert_eq!(switched.location(), "/");
    assert!(
        browser.get("/").await.html.contains("<html lang=\"da\">"),
        "the choice is remembered"
    );
    let away = browser.get("/sprog?til=en&tilbage=//evil.example").await;
    assert_eq!(away.location(), "/", "the switch never leads to another site");

    for asset in ["/assets/app.css", "/assets/app.js", "/assets/icon.svg"] {
        let page = browser.get(asset).await;
        assert_eq!(page.status, StatusCode::OK, "{asset}");
        assert!(page.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap_or_default()
            .contains("max-age"));
    }
    assert!(
        !page.html.contains("http://") && !page.html.contains("https://"),
        "no external URL on the page"
    );
}

#[tokio::test]
async fn a_form_without_its_token_changes_nothing() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("500000.00").await;
    let mut board = Browser::new(&app);
    board.sign_in(Role::Board, "board-fyn", Some("fyn")).await;
    let fields = [("title", "Bus"), ("description", "En bus."), ("amount", "60.000")];
    let path = format!("/runder/{round}/forslag/nyt");

    let body = serde_html_form::to_string(fields).unwrap_or_default();
    let without = board
        .send(
            Method::POST,
            &path,
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
        )
        .await;
    assert_eq!(without.status, StatusCode::FORBIDDEN);
    let forged = serde_html_form::to_string([("csrf", "0".repeat(48).as_str()), fields[0], fields[1], fields[2]])
        .unwrap_or_default();
    let another = board
        .send(
            Method::POST,
            &path,
            Some("application/x-www-form-urlencoded"),
            forged.into_bytes(),
        )
        .await;
    assert_eq!(another.status, StatusCode::FORBIDDEN, "another token");

    let listed = app.get(&format!("/api/v1/rounds/{round}/proposals"), &app.hb()).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(0), "nothing was created");
    assert_eq!(board.post(&path, &fields).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_board_bids_with_a_danish_amount() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("500000.00").await;
    let mut board = Browser::new(&app);
    board.sign_in(Role::Board, "board-fyn", Some("fyn")).await;
    let path = format!("/runder/{round}/forslag/nyt");
    assert!(board.get(&path).await.html.contains("500.000,00 kr."));

    let ambiguous = board
        .post(
            &path,
            &[("title", "Bus"), ("description", "En bus."), ("amount", "60,000.00")],
        )
        .await;
    assert_eq!(ambiguous.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(ambiguous.html.contains("60.000,00"), "the Danish form is suggested");
    assert!(ambiguous.html.contains("aria-invalid=\"true\"") && ambiguous.html.contains("amount-error"));
    let too_much = board
        .post(
            &path,
            &[("title", "Bus"), ("description", "En bus."), ("amount", "600.000")],
        )
        .await;
    assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_much.html.contains("større end hele puljen"), "{}", too_much.html);

    let done = board
        .post(
            &path,
            &[
                ("title", "Valgkampsbus"),
                ("description", "En bus."),
                ("amount", "60.000,50"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let bids = app.get(&format!("/api/v1/rounds/{round}/proposals"), &app.hb()).await;
    assert_eq!(bids.body[0]["amount"], "60000.50");
    assert_eq!(bids.body[0]["storkreds"], "fyn");
    let id = bids.body[0]["id"].as_i64().unwrap_or_default();
    assert!(board
        .get(&done.location())
        .await
        .html
        .contains("Dit forslag er indsendt"));

    let edit = format!("/runder/{round}/forslag/{id}");
    assert!(board.get(&edit).await.html.contains("value=\"60.000,50\""));
    let saved = board
        .post(
            &edit,
            &[
                ("title", "Valgkampsbus"),
                ("description", "En bus."),
                ("amount", "55000"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let withdrawn = board.post(&format!("{edit}/traek-tilbage"), &[]).await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    let bid = app
        .get(&format!("/api/v1/rounds/{round}/proposals/{id}"), &app.hb())
        .await;
    assert_eq!(
        (bid.body["amount"].as_str(), bid.body["status"].as_str()),
        (Some("55000.00"), Some("withdrawn"))
    );

    let mut other = Browser::new(&app);
    other.sign_in(Role::Board, "board-aarhus", Some("ostjylland")).await;
    assert_eq!(
        other.get(&edit).await.status,
        StatusCode::FORBIDDEN,
        "another storkreds' bid"
    );
}

#[tokio::test]
async fn a_member_reviews_casts_and_changes_the_ballot() {
    let app = spawn_app().await;
    let (round, ids) = app
        .round_open_for_voting("500000.00", &[("fyn", "60000.00"), ("bornholm", "150000.00")])
        .await;
    let mut member = Browser::new(&app);
    let path = format!("/runder/{round}/stemme");
    assert_eq!(member.get(&path).await.status, StatusCode::UNAUTHORIZED);
    member.sign_in(Role::Member, "m-1", Some("fyn")).await;
    let form = member.get(&path).await;
    assert!(form.html.contains("60.000,00 kr.") && form.html.contains("name=\"forslag\""));

    let first = ids[0].to_string();
    let second = ids[1].to_string();
    let review = member
        .post(&path, &[("forslag", first.as_str()), ("trin", "gennemse")])
        .await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(review.html.contains("Gennemse din stemme") && review.html.contains("Bud 0"));
    assert_eq!(
        app.get(&format!("/api/v1/rounds/{round}/ballot"), &app.member(1))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "reviewing casts nothing"
    );

    let cast = member
        .post(&path, &[("forslag", first.as_str()), ("trin", "afgiv")])
        .await;
    assert_eq!(cast.status, StatusCode::OK);
    assert!(cast.html.contains("Tak, din stemme er afgivet"));
    let receipt = text_of(&cast.html, "receipt");
    assert_eq!(receipt.len(), 39, "{receipt}");
    let own = app.token(Role::Member, "m-1", Some("fyn"));
    let ballot = app.get(&format!("/api/v1/rounds/{round}/ballot"), &own).await;
    assert_eq!(ballot.body["approvals"], json!([ids[0]]));

    let again = member.get(&path).await;
    assert!(again.html.contains("Du har allerede stemt") && again.html.contains("checked"));
    let changed = member
        .post(
            &path,
            &[
                ("forslag", first.as_str()),
                ("forslag", second.as_str()),
                ("trin", "afgiv"),
            ],
        )
        .await;
    assert!(changed.html.contains("Din stemme er ændret"));
    assert_ne!(text_of(&changed.html, "receipt"), receipt, "a new receipt");
    let ballot = app.get(&format!("/api/v1/rounds/{round}/ballot"), &own).await;
    assert_eq!(ballot.body["approvals"], json!(ids));

    let stale = member.post(&path, &[("forslag", "999999"), ("trin", "gennemse")]).await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.html.contains("role=\"alert\""));
}

#[tokio::test]
async fn ballot_errors_are_explained_for_each_ballot_kind() {
    let app = spawn_app().await;
    let hb = app.hb();
    for (ballot, fields, expected) in [
        (
            json!({"kind": "approval", "max_approvals": 1}),
            vec![("forslag", "A"), ("forslag", "B")],
            "Du kan højst vælge 1",
        ),
        (
            json!({"kind": "knapsack", "limit": "100000.00"}),
            vec![("forslag", "A"), ("forslag", "B")],
            "Budgettet er på 100.000,00 kr.",
        ),
        (
            json!({"kind": "cumulative", "points": 5, "max_per_proposal": 3}),
            vec![("point-A", "4")],
            "Højst 3 point til ét forslag",
        ),
        (
            json!({"kind": "cumulative", "points": 5}),
            vec![("point-A", "to")],
            "er ikke et helt antal point",
        ),
    ] {
        let rule = if ballot["kind"] == "cumulative" {
            json!({"rule": "greedy", "satisfaction": "points"})
        } else {
            json!({"rule": "greedy"})
        };
        let created = app
            .post(
                "/api/v1/rounds",
                &hb,
                json!({"name": "Runde", "pool": "500000.00", "ballot": ballot, "rule": rule}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let round = created.body["id"].as_i64().unwrap_or_default();
        app.set_phase(round, "submission").await;
        let a = app.submit(round, "fyn", "A", "60000.00").await.body["id"]
            .as_i64()
            .unwrap_or_default();
        let b = app.submit(round, "fyn", "B", "70000.00").await.body["id"]
            .as_i64()
            .unwrap_or_default();
        app.review(round, a, "accepted").await;
        app.review(round, b, "accepted").await;
        app.set_phase(round, "review").await;
        app.set_phase(round, "voting").await;

        let mut member = Browser::new(&app);
        member.sign_in(Role::Member, "m-1", Some("fyn")).await;
        let path = format!("/runder/{round}/stemme");
        assert!(member.get(&path).await.html.contains("id=\"ballot-live\""), "{ballot}");
        let (a, b) = (a.to_string(), b.to_string());
        let mut sent: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.replace('A', &a), v.replace('A', &a).replace('B', &b)))
            .collect();
        sent.push(("trin".into(), "gennemse".into()));
        let refs: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let page = member.post(&path, &refs).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{ballot}");
        assert!(page.html.contains(expected), "{ballot}: {}", page.html);
        assert_eq!(
            app.get(&format!("/api/v1/rounds/{round}/ballot"), &app.member(1))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

/// A multipart body with one file field `roll`.
fn multipart(csv: &str) -> (String, Vec<u8>) {
    let boundary = "medlemsbudgetboundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"roll\"; filename=\"roll.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body.into_bytes())
}

#[tokio::test]
async fn hb_runs_a_round_from_creation_to_publication() {
    let app = spawn_app().await;
    let mut hb = Browser::new(&app);
    hb.sign_in(Role::Hb, "hb-1", None).await;
    assert!(hb.get("/hb/runder/ny").await.html.contains("Metoden med lige andele"));
    let bad = hb
        .post(
            "/hb/runder/ny",
            &[
                ("name", ""),
                ("pool", "500,000.00"),
                ("ballot", "approval"),
                ("rule", "mes"),
                ("split", "national"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("Feltet skal udfyldes") && bad.html.contains("500.000,00"));
    let created = hb
        .post(
            "/hb/runder/ny",
            &[
                ("name", "KV17-puljen"),
                ("pool", "500.000"),
                ("ballot", "approval"),
                ("min_approvals", "0"),
                ("max_approvals", "2"),
                ("rule", "mes"),
                ("split", "floor"),
                ("floor", "10.000"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    let dashboard = created.location();
    let round: i64 = dashboard
        .trim_start_matches("/hb/runder/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_default();
    let settings = app.get(&format!("/api/v1/rounds/{round}"), &app.hb()).await;
    assert_eq!(settings.body["pool"], "500000.00");
    assert_eq!(settings.body["split"]["per_storkreds"], "10000.00", "{}", settings.body);

    let fase = format!("/hb/runder/{round}/fase");
    assert!(hb.get(&fase).await.html.contains("Åbn for indsendelse"));
    assert_eq!(
        hb.post(&fase, &[("til", "submission")]).await.status,
        StatusCode::SEE_OTHER
    );
    let a = app.submit(round, "fyn", "Bus", "60000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    let b = app.submit(round, "bornholm", "Folkemødet", "150000.00").await.body["id"]
        .as_i64()
        .unwrap_or_default();
    assert_eq!(hb.post(&fase, &[("til", "review")]).await.status, StatusCode::SEE_OTHER);

    let confirm = hb.get(&fase).await;
    assert!(
        confirm.html.contains("2 forslag afventer stadig behandling"),
        "{}",
        confirm.html
    );
    assert!(!confirm.html.contains("name=\"til\""), "no button while blocked");
    let queue = hb.get(&format!("/hb/runder/{round}")).await;
    assert!(queue.html.contains("Bus") && queue.html.contains("Folkemødet"));
    for (bid, decision) in [(a, "accepted"), (b, "accepted")] {
        let page = hb
            .post(
                &format!("/hb/runder/{round}/forslag/{bid}/behandling"),
                &[("decision", decision), ("reason", "Passer til KV17")],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
    }

    let (content_type, body) = multipart("m-1,fyn\nm-2,bornholm\nm-3,nowhere\nm-1,fyn\n");
    let path = format!("/hb/runder/{round}/medlemsliste?csrf={}", hb.token());
    let refused = hb.send(Method::POST, &path, Some(&content_type), body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .html
            .contains("Linje 3: &#34;nowhere&#34; er ikke en storkreds."),
        "{}",
        refused.html
    );
    assert!(refused.html.contains("Linje 4: medlemmet står allerede på linje 1."));
    let (content_type, body) = multipart("\u{feff}m-1,fyn\nm-2,bornholm\nm-3,fyn\n");
    let uploaded = hb.send(Method::POST, &path, Some(&content_type), body).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER);
    assert!(hb
        .get(&format!("/hb/runder/{round}"))
        .await
        .html
        .contains("3 medlemmer står på medlemslisten"));

    assert_eq!(hb.post(&fase, &[("til", "voting")]).await.status, StatusCode::SEE_OTHER);
    let mut receipts = Vec::new();
    for (member, storkreds, choice) in [("m-1", "fyn", a), ("m-2", "bornholm", b), ("m-3", "fyn", a)] {
        let mut browser = Browser::new(&app);
        browser.sign_in(Role::Member, member, Some(storkreds)).await;
        let choice = choice.to_string();
        let page = browser
            .post(
                &format!("/runder/{round}/stemme"),
                &[("forslag", choice.as_str()), ("trin", "afgiv")],
            )
            .await;
        receipts.push(text_of(&page.html, "receipt"));
    }
    assert_eq!(hb.post(&fase, &[("til", "closed")]).await.status, StatusCode::SEE_OTHER);
    let mut visitor = Browser::new(&app);
    assert_eq!(
        visitor.get(&format!("/runder/{round}/resultat")).await.status,
        StatusCode::CONFLICT,
        "not public before publication"
    );
    let tallied = hb.post(&format!("/hb/runder/{round}/optaelling"), &[]).await;
    assert_eq!(tallied.location(), format!("/runder/{round}/resultat"));
    assert!(hb
        .get(&tallied.location())
        .await
        .html
        .contains("ikke offentliggjort endnu"));

    let compare = hb.get(&format!("/hb/runder/{round}/sammenlign")).await;
    assert_eq!(compare.status, StatusCode::OK);
    assert!(compare.html.contains("Ikke officielt"));
    for rule in ["Flest stemmer først", "Metoden med lige andele", "Phragméns metode"] {
        assert!(compare.html.contains(rule), "{rule}");
    }
    assert!(compare.html.contains("rundens metode"));

    assert_eq!(
        hb.post(&fase, &[("til", "published")]).await.status,
        StatusCode::SEE_OTHER
    );
    let result = visitor.get(&format!("/runder/{round}/resultat")).await;
    assert_eq!(result.status, StatusCode::OK);
    assert!(
        result
            .html
            .contains("Fordelt 310.000,00 kr. + ikke fordelt 190.000,00 kr. = puljen på 500.000,00 kr."),
        "{}",
        result.html
    );
    // Each bid's reason and the rule's steps are told in Danish, from the tally's own numbers.
    let bus_reason = "Får støtte i trin 1 af metoden med lige andele: 2 tilhængere betalte hver 30.000,00 kr.";
    assert!(result.html.contains(&format!("<p>{bus_reason}</p>")), "{}", result.html);
    assert!(
        result
            .html
            .contains(&format!("Den fælles pulje, trin 1: »Bus«. {bus_reason}")),
        "{}",
        result.html
    );
    assert!(!result.html.contains("på engelsk") && !result.html.contains("<p lang=\"en\">"));
    let mut english = Browser::new(&app);
    english.language = "en-GB,en;q=0.9";
    let result = english.get(&format!("/runder/{round}/resultat")).await;
    assert!(
        result.html.contains(
            "The common pool, step 1: “Bus”. Funded in step 1 of equal shares: 2 supporters paid DKK 30,000.00 each."
        ),
        "{}",
        result.html
    );
    assert!(
        result.html.contains("<h3 lang=\"da\">Bus</h3>"),
        "the board's Danish title is marked as Danish on an English page"
    );
    let typed = receipts[1].replace('-', " ").to_uppercase();
    let search = visitor
        .get(&format!(
            "/runder/{round}/resultat?kvittering={}",
            typed.replace(' ', "+")
        ))
        .await;
    assert!(
        search.html.contains("Din stemme er talt med: Folkemødet"),
        "{}",
        search.html
    );
    let missing = visitor
        .get(&format!("/runder/{round}/resultat?kvittering={}", "0".repeat(32)))
        .await;
    assert!(missing.html.contains("Der er ingen talt stemme"));
    let malformed = visitor.get(&format!("/runder/{round}/resultat?kvittering=abc")).await;
    assert!(malformed.html.contains("Det ligner ikke en kvitteringskode"));
    assert!(
        malformed.html.contains("3 stemmer er talt med."),
        "the page counts the published ballots: {}",
        malformed.html
    );
    for download in ["offentliggoerelse.json", "stemmer.json", "runde.pb"] {
        let file = visitor.get(&format!("/runder/{round}/resultat/{download}")).await;
        assert_eq!(file.status, StatusCode::OK, "{download}");
    }
    let log = hb.get(&format!("/hb/runder/{round}/log")).await;
    assert!(log.html.contains("Kæden er intakt") && log.html.contains("Fase skiftet"));
}

#[tokio::test]
async fn the_audit_log_pages_newest_first_and_checks_the_whole_chain() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("500000.00").await;
    for n in 1..=53 {
        let submitted = app.submit(round, "fyn", &format!("Forslag {n}"), "100.00").await;
        assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.body);
    }
    let mut hb = Browser::new(&app);
    hb.sign_in(Role::Hb, "hb-anna", None).await;
    let first = hb.get(&format!("/hb/runder/{round}/log")).await;
    assert_eq!(first.status, StatusCode::OK);
    let seqs = |html: &str| -> Vec<i64> {
        html.split("<tr><td class=\"num\">")
            .skip(1)
            .filter_map(|row| row.split('<').next().and_then(|n| n.parse().ok()))
            .collect()
    };
    let newest = seqs(&first.html);
    assert_eq!(newest.len(), 50);
    assert_eq!(newest.first(), Some(&55), "round created, opened for bids, 53 bids");
    assert!(newest.windows(2).all(|w| w[0] == w[1] + 1), "newest first: {newest:?}");
    assert!(first.html.contains("Kæden er intakt") && first.html.contains("Side 1 af 2"));
    assert!(first.html.contains(&format!("/hb/runder/{round}/log?side=2")));
    let older = hb.get(&format!("/hb/runder/{round}/log?side=2")).await;
    assert_eq!(seqs(&older.html), vec![5, 4, 3, 2, 1]);
    assert!(
        older.html.contains("Kæden er intakt"),
        "the verdict covers the whole chain"
    );
    let beyond = hb.get(&format!("/hb/runder/{round}/log?side=99")).await;
    assert_eq!(
        seqs(&beyond.html),
        vec![5, 4, 3, 2, 1],
        "a page past the end shows the last"
    );
}

#[tokio::test]
async fn a_board_records_a_meeting_on_its_pages() {
    let app = spawn_app().await;
    let (round, ids) = app
        .round_open_for_voting("1000.00", &[("fyn", "100.00"), ("fyn", "200.00")])
        .await;
    // member-1 votes online first.
    assert_eq!(app.vote(round, &app.member(1), &[ids[0]]).await.status, StatusCode::OK);
    let mut board = Browser::new(&app);
    board.sign_in(Role::Board, "board-fyn", Some("fyn")).await;
    let round_page = board.get(&format!("/runder/{round}")).await;
    assert!(
        round_page.html.contains(&format!("/runder/{round}/moeder")),
        "{}",
        round_page.html
    );
    let list = board.get(&format!("/runder/{round}/moeder")).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("Opret et møde") && list.html.contains("name=\"storkreds\" value=\"fyn\""));
    let bad = board
        .post(
            &format!("/runder/{round}/moeder"),
            &[("name", " "), ("held_on", "5/12"), ("storkreds", "fyn")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("role=\"alert\""));
    let created = board
        .post(
            &format!("/runder/{round}/moeder"),
            &[
                ("name", "Generalforsamling"),
                ("held_on", "2026-12-05"),
                ("storkreds", "fyn"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    let path = created.location();
    let meeting = board.get(&path).await;
    assert!(meeting.html.contains("Generalforsamling") && meeting.html.contains("5. december 2026"));

    // The member who voted online is named by line, and nobody is checked off.
    let refused = board
        .post(
            &format!("{path}/afkrydsning"),
            &[("medlemmer", "member-2\n\nmember-1\nmember-3\n")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains("Linje 3: member-1 har allerede stemt online"),
        "{}",
        refused.html
    );
    let meeting_id = path.rsplit('/').next().unwrap_or_default().to_owned();
    let api_path = format!("/api/v1/rounds/{round}/meetings/{meeting_id}");
    let untouched = app.get(&api_path, &app.board("fyn")).await;
    assert_eq!(
        untouched.body["checked_off"],
        json!(0),
        "nobody is checked off after a refusal"
    );
    let checked = board
        .post(&format!("{path}/afkrydsning"), &[("medlemmer", "member-2\nmember-3\n")])
        .await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.html);
    let after = board.get(&checked.location()).await;
    assert!(after.html.contains("2 medlemmer er krydset af"), "{}", after.html);

    // A checked-off member's ballot page says so and shows no form.
    let mut member = Browser::new(&app);
    member.sign_in(Role::Member, "member-2", Some("fyn")).await;
    let ballot = member.get(&format!("/runder/{round}/stemme")).await;
    assert!(ballot.html.contains("stemt på papir") && !ballot.html.contains("name=\"forslag\""));

    // Ballots typed one per line: a bad line is named; then the batch goes in.
    let (a, b) = (ids[0].to_string(), ids[1].to_string());
    let unconfirmed = board
        .post(&format!("{path}/stemmesedler"), &[("stemmesedler", a.as_str())])
        .await;
    assert!(
        unconfirmed.html.contains("Sæt kryds for at bekræfte"),
        "{}",
        unconfirmed.html
    );
    let typo = format!("{a}, {b}\n\n999\n");
    let wrong = board
        .post(
            &format!("{path}/stemmesedler"),
            &[("stemmesedler", typo.as_str()), ("endelig", "ja")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .html
            .contains("Linje 3: Forslag nummer 999 er ikke på stemmesedlen"),
        "{}",
        wrong.html
    );
    assert!(wrong
        .html
        .contains("aria-describedby=\"stemmesedler-hint batch-errors\""));
    let still_open = app.get(&api_path, &app.board("fyn")).await;
    assert_eq!(
        (&still_open.body["batch_entered"], &still_open.body["paper_ballots"]),
        (&json!(false), &json!(0)),
        "no ballot is entered after a refusal"
    );
    let good = format!("{a}, {b}\nugyldig\n");
    let entered = board
        .post(
            &format!("{path}/stemmesedler"),
            &[("stemmesedler", good.as_str()), ("endelig", "ja")],
        )
        .await;
    assert_eq!(entered.status, StatusCode::SEE_OTHER, "{}", entered.html);
    let counts = app.get(&api_path, &app.board("fyn")).await;
    assert_eq!(
        (
            &counts.body["checked_off"],
            &counts.body["paper_ballots"],
            &counts.body["spoilt"]
        ),
        (&json!(2), &json!(1), &json!(1))
    );
    let done = board.get(&entered.location()).await;
    assert!(done.html.contains("Stemmesedlerne er indtastet") && !done.html.contains("name=\"stemmesedler\""));

    // Another storkreds' board may not open the meeting.
    let mut other = Browser::new(&app);
    other.sign_in(Role::Board, "board-aarhus", Some("ostjylland")).await;
    assert_eq!(other.get(&path).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn hb_plans_a_meeting_for_a_storkreds_it_chooses() {
    let app = spawn_app().await;
    let (round, _) = app.round_open_for_voting("1000.00", &[("fyn", "100.00")]).await;
    let mut hb = Browser::new(&app);
    hb.sign_in(Role::Hb, "hb-1", None).await;
    let unchosen = hb
        .post(
            &format!("/runder/{round}/moeder"),
            &[("name", "Landsmøde"), ("held_on", "2026-12-05")],
        )
        .await;
    assert_eq!(unchosen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unchosen
            .html
            .contains("id=\"storkreds-error\">Vælg den storkreds, der holder mødet."),
        "{}",
        unchosen.html
    );
    let none = app.get(&format!("/api/v1/rounds/{round}/meetings"), &app.hb()).await;
    assert_eq!(none.body, json!([]), "no meeting is planned after a refusal");
    let created = hb
        .post(
            &format!("/runder/{round}/moeder"),
            &[
                ("name", "Landsmøde"),
                ("held_on", "2026-12-05"),
                ("storkreds", "bornholm"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    let list = hb.get(&format!("/runder/{round}/moeder")).await;
    assert!(
        list.html.contains("Landsmøde") && list.html.contains("Bornholm"),
        "{}",
        list.html
    );
}
