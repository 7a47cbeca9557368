//! Transactions, messages and reviews over a real socket: what a browser may do, what only a
//! trusted caller may do, and the state the sandbox keeps across calls.

mod support;

use sharetribe_sdk::core::value::Value;
use support::*;

/// Listing 2 of the seed, authored by Bob.
const BOBS_LISTING: &str = "20000000-0000-4000-8000-000000000002";
/// Listing 1 of the seed, authored by Alice.
const ALICES_LISTING: &str = "20000000-0000-4000-8000-000000000001";

fn uuid(id: &str) -> Value {
    Value::Uuid(id.to_owned())
}

fn id_of(reply: &Reply) -> String {
    match at(&reply.transit(), &["data", "id"]) {
        Value::Uuid(id) => id.clone(),
        other => panic!("no id in {}: {other:?}", reply.body),
    }
}

fn initiate_body(alias: &str, transition: &str, listing: &str) -> Value {
    Value::map([
        ("processAlias", Value::from(alias)),
        ("transition", Value::from(transition)),
        (
            "params",
            Value::map([
                ("listingId", uuid(listing)),
                ("protectedData", Value::map([("note", Value::from("hi"))])),
            ]),
        ),
    ])
}

#[tokio::test]
async fn inquiry_and_messages_between_the_parties_only() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let (bob, _) = login(sb.addr, "bob").await;
    let (carol, _) = login(sb.addr, "carol").await;

    let body = initiate_body(
        "default-inquiry/release-1",
        "transition/inquire-without-payment",
        BOBS_LISTING,
    );
    let started = api_post(
        sb.addr,
        "/v1/api/transactions/initiate?expand=true",
        &alice,
        &body,
    )
    .await;
    assert_eq!(started.status, 200, "{}", started.body);
    let doc = started.transit();
    assert_eq!(
        str_at(&doc, &["data", "attributes", "lastTransition"]),
        "transition/inquire-without-payment"
    );
    assert_eq!(
        str_at(&doc, &["data", "attributes", "processName"]),
        "default-inquiry"
    );
    assert_eq!(
        str_at(&doc, &["data", "attributes", "protectedData", "note"]),
        "hi"
    );
    let tx = id_of(&started);

    let message = Value::map([
        ("transactionId", uuid(&tx)),
        ("content", Value::from("Is it free on Friday?")),
    ]);
    let sent = api_post(sb.addr, "/v1/api/messages/send", &alice, &message).await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let stranger = api_post(sb.addr, "/v1/api/messages/send", &carol, &message).await;
    assert_eq!(stranger.status, 404);

    let read = api_get(
        sb.addr,
        &format!("/v1/api/messages/query?transactionId={tx}&include=sender"),
        &bob,
    )
    .await;
    assert_eq!(read.status, 200);
    let doc = read.transit();
    assert_eq!(array_at(&doc, &["data"]).len(), 1);
    assert_eq!(
        str_at(&array_at(&doc, &["data"])[0], &["attributes", "content"]),
        "Is it free on Friday?"
    );

    let sales = api_get(sb.addr, "/v1/api/transactions/query?only=sale", &bob).await;
    assert_eq!(array_at(&sales.transit(), &["data"]).len(), 1);
    let orders = api_get(sb.addr, "/v1/api/transactions/query?only=sale", &alice).await;
    assert!(array_at(&orders.transit(), &["data"]).is_empty());
    let hidden = api_get(
        sb.addr,
        &format!("/v1/api/transactions/show?id={tx}"),
        &carol,
    )
    .await;
    assert_eq!(hidden.status, 404);

    let own = initiate_body(
        "default-inquiry/release-1",
        "transition/inquire-without-payment",
        ALICES_LISTING,
    );
    let refused = api_post(sb.addr, "/v1/api/transactions/initiate", &alice, &own).await;
    assert_eq!(refused.status, 409);
    assert_eq!(refused.error_code(), "transaction-same-author-and-customer");
    let unknown = initiate_body("default-nope/release-1", "transition/inquire", BOBS_LISTING);
    let unknown = api_post(sb.addr, "/v1/api/transactions/initiate", &alice, &unknown).await;
    assert_eq!(unknown.error_code(), "transaction-unknown-alias");
}

