//! Percent-encoding (`%XX`), the one codec of the core: JS `encodeURIComponent` and its
//! variants (query strings, form bodies, asset paths, cookie names and values) and
//! `decodeURIComponent` as cookies are read back.

use crate::prelude::*;

/// Appends byte `b` as `%XX` (upper-case hex).
pub fn push_byte(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[usize::from(b >> 4)] as char);
    out.push(HEX[usize::from(b & 0x0F)] as char);
}

/// Appends `text` percent-encoded as JS `encodeURIComponent` does (UTF-8, upper-case hex,
/// `A–Z a–z 0–9 - _ . ! ~ * ' ( )` left as they are), except that the bytes in `keep` stay
/// literal too and the bytes in `escape` (normally left alone) are encoded.
pub fn push_encoded(out: &mut String, text: &str, keep: &[u8], escape: &[u8]) {
    for &b in text.as_bytes() {
        let unreserved = b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b);
        if (unreserved && !escape.contains(&b)) || keep.contains(&b) {
            out.push(b as char);
        } else {
            push_byte(out, b);
        }
    }
}

/// Percent-encodes `text` exactly as JS `encodeURIComponent` does.
pub fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_encoded(&mut out, text, b"", b"");
    out
}

/// Decodes each run of `%XX` escapes as UTF-8 (as `decodeURIComponent` applied to each run);
/// text outside the runs, including a `%` not followed by two hex digits, is kept as it is.
/// Returns `None` when a run is not valid UTF-8.
pub fn decode_runs(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut run = Vec::new();
    let mut i = 0;
    let mut literal_start = 0;
    while i < bytes.len() {
        let escape = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex_byte(*high, *low),
            _ => None,
        };
        match escape {
            Some(byte) => {
                if run.is_empty() {
                    out.push_str(&text[literal_start..i]);
                }
                run.push(byte);
                i += 3;
            }
            None => {
                if !run.is_empty() {
                    out.push_str(&String::from_utf8(::core::mem::take(&mut run)).ok()?);
                    literal_start = i;
                }
                i += 1;
            }
        }
    }
    if run.is_empty() {
        out.push_str(&text[literal_start..]);
    } else {
        out.push_str(&String::from_utf8(run).ok()?);
    }
    Some(out)
}

/// JS `decodeURIComponent`: every `%XX` decoded; `None` for a `%` not followed by two hex
/// digits or for escapes that are not valid UTF-8.
pub fn decode_uri_component(text: &str) -> Option<String> {
    let malformed = text
        .match_indices('%')
        .any(|(i, _)| !matches!(text.as_bytes().get(i + 1..i + 3), Some([h, l]) if hex_byte(*h, *l).is_some()));
    if malformed {
        return None;
    }
    decode_runs(text)
}

fn hex_byte(high: u8, low: u8) -> Option<u8> {
    let digit = |c: u8| (c as char).to_digit(16);
    Some((digit(high)? * 16 + digit(low)?) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_uri_component_matches_js() {
        assert_eq!(encode_uri_component("a,b c/é"), "a%2Cb%20c%2F%C3%A9");
        assert_eq!(encode_uri_component("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
    }

    #[test]
    fn decodes_as_decode_uri_component() {
        assert_eq!(
            decode_uri_component("a%2Cb%20c%2F%C3%A9").as_deref(),
            Some("a,b c/é")
        );
        assert_eq!(decode_uri_component("100%"), None);
        assert_eq!(decode_uri_component("%FF"), None);
        assert_eq!(decode_runs("100% %41").as_deref(), Some("100% A"));
    }
}
