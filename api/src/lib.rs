//! The medlemsbudget HTTP API: axum routes over sea-orm persistence, calling
//! the pure rules in `medlemsbudget-domain`.

pub mod app;
pub mod auth;
pub mod ballot_keys;
pub mod cli;
pub mod db;
pub mod demo;
pub mod entity;
pub mod error;
pub mod extract;
pub mod import_file;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod schema;
pub mod secret;
pub mod serve;
pub mod state;
pub mod store;
pub mod tally_file;
pub mod telemetry;
pub mod voting_rounds;
