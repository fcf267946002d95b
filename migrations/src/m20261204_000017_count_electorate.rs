//! The roll's members per storkreds, kept beside the roll and rewritten with
//! it, so pages and the tally read ten numbers instead of counting the roll.
//! Rolls imported before are counted once here.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000017_count_electorate"
    }
}

#[derive(DeriveIden)]
enum ElectorateCounts {
    Table,
    RoundId,
    Storkreds,
    Members,
}

#[derive(DeriveIden)]
enum Electorate {
    Table,
    RoundId,
    Storkreds,
    MemberId,
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ElectorateCounts::Table)
                    .col(ColumnDef::new(ElectorateCounts::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(ElectorateCounts::Storkreds).string_len(40).not_null())
                    .col(ColumnDef::new(ElectorateCounts::Members).big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(ElectorateCounts::RoundId)
                            .col(ElectorateCounts::Storkreds),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_electorate_counts_round")
                            .from(ElectorateCounts::Table, ElectorateCounts::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        let counted = Query::select()
            .column(Electorate::RoundId)
            .column(Electorate::Storkreds)
            .expr(Expr::col(Electorate::MemberId).count())
            .from(Electorate::Table)
            .group_by_col(Electorate::RoundId)
            .group_by_col(Electorate::Storkreds)
            .to_owned();
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(ElectorateCounts::Table)
                    .columns([
                        ElectorateCounts::RoundId,
                        ElectorateCounts::Storkreds,
                        ElectorateCounts::Members,
                    ])
                    .select_from(counted)
                    .map_err(|e| DbErr::Migration(e.to_string()))?
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ElectorateCounts::Table).to_owned())
            .await
    }
}
