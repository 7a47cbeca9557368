//! Auth API and Marketplace API behaviour over a real socket.

mod support;

use std::time::Duration;

use sandbox::Options;
use sharetribe_sdk::core::value::Value;
use support::*;

const ALICE_ID: &str = "10000000-0000-4000-8000-000000000001";
const FIRST_LISTING: &str = "20000000-0000-4000-8000-000000000001";
/// Listing 55 is the first draft in the seed.
const DRAFT_LISTING: &str = "20000000-0000-4000-8000-000000000037";

#[tokio::test]
async fn client_credentials_grant_gives_anonymous_token_without_refresh() {
    let sb = start_default().await;
    let reply = token_request(
        sb.addr,
        "client_id=sandbox-client-id&grant_type=client_credentials&scope=public-read",
    )
    .await;
    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let body = reply.json();
    assert_eq!(str_at(&body, &["token_type"]), "bearer");
    assert_eq!(str_at(&body, &["scope"]), "public-read");
    assert_eq!(int_at(&body, &["expires_in"]), 3600);
    assert!(body.get("refresh_token").is_none());
}

#[tokio::test]
async fn password_grant_and_rotating_refresh() {
    let sb = start(Options {
        refresh_grace: Duration::ZERO,
        ..Options::default()
    })
    .await;
    let (access, refresh) = login(sb.addr, "alice").await;
    assert_ne!(access, refresh);
    let form =
        format!("client_id=sandbox-client-id&grant_type=refresh_token&refresh_token={refresh}");
    let reply = token_request(sb.addr, &form).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    assert_eq!(str_at(&body, &["scope"]), "user");
    let new_refresh = str_at(&body, &["refresh_token"]);
    assert_ne!(new_refresh, refresh, "refresh token must rotate");
    let new_access = str_at(&body, &["access_token"]);
    let me = api_get(sb.addr, "/v1/api/current_user/show", new_access).await;
    assert_eq!(me.status, 200);

    // With --strict-refresh the old refresh token is revoked by the rotation.
    let again = token_request(sb.addr, &form).await;
    assert_eq!(again.status, 401);
    assert_eq!(str_at(&again.json(), &["error"]), "invalid_grant");
}

#[tokio::test]
async fn parallel_refreshes_with_one_token_both_keep_the_session() {
    // What the Web Template's server does on a full page load after the access token expired.
    let sb = start_default().await;
    let (_, refresh) = login(sb.addr, "alice").await;
    let form =
        format!("client_id=sandbox-client-id&grant_type=refresh_token&refresh_token={refresh}");
    let (a, b) = tokio::join!(token_request(sb.addr, &form), token_request(sb.addr, &form));
    assert_eq!((a.status, b.status), (200, 200), "{} / {}", a.body, b.body);
    let (a, b) = (a.json(), b.json());
    let newest = str_at(&a, &["refresh_token"]);
    assert_ne!(newest, refresh);
    assert_eq!(
        newest,
        str_at(&b, &["refresh_token"]),
        "both get the current token"
    );
    for body in [&a, &b] {
        let me = api_get(
            sb.addr,
            "/v1/api/current_user/show",
            str_at(body, &["access_token"]),
        )
        .await;
        assert_eq!(me.status, 200);
    }
    // The newest token rotates on as usual.
    let next =
        format!("client_id=sandbox-client-id&grant_type=refresh_token&refresh_token={newest}");
    assert_eq!(token_request(sb.addr, &next).await.status, 200);
}

#[tokio::test]
async fn no_rotate_returns_the_same_refresh_token() {
    let sb = start(Options {
        rotate_refresh_tokens: false,
        ..Options::default()
    })
    .await;
    let (_, refresh) = login(sb.addr, "bob").await;
    let form =
        format!("client_id=sandbox-client-id&grant_type=refresh_token&refresh_token={refresh}");
    for _ in 0..2 {
        let reply = token_request(sb.addr, &form).await;
        assert_eq!(reply.status, 200);
        assert_eq!(str_at(&reply.json(), &["refresh_token"]), refresh);
    }
}

