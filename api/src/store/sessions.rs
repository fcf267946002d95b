//! Page sessions and sign-ins under way at the OpenID provider.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::ApiResult;
use crate::store::entity::{oidc_sign_in, session};

/// Stores a new session.
pub async fn insert(db: &impl ConnectionTrait, id_hash: &str, now: i64, expires_at: i64) -> ApiResult<()> {
    session::Entity::insert(session::ActiveModel {
        id_hash: Set(id_hash.to_owned()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(expires_at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The session with this hash, if stored.
pub async fn get(db: &impl ConnectionTrait, id_hash: &str) -> ApiResult<Option<session::Model>> {
    Ok(session::Entity::find_by_id(id_hash.to_owned()).one(db).await?)
}

/// Records that the session was used at `now`.
pub async fn touch(db: &impl ConnectionTrait, id_hash: &str, now: i64) -> ApiResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::IdHash.eq(id_hash))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes a session.
pub async fn delete(db: &impl ConnectionTrait, id_hash: &str) -> ApiResult<()> {
    session::Entity::delete_by_id(id_hash.to_owned()).exec(db).await?;
    Ok(())
}

/// Deletes the sessions that ended by `now` or were idle since before `idle_since`.
pub async fn delete_ended(db: &impl ConnectionTrait, now: i64, idle_since: i64) -> ApiResult<()> {
    session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lte(now))
                .add(session::Column::LastSeenAt.lt(idle_since)),
        )
        .exec(db)
        .await?;
    oidc_sign_in::Entity::delete_many()
        .filter(oidc_sign_in::Column::CreatedAt.lt(now - crate::store::sessions::OIDC_SIGN_IN_SECONDS))
        .exec(db)
        .await?;
    Ok(())
}

/// How long a sign-in may stay at the provider before it is forgotten.
pub const OIDC_SIGN_IN_SECONDS: i64 = 10 * 60;

/// Stores a sign-in sent to the provider.
pub async fn insert_oidc_sign_in(
    db: &impl ConnectionTrait,
    state_hash: &str,
    nonce: &str,
    pkce_verifier: &str,
    now: i64,
) -> ApiResult<()> {
    oidc_sign_in::Entity::insert(oidc_sign_in::ActiveModel {
        state_hash: Set(state_hash.to_owned()),
        nonce: Set(nonce.to_owned()),
        pkce_verifier: Set(pkce_verifier.to_owned()),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Takes (reads and deletes) the sign-in with this state's hash, if it is
/// still there and not older than `OIDC_SIGN_IN_SECONDS`: `(nonce, verifier)`.
pub async fn take_oidc_sign_in(
    db: &impl ConnectionTrait,
    state_hash: &str,
    now: i64,
) -> ApiResult<Option<(String, String)>> {
    let Some(row) = oidc_sign_in::Entity::find_by_id(state_hash.to_owned()).one(db).await? else {
        return Ok(None);
    };
    let deleted = oidc_sign_in::Entity::delete_by_id(state_hash.to_owned())
        .exec(db)
        .await?;
    // Two callbacks racing for one state: only the one that deleted the row goes on.
    if deleted.rows_affected != 1 || row.created_at < now - OIDC_SIGN_IN_SECONDS {
        return Ok(None);
    }
    Ok(Some((row.nonce, row.pkce_verifier)))
}
