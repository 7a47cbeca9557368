//! Instants as ISO-8601 text, as JS `Date` writes them (`toISOString`) and as the APIs and
//! callers spell them: the JSON writer, the Transit codec, query strings and the sandbox all
//! go through here.

use crate::prelude::*;

const MS_PER_DAY: i64 = 86_400_000;

/// Appends the instant `ms` (milliseconds since the Unix epoch) as ISO-8601 UTC text with
/// milliseconds, as JS `Date.prototype.toISOString` does: `2025-01-15T06:55:19.845Z`. Years
/// outside 0000–9999 use the expanded six-digit form with a sign (`+010000-01-01T…`).
pub fn write(out: &mut String, ms: i64) {
    let days = ms.div_euclid(MS_PER_DAY);
    let mut rest = ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    if (0..=9999).contains(&year) {
        push_padded(out, year, 4);
    } else {
        out.push(if year < 0 { '-' } else { '+' });
        push_padded(out, year.abs(), 6);
    }
    out.push('-');
    push_padded(out, month, 2);
    out.push('-');
    push_padded(out, day, 2);
    out.push('T');
    for (unit, width, sep) in [(3_600_000, 2, ':'), (60_000, 2, ':'), (1000, 2, '.')] {
        push_padded(out, rest / unit, width);
        out.push(sep);
        rest %= unit;
    }
    push_padded(out, rest, 3);
    out.push('Z');
}

/// Whether [`write`] writes `ms` with a plain four-digit year (0000–9999).
pub fn has_four_digit_year(ms: i64) -> bool {
    (0..=9999).contains(&civil_from_days(ms.div_euclid(MS_PER_DAY)).0)
}

/// Appends the non-negative `value` in decimal, left-padded with zeros to `width` digits.
fn push_padded(out: &mut String, value: i64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut rest = value.unsigned_abs();
    let mut start = digits.len();
    while rest > 0 || start == digits.len() {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    for _ in digits.len() - start..width {
        out.push('0');
    }
    for &d in &digits[start..] {
        out.push(char::from(d));
    }
}

/// Parses ISO-8601 date-time text into milliseconds since the Unix epoch: `YYYY-MM-DD`,
/// optionally followed by `THH:MM`, `:SS`, a fraction of a second (digits past milliseconds are
/// ignored) and a zone (`Z` or `±HH:MM`; none means UTC). Years may use the expanded `±YYYYYY`
/// form. Returns `None` for anything else, or for out-of-range fields.
pub fn parse(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let mut pos = 0;
    let number = |pos: &mut usize, width: usize| -> Option<i64> {
        let digits = b.get(*pos..*pos + width)?;
        let mut n = 0;
        for &d in digits {
            if !d.is_ascii_digit() {
                return None;
            }
            n = n * 10 + i64::from(d - b'0');
        }
        *pos += width;
        Some(n)
    };
    let expect =
        |pos: &mut usize, c: u8| -> Option<()> { (b.get(*pos) == Some(&c)).then(|| *pos += 1) };
    let year = match b.first()? {
        b'+' | b'-' => {
            pos = 1;
            let y = number(&mut pos, 6)?;
            if b[0] == b'-' {
                -y
            } else {
                y
            }
        }
        _ => number(&mut pos, 4)?,
    };
    expect(&mut pos, b'-')?;
    let month = number(&mut pos, 2)?;
    expect(&mut pos, b'-')?;
    let day = number(&mut pos, 2)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) * MS_PER_DAY;
    if pos == b.len() {
        return Some(ms);
    }
    if !matches!(b[pos], b'T' | b't' | b' ') {
        return None;
    }
    pos += 1;
    let hour = number(&mut pos, 2)?;
    expect(&mut pos, b':')?;
    let minute = number(&mut pos, 2)?;
    let mut second = 0;
    let mut millis = 0;
    if expect(&mut pos, b':').is_some() {
        second = number(&mut pos, 2)?;
        if expect(&mut pos, b'.').is_some() || expect(&mut pos, b',').is_some() {
            let start = pos;
            while b.get(pos).is_some_and(u8::is_ascii_digit) {
                if pos - start < 3 {
                    millis = millis * 10 + i64::from(b[pos] - b'0');
                }
                pos += 1;
            }
            match pos - start {
                0 => return None,
                1 => millis *= 100,
                2 => millis *= 10,
                _ => {}
            }
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    ms += ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    match b.get(pos) {
        None => {}
        Some(b'Z' | b'z') => pos += 1,
        Some(&sign @ (b'+' | b'-')) => {
            pos += 1;
            let zone_hours = number(&mut pos, 2)?;
            let _ = expect(&mut pos, b':');
            let zone_minutes = number(&mut pos, 2)?;
            let offset = (zone_hours * 60 + zone_minutes) * 60_000;
            // Local time = UTC + offset, so UTC = local - offset.
            ms += if sign == b'+' { -offset } else { offset };
        }
        Some(_) => return None,
    }
    (pos == b.len()).then_some(ms)
}

/// Year, month (1–12) and day (1–31) of a day count since 1970-01-01 in the proleptic
/// Gregorian calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day count since 1970-01-01 of a proleptic Gregorian date; the inverse of
/// [`civil_from_days`].
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_round_trips_and_matches_js() {
        let cases = [
            (0, "1970-01-01T00:00:00.000Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (1_736_924_119_845, "2025-01-15T06:55:19.845Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            (253_402_300_800_000, "+010000-01-01T00:00:00.000Z"),
            (-62_198_755_200_000, "-000001-01-01T00:00:00.000Z"),
        ];
        for (ms, text) in cases {
            let mut out = String::new();
            write(&mut out, ms);
            assert_eq!(out, text);
            assert_eq!(parse(text), Some(ms), "{text}");
        }
        assert!(has_four_digit_year(0));
        assert!(!has_four_digit_year(253_402_300_800_000));
    }

    #[test]
    fn parses_other_iso8601_spellings() {
        assert_eq!(parse("2025-01-15"), Some(1_736_899_200_000));
        assert_eq!(parse("2025-01-15T06:55:19Z"), Some(1_736_924_119_000));
        assert_eq!(parse("2025-01-15T06:55:19.8Z"), Some(1_736_924_119_800));
        assert_eq!(
            parse("2025-01-15T06:55:19.845123Z"),
            Some(1_736_924_119_845)
        );
        assert_eq!(
            parse("2025-01-15T08:55:19.845+02:00"),
            Some(1_736_924_119_845)
        );
        assert_eq!(
            parse("2025-01-15T01:25:19.845-0530"),
            Some(1_736_924_119_845)
        );
        assert_eq!(parse("2025-01-15T06:55Z"), Some(1_736_924_100_000));
        for bad in [
            "",
            "2025",
            "2025-13-01",
            "2025-01-32T00:00:00Z",
            "2025-01-15T24:00:00Z",
            "2025-01-15T06:55:19.Z",
            "2025-01-15T06:55:19Zjunk",
            "2025-01-15X06:55",
            "２０２５-01-01",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
