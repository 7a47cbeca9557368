//! The seed data agrees with the hosted config assets, the way the Web Template checks it: a
//! listing whose type, process, unit type, category or fields the config does not know shows
//! "invalid data", and a price in another currency than the marketplace's cannot be booked.

mod support;

use sharetribe_sdk::core::value::Value;
use support::*;

const ASSETS: &str = "/v1/assets/pub/sandbox-client-id/a/latest";

async fn asset(sb: &Running, path: &str) -> Value {
    let reply = request(sb.addr, "GET", &format!("{ASSETS}/{path}"), &[], None)
        .await
        .unwrap();
    assert_eq!(reply.status, 200, "{path}");
    at(&reply.json(), &["data"]).clone()
}

fn strings(values: &[Value], key: &str) -> Vec<String> {
    values
        .iter()
        .map(|v| str_at(v, &[key]).to_owned())
        .collect()
}

#[tokio::test]
async fn every_seed_listing_matches_the_config_assets() {
    let sb = start_default().await;
    let types = asset(&sb, "listings/listing-types.json").await;
    let types = array_at(&types, &["listingTypes"]).to_vec();
    let categories = asset(&sb, "listings/listing-categories.json").await;
    let categories = strings(array_at(&categories, &["categories"]), "id");
    let fields = asset(&sb, "listings/listing-fields.json").await;
    let fields = array_at(&fields, &["listingFields"]).to_vec();
    let currency = str_at(
        &asset(&sb, "general/localization.json").await,
        &["currency"],
    )
    .to_owned();

    let token = anonymous_token(sb.addr).await;
    let reply = api_get(
        sb.addr,
        "/v1/api/listings/query?perPage=100&include=currentStock",
        &token,
    )
    .await;
    let body = reply.transit();
    let listings = array_at(&body, &["data"]);
    assert_eq!(listings.len(), 54);
    let mut seen_units = std::collections::BTreeSet::new();
    for listing in listings {
        let attrs = at(listing, &["attributes"]);
        let public = at(attrs, &["publicData"]);
        let title = str_at(attrs, &["title"]);
        let type_id = str_at(public, &["listingType"]);
        let config = types
            .iter()
            .find(|t| str_at(t, &["id"]) == type_id)
            .unwrap_or_else(|| panic!("{title}: unknown listing type {type_id}"));
        let alias = str_at(config, &["transactionProcess", "alias"]);
        assert_eq!(
            str_at(public, &["transactionProcessAlias"]),
            alias,
            "{title}"
        );
        let unit = str_at(public, &["unitType"]);
        assert_eq!(unit, str_at(config, &["unitType"]), "{title}");
        seen_units.insert(unit.to_owned());
        assert!(
            categories
                .iter()
                .any(|c| c == str_at(public, &["categoryLevel1"])),
            "{title}"
        );
        for field in &fields {
            let key = str_at(field, &["key"]);
            let options = match field.get("enumOptions") {
                Some(Value::Array(options)) => strings(options, "option"),
                _ => continue,
            };
            match public.get(key) {
                Some(Value::String(v)) => assert!(options.contains(v), "{title}: {key}={v}"),
                Some(Value::Array(vs)) => {
                    for v in vs {
                        assert!(
                            options.iter().any(|o| Some(o.as_str()) == v.as_str()),
                            "{title}: {key}"
                        );
                    }
                }
                other => panic!("{title}: {key} is {other:?}"),
            }
        }
        let Value::Money {
            currency: price_currency,
            ..
        } = at(attrs, &["price"])
        else {
            panic!("{title}: no price")
        };
        assert_eq!(price_currency, &currency, "{title}");

        let plan = at(attrs, &["availabilityPlan"]);
        let stock = at(listing, &["relationships", "currentStock", "data"]);
        if alias.starts_with("default-booking/") {
            assert_eq!(str_at(plan, &["type"]), "availability-plan/time", "{title}");
            assert!(str_at(plan, &["timezone"]).contains('/'), "{title}");
            assert!(!array_at(plan, &["entries"]).is_empty(), "{title}");
        }
        if alias.starts_with("default-purchase/") {
            assert!(
                matches!(stock, Value::Map(_)),
                "{title}: a purchase listing has stock"
            );
        } else {
            assert_eq!(stock, &Value::Null, "{title}");
        }
    }
    assert_eq!(
        seen_units.into_iter().collect::<Vec<_>>(),
        ["day", "hour", "inquiry", "item", "night"]
    );
    for stock in array_at(&body, &["included"]) {
        assert!(int_at(stock, &["attributes", "quantity"]) > 0);
    }

    // Users have a user type of /users/user-types.json.
    let user_types = asset(&sb, "users/user-types.json").await;
    let user_types = strings(array_at(&user_types, &["userTypes"]), "id");
    for n in 1..=3 {
        let id = format!("10000000-0000-4000-8000-00000000000{n}");
        let user = api_get(sb.addr, &format!("/v1/api/users/show?id={id}"), &token)
            .await
            .transit();
        let user_type = str_at(
            &user,
            &["data", "attributes", "profile", "publicData", "userType"],
        );
        assert!(
            user_types.iter().any(|t| t == user_type),
            "{id}: {user_type}"
        );
    }
}

#[tokio::test]
async fn time_slots_follow_the_plans_time_zone() {
    // Listing 3 is Carol's hourly rental in New York: 09:00–17:00 on weekdays, local time.
    let sb = start_default().await;
    let token = anonymous_token(sb.addr).await;
    let listing = "20000000-0000-4000-8000-000000000003";
    let shown = api_get(
        sb.addr,
        &format!("/v1/api/listings/show?id={listing}"),
        &token,
    )
    .await
    .transit();
    let plan = at(&shown, &["data", "attributes", "availabilityPlan"]);
    assert_eq!(str_at(plan, &["timezone"]), "America/New_York");
    // Monday 3 March 2025 (EST, UTC−5) and Monday 10 March (EDT, UTC−4, after the change).
    for (day, start, end) in [
        (
            "2025-03-03",
            "2025-03-03T14:00:00.000Z",
            "2025-03-03T22:00:00.000Z",
        ),
        (
            "2025-03-10",
            "2025-03-10T13:00:00.000Z",
            "2025-03-10T21:00:00.000Z",
        ),
    ] {
        let reply = api_get(
            sb.addr,
            &format!("/v1/api/timeslots/query?listingId={listing}&start={day}T00:00:00.000Z&end={day}T23:59:00.000Z"),
            &token,
        )
        .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        let body = reply.transit();
        let slots = array_at(&body, &["data"]);
        assert_eq!(slots.len(), 1, "{day}");
        let iso = |v: &Value| match v {
            Value::Instant(ms) => *ms,
            other => panic!("{other:?}"),
        };
        let parse = |s: &str| sharetribe_sdk::core::iso8601::parse(s).unwrap();
        assert_eq!(
            iso(at(&slots[0], &["attributes", "start"])),
            parse(start),
            "{day}"
        );
        assert_eq!(
            iso(at(&slots[0], &["attributes", "end"])),
            parse(end),
            "{day}"
        );
    }
}

#[tokio::test]
async fn a_plan_with_an_unknown_time_zone_is_refused() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let plan = Value::map([
        ("type", Value::from("availability-plan/time")),
        ("timezone", Value::from("Mars/Olympus_Mons")),
        ("entries", Value::Array(vec![])),
    ]);
    let body = Value::map([
        ("title", Value::from("Telescope")),
        ("availabilityPlan", plan),
    ]);
    let reply = api_post(sb.addr, "/v1/api/own_listings/create", &alice, &body).await;
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("timezone"), "{}", reply.body);
}
