//! `listings/query` filters and sorts over a real socket, on listings created through
//! `ownListings.create` (each test tags its listings with its own `pub_suite` value).

mod support;

use sharetribe_sdk::core::value::Value;
use support::*;

fn id_of(reply: &Reply) -> String {
    match at(&reply.transit(), &["data", "id"]) {
        Value::Uuid(id) => id.clone(),
        other => panic!("no id: {other:?}"),
    }
}

fn instant(iso: &str) -> Value {
    Value::Instant(sharetribe_sdk::core::iso8601::parse(iso).unwrap())
}

/// A plan with the same entry every day of the week.
fn every_day(kind: &str, entry: &[(&str, Value)]) -> Value {
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let entries = days.iter().map(|day| {
        let mut fields = vec![("dayOfWeek".to_owned(), Value::from(*day))];
        fields.extend(entry.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
        Value::Map(fields)
    });
    Value::map([
        ("type", Value::from(kind)),
        ("timezone", Value::from("Etc/UTC")),
        ("entries", Value::Array(entries.collect())),
    ])
}

/// Creates a published listing of Alice's with `extra` body fields; returns its id.
async fn create(
    addr: support::Addr,
    token: &str,
    title: &str,
    suite: &str,
    extra: Vec<(&str, Value)>,
) -> String {
    let mut public = vec![("suite".to_owned(), Value::from(suite))];
    let mut fields = vec![
        ("title".to_owned(), Value::from(title)),
        ("description".to_owned(), Value::from("A test listing")),
    ];
    for (key, value) in extra {
        match key.strip_prefix("pub.") {
            Some(field) => public.push((field.to_owned(), value)),
            None => fields.push((key.to_owned(), value)),
        }
    }
    fields.push(("publicData".to_owned(), Value::Map(public)));
    let reply = api_post(
        addr,
        "/v1/api/own_listings/create",
        token,
        &Value::Map(fields),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    id_of(&reply)
}

/// The ids `listings/query?<query>` returns, in order.
async fn found(addr: support::Addr, token: &str, query: &str) -> Vec<String> {
    let reply = api_get(addr, &format!("/v1/api/listings/query?{query}"), token).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    array_at(&reply.transit(), &["data"])
        .iter()
        .map(|item| match item.get("id") {
            Some(Value::Uuid(id)) => id.clone(),
            other => panic!("no id: {other:?}"),
        })
        .collect()
}

async fn error_code(addr: support::Addr, token: &str, query: &str) -> (u16, String) {
    let reply = api_get(addr, &format!("/v1/api/listings/query?{query}"), token).await;
    (reply.status, reply.error_code())
}

#[tokio::test]
async fn availability_filters_follow_plans_and_exceptions() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let day_plan = every_day("availability-plan/day", &[("seats", Value::Int(1))]);
    let time_plan = every_day(
        "availability-plan/time",
        &[
            ("startTime", Value::from("09:00")),
            ("endTime", Value::from("17:00")),
            ("seats", Value::Int(2)),
        ],
    );
    let daily = create(
        sb.addr,
        &alice,
        "Daily kayak",
        "avail",
        vec![("availabilityPlan", day_plan)],
    )
    .await;
    let hourly = create(
        sb.addr,
        &alice,
        "Hourly sauna",
        "avail",
        vec![("availabilityPlan", time_plan)],
    )
    .await;
    let days = "pub_suite=avail&start=2025-03-03T00:00:00.000Z&end=2025-03-05T00:00:00.000Z";

    assert_eq!(found(sb.addr, &alice, days).await, vec![daily.clone()]);
    assert_eq!(
        found(sb.addr, &alice, &format!("{days}&availability=day-full")).await,
        vec![daily.clone()],
        "day-full is the default and matches day plans only"
    );

    let exception = Value::map([
        ("listingId", Value::Uuid(daily.clone())),
        ("start", instant("2025-03-04T00:00:00.000Z")),
        ("end", instant("2025-03-05T00:00:00.000Z")),
        ("seats", Value::Int(0)),
    ]);
    let created = api_post(
        sb.addr,
        "/v1/api/availability_exceptions/create",
        &alice,
        &exception,
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(
        found(sb.addr, &alice, days).await.is_empty(),
        "a closed day breaks day-full"
    );
    let partial = format!("{days}&availability=day-partial");
    assert_eq!(found(sb.addr, &alice, &partial).await, vec![daily.clone()]);
    assert_eq!(
        found(sb.addr, &alice, &format!("{partial}&minDuration=1")).await,
        vec![daily.clone()]
    );
    assert!(
        found(sb.addr, &alice, &format!("{partial}&minDuration=2"))
            .await
            .is_empty(),
        "only one day is open"
    );
    let reply = api_get(
        sb.addr,
        &format!("/v1/api/listings/query?{partial}"),
        &alice,
    )
    .await;
    let meta = at(&reply.transit(), &["meta"]).clone();
    assert_eq!(meta.get("paginationUnsupported"), Some(&Value::Bool(true)));
    assert_eq!(meta.get("totalItems"), None, "no totals without pagination");

    let hours = "pub_suite=avail&start=2025-03-03T10:00:00.000Z&end=2025-03-03T12:00:00.000Z";
    let time_full = format!("{hours}&availability=time-full");
    assert_eq!(
        found(sb.addr, &alice, &format!("{time_full}&seats=2")).await,
        vec![hourly.clone()]
    );
    assert!(found(sb.addr, &alice, &format!("{time_full}&seats=3"))
        .await
        .is_empty());
    let early = "pub_suite=avail&start=2025-03-03T08:00:00.000Z&end=2025-03-03T10:00:00.000Z\
                 &availability=time-partial";
    assert_eq!(
        found(sb.addr, &alice, &format!("{early}&minDuration=60")).await,
        vec![hourly.clone()]
    );
    assert!(found(sb.addr, &alice, &format!("{early}&minDuration=61"))
        .await
        .is_empty());
    assert!(
        found(sb.addr, &alice, &format!("{early}&availability=time-full"))
            .await
            .is_empty(),
        "the sauna opens at nine"
    );

    for (query, code) in [
        (
            "start=2025-03-03T00:00:00.000Z".to_owned(),
            "validation-invalid-params",
        ),
        (
            "start=2025-03-03T00:00:00.000Z&end=2025-07-01T00:00:00.000Z".to_owned(),
            "validation-invalid-value",
        ),
        (
            format!("{days}&availability=weekly"),
            "validation-invalid-value",
        ),
        (format!("{days}&minDuration=1"), "validation-invalid-params"),
        ("seats=2".to_owned(), "validation-invalid-params"),
    ] {
        assert_eq!(
            error_code(sb.addr, &alice, &query).await,
            (400, code.to_owned()),
            "{query}"
        );
    }
}

#[tokio::test]
async fn sorts_by_public_fields_with_several_keys() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let three = create(
        sb.addr,
        &alice,
        "Three",
        "sort",
        vec![("pub.rating", Value::Int(3))],
    )
    .await;
    let five = create(
        sb.addr,
        &alice,
        "Five",
        "sort",
        vec![("pub.rating", Value::Int(5))],
    )
    .await;
    let other_three = create(
        sb.addr,
        &alice,
        "Three again",
        "sort",
        vec![("pub.rating", Value::Int(3))],
    )
    .await;
    let unrated = create(sb.addr, &alice, "Unrated", "sort", vec![]).await;

    assert_eq!(
        found(sb.addr, &alice, "pub_suite=sort&sort=-pub_rating,createdAt").await,
        vec![
            five.clone(),
            three.clone(),
            other_three.clone(),
            unrated.clone()
        ]
    );
    assert_eq!(
        found(sb.addr, &alice, "pub_suite=sort&sort=pub_rating,-createdAt").await,
        vec![other_three, three, five, unrated],
        "listings without the field come last either way"
    );
    assert_eq!(
        error_code(sb.addr, &alice, "sort=price,createdAt,pub_a,pub_b").await,
        (400, "validation-invalid-value".to_owned())
    );
    assert_eq!(
        error_code(sb.addr, &alice, "sort=colour").await,
        (400, "validation-invalid-value".to_owned())
    );
    assert!(
        found(sb.addr, &alice, "pub_suite=sort&meta_rating=3")
            .await
            .is_empty(),
        "listings here have no metadata"
    );
}

#[tokio::test]
async fn keyword_search_ranks_title_hits_first() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let titled = create(sb.addr, &alice, "Quokka lamp", "kw", vec![]).await;
    let described = create(
        sb.addr,
        &alice,
        "Desk lamp",
        "kw",
        vec![("description", Value::from("Shaped like a quokka"))],
    )
    .await;
    assert_eq!(
        found(sb.addr, &alice, "pub_suite=kw&keywords=quokka").await,
        vec![titled.clone(), described.clone()],
        "a title hit outranks the newer description hit"
    );
    assert_eq!(
        found(
            sb.addr,
            &alice,
            "pub_suite=kw&keywords=quokka&sort=-createdAt"
        )
        .await,
        vec![described, titled]
    );
}

