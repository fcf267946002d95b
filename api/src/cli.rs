//! The `medlemsbudget` command line: `serve`, `token`, `openapi`, `migrate`.
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
    /// Create a demo KV17 round (if not there yet) and print tokens to try it with.
    #[arg(long, env = "MEDLEMSBUDGET_DEMO")]
    pub demo: bool,
}

/// Options of `token`.
#[derive(Debug, Args)]
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
