//! `voting_codes`: one-time voting codes HB hands out for a round's roll,
//! one per member, stored only as the SHA-256 of the code. No time of use
//! is kept.

use sea_orm_migration::prelude::*;

use crate::m20261125_000002_create_rounds::Rounds;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000013_create_voting_codes"
    }
}

#[derive(DeriveIden)]
enum VotingCodes {
    Table,
    RoundId,
    MemberId,
    CodeHash,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(VotingCodes::Table)
                    .col(ColumnDef::new(VotingCodes::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(VotingCodes::MemberId).string_len(200).not_null())
                    .col(ColumnDef::new(VotingCodes::CodeHash).string_len(64).not_null())
                    .col(ColumnDef::new(VotingCodes::CreatedAt).big_integer().not_null())
                    .primary_key(Index::create().col(VotingCodes::RoundId).col(VotingCodes::MemberId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_voting_codes_round")
                            .from(VotingCodes::Table, VotingCodes::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_voting_codes_hash")
                    .table(VotingCodes::Table)
                    .col(VotingCodes::CodeHash)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(VotingCodes::Table).to_owned())
            .await
    }
}
