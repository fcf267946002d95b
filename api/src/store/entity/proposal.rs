//! A row of `proposals`.

use sea_orm::entity::prelude::*;

/// A proposal as stored; money in øre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub round_id: i64,
    pub storkreds: String,
    pub title: String,
    pub description: String,
    pub amount_ore: i64,
    pub status: String,
    pub review_reason: Option<String>,
    pub submitted_by: String,
    pub submitted_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
