//! Ballots from meetings.
//!
//! `meetings`: a storkreds' meeting where members vote on paper, with its
//! counts: members checked off there, paper ballots entered (and how many
//! of them were spoilt), and whether its one batch is entered. The batch
//! never holds more ballots than members checked off (`CHECK`).
//!
//! `ballots` gets a `kind`: `online` (as before), `paper` (a ballot of a
//! meeting's batch, under a random key, with no member behind it), or
//! `checkoff` (a member checked off at a meeting, under their ballot key,
//! with no content). A check-off and an online ballot of the same member
//! share the one primary key `(round_id, ballot_key)`, so the database
//! itself lets a member have one or the other, however requests race; no
//! row names the member, and no row links a check-off to a paper ballot.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

use crate::m20261125_000001_create_storkredse::Storkredse;
use crate::m20261125_000002_create_rounds::Rounds;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000015_create_meetings"
    }
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
    RoundId,
    Storkreds,
    Name,
    HeldOn,
    CreatedBy,
    CreatedAt,
    CheckedOff,
    PaperBallots,
    Spoilt,
    BatchEntered,
}

/// What each kind of ballot row holds.
const KIND_CHECK: &str = "CHECK ((kind IN ('online', 'paper') AND content IS NOT NULL AND receipt_hash IS NOT NULL) \
     OR (kind = 'checkoff' AND content IS NULL AND receipt_hash IS NULL))";

/// `ballots` with `kind`, on SQLite (a table is rebuilt to change its columns).
fn sqlite_ballots() -> [String; 4] {
    [
        format!(
            "CREATE TABLE ballots_with_kind (\
               round_id BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE, \
               ballot_key VARCHAR(64) NOT NULL, \
               storkreds VARCHAR(40) NOT NULL, \
               content TEXT, \
               receipt_hash VARCHAR(64) UNIQUE, \
               kind VARCHAR(10) NOT NULL DEFAULT 'online', \
               {KIND_CHECK}, \
               PRIMARY KEY (round_id, ballot_key)) WITHOUT ROWID"
        ),
        "INSERT INTO ballots_with_kind (round_id, ballot_key, storkreds, content, receipt_hash, kind) \
           SELECT round_id, ballot_key, storkreds, content, receipt_hash, 'online' FROM ballots \
           ORDER BY round_id, ballot_key"
            .to_owned(),
        "DROP TABLE ballots".to_owned(),
        "ALTER TABLE ballots_with_kind RENAME TO ballots".to_owned(),
    ]
}

/// `ballots` with `kind`, on PostgreSQL.
fn postgres_ballots() -> [String; 4] {
    [
        "ALTER TABLE ballots ADD COLUMN kind VARCHAR(10) NOT NULL DEFAULT 'online'".to_owned(),
        "ALTER TABLE ballots ALTER COLUMN content DROP NOT NULL".to_owned(),
        "ALTER TABLE ballots ALTER COLUMN receipt_hash DROP NOT NULL".to_owned(),
        format!("ALTER TABLE ballots ADD CONSTRAINT ballots_kind {KIND_CHECK}"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .col(
                        ColumnDef::new(Meetings::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Meetings::RoundId).big_integer().not_null())
                    .col(ColumnDef::new(Meetings::Storkreds).string_len(40).not_null())
                    .col(ColumnDef::new(Meetings::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Meetings::HeldOn).string_len(10).not_null())
                    .col(ColumnDef::new(Meetings::CreatedBy).string_len(200).not_null())
                    .col(
                        ColumnDef::new(Meetings::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Meetings::CheckedOff).big_integer().not_null().default(0))
                    .col(
                        ColumnDef::new(Meetings::PaperBallots)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(ColumnDef::new(Meetings::Spoilt).big_integer().not_null().default(0))
                    .col(
                        ColumnDef::new(Meetings::BatchEntered)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .check(Expr::col(Meetings::PaperBallots).gte(0))
                    .check(Expr::col(Meetings::Spoilt).gte(0))
                    .check(
                        Expr::col(Meetings::PaperBallots)
                            .add(Expr::col(Meetings::Spoilt))
                            .lte(Expr::col(Meetings::CheckedOff)),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_round")
                            .from(Meetings::Table, Meetings::RoundId)
                            .to(Rounds::Table, Rounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_meetings_storkreds")
                            .from(Meetings::Table, Meetings::Storkreds)
                            .to(Storkredse::Table, Storkredse::Slug),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_meetings_round")
                    .table(Meetings::Table)
                    .col(Meetings::RoundId)
                    .to_owned(),
            )
            .await?;
        let statements = match manager.get_database_backend() {
            DbBackend::Sqlite => sqlite_ballots(),
            _ => postgres_ballots(),
        };
        let db = manager.get_connection();
        for sql in statements {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "paper ballots and check-offs are ballots of their rounds; they cannot be dropped".to_owned(),
        ))
    }
}
