//! A row of `timeline_changes`.

use sea_orm::entity::prelude::*;

/// A date HB moved on a round's timeline, with the reason; moments as
/// seconds since 1970-01-01 UTC.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timeline_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub round_id: i64,
    pub milestone: String,
    pub from_unix: i64,
    pub to_unix: i64,
    pub reason: String,
    pub changed_at_unix: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
