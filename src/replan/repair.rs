//! Repair: a feasible plan for the changed instance in milliseconds, as close to the baseline as the
//! events allow.
//!
//! 1. Frozen operations are placed first, at their baseline machine and start (an overrun lengthens
//!    them); their material stays consumed.
//! 2. The other operations of the baseline are decoded in baseline start order, each at the earliest
//!    feasible minute that is at or after its baseline start, `now`, its release and its predecessor's
//!    end plus lag (machine calendar with downtime, power cap and material ledger via the
//!    [`Timetable`]). An operation that keeps its baseline start keeps its machine; one the events push
//!    later either takes the machine of its plant where it ends first (its baseline machine on ties)
//!    or stays on its baseline machine when that machine can still take it ([`Pushed`]): the first
//!    absorbs a delay sooner, the second disturbs fewer other machines. A third way takes the orders
//!    of pushed operations out whole and re-inserts them (step 3), so that no other operation moves.
//!    The re-planner tries all three.
//! 3. Orders that can no longer be placed, or now miss their hard deadline, are taken out and
//!    re-inserted whole, together with rush orders and orders the baseline left unplanned (hard
//!    deadlines first, then by due date). An order that fits nowhere is listed as unplanned with the
//!    reason; a started order that misses its deadline is an error, since its history cannot go.

use super::error::ReplanError;
use super::frozen::{BaselineMap, Horizon};
use super::history::label;
use crate::dispatch::cheapest::{Insertion, insert_cheapest};
use crate::model::{Instance, MachineId, Minutes, ModeId, OpId, OrderId, SiteId};
use crate::solution::{Schedule, ScheduledOp, UnplannedOrder};
use crate::timetable::Timetable;

/// The repaired plan and what the user should know about it.
#[derive(Clone, Debug)]
pub(crate) struct Repaired {
    /// The plan (shipments attached, normalized).
    pub schedule: Schedule,
    /// Orders taken out and re-inserted, and similar decisions.
    pub notes: Vec<String>,
}

/// Where an operation goes when the events push it later than its baseline start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pushed {
    /// The machine of its plant where it ends first (its baseline machine on ties).
    EarliestEnd,
    /// Its baseline machine, at the earliest feasible start there; another machine of its plant
    /// only when the baseline machine cannot take it at all.
    SameMachine,
    /// Its order (when it has not started) is taken out whole and re-inserted into the gaps once
    /// every other operation is back in place, so that nothing else moves; a started order's
    /// operation goes where it ends first, as with `EarliestEnd`.
    Reinsert,
}

/// Repairs the baseline for `instance` (see the module docs).
pub(crate) fn repair(
    instance: &Instance,
    baseline: &BaselineMap,
    horizon: &Horizon,
    pushed: Pushed,
) -> Result<Repaired, ReplanError> {
    let mut tt = Timetable::new(instance);
    tt.set_transfer_floor(horizon.now.max(0));
    for t in &baseline.departed {
        tt.fix_transfer(t);
    }
    tt.prefer_transfers(&baseline.transfers);
    let mut notes = Vec::new();
    place_frozen(&mut tt, baseline)?;
    let mut reinsert: Vec<OrderId> = Vec::new();
    let mut failed = vec![false; instance.orders().len()];
    let mut unfrozen: Vec<ScheduledOp> = baseline
        .placements
        .iter()
        .flatten()
        .filter(|s| !baseline.frozen[s.op.index()])
        .copied()
        .collect();
    unfrozen.sort_by_key(|s| (s.start, s.op));
    for s in &unfrozen {
        let order = instance.op(s.op).order;
        if failed[order.index()] {
            continue;
        }
        let displaced = pushed == Pushed::Reinsert
            && !baseline.order_started(instance, order)
            && !keeps_place(&tt, s, horizon.now);
        let placed = if displaced {
            Err("its published start is no longer feasible".to_string())
        } else {
            decode(&mut tt, s, horizon.now, pushed)
        };
        if let Err(reason) = placed {
            failed[order.index()] = true;
            take_out_unfrozen(&mut tt, baseline, order);
            if baseline.order_started(instance, order) {
                return Err(ReplanError::History {
                    message: format!(
                        "order '{}' has started, but {} can no longer be placed: {reason}",
                        instance.order(order).name,
                        label(instance, s.op)
                    ),
                });
            }
            notes.push(format!(
                "order '{}' lost its place ({reason}) and was re-inserted",
                instance.order(order).name
            ));
            reinsert.push(order);
        }
    }
    // Started orders whose remaining steps have no baseline placement (a plan made from scratch).
    for order in instance.order_ids() {
        if baseline.order_started(instance, order) && !is_placed(&tt, instance, order) {
            place_remaining(&mut tt, order, horizon.now, false)?;
        }
    }
    for order in instance.order_ids() {
        if failed[order.index()] || !is_placed(&tt, instance, order) {
            continue;
        }
        if let Some((deadline, arrival)) = missed_deadline(&tt, instance, order) {
            if baseline.order_started(instance, order) {
                settle_started_late_order(&mut tt, baseline, order, horizon.now)?;
                continue;
            }
            notes.push(format!(
                "order '{}' would arrive at {arrival}, after its hard deadline {deadline}; it was \
                 re-inserted",
                instance.order(order).name
            ));
            take_out_unfrozen(&mut tt, baseline, order);
            reinsert.push(order);
        }
    }
    for order in instance.order_ids() {
        let plan = instance.order_plan(order);
        let never_placed = plan
            .op_ids()
            .all(|op| baseline.placements[op.index()].is_none());
        if never_placed && !plan.ops.is_empty() {
            reinsert.push(order);
        }
    }
    reinsert.sort_by_key(|&o| {
        let order = instance.order(o);
        (order.deadline.is_none(), order.deadline, order.due, o)
    });
    reinsert.dedup();
    let mut unplanned = Vec::new();
    let energy = instance.has_energy_costs();
    for order in reinsert {
        let makespan = tt.to_schedule().makespan();
        let ins = Insertion::earliest(horizon.now, makespan, energy);
        if let Err(failed) = insert_cheapest(&mut tt, order, &ins) {
            let reason = failed.explain(instance, order);
            unplanned.push(UnplannedOrder {
                decision: Default::default(),
                order,
                reason,
            });
        }
    }
    let mut schedule = tt.to_schedule();
    schedule.unplanned = unplanned;
    schedule.ship_orders(instance);
    schedule.normalize();
    Ok(Repaired { schedule, notes })
}

