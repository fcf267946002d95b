//! Database migrations for medlemsbudget.
//!
//! One set of migrations serves SQLite (the embedded default) and PostgreSQL.
//! Money is stored as whole øre in `BIGINT` columns, which both backends keep
//! exactly (SQLite would store a decimal column as a binary float).
#![forbid(unsafe_code)]

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_storkredse;
mod m20261125_000002_create_rounds;
mod m20261125_000003_create_proposals;
mod m20261125_000004_create_ballots;
mod m20261125_000005_create_results;
mod m20261125_000006_create_electorate;
mod m20261125_000007_create_audit_events;
mod m20261204_000008_unlink_ballots;
mod m20261204_000009_create_publications;
mod m20261204_000010_index_electorate_storkreds;
mod m20261204_000011_keep_result_reasons;
mod m20261204_000012_create_sessions;
mod m20261204_000013_create_voting_codes;
mod m20261204_000014_round_timelines;
mod m20261204_000015_create_meetings;
mod m20261204_000016_create_follow_up;
mod m20261204_000017_count_electorate;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_storkredse::Migration),
            Box::new(m20261125_000002_create_rounds::Migration),
            Box::new(m20261125_000003_create_proposals::Migration),
            Box::new(m20261125_000004_create_ballots::Migration),
            Box::new(m20261125_000005_create_results::Migration),
            Box::new(m20261125_000006_create_electorate::Migration),
            Box::new(m20261125_000007_create_audit_events::Migration),
            Box::new(m20261204_000008_unlink_ballots::Migration),
            Box::new(m20261204_000009_create_publications::Migration),
            Box::new(m20261204_000010_index_electorate_storkreds::Migration),
            Box::new(m20261204_000011_keep_result_reasons::Migration),
            Box::new(m20261204_000012_create_sessions::Migration),
            Box::new(m20261204_000013_create_voting_codes::Migration),
            Box::new(m20261204_000014_round_timelines::Migration),
            Box::new(m20261204_000015_create_meetings::Migration),
            Box::new(m20261204_000016_create_follow_up::Migration),
            Box::new(m20261204_000017_count_electorate::Migration),
        ]
    }
}