#[tokio::test]
async fn bad_credentials_clients_secrets_and_grants_are_refused() {
    let sb = start_default().await;
    let wrong = token_request(
        sb.addr,
        "client_id=sandbox-client-id&grant_type=password&username=alice%40example.com&password=nope&scope=user",
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(str_at(&wrong.json(), &["error"]), "invalid_grant");
    assert!(!wrong.body.contains("nope"), "the password is never echoed");

    let client = token_request(sb.addr, "client_id=other&grant_type=client_credentials").await;
    assert_eq!(client.status, 401);
    assert_eq!(str_at(&client.json(), &["error"]), "invalid_client");

    let secret = token_request(
        sb.addr,
        "client_id=sandbox-client-id&client_secret=s3cr3t&grant_type=client_credentials",
    )
    .await;
    assert_eq!(secret.status, 400);
    assert!(secret.body.contains("client secret"), "{}", secret.body);
    assert!(!secret.body.contains("s3cr3t"));

    let exchange = token_request(
        sb.addr,
        "client_id=sandbox-client-id&grant_type=token_exchange&subject_token=x",
    )
    .await;
    assert_eq!(exchange.status, 400);
    assert_eq!(
        str_at(&exchange.json(), &["error"]),
        "unsupported_grant_type"
    );

    let missing = token_request(sb.addr, "client_id=sandbox-client-id&grant_type=password").await;
    assert_eq!(missing.status, 400);
    assert_eq!(str_at(&missing.json(), &["error"]), "invalid_request");
}

#[tokio::test]
async fn expired_tokens_get_401_and_refresh_still_works() {
    let sb = start_default().await;
    let (access, refresh) = login(sb.addr, "alice").await;
    control(sb.addr, "POST", "/_sandbox/expire-access-tokens", None).await;
    let reply = api_get(sb.addr, "/v1/api/current_user/show", &access).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.error_code(), "auth-invalid-access-token");
    let form =
        format!("client_id=sandbox-client-id&grant_type=refresh_token&refresh_token={refresh}");
    assert_eq!(token_request(sb.addr, &form).await.status, 200);
}

#[tokio::test]
async fn access_token_ttl_is_honoured() {
    let sb = start(Options {
        access_token_ttl: Duration::from_secs(1),
        ..Options::default()
    })
    .await;
    let token = anonymous_token(sb.addr).await;
    assert_eq!(
        api_get(sb.addr, "/v1/api/marketplace/show", &token)
            .await
            .status,
        200
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let reply = api_get(sb.addr, "/v1/api/marketplace/show", &token).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.error_code(), "auth-invalid-access-token");
}

#[tokio::test]
async fn revoke_ends_the_session_and_is_idempotent() {
    let sb = start_default().await;
    let (access, refresh) = login(sb.addr, "carol").await;
    let auth = format!("Bearer {access}");
    let revoke = |auth: String| {
        let form = format!("token={refresh}");
        async move {
            request(
                sb.addr,
                "POST",
                "/v1/auth/revoke",
                &[("Authorization", &auth)],
                Some(("application/x-www-form-urlencoded", &form)),
            )
            .await
            .unwrap()
        }
    };
    let reply = revoke(auth).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(str_at(&reply.json(), &["action"]), "revoked");
    assert_eq!(
        api_get(sb.addr, "/v1/api/current_user/show", &access)
            .await
            .status,
        401
    );
    let form =
        format!("client_id=sandbox-client-id&grant_type=refresh_token&refresh_token={refresh}");
    assert_eq!(token_request(sb.addr, &form).await.status, 401);

    let anon = anonymous_token(sb.addr).await;
    let again = revoke(format!("Bearer {anon}")).await;
    assert_eq!(
        again.status, 200,
        "revoking an unknown token still succeeds"
    );
}

#[tokio::test]
async fn token_checks_on_the_marketplace_api() {
    let sb = start_default().await;
    let missing = request(sb.addr, "GET", "/v1/api/marketplace/show", &[], None)
        .await
        .unwrap();
    assert_eq!(missing.status, 401);
    assert_eq!(missing.error_code(), "auth-missing-access-token");

    let bogus = api_get(sb.addr, "/v1/api/marketplace/show", "bogus").await;
    assert_eq!(bogus.error_code(), "auth-invalid-access-token");

    let anon = anonymous_token(sb.addr).await;
    let forbidden = api_get(sb.addr, "/v1/api/current_user/show", &anon).await;
    assert_eq!(forbidden.status, 403);
    assert_eq!(forbidden.error_code(), "forbidden");
    let envelope = forbidden.transit();
    let error = &array_at(&envelope, &["errors"])[0];
    assert!(matches!(error.get("id"), Some(Value::Uuid(_))));
    assert_eq!(int_at(error, &["status"]), 403);
}

