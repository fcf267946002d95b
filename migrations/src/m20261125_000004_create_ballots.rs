//! Ballots, kept apart from who voted.
//!
//! `voters` records that a member has voted (one row per member per round,
//! its primary key). `ballots` holds what was voted, keyed by a keyed hash of
//! round and member that only the server can compute, so a ballot carries no
//! member id and cannot be linked to one from the database alone; the same key
//! lets a member replace their own ballot. Neither table has timestamps or
//! sequence numbers that would let the two be lined up.

use sea_orm_migration::prelude::*;

use crate::m20261125_000002_create_rounds::Rounds;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000004_create_ballots"
    }
}

#[derive(DeriveIden)]
pub enum Voters {
    Table,
    RoundId,
    MemberId,
}

#[derive(DeriveIden)]
pub enum Ballots {
    Table,
    RoundId,
    BallotKey,
    Storkreds,
    Content,
    ReceiptHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Voters::Table)
                    .col(ColumnDef::new(Voters::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(Voters::MemberId).string_len(200).not_null())
                    .primary_key(Index::create().col(Voters::RoundId).col(Voters::MemberId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_voters_round")
                            .from(Voters::Table, Voters::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Ballots::Table)
                    .col(ColumnDef::new(Ballots::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(Ballots::BallotKey).string_len(64).not_null())
                    .col(ColumnDef::new(Ballots::Storkreds).string_len(40).not_null())
                    .col(ColumnDef::new(Ballots::Content).text().not_null())
                    .col(
                        ColumnDef::new(Ballots::ReceiptHash)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .primary_key(Index::create().col(Ballots::RoundId).col(Ballots::BallotKey))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ballots_round")
                            .from(Ballots::Table, Ballots::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Ballots::Table).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(Voters::Table).to_owned()).await
    }
}
