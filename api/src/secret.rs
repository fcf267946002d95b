//! The service's secrets (the JWT secret, the ballot secret): given by the
//! operator, or generated once and kept beside the SQLite database so every
//! command run against that database agrees.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rand::RngCore;

use crate::auth::MIN_SECRET_LEN;

/// A secret whose `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The secret text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

impl FromStr for Secret {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() < MIN_SECRET_LEN {
            Err(format!("must be at least {MIN_SECRET_LEN} bytes long"))
        } else {
            Ok(Secret(text.to_owned()))
        }
    }
}

/// The SQLite file a URL names, if it names one (not `:memory:`).
pub fn sqlite_file(database_url: &str) -> Option<PathBuf> {
    let rest = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") {
        None
    } else {
        Some(PathBuf::from(path))
    }
}

/// Which secret, and where it is kept when generated.
#[derive(Clone, Copy, Debug)]
pub struct SecretKind {
    /// Appended to the database file name, e.g. `.jwt-secret`.
    pub file_suffix: &'static str,
    /// The setting that configures it, for messages.
    pub setting: &'static str,
}

/// The HS256 token secret.
pub const JWT_SECRET: SecretKind = SecretKind {
    file_suffix: ".jwt-secret",
    setting: "MEDLEMSBUDGET_JWT_SECRET (--jwt-secret)",
};

/// The key that turns a member id into a ballot key; it must stay the same for
/// the whole voting phase, or members cannot replace their ballots.
pub const BALLOT_SECRET: SecretKind = SecretKind {
    file_suffix: ".ballot-secret",
    setting: "MEDLEMSBUDGET_BALLOT_SECRET (--ballot-secret)",
};

/// The seed of the Ed25519 key that signs publications; never stored in the
/// database.
pub const SIGNING_KEY: SecretKind = SecretKind {
    file_suffix: ".signing-key",
    setting: "MEDLEMSBUDGET_SIGNING_KEY (--signing-key)",
};

/// Where a generated secret is kept for a SQLite database file.
pub fn secret_file_for(database: &Path, kind: SecretKind) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(kind.file_suffix);
    PathBuf::from(name)
}

/// How the secret was found.
#[derive(Debug)]
pub enum SecretSource {
    /// From `--jwt-secret` / `MEDLEMSBUDGET_JWT_SECRET`.
    Configured,
    /// Read from a file written earlier.
    File(PathBuf),
    /// Generated now and written to this file.
    Generated(PathBuf),
}

/// The configured secret, or the one kept beside the SQLite database
/// (generated on first use). PostgreSQL deployments must configure one.
pub fn resolve(
    configured: Option<Secret>,
    database_url: &str,
    kind: SecretKind,
) -> Result<(Secret, SecretSource), String> {
    if let Some(secret) = configured {
        return Ok((secret, SecretSource::Configured));
    }
    let database = sqlite_file(database_url)
        .ok_or_else(|| format!("{} is required unless the database is a SQLite file", kind.setting))?;
    let path = secret_file_for(&database, kind);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let secret = text
                .trim()
                .parse::<Secret>()
                .map_err(|e| format!("the secret in {}: {e}", path.display()))?;
            Ok((secret, SecretSource::File(path)))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let text = medlemsbudget_domain::hex::encode(&bytes);
            write_private(&path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok((Secret(text), SecretSource::Generated(path)))
        }
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            sqlite_file("sqlite://medlemsbudget.db"),
            Some(PathBuf::from("medlemsbudget.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:///var/lib/mb/x.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/mb/x.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/mb"), None);
    }

    #[test]
    fn postgres_needs_a_configured_secret() {
        assert!(resolve(None, "postgres://localhost/mb", JWT_SECRET).is_err());
        assert!(resolve(None, "postgres://localhost/mb", BALLOT_SECRET).is_err());
        assert!(resolve(None, "postgres://localhost/mb", SIGNING_KEY).is_err());
    }

    #[test]
    fn debug_hides_the_secret() {
        let secret: Result<Secret, _> = "0123456789abcdef0123456789abcdef".parse();
        assert_eq!(secret.map(|s| format!("{s:?}")), Ok("Secret(redacted)".to_owned()));
    }
}
