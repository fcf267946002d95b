//! `--mode pages`: each page a visitor, a member and HB open, timed in turn
//! at the same concurrency, one report per page.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::report::{Outcome, Tally};

/// The form token the load sends in its cookie and its forms (the pages
/// compare the two; any 48 hex digits will do).
pub const CSRF: &str = "0123456789abcdef0123456789abcdef0123456789abcdef";

/// The cookie of a visitor signed in with `token`.
pub fn cookie(token: &str) -> String {
    format!("mb_session={token}; mb_csrf={CSRF}")
}

/// What the page run needs.
pub struct Visit<'a> {
    pub client: &'a reqwest::Client,
    pub base: &'a str,
    pub round: i64,
    pub member: &'a str,
    pub hb: &'a str,
    pub concurrency: usize,
    pub duration: Duration,
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
    for (path, token) in pages {
        let url = format!("{}{path}", visit.base);
        let deadline = Instant::now() + visit.duration;
        let started = Instant::now();
        let mut workers = Vec::new();
        for _ in 0..visit.concurrency {
            let client = visit.client.clone();
            let url = url.clone();
            let cookie = token.map(cookie);
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
        let who = match token {
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
