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

/// What the page run needs.
pub struct Visit<'a> {
    pub client: &'a reqwest::Client,
    pub base: &'a str,
    pub round: i64,
    /// The cookie header of a member's session.
    pub member: &'a str,
    /// The cookie header of HB's session.
    pub hb: &'a str,
    pub concurrency: usize,
    pub duration: Duration,
    /// Only the pages whose path ends with this, when given.
    pub only: Option<&'a str>,
}

/// Times every page in turn; `Ok(false)` when any answer was not 2xx.
pub async fn run(visit: &Visit<'_>, json: bool) -> Result<bool, String> {
    let round = visit.round;
    let pages: Vec<(String, Option<&str>)> = vec![
        ("/".into(), None),
        (format!("/runder/{round}"), None),
        (format!("/runder/{round}"), Some(visit.member)),
        (format!("/runder/{round}/stemme"), Some(visit.member)),
        (format!("/hb/runder/{round}"), Some(visit.hb)),
        (format!("/hb/runder/{round}/log"), Some(visit.hb)),
    ];
    let mut all_ok = true;
    for (path, cookie) in pages {
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
        let who = match cookie {
            None => "visitor",
            Some(t) if t == visit.hb => "HB",
            Some(_) => "member",
        };
        let report = tally.report(
            format!("GET {path} as {who}"),
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