/// Places every frozen operation at its baseline machine and start.
fn place_frozen(tt: &mut Timetable<'_>, baseline: &BaselineMap) -> Result<(), ReplanError> {
    let instance = tt.instance();
    let mut frozen: Vec<ScheduledOp> = baseline
        .placements
        .iter()
        .flatten()
        .filter(|s| baseline.frozen[s.op.index()])
        .copied()
        .collect();
    frozen.sort_by_key(|s| (s.start, s.op));
    for s in frozen {
        if let Err(e) = tt.place_in(s.op, s.machine, s.mode, s.start) {
            return Err(ReplanError::History {
                message: format!(
                    "{} started at {} on machine '{}' (before now), but cannot stay there: {e}",
                    label(instance, s.op),
                    s.start,
                    instance.machine(s.machine).name
                ),
            });
        }
    }
    Ok(())
}

/// Places one unfrozen baseline operation (see the module docs); the reason when it fits nowhere.
fn decode(
    tt: &mut Timetable<'_>,
    s: &ScheduledOp,
    now: Minutes,
    pushed: Pushed,
) -> Result<(), String> {
    let instance = tt.instance();
    let op = s.op;
    let after = earliest_allowed(tt, op, now).max(s.start);
    match tt.earliest_start_in(op, s.machine, s.mode, after) {
        Ok(start) if start == s.start || pushed == Pushed::SameMachine => {
            return tt
                .place_in(op, s.machine, s.mode, start)
                .map(|_| ())
                .map_err(|e| e.to_string());
        }
        _ => {}
    }
    let plant = instance.machine(s.machine).site;
    let (machine, mode, start) =
        earliest_end_at(tt, op, plant, after, Some((s.machine, s.mode)), false)?;
    tt.place_in(op, machine, mode, start)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// True when `s` can still start at its baseline machine and start.
fn keeps_place(tt: &Timetable<'_>, s: &ScheduledOp, now: Minutes) -> bool {
    let after = earliest_allowed(tt, s.op, now).max(s.start);
    tt.earliest_start_in(s.op, s.machine, s.mode, after) == Ok(s.start)
}

/// The earliest start routing order, release and `now` allow for `op` (its predecessor is placed).
fn earliest_allowed(tt: &Timetable<'_>, op: OpId, now: Minutes) -> Minutes {
    let instance = tt.instance();
    let operation = instance.op(op);
    let plan = instance.order_plan(operation.order);
    let ready = if op == plan.first_op() {
        instance.order(operation.order).release
    } else {
        tt.placement(OpId(op.0 - 1))
            .map_or(Minutes::MAX / 4, |p| p.end + operation.min_lag)
    };
    ready.max(now)
}

/// The machine and machine mode of `plant` where `op` ends first when started at or after `after`,
/// preferring `preferred` on ties, and its start; the reason when no machine can take it. Each
/// candidate ends by the duration of the mode it would run in. The candidates are every machine's
/// nominal mode and `preferred` (the mode the operation ran in), or with `any_mode` every mode of
/// every machine (to meet a hard deadline a faster mode may be needed); the search that follows
/// the repair chooses modes by cost.
fn earliest_end_at(
    tt: &Timetable<'_>,
    op: OpId,
    plant: SiteId,
    after: Minutes,
    preferred: Option<(MachineId, ModeId)>,
    any_mode: bool,
) -> Result<(MachineId, ModeId, Minutes), String> {
    let instance = tt.instance();
    let mut best: Option<((Minutes, bool), MachineId, ModeId, Minutes)> = None;
    let mut blocked = None;
    for option in &instance.op(op).options {
        let wanted = Some((option.machine, option.mode)) == preferred;
        if instance.machine(option.machine).site != plant
            || !(any_mode || wanted || option.mode.is_nominal())
        {
            continue;
        }
        match tt.earliest_start_in(op, option.machine, option.mode, after) {
            Ok(start) => {
                let key = (start + option.duration, !wanted);
                if best.is_none_or(|(k, ..)| key < k) {
                    best = Some((key, option.machine, option.mode, start));
                }
            }
            Err(b) => blocked = blocked.or(Some(b)),
        }
    }
    match (best, blocked) {
        (Some((_, machine, mode, start)), _) => Ok((machine, mode, start)),
        (None, Some(b)) => Err(b.describe(instance)),
        (None, None) => Err(format!(
            "no machine at plant '{}' can do {}",
            instance.site(plant).name,
            label(instance, op)
        )),
    }
}

/// Removes every placed, unfrozen operation of `order`.
fn take_out_unfrozen(tt: &mut Timetable<'_>, baseline: &BaselineMap, order: OrderId) {
    let instance = tt.instance();
    for op in instance.order_plan(order).op_ids() {
        if !baseline.frozen[op.index()] {
            tt.unplace(op);
        }
    }
}

fn is_placed(tt: &Timetable<'_>, instance: &Instance, order: OrderId) -> bool {
    let plan = instance.order_plan(order);
    !plan.ops.is_empty() && plan.op_ids().all(|op| tt.placement(op).is_some())
}

/// `(deadline, arrival)` when a placed order arrives after its hard deadline.
fn missed_deadline(
    tt: &Timetable<'_>,
    instance: &Instance,
    order: OrderId,
) -> Option<(Minutes, Minutes)> {
    let deadline = instance.order(order).deadline?;
    let arrival = arrival(tt, instance, order)?;
    (arrival > deadline).then_some((deadline, arrival))
}

/// Arrival of a placed order: where its shipment reaches the customer ([`Instance::shipping`]).
fn arrival(tt: &Timetable<'_>, instance: &Instance, order: OrderId) -> Option<Minutes> {
    let plan = instance.order_plan(order);
    let first = tt.placement(plan.first_op())?;
    let completion = plan
        .op_ids()
        .filter_map(|op| tt.placement(op).map(|s| s.end))
        .max()?;
    let site = instance.machine(first.machine).site;
    Some(
        instance
            .shipping(order, site, completion)
            .map_or(completion, |(_, _, arrive)| arrive),
    )
}

/// A started order that misses its deadline: its remaining steps go where each ends first, in
/// nominal mode, then in whatever mode ends first; when it still misses, no plan can keep history
/// and the deadline.
fn settle_started_late_order(
    tt: &mut Timetable<'_>,
    baseline: &BaselineMap,
    order: OrderId,
    now: Minutes,
) -> Result<(), ReplanError> {
    take_out_unfrozen(tt, baseline, order);
    place_remaining(tt, order, now, false)?;
    let instance = tt.instance();
    if missed_deadline(tt, instance, order).is_some() {
        // A faster machine mode (boost) may still meet it.
        take_out_unfrozen(tt, baseline, order);
        place_remaining(tt, order, now, true)?;
    }
    match missed_deadline(tt, instance, order) {
        None => Ok(()),
        Some((deadline, arrival)) => Err(ReplanError::DeadlineUnreachable {
            message: format!(
                "order '{}' has started (its first steps are history) and can no longer meet its \
                 hard deadline {deadline}: its earliest arrival is now {arrival}",
                instance.order(order).name
            ),
        }),
    }
}

/// Places every unplaced step of a started order (its first step is placed, so its plant is known)
/// on the machine of its plant where the step ends first: in nominal mode, or with `any_mode` in
/// whichever mode ends first ([`earliest_end_at`]).
fn place_remaining(
    tt: &mut Timetable<'_>,
    order: OrderId,
    now: Minutes,
    any_mode: bool,
) -> Result<(), ReplanError> {
    let instance = tt.instance();
    let plan = instance.order_plan(order);
    let plant = tt
        .placement(plan.first_op())
        .map(|f| instance.machine(f.machine).site);
    for op in plan.op_ids() {
        if tt.placement(op).is_some() {
            continue;
        }
        let after = earliest_allowed(tt, op, now);
        let placed = plant
            .ok_or_else(|| "its first step is not placed".to_string())
            .and_then(|plant| earliest_end_at(tt, op, plant, after, None, any_mode))
            .and_then(|(m, mode, start)| {
                tt.place_in(op, m, mode, start).map_err(|e| e.to_string())
            });
        if let Err(reason) = placed {
            return Err(ReplanError::History {
                message: format!(
                    "order '{}' has started, but {} can no longer be placed: {reason}",
                    instance.order(order).name,
                    label(instance, op)
                ),
            });
        }
    }
    Ok(())
}
