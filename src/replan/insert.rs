//! Inserting a whole order into a partly filled timetable: at every candidate plant, each step on
//! the eligible machine where it ends first (gap insertion, never before `now`); the plant with the
//! least added cost that meets the hard deadline wins. Used for rush orders, orders the baseline
//! left unplanned, and orders the repair had to take out again.

use super::history::label;
use crate::model::{Instance, MachineId, Minutes, OrderId, SiteId};
use crate::solution::ScheduledOp;
use crate::timetable::{Blocked, Timetable};

/// One order placed at one plant (committed in the timetable while it is held).
#[derive(Clone, Debug)]
struct Placement {
    plant: SiteId,
    ops: Vec<ScheduledOp>,
    arrival: Minutes,
    cost: f64,
}

/// Inserts `order` (none of whose operations is placed) at its cheapest plant that meets its
/// deadline; every operation starts at or after `not_before`. Returns why not when no plant can take
/// it; then nothing of it is placed.
pub(crate) fn insert_order(
    tt: &mut Timetable<'_>,
    order: OrderId,
    not_before: Minutes,
) -> Result<(), String> {
    let instance = tt.instance();
    let plan = instance.order_plan(order);
    let mut placements = Vec::new();
    let mut blocks = Vec::new();
    for plant in &plan.plants {
        match place_at(tt, order, plant.site, not_before) {
            Ok(p) => {
                for s in &p.ops {
                    tt.unplace(s.op);
                }
                placements.push(p);
            }
            Err(b) => blocks.push((plant.site, b)),
        }
    }
    let deadline = instance.order(order).deadline;
    let best = placements
        .iter()
        .filter(|p| deadline.is_none_or(|d| p.arrival <= d))
        .min_by(|a, b| a.cost.total_cmp(&b.cost).then(a.arrival.cmp(&b.arrival)));
    if let Some(best) = best {
        // Same state as when it was computed, so the same placements fit again.
        for s in &best.ops {
            if tt.place(s.op, s.machine, s.start).is_err() {
                debug_assert!(false, "replaying an insertion failed");
                for undo in &best.ops {
                    tt.unplace(undo.op);
                }
                return Err(format!(
                    "order '{}' could not be placed again (internal error; please report it)",
                    instance.order(order).name
                ));
            }
        }
        return Ok(());
    }
    Err(explain(instance, order, &blocks, &placements))
}

/// Places every step of `order` at `plant`, each on the machine where it ends first.
fn place_at(
    tt: &mut Timetable<'_>,
    order: OrderId,
    plant: SiteId,
    not_before: Minutes,
) -> Result<Placement, Blocked> {
    let instance = tt.instance();
    let plan = instance.order_plan(order);
    let mut ops: Vec<ScheduledOp> = Vec::with_capacity(plan.ops.len());
    let mut ready = instance.order(order).release.max(not_before);
    for op in plan.op_ids() {
        let operation = instance.op(op);
        if let Some(prev) = ops.last() {
            ready = (prev.end + operation.min_lag).max(not_before);
        }
        let mut best: Option<(Minutes, MachineId, Minutes)> = None;
        let mut blocked = None;
        for option in &operation.options {
            if instance.machine(option.machine).site != plant {
                continue;
            }
            match tt.earliest_start(op, option.machine, ready) {
                Ok(start) => {
                    let end = start + option.duration;
                    if best.is_none_or(|(e, _, _)| end < e) {
                        best = Some((end, option.machine, start));
                    }
                }
                Err(b) => blocked = blocked.or(Some(b)),
            }
        }
        let placed = best.and_then(|(_, machine, start)| tt.place(op, machine, start).ok());
        match placed {
            Some(p) => ops.push(p),
            None => {
                for p in &ops {
                    tt.unplace(p.op);
                }
                let machine = operation
                    .options
                    .first()
                    .map_or(MachineId(0), |o| o.machine);
                return Err(blocked.unwrap_or(Blocked::NotEligible { op, machine }));
            }
        }
    }
    Ok(costed(instance, order, plant, ops))
}

/// The placement with its arrival and the weighted cost it adds (tardiness, transport, energy, and
/// its completion under the makespan weight).
fn costed(instance: &Instance, order: OrderId, plant: SiteId, ops: Vec<ScheduledOp>) -> Placement {
    let option = instance.order_plan(order).plant(plant);
    let route = option.and_then(|p| p.route.as_ref());
    let completion = ops.iter().map(|s| s.end).max().unwrap_or(0);
    let arrival = completion + route.map_or(0, |r| r.transit);
    let o = instance.order(order);
    let w = instance.weights();
    let late = o.due.map_or(0, |due| (arrival - due).max(0));
    let transport = route.map_or(0.0, |r| r.cost_per_unit * f64::from(o.quantity));
    let energy: f64 = ops
        .iter()
        .map(|s| instance.energy_cost(s.machine, s.start, s.end))
        .sum();
    let cost = w.tardiness * o.weight * late as f64
        + w.transport * transport
        + w.energy * energy
        + w.makespan * completion as f64;
    Placement {
        plant,
        ops,
        arrival,
        cost,
    }
}

/// Why no plant can take the order: what blocks it at each plant, or the earliest arrival against
/// the deadline.
fn explain(
    instance: &Instance,
    order: OrderId,
    blocks: &[(SiteId, Blocked)],
    placements: &[Placement],
) -> String {
    let o = instance.order(order);
    let mut reasons: Vec<String> = blocks
        .iter()
        .map(|(site, b)| {
            format!(
                "at plant '{}': {}",
                instance.site(*site).name,
                b.describe(instance)
            )
        })
        .collect();
    if let (Some(deadline), Some(best)) = (o.deadline, placements.iter().min_by_key(|p| p.arrival))
    {
        reasons.push(format!(
            "its hard deadline {deadline} can no longer be met: the earliest arrival found is {} \
             (plant '{}', last step {})",
            best.arrival,
            instance.site(best.plant).name,
            best.ops
                .last()
                .map_or_else(String::new, |s| label(instance, s.op))
        ));
    }
    if reasons.is_empty() {
        reasons.push("no plant can make it".to_string());
    }
    format!(
        "order '{}' cannot be re-planned: {}",
        o.name,
        reasons.join("; ")
    )
}
