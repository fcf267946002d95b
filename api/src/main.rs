//! The `medlemsbudget` binary.

use std::process::ExitCode;

use clap::Parser;
use medlemsbudget::cli::Cli;

#[tokio::main]
async fn main() -> ExitCode {
    match medlemsbudget::serve::run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("medlemsbudget: {message}");
            ExitCode::FAILURE
        }
    }
}
