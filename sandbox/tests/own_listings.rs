//! Own listings and image uploads over a real socket: the data set holds state across calls.

mod support;

use sharetribe_sdk::core::value::Value;
use support::*;

fn uuid(id: &str) -> Value {
    Value::Uuid(id.to_owned())
}

fn id_of(reply: &Reply) -> String {
    match at(&reply.transit(), &["data", "id"]) {
        Value::Uuid(id) => id.clone(),
        other => panic!("no id: {other:?}"),
    }
}

#[tokio::test]
async fn create_find_update_close_and_open_a_listing() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;

    let upload = api_upload(
        sb.addr,
        "/v1/api/images/upload",
        &alice,
        "image",
        "cargo.png",
        "PNGDATA",
    )
    .await;
    assert_eq!(upload.status, 200, "{}", upload.body);
    assert_eq!(str_at(&upload.transit(), &["data", "type"]), "image");
    let image = id_of(&upload);

    let body = Value::map([
        ("title", Value::from("Zebra cargo trike")),
        ("description", Value::from("Three wheels")),
        (
            "price",
            Value::Money {
                amount: 4500,
                currency: "EUR".to_owned(),
            },
        ),
        (
            "geolocation",
            Value::LatLng {
                lat: 60.17,
                lng: 24.94,
            },
        ),
        ("images", Value::Array(vec![uuid(&image)])),
        (
            "publicData",
            Value::map([
                ("category", Value::from("bikes")),
                ("color", Value::from("red")),
            ]),
        ),
        ("privateData", Value::map([("lockCode", Value::Int(1234))])),
    ]);
    let created = api_post(
        sb.addr,
        "/v1/api/own_listings/create?expand=true&include=images",
        &alice,
        &body,
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let doc = created.transit();
    assert_eq!(str_at(&doc, &["data", "type"]), "ownListing");
    assert_eq!(str_at(&doc, &["data", "attributes", "state"]), "published");
    assert_eq!(
        int_at(&doc, &["data", "attributes", "privateData", "lockCode"]),
        1234
    );
    assert_eq!(
        array_at(&doc, &["included"]).len(),
        1,
        "the uploaded image is included"
    );
    let listing = id_of(&created);

    // Public queries find it, without private data.
    let found = api_get(sb.addr, "/v1/api/listings/query?keywords=zebra", &alice).await;
    let items = array_at(&found.transit(), &["data"]).to_vec();
    assert_eq!(items.len(), 1);
    assert!(items[0]
        .get("attributes")
        .unwrap()
        .get("privateData")
        .is_none());

    // Update merges extended data: null removes a key.
    let update = Value::map([
        ("id", uuid(&listing)),
        ("title", Value::from("Zebra cargo trike XL")),
        (
            "publicData",
            Value::map([("color", Value::Null), ("size", Value::from("xl"))]),
        ),
    ]);
    let updated = api_post(
        sb.addr,
        "/v1/api/own_listings/update?expand=true",
        &alice,
        &update,
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    let attributes = at(&updated.transit(), &["data", "attributes"]).clone();
    assert_eq!(str_at(&attributes, &["title"]), "Zebra cargo trike XL");
    assert_eq!(
        at(&attributes, &["publicData"]),
        &Value::map([
            ("category", Value::from("bikes")),
            ("size", Value::from("xl"))
        ])
    );

    // Without expand a command answers only id and type.
    let id_body = Value::map([("id", uuid(&listing))]);
    let closed = api_post(sb.addr, "/v1/api/own_listings/close", &alice, &id_body).await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert!(at(&closed.transit(), &["data"]).get("attributes").is_none());
    let gone = api_get(
        sb.addr,
        &format!("/v1/api/listings/show?id={listing}"),
        &alice,
    )
    .await;
    assert_eq!(gone.status, 404);
    let again = api_post(sb.addr, "/v1/api/own_listings/close", &alice, &id_body).await;
    assert_eq!(again.status, 409);
    assert_eq!(again.error_code(), "listing-invalid-state");
    let opened = api_post(sb.addr, "/v1/api/own_listings/open", &alice, &id_body).await;
    assert_eq!(opened.status, 200);
    let back = api_get(
        sb.addr,
        &format!("/v1/api/listings/show?id={listing}"),
        &alice,
    )
    .await;
    assert_eq!(back.status, 200);

    // Bob can neither see it as his own nor change it.
    let (bob, _) = login(sb.addr, "bob").await;
    let foreign = api_get(
        sb.addr,
        &format!("/v1/api/own_listings/show?id={listing}"),
        &bob,
    )
    .await;
    assert_eq!(foreign.status, 404);
    let foreign_close = api_post(sb.addr, "/v1/api/own_listings/close", &bob, &id_body).await;
    assert_eq!(foreign_close.status, 404);
}

#[tokio::test]
async fn drafts_are_private_until_published_and_can_be_discarded() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let draft = api_post(
        sb.addr,
        "/v1/api/own_listings/create_draft?expand=true",
        &alice,
        &Value::map([("title", Value::from("Quokka kayak"))]),
    )
    .await;
    assert_eq!(draft.status, 200, "{}", draft.body);
    assert_eq!(
        str_at(&draft.transit(), &["data", "attributes", "state"]),
        "draft"
    );
    let id = id_of(&draft);
    let public = api_get(sb.addr, "/v1/api/listings/query?keywords=quokka", &alice).await;
    assert!(array_at(&public.transit(), &["data"]).is_empty());
    let drafts = api_get(sb.addr, "/v1/api/own_listings/query?states=draft", &alice).await;
    assert!(array_at(&drafts.transit(), &["data"])
        .iter()
        .any(|l| l.get("id") == Some(&uuid(&id))));

    let published = api_post(
        sb.addr,
        "/v1/api/own_listings/publish_draft?expand=true",
        &alice,
        &Value::map([("id", uuid(&id))]),
    )
    .await;
    assert_eq!(
        str_at(&published.transit(), &["data", "attributes", "state"]),
        "published"
    );
    let public = api_get(sb.addr, "/v1/api/listings/query?keywords=quokka", &alice).await;
    assert_eq!(array_at(&public.transit(), &["data"]).len(), 1);

    let discard = api_post(
        sb.addr,
        "/v1/api/own_listings/discard_draft",
        &alice,
        &Value::map([("id", uuid(&id))]),
    )
    .await;
    assert_eq!(discard.status, 409, "only drafts can be discarded");

    let second = api_post(
        sb.addr,
        "/v1/api/own_listings/create_draft",
        &alice,
        &Value::map([("title", Value::from("Another"))]),
    )
    .await;
    let second = id_of(&second);
    let discard = api_post(
        sb.addr,
        "/v1/api/own_listings/discard_draft",
        &alice,
        &Value::map([("id", uuid(&second))]),
    )
    .await;
    assert_eq!(discard.status, 200);
    let shown = api_get(
        sb.addr,
        &format!("/v1/api/own_listings/show?id={second}"),
        &alice,
    )
    .await;
    assert_eq!(shown.status, 404, "a discarded draft is gone");
}

