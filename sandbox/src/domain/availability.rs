//! A listing's open time: its availability plan (a time plan's entries read in the plan's
//! `timezone`, an IANA name, UTC when absent; a day plan's days and a listing without a plan,
//! open every day with one seat, in UTC), its availability exceptions (which replace the plan where
//! they fall) and the bookings that hold seats (pending, proposed, accepted). Adjacent slots
//! with equal seats are merged. `timeslots/query` and the `listings/query` availability filter
//! both read it.

use sharetribe_sdk::core::value::Value;

use crate::domain::data::Data;

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One open stretch of time.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// Start, epoch milliseconds.
    pub start: i64,
    /// End (exclusive), epoch milliseconds.
    pub end: i64,
    /// Seats open.
    pub seats: i64,
}

fn weekday(day_start: i64) -> &'static str {
    // 1970-01-01 was a Thursday.
    DAYS[((day_start.div_euclid(DAY_MS) + 3).rem_euclid(7)) as usize]
}

fn minutes(text: &str) -> Option<i64> {
    let (h, m) = text.split_once(':')?;
    Some(h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?)
}

fn text(value: Option<&Value>) -> Option<&str> {
    match value {
        Some(Value::String(s) | Value::Keyword(s)) => Some(s),
        _ => None,
    }
}

/// The plan's slots in `[start, end)`, day by day; `time` is true for a time plan.
fn plan_slots(plan: &Value, start: i64, end: i64) -> (bool, Vec<Slot>) {
    let time = text(plan.get("type")) == Some("availability-plan/time");
    let entries: Vec<&Value> = match plan.get("entries") {
        Some(Value::Array(entries)) => entries.iter().collect(),
        _ => Vec::new(),
    };
    let seats_of = |entry: &Value| match entry.get("seats") {
        Some(Value::Int(n)) => *n,
        _ => 1,
    };
    let mut slots = Vec::new();
    if time {
        let zone = plan_time_zone(plan);
        for (date, name) in local_dates(&zone, start, end) {
            for entry in entries
                .iter()
                .filter(|e| text(e.get("dayOfWeek")) == Some(name))
            {
                let from = text(entry.get("startTime")).and_then(minutes).unwrap_or(0);
                let to = match text(entry.get("endTime")).and_then(minutes) {
                    Some(0) | None => 24 * 60,
                    Some(m) => m,
                };
                if let (Some(a), Some(b)) = (
                    local_instant(&zone, date, from),
                    local_instant(&zone, date, to),
                ) {
                    slots.push(Slot {
                        start: a,
                        end: b,
                        seats: seats_of(entry),
                    });
                }
            }
        }
    } else {
        let no_plan = *plan == Value::Null;
        let mut day = start.div_euclid(DAY_MS) * DAY_MS;
        while day < end {
            let name = weekday(day);
            if no_plan {
                slots.push(Slot {
                    start: day,
                    end: day + DAY_MS,
                    seats: 1,
                });
            }
            for entry in entries
                .iter()
                .filter(|e| text(e.get("dayOfWeek")) == Some(name))
            {
                slots.push(Slot {
                    start: day,
                    end: day + DAY_MS,
                    seats: seats_of(entry),
                });
            }
            day += DAY_MS;
        }
    }
    let clipped = slots
        .into_iter()
        .filter_map(|s| {
            let (a, b) = (s.start.max(start), s.end.min(end));
            (a < b).then_some(Slot {
                start: a,
                end: b,
                seats: s.seats,
            })
        })
        .collect();
    (time, clipped)
}

/// The time zone of a time plan: its `timezone` when it names one the tz database knows
/// (creating a listing checks that), else UTC.
fn plan_time_zone(plan: &Value) -> jiff::tz::TimeZone {
    text(plan.get("timezone"))
        .and_then(|name| jiff::tz::TimeZone::get(name).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC)
}

/// Whether `name` is a time zone of the IANA tz database, e.g. `Europe/Helsinki`.
pub fn is_time_zone(name: &str) -> bool {
    jiff::tz::TimeZone::get(name).is_ok()
}

