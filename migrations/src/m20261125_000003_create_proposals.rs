//! Proposals (bids) from storkreds boards.

use sea_orm_migration::prelude::*;

use crate::m20261125_000001_create_storkredse::Storkredse;
use crate::m20261125_000002_create_rounds::Rounds;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000003_create_proposals"
    }
}

#[derive(DeriveIden)]
pub enum Proposals {
    Table,
    Id,
    RoundId,
    Storkreds,
    Title,
    Description,
    AmountOre,
    Status,
    ReviewReason,
    SubmittedBy,
    SubmittedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Proposals::Table)
                    .col(
                        ColumnDef::new(Proposals::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Proposals::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(Proposals::Storkreds).string_len(40).not_null())
                    .col(ColumnDef::new(Proposals::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Proposals::Description).text().not_null())
                    .col(ColumnDef::new(Proposals::AmountOre).big_integer().not_null())
                    .col(ColumnDef::new(Proposals::Status).string_len(20).not_null())
                    .col(ColumnDef::new(Proposals::ReviewReason).text().null())
                    .col(ColumnDef::new(Proposals::SubmittedBy).string_len(200).not_null())
                    .col(
                        ColumnDef::new(Proposals::SubmittedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Proposals::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .check(Expr::col(Proposals::AmountOre).gt(0))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_proposals_round")
                            .from(Proposals::Table, Proposals::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_proposals_storkreds")
                            .from(Proposals::Table, Proposals::Storkreds)
                            .to(Storkredse::Table, Storkredse::Slug),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_proposals_round")
                    .table(Proposals::Table)
                    .col(Proposals::RoundId)
                    .col(Proposals::Storkreds)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Proposals::Table).to_owned())
            .await
    }
}
