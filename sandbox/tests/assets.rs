//! The Asset Delivery API over a real socket, read the way the Sharetribe Web Template reads
//! it: the app-wide config assets in one multi-asset call by alias, then content pages by the
//! version that call answered, with image references resolved through `included`.

mod support;

use sharetribe_sdk::core::value::Value;
use support::*;

const BASE: &str = "/v1/assets/pub/sandbox-client-id";

/// The config assets the template fetches together (its `appCdnAssets` minus translations
/// and footer), sorted as the SDK sends them.
const CONFIG_ASSETS: &[&str] = &[
    "content/top-bar.json",
    "design/branding.json",
    "design/layout.json",
    "general/access-control.json",
    "general/localization.json",
    "integrations/analytics.json",
    "integrations/google-search-console.json",
    "integrations/map.json",
    "listings/listing-categories.json",
    "listings/listing-fields.json",
    "listings/listing-search.json",
    "listings/listing-types.json",
    "transactions/minimum-transaction-size.json",
    "users/user-fields.json",
    "users/user-types.json",
];

async fn get(sb: &Running, path: &str) -> Reply {
    request(
        sb.addr,
        "GET",
        path,
        &[("Accept", "application/json")],
        None,
    )
    .await
    .unwrap()
}

fn asset<'a>(assets: &'a [Value], path: &str) -> &'a Value {
    let found = assets
        .iter()
        .find(|a| str_at(a, &["attributes", "assetPath"]) == path)
        .unwrap_or_else(|| panic!("{path} missing"));
    assert_eq!(str_at(found, &["type"]), "jsonAsset");
    at(found, &["attributes", "data"])
}

/// The included `imageAsset` that `value` (a `{_ref}`) points at.
fn resolve<'a>(value: &Value, included: &'a [Value]) -> &'a Value {
    let id = str_at(value, &["_ref", "id"]);
    assert_eq!(str_at(value, &["_ref", "type"]), "imageAsset");
    included
        .iter()
        .find(|i| str_at(i, &["id"]) == id)
        .unwrap_or_else(|| panic!("image {id} not included"))
}

async fn assert_serves_png(sb: &Running, variant: &Value) {
    let url = str_at(variant, &["url"]);
    let prefix = format!("http://{}", sb.addr);
    assert!(url.starts_with(&prefix), "{url}");
    let reply = get(sb, &url[prefix.len()..]).await;
    assert_eq!(reply.header("content-type"), Some("image/png"));
    let size = (int_at(variant, &["width"]), int_at(variant, &["height"]));
    let (w, h) = png_size(&reply.bytes);
    assert_eq!((i64::from(w), i64::from(h)), size);
}

