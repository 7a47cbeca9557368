//! Extended data (`publicData`, `protectedData`, `privateData`, `metadata`) updates.

use sharetribe_sdk::core::value::Value;

/// The API's update rule for extended data: top-level keys of `update` replace those of
/// `current`, and a key set to null is removed.
pub fn merge_extended(current: &Value, update: &Value) -> Value {
    let mut entries = match current {
        Value::Map(entries) => entries.clone(),
        _ => Vec::new(),
    };
    if let Value::Map(changes) = update {
        for (key, value) in changes {
            entries.retain(|(k, _)| k != key);
            if *value != Value::Null {
                entries.push((key.clone(), value.clone()));
            }
        }
    }
    Value::Map(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_replaces_top_level_keys_and_null_removes() {
        let current = Value::map([("a", Value::Int(1)), ("b", Value::Int(2))]);
        let update = Value::map([("a", Value::Null), ("c", Value::Int(3))]);
        assert_eq!(
            merge_extended(&current, &update),
            Value::map([("b", Value::Int(2)), ("c", Value::Int(3))])
        );
    }
}
