//! `medlemsbudget migrate`: brings the database's schema up to date.

use clap::Args;

use super::DatabaseArgs;

/// Options of `migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
}

/// Runs the migrations.
pub async fn run(args: &MigrateArgs) -> Result<(), String> {
    args.database.connect_migrated(2).await?;
    println!("migrations are up to date");
    Ok(())
}
