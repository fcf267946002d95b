//! End-to-end tests, through the real router in-process and through the real
//! binary (`medlemsbudget-under-test`, built by this crate): on SQLite by
//! default, on PostgreSQL when `TEST_DATABASE_URL` names a server (each test
//! gets a fresh database, created and dropped by the test). `snapshots`
//! keeps what users see under review (`tests/api/snapshots/`).

mod auth;
mod ballots;
mod cli;
mod codes;
mod docs;
mod errors;
mod follow_up;
mod helpers;
mod money;
mod oidc;
mod operations;
mod paper;
mod processes;
mod proposals;
mod provider;
mod publication;
mod round;
mod roundtrip;
mod rules;
mod secrecy;
mod snapshots;
mod timeline;
mod tokens;
mod trust;
mod web;
mod web_follow_up;
mod web_timeline;