#[tokio::test]
async fn min_stock_and_stock_mode() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let stocked = create(sb.addr, &alice, "Stocked", "stock", vec![]).await;
    let unstocked = create(sb.addr, &alice, "Unstocked", "stock", vec![]).await;
    let body = Value::map([
        ("listingId", Value::Uuid(stocked.clone())),
        ("oldTotal", Value::Null),
        ("newTotal", Value::Int(5)),
    ]);
    let set = api_post(sb.addr, "/v1/api/stock/compare_and_set", &alice, &body).await;
    assert_eq!(set.status, 200, "{}", set.body);

    assert_eq!(
        found(sb.addr, &alice, "pub_suite=stock&minStock=3").await,
        vec![stocked.clone()]
    );
    assert!(found(sb.addr, &alice, "pub_suite=stock&minStock=6")
        .await
        .is_empty());
    assert_eq!(
        found(
            sb.addr,
            &alice,
            "pub_suite=stock&minStock=3&stockMode=match-undefined&sort=createdAt"
        )
        .await,
        vec![stocked, unstocked]
    );
    assert_eq!(
        error_code(sb.addr, &alice, "minStock=3&stockMode=loose").await,
        (400, "validation-invalid-value".to_owned())
    );
}

#[tokio::test]
async fn time_slots_by_interval_and_their_page_limit() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let entries = days.iter().flat_map(|day| {
        [("09:00", "12:00"), ("13:00", "17:00")].map(|(from, to)| {
            Value::map([
                ("dayOfWeek", Value::from(*day)),
                ("startTime", Value::from(from)),
                ("endTime", Value::from(to)),
                ("seats", Value::Int(1)),
            ])
        })
    });
    let plan = Value::map([
        ("type", Value::from("availability-plan/time")),
        ("timezone", Value::from("Etc/UTC")),
        ("entries", Value::Array(entries.collect())),
    ]);
    let listing = create(
        sb.addr,
        &alice,
        "Split-day studio",
        "slots",
        vec![("availabilityPlan", plan)],
    )
    .await;
    let week = format!(
        "/v1/api/timeslots/query?listingId={listing}\
         &start=2025-03-03T00:00:00.000Z&end=2025-03-10T00:00:00.000Z"
    );
    let starts = |reply: &Reply| -> Vec<String> {
        array_at(&reply.transit(), &["data"])
            .iter()
            .map(
                |slot| match slot.get("attributes").and_then(|a| a.get("start")) {
                    Some(Value::Instant(ms)) => {
                        format!("{}:{}", ms / 86_400_000 % 7, ms / 3_600_000 % 24)
                    }
                    other => panic!("no start: {other:?}"),
                },
            )
            .collect()
    };
    let all = api_get(sb.addr, &format!("{week}&perPage=500"), &alice).await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(starts(&all).len(), 14, "two slots a day");
    assert_eq!(int_at(&all.transit(), &["meta", "perPage"]), 500);

    let first = api_get(
        sb.addr,
        &format!("{week}&intervalDuration=P1D&maxPerInterval=1"),
        &alice,
    )
    .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let mornings = starts(&first);
    assert_eq!(mornings.len(), 7);
    assert!(mornings.iter().all(|s| s.ends_with(":9")), "{mornings:?}");

    let long = api_get(
        sb.addr,
        &format!("{week}&intervalDuration=P1D&minDurationStartingInInterval=200"),
        &alice,
    )
    .await;
    let afternoons = starts(&long);
    assert_eq!(afternoons.len(), 7);
    assert!(
        afternoons.iter().all(|s| s.ends_with(":13")),
        "{afternoons:?}"
    );

    for (query, code) in [
        ("&perPage=501", "validation-invalid-params"),
        ("&maxPerInterval=1", "validation-invalid-params"),
        ("&intervalDuration=daily", "validation-invalid-value"),
        (
            "&intervalDuration=P1D&maxPerInterval=0",
            "validation-invalid-value",
        ),
    ] {
        let reply = api_get(sb.addr, &format!("{week}{query}"), &alice).await;
        assert_eq!(
            (reply.status, reply.error_code()),
            (400, code.to_owned()),
            "{query}"
        );
    }
}

