//! The cookie that holds the token, written and read exactly like the official SDK's browser
//! cookie store (js-cookie 3): same name, same value encoding, same attributes.
//!
//! Sharing the format means a page can switch between this SDK and the official one without
//! logging its users out. The functions here are pure: the JS layer reads `document.cookie` and
//! assigns the strings built here to it.

use crate::core::percent;
use crate::core::text;
use crate::prelude::*;

/// How long the cookie lives, in seconds: 30 days, as the official store sets it.
pub const MAX_AGE_SECONDS: u32 = 30 * 24 * 60 * 60;

/// The cookie name for a client ID: `st-<clientId>-token`. This is the name as JS code sees it;
/// [`set_cookie_string`] encodes it for the `Set-Cookie` syntax.
pub fn cookie_name(client_id: &str) -> String {
    text::concat(&["st-", client_id, "-token"])
}

/// A cookie name as js-cookie writes it: `encodeURIComponent`, then `# $ & + ^ ` |` put back
/// as they are (they are valid in a cookie name) and `(` `)` escaped (they are not).
pub fn encode_name(name: &str) -> String {
    encode(name, b"#$&+^`|", b"()")
}

/// A cookie value as js-cookie's default converter writes it: `encodeURIComponent`, then the
/// characters that are valid in a cookie value put back as they are
/// (`# $ & + / : < = > ? @ [ ] ^ ` { | }`). Quotes, commas, semicolons, spaces, backslashes,
/// `%` and non-ASCII text stay percent-encoded.
pub fn encode_value(value: &str) -> String {
    encode(value, b"#$&+/:<=>?@[]^`{|}", b"")
}

/// Percent-encodes as `encodeURIComponent` does, except that the bytes in `keep` stay literal
/// and the bytes in `escape` (normally left alone) are encoded too.
fn encode(text: &str, keep: &[u8], escape: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    percent::push_encoded(&mut out, text, keep, escape);
    out
}

/// Reads a cookie value as js-cookie's default converter does: surrounding double quotes are
/// removed, then every `%XX` sequence is decoded as UTF-8. Returns `None` when the escapes do
/// not form valid UTF-8 (js-cookie skips such a cookie).
pub fn decode_value(raw: &str) -> Option<String> {
    let unquoted = match raw.strip_prefix('"') {
        // js-cookie drops the first and the last character, whatever the last one is.
        Some(rest) => {
            let mut chars = rest.chars();
            chars.next_back();
            chars.as_str()
        }
        None => raw,
    };
    percent::decode_runs(unquoted)
}

/// Finds the cookie named `name` in the text of `document.cookie` (`a=1; b=2`) and returns its
/// raw value, still encoded: pass it to [`decode_value`]. Like js-cookie's `get`, names are
/// compared after decoding, the first cookie of that name wins, and cookies whose name or
/// value cannot be decoded are skipped. Returns `None` when there is no such cookie.
pub fn find_cookie(document_cookie: &str, name: &str) -> Option<String> {
    if document_cookie.is_empty() {
        return None;
    }
    cookie_pairs(document_cookie).find_map(|cookie| {
        let (cookie_name, value) = cookie.split_once('=').unwrap_or((cookie, ""));
        // `decodeURIComponent` of the name, which fails on a malformed `%`.
        let cookie_name = percent::decode_uri_component(cookie_name)?;
        (cookie_name == name && decode_value(value).is_some()).then(|| value.to_owned())
    })
}

