//! The `application/transit+json` codec as the Sharetribe APIs speak it.
//!
//! Decoding first parses the text with [`json::parse`] and then walks that tree once, moving
//! strings into the result rather than copying them. Both directions follow transit-js (the
//! library inside the official SDK) exactly where it matters on the wire:
//!
//! - The key cache: a map key longer than 3 characters, and a keyword (`~:`), symbol (`~$`) or
//!   tag (`~#`) string longer than 3 characters anywhere, is remembered in order of appearance;
//!   a later use is written as `^` plus the entry number in base 44 from `'0'`, one digit below
//!   44 entries and two after. After 44×44 entries the numbering starts over. Lengths are
//!   counted in UTF-16 units, as JS and Java count them.
//! - Map keys are keywords on the way out and plain strings on the way in.
//! - Strings starting with `~`, `^` or `` ` `` are escaped with a leading `~`.
//! - A top-level scalar is wrapped as the quoted value `["~#'", x]`.
//!
//! `LatLngBounds` has no Transit handler in the official SDK: its writer sends the object's own
//! fields as a map, `{_sdkType: "LatLngBounds", ne: LatLng, sw: LatLng}`. [`encode`] writes the
//! same bytes, and [`decode`] turns exactly that map back into [`Value::LatLngBounds`].

use crate::iso8601;
use crate::json;
use crate::number::{JsNumber, Num};
use crate::prelude::*;
use crate::value::Value;
use core::fmt;

/// A Transit document that could not be decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitError(pub String);

impl fmt::Display for TransitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid Transit: {}", self.0)
    }
}

impl core::error::Error for TransitError {}

/// Decodes a Transit document (non-verbose or verbose) into a [`Value`].
///
/// Keywords become [`Value::Keyword`] (map keys plain strings), `~u` [`Value::Uuid`], `~#geo`
/// [`Value::LatLng`], `~#mn` [`Value::Money`], `~f` [`Value::BigDecimal`], `~m` and `~t`
/// [`Value::Instant`], sets and lists arrays, `~#cmap` a map with its keys turned into text.
/// `~i`/`~n` integers too big for an `i64` are kept as their digits in a string. Values under
/// unknown tags are decoded as if untagged.
///
/// Fails when the text is not JSON, on a cache reference (`^…`) to an entry not yet defined,
/// on a malformed `~m`, `~t`, `~d` or `~z` scalar, and on a `~#geo`/`~#mn` whose payload is
/// not `[number, number]`/`[integer, string]`.
pub fn decode(text: &str) -> Result<Value, TransitError> {
    let tree = json::parse(text).map_err(|e| TransitError(e.to_string()))?;
    Decoder::default().value(tree)
}

/// Encodes `value` as non-verbose Transit with the key cache, every map key a keyword.
///
/// The output is byte for byte what the official SDK's `transit.write` produces for the
/// corresponding JS value, with two additions JS cannot express: [`Value::Keyword`] is written
/// as a keyword (`~:…`), and an integer beyond 2^53 keeps all its digits. Instants are `~m<ms>`;
/// NaN and infinities are `~zNaN`, `~zINF`, `~z-INF`.
pub fn encode(value: &Value) -> String {
    Encoder::new(false).document(value)
}

/// Encodes `value` as verbose Transit (JSON objects, no cache).
///
/// Maps are JSON objects with keyword keys (`{"~:title": …}`), tagged values one-key objects
/// (`{"~#mn": [100, "EUR"]}`), instants `~t` ISO-8601 text with milliseconds. An instant whose
/// year is outside 0000–9999 is written as `~m<ms>` instead, which every Transit reader accepts
/// and which avoids transit-js's own garbled text for such years.
pub fn encode_verbose(value: &Value) -> String {
    Encoder::new(true).document(value)
}

/// [`encode_verbose`] when `verbose`, else [`encode`]: one call site for a caller that picks
/// by a setting.
pub fn encode_as(value: &Value, verbose: bool) -> String {
    Encoder::new(verbose).document(value)
}

/// Digits per cache code position, and the first code character (`'0'`).
const CACHE_CODE_DIGITS: usize = 44;
const CACHE_CODE_BASE: u8 = 48;
const MAX_CACHE_ENTRIES: usize = CACHE_CODE_DIGITS * CACHE_CODE_DIGITS;

/// Whether `s` is longer than `n` UTF-16 units, without counting further than needed.
fn longer_than(s: &str, n: usize) -> bool {
    // A UTF-8 string never has more UTF-16 units than bytes.
    if s.len() <= n {
        return false;
    }
    let mut units = 0;
    s.chars().any(|c| {
        units += c.len_utf16();
        units > n
    })
}

/// Whether the write cache takes `s`: longer than 3, and a map key or a keyword, symbol or tag.
pub fn is_cacheable(s: &str, as_map_key: bool) -> bool {
    longer_than(s, 3) && (as_map_key || matches!(s.as_bytes()[..2], [b'~', b':' | b'$' | b'#']))
}

/// Whether `s` is a cache reference (`^0`, `^1A`, ...) rather than text.
pub fn is_cache_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.first() == Some(&b'^') && b.get(1) != Some(&b' ')
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// A decoded string: either a value, or a tag (`~#name`) that gives meaning to the value after
/// it. Tags can be cached like keywords, so the read cache holds these.
#[derive(Clone)]
pub enum Atom {
    /// A decoded value.
    Value(Value),
    /// A tag's name.
    Tag(String),
}

impl Atom {
    /// The value; a tag with nothing after it is its text.
    pub fn into_value(self) -> Value {
        match self {
            Atom::Value(v) => v,
            // A tag with nothing to apply to; keep its text.
            Atom::Tag(tag) => Value::String(["~#", &tag].concat()),
        }
    }
}

/// The read side of the key cache: entries in order of appearance, numbered as transit-js
/// numbers them, starting over after 44×44 entries. `T` is what a reader keeps per entry.
pub struct ReadCache<T> {
    entries: Vec<T>,
    next: usize,
}

impl<T> Default for ReadCache<T> {
    fn default() -> Self {
        ReadCache {
            entries: Vec::new(),
            next: 0,
        }
    }
}

impl<T> ReadCache<T> {
    /// Adds the next entry (after 44×44 entries, overwriting from the first again).
    pub fn remember(&mut self, entry: T) {
        if self.next == MAX_CACHE_ENTRIES {
            self.next = 0;
        }
        if self.next < self.entries.len() {
            self.entries[self.next] = entry;
        } else {
            self.entries.push(entry);
        }
        self.next += 1;
    }

    /// The entry a cache reference such as `^3` or `^1A` stands for. Fails for a reference to
    /// an entry not yet defined, or one that is not a code at all.
    pub fn recall(&self, code: &str) -> Result<&T, TransitError> {
        let digit = |b: u8| usize::from(b.wrapping_sub(CACHE_CODE_BASE));
        let index = match *code.as_bytes() {
            [_, lo] => Some(digit(lo)),
            [_, hi, lo] => Some(digit(hi) * CACHE_CODE_DIGITS + digit(lo)),
            _ => None,
        };
        index
            .and_then(|i| self.entries.get(i))
            .ok_or_else(|| TransitError(format!("unknown cache reference `{code}`")))
    }
}

#[derive(Default)]
struct Decoder {
    cache: ReadCache<Atom>,
}

impl Decoder {
    fn remember(&mut self, atom: &Atom) {
        self.cache.remember(atom.clone());
    }

