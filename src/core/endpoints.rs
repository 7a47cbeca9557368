//! The table of Marketplace API methods. Adding a method is adding one row.
//!
//! The JS method of a row is derived from its path as the official SDK derives it: each path
//! segment camel-cased, `current_user/change_password` → `sdk.currentUser.changePassword`.
//!
//! The package's wasm does not carry the table: `cargo xtask build` writes it into
//! `endpoints.js` (a query's path followed by `?`, an upload's by `!`), the JS builds the SDK's
//! methods from it, and each call hands the wasm its entry, which [`Endpoint::of_entry`] reads.

use crate::core::http::Method;
use crate::prelude::*;

/// How a command sends its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body: a query (`GET`), parameters go in the query string.
    None,
    /// A Transit body (`POST` commands).
    Transit,
    /// `multipart/form-data` (image upload).
    Multipart,
}

/// One Marketplace API method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint<'a> {
    /// The path under `/v1/api/`, e.g. `current_user/change_password`.
    pub path: &'a str,
    /// `GET` for queries, `POST` for commands.
    pub method: Method,
    /// How the call's params travel: query string, Transit body or multipart form.
    pub body: BodyKind,
}

impl<'a> Endpoint<'a> {
    /// The endpoint of an `endpoints.js` entry: `listings/query?` (a query), `images/upload!`
    /// (an upload) or `own_listings/create` (a command). `None` unless the path is two
    /// segments of lower-case ASCII letters and `_` joined by one `/`, so that no entry can
    /// reach another URL than a Marketplace API method's.
    pub fn of_entry(entry: &'a str) -> Option<Endpoint<'a>> {
        let (path, method, body) = if let Some(path) = entry.strip_suffix('?') {
            (path, Method::Get, BodyKind::None)
        } else if let Some(path) = entry.strip_suffix('!') {
            (path, Method::Post, BodyKind::Multipart)
        } else {
            (entry, Method::Post, BodyKind::Transit)
        };
        let (namespace, name) = path.split_once('/')?;
        let segment =
            |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        (segment(namespace) && segment(name)).then_some(Endpoint { path, method, body })
    }

    /// This endpoint's `endpoints.js` entry, which [`Endpoint::of_entry`] reads back.
    pub fn entry(&self) -> String {
        let mut entry = self.path.to_owned();
        match self.body {
            BodyKind::None => entry.push('?'),
            BodyKind::Multipart => entry.push('!'),
            BodyKind::Transit => {}
        }
        entry
    }

    /// The JS namespace, e.g. `currentUser` for `current_user/change_password`.
    pub fn namespace(&self) -> String {
        camel_case(self.segments().0)
    }

    /// The JS method name within the namespace, e.g. `changePassword`.
    pub fn method_name(&self) -> String {
        camel_case(self.segments().1)
    }

    fn segments(&self) -> (&'a str, &'a str) {
        self.path.split_once('/').unwrap_or((self.path, ""))
    }
}

/// Camel-cases one path segment as the official SDK does: an underscore followed by a word
/// character becomes that character in upper case (`create_with_idp` → `createWithIdp`).
fn camel_case(segment: &str) -> String {
    // Byte by byte: only ASCII bytes are matched or changed, so the bytes of any other
    // character pass through whole and the result stays UTF-8 (and costs the wasm no char
    // decoding and encoding).
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        match bytes.get(i + 1) {
            Some(&next) if c == b'_' && (next.is_ascii_alphanumeric() || next == b'_') => {
                out.push(next.to_ascii_uppercase());
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// A query: `GET`, params in the query string.
const fn query(path: &'static str) -> Endpoint<'static> {
    Endpoint {
        path,
        method: Method::Get,
        body: BodyKind::None,
    }
}

/// A command: `POST` with a Transit body (and optional query params).
const fn command(path: &'static str) -> Endpoint<'static> {
    Endpoint {
        path,
        method: Method::Post,
        body: BodyKind::Transit,
    }
}

/// A file upload: `POST` with a `multipart/form-data` body.
const fn upload(path: &'static str) -> Endpoint<'static> {
    Endpoint {
        path,
        method: Method::Post,
        body: BodyKind::Multipart,
    }
}

/// Every Marketplace API method of `sharetribe-flex-sdk` 1.24.2, in the official SDK's order.
pub static ENDPOINTS: &[Endpoint<'static>] = &[
    query("marketplace/show"),
    query("users/show"),
    query("current_user/show"),
    command("current_user/create"),
    command("current_user/create_with_idp"),
    command("current_user/update_profile"),
    command("current_user/change_email"),
    command("current_user/change_password"),
    command("current_user/delete"),
    command("current_user/verify_email"),
    command("current_user/send_verification_email"),
    command("current_user/create_stripe_account"),
    command("current_user/update_stripe_account"),
    command("current_user/delete_stripe_account"),
    command("password_reset/request"),
    command("password_reset/reset"),
    query("listings/show"),
    query("own_listings/show"),
    query("listings/query"),
    query("own_listings/query"),
    query("listings/search"),
    command("own_listings/create"),
    command("own_listings/create_draft"),
    command("own_listings/publish_draft"),
    command("own_listings/discard_draft"),
    command("own_listings/update"),
    command("own_listings/open"),
    command("own_listings/close"),
    command("own_listings/add_image"),
    command("availability_exceptions/create"),
    command("availability_exceptions/delete"),
    query("availability_exceptions/query"),
    upload("images/upload"),
    command("transactions/initiate"),
    command("transactions/initiate_speculative"),
    command("transactions/transition"),
    command("transactions/transition_speculative"),
    query("transactions/query"),
    query("transactions/show"),
    query("process_transitions/query"),
    query("bookings/query"),
    query("messages/query"),
    command("messages/send"),
    query("reviews/query"),
    query("reviews/show"),
    query("timeslots/query"),
    command("stripe_account/create"),
    query("stripe_account/fetch"),
    command("stripe_account/update"),
    command("stripe_account_links/create"),
    command("stripe_persons/create"),
    command("stripe_setup_intents/create"),
    command("stripe_customer/create"),
    command("stripe_customer/add_payment_method"),
    command("stripe_customer/delete_payment_method"),
    query("stock_adjustments/query"),
    command("stock_adjustments/create"),
    command("stock/compare_and_set"),
    query("sitemap_data/query_listings"),
    query("sitemap_data/query_assets"),
    command("own_files/create"),
    query("own_files/show"),
    command("file_uploads/create"),
    command("own_file_downloads/create"),
    command("file_downloads/create"),
    query("files/show"),
];

/// Looks an endpoint up by its path (`listings/query`).
pub fn find(path: &str) -> Option<&'static Endpoint<'static>> {
    ENDPOINTS.iter().find(|e| e.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn js_name(e: &Endpoint<'_>) -> String {
        format!("{}.{}", e.namespace(), e.method_name())
    }

    #[test]
    fn every_entry_reads_back_as_its_endpoint() {
        for e in ENDPOINTS {
            assert_eq!(Endpoint::of_entry(&e.entry()), Some(*e), "{}", e.path);
        }
        assert_eq!(
            Endpoint::of_entry("images/upload!").map(|e| e.body),
            Some(BodyKind::Multipart)
        );
    }

    #[test]
    fn an_entry_that_is_no_method_path_is_refused() {
        for entry in [
            "",
            "?",
            "!",
            "listings",
            "listings/",
            "/query",
            "listings/query/x",
            "../auth/token",
            "listings/query?x",
            "Listings/query",
            "listings/query ",
            "listings//query",
            "listings/qu%65ry",
            "listings/query??",
        ] {
            assert_eq!(Endpoint::of_entry(entry), None, "{entry:?}");
        }
    }

    #[test]
    fn lists_all_66_marketplace_api_methods_once() {
        assert_eq!(ENDPOINTS.len(), 66);
        let paths: HashSet<_> = ENDPOINTS.iter().map(|e| e.path).collect();
        assert_eq!(paths.len(), ENDPOINTS.len(), "a path is listed twice");
        let names: HashSet<_> = ENDPOINTS.iter().map(js_name).collect();
        assert_eq!(
            names.len(),
            ENDPOINTS.len(),
            "two paths give the same JS name"
        );
    }

    #[test]
    fn camel_cases_each_path_segment() {
        let cases = [
            (
                "current_user/change_password",
                "currentUser",
                "changePassword",
            ),
            (
                "stripe_account_links/create",
                "stripeAccountLinks",
                "create",
            ),
            (
                "current_user/create_with_idp",
                "currentUser",
                "createWithIdp",
            ),
            (
                "sitemap_data/query_listings",
                "sitemapData",
                "queryListings",
            ),
            ("marketplace/show", "marketplace", "show"),
        ];
        for (path, namespace, method) in cases {
            let e = find(path).unwrap_or_else(|| panic!("{path} is missing"));
            assert_eq!(
                (e.namespace().as_str(), e.method_name().as_str()),
                (namespace, method)
            );
        }
        assert_eq!(camel_case("a__b_1c"), "a_b1c");
        // Other characters pass through whole, and are not word characters after `_`.
        assert_eq!(camel_case("é_x_é"), "éX_é");
    }

    #[test]
    fn has_the_methods_this_release_exercises() {
        for path in [
            "marketplace/show",
            "listings/query",
            "listings/show",
            "users/show",
            "current_user/show",
        ] {
            let e = find(path).unwrap_or_else(|| panic!("{path} is missing"));
            assert_eq!((e.method, e.body), (Method::Get, BodyKind::None), "{path}");
        }
        assert_eq!(find("listings/nope"), None);
    }

    #[test]
    fn queries_are_get_commands_are_transit_posts_and_only_images_upload_is_multipart() {
        for e in ENDPOINTS {
            match e.method {
                Method::Get => assert_eq!(e.body, BodyKind::None, "{}", e.path),
                Method::Post => assert_ne!(e.body, BodyKind::None, "{}", e.path),
                Method::Put => panic!("no Marketplace API endpoint is PUT: {}", e.path),
            }
        }
        let multipart: Vec<_> = ENDPOINTS
            .iter()
            .filter(|e| e.body == BodyKind::Multipart)
            .map(|e| e.path)
            .collect();
        assert_eq!(multipart, ["images/upload"]);
        assert_eq!(
            find("own_listings/create").map(|e| e.body),
            Some(BodyKind::Transit)
        );
        assert_eq!(
            find("stripe_account/fetch").map(|e| e.method),
            Some(Method::Get)
        );
    }

    #[test]
    fn has_no_integration_or_auth_api_paths() {
        for e in ENDPOINTS {
            assert!(
                !e.path.contains("integration") && !e.path.starts_with("auth"),
                "{}",
                e.path
            );
            assert_eq!(e.path.matches('/').count(), 1, "{}", e.path);
        }
        // Integration API only methods.
        for path in ["listings/approve", "users/update_profile", "events/query"] {
            assert_eq!(find(path), None, "{path}");
        }
        assert_eq!(find("token"), None);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod peer_tests {
    use super::*;

    #[test]
    #[ignore = "needs cargo xtask setup"]
    fn names_the_same_methods_as_an_official_sdk_instance() {
        let printed = crate::core::query::node_peer::run(
            "const { createInstance } = require('sharetribe-flex-sdk');\n\
             const sdk = createInstance({ clientId: 'x' });\n\
             for (const [ns, v] of Object.entries(sdk)) {\n\
               if (!v || typeof v !== 'object') continue;\n\
               for (const [m, f] of Object.entries(v)) if (typeof f === 'function') console.log(ns + '.' + m);\n\
             }",
        );
        let mut official: Vec<&str> = printed.lines().collect();
        let mut ours: Vec<String> = ENDPOINTS
            .iter()
            .map(|e| format!("{}.{}", e.namespace(), e.method_name()))
            .collect();
        official.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, official);
    }
}
