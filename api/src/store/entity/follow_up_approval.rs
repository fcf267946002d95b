//! A row of `follow_up_approvals`: HB approving spending beyond a grant.

use sea_orm::entity::prelude::*;

/// One approval; the latest for a bid is in force. Money in øre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_up_approvals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub round_id: i64,
    pub proposal_id: i64,
    pub extra_ore: i64,
    pub reason: String,
    pub approved_by: String,
    pub approved_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
