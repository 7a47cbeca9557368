//! `timeslots.query`: the open time of a published listing in a range (computed by
//! `domain::availability`), cut into intervals when asked.

use sharetribe_sdk::core::value::Value;

use super::context::page_meta;
use super::context::Ctx;
use super::endpoint::Endpoints;
use crate::domain::availability::{open_slots, Slot, DAY_MS};
use crate::domain::data::{fixed_uuid, kind, ListingState};
use crate::responses::ApiError;

/// The endpoints of this family.
pub fn endpoints() -> Endpoints {
    Endpoints::new().get("timeslots/query", query)
}

fn query(ctx: &mut Ctx) -> Result<Value, ApiError> {
    let listing_id = ctx.required_uuid("listingId")?;
    let listing = ctx
        .data
        .listings
        .iter()
        .position(|l| l.id == listing_id && l.state == ListingState::Published && !l.deleted)
        .ok_or_else(|| ApiError::not_found(format!("Listing {listing_id} not found")))?;
    let (start, end) = ctx.query_range()?;
    if end - start > 90 * DAY_MS {
        return Err(ApiError::invalid_value(
            "end",
            "at most 90 days after start",
        ));
    }
    let (time, slots) = open_slots(ctx.data, listing, start, end);
    let slots = match interval_filter(ctx, start, end)? {
        Some(filter) => filter.apply(slots),
        None => slots,
    };
    // Time slots are computed, not records: their ids count within the answer.
    let (page, per_page) = ctx.paging_up_to(MAX_PER_PAGE, DEFAULT_PER_PAGE)?;
    let total = slots.len();
    let kind_name = if time {
        "time-slot/time"
    } else {
        "time-slot/day"
    };
    let items = slots
        .iter()
        .enumerate()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|(n, s)| {
            Value::map([
                (
                    "id",
                    Value::Uuid(fixed_uuid(kind::OTHER, 0x7000_0000 + n as u64)),
                ),
                ("type", Value::Keyword("timeSlot".to_owned())),
                (
                    "attributes",
                    Value::map([
                        ("type", Value::String(kind_name.to_owned())),
                        ("seats", Value::Int(s.seats)),
                        ("start", Value::Instant(s.start)),
                        ("end", Value::Instant(s.end)),
                    ]),
                ),
            ])
        });
    Ok(Value::map([
        ("data", Value::Array(items.collect())),
        ("meta", page_meta(total, page, per_page)),
        ("included", Value::Array(Vec::new())),
    ]))
}

/// Largest `perPage` of `timeslots/query` (other queries allow 100).
const MAX_PER_PAGE: usize = 500;
/// `perPage` when none is given.
const DEFAULT_PER_PAGE: usize = 100;

/// Parses an ISO 8601 duration of weeks, days, hours, minutes and seconds (`P1D`, `PT30M`,
/// `P1DT12H`) into milliseconds; `None` for anything else or a zero duration.
fn parse_duration(text: &str) -> Option<i64> {
    let rest = text.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut total = 0i64;
    let mut add = |part: &str, units: &[(char, i64)]| -> Option<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
            } else {
                let &(_, ms) = units.iter().find(|(u, _)| *u == c)?;
                total = total.checked_add(number.parse::<i64>().ok()?.checked_mul(ms)?)?;
                number.clear();
            }
        }
        number.is_empty().then_some(())
    };
    add(date, &[('W', 7 * DAY_MS), ('D', DAY_MS)])?;
    if let Some(time) = time {
        add(time, &[('H', 3_600_000), ('M', 60_000), ('S', 1_000)])?;
    }
    (total > 0).then_some(total)
}

/// `intervalDuration`, `intervalAlign`, `maxPerInterval` and `minDurationStartingInInterval`:
/// the range is cut into intervals of the duration (aligned to `intervalAlign`, by default
/// `start`); in each, at most `maxPerInterval` slots are kept of those that have at least
/// `minDurationStartingInInterval` minutes from within the interval to their end. Slots are
/// returned whole, once each.
#[derive(Debug, Clone, Copy, PartialEq)]
struct IntervalFilter {
    first: i64,
    end: i64,
    duration: i64,
    max_per_interval: Option<usize>,
    min_ms: i64,
}

