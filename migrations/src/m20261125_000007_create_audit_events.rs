//! The append-only, hash-chained audit log: one chain per round.
//! `at` and `details` are stored as the exact text that was hashed.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000007_create_audit_events"
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    RoundId,
    Seq,
    Kind,
    Details,
    At,
    PrevHash,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(ColumnDef::new(AuditEvents::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(AuditEvents::Seq).big_integer().not_null())
                    .col(ColumnDef::new(AuditEvents::Kind).string_len(60).not_null())
                    .col(ColumnDef::new(AuditEvents::Details).text().not_null())
                    .col(ColumnDef::new(AuditEvents::At).string_len(40).not_null())
                    .col(ColumnDef::new(AuditEvents::PrevHash).string_len(64).not_null())
                    .col(ColumnDef::new(AuditEvents::Hash).string_len(64).not_null())
                    .primary_key(Index::create().col(AuditEvents::RoundId).col(AuditEvents::Seq))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditEvents::Table).to_owned())
            .await
    }
}
