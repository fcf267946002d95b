//! The ten storkredse, seeded from the domain's list.

use medlemsbudget_domain::Storkreds;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000001_create_storkredse"
    }
}

#[derive(DeriveIden)]
pub enum Storkredse {
    Table,
    Slug,
    Name,
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Storkredse::Table)
                    .col(ColumnDef::new(Storkredse::Slug).string_len(40).not_null().primary_key())
                    .col(ColumnDef::new(Storkredse::Name).string_len(80).not_null())
                    .col(ColumnDef::new(Storkredse::Position).integer().not_null().unique_key())
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert();
        insert
            .into_table(Storkredse::Table)
            .columns([Storkredse::Slug, Storkredse::Name, Storkredse::Position]);
        for (position, storkreds) in Storkreds::ALL.into_iter().enumerate() {
            insert.values_panic([
                storkreds.slug().into(),
                storkreds.name().into(),
                (position as i32 + 1).into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Storkredse::Table).to_owned())
            .await
    }
}
