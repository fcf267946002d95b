//! The `medlemsbudget` command line: `serve`, `token`, `openapi`, `migrate`, `audit`, `tally`, `import`.
//! Every flag can also be set with the environment variable shown in `--help`.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

use crate::auth::Role;
use crate::db::DEFAULT_DATABASE_URL;
use crate::secret::Secret;
use crate::telemetry::LogFormat;

/// Participatory budgeting for a membership organisation.
#[derive(Debug, Parser)]
#[command(name = "medlemsbudget", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Database URL: `sqlite://FILE` (created if missing) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "MEDLEMSBUDGET_DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,
    /// Secret for HS256 tokens, at least 32 bytes. Without it, a secret is
    /// generated and kept beside the SQLite database (`FILE.jwt-secret`).
    #[arg(long, env = "MEDLEMSBUDGET_JWT_SECRET", hide_env_values = true, global = true)]
    pub jwt_secret: Option<Secret>,
    /// Secret (at least 32 bytes) that turns member ids into ballot keys; keep
    /// it for the whole voting phase. Without it, one is generated and kept
    /// beside the SQLite database (`FILE.ballot-secret`).
    #[arg(long, env = "MEDLEMSBUDGET_BALLOT_SECRET", hide_env_values = true, global = true)]
    pub ballot_secret: Option<Secret>,
    /// Public keys of the party's member system for RS256/ES256/EdDSA tokens:
    /// comma-separated JWKS files (`.json`, keys chosen by `kid`) or PEM files
    /// (the file name without extension is the `kid`). Several keys allow rotation.
    #[arg(long, env = "MEDLEMSBUDGET_JWT_PUBLIC_KEYS", value_delimiter = ',', global = true)]
    pub jwt_public_keys: Vec<std::path::PathBuf>,
    /// The issuer (`iss`) every token must name, if set.
    #[arg(long, env = "MEDLEMSBUDGET_JWT_ISSUER", global = true)]
    pub jwt_issuer: Option<String>,
    /// The audience (`aud`) every token must name, if set.
    #[arg(long, env = "MEDLEMSBUDGET_JWT_AUDIENCE", global = true)]
    pub jwt_audience: Option<String>,
    /// Clock skew tolerated on `exp`/`nbf`, in seconds (at most 60).
    #[arg(long, env = "MEDLEMSBUDGET_JWT_LEEWAY", default_value_t = 30, global = true)]
    pub jwt_leeway: u64,
    /// Log format.
    #[arg(
        long,
        env = "MEDLEMSBUDGET_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run migrations, then serve the API.
    Serve(ServeArgs),
    /// Print a signed token for trying the API.
    Token(TokenArgs),
    /// Print the OpenAPI document.
    Openapi,
    /// Run migrations and exit.
    Migrate,
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Run an allocation rule on a Pabulib `.pb` file and print the outcome.
    Tally(TallyArgs),
    /// Create a closed round from a Pabulib `.pb` file (e.g. an export), to try rules on real ballots.
    Import(ImportArgs),
}

/// Options of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Pabulib file.
    pub file: std::path::PathBuf,
    /// The storkreds of projects and voters the file does not place (slug).
    #[arg(long, default_value = "kobenhavn")]
    pub storkreds: String,
}

/// Output format of `tally`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TallyFormat {
    /// The JSON report: rule, budget, winners, total cost, every project with its explanation.
    Json,
    /// A table for people.
    Text,
}

/// Options of `tally`.
#[derive(Debug, Args)]
pub struct TallyArgs {
    /// The Pabulib file.
    #[arg(long)]
    pub input: std::path::PathBuf,
    /// `greedy`, `mes` or `phragmen`.
    #[arg(long)]
    pub rule: medlemsbudget_domain::rules::Rule,
    /// `cost`, `cardinality` or `points` (cumulative files).
    #[arg(long, default_value = "cost")]
    pub satisfaction: medlemsbudget_domain::rules::Satisfaction,
    /// MES completion: `none`, `add1` or `add1-greedy`.
    #[arg(long, default_value = "none")]
    pub completion: medlemsbudget_domain::rules::Completion,
    /// Exact ties: `lexicographic` (project ids as strings, like pabutools) or `service`
    /// (fewer kroner, earlier submission, lower id).
    #[arg(long, default_value = "lexicographic")]
    pub tie_break: medlemsbudget_domain::rules::TieBreak,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: TallyFormat,
    /// Also print to stderr how long the work took inside the process:
    /// `timings: parse_ms=… rule_ms=… report_ms=… total_ms=…` (reading and
    /// parsing the file; the rule; the report with its explanations; all of
    /// it, output included).
    #[arg(long)]
    pub timings: bool,
}

/// `audit` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute every round's hash chain; exit 1 if an event was edited or deleted.
    Verify,
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "MEDLEMSBUDGET_BIND", default_value = "127.0.0.1:3000")]
    pub bind: SocketAddr,
    /// Most database connections (PostgreSQL; SQLite always uses one writer).
    #[arg(long, env = "MEDLEMSBUDGET_DB_MAX_CONNECTIONS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_max_connections: u32,
    /// The largest JSON request body, in bytes (the electorate import always takes up to 16 MiB).
    #[arg(long, env = "MEDLEMSBUDGET_BODY_LIMIT", default_value_t = 65_536, value_parser = clap::value_parser!(u64).range(1024..=16_777_216))]
    pub body_limit: u64,
    /// Origins allowed to call the API from a browser (CORS), comma-separated,
    /// e.g. `https://medlem.example.dk`; none by default.
    #[arg(long, env = "MEDLEMSBUDGET_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// After SIGTERM or Ctrl-C, how long requests in flight may take to finish (seconds).
    #[arg(long, env = "MEDLEMSBUDGET_SHUTDOWN_TIMEOUT", default_value_t = 30)]
    pub shutdown_timeout: u64,
    /// Create a demo KV17 round (if not there yet) and print tokens to try it with.
    #[arg(long, env = "MEDLEMSBUDGET_DEMO")]
    pub demo: bool,
}

/// Options of `token`.
#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// `hb`, `board` or `member`.
    #[arg(long)]
    pub role: Role,
    /// The subject: a member or user id.
    #[arg(long)]
    pub sub: String,
    /// The storkreds slug (required for board and member).
    #[arg(long)]
    pub storkreds: Option<String>,
    /// Lifetime in seconds.
    #[arg(long, default_value_t = 8 * 3600, value_parser = clap::value_parser!(i64).range(1..=31_536_000))]
    pub ttl: i64,
}