impl IntervalFilter {
    fn apply(&self, slots: Vec<Slot>) -> Vec<Slot> {
        let mut keep = vec![false; slots.len()];
        let mut from = self.first;
        while from < self.end {
            let to = from + self.duration;
            let mut taken = 0;
            for (n, slot) in slots.iter().enumerate() {
                let starts_at = slot.start.max(from);
                let counts =
                    starts_at < to && slot.end > from && slot.end - starts_at >= self.min_ms;
                if counts && self.max_per_interval.is_none_or(|max| taken < max) {
                    keep[n] = true;
                    taken += 1;
                }
            }
            from = to;
        }
        slots
            .into_iter()
            .zip(keep)
            .filter_map(|(slot, keep)| keep.then_some(slot))
            .collect()
    }
}

fn interval_filter(ctx: &Ctx, start: i64, end: i64) -> Result<Option<IntervalFilter>, ApiError> {
    let Some(text) = ctx.params.get("intervalDuration") else {
        for name in [
            "maxPerInterval",
            "minDurationStartingInInterval",
            "intervalAlign",
        ] {
            if ctx.params.get(name).is_some() {
                return Err(ApiError::invalid_params(format!(
                    "'{name}' needs 'intervalDuration'"
                )));
            }
        }
        return Ok(None);
    };
    let duration = parse_duration(text).ok_or_else(|| {
        ApiError::invalid_value(
            "intervalDuration",
            &format!("'{text}' is not an ISO 8601 duration such as P1D or PT1H"),
        )
    })?;
    let positive = |name: &str| -> Result<Option<i64>, ApiError> {
        match ctx.params.get(name) {
            None => Ok(None),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 1)
                .map(Some)
                .ok_or_else(|| {
                    ApiError::invalid_value(name, &format!("'{v}' is not a positive integer"))
                }),
        }
    };
    let max_per_interval = positive("maxPerInterval")?.map(|n| n as usize);
    let min_ms = positive("minDurationStartingInInterval")?.unwrap_or(0) * 60_000;
    let align = match ctx.params.get("intervalAlign") {
        None => start,
        Some(v) => sharetribe_sdk::core::iso8601::parse(v)
            .ok_or_else(|| ApiError::invalid_value("intervalAlign", "must be an ISO 8601 time"))?,
    };
    // The interval that holds `start`, on the grid through `align`.
    let first = start - (start - align).rem_euclid(duration);
    Ok(Some(IntervalFilter {
        first,
        end,
        duration,
        max_per_interval,
        min_ms,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("P1D"), Some(DAY_MS));
        assert_eq!(parse_duration("PT30M"), Some(1_800_000));
        assert_eq!(parse_duration("P1DT12H"), Some(DAY_MS + 12 * 3_600_000));
        assert_eq!(parse_duration("P2W"), Some(14 * DAY_MS));
        for bad in ["1D", "P", "PT", "P1X", "P0D", "PD"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn intervals_keep_at_most_n_long_enough_slots() {
        let hour = 3_600_000;
        let slots: Vec<Slot> = [(0, 1), (2, 3), (5, 30), (31, 32)]
            .iter()
            .map(|&(a, b)| Slot {
                start: a * hour,
                end: b * hour,
                seats: 1,
            })
            .collect();
        let filter = IntervalFilter {
            first: 0,
            end: 48 * hour,
            duration: 24 * hour,
            max_per_interval: Some(2),
            min_ms: 0,
        };
        let kept: Vec<i64> = filter
            .apply(slots.clone())
            .iter()
            .map(|s| s.start / hour)
            .collect();
        assert_eq!(
            kept,
            vec![0, 2, 5, 31],
            "day 1 keeps its first two; day 2 the long slot and the last"
        );
        let long = IntervalFilter {
            max_per_interval: None,
            min_ms: 2 * hour,
            ..filter
        };
        let kept: Vec<i64> = long.apply(slots).iter().map(|s| s.start / hour).collect();
        assert_eq!(
            kept,
            vec![5],
            "only the long slot has two hours in an interval"
        );
    }
}
