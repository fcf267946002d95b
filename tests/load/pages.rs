//! `--mode pages`: each page a visitor, a member and HB open, timed in turn
//! at the same concurrency, one report per page.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::report::{Outcome, Tally};

/// The form token the load sends in its cookie and its forms (the pages
/// compare the two; any 48 hex digits will do).
pub const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef";

/// Signs in with `token` as the pages' token sign-in does (`POST
/// /log-ind/noegle`) and returns the cookie header of that session.
pub async fn sign_in(base: &str, token: &str) -> Result<String, String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let body = serde_html_form::to_string([("token", token), ("csrf", CSRF)]).unwrap_or_default();
    let response = client
        .post(format!("{base}/log-ind/noegle"))
        .header(reqwest::header::COOKIE, format!("mb_csrf={CSRF}"))
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(|e| format!("cannot sign in: {e}"))?;
    let status = response.status();
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| value.strip_prefix("mb_session="))
        .and_then(|rest| rest.split(';').next())
        .map(|session| format!("mb_session={session}; mb_csrf={CSRF}"))
        .ok_or_else(|| format!("signing in with a token answered {status} without a session"))
}

/// Who opens a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Visitor,
    Member,
    Board,
    Hb,
}

impl Who {
    fn name(self) -> &'static str {
        match self {
            Who::Visitor => "visitor",
            Who::Member => "member",
            Who::Board => "board",
            Who::Hb => "HB",
        }
    }
}

/// What the page run needs.
pub struct Visit<'a> {
    pub client: &'a reqwest::Client,
    pub base: &'a str,
    /// The pages, each with who opens it.
    pub pages: Vec<(String, Who)>,
    /// The cookie header of a member's session.
    pub member: &'a str,
    /// The cookie header of a storkreds board's session.
    pub board: &'a str,
    /// The cookie header of HB's session.
    pub hb: &'a str,
    pub concurrency: usize,
    pub duration: Duration,
    /// Only the pages whose path ends with this, when given.
    pub only: Option<&'a str>,
}

/// The pages of a round in voting, as each of them opens them (`bid` is one
/// of its bids, made by the board).
pub fn of_voting_round(round: i64, bid: i64) -> Vec<(String, Who)> {
    vec![
        ("/".into(), Who::Visitor),
        ("/log-ind".into(), Who::Visitor),
        (format!("/runder/{round}"), Who::Visitor),
        (format!("/runder/{round}"), Who::Member),
        (format!("/runder/{round}/stemme"), Who::Member),
        (format!("/runder/{round}/kode"), Who::Visitor),
        (format!("/runder/{round}/forslag/{bid}"), Who::Board),
        (format!("/runder/{round}/moeder"), Who::Board),
        ("/hb/runder/ny".into(), Who::Hb),
        (format!("/hb/runder/{round}"), Who::Hb),
        (format!("/hb/runder/{round}/fase"), Who::Hb),
        (format!("/hb/runder/{round}/log"), Who::Hb),
    ]
}

/// The pages of a published round (`bid` is one of its bids, `receipt` a
/// counted ballot's receipt code).
pub fn of_published_round(round: i64, bid: i64, receipt: &str) -> Vec<(String, Who)> {
    vec![
        (format!("/runder/{round}"), Who::Visitor),
        (format!("/runder/{round}/resultat"), Who::Visitor),
        (format!("/runder/{round}/resultat?kvittering={receipt}"), Who::Visitor),
        (format!("/runder/{round}/opfoelgning"), Who::Visitor),
        (format!("/runder/{round}/opfoelgning/{bid}"), Who::Visitor),
        (format!("/hb/runder/{round}"), Who::Hb),
        (format!("/hb/runder/{round}/sammenlign"), Who::Hb),
        (format!("/hb/runder/{round}/log"), Who::Hb),
    ]
}

/// Times every page in turn; `Ok(false)` when any answer was not 2xx.
pub async fn run(visit: &Visit<'_>, json: bool) -> Result<bool, String> {
    let mut all_ok = true;
    for (path, who) in &visit.pages {
        let cookie = match who {
            Who::Visitor => None,
            Who::Member => Some(visit.member),
            Who::Board => Some(visit.board),
            Who::Hb => Some(visit.hb),
        };
        if visit.only.is_some_and(|only| !path.ends_with(only)) {
            continue;
        }
        let url = format!("{}{path}", visit.base);
        let deadline = Instant::now() + visit.duration;
        let started = Instant::now();
        let mut workers = Vec::new();
        for _ in 0..visit.concurrency {
            let client = visit.client.clone();
            let url = url.clone();
            let cookie = cookie.map(str::to_owned);
            workers.push(tokio::spawn(async move {
                let mut tally = Tally::new()?;
                while Instant::now() < deadline {
                    let mut request = client.get(&url);
                    if let Some(cookie) = &cookie {
                        request = request.header(reqwest::header::COOKIE, cookie);
                    }
                    let sent = Instant::now();
                    let outcome = match request.send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            match response.bytes().await {
                                Ok(_) => Outcome::Status(status),
                                Err(e) => Outcome::Transport(e.to_string()),
                            }
                        }
                        Err(e) => Outcome::Transport(e.to_string()),
                    };
                    tally.record(sent.elapsed(), outcome);
                }
                Ok::<Tally, String>(tally)
            }));
        }
        let mut tally = Tally::new()?;
        for worker in workers {
            tally.merge(&worker.await.map_err(|e| format!("a worker failed: {e}"))??)?;
        }
        let report = tally.report(
            format!("GET {path} as {}", who.name()),
            "pages",
            visit.concurrency,
            started.elapsed(),
        );
        all_ok &= report.ok() && report.failed == 0;
        let text = if json {
            report.to_json() + "\n"
        } else {
            report.to_text()
        };
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{text}");
        let _ = stdout.flush();
    }
    Ok(all_ok)
}
