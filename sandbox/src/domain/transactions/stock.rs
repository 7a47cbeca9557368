//! Stock arithmetic for one listing: a total that only changes by adjustments
//! (§4.5, §9.1: reservations write negative adjustments, decline/cancel positive).

use sharetribe_sdk::core::value::Value;

use super::param_int;
use crate::domain::data::{kind, Data, StockAdjustment};
use crate::responses::ApiError;

/// A listing's stock: its current total (`None` until stock is first set) and
/// the quantities of the adjustments that made it, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stock {
    /// Current total, `None` when the listing has no stock yet.
    pub total: Option<i64>,
    /// Every adjustment's quantity, oldest first.
    pub adjustments: Vec<i64>,
}

/// `stock/compare_and_set` refused: the caller's old total is not the current one
/// (409 `old-total-mismatch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OldTotalMismatch;

impl Stock {
    /// Adds an adjustment of `quantity` (negative to take stock) and returns the new total.
    pub fn adjust(&mut self, quantity: i64) -> i64 {
        let total = self.total.unwrap_or(0) + quantity;
        self.total = Some(total);
        self.adjustments.push(quantity);
        total
    }

    /// Sets the total to `new_total` if it is currently `old_total`, recording the
    /// difference as an adjustment; fails with [`OldTotalMismatch`] otherwise.
    pub fn compare_and_set(
        &mut self,
        old_total: Option<i64>,
        new_total: i64,
    ) -> Result<i64, OldTotalMismatch> {
        if self.total != old_total {
            return Err(OldTotalMismatch);
        }
        Ok(self.adjust(new_total - old_total.unwrap_or(0)))
    }
}

/// The listing's current stock: the sum of its adjustments, `None` when it has none.
pub fn stock_of(data: &Data, listing: usize) -> Option<i64> {
    let mut adjustments = data
        .stock_adjustments
        .iter()
        .filter(|a| a.listing == listing)
        .peekable();
    adjustments.peek()?;
    Some(adjustments.map(|a| a.quantity).sum())
}

/// The `create-pending-stock-reservation` action: takes `stockReservationQuantity` units
/// from the listing of transaction `i`. Fails with 409 when the listing has too little stock.
pub fn reserve_stock(data: &mut Data, i: usize, params: &Value) -> Result<(), ApiError> {
    let quantity = param_int(params, "stockReservationQuantity")?
        .ok_or_else(|| ApiError::missing_body_param("stockReservationQuantity"))?;
    let listing = data.transactions[i].listing;
    if quantity < 1 || stock_of(data, listing).unwrap_or(0) < quantity {
        return Err(ApiError::new(
            409,
            "transaction-listing-insufficient-stock",
            "The listing does not have that much stock",
        ));
    }
    record(data, listing, -quantity);
    data.transactions[i].stock_reservation = Some((quantity, "pending"));
    Ok(())
}

/// Moves transaction `i`'s pending or accepted stock reservation to `to`, giving the units
/// back when `release`.
pub fn set_reservation(data: &mut Data, i: usize, to: &'static str, release: bool) {
    let Some((quantity, state)) = data.transactions[i].stock_reservation else {
        return;
    };
    if state == "pending" || state == "accepted" {
        if release {
            let listing = data.transactions[i].listing;
            record(data, listing, quantity);
        }
        data.transactions[i].stock_reservation = Some((quantity, to));
    }
}

/// Records a change of `quantity` units to listing `listing`'s stock, now; its index.
pub fn record(data: &mut Data, listing: usize, quantity: i64) -> usize {
    let id = data.sequence.id(kind::STOCK);
    let at_ms = data.sequence.now_ms();
    data.stock_adjustments.push(StockAdjustment {
        id,
        listing,
        at_ms,
        quantity,
    });
    data.stock_adjustments.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_and_set_records_the_difference_and_checks_the_old_total() {
        let mut stock = Stock::default();
        assert_eq!(stock.compare_and_set(None, 5), Ok(5));
        assert_eq!(stock.compare_and_set(None, 7), Err(OldTotalMismatch));
        assert_eq!(stock.compare_and_set(Some(5), 3), Ok(3));
        assert_eq!(stock.adjust(-2), 1);
        assert_eq!(stock.adjustments, vec![5, -2, -2]);
    }
}
