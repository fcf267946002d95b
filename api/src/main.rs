//! The `medlemsbudget` binary.

use std::process::ExitCode;

use clap::Parser;
use medlemsbudget::cli::Cli;

fn main() -> ExitCode {
    match medlemsbudget::serve::run_blocking(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("medlemsbudget: {message}");
            ExitCode::FAILURE
        }
    }
}
