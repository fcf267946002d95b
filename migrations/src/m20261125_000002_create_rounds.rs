//! Rounds: a pool, the settings fixed before voting (ballot rules, allocation
//! rule, split; each stored as the JSON text of its domain value) and the phase.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000002_create_rounds"
    }
}

#[derive(DeriveIden)]
pub enum Rounds {
    Table,
    Id,
    Name,
    PoolOre,
    BallotRules,
    AllocationRule,
    Split,
    Phase,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Rounds::Table)
                    .col(
                        ColumnDef::new(Rounds::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Rounds::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Rounds::PoolOre).big_integer().not_null())
                    .col(ColumnDef::new(Rounds::BallotRules).text().not_null())
                    .col(ColumnDef::new(Rounds::AllocationRule).text().not_null())
                    .col(ColumnDef::new(Rounds::Split).text().not_null())
                    .col(ColumnDef::new(Rounds::Phase).string_len(20).not_null())
                    .col(ColumnDef::new(Rounds::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Rounds::UpdatedAt).timestamp_with_time_zone().not_null())
                    .check(Expr::col(Rounds::PoolOre).gt(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Rounds::Table).to_owned()).await
    }
}
