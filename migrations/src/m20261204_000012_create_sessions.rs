//! `sessions`: who is signed in to the pages, revocably. A row holds only
//! the SHA-256 of the session id and its times; who the session belongs to
//! travels in the signed cookie, so the table names no one.
//!
//! `oidc_sign_ins`: sign-ins started at the organisation's OpenID provider
//! and not yet come back (the `state`'s hash, the nonce and the PKCE
//! verifier), each used once.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000012_create_sessions"
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum OidcSignIns {
    Table,
    StateHash,
    Nonce,
    PkceVerifier,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(ColumnDef::new(Sessions::IdHash).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Sessions::CreatedAt).big_integer().not_null())
                    .col(ColumnDef::new(Sessions::LastSeenAt).big_integer().not_null())
                    .col(ColumnDef::new(Sessions::ExpiresAt).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OidcSignIns::Table)
                    .col(
                        ColumnDef::new(OidcSignIns::StateHash)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(OidcSignIns::Nonce).text().not_null())
                    .col(ColumnDef::new(OidcSignIns::PkceVerifier).text().not_null())
                    .col(ColumnDef::new(OidcSignIns::CreatedAt).big_integer().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OidcSignIns::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await
    }
}
