//! A row of `results`: the summary of a tally.

use sea_orm::entity::prelude::*;

/// A stored tally; money in øre.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i64,
    pub rule: String,
    pub split: String,
    pub pool_ore: i64,
    pub allocated_ore: i64,
    pub unallocated_ore: i64,
    pub ballots_counted: i64,
    pub ballots_root: String,
    pub steps: String,
    /// The steps with their numbers, as JSON; `None` for older results.
    pub step_log: Option<String>,
    pub tallied_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
