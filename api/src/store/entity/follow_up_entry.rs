//! A row of `follow_up_entries`: an expense or money given back, or HB's
//! correction of one (replacing it, or removing it with no amount).

use sea_orm::entity::prelude::*;

/// One entry of a funded bid's ledger; money in øre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub round_id: i64,
    pub proposal_id: i64,
    pub kind: String,
    pub corrects_id: Option<i64>,
    pub spent_on: Option<Date>,
    pub amount_ore: Option<i64>,
    pub description: Option<String>,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
