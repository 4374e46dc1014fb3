//! A move as data: which orders were taken out and where their operations went. A tried move that
//! is rejected is undone by putting the recorded old placements back.

use super::state::PlantState;
use crate::model::OrderId;
use crate::solution::ScheduledOp;
use crate::timetable::Sourcing;

/// Orders taken out and the placements of their unfrozen operations afterwards (orders whose
/// operations are not all placed stay unplanned).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Change {
    pub orders: Vec<OrderId>,
    pub placements: Vec<ScheduledOp>,
    /// Why each of `orders` that stays unplanned does.
    pub reasons: Vec<(OrderId, String)>,
    /// Where the material of each of `orders` came from, so that putting them back restores
    /// their transfers.
    pub sourcing: Vec<(OrderId, Sourcing)>,
}

impl Change {
    /// Takes `orders` out of `state` and returns the change that would put them back as they were.
    pub fn take_out(state: &mut PlantState<'_>, orders: &[OrderId]) -> Change {
        let sourcing = sourcing_of(state, orders);
        let mut placements = Vec::new();
        for &o in orders {
            placements.extend(state.remove_order(o));
        }
        let reasons = unplanned_reasons(state, orders);
        Change {
            orders: orders.to_vec(),
            placements,
            reasons,
            sourcing,
        }
    }

    /// The current placements of this change's orders (after a move placed them).
    pub fn capture(state: &PlantState<'_>, orders: &[OrderId]) -> Change {
        let placements = orders
            .iter()
            .flat_map(|&o| state.instance.order_plan(o).op_ids())
            .filter(|&op| !state.scope.is_frozen(op))
            .filter_map(|op| state.tt.placement(op))
            .collect();
        Change {
            orders: orders.to_vec(),
            placements,
            reasons: unplanned_reasons(state, orders),
            sourcing: sourcing_of(state, orders),
        }
    }

    /// Places the recorded operations into a state where the orders are already taken out.
    pub fn put_back(&self, state: &mut PlantState<'_>) -> bool {
        for (o, sourcing) in &self.sourcing {
            state.tt.restore_sourcing(*o, sourcing);
        }
        let mut ordered = self.placements.clone();
        ordered.sort_by_key(|p| (p.start, p.op));
        let mut ok = true;
        for p in &ordered {
            ok &= state.place_in(p.op, p.machine, p.mode, p.start).is_some();
        }
        for &o in &self.orders {
            let complete = state
                .instance
                .order_plan(o)
                .op_ids()
                .all(|op| state.tt.placement(op).is_some());
            if complete {
                state.count_planned(o);
            }
        }
        for (o, reason) in &self.reasons {
            state.set_reason(*o, reason.clone());
        }
        ok
    }
}

/// Where the material of each of `orders` came from.
fn sourcing_of(state: &PlantState<'_>, orders: &[OrderId]) -> Vec<(OrderId, Sourcing)> {
    orders.iter().map(|&o| (o, state.tt.sourcing(o))).collect()
}

/// The recorded reasons of those of `orders` that are not planned in `state`.
fn unplanned_reasons(state: &PlantState<'_>, orders: &[OrderId]) -> Vec<(OrderId, String)> {
    orders
        .iter()
        .filter(|&&o| !state.is_planned(o))
        .filter_map(|&o| state.reason(o).map(|r| (o, r.to_string())))
        .collect()
}
