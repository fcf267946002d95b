//! End-to-end tests through the real router: on SQLite by default, on
//! PostgreSQL when `TEST_DATABASE_URL` names a server (each test gets a fresh
//! database, created and dropped by the test).

mod auth;
mod ballots;
mod docs;
mod errors;
mod helpers;
mod money;
mod proposals;
mod round;
mod rules;
mod tokens;
mod trust;
