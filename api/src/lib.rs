//! The medlemsbudget service: application services over the pure rules in
//! `medlemsbudget-domain`, persisted with sea-orm, served as a REST API
//! (axum, utoipa) and as Danish web pages (`web`), and driven by the command line.
//!
//! A request goes `rest` → `services` → domain checks → `store`, and back.

pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod openapi;
pub mod rest;
pub mod secret;
pub mod services;
pub mod signing;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod web;
