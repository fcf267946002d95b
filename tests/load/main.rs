//! `medlemsbudget-load`: members cast and revise ballots against a running
//! `medlemsbudget serve` at full speed for a fixed time, and the run is
//! reported as ballots per second, latency percentiles and status counts.
//!
//! Each of `--concurrency` workers owns a fixed share of the `--members`
//! (member `i` belongs to worker `i % concurrency`), so one member's ballots
//! are always written one after the other, never racing each other. Workers
//! stop on their own at the deadline; a request still in flight then is
//! finished (bounded by `--timeout`) and counted.
//!
//! `--mode form` casts the same ballots through the web page's form (signed
//! in by cookie, review step skipped), and `--mode pages` times each page a
//! visitor, a member, a board and HB open, one page after another: those of
//! the round in voting, then (with `--setup`) those of a round that is voted
//! on, counted and published for it.
//!
//! Exit status: 0 when every request got an answer below 500 and at least one
//! ballot was accepted, 1 otherwise (any 5xx or transport error), 2 when the
//! run could not start.

mod pages;
mod published;
mod report;
mod runner;
mod setup;

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use medlemsbudget::auth::{Claims, Role, TokenKeys};
use medlemsbudget_domain::Storkreds;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use report::{Outcome, Tally};

/// What the load sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Mode {
    /// `PUT /api/v1/rounds/{id}/ballot` with a bearer token.
    Api,
    /// `POST /runder/{id}/stemme`, the ballot page's form, signed in by cookie.
    Form,
    /// `GET` each page in turn (`--duration` seconds each).
    Pages,
}

/// Load generator for the ballot endpoint and the pages of medlemsbudget.
#[derive(Debug, Parser)]
#[command(name = "medlemsbudget-load", version, about)]
struct Options {
    /// Where the service listens.
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    base_url: String,
    /// The service's HS256 secret, to mint member (and, with `--setup`, HB and board) tokens.
    #[arg(long, env = "MEDLEMSBUDGET_JWT_SECRET", hide_env_values = true)]
    jwt_secret: String,
    /// How many distinct members vote (tokens are minted before the clock starts).
    #[arg(long, default_value_t = 1000)]
    members: usize,
    /// Requests in flight at once (one worker each).
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// How long to cast ballots, in seconds.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Create a round in `voting` with `--bids` accepted bids and vote in it.
    #[arg(long, conflicts_with = "round", required_unless_present = "round")]
    setup: bool,
    /// Vote in this existing round (it must be in `voting`).
    #[arg(long)]
    round: Option<i64>,
    /// Accepted bids in the round `--setup` creates.
    #[arg(long, default_value_t = 10)]
    bids: usize,
    /// With `--setup`: import an electorate roll of this many members (the
    /// voting members first, then others) before voting opens; 0 for no roll.
    #[arg(long, default_value_t = 0)]
    roll: usize,
    /// Storkreds of the members (and of the board that bids with `--setup`).
    #[arg(long, default_value = "fyn")]
    storkreds: Storkreds,
    /// Give up on one request after this many seconds (counted as a transport error).
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Threads of the generator's own runtime; keep it small on a machine shared with the server.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// What to send.
    #[arg(long, value_enum, default_value_t = Mode::Api)]
    mode: Mode,
    /// Print the report as one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// With `--mode pages --setup`: members of the `--roll` who vote in the
    /// round that is then closed, counted and published for the pages of a
    /// finished vote.
    #[arg(long, default_value_t = 5000)]
    voters: usize,
    /// With `--mode pages`: time only the pages whose path ends with this
    /// (for example `/log`); every page when absent.
    #[arg(long)]
    page: Option<String>,
}

fn main() -> ExitCode {
    let options = Options::parse();
    let threads = options.threads.max(1);
    runner::run_to_exit("medlemsbudget-load", threads, run(options))
}