/// The `name=value` pairs of `document.cookie`: the text split at every `"; "`, as js-cookie
/// splits it (a lone `;` stays inside a pair). Splits at `;` and rejoins rather than calling
/// `split("; ")`, whose substring search costs about 2 KB of wasm.
fn cookie_pairs(document_cookie: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(document_cookie);
    ::core::iter::from_fn(move || {
        let text = rest?;
        match text.as_bytes().windows(2).position(|pair| pair == b"; ") {
            Some(end) => {
                rest = Some(&text[end + 2..]);
                Some(&text[..end])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// What to assign to `document.cookie` to store the token JSON for `client_id`:
/// `st-<clientId>-token=<encoded JSON>; path=/; max-age=2592000; SameSite=Lax`, plus
/// `; Secure` when `secure`.
///
/// The official store (js-cookie) writes `expires=<date 30 days ahead>`; `max-age` says the
/// same to every current browser and needs no clock here. `SameSite=Lax` is what browsers apply
/// to js-cookie's cookie by default; it is spelled out so that no browser warns about it.
pub fn set_cookie_string(client_id: &str, token_json: &str, secure: bool) -> String {
    let mut line = text::concat(&[
        &encode_name(&cookie_name(client_id)),
        "=",
        &encode_value(token_json),
        "; path=/; max-age=",
        &text::int(MAX_AGE_SECONDS.into()),
        "; SameSite=Lax",
    ]);
    if secure {
        line.push_str("; Secure");
    }
    line
}

/// What to assign to `document.cookie` to delete the token cookie for `client_id`: an empty
/// value on the same path, already expired (`max-age=0`, and an `expires` in the past for
/// browsers that only read that).
pub fn remove_cookie_string(client_id: &str) -> String {
    text::concat(&[
        &encode_name(&cookie_name(client_id)),
        "=; path=/; max-age=0; expires=Thu, 01 Jan 1970 00:00:00 GMT",
    ])
}

/// A token as the official SDK stores it, for the tests.
#[cfg(test)]
const TOKEN_JSON: &str = r#"{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln+/=","token_type":"bearer","expires_in":86400,"scope":"user","refresh_token":"5a8f2c1e--b3JHcmVm","isLoggedInAs":false}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_cookie_after_the_client_id() {
        assert_eq!(
            cookie_name("08ec69f6-d37e-414d-83eb-324e94afddf0"),
            "st-08ec69f6-d37e-414d-83eb-324e94afddf0-token"
        );
        assert_eq!(encode_name("st-abc-token"), "st-abc-token");
        assert_eq!(
            encode_name("a(b)#$&+^`|é ;,="),
            "a%28b%29#$&+^`|%C3%A9%20%3B%2C%3D"
        );
    }

    #[test]
    fn encodes_a_token_as_js_cookie_writes_it() {
        assert_eq!(
            encode_value(r#"{"a":"b c,d;e%f\g","n":1}"#),
            r#"{%22a%22:%22b%20c%2Cd%3Be%25f%5Cg%22%2C%22n%22:1}"#
        );
        assert_eq!(
            encode_value("#$&+/:<=>?@[]^`{|}é"),
            "#$&+/:<=>?@[]^`{|}%C3%A9"
        );
    }

    #[test]
    fn a_token_survives_the_round_trip() {
        let line = set_cookie_string("abc", TOKEN_JSON, false);
        let pair = line.split("; ").next().unwrap();
        let document_cookie = format!("other=1; {pair}; st-abc-tokenx=2");
        let raw = find_cookie(&document_cookie, "st-abc-token").unwrap();
        assert_eq!(decode_value(&raw).as_deref(), Some(TOKEN_JSON));
    }

    #[test]
    fn writes_the_attributes() {
        let line = set_cookie_string("abc", "{}", false);
        assert_eq!(
            line,
            "st-abc-token={}; path=/; max-age=2592000; SameSite=Lax"
        );
        assert!(set_cookie_string("abc", "{}", true).ends_with("; SameSite=Lax; Secure"));
        assert_eq!(
            remove_cookie_string("abc"),
            "st-abc-token=; path=/; max-age=0; expires=Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }

    #[test]
    fn finds_the_first_cookie_with_the_name_only() {
        let cookies = "st-abc-token2=x; xst-abc-token=y; st-abc-token=first; st-abc-token=second";
        assert_eq!(
            find_cookie(cookies, "st-abc-token").as_deref(),
            Some("first")
        );
        assert_eq!(find_cookie(cookies, "st-other-token"), None);
        assert_eq!(find_cookie("", "st-abc-token"), None);
        assert_eq!(
            find_cookie("st-abc-token", "st-abc-token").as_deref(),
            Some("")
        );
        assert_eq!(find_cookie("a=b=c", "a").as_deref(), Some("b=c"));
        // Pairs end at "; " only, as in js-cookie: a lone `;` is part of the value.
        assert_eq!(find_cookie("a=1;b=2; c=3", "a").as_deref(), Some("1;b=2"));
        assert_eq!(find_cookie("a=1;b=2; c=3", "c").as_deref(), Some("3"));
        assert_eq!(find_cookie("a=1; ; c=3", "c").as_deref(), Some("3"));
        // Names are compared decoded.
        assert_eq!(
            find_cookie("st-%C3%A9-token=v", "st-é-token").as_deref(),
            Some("v")
        );
    }

    #[test]
    fn skips_cookies_that_cannot_be_decoded() {
        let cookies = "st-abc-token=%E2%82; st-abc-token=good";
        assert_eq!(
            find_cookie(cookies, "st-abc-token").as_deref(),
            Some("good")
        );
        assert_eq!(find_cookie("st-%ZZ=1; st-%ZZ=2", "st-%ZZ"), None);
    }

    #[test]
    fn reads_quoted_and_escaped_values() {
        assert_eq!(
            decode_value(r#""quoted%20value""#).as_deref(),
            Some("quoted value")
        );
        assert_eq!(decode_value(r#"""#).as_deref(), Some(""));
        assert_eq!(
            decode_value("%E2%82%AC and %zz and 100%").as_deref(),
            Some("€ and %zz and 100%")
        );
        assert_eq!(decode_value("%e2%82%ac").as_deref(), Some("€"));
        assert_eq!(decode_value("é%41").as_deref(), Some("éA"));
        assert_eq!(decode_value("%FF"), None);
        assert_eq!(decode_value("%E2%82 %AC"), None);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod peer_tests {
    use super::*;
    use crate::core::query::node_peer::{js_string, run};

    /// Runs `body` in Node with js-cookie loaded as `Cookies` and a fake `document`.
    fn with_js_cookie(body: &str) -> String {
        run(&format!(
            "globalThis.document = {{ cookie: '' }};\n\
             const Cookies = require('js-cookie');\n{body}"
        ))
    }

    #[test]
    #[ignore = "needs cargo xtask setup"]
    fn writes_the_same_name_and_value_as_js_cookie() {
        let cases = [
            ("abc", TOKEN_JSON.to_owned()),
            ("08ec69f6-d37e-414d-83eb-324e94afddf0", "{}".to_owned()),
            (
                "a(b)#$&+^`|é ;,=%",
                "x \"y\" ;,\\%€😀#$&+/:<=>?@[]^`{|}!~*'()".to_owned(),
            ),
        ];
        for (client_id, json) in cases {
            let official = with_js_cookie(&format!(
                "console.log(Cookies.set({}, {}, {{ expires: 30, secure: true }}))",
                js_string(&cookie_name(client_id)),
                js_string(&json)
            ));
            let official_pair = official.split("; ").next().unwrap();
            let ours = set_cookie_string(client_id, &json, true);
            assert_eq!(
                ours.split("; ").next().unwrap(),
                official_pair,
                "{client_id}"
            );
            assert!(official.trim_end().ends_with("; secure"), "{official}");
        }
    }

    #[test]
    #[ignore = "needs cargo xtask setup"]
    fn reads_what_js_cookie_reads() {
        let name = "st-abc-token";
        let jars = [
            format!("a=1; {name}={}", encode_value(TOKEN_JSON)),
            format!("{name}=%E2%82; {name}=second"),
            format!("{name}2=x; {name}=\"quoted%20value\""),
            format!("{name}=%e2%82%ac and %zz and 100%"),
            format!("st-%ZZ=1; {name}=after"),
            "other=1".to_owned(),
            String::new(),
        ];
        for jar in jars {
            let official = with_js_cookie(&format!(
                "document.cookie = {};\nconsole.log(JSON.stringify(Cookies.get({}) ?? null))",
                js_string(&jar),
                js_string(name)
            ));
            let ours = find_cookie(&jar, name).and_then(|raw| decode_value(&raw));
            let ours = match ours {
                Some(text) => js_string(&text),
                None => "null".to_owned(),
            };
            assert_eq!(ours, official.trim_end(), "document.cookie = {jar}");
        }
    }
}
