//! Building and slicing text without the formatting machinery or a panic path. `&text[a..b]` on a `str` compiles a call to the standard
//! library's slice-error panic, whose message formatting (char and range `Debug`, Unicode
//! printability tables) costs the wasm a few kilobytes; these helpers compile to a boundary
//! check only.

use crate::prelude::*;

/// `text[start..end]`, for bounds the caller knows are char boundaries in order within `text`
/// (a parser that stops only at ASCII bytes, a length it measured). Gives an empty string when
/// they are not, which such a caller never sees.
#[inline]
pub fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or_default()
}

/// `text[start..]`, under the same conditions as [`slice`].
#[inline]
pub fn from(text: &str, start: usize) -> &str {
    text.get(start..).unwrap_or_default()
}

/// `text.trim()`: `text` without its leading and trailing whitespace (`char::is_whitespace`,
/// as `str::trim`), with one forward pass instead of std's two-ended char search.
pub fn trim(text: &str) -> &str {
    let mut start = None;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if !is_whitespace(c) {
            start.get_or_insert(i);
            end = i + c.len_utf8();
        }
    }
    slice(text, start.unwrap_or(0), end)
}

/// `c.is_whitespace()`, compiled once: inlined, its Unicode table lookup costs the wasm a few
/// hundred bytes at each use.
#[inline(never)]
pub fn is_whitespace(c: char) -> bool {
    c.is_whitespace()
}

/// The parts joined into one string: what `format!` would build from literal text and string
/// arguments, without its formatting machinery (a few hundred bytes of wasm per call site).
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `n` in decimal, as `n.to_string()` writes it.
pub fn int(n: i64) -> String {
    let mut out = String::with_capacity(20);
    push_int(&mut out, n);
    out
}

/// Appends `n` in decimal to `out`.
pub fn push_int(out: &mut String, n: i64) {
    let mut digits = [0u8; 20];
    let mut rest = n.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
}

/// `text` as a decimal `i64`, exactly as `text.parse::<i64>()` reads it (an optional sign,
/// then one or more ASCII digits; `None` on anything else or on overflow), with less wasm.
pub fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        let d = i64::from(d - b'0');
        n = n.checked_mul(10)?;
        n = if negative {
            n.checked_sub(d)?
        } else {
            n.checked_add(d)?
        };
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_on_boundaries_and_gives_empty_text_off_them() {
        assert_eq!(slice("héllo", 0, 1), "h");
        assert_eq!(slice("héllo", 1, 3), "é");
        assert_eq!(from("héllo", 3), "llo");
        assert_eq!(slice("héllo", 2, 3), "");
        assert_eq!(slice("abc", 2, 1), "");
        assert_eq!(from("abc", 4), "");
    }

    #[test]
    fn trims_like_the_standard_library() {
        for t in [
            "",
            " ",
            "a",
            " a ",
            "\t a b \n",
            "\u{3000}x\u{a0}",
            "\u{85}",
            "é ",
            " ١ ",
        ] {
            assert_eq!(trim(t), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn concatenates_and_writes_integers_like_the_formatter() {
        assert_eq!(concat(&["a", "", "bc", "é"]), "abcé");
        assert_eq!(concat(&[]), "");
        for n in [0, 7, -7, 10, 1234567890, i64::MAX, i64::MIN] {
            assert_eq!(int(n), n.to_string());
        }
    }

    #[test]
    fn parses_integers_like_the_standard_library() {
        for t in [
            "0",
            "-0",
            "+0",
            "7",
            "-7",
            "+7",
            "00012",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
            "",
            "-",
            "+",
            "+-1",
            "--1",
            "1.0",
            "1e3",
            " 1",
            "1 ",
            "١",
            "12a",
            "-a",
        ] {
            assert_eq!(parse_int(t), t.parse::<i64>().ok(), "{t:?}");
        }
    }
}