/// The local dates in `zone` that overlap `[start, end)`, with their weekday names.
fn local_dates(
    zone: &jiff::tz::TimeZone,
    start: i64,
    end: i64,
) -> Vec<(jiff::civil::Date, &'static str)> {
    let local = |ms: i64| {
        jiff::Timestamp::from_millisecond(ms)
            .ok()
            .map(|t| zone.to_datetime(t).date())
    };
    let (Some(mut date), Some(last)) = (local(start), local(end)) else {
        return Vec::new();
    };
    let mut dates = Vec::new();
    while date <= last {
        let name = DAYS[date.weekday().to_monday_zero_offset() as usize];
        dates.push((date, name));
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    dates
}

/// Epoch milliseconds of `minutes` after local midnight of `date` in `zone` (24:00 is the
/// next midnight). A local time skipped or repeated by a DST change resolves as `compatible` does (the
/// later instant in a gap, the earlier in a fold).
fn local_instant(zone: &jiff::tz::TimeZone, date: jiff::civil::Date, minutes: i64) -> Option<i64> {
    let (date, minutes) = if minutes >= 24 * 60 {
        (date.tomorrow().ok()?, minutes - 24 * 60)
    } else {
        (date, minutes)
    };
    let at = date.at((minutes / 60) as i8, (minutes % 60) as i8, 0, 0);
    zone.to_timestamp(at).ok().map(|t| t.as_millisecond())
}

/// Splits `slots` at every boundary in `cuts`, so a later change applies to whole pieces.
fn split_at(slots: Vec<Slot>, cuts: &[i64]) -> Vec<Slot> {
    let mut out = Vec::new();
    for slot in slots {
        let mut points: Vec<i64> = cuts
            .iter()
            .copied()
            .filter(|&c| c > slot.start && c < slot.end)
            .collect();
        points.sort_unstable();
        points.dedup();
        let mut from = slot.start;
        for p in points.into_iter().chain([slot.end]) {
            out.push(Slot {
                start: from,
                end: p,
                seats: slot.seats,
            });
            from = p;
        }
    }
    out
}

/// Whether listing `listing` has at least `seats` seats open: through all of `[start, end)`
/// when `full`, else in some unbroken stretch of at least `min_ms` (and more than zero)
/// milliseconds. Also says whether the listing has a time plan (else a day plan or none), as
/// `listings/query`'s `availability` filter picks by plan type.
pub fn has_availability(
    data: &Data,
    listing: usize,
    (start, end): (i64, i64),
    seats: i64,
    full: bool,
    min_ms: i64,
) -> (bool, bool) {
    let (time, slots) = open_slots(data, listing, start, end);
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for slot in slots.iter().filter(|s| s.seats >= seats) {
        match runs.last_mut() {
            Some(last) if last.1 == slot.start => last.1 = slot.end,
            _ => runs.push((slot.start, slot.end)),
        }
    }
    let open = if full {
        runs.iter().any(|&(a, b)| a <= start && b >= end)
    } else {
        runs.iter().any(|&(a, b)| b - a >= min_ms.max(1))
    };
    (time, open)
}

/// The open slots of listing `listing` in `[start, end)`, and whether it has a time plan.
pub fn open_slots(data: &Data, listing: usize, start: i64, end: i64) -> (bool, Vec<Slot>) {
    let (time, mut slots) = plan_slots(&data.listings[listing].availability_plan, start, end);
    let exceptions: Vec<_> = data
        .availability_exceptions
        .iter()
        .filter(|e| e.listing == listing && !e.deleted && e.start_ms < end && start < e.end_ms)
        .collect();
    let bookings: Vec<_> = data
        .bookings
        .iter()
        .filter(|b| {
            b.listing == listing
                && ["pending", "proposed", "accepted"].contains(&b.state)
                && b.start_ms < end
                && start < b.end_ms
        })
        .collect();
    let mut cuts: Vec<i64> = exceptions
        .iter()
        .flat_map(|e| [e.start_ms, e.end_ms])
        .collect();
    cuts.extend(bookings.iter().flat_map(|b| [b.start_ms, b.end_ms]));
    slots = split_at(slots, &cuts);
    // An exception replaces the plan in its range, also where the plan had nothing.
    for e in &exceptions {
        slots.retain(|s| !(s.start >= e.start_ms && s.end <= e.end_ms));
        let (a, b) = (e.start_ms.max(start), e.end_ms.min(end));
        slots.push(Slot {
            start: a,
            end: b,
            seats: e.seats,
        });
    }
    slots = split_at(slots, &cuts);
    for slot in &mut slots {
        let held: i64 = bookings
            .iter()
            .filter(|b| b.start_ms < slot.end && slot.start < b.end_ms)
            .map(|b| b.seats)
            .sum();
        slot.seats -= held;
    }
    slots.retain(|s| s.seats > 0);
    slots.sort_by_key(|s| s.start);
    let mut merged: Vec<Slot> = Vec::new();
    for slot in slots {
        match merged.last_mut() {
            Some(last) if last.end == slot.start && last.seats == slot.seats => last.end = slot.end,
            _ => merged.push(slot),
        }
    }
    (time, merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_and_day_plans() {
        // 2025-03-03 was a Monday.
        let monday = 1_740_960_000_000;
        assert_eq!(weekday(monday), "mon");
        let plan = Value::map([
            ("type", Value::from("availability-plan/day")),
            (
                "entries",
                Value::Array(vec![Value::map([
                    ("dayOfWeek", Value::from("mon")),
                    ("seats", Value::Int(2)),
                ])]),
            ),
        ]);
        let (time, slots) = plan_slots(&plan, monday, monday + 7 * DAY_MS);
        assert!(!time);
        assert_eq!(
            slots,
            vec![Slot {
                start: monday,
                end: monday + DAY_MS,
                seats: 2
            }]
        );
    }
}

#[cfg(test)]
mod time_zone_tests {
    use super::*;

    fn ms(iso: &str) -> i64 {
        sharetribe_sdk::core::iso8601::parse(iso).unwrap()
    }

    #[test]
    fn time_plan_entries_are_read_in_the_plans_time_zone() {
        let plan = Value::map([
            ("type", Value::from("availability-plan/time")),
            ("timezone", Value::from("Europe/Helsinki")),
            (
                "entries",
                Value::Array(vec![Value::map([
                    ("dayOfWeek", Value::from("mon")),
                    ("startTime", Value::from("09:00")),
                    ("endTime", Value::from("17:00")),
                    ("seats", Value::Int(1)),
                ])]),
            ),
        ]);
        // Monday 2025-03-03: Helsinki is UTC+2 in winter.
        let (time, slots) = plan_slots(
            &plan,
            ms("2025-03-02T00:00:00Z"),
            ms("2025-03-05T00:00:00Z"),
        );
        assert!(time);
        assert_eq!(
            slots,
            vec![Slot {
                start: ms("2025-03-03T07:00:00Z"),
                end: ms("2025-03-03T15:00:00Z"),
                seats: 1
            }]
        );
        // After the spring change (2025-03-30) it is UTC+3.
        let (_, slots) = plan_slots(
            &plan,
            ms("2025-03-31T00:00:00Z"),
            ms("2025-04-01T00:00:00Z"),
        );
        assert_eq!(slots[0].start, ms("2025-03-31T06:00:00Z"));
    }

    #[test]
    fn a_whole_day_entry_runs_local_midnight_to_midnight() {
        let plan = Value::map([
            ("type", Value::from("availability-plan/time")),
            ("timezone", Value::from("America/New_York")),
            (
                "entries",
                Value::Array(vec![Value::map([
                    ("dayOfWeek", Value::from("tue")),
                    ("startTime", Value::from("00:00")),
                    ("endTime", Value::from("00:00")),
                ])]),
            ),
        ]);
        let (_, slots) = plan_slots(
            &plan,
            ms("2025-01-06T00:00:00Z"),
            ms("2025-01-09T00:00:00Z"),
        );
        assert_eq!(
            slots,
            vec![Slot {
                start: ms("2025-01-07T05:00:00Z"),
                end: ms("2025-01-08T05:00:00Z"),
                seats: 1
            }]
        );
        assert!(is_time_zone("Europe/Lisbon") && !is_time_zone("Mars/Olympus"));
    }
}
