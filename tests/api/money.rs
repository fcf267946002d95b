//! Money round-trips exactly through the API and the database, on both backends.

use axum::http::StatusCode;
use medlemsbudget::store::entity::proposal;
use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::helpers::spawn_app;

const AMOUNTS: [&str; 6] = [
    "0.10",
    "0.20",
    "123456789.01",
    "70368744177663.99",
    "999999999.99",
    "0.01",
];

#[tokio::test]
async fn amounts_round_trip_exactly_and_sum_exactly_in_sql() {
    let app = spawn_app().await;
    let round = app.round_open_for_bids("1000000000.00").await;
    let mut expected_ore = 0i64;
    for amount in AMOUNTS {
        let reply = app.submit(round, "fyn", &format!("Bud på {amount}"), amount).await;
        if amount == "70368744177663.99" {
            // Larger than the largest amount the service handles: refused, not rounded.
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
            continue;
        }
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        assert_eq!(reply.body["amount"], amount);
        let id = reply.body["id"].as_i64().unwrap_or_default();
        let read = app
            .get(&format!("/api/v1/rounds/{round}/proposals/{id}"), &app.member(1))
            .await;
        assert_eq!(read.body["amount"], amount);
        expected_ore += amount.replace('.', "").parse::<i64>().unwrap_or_default();
    }

    // The stored column is integer øre, and SQL sums it exactly: 0.10 + 0.20 is 0.30, not 0.30000000000000004.
    // (PostgreSQL's SUM(bigint) is numeric; cast it back to read it as an integer.)
    let total = Expr::expr(Func::cast_as(
        Func::sum(Expr::col(proposal::Column::AmountOre)),
        Alias::new("BIGINT"),
    ));
    let sum: Option<i64> = proposal::Entity::find()
        .select_only()
        .column_as(total, "total")
        .filter(proposal::Column::RoundId.eq(round))
        .into_tuple::<Option<i64>>()
        .one(&app.db)
        .await
        .ok()
        .flatten()
        .flatten();
    assert_eq!(sum, Some(expected_ore));
    assert_eq!(expected_ore, 10 + 20 + 12_345_678_901 + 99_999_999_999 + 1);
}
