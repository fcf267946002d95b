//! `medlemsbudget token`: signs a token to try the API with.

use clap::Args;
use medlemsbudget_domain::{Role, Storkreds};

use super::{DatabaseArgs, JwtArgs};
use crate::auth::{Claims, TokenKeys};

/// Options of `token`.
#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// `hb`, `board` or `member`.
    #[arg(long)]
    pub role: Role,
    /// The subject: a member or user id.
    #[arg(long)]
    pub sub: String,
    /// The storkreds slug (required for board and member).
    #[arg(long)]
    pub storkreds: Option<String>,
    /// Lifetime in seconds.
    #[arg(long, default_value_t = 8 * 3600, value_parser = clap::value_parser!(i64).range(1..=31_536_000))]
    pub ttl: i64,
    /// The database, beside which a generated secret is kept.
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The token keys.
    #[command(flatten)]
    pub jwt: JwtArgs,
}

/// Prints the token.
pub fn run(args: &TokenArgs) -> Result<(), String> {
    let keys = args.jwt.keys(&args.database)?;
    let storkreds = args.storkreds.as_deref();
    println!("{}", sign(&keys, args.role, &args.sub, storkreds, args.ttl)?);
    Ok(())
}

/// A token for `sub` in `role`, valid for `ttl` seconds.
pub fn sign(keys: &TokenKeys, role: Role, sub: &str, storkreds: Option<&str>, ttl: i64) -> Result<String, String> {
    let storkreds = match storkreds {
        Some(slug) => Some(slug.parse::<Storkreds>().map_err(|e| format!("--storkreds: {e}"))?),
        None if role != Role::Hb => return Err(format!("--storkreds is required for role '{role}'")),
        None => None,
    };
    let claims = Claims::new(sub, role, storkreds, ttl);
    keys.sign(&claims).map_err(|e| format!("cannot sign the token: {e}"))
}
