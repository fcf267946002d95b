//! Option groups several commands share: the database, the token keys and
//! the ballot secret, each resolved into what the service uses.

use clap::Args;

use medlemsbudget_domain::sign_in::GroupMapping;

use crate::auth::oidc::OidcSettings;
use crate::auth::{AuthSettings, TokenKeys, MAX_LEEWAY_SECONDS};
use crate::db::{self, DEFAULT_DATABASE_URL};
use crate::secret::{self, Secret, SecretKind, SecretSource};
use crate::services::ballot_keys::BallotKeys;
use crate::signing::Signer;

/// Where the data is.
#[derive(Clone, Debug, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://FILE` (created if missing) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "MEDLEMSBUDGET_DATABASE_URL", hide_env_values = true, default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
}

impl DatabaseArgs {
    /// Opens the database with at most `max_connections`.
    pub async fn connect(&self, max_connections: u32) -> Result<sea_orm::DatabaseConnection, String> {
        db::connect(&self.database_url, max_connections)
            .await
            .map_err(|e| format!("cannot open the database (MEDLEMSBUDGET_DATABASE_URL / --database-url): {e}"))
    }

    /// Opens the database and brings its schema up to date.
    pub async fn connect_migrated(&self, max_connections: u32) -> Result<sea_orm::DatabaseConnection, String> {
        let db = self.connect(max_connections).await?;
        db::migrate(&db).await.map_err(|e| format!("migrations failed: {e}"))?;
        Ok(db)
    }
}

/// How bearer tokens are signed and verified.
#[derive(Clone, Debug, Args)]
pub struct JwtArgs {
    /// Secret for HS256 tokens, at least 32 bytes. Without it, a secret is
    /// generated and kept beside the SQLite database (`FILE.jwt-secret`).
    #[arg(long, env = "MEDLEMSBUDGET_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<Secret>,
    /// Public keys of the party's member system for RS256/ES256/EdDSA tokens:
    /// comma-separated JWKS files (`.json`, keys chosen by `kid`) or PEM files
    /// (the file name without extension is the `kid`). Several keys allow rotation.
    #[arg(
        long,
        env = "MEDLEMSBUDGET_JWT_PUBLIC_KEYS",
        hide_env_values = true,
        value_delimiter = ','
    )]
    pub jwt_public_keys: Vec<std::path::PathBuf>,
    /// The issuer (`iss`) every token must name, if set.
    #[arg(long, env = "MEDLEMSBUDGET_JWT_ISSUER", hide_env_values = true)]
    pub jwt_issuer: Option<String>,
    /// The audience (`aud`) every token must name, if set.
    #[arg(long, env = "MEDLEMSBUDGET_JWT_AUDIENCE", hide_env_values = true)]
    pub jwt_audience: Option<String>,
    /// Clock skew tolerated on `exp`/`nbf`, in seconds (at most 60).
    #[arg(long, env = "MEDLEMSBUDGET_JWT_LEEWAY", hide_env_values = true, default_value_t = 30)]
    pub jwt_leeway: u64,
}

impl JwtArgs {
    /// The token keys, with the secret configured or kept beside the database.
    pub fn keys(&self, database: &DatabaseArgs) -> Result<TokenKeys, String> {
        let secret = resolve_secret(self.jwt_secret.clone(), &database.database_url, secret::JWT_SECRET)?;
        if self.jwt_leeway > MAX_LEEWAY_SECONDS {
            return Err(format!(
                "MEDLEMSBUDGET_JWT_LEEWAY (--jwt-leeway) must be at most {MAX_LEEWAY_SECONDS} seconds"
            ));
        }
        let settings = AuthSettings {
            public_key_files: self.jwt_public_keys.clone(),
            issuer: self.jwt_issuer.clone(),
            audience: self.jwt_audience.clone(),
            leeway_seconds: self.jwt_leeway,
        };
        TokenKeys::new(secret.expose(), settings).map_err(|e| {
            let setting = if e.contains("secret") {
                "MEDLEMSBUDGET_JWT_SECRET (--jwt-secret)"
            } else {
                "MEDLEMSBUDGET_JWT_PUBLIC_KEYS (--jwt-public-keys)"
            };
            format!("{setting}: {e}")
        })
    }
}

