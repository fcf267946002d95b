//! The `main` both load tools share: a multi-thread runtime, the run, and
//! the exit status (0 all passed, 1 some failed, 2 the tool itself failed).

use std::future::Future;
use std::process::ExitCode;

/// Runs `run` on a runtime of `threads` workers (0: one per core) and turns
/// its result into `tool`'s exit status.
pub fn run_to_exit(tool: &str, threads: usize, run: impl Future<Output = Result<bool, String>>) -> ExitCode {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if threads > 0 {
        builder.worker_threads(threads);
    }
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("{tool}: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("{tool}: {e}");
            ExitCode::from(2)
        }
    }
}
