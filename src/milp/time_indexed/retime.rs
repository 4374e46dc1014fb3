//! Moves a feasible plan onto the start grid, so that it can warm-start a time-indexed model with
//! `Δ > 1`: operations keep their machines and their order of starts and each takes the earliest
//! grid start at or after its old start rounded down to the grid (and after its predecessor) where
//! the machine, the power cap and the material allow.

use super::grid::{ceil_to, floor_to};
use crate::model::{Instance, Minutes};
use crate::solution::{Schedule, Shipment, evaluate};
use crate::timetable::Timetable;
use crate::validate::validate;

/// Steps of the earliest-grid-start search per operation before giving up.
const MAX_PROBES: usize = 10_000;

/// The plan moved onto a grid of `bucket` minutes, or `None` when that breaks it (a deadline).
/// Two ways are tried, the cheaper kept: every operation at or after its old start rounded down to
/// the grid (keeps work in the periods the plan chose), and every operation as early as its
/// predecessors allow (loses the least time).
pub(crate) fn retime(instance: &Instance, plan: &Schedule, bucket: Minutes) -> Option<Schedule> {
    if bucket <= 1 || plan.ops.iter().all(|s| s.start.rem_euclid(bucket) == 0) {
        return Some(plan.clone());
    }
    [true, false]
        .into_iter()
        .filter_map(|keep_periods| retime_with(instance, plan, bucket, keep_periods))
        .min_by(|a, b| {
            evaluate(instance, a)
                .objective
                .total_cmp(&evaluate(instance, b).objective)
        })
}

/// A MILP plan that the checker rejects only because HiGHS's tolerances let a big-M row slip (an
/// operation a few minutes into a downtime, or overlapping its predecessor), re-timed exactly: the
/// machines and the order of starts kept, every operation at the earliest feasible minute at or
/// after its start (or, failing that, as early as its predecessors allow). `None` when neither
/// gives a plan the checker accepts.
pub(crate) fn repair(instance: &Instance, plan: &Schedule) -> Option<Schedule> {
    [true, false]
        .into_iter()
        .filter_map(|keep_periods| retime_with(instance, plan, 1, keep_periods))
        .min_by(|a, b| {
            evaluate(instance, a)
                .objective
                .total_cmp(&evaluate(instance, b).objective)
        })
}

fn retime_with(
    instance: &Instance,
    plan: &Schedule,
    bucket: Minutes,
    keep_periods: bool,
) -> Option<Schedule> {
    let mut order = plan.ops.clone();
    order.sort_by_key(|s| (s.start, s.op));
    let mut table = Timetable::new(instance);
    let mut end_of = vec![None; instance.ops().len()];
    for s in order {
        let op = instance.op(s.op);
        let plan_of = instance.order_plan(op.order);
        let routing_ready = if plan_of.first_op() == s.op {
            instance.order(op.order).release
        } else {
            let prev = crate::model::OpId(s.op.0 - 1);
            end_of[prev.index()]? + op.min_lag
        };
        let not_before = if keep_periods {
            floor_to(s.start, bucket)
        } else {
            Minutes::MIN
        };
        let mut t = ceil_to(routing_ready.max(not_before), bucket);
        let mut probes = 0;
        let start = loop {
            let earliest = table.earliest_start_in(s.op, s.machine, s.mode, t).ok()?;
            if earliest.rem_euclid(bucket) == 0 {
                break earliest;
            }
            t = ceil_to(earliest, bucket);
            probes += 1;
            if probes > MAX_PROBES {
                return None;
            }
        };
        let placed = table.place_in(s.op, s.machine, s.mode, start).ok()?;
        end_of[s.op.index()] = Some(placed.end);
    }
    let mut moved = table.to_schedule();
    let placed = moved.by_op(instance);
    for old in &plan.shipments {
        let last = placed[instance.order_plan(old.order).last_op().index()]?;
        let (depart, arrive) =
            instance
                .lane_timing()
                .best_departure(instance.lanes(), &old.lanes, last.end);
        moved.shipments.push(Shipment {
            order: old.order,
            lanes: old.lanes.clone(),
            depart,
            arrive,
        });
    }
    moved.normalize();
    validate(instance, &moved).is_complete().then_some(moved)
}
