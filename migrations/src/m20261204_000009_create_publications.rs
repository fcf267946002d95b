//! `publications`: what the service signed when a round was published (the
//! signed JSON and its Ed25519 signature; the key is never stored).

use sea_orm_migration::prelude::*;

use crate::m20261125_000002_create_rounds::Rounds;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000009_create_publications"
    }
}

#[derive(DeriveIden)]
pub enum Publications {
    Table,
    RoundId,
    Payload,
    Signature,
    PublicKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Publications::Table)
                    .col(
                        ColumnDef::new(Publications::RoundId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Publications::Payload).text().not_null())
                    .col(ColumnDef::new(Publications::Signature).string_len(128).not_null())
                    .col(ColumnDef::new(Publications::PublicKey).string_len(64).not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_publications_round")
                            .from(Publications::Table, Publications::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Publications::Table).to_owned())
            .await
    }
}
