//! Ballots: one per member per round, enforced by a unique index.

use sea_orm_migration::prelude::*;

use crate::m20261125_000002_create_rounds::Rounds;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000004_create_ballots"
    }
}

#[derive(DeriveIden)]
pub enum Ballots {
    Table,
    Id,
    RoundId,
    MemberId,
    Approvals,
    CastAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Ballots::Table)
                    .col(
                        ColumnDef::new(Ballots::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Ballots::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(Ballots::MemberId).string_len(200).not_null())
                    .col(ColumnDef::new(Ballots::Approvals).text().not_null())
                    .col(ColumnDef::new(Ballots::CastAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Ballots::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ballots_round")
                            .from(Ballots::Table, Ballots::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_ballots_round_member")
                    .table(Ballots::Table)
                    .col(Ballots::RoundId)
                    .col(Ballots::MemberId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Ballots::Table).to_owned()).await
    }
}
