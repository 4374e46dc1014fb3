//! Recreate: put an order back at the plant and in the slots where it costs least, through the one
//! whole-order insertion the dispatching rules and the re-planner share
//! ([`crate::dispatch::cheapest`]): every candidate plant in every placement mode (earliest end,
//! cheapest energy, baseline placement, out of expensive windows), never before the scope's "not before" time, frozen steps
//! kept; the attempt with the lowest order cost plus stability penalties plus makespan growth that
//! meets the hard deadline wins.

use super::state::PlantState;
use crate::dispatch::cheapest::{Insertion, insert_cheapest};
use crate::model::{OpId, OrderId, SiteId, Window};
use crate::solution::ScheduledOp;

pub(crate) use crate::dispatch::cheapest::Mode;

/// Puts `order` (its unfrozen operations) back where it costs least over `modes`; returns whether
/// it is planned. On failure the order stays out with the reason.
pub(crate) fn insert_order(
    state: &mut PlantState<'_>,
    order: OrderId,
    modes: &[Mode],
    avoid: &[(SiteId, Window)],
) -> bool {
    let instance = state.instance;
    let scope = state.scope;
    let fixed = |op: OpId| scope.is_frozen(op);
    let penalty = |p: &ScheduledOp| scope.penalty(p);
    let baseline = |op: OpId| scope.stability.as_ref().and_then(|s| s.baseline_of(op));
    let ins = Insertion {
        not_before: scope.not_before,
        modes,
        energy_tiebreak: instance.has_energy_costs(),
        makespan: state.makespan(),
        fixed: &fixed,
        penalty: &penalty,
        baseline: &baseline,
        avoid,
    };
    match insert_cheapest(state, order, &ins) {
        Ok(_) => {
            state.count_planned(order);
            true
        }
        Err(failed) => {
            state.set_reason(order, failed.explain(instance, order));
            false
        }
    }
}
