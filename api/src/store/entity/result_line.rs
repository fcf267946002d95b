//! A row of `result_lines`: one proposal's line in a tally.

use sea_orm::entity::prelude::*;

/// One proposal's outcome; money in øre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "result_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub proposal_id: i64,
    pub rank: i32,
    pub votes: i64,
    pub support: i64,
    pub requested_ore: i64,
    pub funded: bool,
    pub allocated_ore: i64,
    pub explanation: String,
    /// The reasons with their numbers, as JSON; `None` for older results.
    pub reasons: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
