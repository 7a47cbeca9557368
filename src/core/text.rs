//! Slicing text without a panic path. `&text[a..b]` on a `str` compiles a call to the standard
//! library's slice-error panic, whose message formatting (char and range `Debug`, Unicode
//! printability tables) costs the wasm a few kilobytes; these helpers compile to a boundary
//! check only.

/// `text[start..end]`, for bounds the caller knows are char boundaries in order within `text`
/// (a parser that stops only at ASCII bytes, a length it measured). Gives an empty string when
/// they are not, which such a caller never sees.
#[inline]
pub(crate) fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or_default()
}

/// `text[start..]`, under the same conditions as [`slice`].
#[inline]
pub(crate) fn from(text: &str, start: usize) -> &str {
    text.get(start..).unwrap_or_default()
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
}
