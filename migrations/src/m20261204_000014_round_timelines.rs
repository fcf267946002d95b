//! A round's timeline: when each phase after the draft starts, as whole
//! seconds since 1970-01-01 UTC in `BIGINT` columns of `rounds` (all five
//! set, or none for a round without a timeline), so a ballot's write can
//! compare the close with its own moment in the same statement on either
//! backend; and `timeline_changes`, each date HB moved, with the reason.

use sea_orm_migration::prelude::*;

use crate::m20261125_000002_create_rounds::Rounds;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000014_round_timelines"
    }
}

/// The timeline's columns in `rounds`, one per milestone.
#[derive(DeriveIden)]
enum Timeline {
    #[sea_orm(iden = "submission_opens_unix")]
    SubmissionOpens,
    #[sea_orm(iden = "review_opens_unix")]
    ReviewOpens,
    #[sea_orm(iden = "voting_opens_unix")]
    VotingOpens,
    #[sea_orm(iden = "voting_closes_unix")]
    VotingCloses,
    #[sea_orm(iden = "publication_unix")]
    Publication,
}

const COLUMNS: [Timeline; 5] = [
    Timeline::SubmissionOpens,
    Timeline::ReviewOpens,
    Timeline::VotingOpens,
    Timeline::VotingCloses,
    Timeline::Publication,
];

#[derive(DeriveIden)]
enum TimelineChanges {
    Table,
    Id,
    RoundId,
    Milestone,
    FromUnix,
    ToUnix,
    Reason,
    ChangedAtUnix,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table(Rounds::Table)
                        .add_column(ColumnDef::new(column).big_integer().null())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(TimelineChanges::Table)
                    .col(
                        ColumnDef::new(TimelineChanges::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(TimelineChanges::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(TimelineChanges::Milestone).string_len(32).not_null())
                    .col(ColumnDef::new(TimelineChanges::FromUnix).big_integer().not_null())
                    .col(ColumnDef::new(TimelineChanges::ToUnix).big_integer().not_null())
                    .col(ColumnDef::new(TimelineChanges::Reason).text().not_null())
                    .col(ColumnDef::new(TimelineChanges::ChangedAtUnix).big_integer().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_timeline_changes_round")
                            .from(TimelineChanges::Table, TimelineChanges::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_timeline_changes_round")
                    .table(TimelineChanges::Table)
                    .col(TimelineChanges::RoundId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TimelineChanges::Table).to_owned())
            .await?;
        for column in COLUMNS {
            manager
                .alter_table(Table::alter().table(Rounds::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