/// The secret that keeps ballots apart from members.
#[derive(Clone, Debug, Args)]
pub struct BallotSecretArgs {
    /// Secret (at least 32 bytes) that turns member ids into ballot keys; keep
    /// it for the whole voting phase. Without it, one is generated and kept
    /// beside the SQLite database (`FILE.ballot-secret`).
    #[arg(long, env = "MEDLEMSBUDGET_BALLOT_SECRET", hide_env_values = true)]
    pub ballot_secret: Option<Secret>,
}

impl BallotSecretArgs {
    /// The ballot keys, with the secret configured or kept beside the database.
    pub fn keys(&self, database: &DatabaseArgs) -> Result<BallotKeys, String> {
        let secret = resolve_secret(
            self.ballot_secret.clone(),
            &database.database_url,
            secret::BALLOT_SECRET,
        )?;
        BallotKeys::new(secret.expose()).map_err(|e| format!("{}: {e}", secret::BALLOT_SECRET.setting))
    }
}

/// The key that signs publications.
#[derive(Clone, Debug, Args)]
pub struct SigningArgs {
    /// Secret (at least 32 bytes) from which the Ed25519 key that signs
    /// published rounds is derived; never stored in the database. Without it,
    /// one is generated and kept beside the SQLite database (`FILE.signing-key`).
    #[arg(long, env = "MEDLEMSBUDGET_SIGNING_KEY", hide_env_values = true)]
    pub signing_key: Option<Secret>,
}

impl SigningArgs {
    /// The signer, with the secret configured or kept beside the database.
    pub fn signer(&self, database: &DatabaseArgs) -> Result<Signer, String> {
        let secret = resolve_secret(self.signing_key.clone(), &database.database_url, secret::SIGNING_KEY)?;
        Ok(Signer::from_secret(secret.expose()))
    }
}

fn resolve_secret(configured: Option<Secret>, database_url: &str, kind: SecretKind) -> Result<Secret, String> {
    let (secret, source) = secret::resolve(configured, database_url, kind)?;
    match source {
        SecretSource::Generated(path) => {
            eprintln!(
                "{} was not configured: generated one and stored it in {}",
                kind.setting,
                path.display()
            );
        }
        SecretSource::File(path) => tracing::info!(file = %path.display(), "using a secret kept beside the database"),
        SecretSource::Configured => {}
    }
    Ok(secret)
}

