//! Checking the `typeHandlers` config: application types that stand in for SDK types (say a
//! decimal library's class for `BigDecimal`). The JS layer describes each entry's shape (it
//! holds functions, which only JS can call); the rules live here.

use crate::core::error::SdkError;
use crate::core::text;
use crate::prelude::*;

/// What one field of a handler entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Not given.
    Absent,
    /// A function (or class).
    Function,
    /// Something else.
    Other,
}

/// The shape of one `typeHandlers` entry, as the JS layer saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HandlerShape {
    /// Which SDK type class `sdkType` (or the older `type`) is, by name (`BigDecimal`, ...);
    /// `None` when it is missing or not one of the SDK's type classes.
    pub sdk_type: Option<&'static str>,
    /// `appType` (or the older `customType`).
    pub app_type: Slot,
    /// `canHandle`.
    pub can_handle: Slot,
    /// `reader`.
    pub reader: Slot,
    /// `writer`.
    pub writer: Slot,
}

/// Checks every entry: `sdkType` must be one of the SDK's type classes; `reader`, `writer`,
/// `canHandle` and `appType` must be functions when given; an entry needs a reader or a writer,
/// and a writer needs `appType` or `canHandle` to know which values it writes. Fails with
/// `InvalidConfig` naming the entry (`typeHandlers[1]`) and the problem.
pub fn check(shapes: impl IntoIterator<Item = HandlerShape>) -> Result<(), SdkError> {
    for (i, shape) in shapes.into_iter().enumerate() {
        let fail = |problem: &[&str]| {
            let mut message = String::from("typeHandlers[");
            text::push_int(&mut message, i as i64);
            message.push_str("]: ");
            for part in problem {
                message.push_str(part);
            }
            Err(SdkError::InvalidConfig(message))
        };
        if shape.sdk_type.is_none() {
            return fail(&[
                "`sdkType` must be one of the SDK's type classes (types.UUID, types.LatLng, \
                 types.LatLngBounds, types.Money, types.BigDecimal)",
            ]);
        }
        for (name, slot) in [
            ("reader", shape.reader),
            ("writer", shape.writer),
            ("canHandle", shape.can_handle),
            ("appType", shape.app_type),
        ] {
            if slot == Slot::Other {
                return fail(&["`", name, "` must be a function"]);
            }
        }
        if shape.reader == Slot::Absent && shape.writer == Slot::Absent {
            return fail(&["give a `reader`, a `writer` or both"]);
        }
        if shape.writer == Slot::Function
            && shape.app_type == Slot::Absent
            && shape.can_handle == Slot::Absent
        {
            return fail(&[
                "a `writer` needs `appType` or `canHandle` to know which values it writes",
            ]);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decimal() -> HandlerShape {
        HandlerShape {
            sdk_type: Some("BigDecimal"),
            app_type: Slot::Function,
            can_handle: Slot::Absent,
            reader: Slot::Function,
            writer: Slot::Function,
        }
    }

    fn message(shape: HandlerShape) -> String {
        match check([decimal(), shape]) {
            Err(SdkError::InvalidConfig(m)) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_complete_handler_passes_and_bad_ones_are_named() {
        assert!(check([decimal()]).is_ok());
        assert!(message(HandlerShape {
            sdk_type: None,
            ..decimal()
        })
        .starts_with("typeHandlers[1]: `sdkType`"));
        assert!(message(HandlerShape {
            reader: Slot::Other,
            ..decimal()
        })
        .contains("`reader` must be a function"));
        assert!(message(HandlerShape {
            app_type: Slot::Absent,
            ..decimal()
        })
        .contains("needs `appType` or `canHandle`"));
        assert!(message(HandlerShape {
            reader: Slot::Absent,
            writer: Slot::Absent,
            ..decimal()
        })
        .contains("a `reader`, a `writer`"));
    }
}
