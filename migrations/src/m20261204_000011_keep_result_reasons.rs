//! A tally keeps each bid's reasons and the rule's steps with their numbers
//! (JSON), so the result can be explained in Danish as well as in the
//! published English sentences. Results tallied before have none (NULL).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000011_keep_result_reasons"
    }
}

#[derive(DeriveIden)]
enum ResultLines {
    Table,
    Reasons,
}

#[derive(DeriveIden)]
enum Results {
    Table,
    StepLog,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ResultLines::Table)
                    .add_column(ColumnDef::new(ResultLines::Reasons).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Results::Table)
                    .add_column(ColumnDef::new(Results::StepLog).text().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ResultLines::Table)
                    .drop_column(ResultLines::Reasons)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Results::Table)
                    .drop_column(Results::StepLog)
                    .to_owned(),
            )
            .await
    }
}