#[tokio::test]
async fn booking_flow_with_a_trusted_start_then_browser_transitions() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let (bob, _) = login(sb.addr, "bob").await;

    // A browser may not run the privileged request-payment.
    let privileged = initiate_body(
        "default-booking/release-1",
        "transition/request-payment",
        BOBS_LISTING,
    );
    let refused = api_post(
        sb.addr,
        "/v1/api/transactions/initiate",
        &alice,
        &privileged,
    )
    .await;
    assert_eq!(refused.status, 403, "{}", refused.body);

    // The marketplace's server (trusted) starts it with line items.
    let trusted = format!(
        r#"{{"as":"alice@example.com","processAlias":"default-booking/release-1","transition":"transition/request-payment",
        "params":{{"listingId":{{"$uuid":"{BOBS_LISTING}"}},"bookingStart":{{"$date":"2025-03-01T00:00:00.000Z"}},
        "bookingEnd":{{"$date":"2025-03-04T00:00:00.000Z"}},"lineItems":[{{"code":"line-item/day",
        "unitPrice":{{"$money":{{"amount":2500,"currency":"EUR"}}}},"quantity":{{"$bigdecimal":"3"}},"includeFor":["customer","provider"]}}]}}}}"#
    );
    let started = control(
        sb.addr,
        "POST",
        "/_sandbox/transactions/transition",
        Some(&trusted),
    )
    .await;
    let started = started.json();
    assert_eq!(str_at(&started, &["state"]), "state/pending-payment");
    let tx = str_at(&started, &["id"]).to_owned();

    let step = |transition: &str| {
        Value::map([
            ("id", uuid(&tx)),
            ("transition", Value::from(transition)),
            ("params", Value::Map(Vec::new())),
        ])
    };
    // Only the customer confirms the payment; the provider may not.
    let wrong_actor = api_post(
        sb.addr,
        "/v1/api/transactions/transition",
        &bob,
        &step("transition/confirm-payment"),
    )
    .await;
    assert_eq!(wrong_actor.status, 403);
    let speculative = api_post(
        sb.addr,
        "/v1/api/transactions/transition_speculative",
        &alice,
        &step("transition/confirm-payment"),
    )
    .await;
    assert_eq!(
        str_at(
            &speculative.transit(),
            &["data", "attributes", "lastTransition"]
        ),
        "transition/confirm-payment"
    );
    let confirmed = api_post(
        sb.addr,
        "/v1/api/transactions/transition?expand=true",
        &alice,
        &step("transition/confirm-payment"),
    )
    .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let accepted = api_post(
        sb.addr,
        "/v1/api/transactions/transition?expand=true&include=booking",
        &bob,
        &step("transition/accept"),
    )
    .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    let doc = accepted.transit();
    assert_eq!(
        str_at(&doc, &["data", "attributes", "lastTransition"]),
        "transition/accept"
    );
    assert_eq!(money_amount(&doc), 7500);
    let included = array_at(&doc, &["included"]);
    assert_eq!(str_at(&included[0], &["attributes", "state"]), "accepted");

    let again = api_post(
        sb.addr,
        "/v1/api/transactions/transition",
        &bob,
        &step("transition/accept"),
    )
    .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.error_code(), "transaction-invalid-transition");

    let shown = api_get(
        sb.addr,
        &format!("/v1/api/transactions/show?id={tx}"),
        &alice,
    )
    .await;
    let history = array_at(&shown.transit(), &["data", "attributes", "transitions"]).to_vec();
    let names: Vec<&str> = history.iter().map(|t| str_at(t, &["transition"])).collect();
    assert_eq!(
        names,
        [
            "transition/request-payment",
            "transition/confirm-payment",
            "transition/accept"
        ]
    );

    let next = api_get(
        sb.addr,
        &format!("/v1/api/process_transitions/query?transactionId={tx}"),
        &bob,
    )
    .await;
    let names: Vec<String> = array_at(&next.transit(), &["data"])
        .iter()
        .map(|t| str_at(t, &["attributes", "name"]).to_owned())
        .collect();
    assert!(
        names.contains(&"transition/complete".to_owned()),
        "{names:?}"
    );

    let bookings = api_get(
        sb.addr,
        &format!("/v1/api/bookings/query?listingId={BOBS_LISTING}&start=2025-02-01T00:00:00.000Z&end=2025-04-01T00:00:00.000Z"),
        &bob,
    )
    .await;
    assert_eq!(
        array_at(&bookings.transit(), &["data"]).len(),
        1,
        "{}",
        bookings.body
    );

    // The operator completes it; then both review, which publishes the reviews.
    let complete =
        format!(r#"{{"as":"operator","id":"{tx}","transition":"transition/operator-complete"}}"#);
    control(
        sb.addr,
        "POST",
        "/_sandbox/transactions/transition",
        Some(&complete),
    )
    .await;
    let review = |transition: &str| {
        Value::map([
            ("id", uuid(&tx)),
            ("transition", Value::from(transition)),
            (
                "params",
                Value::map([
                    ("reviewRating", Value::Int(5)),
                    ("reviewContent", Value::from("Great")),
                ]),
            ),
        ])
    };
    let first = api_post(
        sb.addr,
        "/v1/api/transactions/transition",
        &alice,
        &review("transition/review-1-by-customer"),
    )
    .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let public = api_get(
        sb.addr,
        &format!("/v1/api/reviews/query?listingId={BOBS_LISTING}"),
        &alice,
    )
    .await;
    assert!(
        array_at(&public.transit(), &["data"]).is_empty(),
        "pending reviews are not public"
    );
    let second = api_post(
        sb.addr,
        "/v1/api/transactions/transition",
        &bob,
        &review("transition/review-2-by-provider"),
    )
    .await;
    assert_eq!(second.status, 200, "{}", second.body);
    let public = api_get(
        sb.addr,
        &format!("/v1/api/reviews/query?listingId={BOBS_LISTING}"),
        &alice,
    )
    .await;
    assert_eq!(array_at(&public.transit(), &["data"]).len(), 2);
}

fn money_amount(doc: &Value) -> i64 {
    match at(doc, &["data", "attributes", "payinTotal"]) {
        Value::Money { amount, .. } => *amount,
        other => panic!("payinTotal is not Money: {other:?}"),
    }
}
