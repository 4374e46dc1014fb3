//! The transfers of a published plan at a re-plan: those that left before `now` are under way and
//! become booked transfers of the instance after the events (the material arrives whatever the
//! re-plan does, even for an order cancelled since); those that leave later are the re-plan's to
//! keep or change, and are tried first where their orders start again.

use crate::model::{Instance, InstanceBuilder, Minutes, OrderId, Transfer};
use crate::solution::{PlannedTransfer, Schedule};
use std::collections::{BTreeSet, HashMap};

/// Books the transfers of `baseline` (a plan of `base`) that leave before `now` into `b` (a copy
/// of `base`), named `<order>/<material>/<n>` (a suffix keeps names unique).
pub(crate) fn book_departed(
    base: &Instance,
    baseline: &Schedule,
    now: Minutes,
    b: &mut InstanceBuilder,
) {
    let mut names: BTreeSet<String> = b.transfers.iter().map(|t| t.name.clone()).collect();
    for t in baseline.transfers.iter().filter(|t| t.depart < now) {
        let (Some(order), Some(material)) = (
            base.orders().get(t.order.index()),
            base.materials().get(t.material.index()),
        ) else {
            continue;
        };
        let stem = format!("{}/{}", order.name, material.name);
        let name = (1..)
            .map(|n| format!("{stem}/{n}"))
            .find(|n| !names.contains(n))
            .unwrap_or(stem);
        names.insert(name.clone());
        b.add_transfer(Transfer {
            name,
            material: t.material,
            from: t.from,
            to: t.to,
            quantity: t.quantity,
            depart: t.depart,
            lanes: t.lanes.clone(),
            arrive: Some(t.arrive),
        });
    }
}

/// The transfers of `baseline` (a plan of `base`) that leave at or after `now`, as transfers for
/// the orders of `target` with the same names (orders cancelled since are left out). Sites,
/// materials and lanes keep their ids across events.
pub(crate) fn still_open(
    base: &Instance,
    baseline: &Schedule,
    target: &Instance,
    now: Minutes,
) -> Vec<PlannedTransfer> {
    let by_name: HashMap<&str, OrderId> = target
        .order_ids()
        .map(|o| (target.order(o).name.as_str(), o))
        .collect();
    baseline
        .transfers
        .iter()
        .filter(|t| t.depart >= now)
        .filter_map(|t| {
            let name = base.orders().get(t.order.index())?.name.as_str();
            let order = *by_name.get(name)?;
            Some(PlannedTransfer { order, ..t.clone() })
        })
        .collect()
}