#[tokio::test]
async fn availability_plans_and_geolocations_are_checked() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let entry = |fields: Vec<(&str, Value)>| {
        Value::Map(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    };
    let time_plan = |entries: Vec<Value>| {
        Value::map([
            ("type", Value::from("availability-plan/time")),
            ("entries", Value::Array(entries)),
        ])
    };
    let good = time_plan(vec![entry(vec![
        ("dayOfWeek", Value::from("mon")),
        ("startTime", Value::from("09:00")),
        ("endTime", Value::from("00:00")),
        ("seats", Value::Int(0)),
    ])]);
    create(
        sb.addr,
        &alice,
        "Good plan",
        "checks",
        vec![("availabilityPlan", good)],
    )
    .await;

    let bad_plans = [
        time_plan(vec![entry(vec![
            ("dayOfWeek", Value::from("monday")),
            ("startTime", Value::from("09:00")),
            ("endTime", Value::from("17:00")),
            ("seats", Value::Int(1)),
        ])]),
        time_plan(vec![entry(vec![
            ("dayOfWeek", Value::from("mon")),
            ("startTime", Value::from("17:00")),
            ("endTime", Value::from("09:00")),
            ("seats", Value::Int(1)),
        ])]),
        time_plan(vec![entry(vec![
            ("dayOfWeek", Value::from("mon")),
            ("startTime", Value::from("9am")),
            ("endTime", Value::from("17:00")),
            ("seats", Value::Int(1)),
        ])]),
        time_plan(vec![entry(vec![
            ("dayOfWeek", Value::from("mon")),
            ("startTime", Value::from("09:00")),
            ("endTime", Value::from("17:00")),
            ("seats", Value::Int(-1)),
        ])]),
        Value::map([
            ("type", Value::from("availability-plan/day")),
            ("entries", Value::from("mon")),
        ]),
    ];
    for plan in bad_plans {
        let body = Value::map([
            ("title", Value::from("Bad plan")),
            ("availabilityPlan", plan),
        ]);
        let reply = api_post(sb.addr, "/v1/api/own_listings/create", &alice, &body).await;
        assert_eq!(reply.status, 400, "{}", reply.body);
        assert_eq!(reply.error_code(), "validation-invalid-value");
        assert!(reply.body.contains("availabilityPlan"), "{}", reply.body);
    }
    let body = Value::map([
        ("title", Value::from("Off the map")),
        (
            "geolocation",
            Value::LatLng {
                lat: 91.0,
                lng: 0.0,
            },
        ),
    ]);
    let reply = api_post(sb.addr, "/v1/api/own_listings/create", &alice, &body).await;
    assert_eq!(
        (reply.status, reply.error_code()),
        (400, "validation-invalid-value".to_owned())
    );
    assert!(reply.body.contains("geolocation"), "{}", reply.body);
}

