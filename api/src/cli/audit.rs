//! `medlemsbudget audit verify`: recomputes every round's audit chain.

use clap::Subcommand;

use super::DatabaseArgs;
use crate::store;

/// `audit` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute every round's hash chain; exit 1 if an event was edited or deleted.
    Verify(DatabaseArgs),
}

/// Runs the subcommand.
pub async fn run(command: &AuditCommand) -> Result<(), String> {
    let AuditCommand::Verify(database) = command;
    let db = database.connect(1).await?;
    let verdicts = store::audit::verify_all(&db)
        .await
        .map_err(|e| format!("cannot read the audit log: {e}"))?;
    let mut broken = 0;
    for verdict in &verdicts {
        match verdict {
            Ok((round, events)) => println!("round {round}: {events} events, chain intact"),
            Err(problem) => {
                broken += 1;
                println!("BROKEN {problem}");
            }
        }
    }
    if broken == 0 {
        println!("audit log intact: {} round(s) checked", verdicts.len());
        Ok(())
    } else {
        Err(format!("the audit log is broken in {broken} round(s)"))
    }
}