    fn recall(&self, code: &str) -> Result<Atom, TransitError> {
        self.cache.recall(code).cloned()
    }

    fn string(&mut self, s: String, as_map_key: bool) -> Result<Atom, TransitError> {
        if is_cacheable(&s, as_map_key) {
            let atom = parse_string(s)?;
            self.remember(&atom);
            Ok(atom)
        } else if is_cache_code(&s) {
            self.recall(&s)
        } else {
            parse_string(s)
        }
    }

    fn value(&mut self, node: Value) -> Result<Value, TransitError> {
        match node {
            Value::String(s) => Ok(self.string(s, false)?.into_value()),
            Value::Array(items) => self.array(items, false),
            Value::Map(entries) => self.object(entries),
            scalar => Ok(scalar),
        }
    }

    /// The tag named by `s` when it is a tag string or a cache reference to one. Caches a new
    /// tag string as a side effect, as reading it would.
    fn tag(&mut self, s: &str) -> Result<Option<String>, TransitError> {
        if let Some(name) = s.strip_prefix("~#") {
            let name = name.to_owned();
            if is_cacheable(s, false) {
                self.remember(&Atom::Tag(name.clone()));
            }
            Ok(Some(name))
        } else if is_cache_code(s) {
            match self.recall(s)? {
                Atom::Tag(name) => Ok(Some(name)),
                Atom::Value(_) => Ok(None),
            }
        } else {
            Ok(None)
        }
    }

    /// An array, array-form map (`["^ ", k, v, …]`) or tagged value (`[tag, rep]`). Inside a
    /// tag's payload a two-element array is never itself a tagged value (transit-js rule).
    fn array(&mut self, mut items: Vec<Value>, in_tag: bool) -> Result<Value, TransitError> {
        match items.first() {
            Some(Value::String(s)) if s == "^ " => return self.array_map(items),
            Some(Value::String(s)) if !in_tag && items.len() == 2 => {
                if let Some(tag) = self.tag(s)? {
                    let rep = items.into_iter().nth(1).unwrap_or(Value::Null);
                    return self.tagged(tag, rep);
                }
            }
            _ => {}
        }
        // Decode in place: the parsed array's allocation becomes the result's.
        for item in &mut items {
            let node = core::mem::replace(item, Value::Null);
            *item = self.value(node)?;
        }
        Ok(Value::Array(items))
    }

    fn array_map(&mut self, items: Vec<Value>) -> Result<Value, TransitError> {
        if items.len() % 2 == 0 {
            return Err(TransitError("map has a key without a value".into()));
        }
        let mut entries = Vec::with_capacity(items.len() / 2);
        let mut rest = items.into_iter().skip(1);
        while let (Some(key), Some(value)) = (rest.next(), rest.next()) {
            let key = self.key(key)?;
            let value = self.value(value)?;
            json::insert_last_wins(&mut entries, key, value);
        }
        Ok(finish_map(entries))
    }

    /// A verbose-form map (a JSON object), or a one-key object holding a tagged value.
    fn object(&mut self, entries: Vec<(String, Value)>) -> Result<Value, TransitError> {
        if entries.len() == 1 {
            if let Some(tag) = self.tag(&entries[0].0)? {
                let rep = entries.into_iter().next().map_or(Value::Null, |(_, v)| v);
                return self.tagged(tag, rep);
            }
        }
        let mut out = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let key = self.key(Value::String(key))?;
            let value = self.value(value)?;
            json::insert_last_wins(&mut out, key, value);
        }
        Ok(finish_map(out))
    }

    fn key(&mut self, node: Value) -> Result<String, TransitError> {
        let value = match node {
            Value::String(s) => self.string(s, true)?.into_value(),
            other => self.value(other)?,
        };
        Ok(key_text(value))
    }

    /// The payload of a tagged value, decoded.
    fn rep(&mut self, node: Value) -> Result<Value, TransitError> {
        match node {
            Value::Array(items) => self.array(items, true),
            other => self.value(other),
        }
    }

    fn tagged(&mut self, tag: String, rep: Value) -> Result<Value, TransitError> {
        match tag.as_str() {
            "geo" => match self.rep(rep)? {
                Value::Array(parts) => match parts.as_slice() {
                    [lat, lng] => match (number(lat), number(lng)) {
                        (Some(lat), Some(lng)) => Ok(Value::LatLng { lat, lng }),
                        _ => Err(bad_payload("geo", "[lat, lng]")),
                    },
                    _ => Err(bad_payload("geo", "[lat, lng]")),
                },
                _ => Err(bad_payload("geo", "[lat, lng]")),
            },
            "mn" => match self.rep(rep)? {
                Value::Array(parts) => match <[Value; 2]>::try_from(parts) {
                    Ok([amount, Value::String(currency) | Value::Keyword(currency)]) => {
                        match amount.as_i64() {
                            Some(amount) => Ok(Value::Money { amount, currency }),
                            None => Err(bad_payload("mn", "[integer amount, currency]")),
                        }
                    }
                    _ => Err(bad_payload("mn", "[integer amount, currency]")),
                },
                _ => Err(bad_payload("mn", "[integer amount, currency]")),
            },
            "cmap" => match self.rep(rep)? {
                Value::Array(parts) => {
                    let mut entries = Vec::with_capacity(parts.len() / 2);
                    let mut rest = parts.into_iter();
                    while let Some(key) = rest.next() {
                        let value = rest.next().unwrap_or(Value::Null);
                        json::insert_last_wins(&mut entries, key_text(key), value);
                    }
                    Ok(Value::Map(entries))
                }
                other => Ok(other),
            },
            // The quote wraps a top-level scalar; decode its payload like any value.
            "'" => self.value(rep),
            // A scalar tag in array form, e.g. `["~#u", "…"]`: same as `"~u…"`.
            _ if tag.len() == 1 => match rep {
                Value::String(text) => Ok(scalar(tag.as_bytes()[0], text)?.into_value()),
                other => self.rep(other),
            },
            // `set`, `list` and unknown tags: the payload itself.
            _ => self.rep(rep),
        }
    }
}

/// The error of a tag whose payload is not the shape it needs.
pub fn bad_payload(tag: &str, expected: &str) -> TransitError {
    TransitError(format!("~#{tag} value is not {expected}"))
}

fn number(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::from_i64(*i)),
        Value::Float(f) => Some(f.duplicate()),
        _ => None,
    }
}

/// Text for a decoded map key: JS turns every object key into a string.
fn key_text(key: Value) -> String {
    match key {
        Value::String(s) | Value::Keyword(s) | Value::Uuid(s) | Value::BigDecimal(s) => s,
        other => {
            let mut out = String::new();
            json::write_into(&mut out, &other);
            out
        }
    }
}

/// A finished map; the one shape the official writer gives `LatLngBounds` comes back as one.
fn finish_map(entries: Vec<(String, Value)>) -> Value {
    if let [(k0, Value::String(kind)), (k1, ne), (k2, sw)] = entries.as_slice() {
        if let ("_sdkType", "LatLngBounds", "ne", "sw") = (&**k0, &**kind, &**k1, &**k2) {
            if let (
                Value::LatLng { lat, lng },
                Value::LatLng {
                    lat: sw_lat,
                    lng: sw_lng,
                },
            ) = (ne, sw)
            {
                return Value::LatLngBounds {
                    ne: (lat.duplicate(), lng.duplicate()),
                    sw: (sw_lat.duplicate(), sw_lng.duplicate()),
                };
            }
        }
    }
    Value::Map(entries)
}

