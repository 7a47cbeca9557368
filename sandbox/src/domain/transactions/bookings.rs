//! Bookings made by transactions: creating one (the time must be free and in the future) and
//! moving it through its states as the transaction's actions say.

use sharetribe_sdk::core::value::Value;

use super::{param_instant, param_int};
use crate::domain::data::{kind, Booking, Data};
use crate::responses::ApiError;

/// The `create-pending-booking` action: books `bookingStart`–`bookingEnd` with `seats`
/// (default one) on the listing of transaction `i`. Fails with 400 for a bad range and 409
/// `transaction-booking-time-not-available` for a past or already booked time.
pub fn create_booking(data: &mut Data, i: usize, params: &Value) -> Result<(), ApiError> {
    let start = param_instant(params, "bookingStart")?
        .ok_or_else(|| ApiError::missing_body_param("bookingStart"))?;
    let end = param_instant(params, "bookingEnd")?
        .ok_or_else(|| ApiError::missing_body_param("bookingEnd"))?;
    let seats = param_int(params, "seats")?.unwrap_or(1);
    if end <= start || seats < 1 {
        return Err(ApiError::invalid_body_value(
            "bookingEnd",
            "the booking must end after it starts and have at least one seat",
        ));
    }
    if start < data.sequence.peek_ms() {
        return Err(ApiError::new(
            409,
            "transaction-booking-time-not-available",
            "The booking starts in the past",
        ));
    }
    let listing = data.transactions[i].listing;
    let taken = data.bookings.iter().any(|b| {
        b.listing == listing
            && ["pending", "proposed", "accepted"].contains(&b.state)
            && b.start_ms < end
            && start < b.end_ms
    });
    if taken {
        return Err(ApiError::new(
            409,
            "transaction-booking-time-not-available",
            "The listing is already booked for that time",
        ));
    }
    let id = data.sequence.id(kind::BOOKING);
    data.bookings.push(Booking {
        id,
        transaction: i,
        listing,
        start_ms: start,
        end_ms: end,
        seats,
        state: "pending",
    });
    data.transactions[i].booking = Some(data.bookings.len() - 1);
    Ok(())
}

/// Moves transaction `i`'s booking to `to` if it is in one of the states `from`.
pub fn set_booking_state(data: &mut Data, i: usize, from: &[&str], to: &'static str) {
    if let Some(b) = data.transactions[i].booking {
        let booking = &mut data.bookings[b];
        if from.contains(&booking.state) {
            booking.state = to;
        }
    }
}
