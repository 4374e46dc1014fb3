//! The transfers of a published plan at a re-plan. Those that left before `now` are under way:
//! the re-plan keeps them as they are (the material leaves and arrives whatever it does, and
//! counts at the destination for any order, even when its own order was cancelled since). Those
//! that leave later are the re-plan's to keep or change, and are tried first where their orders
//! start again.

use crate::model::{Instance, Minutes, OrderId};
use crate::solution::{PlannedTransfer, Schedule};
use std::collections::HashMap;

/// The transfers of `baseline` (a plan of `base`) for the orders of `target` with the same names
/// (`None` for an order cancelled since), split into those that left before `now` and the rest.
/// Sites, materials and lanes keep their ids across events.
pub(crate) fn split_at(
    base: &Instance,
    baseline: &Schedule,
    target: &Instance,
    now: Minutes,
) -> (Vec<PlannedTransfer>, Vec<PlannedTransfer>) {
    let by_name: HashMap<&str, OrderId> = target
        .order_ids()
        .map(|o| (target.order(o).name.as_str(), o))
        .collect();
    let mapped = baseline.transfers.iter().map(|t| {
        let order = t
            .order
            .and_then(|o| base.orders().get(o.index()))
            .and_then(|o| by_name.get(o.name.as_str()).copied());
        PlannedTransfer { order, ..t.clone() }
    });
    mapped.partition(|t| t.depart < now)
}
