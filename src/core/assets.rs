//! The Asset Delivery API: marketplace content and configuration as JSON assets, fetched by
//! alias (`latest`) or by version, one at a time or several under a common directory. Requests
//! go to `{assetCdnBaseUrl}/{version}/assets/pub/{clientId}/a/{alias}/{path}` (or `/v/{version}/`)
//! with no token; several assets share the longest common directory and name the rest in
//! `assets=`, as the official SDK sends them.

use crate::core::config::Config;
use crate::core::error::SdkError;
use crate::core::http::{header, HttpRequest, Method};
use crate::core::json;
use crate::core::percent;
use crate::core::text;
use crate::core::value::Value;
use crate::prelude::*;

/// Which tree of assets to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetSelector<'a> {
    /// By alias, e.g. `latest`.
    Alias(&'a str),
    /// By version, e.g. `ESz8ULLX68PiENQV`.
    Version(&'a str),
}

fn strip_slash(path: &str) -> &str {
    path.strip_prefix('/').unwrap_or(path)
}

/// The longest shared directory of sorted paths, with a trailing `/` (or empty), like the
/// official SDK computes it: one path gives its own directory.
fn common_directory(sorted: &[&str]) -> String {
    match sorted {
        [] => String::new(),
        // A byte search: `rfind` would bring in a word-at-a-time search for this one use.
        [only] => match only.bytes().rposition(|b| b == b'/') {
            Some(at) => text::slice(only, 0, at + 1).to_owned(),
            None => String::new(),
        },
        // Whole directories only: the longest run of equal bytes up to a `/` both paths have
        // (a segment-by-segment walk brings in the `split` searcher for this one use).
        [first, .., last] => {
            let (a, b) = (first.as_bytes(), last.as_bytes());
            let mut end = 0;
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                if x != y {
                    break;
                }
                if *x == b'/' {
                    end = i + 1;
                }
            }
            text::slice(first, 0, end).to_owned()
        }
    }
}

/// The request of an Asset Delivery API call, checked before anything is sent:
/// `assetByAlias({ path, alias })`, `assetByVersion({ path, version })`,
/// `assetsByAlias({ paths, alias })` or `assetsByVersion({ paths, version })` (`by_version`
/// and `many` pick which), to `config`'s asset CDN. `fields` is the JSON text
/// `[alias, version, path, paths]` of the caller's params as the JS layer read them
/// (`assetFields` in js/sdk.js): strings as given, arrays with their non-string entries `null`,
/// anything else `null`.
///
/// Fails with `InvalidParams` ("Missing mandatory parameter `alias`") when the selector is not
/// a non-empty string, the path not a string or `paths` not an array, when an entry of `paths`
/// is not a string, and as [`asset_request`] and [`assets_request`] fail.
pub fn call_request(
    config: &Config,
    by_version: bool,
    many: bool,
    fields: &str,
) -> Result<HttpRequest, SdkError> {
    let fields = json::parse(fields).unwrap_or(Value::Null);
    let field = |i: usize| match &fields {
        Value::Array(items) => items.get(i),
        _ => None,
    };
    let missing = |key: &str| {
        SdkError::InvalidParams(text::concat(&["Missing mandatory parameter `", key, "`"]))
    };
    let (key, at) = if by_version {
        ("version", 1)
    } else {
        ("alias", 0)
    };
    let selector = match field(at) {
        Some(Value::String(s)) if !s.is_empty() => s.as_str(),
        _ => return Err(missing(key)),
    };
    let selector = if by_version {
        AssetSelector::Version(selector)
    } else {
        AssetSelector::Alias(selector)
    };
    let tree = tree_url(
        &config.asset_cdn_base_url,
        &config.version,
        &config.client_id,
        &selector,
    );
    if !many {
        return match field(2) {
            Some(Value::String(path)) => asset_request(&tree, path),
            _ => Err(missing("path")),
        };
    }
    let Some(Value::Array(items)) = field(3) else {
        return Err(missing("paths"));
    };
    let mut paths = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::String(path) => paths.push(path.as_str()),
            _ => {
                return Err(SdkError::InvalidParams(
                    "every entry of `paths` must be a string".to_owned(),
                ))
            }
        }
    }
    assets_request(&tree, &paths)
}

