//! Counting what the workers saw and reporting it as text or JSON; shared by
//! `medlemsbudget-load` and `medlemsbudget-db-limit` so both print the same
//! figures and the same closing `N passed, N failed` line.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde_json::json;

/// Latencies are recorded in microseconds, up to this many.
const MAX_MICROS: u64 = 120_000_000;
/// Distinct transport error messages kept for the report.
const KEPT_MESSAGES: usize = 10;

/// How one request ended.
pub enum Outcome {
    /// An HTTP answer with this status.
    Status(u16),
    /// No answer: connection refused or reset, timeout, unreadable body
    /// (or, measuring the database alone, a database error).
    Transport(String),
}

/// Latencies and outcomes of one worker, or of all of them merged.
pub struct Tally {
    latency: Histogram<u64>,
    statuses: BTreeMap<u16, u64>,
    transport: u64,
    messages: BTreeMap<String, u64>,
}

impl Tally {
    pub fn new() -> Result<Tally, String> {
        let latency = Histogram::new_with_bounds(1, MAX_MICROS, 3).map_err(|e| format!("histogram: {e}"))?;
        Ok(Tally {
            latency,
            statuses: BTreeMap::new(),
            transport: 0,
            messages: BTreeMap::new(),
        })
    }

    pub fn record(&mut self, latency: Duration, outcome: Outcome) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(MAX_MICROS);
        self.latency.saturating_record(micros.clamp(1, MAX_MICROS));
        match outcome {
            Outcome::Status(status) => *self.statuses.entry(status).or_default() += 1,
            Outcome::Transport(message) => {
                self.transport += 1;
                if self.messages.len() < KEPT_MESSAGES || self.messages.contains_key(&message) {
                    *self.messages.entry(message).or_default() += 1;
                }
            }
        }
    }

    pub fn merge(&mut self, other: &Tally) -> Result<(), String> {
        self.latency
            .add(&other.latency)
            .map_err(|e| format!("histogram: {e}"))?;
        for (status, n) in &other.statuses {
            *self.statuses.entry(*status).or_default() += n;
        }
        self.transport += other.transport;
        for (message, n) in &other.messages {
            if self.messages.len() < KEPT_MESSAGES || self.messages.contains_key(message) {
                *self.messages.entry(message.clone()).or_default() += n;
            }
        }
        Ok(())
    }

    /// The report of a run against `target` (a description) with `concurrency`
    /// workers; `unit` names what one success is ("ballots", "transactions").
    pub fn report(&self, target: String, unit: &'static str, concurrency: usize, elapsed: Duration) -> Report {
        let count = |pred: fn(u16) -> bool| self.statuses.iter().filter(|(s, _)| pred(**s)).map(|(_, n)| n).sum();
        let passed: u64 = count(|s| (200..300).contains(&s));
        let server_errors: u64 = count(|s| s >= 500);
        let requests = self.latency.len();
        let ms = |micros: u64| micros as f64 / 1000.0;
        let seconds = elapsed.as_secs_f64().max(f64::MIN_POSITIVE);
        Report {
            target,
            unit,
            concurrency,
            elapsed_s: seconds,
            requests,
            ok_per_s: passed as f64 / seconds,
            requests_per_s: requests as f64 / seconds,
            p50_ms: ms(self.latency.value_at_quantile(0.50)),
            p95_ms: ms(self.latency.value_at_quantile(0.95)),
            p99_ms: ms(self.latency.value_at_quantile(0.99)),
            max_ms: ms(self.latency.max()),
            mean_ms: self.latency.mean() / 1000.0,
            statuses: self.statuses.clone(),
            transport_errors: self.transport,
            messages: self.messages.clone(),
            server_errors,
            passed,
            failed: requests.saturating_sub(passed),
        }
    }
}

/// The outcome of a run.
pub struct Report {
    target: String,
    unit: &'static str,
    concurrency: usize,
    elapsed_s: f64,
    requests: u64,
    /// Successful requests (2xx) per second.
    pub ok_per_s: f64,
    requests_per_s: f64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    mean_ms: f64,
    statuses: BTreeMap<u16, u64>,
    transport_errors: u64,
    messages: BTreeMap<String, u64>,
    server_errors: u64,
    /// Requests answered 2xx.
    pub passed: u64,
    /// Every other request: 3xx, 4xx, 5xx and transport errors.
    pub failed: u64,
}

impl Report {
    /// No 5xx, no transport error, and at least one ballot accepted.
    pub fn ok(&self) -> bool {
        self.server_errors == 0 && self.transport_errors == 0 && self.passed > 0
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "target       {}, concurrency {}", self.target, self.concurrency);
        let _ = writeln!(
            out,
            "requests     {} in {:.2} s: {:.1} {}/s succeeded ({:.1} requests/s)",
            self.requests, self.elapsed_s, self.ok_per_s, self.unit, self.requests_per_s
        );
        let _ = writeln!(
            out,
            "latency ms   p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}  mean {:.2}",
            self.p50_ms, self.p95_ms, self.p99_ms, self.max_ms, self.mean_ms
        );
        let statuses: Vec<String> = self.statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
        let _ = writeln!(out, "statuses     {}", statuses.join(", "));
        let _ = writeln!(out, "transport    {} errors", self.transport_errors);
        for (message, n) in &self.messages {
            let _ = writeln!(out, "  {n} x {message}");
        }
        out
    }

    pub fn to_json(&self) -> String {
        let statuses: serde_json::Map<String, serde_json::Value> =
            self.statuses.iter().map(|(s, n)| (s.to_string(), json!(n))).collect();
        json!({
            "target": self.target,
            "concurrency": self.concurrency,
            "elapsed_s": self.elapsed_s,
            "requests": self.requests,
            "unit": self.unit,
            "ok_per_s": self.ok_per_s,
            "requests_per_s": self.requests_per_s,
            "latency_ms": {"p50": self.p50_ms, "p95": self.p95_ms, "p99": self.p99_ms, "max": self.max_ms, "mean": self.mean_ms},
            "statuses": statuses,
            "transport_errors": self.transport_errors,
            "transport_messages": self.messages,
            "server_errors": self.server_errors,
            "passed": self.passed,
            "failed": self.failed,
        })
        .to_string()
    }
}