/// Decodes one string that is not a cache reference.
pub fn parse_string(mut s: String) -> Result<Atom, TransitError> {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b'~' {
        return Ok(Atom::Value(Value::String(s)));
    }
    match b[1] {
        b'~' | b'^' | b'`' => {
            s.remove(0);
            Ok(Atom::Value(Value::String(s)))
        }
        b'#' => Ok(Atom::Tag(s[2..].to_owned())),
        c if c.is_ascii() => {
            let tag = c;
            s.drain(..2);
            scalar(tag, s)
        }
        // `~` followed by a non-ASCII character is no Transit escape.
        _ => Ok(Atom::Value(Value::String(s))),
    }
}

/// The number of a `~d` scalar: as Rust's `str::parse::<f64>` reads it natively (the reference
/// reader's rule, which the JS reader follows); in the wasm build, which decodes no answers
/// itself, only JSON number text.
#[cfg(not(target_arch = "wasm32"))]
fn decimal(rep: &str) -> Option<Num> {
    rep.parse().ok()
}

#[cfg(target_arch = "wasm32")]
fn decimal(rep: &str) -> Option<Num> {
    Num::from_text(rep)
}

/// Decodes the scalar `~<tag><rep>`.
fn scalar(tag: u8, rep: String) -> Result<Atom, TransitError> {
    let invalid = |what: &str, rep: &str| TransitError(format!("invalid {what} `{rep}`"));
    let value = match tag {
        b':' => Value::Keyword(rep),
        b'u' => Value::Uuid(rep),
        b'f' => Value::BigDecimal(rep),
        b'm' => Value::Instant(rep.parse().map_err(|_| invalid("~m instant", &rep))?),
        b't' => Value::Instant(iso8601::parse(&rep).ok_or_else(|| invalid("~t instant", &rep))?),
        b'i' | b'n' => match rep.parse() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::String(rep),
        },
        b'd' => Value::Float(decimal(&rep).ok_or_else(|| invalid("~d number", &rep))?),
        b'z' => Value::Float(
            match rep.as_str() {
                "NaN" => Num::from_text("NaN"),
                "INF" => Num::from_text("Infinity"),
                "-INF" => Num::from_text("-Infinity"),
                _ => None,
            }
            .ok_or_else(|| invalid("~z number", &rep))?,
        ),
        b'?' => Value::Bool(rep == "t"),
        b'_' => Value::Null,
        // Symbols, URIs, chars, binary (base64) and unknown scalar tags: their text.
        _ => Value::String(rep),
    };
    Ok(Atom::Value(value))
}

// ---------------------------------------------------------------------------------------------
// Encoding

/// A write-cache key: a hash of the name (so that most comparisons are of integers), the
/// prefix character (`:` or `#`) and the name.
type CacheKey<'a> = (u32, u8, &'a str);

/// A write-cache entry: its code and the generation that gave it.
type CacheEntry = (usize, u32);

/// transit-js's write cache. Every cacheable string we write is `~:name` or `~#name`, so it is
/// keyed by that prefix character and the name, borrowed from the value being written.
#[derive(Default)]
struct WriteCache<'a> {
    /// (key, (code, generation)), sorted by key for binary search. A sorted vector compiles to
    /// a fraction of a `BTreeMap`'s wasm and is as quick for the few hundred or thousand
    /// distinct names a document has.
    entries: Vec<(CacheKey<'a>, CacheEntry)>,
    next: usize,
    generation: u32,
}

impl<'a> WriteCache<'a> {
    /// The cache code to write instead of `~<prefix><name>`, or `None` when the full string
    /// must be written (its first use in this generation).
    fn code(&mut self, prefix: u8, name: &'a str) -> Option<usize> {
        if self.next == MAX_CACHE_ENTRIES {
            // transit-js starts a new generation instead of emptying the map.
            self.next = 0;
            self.generation += 1;
        }
        let fresh = (self.next, self.generation);
        // FNV-1a; any hash serves, as the key only orders the entries.
        let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        let key = (hash, prefix, name);
        match self.entries.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(at) => {
                if let Some((_, entry)) = self.entries.get_mut(at) {
                    if entry.1 == self.generation {
                        return Some(entry.0);
                    }
                    *entry = fresh;
                }
            }
            Err(at) => self.entries.insert(at, (key, fresh)),
        }
        self.next += 1;
        None
    }
}

struct Encoder<'a> {
    out: String,
    verbose: bool,
    cache: WriteCache<'a>,
}

impl<'a> Encoder<'a> {
    fn new(verbose: bool) -> Self {
        Encoder {
            out: String::with_capacity(256),
            verbose,
            cache: WriteCache::default(),
        }
    }

    fn document(mut self, value: &'a Value) -> String {
        let composite = matches!(
            value,
            Value::Array(_)
                | Value::Map(_)
                | Value::LatLng { .. }
                | Value::LatLngBounds { .. }
                | Value::Money { .. }
        );
        if composite {
            self.value(value);
        } else if self.verbose {
            self.out.push_str("{\"~#'\":");
            self.value(value);
            self.out.push('}');
        } else {
            self.out.push_str("[\"~#'\",");
            self.value(value);
            self.out.push(']');
        }
        self.out
    }

    /// Writes `~<prefix><name>` through the cache (`~:` keywords and `~#` tags).
    fn cached(&mut self, prefix: u8, name: &'a str) {
        // `~x` plus the name is longer than 3 units exactly when the name is longer than 1.
        let code = if !self.verbose && longer_than(name, 1) {
            self.cache.code(prefix, name)
        } else {
            None
        };
        self.out.push('"');
        match code {
            Some(index) => {
                self.out.push('^');
                if index >= CACHE_CODE_DIGITS {
                    self.out
                        .push((CACHE_CODE_BASE + (index / CACHE_CODE_DIGITS) as u8) as char);
                }
                self.out
                    .push((CACHE_CODE_BASE + (index % CACHE_CODE_DIGITS) as u8) as char);
            }
            None => {
                self.out.push('~');
                self.out.push(prefix as char);
                json::write_escaped(&mut self.out, name);
            }
        }
        self.out.push('"');
    }

    /// Writes `"~<tag><text>"`, an uncached scalar.
    fn scalar(&mut self, tag: char, text: &str) {
        self.out.push_str("\"~");
        self.out.push(tag);
        json::write_escaped(&mut self.out, text);
        self.out.push('"');
    }

    fn float(&mut self, f: &Num) {
        f.write_transit(&mut self.out);
    }

    /// Opens a tagged value; the payload follows, then [`Self::end_tag`].
    fn start_tag(&mut self, tag: &'static str) {
        if self.verbose {
            self.out.push_str("{\"~#");
            self.out.push_str(tag);
            self.out.push_str("\":");
        } else {
            self.out.push('[');
            self.cached(b'#', tag);
            self.out.push(',');
        }
    }

    fn end_tag(&mut self) {
        self.out.push(if self.verbose { '}' } else { ']' });
    }

    fn lat_lng(&mut self, lat: &Num, lng: &Num) {
        self.start_tag("geo");
        self.out.push('[');
        self.float(lat);
        self.out.push(',');
        self.float(lng);
        self.out.push(']');
        self.end_tag();
    }

    fn start_map(&mut self) {
        self.out
            .push_str(if self.verbose { "{" } else { "[\"^ \"" });
    }

    fn end_map(&mut self) {
        self.out.push(if self.verbose { '}' } else { ']' });
    }

