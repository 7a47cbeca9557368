//! Parsing of URL-encoded text (query strings and form bodies) and of parameter values.

/// Splits `a=1&b=2` into decoded `(name, value)` pairs in order; empty pieces are skipped and a
/// name without `=` gets an empty value.
pub fn parse_urlencoded(text: &str) -> Vec<(String, String)> {
    // The SDK core's reader, so that both sides of the wire decode alike.
    sharetribe_sdk::core::query::parse_query_string(text)
}

/// Rewrites a snake_case parameter name to camelCase (`per_page` → `perPage`), leaving
/// extended-data filters (`pub_…`, `meta_…`, `prot_…`, `priv_…`) and dotted names alone, so
/// both spellings the real API accepts map to one.
pub fn canonical_param_name(name: &str) -> String {
    let is_extended = ["pub_", "meta_", "prot_", "priv_"]
        .iter()
        .any(|p| name.starts_with(p));
    if is_extended || name.contains('.') {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len());
    let mut upper_next = false;
    for c in name.chars() {
        if c == '_' {
            upper_next = true;
        } else if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Query parameters of one Marketplace API call, names canonicalised to camelCase.
#[derive(Debug, Clone, Default)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    /// Parses a raw query string (without `?`); `None` means no query.
    pub fn parse(query: Option<&str>) -> QueryParams {
        QueryParams(
            parse_urlencoded(query.unwrap_or(""))
                .into_iter()
                .map(|(k, v)| (canonical_param_name(&k), v))
                .collect(),
        )
    }

    /// The last value given for `name` (camelCase).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every `(name, value)` pair whose name starts with `prefix`, prefix removed.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.0
            .iter()
            .filter_map(move |(k, v)| k.strip_prefix(prefix).map(|rest| (rest, v.as_str())))
    }

    /// A comma-separated value split into its non-empty, trimmed items.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.get(name).map(split_list).unwrap_or_default()
    }
}

/// Splits a comma list into trimmed, non-empty items.
pub fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether `text` is a UUID in canonical 8-4-4-4-12 hex form (any case).
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The media type of a `Content-Type` value, lower-cased, without parameters.
pub fn media_type(content_type: Option<&str>) -> String {
    content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_plus_and_bad_escapes() {
        let decoded = |text: &str| parse_urlencoded(&format!("k={text}"))[0].1.clone();
        assert_eq!(decoded("a%20b+c"), "a b c");
        assert_eq!(decoded("100%"), "100%");
        assert_eq!(decoded("%zz%41"), "%zzA");
        assert_eq!(decoded("%C3%A4"), "ä");
    }

    #[test]
    fn parses_forms_and_canonicalises_names() {
        assert_eq!(
            parse_urlencoded("grant_type=password&username=a%40b.c&flag"),
            vec![
                ("grant_type".to_owned(), "password".to_owned()),
                ("username".to_owned(), "a@b.c".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
        let q = QueryParams::parse(Some(
            "per_page=5&author_id=x&pub_listing_type=a&fields.listing=title",
        ));
        assert_eq!(q.get("perPage"), Some("5"));
        assert_eq!(q.get("authorId"), Some("x"));
        assert_eq!(q.get("pub_listing_type"), Some("a"));
        assert_eq!(
            q.with_prefix("fields.").collect::<Vec<_>>(),
            vec![("listing", "title")]
        );
    }

    #[test]
    fn recognises_uuids() {
        assert!(is_uuid("10000000-0000-4000-8000-000000000001"));
        assert!(!is_uuid("10000000-0000-4000-8000-00000000001"));
        assert!(!is_uuid("not-a-uuid"));
    }
}
