//! `medlemsbudget import FILE.pb`: a Pabulib file becomes a closed round.

use clap::Args;
use medlemsbudget_domain::round_file::import;
use medlemsbudget_domain::Storkreds;

use super::{BallotSecretArgs, DatabaseArgs, SigningArgs};
use crate::services::{import::import_round, Services};

/// Options of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Pabulib file.
    pub file: std::path::PathBuf,
    /// The storkreds of projects and voters the file does not place (slug).
    #[arg(long, default_value = "kobenhavn")]
    pub storkreds: String,
    /// The database.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The ballot secret.
    #[command(flatten)]
    pub ballot: BallotSecretArgs,
    /// The key that signs publications (of the imported round, once published).
    #[command(flatten)]
    pub signing: SigningArgs,
}

/// Reads the file and stores it as a closed round.
pub async fn run(args: &ImportArgs) -> Result<(), String> {
    let storkreds: Storkreds = args.storkreds.parse().map_err(|e| format!("--storkreds: {e}"))?;
    let text = std::fs::read_to_string(&args.file).map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let round = import(&text, storkreds).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let keys = args.ballot.keys(&args.database)?;
    let signer = args.signing.signer(&args.database)?;
    let db = args.database.connect_migrated(2).await?;
    let services = Services::new(db, keys, signer);
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = import_round(&services, round, &name)
        .await
        .map_err(|e| format!("cannot store the round: {e}"))?;
    println!(
        "imported {} as round {id} (phase closed): tally it with POST /api/v1/rounds/{id}/tally",
        args.file.display()
    );
    Ok(())
}