/// Runs the load; `Ok(false)` when the report shows a server or transport error.
async fn run(options: Options) -> Result<bool, String> {
    if options.concurrency == 0 || options.members < options.concurrency {
        return Err(format!(
            "--members ({}) must be at least --concurrency ({}), which must be at least 1, so that no member races itself",
            options.members, options.concurrency
        ));
    }
    if !(options.duration > 0.0 && options.duration.is_finite()) {
        return Err("--duration must be a positive number of seconds".into());
    }
    let base = options.base_url.trim_end_matches('/').to_owned();
    let keys = TokenKeys::from_secret(&options.jwt_secret).map_err(|e| format!("--jwt-secret: {e}"))?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(options.concurrency)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(options.timeout))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let ttl = options.duration.ceil() as i64 + options.timeout as i64 + 3600;
    let sign = |role: Role, sub: String, storkreds: Option<Storkreds>| {
        keys.sign(&Claims::new(sub, role, storkreds, ttl))
            .map_err(|e| format!("cannot sign a token: {e}"))
    };
    let target = match options.round {
        Some(round) => setup::existing(&client, &base, &sign(Role::Hb, "load-hb".into(), None)?, round).await?,
        None => {
            let hb = sign(Role::Hb, "load-hb".into(), None)?;
            let board = sign(
                Role::Board,
                format!("load-board-{}", options.storkreds.slug()),
                Some(options.storkreds),
            )?;
            let roll = setup::Roll {
                members: options.roll,
                voting: options.members,
                storkreds: options.storkreds,
            };
            setup::create(&client, &base, &hb, &board, options.bids, &roll).await?
        }
    };
    let mut tokens = Vec::with_capacity(options.members);
    for i in 0..options.members {
        tokens.push(sign(Role::Member, format!("load-member-{i}"), Some(options.storkreds))?);
    }
    if options.mode == Mode::Pages {
        let hb = pages::sign_in(&base, &sign(Role::Hb, "load-hb".into(), None)?).await?;
        let Some(member) = tokens.first() else {
            return Err("--members must be at least 1".into());
        };
        let member = pages::sign_in(&base, member).await?;
        let board = sign(
            Role::Board,
            format!("load-board-{}", options.storkreds.slug()),
            Some(options.storkreds),
        )?;
        let board = pages::sign_in(&base, &board).await?;
        let Some(&bid) = target.bids.first() else {
            return Err(format!("round {} has no accepted bid", target.round));
        };
        let mut visit = pages::Visit {
            client: &client,
            base: &base,
            pages: pages::of_voting_round(target.round, bid),
            member: &member,
            board: &board,
            hb: &hb,
            concurrency: options.concurrency,
            duration: Duration::from_secs_f64(options.duration),
            only: options.page.as_deref(),
        };
        let mut all_ok = pages::run(&visit, options.json).await?;
        if options.setup {
            let shape = published::Shape {
                bids: options.bids,
                roll: options.roll,
                voters: options.voters,
                concurrency: options.concurrency,
            };
            let done = published::create(&client, &base, &sign, &shape).await?;
            visit.pages = pages::of_published_round(done.round, done.bid, &done.receipt);
            all_ok &= pages::run(&visit, options.json).await?;
        }
        return Ok(all_ok);
    }
    if options.mode == Mode::Form {
        // The form signs in by session cookie: one session per member, before the clock starts.
        let mut cookies = Vec::with_capacity(tokens.len());
        for token in &tokens {
            cookies.push(pages::sign_in(&base, token).await?);
        }
        tokens = cookies;
    }
    let url = match options.mode {
        Mode::Form => format!("{base}/runder/{}/stemme", target.round),
        _ => format!("{base}/api/v1/rounds/{}/ballot", target.round),
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(options.duration);
    let mut workers = Vec::with_capacity(options.concurrency);
    for worker in 0..options.concurrency {
        let mine: Vec<String> = tokens
            .iter()
            .skip(worker)
            .step_by(options.concurrency)
            .cloned()
            .collect();
        let job = Worker {
            client: client.clone(),
            url: url.clone(),
            tokens: mine,
            bids: target.bids.clone(),
            max_approvals: target.max_approvals,
            seed: worker as u64,
            form: options.mode == Mode::Form,
        };
        workers.push(tokio::spawn(job.run(deadline)));
    }
    let mut tally = Tally::new()?;
    for worker in workers {
        let part = worker.await.map_err(|e| format!("a worker failed: {e}"))??;
        tally.merge(&part)?;
    }
    let elapsed = started.elapsed();
    let method = if options.mode == Mode::Form { "POST" } else { "PUT" };
    let label = format!("{method} {url}, {} members", options.members);
    let report = tally.report(label, "ballots", options.concurrency, elapsed);
    let text = if options.json {
        report.to_json() + "\n"
    } else {
        report.to_text()
    };
    // A closed pipe (`| head -1`) is not a failed run.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}{} passed, {} failed", report.passed, report.failed);
    let _ = stdout.flush();
    Ok(report.ok())
}

/// An error with its causes ("error sending request: … : Connection refused").
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// One worker: its members, in turn, until the deadline.
struct Worker {
    client: reqwest::Client,
    url: String,
    /// Its members: bearer tokens for the API, session cookie headers for the form.
    tokens: Vec<String>,
    bids: Vec<i64>,
    max_approvals: usize,
    seed: u64,
    /// Through the ballot page's form instead of the API.
    form: bool,
}

impl Worker {
    async fn run(self, deadline: Instant) -> Result<Tally, String> {
        let mut tally = Tally::new()?;
        let mut rng = StdRng::seed_from_u64(0x6d62_0000 + self.seed);
        let mut turn = 0usize;
        while Instant::now() < deadline {
            let token = &self.tokens[turn % self.tokens.len()];
            turn += 1;
            let approvals = self.approvals(&mut rng);
            let sent = Instant::now();
            let request = if self.form {
                let mut fields: Vec<(&str, String)> = vec![("csrf", pages::CSRF.to_owned()), ("trin", "afgiv".into())];
                fields.extend(approvals.iter().map(|id| ("forslag", id.to_string())));
                self.client
                    .post(&self.url)
                    .header(reqwest::header::COOKIE, token)
                    .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(serde_html_form::to_string(&fields).unwrap_or_default())
            } else {
                self.client
                    .put(&self.url)
                    .bearer_auth(token)
                    .json(&serde_json::json!({ "approvals": approvals }))
            };
            let response = request.send().await;
            let outcome = match response {
                // Read the whole body: the request is done when the answer is.
                Ok(response) => {
                    let status = response.status().as_u16();
                    match response.bytes().await {
                        Ok(_) => Outcome::Status(status),
                        Err(e) => Outcome::Transport(chain(&e)),
                    }
                }
                Err(e) => Outcome::Transport(chain(&e)),
            };
            tally.record(sent.elapsed(), outcome);
        }
        Ok(tally)
    }

    /// A random set of distinct accepted bids, within the round's limit (may be blank).
    fn approvals(&self, rng: &mut StdRng) -> Vec<i64> {
        let limit = self.max_approvals.min(self.bids.len());
        let n = rng.gen_range(0..=limit);
        rand::seq::index::sample(rng, self.bids.len(), n)
            .into_iter()
            .map(|i| self.bids[i])
            .collect()
    }
}