#[tokio::test]
async fn the_templates_config_call_gets_every_asset_it_needs() {
    let sb = start_default().await;
    let reply = get(
        &sb,
        &format!("{BASE}/a/latest/?assets={}", CONFIG_ASSETS.join(",")),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let body = reply.json();
    let assets = array_at(&body, &["data"]);
    assert_eq!(assets.len(), CONFIG_ASSETS.len());
    let included = array_at(&body, &["included"]);

    // What the template's hasMandatoryConfigs demands.
    let branding = asset(assets, "/design/branding.json");
    let logo = resolve(at(branding, &["logo"]), included);
    assert_eq!(str_at(logo, &["type"]), "imageAsset");
    let scaled = at(logo, &["attributes", "variants", "scaled"]);
    assert_serves_png(&sb, scaled).await;
    let types = asset(assets, "/listings/listing-types.json");
    let types = array_at(types, &["listingTypes"]);
    let supported = [
        ("default-booking", &["day", "night", "hour"][..]),
        ("default-purchase", &["item"][..]),
        ("default-inquiry", &["inquiry"][..]),
    ];
    for (process, units) in supported {
        let of_process: Vec<&Value> = types
            .iter()
            .filter(|t| str_at(t, &["transactionProcess", "name"]) == process)
            .collect();
        for unit in units {
            assert!(
                of_process.iter().any(|t| str_at(t, &["unitType"]) == *unit),
                "{process} by {unit}"
            );
        }
        for t in of_process {
            assert_eq!(
                str_at(t, &["transactionProcess", "alias"]),
                format!("{process}/release-1")
            );
        }
    }
    let fields = array_at(
        asset(assets, "/listings/listing-fields.json"),
        &["listingFields"],
    );
    let built_in = [
        "listingType",
        "transactionProcessAlias",
        "unitType",
        "categoryLevel1",
        "location",
    ];
    for field in fields {
        assert!(
            !built_in.contains(&str_at(field, &["key"])),
            "a field clashes with a built-in key"
        );
    }
    let minimum = asset(assets, "/transactions/minimum-transaction-size.json");
    assert_eq!(str_at(minimum, &["listingMinimumPrice", "type"]), "subunit");
    let localization = asset(assets, "/general/localization.json");
    assert_eq!(str_at(localization, &["currency"]), "USD");
    let categories = asset(assets, "/listings/listing-categories.json");
    assert!(!array_at(categories, &["categories"]).is_empty());
    let user_types = asset(assets, "/users/user-types.json");
    assert!(!array_at(user_types, &["userTypes"]).is_empty());
    let access = asset(assets, "/general/access-control.json");
    assert_eq!(at(access, &["marketplace", "private"]), &Value::Bool(false));
    let top_bar = asset(assets, "/content/top-bar.json");
    assert!(!array_at(top_bar, &["customLinks"]).is_empty());
    // The template keys its search filters by `schemaType` (and crashes on one without).
    let search = asset(assets, "/listings/listing-search.json");
    for (filter, schema_type) in [
        ("listingTypeFilter", "listingType"),
        ("categoryFilter", "category"),
        ("dateRangeFilter", "dates"),
        ("seatsFilter", "seats"),
        ("priceFilter", "price"),
        ("keywordsFilter", "keywords"),
    ] {
        assert_eq!(
            str_at(search, &[filter, "schemaType"]),
            schema_type,
            "{filter}"
        );
    }
    for path in [
        "/design/layout.json",
        "/listings/listing-search.json",
        "/integrations/map.json",
        "/integrations/analytics.json",
        "/integrations/google-search-console.json",
        "/users/user-fields.json",
    ] {
        assert!(
            matches!(asset(assets, path), Value::Map(m) if !m.is_empty()),
            "{path}"
        );
    }
}

#[tokio::test]
async fn pages_by_the_answered_version_have_sections_and_resolved_images() {
    let sb = start_default().await;
    // Translations and footer come in calls of their own, by alias.
    let translations = get(
        &sb,
        &format!("{BASE}/a/latest/content/?assets=translations.json"),
    )
    .await;
    let translations = translations.json();
    let version = str_at(&translations, &["meta", "version"]).to_owned();
    let data = asset(
        array_at(&translations, &["data"]),
        "/content/translations.json",
    );
    assert!(matches!(
        data.get("TopbarSearchForm.placeholder"),
        Some(Value::String(_))
    ));
    let footer = get(&sb, &format!("{BASE}/a/latest/content/?assets=footer.json"))
        .await
        .json();
    let footer = asset(array_at(&footer, &["data"]), "/content/footer.json");
    assert!(!array_at(footer, &["blocks"]).is_empty());
    // The template's SectionFooter reads each link's `link.platform`.
    for link in array_at(footer, &["socialMediaLinks"]) {
        assert_eq!(str_at(link, &["blockType"]), "socialMediaLink");
        assert!(!str_at(link, &["link", "platform"]).is_empty());
        assert!(str_at(link, &["link", "url"]).starts_with("https://"));
    }

    let landing = get(
        &sb,
        &format!("{BASE}/v/{version}/content/pages/landing-page.json"),
    )
    .await;
    assert_eq!(landing.status, 200, "{}", landing.body);
    let landing = landing.json();
    let sections = array_at(&landing, &["data", "sections"]);
    let known = [
        "article", "carousel", "columns", "features", "hero", "listings",
    ];
    for section in sections {
        assert!(
            known.contains(&str_at(section, &["sectionType"])),
            "{section:?}"
        );
        assert!(!str_at(section, &["sectionId"]).is_empty());
    }
    let hero = sections
        .iter()
        .find(|s| str_at(s, &["sectionType"]) == "hero")
        .expect("a hero");
    assert!(!str_at(hero, &["title", "content"]).is_empty());
    let included = array_at(&landing, &["included"]);
    let background = resolve(at(hero, &["appearance", "backgroundImage"]), included);
    assert_serves_png(
        &sb,
        at(background, &["attributes", "variants", "scaled800"]),
    )
    .await;
    assert!(sections.iter().any(|s| s.get("blocks").is_some()));

    for page in ["terms-of-service", "privacy-policy", "about"] {
        let reply = get(
            &sb,
            &format!("{BASE}/v/{version}/content/pages/{page}.json"),
        )
        .await;
        assert_eq!(reply.status, 200, "{page}");
        let body = reply.json();
        assert!(!array_at(&body, &["data", "sections"]).is_empty(), "{page}");
        assert_eq!(str_at(&body, &["meta", "version"]), version);
    }
}

#[tokio::test]
async fn caching_headers_and_unknown_trees() {
    let sb = start_default().await;
    let by_alias = get(&sb, &format!("{BASE}/a/latest/design/branding.json")).await;
    assert_eq!(by_alias.header("cache-control"), Some("public, max-age=10"));
    let etag = by_alias.header("etag").expect("an ETag").to_owned();
    let by_version = get(&sb, &format!("{BASE}/v/sandbox-v1/design/branding.json")).await;
    assert!(by_version
        .header("cache-control")
        .unwrap()
        .contains("max-age=31536000"));
    let again = request(
        sb.addr,
        "GET",
        &format!("{BASE}/a/latest/design/branding.json"),
        &[("If-None-Match", &etag)],
        None,
    )
    .await
    .unwrap();
    assert_eq!(again.status, 304);

    for path in [
        format!("{BASE}/a/release-nope/design/branding.json"),
        format!("{BASE}/v/v-nope/design/branding.json"),
        format!("{BASE}/a/latest/design/nope.json"),
        "/v1/assets/pub/other-client/a/latest/design/branding.json".to_owned(),
    ] {
        let reply = get(&sb, &path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.contains("not-found"), "{}", reply.body);
    }
}
