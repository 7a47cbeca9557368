//! Pricing line items: each item's `lineTotal` and the payin (customer) and payout (provider)
//! totals.

use sharetribe_sdk::core::value::Value;

use crate::responses::ApiError;

fn decimal(value: &Value) -> Option<f64> {
    match value {
        Value::BigDecimal(text) | Value::String(text) => text.parse().ok(),
        Value::Int(n) => Some(*n as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// An amount of money: minor units and currency.
pub type Amount = (i64, String);

/// Line items as rendered, with the payin and payout totals.
pub type PricedItems = (Vec<Value>, Option<Amount>, Option<Amount>);

/// Line items with `lineTotal` and `reversal` computed, and the payin (customer) and payout
/// (provider) totals. Fails with 400 for a malformed item.
pub fn price_line_items(items: &[Value]) -> Result<PricedItems, ApiError> {
    if items.len() > 50 {
        return Err(ApiError::invalid_body_value(
            "lineItems",
            "at most 50 line items",
        ));
    }
    let mut priced = Vec::new();
    let mut payin: Option<Amount> = None;
    let mut payout: Option<Amount> = None;
    for item in items {
        let bad = |why: &str| ApiError::invalid_body_value("lineItems", why);
        let code = match item.get("code") {
            Some(Value::String(c) | Value::Keyword(c)) if c.starts_with("line-item/") => c.clone(),
            _ => return Err(bad("every item needs a code starting with line-item/")),
        };
        let Some(Value::Money { amount, currency }) = item.get("unitPrice") else {
            return Err(bad("every item needs a unitPrice as Money"));
        };
        let total = if let Some(p) = item.get("percentage").and_then(decimal) {
            (*amount as f64 * p / 100.0).round() as i64
        } else if let Some(q) = item.get("quantity").and_then(decimal) {
            (*amount as f64 * q).round() as i64
        } else {
            let seats = item.get("seats").and_then(decimal).unwrap_or(1.0);
            let units = item.get("units").and_then(decimal).unwrap_or(1.0);
            (*amount as f64 * seats * units).round() as i64
        };
        let include_for: Vec<String> = match item.get("includeFor") {
            Some(Value::Array(parties)) => parties
                .iter()
                .filter_map(|p| match p {
                    Value::String(s) | Value::Keyword(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => vec!["customer".to_owned(), "provider".to_owned()],
        };
        let add = |sum: &mut Option<(i64, String)>| {
            let entry = sum.get_or_insert((0, currency.clone()));
            entry.0 += total;
        };
        if include_for.iter().any(|p| p == "customer") {
            add(&mut payin);
        }
        if include_for.iter().any(|p| p == "provider") {
            add(&mut payout);
        }
        let mut entries = vec![
            ("code", Value::from(code.as_str())),
            (
                "unitPrice",
                item.get("unitPrice").cloned().unwrap_or(Value::Null),
            ),
        ];
        for key in ["quantity", "percentage", "seats", "units"] {
            if let Some(v) = item.get(key) {
                entries.push((key, v.clone()));
            }
        }
        entries.push((
            "lineTotal",
            Value::Money {
                amount: total,
                currency: currency.clone(),
            },
        ));
        entries.push(("reversal", Value::Bool(false)));
        entries.push((
            "includeFor",
            Value::Array(
                include_for
                    .iter()
                    .map(|p| Value::from(p.as_str()))
                    .collect(),
            ),
        ));
        priced.push(Value::map(entries));
    }
    Ok((priced, payin, payout))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_items_are_priced_and_totalled_per_party() {
        let items = vec![
            Value::map([
                ("code", Value::from("line-item/day")),
                (
                    "unitPrice",
                    Value::Money {
                        amount: 2500,
                        currency: "EUR".into(),
                    },
                ),
                ("quantity", Value::BigDecimal("3".into())),
                (
                    "includeFor",
                    Value::Array(vec![Value::from("customer"), Value::from("provider")]),
                ),
            ]),
            Value::map([
                ("code", Value::from("line-item/provider-commission")),
                (
                    "unitPrice",
                    Value::Money {
                        amount: 7500,
                        currency: "EUR".into(),
                    },
                ),
                ("percentage", Value::BigDecimal("-10".into())),
                ("includeFor", Value::Array(vec![Value::from("provider")])),
            ]),
        ];
        let (priced, payin, payout) = price_line_items(&items).unwrap();
        assert_eq!(priced.len(), 2);
        assert_eq!(payin, Some((7500, "EUR".to_owned())));
        assert_eq!(payout, Some((6750, "EUR".to_owned())));
        assert!(price_line_items(&[Value::map([("code", Value::from("x"))])]).is_err());
    }
}
