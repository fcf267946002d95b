//! Follow-up on the money after publication: each funded bid's reported
//! statuses, its expenses and money given back (with HB's corrections as
//! entries of their own), and HB's approvals of spending beyond the grant.
//! Rows are only ever added, so the history stays. Money in øre.

use sea_orm_migration::prelude::*;

use crate::m20261125_000002_create_rounds::Rounds;
use crate::m20261125_000003_create_proposals::Proposals;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000016_create_follow_up"
    }
}

#[derive(DeriveIden)]
enum FollowUpStatuses {
    Table,
    Id,
    RoundId,
    ProposalId,
    Status,
    Reason,
    SetByRole,
    SetBy,
    SetAt,
}

#[derive(DeriveIden)]
enum FollowUpEntries {
    Table,
    Id,
    RoundId,
    ProposalId,
    Kind,
    CorrectsId,
    SpentOn,
    AmountOre,
    Description,
    Reason,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum FollowUpApprovals {
    Table,
    Id,
    RoundId,
    ProposalId,
    ExtraOre,
    Reason,
    ApprovedBy,
    ApprovedAt,
}

fn id<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn round_fk(name: &str, table: impl IntoIden + 'static, column: impl IntoIden + 'static) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Rounds::Table, Rounds::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn proposal_fk(
    name: &str,
    table: impl IntoIden + 'static,
    column: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Proposals::Table, Proposals::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FollowUpStatuses::Table)
                    .col(id(FollowUpStatuses::Id))
                    .col(ColumnDef::new(FollowUpStatuses::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(FollowUpStatuses::ProposalId).big_integer().not_null())
                    .col(ColumnDef::new(FollowUpStatuses::Status).string_len(20).not_null())
                    .col(ColumnDef::new(FollowUpStatuses::Reason).text().null())
                    .col(ColumnDef::new(FollowUpStatuses::SetByRole).string_len(10).not_null())
                    .col(ColumnDef::new(FollowUpStatuses::SetBy).string_len(200).not_null())
                    .col(
                        ColumnDef::new(FollowUpStatuses::SetAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut round_fk(
                        "fk_follow_up_statuses_round",
                        FollowUpStatuses::Table,
                        FollowUpStatuses::RoundId,
                    ))
                    .foreign_key(&mut proposal_fk(
                        "fk_follow_up_statuses_proposal",
                        FollowUpStatuses::Table,
                        FollowUpStatuses::ProposalId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follow_up_statuses_round")
                    .table(FollowUpStatuses::Table)
                    .col(FollowUpStatuses::RoundId)
                    .col(FollowUpStatuses::ProposalId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUpEntries::Table)
                    .col(id(FollowUpEntries::Id))
                    .col(ColumnDef::new(FollowUpEntries::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(FollowUpEntries::ProposalId).big_integer().not_null())
                    .col(ColumnDef::new(FollowUpEntries::Kind).string_len(10).not_null())
                    .col(ColumnDef::new(FollowUpEntries::CorrectsId).big_integer().null())
                    .col(ColumnDef::new(FollowUpEntries::SpentOn).date().null())
                    .col(ColumnDef::new(FollowUpEntries::AmountOre).big_integer().null())
                    .col(ColumnDef::new(FollowUpEntries::Description).string_len(500).null())
                    .col(ColumnDef::new(FollowUpEntries::Reason).text().null())
                    .col(ColumnDef::new(FollowUpEntries::RecordedBy).string_len(200).not_null())
                    .col(
                        ColumnDef::new(FollowUpEntries::RecordedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .check(
                        Expr::col(FollowUpEntries::AmountOre)
                            .is_null()
                            .or(Expr::col(FollowUpEntries::AmountOre).gt(0)),
                    )
                    // A removal (no amount) is always a correction with a reason.
                    .check(
                        Expr::col(FollowUpEntries::AmountOre)
                            .is_not_null()
                            .or(Expr::col(FollowUpEntries::CorrectsId).is_not_null()),
                    )
                    .check(
                        Expr::col(FollowUpEntries::CorrectsId)
                            .is_null()
                            .or(Expr::col(FollowUpEntries::Reason).is_not_null()),
                    )
                    .foreign_key(&mut round_fk(
                        "fk_follow_up_entries_round",
                        FollowUpEntries::Table,
                        FollowUpEntries::RoundId,
                    ))
                    .foreign_key(&mut proposal_fk(
                        "fk_follow_up_entries_proposal",
                        FollowUpEntries::Table,
                        FollowUpEntries::ProposalId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_follow_up_entries_corrects")
                            .from(FollowUpEntries::Table, FollowUpEntries::CorrectsId)
                            .to(FollowUpEntries::Table, FollowUpEntries::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follow_up_entries_round")
                    .table(FollowUpEntries::Table)
                    .col(FollowUpEntries::RoundId)
                    .col(FollowUpEntries::ProposalId)
                    .to_owned(),
            )
            .await?;
        // An entry is corrected at most once; its correction can be corrected in turn.
        manager
            .create_index(
                Index::create()
                    .name("follow_up_entries_corrects_key")
                    .table(FollowUpEntries::Table)
                    .col(FollowUpEntries::CorrectsId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowUpApprovals::Table)
                    .col(id(FollowUpApprovals::Id))
                    .col(ColumnDef::new(FollowUpApprovals::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(FollowUpApprovals::ProposalId).big_integer().not_null())
                    .col(ColumnDef::new(FollowUpApprovals::ExtraOre).big_integer().not_null())
                    .col(ColumnDef::new(FollowUpApprovals::Reason).text().not_null())
                    .col(ColumnDef::new(FollowUpApprovals::ApprovedBy).string_len(200).not_null())
                    .col(
                        ColumnDef::new(FollowUpApprovals::ApprovedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .check(Expr::col(FollowUpApprovals::ExtraOre).gte(0))
                    .foreign_key(&mut round_fk(
                        "fk_follow_up_approvals_round",
                        FollowUpApprovals::Table,
                        FollowUpApprovals::RoundId,
                    ))
                    .foreign_key(&mut proposal_fk(
                        "fk_follow_up_approvals_proposal",
                        FollowUpApprovals::Table,
                        FollowUpApprovals::ProposalId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_follow_up_approvals_round")
                    .table(FollowUpApprovals::Table)
                    .col(FollowUpApprovals::RoundId)
                    .col(FollowUpApprovals::ProposalId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FollowUpApprovals::Table.into_iden(),
            FollowUpEntries::Table.into_iden(),
            FollowUpStatuses::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
