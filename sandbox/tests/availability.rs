//! Availability exceptions, time slots and stock over a real socket.

mod support;

use sharetribe_sdk::core::value::Value;
use support::*;

/// Listing 1 of the seed, Alice's (no availability plan: open every day, one seat).
const LISTING: &str = "20000000-0000-4000-8000-000000000001";

fn instant(iso: &str) -> Value {
    Value::Instant(sharetribe_sdk::core::iso8601::parse(iso).unwrap())
}

#[tokio::test]
async fn an_exception_closes_days_and_a_deletion_reopens_them() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let range = "start=2025-03-01T00:00:00.000Z&end=2025-03-08T00:00:00.000Z";
    let slots = api_get(
        sb.addr,
        &format!("/v1/api/timeslots/query?listingId={LISTING}&{range}"),
        &alice,
    )
    .await;
    assert_eq!(slots.status, 200, "{}", slots.body);
    assert_eq!(
        array_at(&slots.transit(), &["data"]).len(),
        1,
        "one merged week-long slot"
    );

    let body = Value::map([
        ("listingId", Value::Uuid(LISTING.to_owned())),
        ("start", instant("2025-03-03T00:00:00.000Z")),
        ("end", instant("2025-03-05T00:00:00.000Z")),
        ("seats", Value::Int(0)),
    ]);
    let created = api_post(
        sb.addr,
        "/v1/api/availability_exceptions/create?expand=true",
        &alice,
        &body,
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let slots = api_get(
        sb.addr,
        &format!("/v1/api/timeslots/query?listingId={LISTING}&{range}"),
        &alice,
    )
    .await;
    assert_eq!(
        array_at(&slots.transit(), &["data"]).len(),
        2,
        "the closed days split the week"
    );
    let overlapping = api_post(
        sb.addr,
        "/v1/api/availability_exceptions/create",
        &alice,
        &body,
    )
    .await;
    assert_eq!(overlapping.status, 409);

    let id = at(&created.transit(), &["data", "id"]).clone();
    let deleted = api_post(
        sb.addr,
        "/v1/api/availability_exceptions/delete",
        &alice,
        &Value::map([("id", id)]),
    )
    .await;
    assert_eq!(deleted.status, 200);
    let listed = api_get(
        sb.addr,
        &format!("/v1/api/availability_exceptions/query?listingId={LISTING}&{range}"),
        &alice,
    )
    .await;
    assert!(array_at(&listed.transit(), &["data"]).is_empty());

    let (bob, _) = login(sb.addr, "bob").await;
    let foreign = api_post(
        sb.addr,
        "/v1/api/availability_exceptions/create",
        &bob,
        &body,
    )
    .await;
    assert_eq!(foreign.status, 404);
}

#[tokio::test]
async fn stock_compare_and_set_and_adjustments() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let cas = |old: Value, new: i64| {
        Value::map([
            ("listingId", Value::Uuid(LISTING.to_owned())),
            ("oldTotal", old),
            ("newTotal", Value::Int(new)),
        ])
    };
    let set = api_post(
        sb.addr,
        "/v1/api/stock/compare_and_set?expand=true",
        &alice,
        &cas(Value::Null, 5),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        int_at(&set.transit(), &["data", "attributes", "quantity"]),
        5
    );
    let stale = api_post(
        sb.addr,
        "/v1/api/stock/compare_and_set",
        &alice,
        &cas(Value::Null, 7),
    )
    .await;
    assert_eq!(stale.error_code(), "old-total-mismatch");
    let adjust = Value::map([
        ("listingId", Value::Uuid(LISTING.to_owned())),
        ("quantity", Value::Int(-2)),
    ]);
    assert_eq!(
        api_post(sb.addr, "/v1/api/stock_adjustments/create", &alice, &adjust)
            .await
            .status,
        200
    );
    let shown = api_get(
        sb.addr,
        &format!("/v1/api/listings/show?id={LISTING}&include=currentStock"),
        &alice,
    )
    .await;
    let included = array_at(&shown.transit(), &["included"]).to_vec();
    assert_eq!(int_at(&included[0], &["attributes", "quantity"]), 3);
    let too_many = Value::map([
        ("listingId", Value::Uuid(LISTING.to_owned())),
        ("quantity", Value::Int(-9)),
    ]);
    assert_eq!(
        api_post(
            sb.addr,
            "/v1/api/stock_adjustments/create",
            &alice,
            &too_many
        )
        .await
        .status,
        400
    );
}