    /// Writes a map key as a keyword with the separators around it: `"~:k":` in a JSON object
    /// (comma first unless it is the first key), `,"~:k",` in the array form after `"^ "`.
    fn key(&mut self, key: &'a str, first: bool) {
        if self.verbose {
            if !first {
                self.out.push(',');
            }
            self.cached(b':', key);
            self.out.push(':');
        } else {
            self.out.push(',');
            self.cached(b':', key);
            self.out.push(',');
        }
    }

    fn value(&mut self, value: &'a Value) {
        match value {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => json::write_int(&mut self.out, *i),
            Value::Float(f) => self.float(f),
            Value::String(s) => self.string(s),
            Value::Keyword(k) => self.cached(b':', k),
            Value::Uuid(u) => self.scalar('u', u),
            Value::BigDecimal(d) => self.scalar('f', d),
            Value::Instant(ms) => {
                if self.verbose && iso8601::has_four_digit_year(*ms) {
                    self.out.push_str("\"~t");
                    iso8601::write(&mut self.out, *ms);
                } else {
                    self.out.push_str("\"~m");
                    json::write_int(&mut self.out, *ms);
                }
                self.out.push('"');
            }
            Value::LatLng { lat, lng } => self.lat_lng(lat, lng),
            Value::Money { amount, currency } => {
                self.start_tag("mn");
                self.out.push('[');
                json::write_int(&mut self.out, *amount);
                self.out.push(',');
                // The currency is an ordinary string, escaped like any other.
                self.string(currency);
                self.out.push(']');
                self.end_tag();
            }
            Value::LatLngBounds { ne, sw } => {
                self.start_map();
                self.key("_sdkType", true);
                self.out.push_str("\"LatLngBounds\"");
                self.key("ne", false);
                self.lat_lng(&ne.0, &ne.1);
                self.key("sw", false);
                self.lat_lng(&sw.0, &sw.1);
                self.end_map();
            }
            Value::Array(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.value(item);
                }
                self.out.push(']');
            }
            Value::Map(entries) => {
                self.start_map();
                for (i, (key, item)) in entries.iter().enumerate() {
                    self.key(key, i == 0);
                    self.value(item);
                }
                self.end_map();
            }
        }
    }

    /// Writes a string, escaping a leading `~`, `^` or `` ` `` with `~`.
    fn string(&mut self, s: &str) {
        self.out.push('"');
        if let Some(b'~' | b'^' | b'`') = s.as_bytes().first() {
            self.out.push('~');
        }
        json::write_escaped(&mut self.out, s);
        self.out.push('"');
    }
}

