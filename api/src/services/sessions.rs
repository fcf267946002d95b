//! Page sessions: started at sign-in with a new id, alive while the table
//! holds the id's hash and neither the fixed lifetime nor the idle timeout
//! has run out, ended at sign-out. Who the session is for travels in the
//! signed cookie (`auth::session`), never in the table.

use super::Services;
use crate::auth::session::{hash_session_id, new_session_id};
use crate::error::ApiResult;
use crate::store;

/// How long sessions last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionSettings {
    /// The most a session lasts from sign-in, in seconds.
    pub lifetime_seconds: i64,
    /// A session unused this long ends, in seconds.
    pub idle_seconds: i64,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            lifetime_seconds: 8 * 3600,
            idle_seconds: 30 * 60,
        }
    }
}

/// A session just started: its id (for the cookie only) and its end.
#[derive(Clone, Debug)]
pub struct NewSession {
    /// The random id; the table keeps only its hash.
    pub id: String,
    /// When it ends at the latest, seconds since the Unix epoch.
    pub expires_at: i64,
}

/// How often (seconds) a session's last use is written, at most.
const TOUCH_EVERY_SECONDS: i64 = 60;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Starts a session with a fresh id, ending `replacing` (the browser's
/// earlier session, if any). It ends at `not_after` if that is sooner than
/// the lifetime (a pasted token's expiry, a voting code's round close).
pub async fn start(
    services: &Services,
    settings: SessionSettings,
    replacing: Option<&str>,
    not_after: Option<i64>,
) -> ApiResult<NewSession> {
    let now = now();
    store::sessions::delete_ended(&services.db, now, now - settings.idle_seconds).await?;
    if let Some(old) = replacing {
        store::sessions::delete(&services.db, old).await?;
    }
    let lifetime_end = now.saturating_add(settings.lifetime_seconds);
    let expires_at = not_after.map_or(lifetime_end, |end| end.min(lifetime_end));
    let id = new_session_id();
    store::sessions::insert(&services.db, &hash_session_id(&id), now, expires_at).await?;
    Ok(NewSession { id, expires_at })
}

/// Whether the session with this id hash is alive; records its use.
pub async fn resume(services: &Services, settings: SessionSettings, id_hash: &str) -> ApiResult<bool> {
    let now = now();
    let Some(row) = store::sessions::get(&services.reads, id_hash).await? else {
        return Ok(false);
    };
    if row.expires_at <= now || row.last_seen_at < now - settings.idle_seconds {
        store::sessions::delete(&services.db, id_hash).await?;
        return Ok(false);
    }
    if row.last_seen_at <= now - TOUCH_EVERY_SECONDS {
        store::sessions::touch(&services.db, id_hash, now).await?;
    }
    Ok(true)
}

/// Ends the session with this id hash.
pub async fn end(services: &Services, id_hash: &str) -> ApiResult<()> {
    store::sessions::delete(&services.db, id_hash).await
}

/// Remembers a sign-in sent to the OpenID provider under its `state`.
pub async fn begin_oidc(services: &Services, state: &str, nonce: &str, pkce_verifier: &str) -> ApiResult<()> {
    store::sessions::insert_oidc_sign_in(&services.db, &hash_session_id(state), nonce, pkce_verifier, now()).await
}

/// The nonce and PKCE verifier of the sign-in sent with `state`, once: a
/// second call with the same state finds nothing.
pub async fn take_oidc(services: &Services, state: &str) -> ApiResult<Option<(String, String)>> {
    store::sessions::take_oidc_sign_in(&services.db, &hash_session_id(state), now()).await
}
