//! What the value events (`order_value_changed`, `order_priority_changed`) change in an order.

use super::Event;
use crate::model::OrderValue;

/// Applies a value event to the value of the order it names; other events change nothing.
pub(super) fn apply_value(value: &mut OrderValue, event: &Event) {
    match event {
        Event::OrderValueChanged {
            revenue,
            variable_cost,
            ..
        } => {
            if let Some(r) = revenue {
                value.revenue = *r;
            }
            if let Some(c) = variable_cost {
                value.variable_cost = *c;
            }
        }
        Event::OrderPriorityChanged { priority, .. } => value.priority = *priority,
        _ => {}
    }
}