/// The request for one asset at `path` of the asset tree at `tree` (see [`tree_url`]). Fails
/// with `InvalidParams` when `path` is empty.
pub fn asset_request(tree: &str, path: &str) -> Result<HttpRequest, SdkError> {
    if path.is_empty() {
        return Err(SdkError::InvalidParams(
            "Missing mandatory parameter `path`".to_owned(),
        ));
    }
    Ok(get(text::concat(&[tree, strip_slash(path)])))
}

/// The request for several assets of the asset tree at `tree` (see [`tree_url`]). Fails with
/// `InvalidParams` when `paths` is empty or holds an empty path.
pub fn assets_request(tree: &str, paths: &[&str]) -> Result<HttpRequest, SdkError> {
    if paths.is_empty() {
        return Err(SdkError::InvalidParams(
            "`paths` must not be empty".to_owned(),
        ));
    }
    // Sorted and deduplicated by inserting in place: a request names a few paths, and this
    // keeps the standard sort's code (several kilobytes) out of the wasm.
    let mut sorted: Vec<&str> = Vec::with_capacity(paths.len());
    for path in paths {
        let path = strip_slash(path);
        if path.is_empty() {
            return Err(SdkError::InvalidParams(
                "every entry of `paths` must be a non-empty path".to_owned(),
            ));
        }
        if let Err(at) = sorted.binary_search(&path) {
            sorted.insert(at, path);
        }
    }
    let prefix = common_directory(&sorted);
    // `assets=` and the paths after the prefix, as `core::query::encode` writes an array
    // parameter: joined by commas, each encoded as `encodeURIComponent` does, commas kept.
    let mut url = text::concat(&[tree, &prefix, "?assets="]);
    for (i, path) in sorted.iter().enumerate() {
        if i > 0 {
            url.push(',');
        }
        percent::push_encoded(&mut url, text::from(path, prefix.len()), b",", b"");
    }
    Ok(get(url))
}

/// The URL of `selector`'s asset tree, ending in `/`, that asset paths are appended to (the
/// `tree` of [`asset_request`] and [`assets_request`]).
pub fn tree_url(
    cdn_base_url: &str,
    api_version: &str,
    client_id: &str,
    selector: &AssetSelector<'_>,
) -> String {
    let (kind, name) = match selector {
        AssetSelector::Alias(alias) => ("/a/", alias),
        AssetSelector::Version(version) => ("/v/", version),
    };
    // Encoded straight into the URL: no text of its own for each part.
    let mut url = text::concat(&[cdn_base_url, "/", api_version, "/assets/pub/"]);
    percent::push_encoded(&mut url, client_id, b"", b"");
    url.push_str(kind);
    percent::push_encoded(&mut url, name, b"", b"");
    url.push('/');
    url
}

