//! The electorate roll: who may vote in a round, and in which storkreds.

use sea_orm_migration::prelude::*;

use crate::m20261125_000001_create_storkredse::Storkredse;
use crate::m20261125_000002_create_rounds::Rounds;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000006_create_electorate"
    }
}

#[derive(DeriveIden)]
enum Electorate {
    Table,
    RoundId,
    MemberId,
    Storkreds,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Electorate::Table)
                    .col(ColumnDef::new(Electorate::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(Electorate::MemberId).string_len(200).not_null())
                    .col(ColumnDef::new(Electorate::Storkreds).string_len(40).not_null())
                    .primary_key(Index::create().col(Electorate::RoundId).col(Electorate::MemberId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_electorate_round")
                            .from(Electorate::Table, Electorate::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_electorate_storkreds")
                            .from(Electorate::Table, Electorate::Storkreds)
                            .to(Storkredse::Table, Storkredse::Slug),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Electorate::Table).to_owned())
            .await
    }
}