// Native only: the tests build values with `f64` numbers (see `core::number`).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    fn kw(text: &str) -> Value {
        Value::Keyword(text.to_owned())
    }

    fn uuid(text: &str) -> Value {
        Value::Uuid(text.to_owned())
    }

    fn money(amount: i64, currency: &str) -> Value {
        Value::Money {
            amount,
            currency: currency.to_owned(),
        }
    }

    fn listing(id: &str, title: &str, description: &str) -> Value {
        let address = "230 Hamilton Ave, Staten Island, NY 10301, USA";
        let link = |path: &str| Value::map([("links", Value::map([("related", s(path))]))]);
        Value::map([
            ("id", uuid(id)),
            ("type", kw("listing")),
            (
                "links",
                Value::map([("self", s(&format!("/v1/api/listings/show?id={id}")))]),
            ),
            (
                "attributes",
                Value::map([
                    ("title", s(title)),
                    ("description", s(description)),
                    ("address", s(address)),
                    (
                        "geolocation",
                        Value::LatLng {
                            lat: 40.64542,
                            lng: -74.08508,
                        },
                    ),
                ]),
            ),
            (
                "relationships",
                Value::map([
                    (
                        "author",
                        link("/v1/api/users/show?id=3c073fae-6172-4e75-8b92-f560d58cd47c"),
                    ),
                    ("marketplace", link("/v1/api/marketplace/show")),
                ]),
            ),
        ])
    }

    #[test]
    fn decodes_the_real_listings_search_sample_with_cache_references() {
        let text = include_str!("../../tests/node/fixtures/listings-search.transit.json");
        let expected = Value::map([
            (
                "data",
                Value::Array(vec![
                    listing(
                        "9009efe1-25ec-4ed5-9413-e80c584ff6bf",
                        "Nishiki 401",
                        "27-speed Hybrid. Fully functional.",
                    ),
                    listing(
                        "5e1f2086-522c-46f3-87b4-451c6770c833",
                        "Pelago Brooklyn",
                        "Goes together perfectly with a latte and a bow tie.",
                    ),
                ]),
            ),
            ("meta", Value::Map(vec![])),
            ("included", Value::Array(vec![])),
        ]);
        assert_eq!(decode(text), Ok(expected));
    }

    #[test]
    fn decodes_marketplace_show() {
        let text = r#"["^ ","~:data",["^ ","~:id","~u5a8e0b16-43b0-4b2f-9a3c-2b3ab86e6a13","~:type","~:marketplace",
            "~:attributes",["^ ","~:name","Awesome skies.","~:description","Meet and greet with fanatical sky divers."],
            "~:relationships",["^ "]],"~:meta",["^ "],"~:included",[]]"#;
        let expected = Value::map([
            (
                "data",
                Value::map([
                    ("id", uuid("5a8e0b16-43b0-4b2f-9a3c-2b3ab86e6a13")),
                    ("type", kw("marketplace")),
                    (
                        "attributes",
                        Value::map([
                            ("name", s("Awesome skies.")),
                            (
                                "description",
                                s("Meet and greet with fanatical sky divers."),
                            ),
                        ]),
                    ),
                    ("relationships", Value::Map(vec![])),
                ]),
            ),
            ("meta", Value::Map(vec![])),
            ("included", Value::Array(vec![])),
        ]);
        assert_eq!(decode(text), Ok(expected));
    }

    #[test]
    fn decodes_the_error_envelope_with_a_cached_key() {
        let text = r#"["^ ","~:errors",[["^ ","~:id","~u57b3f476-19a0-4e07-9a44-923d9dbbe361","~:status",400,
            "~:code","bad-request","~:title","Bad request",
            "~:details",["^ ","~:error",["^ ","~:body-params",["^ ","^4","missing-required-key",
            "~:description","missing-required-key","~:address","missing-required-key",
            "~:geolocation","missing-required-key"]]]]]]"#;
        let missing = || s("missing-required-key");
        let expected = Value::map([(
            "errors",
            Value::Array(vec![Value::map([
                ("id", uuid("57b3f476-19a0-4e07-9a44-923d9dbbe361")),
                ("status", Value::Int(400)),
                ("code", s("bad-request")),
                ("title", s("Bad request")),
                (
                    "details",
                    Value::map([(
                        "error",
                        Value::map([(
                            "body-params",
                            Value::map([
                                ("title", missing()),
                                ("description", missing()),
                                ("address", missing()),
                                ("geolocation", missing()),
                            ]),
                        )]),
                    )]),
                ),
            ])]),
        )]);
        assert_eq!(decode(text), Ok(expected));
    }

    #[test]
    fn decodes_own_listing_create_with_money_and_geo() {
        let text = r#"["^ ","~:data",["^ ","~:id","~u58c660f5-a39a-49a5-9270-8a917b7d6c9e","~:type","~:ownListing",
            "~:attributes",["^ ","~:title","Pelago bike","~:description","City bike for city hipster!",
            "~:price",["~#mn",[12000,"USD"]],"~:address","Bulevardi 14, 00200 Helsinki, Finland",
            "~:geolocation",["~#geo",[40.0,73.0]]]]]"#;
        let v = decode(text).unwrap();
        let data = v.get("data").unwrap();
        assert_eq!(data.get("type"), Some(&kw("ownListing")));
        let attributes = data.get("attributes").unwrap();
        assert_eq!(attributes.get("price"), Some(&money(12000, "USD")));
        assert_eq!(
            attributes.get("geolocation"),
            Some(&Value::LatLng {
                lat: 40.0,
                lng: 73.0
            })
        );
        assert_eq!(
            attributes.get("address"),
            Some(&s("Bulevardi 14, 00200 Helsinki, Finland"))
        );
    }

    #[test]
    fn decodes_a_verbose_transaction() {
        let text = r#"{"~:data":{"~:id":"~u6787a1b2-0000-4000-8000-000000000001","~:type":"~:transaction","~:attributes":{
            "~:processName":"~:default-booking-process","~:processVersion":26,
            "~:createdAt":"~t2025-01-15T06:55:19.845Z","~:lastTransition":"~:transition/withdraw",
            "~:payinTotal":{"~#mn":[4000,"EUR"]},"~:payoutTotal":{"~#mn":[0,"EUR"]},
            "~:lineItems":[{"~:code":"~:line-item/night","~:unitPrice":{"~#mn":[2000,"EUR"]},
               "~:lineTotal":{"~#mn":[4000,"EUR"]},"~:quantity":"~f2","~:reversal":false,
               "~:includeFor":{"~#set":["~:customer"]}}],
            "~:protectedData":{},"~:metadata":{},"~:transitions":[],
            "~:permissions":{"~:read":"~:permission/allow","~:postListings":"~:permission/deny"}}}}"#;
        let expected = Value::map([(
            "data",
            Value::map([
                ("id", uuid("6787a1b2-0000-4000-8000-000000000001")),
                ("type", kw("transaction")),
                (
                    "attributes",
                    Value::map([
                        ("processName", kw("default-booking-process")),
                        ("processVersion", Value::Int(26)),
                        ("createdAt", Value::Instant(1_736_924_119_845)),
                        ("lastTransition", kw("transition/withdraw")),
                        ("payinTotal", money(4000, "EUR")),
                        ("payoutTotal", money(0, "EUR")),
                        (
                            "lineItems",
                            Value::Array(vec![Value::map([
                                ("code", kw("line-item/night")),
                                ("unitPrice", money(2000, "EUR")),
                                ("lineTotal", money(4000, "EUR")),
                                ("quantity", Value::BigDecimal("2".into())),
                                ("reversal", Value::Bool(false)),
                                ("includeFor", Value::Array(vec![kw("customer")])),
                            ])]),
                        ),
                        ("protectedData", Value::Map(vec![])),
                        ("metadata", Value::Map(vec![])),
                        ("transitions", Value::Array(vec![])),
                        (
                            "permissions",
                            Value::map([
                                ("read", kw("permission/allow")),
                                ("postListings", kw("permission/deny")),
                            ]),
                        ),
                    ]),
                ),
            ]),
        )]);
        assert_eq!(decode(text), Ok(expected));
    }

    #[test]
    fn decodes_every_scalar_tag() {
        let text = r#"["~m1700000000123","~t2023-11-14T22:13:20.123Z","~i42","~i12345678901234567890",
            "~n7","~d1.5","~?t","~?f","~_","~zNaN","~zINF","~z-INF","~$sym","~rhttp://x","~cA",
            "~~tilde","~^caret","~`tick","~xunknown","^ ","~","plain",
            ["~#'","quoted"],["~#list",[1,2]],["~#set",[]],["~#u","5e1f2086"],
            ["~#cmap",[["^ ","~:x",1],"a",2,"b"]],["~#unknown",["^ ","~:a",1]]]"#;
        let Value::Array(items) = decode(text).unwrap() else {
            panic!("not an array")
        };
        let expected = [
            Value::Instant(1_700_000_000_123),
            Value::Instant(1_700_000_000_123),
            Value::Int(42),
            s("12345678901234567890"),
            Value::Int(7),
            Value::Float(1.5),
            Value::Bool(true),
            Value::Bool(false),
            Value::Null,
        ];
        assert_eq!(items[..9], expected);
        assert!(matches!(items[9], Value::Float(f) if f.is_nan()));
        assert_eq!(items[10], Value::Float(f64::INFINITY));
        assert_eq!(items[11], Value::Float(f64::NEG_INFINITY));
        let rest = [
            s("sym"),
            s("http://x"),
            s("A"),
            s("~tilde"),
            s("^caret"),
            s("`tick"),
            s("unknown"),
            s("^ "),
            s("~"),
            s("plain"),
            s("quoted"),
            Value::Array(vec![Value::Int(1), Value::Int(2)]),
            Value::Array(vec![]),
            uuid("5e1f2086"),
            Value::map([(r#"{"x":1}"#, s("a")), ("2", s("b"))]),
            Value::map([("a", Value::Int(1))]),
        ];
        assert_eq!(items[12..], rest);
    }

    #[test]
    fn decodes_top_level_quoted_scalars_in_both_forms() {
        assert_eq!(decode(r#"["~#'","~ux"]"#), Ok(uuid("x")));
        assert_eq!(decode(r#"{"~#'":"~m5"}"#), Ok(Value::Instant(5)));
        assert_eq!(decode(r#"["~#'",null]"#), Ok(Value::Null));
        assert_eq!(decode("12"), Ok(Value::Int(12)));
    }

    #[test]
    fn cached_tags_keywords_and_values_resolve() {
        // `~#mn` (4 chars) and `~:listing` are cached where they appear as values; `~:id` as a key.
        let text = r#"[["~#mn",[1,"EUR"]],["^0",[2,"USD"]],"~:listing","^1",["^ ","~:id","^1","~:name","^2"]]"#;
        assert_eq!(
            decode(text),
            Ok(Value::Array(vec![
                money(1, "EUR"),
                money(2, "USD"),
                kw("listing"),
                kw("listing"),
                // A key read back as a value is a keyword.
                Value::map([("id", kw("listing")), ("name", kw("id"))]),
            ]))
        );
        // In a tag's payload a pair is not a tagged value: transit-js keeps the tag as text.
        assert_eq!(
            decode(r#"["~#list",["~#geo",[1,2]]]"#),
            Ok(Value::Array(vec![
                s("~#geo"),
                Value::Array(vec![Value::Int(1), Value::Int(2)])
            ]))
        );
        // A two-element array starting with a keyword is an array, and caches the keyword once.
        assert_eq!(
            decode(r#"["^ ","~:aaaa",["~:bbbb","^1"],"~:cccc","^1"]"#),
            Ok(Value::map([
                ("aaaa", Value::Array(vec![kw("bbbb"), kw("bbbb")])),
                ("cccc", kw("bbbb")),
            ]))
        );
    }

    #[test]
    fn cache_counts_utf16_units_like_js() {
        // "~:é" is 3 UTF-16 units (not cached) though 4 bytes; "~:😀" is 4 units (cached).
        let v = Value::Array(vec![
            Value::map([("é", Value::Int(1)), ("😀", Value::Int(2))]),
            Value::map([("é", Value::Int(3)), ("😀", Value::Int(4))]),
        ]);
        let text = encode(&v);
        assert_eq!(text, r#"[["^ ","~:é",1,"~:😀",2],["^ ","~:é",3,"^0",4]]"#);
        assert_eq!(decode(&text), Ok(v));
    }

    fn many_keys(count: usize) -> Value {
        Value::Map(
            (0..count)
                .map(|i| (format!("key{i}"), Value::Int(i as i64)))
                .collect(),
        )
    }

    #[test]
    fn cache_codes_switch_to_two_characters_at_entry_44() {
        let v = Value::Array(vec![many_keys(50), many_keys(50)]);
        let text = encode(&v);
        let second = &text[text.find("],[").unwrap()..];
        assert!(second.contains(r#""^[",43,"^10",44,"^11",45"#), "{second}");
        assert!(second.starts_with(r#"],["^ ","^0",0,"^1",1"#), "{second}");
        assert_eq!(decode(&text), Ok(v));
    }

    #[test]
    fn cache_starts_a_new_generation_after_44_times_44_entries() {
        // 2000 distinct keys overflow the 1936 codes; the repeat then spells out the first keys
        // again (new generation) and reuses the codes of the rest.
        let v = Value::Array(vec![many_keys(2000), many_keys(2000), many_keys(3)]);
        let text = encode(&v);
        assert_eq!(decode(&text), Ok(v.clone()));
        let second = &text[text.find("],[").unwrap()..];
        assert!(second.starts_with(r#"],["^ ","~:key0",0"#), "{second:.40}");
        // key1936..key1999 were written with codes 0..63 in the first map's new generation.
        assert!(text.contains(r#""~:key1936",1936,"~:key1937""#));
    }

    #[test]
    fn encodes_like_the_official_writer() {
        let v = Value::map([
            ("id", uuid("5e1f2086-522c-46f3-87b4-451c6770c833")),
            ("type", kw("listing")),
            ("price", money(12000, "USD")),
            ("other", money(500, "EUR")),
            (
                "geo",
                Value::LatLng {
                    lat: 40.0,
                    lng: -74.5,
                },
            ),
            ("quantity", Value::BigDecimal("2.5".into())),
            ("at", Value::Instant(1_700_000_000_123)),
            ("tilde", s("~abc")),
            ("caret", s("^ ")),
            ("tick", s("`q")),
            ("n", Value::Null),
            ("f", Value::Float(1.5)),
            ("nan", Value::Float(f64::NAN)),
            ("list", Value::Array(vec![kw("listing"), Value::Bool(true)])),
            (
                "bounds",
                Value::LatLngBounds {
                    ne: (1.5, 2.0),
                    sw: (-3.0, 4.0),
                },
            ),
        ]);
        assert_eq!(
            encode(&v),
            concat!(
                r#"["^ ","~:id","~u5e1f2086-522c-46f3-87b4-451c6770c833","~:type","~:listing","#,
                r#""~:price",["~#mn",[12000,"USD"]],"~:other",["^4",[500,"EUR"]],"#,
                r#""~:geo",["~#geo",[40,-74.5]],"~:quantity","~f2.5","~:at","~m1700000000123","#,
                r#""~:tilde","~~abc","~:caret","~^ ","~:tick","~`q","~:n",null,"~:f",1.5,"#,
                r#""~:nan","~zNaN","~:list",["^2",true],"#,
                r#""~:bounds",["^ ","~:_sdkType","LatLngBounds","~:ne",["^7",[1.5,2]],"~:sw",["^7",[-3,4]]]]"#
            )
        );
        assert_eq!(
            encode_verbose(&v),
            concat!(
                r#"{"~:id":"~u5e1f2086-522c-46f3-87b4-451c6770c833","~:type":"~:listing","#,
                r#""~:price":{"~#mn":[12000,"USD"]},"~:other":{"~#mn":[500,"EUR"]},"#,
                r#""~:geo":{"~#geo":[40,-74.5]},"~:quantity":"~f2.5","~:at":"~t2023-11-14T22:13:20.123Z","#,
                r#""~:tilde":"~~abc","~:caret":"~^ ","~:tick":"~`q","~:n":null,"~:f":1.5,"#,
                r#""~:nan":"~zNaN","~:list":["~:listing",true],"#,
                r#""~:bounds":{"~:_sdkType":"LatLngBounds","~:ne":{"~#geo":[1.5,2]},"~:sw":{"~#geo":[-3,4]}}}"#
            )
        );
    }

    #[test]
    fn quotes_top_level_scalars() {
        assert_eq!(encode(&s("str")), r#"["~#'","str"]"#);
        assert_eq!(encode(&Value::Null), r#"["~#'",null]"#);
        assert_eq!(encode(&uuid("x")), r#"["~#'","~ux"]"#);
        assert_eq!(encode(&kw("abcd")), r#"["~#'","~:abcd"]"#);
        assert_eq!(encode(&money(1, "USD")), r#"["~#mn",[1,"USD"]]"#);
        assert_eq!(
            encode_verbose(&Value::Instant(5)),
            r#"{"~#'":"~t1970-01-01T00:00:00.005Z"}"#
        );
        assert_eq!(
            encode_verbose(&Value::Instant(253_402_300_800_000)),
            r#"{"~#'":"~m253402300800000"}"#
        );
        assert_eq!(encode(&Value::Array(vec![])), "[]");
        assert_eq!(encode(&Value::Map(vec![])), r#"["^ "]"#);
        assert_eq!(encode_verbose(&Value::Map(vec![])), "{}");
    }

    #[test]
    fn round_trips_every_value_kind_in_both_forms() {
        let inner = Value::map([
            ("title", s("Ünïcödé 😀 \"quoted\" \\ \n\t\u{1}")),
            ("~weird", s("~:not a keyword")),
            ("^caret", s("^0")),
            ("`tick", s("`")),
            ("", s("")),
        ]);
        let v = Value::map([
            ("null", Value::Null),
            (
                "bools",
                Value::Array(vec![Value::Bool(true), Value::Bool(false)]),
            ),
            (
                "ints",
                Value::Array(vec![Value::Int(0), Value::Int(-5), Value::Int(i64::MAX)]),
            ),
            (
                "floats",
                Value::Array(vec![Value::Float(0.1), Value::Float(-1e300)]),
            ),
            ("keyword", kw("transition/request-payment")),
            ("uuid", uuid("9009efe1-25ec-4ed5-9413-e80c584ff6bf")),
            (
                "geo",
                Value::LatLng {
                    lat: 60.17,
                    lng: 24.94,
                },
            ),
            (
                "bounds",
                Value::LatLngBounds {
                    ne: (60.5, 25.5),
                    sw: (59.5, 24.5),
                },
            ),
            ("money", money(-12, "JPY")),
            ("decimal", Value::BigDecimal("-0.000001".into())),
            (
                "instants",
                Value::Array(vec![
                    Value::Instant(0),
                    Value::Instant(-1),
                    Value::Instant(1_736_924_119_845),
                ]),
            ),
            (
                "nested",
                Value::Array(vec![
                    Value::Array(vec![Value::Array(vec![inner.clone()])]),
                    inner.clone(),
                ]),
            ),
            ("repeat", Value::Array(vec![inner.clone(), inner])),
        ]);
        assert_eq!(decode(&encode(&v)), Ok(v.clone()));
        assert_eq!(decode(&encode_verbose(&v)), Ok(v.clone()));
        for scalar in [
            Value::Null,
            s("~x"),
            kw("k"),
            Value::Instant(-62_198_755_200_000),
            Value::Float(2.5),
        ] {
            assert_eq!(decode(&encode(&scalar)), Ok(scalar.clone()));
            assert_eq!(decode(&encode_verbose(&scalar)), Ok(scalar));
        }
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let cases = [
            "",
            "[",
            r#"["^ ","~:a"]"#,
            r#""^0""#,
            r#"["^ ","^5",1]"#,
            r#""^""#,
            r#""^zzzz""#,
            r#""~mnot-a-number""#,
            r#""~t2025-99-99""#,
            r#""~dabc""#,
            r#""~zWHAT""#,
            r#"["~#geo",[1]]"#,
            r#"["~#geo","x"]"#,
            r#"["~#geo",["a","b"]]"#,
            r#"["~#mn",[1.5,"EUR"]]"#,
            r#"["~#mn",[1]]"#,
            r#"{"~#mn":null}"#,
        ];
        for text in cases {
            let err = decode(text).expect_err(text);
            assert!(!err.0.is_empty(), "{text}");
        }
        // Odd-but-valid shapes decode without panicking.
        for text in [
            r#"["~#cmap",[1]]"#,
            r#"["~#set","x"]"#,
            r#"{"~#foo":[1]}"#,
            r#"["^ "]"#,
        ] {
            assert!(decode(text).is_ok(), "{text}");
        }
        let err = decode(r#"["^ ","^5",1]"#).unwrap_err();
        assert!(
            err.to_string().contains("unknown cache reference `^5`"),
            "{err}"
        );
    }
}

/// Round trips against the official SDK's codec, run by `tests/node/transit_peer.mjs` (see the
/// protocol there): values written by the official writer must decode to what they stand for
/// and equal our own encoding byte for byte; our encodings must read back in the official
/// reader as the values we wrote.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod peer_tests {
    use super::*;
    use std::io::Write;
    use std::path::Path;
    use std::process::{Command, Stdio};

    /// Sends `request` (a neutral-form JSON object) to the Node peer and parses its answer.
    fn ask_peer(request: &Value) -> Value {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/node");
        assert!(
            dir.join("node_modules/sharetribe-flex-sdk").is_dir(),
            "tests/node/node_modules is missing: run `cargo xtask setup` (or `npm ci` in tests/node)"
        );
        let mut child = Command::new("node")
            .arg(dir.join("transit_peer.mjs"))
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("could not start `node`: the Transit peer test needs Node.js on PATH");
        let input = json::write(request);
        let mut stdin = child.stdin.take().unwrap();
        // Write from a thread so a large answer cannot deadlock against a full stdin pipe.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        assert!(
            output.status.success(),
            "transit_peer.mjs failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        json::parse(core::str::from_utf8(&output.stdout).unwrap()).expect("peer answer is JSON")
    }

    /// Fails with the neighbourhood of the first difference between two texts, so that a
    /// mismatch in a large document stays readable.
    fn assert_same_text(ours: &str, theirs: &str, what: &str) {
        if ours == theirs {
            return;
        }
        let at = ours
            .char_indices()
            .zip(theirs.chars())
            .find(|((_, a), b)| a != b)
            .map_or(ours.len().min(theirs.len()), |((i, _), _)| i);
        let around = |t: &str| -> String {
            let mut start = at.saturating_sub(80).min(t.len());
            while !t.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (at + 80).min(t.len());
            while !t.is_char_boundary(end) {
                end += 1;
            }
            t[start..end].to_owned()
        };
        panic!(
            "{what}: texts differ at byte {at}\n ours: …{}…\ntheirs: …{}…",
            around(ours),
            around(theirs)
        );
    }

    /// Compares values through their JSON text (instants and SDK types included).
    fn assert_same_value(got: &Value, expected: &Value, what: &str) {
        if got != expected {
            assert_same_text(&json::write(got), &json::write(expected), what);
            panic!("{what}: {got:?} != {expected:?}");
        }
    }

    fn tagged(tag: &str, rep: Value) -> Value {
        Value::map([(tag, rep)])
    }

    fn pair(a: f64, b: f64) -> Value {
        Value::Array(vec![Value::Float(a), Value::Float(b)])
    }

    /// The neutral form of `v`; keywords become strings, as JS has none.
    fn to_neutral(v: &Value) -> Value {
        match v {
            Value::Keyword(s) => Value::String(s.clone()),
            Value::Uuid(u) => tagged("$uuid", Value::String(u.clone())),
            Value::LatLng { lat, lng } => tagged("$latlng", pair(*lat, *lng)),
            Value::LatLngBounds { ne, sw } => tagged(
                "$bounds",
                Value::Array(vec![pair(ne.0, ne.1), pair(sw.0, sw.1)]),
            ),
            Value::Money { amount, currency } => tagged(
                "$money",
                Value::Array(vec![Value::Int(*amount), Value::String(currency.clone())]),
            ),
            Value::BigDecimal(d) => tagged("$decimal", Value::String(d.clone())),
            Value::Instant(ms) => tagged("$date", Value::Int(*ms)),
            Value::Array(items) => Value::Array(items.iter().map(to_neutral).collect()),
            Value::Map(entries) => {
                let map = Value::Map(
                    entries
                        .iter()
                        .map(|(k, v)| (k.clone(), to_neutral(v)))
                        .collect(),
                );
                match entries.as_slice() {
                    [(k, _)] if k.starts_with('$') => tagged("$map", map),
                    _ => map,
                }
            }
            other => other.clone(),
        }
    }

    fn from_neutral(n: Value) -> Value {
        let float = |v: &Value| match *v {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            ref other => panic!("not a number: {other:?}"),
        };
        let point = |v: &Value| match v {
            Value::Array(p) => (float(&p[0]), float(&p[1])),
            other => panic!("not a point: {other:?}"),
        };
        match n {
            Value::Array(items) => Value::Array(items.into_iter().map(from_neutral).collect()),
            Value::Map(mut entries) => {
                if entries.len() == 1 && entries[0].0.starts_with('$') {
                    let (tag, rep) = entries.pop().unwrap();
                    return match (tag.as_str(), rep) {
                        ("$uuid", Value::String(u)) => Value::Uuid(u),
                        ("$decimal", Value::String(d)) => Value::BigDecimal(d),
                        ("$date", ms) => Value::Instant(ms.as_i64().unwrap()),
                        ("$latlng", p) => {
                            let (lat, lng) = point(&p);
                            Value::LatLng { lat, lng }
                        }
                        ("$bounds", Value::Array(b)) => Value::LatLngBounds {
                            ne: point(&b[0]),
                            sw: point(&b[1]),
                        },
                        ("$money", Value::Array(m)) => Value::Money {
                            amount: m[0].as_i64().unwrap(),
                            currency: m[1].as_str().unwrap().to_owned(),
                        },
                        ("$map", map) => from_neutral(map),
                        (tag, rep) => panic!("unknown neutral form {tag}: {rep:?}"),
                    };
                }
                Value::Map(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k, from_neutral(v)))
                        .collect(),
                )
            }
            other => other,
        }
    }

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    fn keyed(prefix: &str, count: usize, value: impl Fn(usize) -> Value) -> Value {
        Value::Map(
            (0..count)
                .map(|i| (format!("{prefix}{i}"), value(i)))
                .collect(),
        )
    }

    /// Values JS can express exactly: no keywords, no integral floats outside SDK types, no
    /// integer-like map keys (JS puts those first), no integers beyond 2^53.
    fn js_expressible_cases() -> Vec<Value> {
        let listing = Value::map([
            (
                "id",
                Value::Uuid("9009efe1-25ec-4ed5-9413-e80c584ff6bf".into()),
            ),
            ("type", s("listing")),
            (
                "attributes",
                Value::map([
                    ("title", s("Nishiki 401")),
                    (
                        "price",
                        Value::Money {
                            amount: 12000,
                            currency: "USD".into(),
                        },
                    ),
                    (
                        "geolocation",
                        Value::LatLng {
                            lat: 40.64542,
                            lng: -74.08508,
                        },
                    ),
                    ("quantity", Value::BigDecimal("2.50".into())),
                    ("createdAt", Value::Instant(1_736_924_119_845)),
                    ("deleted", Value::Bool(false)),
                    ("rating", Value::Float(4.75)),
                    ("stock", Value::Int(-3)),
                    ("nothing", Value::Null),
                    (
                        "bounds",
                        Value::LatLngBounds {
                            ne: (60.5, 25.25),
                            sw: (-59.5, 24.0),
                        },
                    ),
                    (
                        "other",
                        Value::Money {
                            amount: 0,
                            currency: "EUR".into(),
                        },
                    ),
                    (
                        "home",
                        Value::LatLng {
                            lat: 0.5,
                            lng: 1e-7,
                        },
                    ),
                ]),
            ),
        ]);
        let strings = Value::map([
            ("plain", s("héllo wörld")),
            ("astral", s("😀 emoji and 日本語")),
            ("tilde", s("~tilde")),
            ("caret", s("^caret")),
            ("mapMarker", s("^ ")),
            ("cacheLike", s("^0")),
            ("tick", s("`tick")),
            ("fakeKeyword", s("~:not-a-keyword")),
            ("fakeTag", s("~#geo")),
            (
                "escapes",
                s("quote\" backslash\\ newline\n tab\t nul\u{0} sep\u{2028}"),
            ),
            ("é", s("one unit key")),
            ("😀", s("two unit key")),
            ("日本", s("cached key")),
            ("~key", s("tilde key")),
            ("^key", s("caret key")),
            ("", s("empty key")),
        ]);
        let nested = Value::Array(vec![
            Value::Array(vec![Value::Array(vec![
                Value::Int(1),
                Value::Array(vec![]),
            ])]),
            Value::Array(vec![strings.clone(), strings.clone()]),
            Value::Map(vec![]),
            Value::Array(vec![Value::map([(
                "inner",
                Value::Array(vec![listing.clone()]),
            )])]),
        ]);
        vec![
            listing.clone(),
            Value::Array(vec![listing.clone(), listing]),
            strings,
            nested,
            // Past 44 cache entries: two-character codes.
            Value::Array(vec![
                keyed("field", 60, |i| Value::Int(i as i64)),
                keyed("field", 60, |i| {
                    keyed("sub", 2, move |j| Value::Int((i * j) as i64))
                }),
            ]),
            // Past 44×44 entries: the cache starts a new generation.
            Value::Array(vec![
                keyed("k", 2000, |i| Value::Int(i as i64)),
                keyed("k", 2000, |_| Value::Null),
                keyed("k", 5, |_| Value::LatLng { lat: 1.5, lng: 2.5 }),
            ]),
            Value::Array(
                (0..50)
                    .map(|i| Value::Money {
                        amount: i,
                        currency: "USD".into(),
                    })
                    .collect(),
            ),
            Value::Array(vec![
                Value::Instant(0),
                Value::Instant(-1),
                Value::Instant(-86_400_000 * 365 * 100),
                Value::Instant(4_102_444_800_000),
            ]),
            // Top-level scalars are quoted; tagged composites are not.
            s("top"),
            s("~top"),
            Value::Int(7),
            Value::Float(0.1),
            Value::Null,
            Value::Bool(true),
            Value::Uuid("5e1f2086-522c-46f3-87b4-451c6770c833".into()),
            Value::Instant(1_700_000_000_123),
            Value::BigDecimal("-1.000".into()),
            Value::Money {
                amount: 9_007_199_254_740_991,
                currency: "JPY".into(),
            },
            Value::LatLng {
                lat: -33.5,
                lng: 151.25,
            },
            Value::Array(vec![]),
            Value::Map(vec![]),
            Value::map([("$uuid", s("a map, not a UUID"))]),
        ]
    }

    #[test]
    #[ignore = "needs cargo xtask setup"]
    fn official_writer_output_decodes_and_equals_our_encoding() {
        let cases = js_expressible_cases();
        let request = Value::map([(
            "values",
            Value::Array(cases.iter().map(to_neutral).collect()),
        )]);
        let answer = ask_peer(&request);
        let Some(Value::Array(written)) = answer.get("written") else {
            panic!("no `written` in the peer's answer")
        };
        assert_eq!(written.len(), cases.len());
        for (case, pair) in cases.iter().zip(written) {
            let (Some(Value::String(official)), Some(Value::String(official_verbose))) =
                (pair.get_index(0), pair.get_index(1))
            else {
                panic!("bad pair {pair:?}")
            };
            for (text, form) in [(official, "non-verbose"), (official_verbose, "verbose")] {
                match decode(text) {
                    Ok(got) => assert_same_value(&got, case, &format!("decoding official {form}")),
                    Err(e) => panic!("decoding official {form} {text:.200}: {e}"),
                }
            }
            assert_same_text(&encode(case), official, "encode vs official writer");
            assert_same_text(
                &encode_verbose(case),
                official_verbose,
                "encode_verbose vs official writer",
            );
        }
    }

    #[test]
    #[ignore = "needs cargo xtask setup"]
    fn official_reader_reads_our_encodings() {
        let mut cases = js_expressible_cases();
        // Keywords read back as plain strings in JS; they are cached like keys.
        cases.push(Value::map([
            ("type", Value::Keyword("listing".into())),
            (
                "transition",
                Value::Keyword("transition/request-payment".into()),
            ),
            (
                "again",
                Value::Array(vec![Value::Keyword("listing".into()); 3]),
            ),
            ("listing", Value::Keyword("type".into())),
            ("short", Value::Keyword("ab".into())),
        ]));
        cases.push(Value::Keyword("top-level".into()));
        cases.push(Value::Array(
            (0..100)
                .map(|i| Value::Keyword(format!("keyword{i}")))
                .chain((0..100).map(|i| Value::Keyword(format!("keyword{i}"))))
                .collect(),
        ));
        cases.push(Value::Float(1e21));
        cases.push(Value::Float(-2.5e-8));
        cases.push(Value::Instant(253_402_300_800_000));

        let mut documents = Vec::new();
        for case in &cases {
            documents.push(Value::String(encode(case)));
            documents.push(Value::String(encode_verbose(case)));
        }
        let answer = ask_peer(&Value::map([("documents", Value::Array(documents))]));
        let Some(Value::Array(read)) = answer.get("read") else {
            panic!("no `read` in the peer's answer")
        };
        assert_eq!(read.len(), cases.len() * 2);
        for (i, case) in cases.iter().enumerate() {
            let expected = from_neutral(to_neutral(case));
            for (j, form) in [(0, "encode"), (1, "encode_verbose")] {
                let got = from_neutral(read[2 * i + j].clone());
                assert_same_value(
                    &got,
                    &expected,
                    &format!("official reader on {form} output"),
                );
            }
        }
    }

    trait Index {
        fn get_index(&self, i: usize) -> Option<&Value>;
    }

    impl Index for Value {
        fn get_index(&self, i: usize) -> Option<&Value> {
            match self {
                Value::Array(items) => items.get(i),
                _ => None,
            }
        }
    }
}
