//! Numbers as JavaScript's `String(n)` writes them (`Number.prototype.toString`), the one
//! formatter of the core: JSON and Transit bodies, query strings and multipart fields all
//! print floats through it, so that the text is what the official SDK would have sent.

use crate::prelude::*;

/// Appends `n` as JS `String(n)` writes it: the shortest digits that read back as the same
/// number, plain notation for 1e-6 ≤ |n| < 1e21, exponent notation (`1e+21`, `1.5e-7`) outside
/// it, `0` for -0, and `NaN` / `Infinity` / `-Infinity`.
pub fn write(out: &mut String, n: f64) {
    if n.is_nan() {
        out.push_str("NaN");
    } else if n.is_infinite() {
        out.push_str(if n > 0.0 { "Infinity" } else { "-Infinity" });
    } else if n == 0.0 {
        out.push('0');
    } else {
        write_finite(out, n);
    }
}

/// Appends a float so that JS `JSON.parse` gives back the same number: the shortest text that
/// round-trips, integral values without a fraction (`40`), exponent form outside the range where
/// JS itself would print plain digits. NaN and infinities are written as `null`.
pub fn write_float(out: &mut String, value: f64) {
    if !value.is_finite() {
        out.push_str("null");
    } else if value == 0.0 {
        // Also for -0.0, as `JSON.stringify(-0)` does.
        out.push('0');
    } else {
        write_finite(out, value);
    }
}

/// `n` as JS `String(n)` writes it (see [`write`]).
pub fn to_string(n: f64) -> String {
    let mut out = String::new();
    write(&mut out, n);
    out
}

/// Appends a finite, non-zero `value` as JS `Number.prototype.toString` writes it: the shortest
/// digits that read back exactly, in plain notation from 1e-6 up to 1e21 and as `1.5e+21` /
/// `1.5e-7` outside that range.
pub fn write_finite(out: &mut String, value: f64) {
    // ryu finds the shortest digits; the layout is JS's.
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(value.abs());
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = [whole, fraction].concat();
    // `digits` are the significant digits; the decimal point sits after `point` of them.
    let leading = all.bytes().take_while(|&b| b == b'0').count();
    let digits = all[leading..].trim_end_matches('0');
    let point = whole.len() as i32 + exponent - leading as i32;
    let count = digits.len() as i32;
    if value < 0.0 {
        out.push('-');
    }
    if count <= point && point <= 21 {
        out.push_str(digits);
        out.push_str(&"0".repeat((point - count) as usize));
    } else if 0 < point && point <= 21 {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    } else if -6 < point && point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-point) as usize));
        out.push_str(digits);
    } else {
        out.push_str(&digits[..1]);
        if count > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let exponent = point - 1;
        out.push_str(if exponent < 0 { "e-" } else { "e+" });
        write_exponent(out, exponent.unsigned_abs());
    }
}

/// Appends the decimal digits of an exponent (at most 324), without `core::fmt`'s code.
fn write_exponent(out: &mut String, n: u32) {
    if n >= 100 {
        out.push(char::from(b'0' + (n / 100) as u8));
    }
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_js_writes_them() {
        for (value, js) in [
            (1.0, "1"),
            (-2.5, "-2.5"),
            (0.1, "0.1"),
            (123.456, "123.456"),
            (40.64542, "40.64542"),
            (-74.08508, "-74.08508"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e21, "1.5e+21"),
            (1e-6, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (123456789012.0, "123456789012"),
            (0.000123, "0.000123"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (9007199254740993.0, "9007199254740992"),
        ] {
            let mut out = String::new();
            write_finite(&mut out, value);
            assert_eq!(out, js, "{value:?}");
        }
    }

    #[test]
    fn special_values_are_written_as_js_writes_them() {
        for (value, js) in [
            (0.0, "0"),
            (-0.0, "0"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (-1e21, "-1e+21"),
            (-1e-7, "-1e-7"),
        ] {
            assert_eq!(to_string(value), js, "{value:?}");
        }
    }
}

/// Compares the formatter with Node's `String(n)` on a few thousand numbers: plain `node`, no
/// packages, so it runs in every `cargo test` (and fails, saying so, where Node is missing).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod node_tests {
    use super::to_string;
    use std::process::Command;

    /// Numbers around every notation boundary, powers of ten and random bit patterns (a fixed
    /// xorshift seed, so a failure repeats).
    fn numbers() -> Vec<f64> {
        let mut numbers = Vec::new();
        for exponent in -330..=310 {
            let p = 10f64.powi(exponent);
            for m in [1.0, 1.5, 2.0, 9.999999999999999, 123.456] {
                numbers.push(m * p);
                numbers.push(-m * p);
            }
        }
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        while numbers.len() < 6000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let n = f64::from_bits(state);
            if n.is_finite() {
                numbers.push(n);
                // Also a number of everyday size with the same digits.
                numbers.push(n.abs().log10().fract() * 1000.0);
            }
        }
        numbers.extend([
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            f64::MAX,
            5e-324,
            1e21,
            1e-7,
            1e-6,
        ]);
        numbers
    }

    #[test]
    fn matches_node_string_of_n() {
        let numbers = numbers();
        // Bit patterns as hex, so the numbers reach Node exactly.
        let bits: Vec<String> = numbers
            .iter()
            .map(|n| format!("\"{:016x}\"", n.to_bits()))
            .collect();
        let script = format!(
            "const v = new DataView(new ArrayBuffer(8));\n\
             for (const h of [{}]) {{ v.setBigUint64(0, BigInt('0x' + h)); console.log(String(v.getFloat64(0))); }}",
            bits.join(",")
        );
        let output = Command::new("node")
            .args(["-e", &script])
            .output()
            .unwrap_or_else(|e| {
                panic!("this test compares with Node's String(n): `node` must be on PATH ({e})")
            });
        assert!(
            output.status.success(),
            "node failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let printed = String::from_utf8(output.stdout).expect("node printed UTF-8");
        let lines: Vec<&str> = printed.lines().collect();
        assert_eq!(lines.len(), numbers.len(), "node printed one line a number");
        let wrong: Vec<String> = numbers
            .iter()
            .zip(&lines)
            .filter(|(n, js)| to_string(**n) != **js)
            .map(|(n, js)| format!("{n:e}: ours {}, JS {js}", to_string(*n)))
            .collect();
        assert!(
            wrong.is_empty(),
            "{} of {} differ, e.g. {:?}",
            wrong.len(),
            numbers.len(),
            &wrong[..wrong.len().min(5)]
        );
    }
}
