//! The `medlemsbudget` binary, built inside the tests crate so that the
//! end-to-end tests can run it: cargo names a binary to a test
//! (`CARGO_BIN_EXE_<name>`) only when both are in one package. It does
//! exactly what `api/src/main.rs` does; clap's `#[command(name = "medlemsbudget")]`
//! keeps the program name in usage and errors.

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
