//! The `medlemsbudget` binary.

fn main() -> std::process::ExitCode {
    medlemsbudget::cli::main()
}
