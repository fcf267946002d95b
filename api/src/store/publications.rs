//! Signed publications in the database.

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

use super::entity::publication;
use crate::error::{ApiError, ApiResult};

/// A signed publication as stored and served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedPublication {
    /// The signed JSON text.
    pub payload: String,
    /// Its Ed25519 signature, hex.
    pub signature: String,
    /// The public key that verifies it, hex.
    pub public_key: String,
}

/// Stores a round's publication.
pub async fn insert(db: &impl ConnectionTrait, round_id: i64, signed: &SignedPublication) -> ApiResult<()> {
    publication::Entity::insert(publication::ActiveModel {
        round_id: Set(round_id),
        payload: Set(signed.payload.clone()),
        signature: Set(signed.signature.clone()),
        public_key: Set(signed.public_key.clone()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A round's publication, or 404.
pub async fn get(db: &impl ConnectionTrait, round_id: i64) -> ApiResult<SignedPublication> {
    let row = publication::Entity::find_by_id(round_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("round {round_id} has no signed publication")))?;
    Ok(SignedPublication {
        payload: row.payload,
        signature: row.signature,
        public_key: row.public_key,
    })
}