#[tokio::test]
async fn marketplace_and_current_user() {
    let sb = start_default().await;
    let (access, _) = login(sb.addr, "alice").await;
    let reply = api_get(sb.addr, "/v1/api/marketplace/show", &access).await;
    assert_eq!(
        reply.header("content-type"),
        Some("application/transit+json;charset=UTF-8")
    );
    let body = reply.transit();
    assert_eq!(
        at(&body, &["data", "type"]),
        &Value::Keyword("marketplace".into())
    );
    assert_eq!(
        str_at(&body, &["data", "attributes", "name"]),
        "Sandbox Rentals"
    );

    let me = api_get(
        sb.addr,
        "/v1/api/current_user/show?include=profileImage",
        &access,
    )
    .await
    .transit();
    assert_eq!(at(&me, &["data", "id"]), &Value::Uuid(ALICE_ID.into()));
    assert_eq!(
        at(&me, &["data", "type"]),
        &Value::Keyword("currentUser".into())
    );
    let attrs = at(&me, &["data", "attributes"]);
    assert_eq!(str_at(attrs, &["email"]), "alice@example.com");
    assert_eq!(at(attrs, &["emailVerified"]), &Value::Bool(true));
    assert_eq!(str_at(attrs, &["profile", "displayName"]), "Alice A.");
    assert!(attrs.get("profile").unwrap().get("privateData").is_some());
    let included = array_at(&me, &["included"]);
    assert_eq!(included.len(), 1);
    assert_eq!(at(&included[0], &["type"]), &Value::Keyword("image".into()));
}

#[tokio::test]
async fn users_show_is_public_and_validates_its_id() {
    let sb = start_default().await;
    let token = anonymous_token(sb.addr).await;
    let user = api_get(
        sb.addr,
        &format!("/v1/api/users/show?id={ALICE_ID}&include=profileImage,marketplace"),
        &token,
    )
    .await
    .transit();
    let attrs = at(&user, &["data", "attributes"]);
    assert!(
        attrs.get("email").is_none(),
        "public users hide their email"
    );
    assert!(at(attrs, &["profile"]).get("privateData").is_none());
    assert_eq!(array_at(&user, &["included"]).len(), 2);

    let missing = api_get(sb.addr, "/v1/api/users/show", &token).await;
    assert_eq!(
        (missing.status, missing.error_code().as_str()),
        (400, "validation-missing-key")
    );
    let bad = api_get(sb.addr, "/v1/api/users/show?id=not-a-uuid", &token).await;
    assert_eq!(
        (bad.status, bad.error_code().as_str()),
        (400, "validation-invalid-value")
    );
    let unknown = api_get(
        sb.addr,
        "/v1/api/users/show?id=10000000-0000-4000-8000-0000000000ff",
        &token,
    )
    .await;
    assert_eq!(
        (unknown.status, unknown.error_code().as_str()),
        (404, "not-found")
    );
}

