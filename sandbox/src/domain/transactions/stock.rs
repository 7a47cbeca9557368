//! Stock arithmetic for one listing: a total that only changes by adjustments
//! (§4.5, §9.1: reservations write negative adjustments, decline/cancel positive).

use crate::domain::data::Data;

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