#[tokio::test]
async fn bad_bodies_are_refused_with_the_field_named() {
    let sb = start_default().await;
    let (alice, _) = login(sb.addr, "alice").await;
    let no_title = api_post(
        sb.addr,
        "/v1/api/own_listings/create",
        &alice,
        &Value::map([("description", Value::from("x"))]),
    )
    .await;
    assert_eq!(no_title.status, 400);
    assert_eq!(no_title.error_code(), "validation-missing-key");
    let bad_price = api_post(
        sb.addr,
        "/v1/api/own_listings/create",
        &alice,
        &Value::map([("title", Value::from("x")), ("price", Value::Int(10))]),
    )
    .await;
    assert_eq!(bad_price.status, 400);
    assert!(bad_price.body.contains("price"), "{}", bad_price.body);
    let anonymous = anonymous_token(sb.addr).await;
    let denied = api_post(
        sb.addr,
        "/v1/api/own_listings/create",
        &anonymous,
        &Value::map([("title", Value::from("x"))]),
    )
    .await;
    assert_eq!(denied.status, 403);
    let no_file = api_upload(
        sb.addr,
        "/v1/api/images/upload",
        &alice,
        "file",
        "a.png",
        "x",
    )
    .await;
    assert_eq!(no_file.status, 400);
}
