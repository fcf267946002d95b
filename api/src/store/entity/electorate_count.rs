//! A row of `electorate_counts`: how many members of one storkreds are on a
//! round's roll, rewritten with the roll.

use sea_orm::entity::prelude::*;

/// Members of one storkreds on the roll.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "electorate_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub storkreds: String,
    pub members: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
