//! The number type of the core's values ([`Num`]): `f64` natively, where the sandbox and the
//! tests compute with numbers, and [`NumText`] in the wasm build, where the SDK only passes
//! numbers on (into query strings, Transit and JSON bodies). JS writes every number it hands
//! over as `String(n)`, which is exactly the text those formats need, so the wasm keeps that
//! text and links neither a float parser nor a float formatter. Integers (`Value::Int`) are
//! parsed everywhere: the core decides on them (page sizes, timeouts, token lifetimes).
//!
//! Both implement [`JsNumber`]; the tests below require them to agree on every JS number text.

use crate::js_number;
use crate::prelude::*;
use crate::text;

/// The number of [`crate::value::Value::Float`] and of the coordinates of a `LatLng`.
#[cfg(not(target_arch = "wasm32"))]
pub type Num = f64;
/// The number of [`crate::value::Value::Float`] and of the coordinates of a `LatLng`.
#[cfg(target_arch = "wasm32")]
pub type Num = NumText;

/// What the core does with a non-integer number.
pub trait JsNumber: Sized + Clone + PartialEq + core::fmt::Debug {
    /// The number of a JSON number or JS `String(n)` text (`1.5`, `-2.5e-7`, `1e+21`); `None`
    /// when `text` is no number. `NaN`, `Infinity` and `-Infinity` are accepted as JS writes them.
    fn from_text(text: &str) -> Option<Self>;
    /// The number of an integer.
    fn from_i64(i: i64) -> Self;
    /// The value when it is a whole number a JS number holds exactly (|n| < 2^53).
    fn to_i64(&self) -> Option<i64>;
    /// Appends the number as JS `String(n)` writes it (`NaN`, `Infinity` for non-finite ones).
    fn write_js(&self, out: &mut String);
    /// Appends the number as `JSON.stringify` writes it: `null` for non-finite ones.
    fn write_json(&self, out: &mut String);
    /// Appends the number as transit-js writes it: `"~zNaN"`, `"~zINF"`, `"~z-INF"` for
    /// non-finite ones, else as in JSON.
    fn write_transit(&self, out: &mut String);
    /// A copy (`f64` is `Copy`, the text is not; one name for both).
    fn duplicate(&self) -> Self {
        self.clone()
    }
}

/// The largest whole number a JS number holds exactly, plus one.
const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

impl JsNumber for f64 {
    fn from_text(text: &str) -> Option<f64> {
        match text {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ if is_number_text(text) => text.parse().ok(),
            _ => None,
        }
    }

    fn from_i64(i: i64) -> f64 {
        i as f64
    }

    fn to_i64(&self) -> Option<i64> {
        // Below 2^53 the cast is exact for a whole number and truncates any other (`fract` and
        // the like need `std`); NaN fails the range check.
        let whole = *self as i64;
        (self.abs() < EXACT_LIMIT && whole as f64 == *self).then_some(whole)
    }

    fn write_js(&self, out: &mut String) {
        crate::js_number::write(out, *self);
    }

    fn write_json(&self, out: &mut String) {
        js_number::write_float(out, *self);
    }

    fn write_transit(&self, out: &mut String) {
        if self.is_nan() {
            out.push_str("\"~zNaN\"");
        } else if self.is_infinite() {
            out.push_str(if *self > 0.0 {
                "\"~zINF\""
            } else {
                "\"~z-INF\""
            });
        } else {
            js_number::write_float(out, *self);
        }
    }
}

/// A number kept as the text JS wrote for it (`String(n)`), or the text of a JSON number.
#[derive(Debug, Clone, PartialEq)]
pub struct NumText(String);

impl NumText {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn is_finite(&self) -> bool {
        !matches!(self.0.as_str(), "NaN" | "Infinity" | "-Infinity")
    }
}

impl JsNumber for NumText {
    fn from_text(text: &str) -> Option<NumText> {
        let known = matches!(text, "NaN" | "Infinity" | "-Infinity") || is_number_text(text);
        known.then(|| NumText(text.to_owned()))
    }

    fn from_i64(i: i64) -> NumText {
        let mut text = String::new();
        text::push_int(&mut text, i);
        NumText(text)
    }

