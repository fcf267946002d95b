//! Tallied results: a summary row per round, a line per proposal and a
//! total per storkreds. Money in øre.

use sea_orm_migration::prelude::*;

use crate::m20261125_000002_create_rounds::Rounds;
use crate::m20261125_000003_create_proposals::Proposals;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000005_create_results"
    }
}

#[derive(DeriveIden)]
enum Results {
    Table,
    RoundId,
    Rule,
    Split,
    PoolOre,
    AllocatedOre,
    UnallocatedOre,
    BallotsCounted,
    BallotsRoot,
    Steps,
    TalliedAt,
}

#[derive(DeriveIden)]
enum ResultLines {
    Table,
    RoundId,
    ProposalId,
    Rank,
    Votes,
    Support,
    RequestedOre,
    Funded,
    AllocatedOre,
    Explanation,
}

#[derive(DeriveIden)]
enum ResultStorkredse {
    Table,
    RoundId,
    Storkreds,
    Proposals,
    Funded,
    RequestedOre,
    SubPoolOre,
    GrantOre,
    AllocatedOre,
    Voters,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Results::Table)
                    .col(ColumnDef::new(Results::RoundId).big_integer().not_null().primary_key())
                    .col(ColumnDef::new(Results::Rule).string_len(60).not_null())
                    .col(ColumnDef::new(Results::Split).string_len(20).not_null())
                    .col(ColumnDef::new(Results::PoolOre).big_integer().not_null())
                    .col(ColumnDef::new(Results::AllocatedOre).big_integer().not_null())
                    .col(ColumnDef::new(Results::UnallocatedOre).big_integer().not_null())
                    .col(ColumnDef::new(Results::BallotsCounted).big_integer().not_null())
                    .col(ColumnDef::new(Results::BallotsRoot).string_len(64).not_null())
                    .col(ColumnDef::new(Results::Steps).text().not_null())
                    .col(ColumnDef::new(Results::TalliedAt).timestamp_with_time_zone().not_null())
                    .check(
                        Expr::col(Results::AllocatedOre)
                            .add(Expr::col(Results::UnallocatedOre))
                            .eq(Expr::col(Results::PoolOre)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_results_round")
                            .from(Results::Table, Results::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ResultLines::Table)
                    .col(ColumnDef::new(ResultLines::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(ResultLines::ProposalId).big_integer().not_null())
                    .col(ColumnDef::new(ResultLines::Rank).integer().not_null())
                    .col(ColumnDef::new(ResultLines::Votes).big_integer().not_null())
                    .col(ColumnDef::new(ResultLines::Support).big_integer().not_null())
                    .col(ColumnDef::new(ResultLines::RequestedOre).big_integer().not_null())
                    .col(ColumnDef::new(ResultLines::Funded).boolean().not_null())
                    .col(ColumnDef::new(ResultLines::AllocatedOre).big_integer().not_null())
                    .col(ColumnDef::new(ResultLines::Explanation).text().not_null())
                    .primary_key(Index::create().col(ResultLines::RoundId).col(ResultLines::ProposalId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_result_lines_result")
                            .from(ResultLines::Table, ResultLines::RoundId)
                            .to(Results::Table, Results::RoundId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_result_lines_proposal")
                            .from(ResultLines::Table, ResultLines::ProposalId)
                            .to(Proposals::Table, Proposals::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ResultStorkredse::Table)
                    .col(ColumnDef::new(ResultStorkredse::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(ResultStorkredse::Storkreds).string_len(40).not_null())
                    .col(ColumnDef::new(ResultStorkredse::Proposals).integer().not_null())
                    .col(ColumnDef::new(ResultStorkredse::Funded).integer().not_null())
                    .col(ColumnDef::new(ResultStorkredse::RequestedOre).big_integer().not_null())
                    .col(ColumnDef::new(ResultStorkredse::SubPoolOre).big_integer().null())
                    .col(ColumnDef::new(ResultStorkredse::GrantOre).big_integer().not_null())
                    .col(ColumnDef::new(ResultStorkredse::AllocatedOre).big_integer().not_null())
                    .col(ColumnDef::new(ResultStorkredse::Voters).big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(ResultStorkredse::RoundId)
                            .col(ResultStorkredse::Storkreds),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_result_storkredse_result")
                            .from(ResultStorkredse::Table, ResultStorkredse::RoundId)
                            .to(Results::Table, Results::RoundId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ResultLines::Table).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(Results::Table).to_owned()).await
    }
}
