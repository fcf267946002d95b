//! The `medlemsbudget` command line, one module per command. Every option
//! can also be set with the environment variable shown in `--help`; each
//! command takes only the options it uses.

mod audit;
mod import;
mod migrate;
mod openapi;
mod options;
mod serve;
mod signing_key;
mod tally;
mod token;
mod verify;

use clap::{Parser, Subcommand};

pub use self::audit::AuditCommand;
pub use self::import::ImportArgs;
pub use self::migrate::MigrateArgs;
pub use self::options::{BallotSecretArgs, DatabaseArgs, JwtArgs, OidcArgs, SigningArgs};
pub use self::serve::ServeArgs;
pub use self::signing_key::SigningKeyArgs;
pub use self::tally::{TallyArgs, TallyFormat};
pub use self::token::TokenArgs;
pub use self::verify::VerifyArgs;
use crate::telemetry::{self, LogFormat};

/// Participatory budgeting for a membership organisation.
#[derive(Debug, Parser)]
#[command(name = "medlemsbudget", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Log format.
    #[arg(
        long,
        env = "MEDLEMSBUDGET_LOG_FORMAT",
        hide_env_values = true,
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
    Serve(Box<ServeArgs>),
    /// Print a signed token for trying the API.
    Token(TokenArgs),
    /// Print the OpenAPI document.
    Openapi,
    /// Run migrations and exit.
    Migrate(MigrateArgs),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Run an allocation rule on a Pabulib `.pb` file and print the outcome.
    Tally(TallyArgs),
    /// Create a closed round from a Pabulib `.pb` file (e.g. an export), to try rules on real ballots.
    Import(ImportArgs),
    /// Print the public key that verifies this service's signed publications.
    SigningKey(SigningKeyArgs),
    /// Check a published round: its signature, its ballot list, a recount of
    /// its Pabulib file, and (with a database) its records.
    Verify(VerifyArgs),
}

/// Parses the command line and runs the command; the binary's whole `main`.
pub fn main() -> std::process::ExitCode {
    match run(Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("medlemsbudget: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs the command `cli` names; an error is a message for the operator.
/// The async runtime and the logging start only for the commands that need
/// them: `tally` and `openapi` run without either, so a tally of a file
/// costs no more than reading it and running the rule.
pub fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Tally(ref args) => tally::run(args),
        Command::Openapi => openapi::run(),
        Command::SigningKey(ref args) => signing_key::run(args),
        Command::Token(ref args) => {
            telemetry::init(cli.log_format);
            token::run(args)
        }
        Command::Serve(ref args) => in_runtime(cli.log_format, serve::run(args)),
        Command::Migrate(ref args) => in_runtime(cli.log_format, migrate::run(args)),
        Command::Audit(ref command) => in_runtime(cli.log_format, audit::run(command)),
        Command::Import(ref args) => in_runtime(cli.log_format, import::run(args)),
        Command::Verify(ref args) => in_runtime(cli.log_format, verify::run(args)),
    }
}

fn in_runtime(
    log_format: LogFormat,
    command: impl std::future::Future<Output = Result<(), String>>,
) -> Result<(), String> {
    telemetry::init(log_format);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?
        .block_on(command)
}