    /// Whole numbers written plainly (`12`, `-3.000`): JS writes no other whole number below
    /// 2^53 in a way this could miss (`String(n)` uses no exponent below 1e21).
    fn to_i64(&self) -> Option<i64> {
        let (whole, fraction) = self.0.split_once('.').unwrap_or((&self.0, ""));
        if !fraction.bytes().all(|b| b == b'0') {
            return None;
        }
        let i = text::parse_int(whole)?;
        (i.unsigned_abs() < 1 << 53).then_some(i)
    }

    fn write_js(&self, out: &mut String) {
        out.push_str(&self.0);
    }

    fn write_json(&self, out: &mut String) {
        if self.is_finite() {
            out.push_str(&self.0);
        } else {
            out.push_str("null");
        }
    }

    fn write_transit(&self, out: &mut String) {
        match self.0.as_str() {
            "NaN" => out.push_str("\"~zNaN\""),
            "Infinity" => out.push_str("\"~zINF\""),
            "-Infinity" => out.push_str("\"~z-INF\""),
            text => out.push_str(text),
        }
    }
}

/// Whether `text` is a JSON number (`-`? digits, `.digits`?, exponent?) or a JS `String(n)` of a
/// finite number (the same, with `e+` exponents).
fn is_number_text(text: &str) -> bool {
    let b = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = digits(0);
    if whole == 0 {
        return false;
    }
    let mut i = whole;
    if b.get(i) == Some(&b'.') {
        let fraction = digits(i + 1);
        if fraction == 0 {
            return false;
        }
        i += 1 + fraction;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exponent = digits(i);
        if exponent == 0 {
            return false;
        }
        i += exponent;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers as JS `String(n)` writes them (what the JS layer hands over), from
    /// `js_number`'s formatter over a spread of magnitudes.
    fn js_texts() -> Vec<String> {
        let mut numbers = vec![
            0.1,
            -0.5,
            1.5e-7,
            1e21,
            -2.5e22,
            123_456_789.125,
            0.1 + 0.2,
            5e-324,
            f64::MAX,
            2f64.powi(60),
            -(2f64.powi(53)),
            40.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            numbers.push(f64::from_bits(state));
        }
        numbers
            .iter()
            .map(|&n| crate::js_number::to_string(n))
            .collect()
    }

    #[test]
    fn the_text_and_the_float_write_the_same_for_every_js_number() {
        for text in js_texts() {
            let float = f64::from_text(&text).unwrap_or_else(|| panic!("{text}"));
            let kept = NumText::from_text(&text).unwrap();
            let both = |write: &dyn Fn(&mut String, bool)| {
                let (mut a, mut b) = (String::new(), String::new());
                write(&mut a, true);
                write(&mut b, false);
                (a, b)
            };
            let (a, b) = both(&|out, f| {
                if f {
                    float.write_js(out)
                } else {
                    kept.write_js(out)
                }
            });
            assert_eq!(a, b, "String(n) of {text}");
            let (a, b) = both(&|out, f| {
                if f {
                    float.write_json(out)
                } else {
                    kept.write_json(out)
                }
            });
            assert_eq!(a, b, "JSON of {text}");
            let (a, b) = both(&|out, f| {
                if f {
                    float.write_transit(out)
                } else {
                    kept.write_transit(out)
                }
            });
            assert_eq!(a, b, "Transit of {text}");
            assert_eq!(float.to_i64(), kept.to_i64(), "integer of {text}");
        }
    }

    #[test]
    fn whole_numbers_and_bad_text() {
        for (text, whole) in [
            ("12", Some(12)),
            ("-3.000", Some(-3)),
            ("2.5", None),
            ("1e+21", None),
        ] {
            assert_eq!(NumText::from_text(text).unwrap().to_i64(), whole, "{text}");
            assert_eq!(f64::from_text(text).unwrap().to_i64(), whole, "{text}");
        }
        assert_eq!(NumText::from_i64(-42).as_str(), "-42");
        for bad in ["", "-", "1.", ".5", "1e", "+1", "0x10", "inf", "1_0"] {
            assert!(NumText::from_text(bad).is_none(), "{bad}");
            assert!(f64::from_text(bad).is_none(), "{bad}");
        }
    }
}
