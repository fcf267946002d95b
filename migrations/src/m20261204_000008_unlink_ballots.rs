//! Nothing written at vote time names the member.
//!
//! `voters` recorded who had voted, in the same transaction as the ballot,
//! which let anyone holding the database line the two up (PostgreSQL: same
//! `xmin`; SQLite: rowids in the same order). It goes: one ballot per member
//! is the `ballots` primary key (the ballot key is a keyed hash of round and
//! member), turnout is the number of ballots, and whether a member has voted
//! is answered by computing their key. On SQLite, `ballots` becomes a
//! `WITHOUT ROWID` table, so its rows lie in ballot-key order, not in the
//! order they were cast.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000008_unlink_ballots"
    }
}

/// `ballots` again, clustered on its primary key.
const SQLITE_BALLOTS_BY_KEY: [&str; 4] = [
    "CREATE TABLE ballots_by_key (\
       round_id BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE, \
       ballot_key VARCHAR(64) NOT NULL, \
       storkreds VARCHAR(40) NOT NULL, \
       content TEXT NOT NULL, \
       receipt_hash VARCHAR(64) NOT NULL UNIQUE, \
       PRIMARY KEY (round_id, ballot_key)) WITHOUT ROWID",
    "INSERT INTO ballots_by_key (round_id, ballot_key, storkreds, content, receipt_hash) \
       SELECT round_id, ballot_key, storkreds, content, receipt_hash FROM ballots ORDER BY round_id, ballot_key",
    "DROP TABLE ballots",
    "ALTER TABLE ballots_by_key RENAME TO ballots",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Sqlite {
            for sql in SQLITE_BALLOTS_BY_KEY {
                db.execute_unprepared(sql).await?;
            }
        }
        db.execute_unprepared("DROP TABLE voters").await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "who voted is not recorded any more, so it cannot be restored".to_owned(),
        ))
    }
}