fn get(url: String) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url,
        headers: vec![header("accept", "application/json")],
        body: None,
        upload: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias() -> AssetSelector<'static> {
        AssetSelector::Alias("latest")
    }

    #[test]
    fn one_asset_by_alias_and_by_version() {
        let r = asset_request(
            &tree_url("https://cdn.test", "v1", "cid", &alias()),
            "/content/translations.json",
        )
        .unwrap();
        assert_eq!(
            r.url,
            "https://cdn.test/v1/assets/pub/cid/a/latest/content/translations.json"
        );
        let v = AssetSelector::Version("ESz8");
        let r = asset_request(
            &tree_url("https://cdn.test", "v1", "cid", &v),
            "design/branding.json",
        )
        .unwrap();
        assert_eq!(
            r.url,
            "https://cdn.test/v1/assets/pub/cid/v/ESz8/design/branding.json"
        );
        assert!(asset_request(&tree_url("https://cdn.test", "v1", "cid", &alias()), "").is_err());
    }

    #[test]
    fn call_requests_check_the_fields_before_anything_is_sent() {
        let config =
            Config::from_value(&Value::map([("clientId", Value::String("cid".to_owned()))]))
                .unwrap();
        let message = |by_version, many, fields: &str| {
            call_request(&config, by_version, many, fields)
                .unwrap_err()
                .to_string()
        };
        assert!(message(false, false, "[null,null,\"a.json\",null]").contains("`alias`"));
        assert!(message(true, false, "[\"latest\",\"\",\"a.json\",null]").contains("`version`"));
        assert!(message(false, false, "[\"latest\",null,null,null]").contains("`path`"));
        assert!(message(false, true, "[\"latest\",null,\"a.json\",null]").contains("`paths`"));
        assert!(message(false, true, "[\"latest\",null,null,[\"a\",null]]")
            .contains("every entry of `paths` must be a string"));
        assert!(message(false, true, "[\"latest\",null,null,[]]").contains("must not be empty"));
        let one = call_request(&config, true, false, "[null,\"V1\",\"/a.json\",null]").unwrap();
        assert!(
            one.url.ends_with("/assets/pub/cid/v/V1/a.json"),
            "{}",
            one.url
        );
        let many = call_request(
            &config,
            false,
            true,
            "[\"latest\",null,null,[\"c/b\",\"c/a\"]]",
        )
        .unwrap();
        assert!(
            many.url.ends_with("/a/latest/c/?assets=a,b"),
            "{}",
            many.url
        );
    }

    #[test]
    fn the_tree_url_encodes_the_client_id_and_the_selector() {
        let v = AssetSelector::Version("a/b c");
        assert_eq!(
            tree_url("https://c", "v1", "id ä", &v),
            "https://c/v1/assets/pub/id%20%C3%A4/v/a%2Fb%20c/"
        );
    }

    #[test]
    fn several_assets_share_their_longest_directory() {
        let paths = |ps: &[&'static str]| ps.to_vec();
        let r = assets_request(
            &tree_url("https://c", "v1", "cid", &alias()),
            &paths(&[
                "/content/pages/b.json",
                "content/pages/a.json",
                "content/pages/a.json",
            ]),
        )
        .unwrap();
        assert_eq!(
            r.url,
            "https://c/v1/assets/pub/cid/a/latest/content/pages/?assets=a.json,b.json"
        );
        let r = assets_request(
            &tree_url("https://c", "v1", "cid", &alias()),
            &paths(&["content/footer.json", "design/branding.json"]),
        )
        .unwrap();
        assert_eq!(r.url, "https://c/v1/assets/pub/cid/a/latest/?assets=content%2Ffooter.json,design%2Fbranding.json");
        assert!(assets_request(&tree_url("https://c", "v1", "cid", &alias()), &[]).is_err());
        // Whole directories only, commas kept, the rest encoded as `query::encode` encodes it.
        let r = assets_request(
            &tree_url("https://c", "v1", "cid", &alias()),
            &paths(&["a/bc/d,e f.json", "a/b", "a//x"]),
        )
        .unwrap();
        assert_eq!(
            r.url,
            "https://c/v1/assets/pub/cid/a/latest/a/?assets=%2Fx,b,bc%2Fd,e%20f.json"
        );
        let r = assets_request(
            &tree_url("https://c", "v1", "cid", &alias()),
            &paths(&["d/", "d/e"]),
        )
        .unwrap();
        assert_eq!(r.url, "https://c/v1/assets/pub/cid/a/latest/d/?assets=,e");
    }

    #[test]
    fn the_common_directory_is_made_of_whole_segments() {
        assert_eq!(common_directory(&["a/b/c", "a/b/d"]), "a/b/");
        assert_eq!(common_directory(&["a/b", "a/b/c"]), "a/");
        assert_eq!(common_directory(&["ab/c", "ab2/c"]), "");
        assert_eq!(common_directory(&["a//b", "a//c"]), "a//");
        assert_eq!(common_directory(&["x/y.json"]), "x/");
        assert_eq!(common_directory(&["y.json"]), "");
    }
}