/// Signing in to the pages through the organisation's OpenID provider.
#[derive(Clone, Debug, Args)]
pub struct OidcArgs {
    /// The provider's issuer URL (discovery at `ISSUER/.well-known/openid-configuration`);
    /// sign-in through it is offered when set.
    #[arg(long, env = "MEDLEMSBUDGET_OIDC_ISSUER", hide_env_values = true)]
    pub oidc_issuer: Option<String>,
    /// This service's client id at the provider.
    #[arg(long, env = "MEDLEMSBUDGET_OIDC_CLIENT_ID", hide_env_values = true)]
    pub oidc_client_id: Option<String>,
    /// A file holding the client secret (its first line).
    #[arg(long, env = "MEDLEMSBUDGET_OIDC_CLIENT_SECRET_FILE", hide_env_values = true)]
    pub oidc_client_secret_file: Option<std::path::PathBuf>,
    /// The address people open the service at, e.g. `https://medlem.example.dk`;
    /// the provider sends them back to `URL/log-ind/oidc/retur`.
    #[arg(long, env = "MEDLEMSBUDGET_PUBLIC_URL", hide_env_values = true)]
    pub public_url: Option<String>,
    /// Scopes asked for besides `openid`, comma-separated.
    #[arg(
        long,
        env = "MEDLEMSBUDGET_OIDC_SCOPES",
        hide_env_values = true,
        value_delimiter = ',',
        default_value = "profile"
    )]
    pub oidc_scopes: Vec<String>,
    /// The claim that holds the member id (it must match the electorate roll's ids).
    #[arg(
        long,
        env = "MEDLEMSBUDGET_OIDC_MEMBER_ID_CLAIM",
        hide_env_values = true,
        default_value = "sub"
    )]
    pub oidc_member_id_claim: String,
    /// The claim that lists the person's groups.
    #[arg(
        long,
        env = "MEDLEMSBUDGET_OIDC_GROUPS_CLAIM",
        hide_env_values = true,
        default_value = "groups"
    )]
    pub oidc_groups_claim: String,
    /// The group whose members are HB.
    #[arg(
        long,
        env = "MEDLEMSBUDGET_OIDC_HB_GROUP",
        hide_env_values = true,
        default_value = "hb"
    )]
    pub oidc_hb_group: String,
    /// The prefix of board groups, followed by the storkreds slug (`board:fyn`).
    #[arg(
        long,
        env = "MEDLEMSBUDGET_OIDC_BOARD_GROUP_PREFIX",
        hide_env_values = true,
        default_value = "board:"
    )]
    pub oidc_board_group_prefix: String,
    /// The claim that names a member's storkreds (slug or name); the roll wins over it.
    #[arg(
        long,
        env = "MEDLEMSBUDGET_OIDC_STORKREDS_CLAIM",
        hide_env_values = true,
        default_value = "storkreds"
    )]
    pub oidc_storkreds_claim: String,
}

impl OidcArgs {
    /// The provider's settings, or `None` when no issuer is configured.
    pub fn settings(&self) -> Result<Option<OidcSettings>, String> {
        let Some(issuer) = self.oidc_issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()) else {
            return Ok(None);
        };
        let client_id = self
            .oidc_client_id
            .clone()
            .filter(|c| !c.trim().is_empty())
            .ok_or("MEDLEMSBUDGET_OIDC_CLIENT_ID (--oidc-client-id) is required with an issuer")?;
        let secret_file = self
            .oidc_client_secret_file
            .as_ref()
            .ok_or("MEDLEMSBUDGET_OIDC_CLIENT_SECRET_FILE (--oidc-client-secret-file) is required with an issuer")?;
        let client_secret = std::fs::read_to_string(secret_file)
            .map_err(|e| {
                format!(
                    "MEDLEMSBUDGET_OIDC_CLIENT_SECRET_FILE (--oidc-client-secret-file): {}: {e}",
                    secret_file.display()
                )
            })?
            .lines()
            .next()
            .map(|line| line.trim().to_owned())
            .filter(|line| !line.is_empty())
            .ok_or("MEDLEMSBUDGET_OIDC_CLIENT_SECRET_FILE (--oidc-client-secret-file): the file is empty")?;
        let public_url = self
            .public_url
            .as_deref()
            .map(|u| u.trim().trim_end_matches('/'))
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            .ok_or(
                "MEDLEMSBUDGET_PUBLIC_URL (--public-url) must be the service's address, like https://medlem.example.dk",
            )?;
        Ok(Some(OidcSettings {
            issuer: issuer.to_owned(),
            client_id,
            client_secret,
            redirect_url: format!("{public_url}/log-ind/oidc/retur"),
            post_logout_url: format!("{public_url}/"),
            scopes: self
                .oidc_scopes
                .iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty() && s != "openid")
                .collect(),
            member_id_claim: self.oidc_member_id_claim.clone(),
            groups_claim: self.oidc_groups_claim.clone(),
            storkreds_claim: self.oidc_storkreds_claim.clone(),
            mapping: GroupMapping {
                hb_group: self.oidc_hb_group.clone(),
                board_prefix: self.oidc_board_group_prefix.clone(),
            },
        }))
    }
}
