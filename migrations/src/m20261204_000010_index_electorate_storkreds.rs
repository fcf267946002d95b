//! The roll counted per storkreds (HB's round page, the tally) reads an index
//! on `(round_id, storkreds)` instead of the whole roll.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000010_index_electorate_storkreds"
    }
}

#[derive(DeriveIden)]
enum Electorate {
    Table,
    RoundId,
    Storkreds,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_electorate_round_storkreds")
                    .table(Electorate::Table)
                    .col(Electorate::RoundId)
                    .col(Electorate::Storkreds)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_electorate_round_storkreds")
                    .table(Electorate::Table)
                    .to_owned(),
            )
            .await
    }
}
