//! A cheap energy improvement for order-by-order insertion: an order that would arrive well before
//! its due date (or deadline) may run its steps in cheaper price periods, as long as the shifted
//! placement costs less in total (tardiness, energy, transport, makespan, and the mode changes and
//! demand-charge growth it causes: [`crate::timetable::Timetable::extra_cost`]) than the earliest
//! one.

use super::planner::{OrderPlacement, Planner};
use crate::model::{MachineId, Minutes, ModeId, OrderId, Window};
use crate::solution::ScheduledOp;

/// Price boundaries tried per machine and step, beyond the earliest start.
const MAX_BOUNDARIES: usize = 8;

/// Returns the better of `earliest` (placed) and a placement that moves steps into cheaper price
/// periods within the order's slack; the returned placement is the one left in the timetable.
/// `None` only if restoring `earliest` failed (nothing of the order is placed then).
pub(super) fn shift_to_cheaper_periods(
    p: &mut Planner<'_>,
    order: OrderId,
    earliest: OrderPlacement,
) -> Option<OrderPlacement> {
    let instance = p.instance;
    let o = instance.order(order);
    let target = match (o.due, o.deadline) {
        (Some(due), Some(deadline)) => due.min(deadline),
        (Some(t), None) | (None, Some(t)) => t,
        (None, None) => return Some(earliest),
    };
    let plan = instance.order_plan(order);
    let plant = &plan.plants[earliest.plant_index];
    if earliest.arrival >= target || instance.tariff(plant.site).is_free() {
        return Some(earliest);
    }
    let transit = plant.fastest().map_or(0, |r| r.transit);
    let finish_by = target - transit;
    p.remove(&earliest);
    let mut ops: Vec<ScheduledOp> = Vec::with_capacity(earliest.ops.len());
    let mut ready = o.release;
    let mut complete = true;
    // Mode changes and demand-charge growth of the shifted steps (money), as the insertion prices
    // them for `earliest`.
    let mut extra = 0.0;
    for op in plan.op_ids() {
        let operation = instance.op(op);
        if let Some(prev) = ops.last() {
            ready = prev.end + operation.min_lag;
        }
        // Latest end of this step that leaves the later steps their shortest time.
        let latest_end = finish_by - (p.facts.tail[op.index()] - operation.min_duration());
        // (end within slack?, energy cost, end, machine, start, mode): smallest wins. A slower
        // machine mode (eco) wins only where it still ends within the slack.
        let mut best: Option<(bool, f64, Minutes, MachineId, Minutes, ModeId)> = None;
        for option in &operation.options {
            if instance.machine(option.machine).site != plant.site {
                continue;
            }
            let d = option.duration;
            let mut starts = Vec::with_capacity(2 * MAX_BOUNDARIES + 1);
            let Ok(first) =
                p.tt.earliest_start_in(op, option.machine, option.mode, ready)
            else {
                continue;
            };
            starts.push(first);
            for b in boundaries(&instance.tariff(plant.site).periods, first, latest_end) {
                for wanted in [b, b - d] {
                    if wanted > first
                        && wanted + d <= latest_end
                        && let Ok(s) =
                            p.tt.earliest_start_in(op, option.machine, option.mode, wanted)
                    {
                        starts.push(s);
                    }
                }
            }
            for start in starts {
                let end = start + d;
                let key = (
                    end > latest_end,
                    instance.energy_cost_in(option.machine, option.mode, start, end)
                        + p.tt.extra_cost(option.machine, option.mode, start, end),
                    end,
                    option.machine,
                    start,
                    option.mode,
                );
                let better = best.as_ref().is_none_or(|b| {
                    key.0
                        .cmp(&b.0)
                        .then(key.1.total_cmp(&b.1))
                        .then(key.2.cmp(&b.2))
                        .is_lt()
                });
                if better {
                    best = Some(key);
                }
            }
        }
        let chosen = best.and_then(|(_, _, end, machine, start, mode)| {
            extra += p.tt.extra_cost(machine, mode, start, end);
            p.tt.place_in(op, machine, mode, start).ok()
        });
        match chosen {
            Some(s) => ops.push(s),
            None => {
                complete = false;
                break;
            }
        }
    }
    if complete {
        let mut shifted = p.placement(order, earliest.plant_index, ops);
        shifted.cost += instance.weights().energy * extra;
        let meets_deadline = o.deadline.is_none_or(|d| shifted.arrival <= d);
        if meets_deadline && shifted.cost < earliest.cost - 1e-9 {
            return Some(shifted);
        }
        p.remove(&shifted);
    } else {
        for s in &ops {
            p.tt.unplace(s.op);
        }
    }
    // The timetable is back in the state `earliest` was found in, so replaying it succeeds.
    let replayed = p.replay(&earliest);
    debug_assert!(
        replayed,
        "replaying the earliest placement in the same state failed"
    );
    replayed.then_some(earliest)
}

/// Price period starts and ends in `(after, until]`, in time order, at most [`MAX_BOUNDARIES`].
fn boundaries(periods: &[(Window, f64)], after: Minutes, until: Minutes) -> Vec<Minutes> {
    let from = periods.partition_point(|(w, _)| w.end <= after);
    let mut out = Vec::with_capacity(MAX_BOUNDARIES);
    for (w, _) in &periods[from..] {
        for b in [w.start, w.end] {
            if b > after && b <= until && out.last() != Some(&b) && out.len() < MAX_BOUNDARIES {
                out.push(b);
            }
        }
        if w.start > until || out.len() >= MAX_BOUNDARIES {
            break;
        }
    }
    out
}
