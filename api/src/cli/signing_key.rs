//! `medlemsbudget signing-key`: prints the public key that verifies this
//! service's publications, for members to check them with.

use clap::Args;

use super::{DatabaseArgs, SigningArgs};

/// Options of `signing-key`.
#[derive(Debug, Args)]
pub struct SigningKeyArgs {
    /// The database, beside which a generated key is kept.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The signing key.
    #[command(flatten)]
    pub signing: SigningArgs,
}

/// Prints the public key, 64 hex digits.
pub fn run(args: &SigningKeyArgs) -> Result<(), String> {
    println!("{}", args.signing.signer(&args.database)?.public_key());
    Ok(())
}
