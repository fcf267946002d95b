//! The `medlemsbudget` binary, built inside the tests crate so that the
//! end-to-end tests can run it: cargo names a binary to a test
//! (`CARGO_BIN_EXE_<name>`) only when both are in one package. Like
//! `api/src/main.rs`, it is the library's command line and nothing else.

fn main() -> std::process::ExitCode {
    medlemsbudget::cli::main()
}