#[tokio::test]
async fn listings_wait_for_approval_when_the_marketplace_requires_it() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    control(
        sb.addr,
        "POST",
        "/_sandbox/listing-approval",
        Some(r#"{"required": true}"#),
    )
    .await;
    let waiting = create(sb.addr, &alice, "Waiting canoe", "approval", vec![]).await;
    let own = api_get(
        sb.addr,
        &format!("/v1/api/own_listings/show?id={waiting}"),
        &alice,
    )
    .await;
    assert_eq!(
        str_at(&own.transit(), &["data", "attributes", "state"]),
        "pendingApproval"
    );
    assert!(found(sb.addr, &alice, "pub_suite=approval")
        .await
        .is_empty());
    let public = api_get(
        sb.addr,
        &format!("/v1/api/listings/show?id={waiting}"),
        &alice,
    )
    .await;
    assert_eq!(public.status, 404);
    let close = api_post(
        sb.addr,
        "/v1/api/own_listings/close",
        &alice,
        &Value::map([("id", Value::Uuid(waiting.clone()))]),
    )
    .await;
    assert_eq!(
        (close.status, close.error_code()),
        (409, "listing-invalid-state".to_owned())
    );

    let draft = api_post(
        sb.addr,
        "/v1/api/own_listings/create_draft",
        &alice,
        &Value::map([("title", Value::from("Draft canoe"))]),
    )
    .await;
    let draft = id_of(&draft);
    let published = api_post(
        sb.addr,
        "/v1/api/own_listings/publish_draft?expand=true",
        &alice,
        &Value::map([("id", Value::Uuid(draft.clone()))]),
    )
    .await;
    assert_eq!(
        str_at(&published.transit(), &["data", "attributes", "state"]),
        "pendingApproval"
    );

    control(
        sb.addr,
        "POST",
        &format!("/_sandbox/listings/{waiting}/approve"),
        None,
    )
    .await;
    assert_eq!(
        found(sb.addr, &alice, "pub_suite=approval").await,
        vec![waiting.clone()]
    );
    let again = request(
        sb.addr,
        "POST",
        &format!("/_sandbox/listings/{waiting}/approve"),
        &[],
        None,
    )
    .await
    .unwrap();
    assert_eq!(again.status, 409, "{}", again.body);
    let bad = request(
        sb.addr,
        "POST",
        "/_sandbox/listing-approval",
        &[],
        Some(("application/json", "{\"required\": 1}")),
    )
    .await
    .unwrap();
    assert_eq!(bad.status, 400, "{}", bad.body);

    control(sb.addr, "POST", "/_sandbox/reset", None).await;
    let (alice, _) = login(sb.addr, "alice").await;
    let after_reset = create(sb.addr, &alice, "Straight canoe", "approval2", vec![]).await;
    assert_eq!(
        found(sb.addr, &alice, "pub_suite=approval2").await,
        vec![after_reset],
        "a reset turns approval off again"
    );
}