#[tokio::test]
async fn listings_show_with_includes_and_hidden_states() {
    let sb = start_default().await;
    let token = anonymous_token(sb.addr).await;
    let reply = api_get(
        sb.addr,
        &format!(
            "/v1/api/listings/show?id={FIRST_LISTING}&include=author,author.profileImage,images"
        ),
        &token,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.transit();
    let attrs = at(&body, &["data", "attributes"]);
    assert!(matches!(at(attrs, &["price"]), Value::Money { .. }));
    assert!(matches!(at(attrs, &["geolocation"]), Value::LatLng { .. }));
    assert!(matches!(at(attrs, &["createdAt"]), Value::Instant(_)));
    assert_eq!(str_at(attrs, &["state"]), "published");
    let author = at(&body, &["data", "relationships", "author", "data"]);
    assert_eq!(at(author, &["id"]), &Value::Uuid(ALICE_ID.into()));
    let images = array_at(&body, &["data", "relationships", "images", "data"]);
    let included = array_at(&body, &["included"]);
    // author + author's profile image + the listing's images, each once.
    assert_eq!(included.len(), 2 + images.len());
    let user = included
        .iter()
        .find(|r| at(r, &["type"]) == &Value::Keyword("user".into()))
        .unwrap();
    assert!(at(user, &["relationships"]).get("profileImage").is_some());

    // Image URLs point back at the sandbox and serve a PNG of the variant's size.
    let image = included
        .iter()
        .find(|r| at(r, &["id"]) == at(&images[0], &["id"]))
        .unwrap();
    let variant = at(image, &["attributes", "variants", "landscape-crop"]);
    assert_eq!(
        (int_at(variant, &["width"]), int_at(variant, &["height"])),
        (400, 267)
    );
    let url = str_at(variant, &["url"]);
    let prefix = format!("http://{}", sb.addr);
    assert!(url.starts_with(&prefix), "{url}");
    let png = request(sb.addr, "GET", &url[prefix.len()..], &[], None)
        .await
        .unwrap();
    assert_eq!(png.status, 200);
    assert_eq!(png.header("content-type"), Some("image/png"));
    assert_eq!(png_size(&png.bytes), (400, 267));

    let plain = api_get(
        sb.addr,
        &format!("/v1/api/listings/show?id={FIRST_LISTING}"),
        &token,
    )
    .await
    .transit();
    assert_eq!(at(&plain, &["data", "relationships"]), &Value::Map(vec![]));
    assert!(array_at(&plain, &["included"]).is_empty());

    let draft = api_get(
        sb.addr,
        &format!("/v1/api/listings/show?id={DRAFT_LISTING}"),
        &token,
    )
    .await;
    assert_eq!(
        (draft.status, draft.error_code().as_str()),
        (404, "not-found")
    );
}

#[tokio::test]
async fn listings_query_pagination_and_validation() {
    let sb = start_default().await;
    let token = anonymous_token(sb.addr).await;
    let page = api_get(
        sb.addr,
        "/v1/api/listings/query?per_page=10&page=2&include=author",
        &token,
    )
    .await
    .transit();
    assert_eq!(array_at(&page, &["data"]).len(), 10);
    assert_eq!(int_at(&page, &["meta", "totalItems"]), 54);
    assert_eq!(int_at(&page, &["meta", "totalPages"]), 6);
    assert_eq!(int_at(&page, &["meta", "page"]), 2);
    assert_eq!(int_at(&page, &["meta", "perPage"]), 10);
    let authors = array_at(&page, &["included"]);
    assert!(
        !authors.is_empty() && authors.len() <= 3,
        "each author once"
    );

    let all = api_get(sb.addr, "/v1/api/listings/query", &token)
        .await
        .transit();
    let listings = array_at(&all, &["data"]);
    assert_eq!(listings.len(), 54);
    assert_eq!(int_at(&all, &["meta", "perPage"]), 100);
    assert!(listings
        .iter()
        .all(|l| str_at(l, &["attributes", "state"]) == "published"));
    let created: Vec<i64> = listings
        .iter()
        .map(|l| match at(l, &["attributes", "createdAt"]) {
            Value::Instant(t) => *t,
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(
        created.windows(2).all(|w| w[0] >= w[1]),
        "default sort is -createdAt"
    );

    let last = api_get(sb.addr, "/v1/api/listings/query?perPage=50&page=2", &token)
        .await
        .transit();
    assert_eq!(array_at(&last, &["data"]).len(), 4);

    for (query, code) in [
        ("perPage=101", "validation-invalid-params"),
        ("page=0", "validation-invalid-params"),
        ("authorId=nope", "validation-invalid-value"),
        ("price=cheap", "validation-invalid-value"),
        ("sort=title", "validation-invalid-value"),
    ] {
        let reply = api_get(sb.addr, &format!("/v1/api/listings/query?{query}"), &token).await;
        assert_eq!(
            (reply.status, reply.error_code()),
            (400, code.to_owned()),
            "{query}"
        );
    }
    let unknown = api_get(sb.addr, "/v1/api/no_such/thing", &token).await;
    assert_eq!(
        (unknown.status, unknown.error_code().as_str()),
        (404, "not-found")
    );
}

#[tokio::test]
async fn listings_query_filters_and_sorting() {
    let sb = start_default().await;
    let token = anonymous_token(sb.addr).await;
    let query = |q: &'static str| {
        let token = token.clone();
        async move {
            let reply = api_get(sb.addr, &format!("/v1/api/listings/query?{q}"), &token).await;
            assert_eq!(reply.status, 200, "{q}: {}", reply.body);
            reply.transit()
        }
    };

    let by_author = query("author_id=10000000-0000-4000-8000-000000000001").await;
    assert_eq!(int_at(&by_author, &["meta", "totalItems"]), 18);

    let tents = query("keywords=TENT%20kayak").await;
    for listing in array_at(&tents, &["data"]) {
        let text = format!(
            "{} {}",
            str_at(listing, &["attributes", "title"]),
            str_at(listing, &["attributes", "description"])
        )
        .to_lowercase();
        assert!(text.contains("tent") || text.contains("kayak"), "{text}");
    }
    assert!(int_at(&tents, &["meta", "totalItems"]) > 0);

    let bikes = query("pub_categoryLevel1=bikes,music").await;
    for listing in array_at(&bikes, &["data"]) {
        let category = str_at(listing, &["attributes", "publicData", "categoryLevel1"]);
        assert!(category == "bikes" || category == "music");
    }
    assert_eq!(int_at(&bikes, &["meta", "totalItems"]), 18);

    // Listings carry metadata, so `meta_` filters and sort keys match it.
    let featured = query("meta_featured=true&sort=-meta_rating").await;
    let listings = array_at(&featured, &["data"]);
    assert_eq!(int_at(&featured, &["meta", "totalItems"]), 14);
    let ratings: Vec<i64> = listings
        .iter()
        .map(|l| {
            assert_eq!(
                at(l, &["attributes", "metadata", "featured"]),
                &Value::Bool(true)
            );
            int_at(l, &["attributes", "metadata", "rating"])
        })
        .collect();
    assert!(ratings.windows(2).all(|w| w[0] >= w[1]), "{ratings:?}");
    let top = query("meta_rating=5,6").await;
    assert!(int_at(&top, &["meta", "totalItems"]) > 0);
    for listing in array_at(&top, &["data"]) {
        assert_eq!(int_at(listing, &["attributes", "metadata", "rating"]), 5);
    }

    let cheap = query("price=1000,3000&sort=price").await;
    let prices: Vec<i64> = array_at(&cheap, &["data"])
        .iter()
        .map(|l| match at(l, &["attributes", "price"]) {
            Value::Money { amount, .. } => *amount,
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(!prices.is_empty());
    assert!(prices.iter().all(|p| (1000..3000).contains(p)));
    assert!(prices.windows(2).all(|w| w[0] <= w[1]));

    let ids =
        query("ids=20000000-0000-4000-8000-000000000001,20000000-0000-4000-8000-000000000037")
            .await;
    assert_eq!(
        int_at(&ids, &["meta", "totalItems"]),
        1,
        "the draft is never returned"
    );

    let sparse = query("fields.listing=title&perPage=1").await;
    let attrs = at(&array_at(&sparse, &["data"])[0], &["attributes"]);
    assert_eq!(
        attrs,
        &Value::map([("title", at(attrs, &["title"]).clone())])
    );
}

#[tokio::test]
async fn verbose_transit_on_request() {
    let sb = start_default().await;
    let token = anonymous_token(sb.addr).await;
    let auth = format!("Bearer {token}");
    let reply = request(
        sb.addr,
        "GET",
        "/v1/api/marketplace/show",
        &[("Authorization", &auth), ("X-Transit-Verbose", "true")],
        None,
    )
    .await
    .unwrap();
    assert!(reply.body.starts_with('{'), "{}", reply.body);
    assert_eq!(
        str_at(&reply.transit(), &["data", "attributes", "name"]),
        "Sandbox Rentals"
    );
}
