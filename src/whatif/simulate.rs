//! "Keep the plan": the published plan run by a shop floor under a scenario, with the dispatch
//! rules a shop floor follows when nobody re-plans.
//!
//! Every operation keeps its machine and its place in the machine's queue, and starts as soon as it
//! can, but never before its published start (the published start is when the work is released to
//! the floor: staff, material and energy are arranged for it). It can start when
//! - the operation before it in its machine's queue has ended,
//! - the previous step of its order has ended and the step's minimum lag has passed,
//! - the machine is up for its whole duration (the model does not split operations: one that a
//!   breakdown interrupts starts again from scratch when the machine is back, which ends at the same
//!   minute as starting then),
//! - its site stays within its power cap, and
//! - for an order's first step, the order's material is there; material goes to orders in plan
//!   order (an order that slips keeps its claim on the material the plan gave it).
//!
//! Operations that started before `now` are history and keep their start (an overrun lengthens
//! them). Operations are taken in published start order, so a pushed operation pushes exactly the
//! work queued behind it and the later steps of its order, and nothing else. Cancelled orders
//! leave their machine time idle; rush orders and orders the published plan left unplanned stay
//! unplanned. Finished orders ship on the fastest route when their last step ends.
//!
//! Nothing is re-optimised: this is the reference a re-plan is measured against. A kept plan
//! breaks no rule of the model except, possibly, hard deadlines (an order pushed past its deadline
//! is reported as a missed deadline, since the shop floor does not drop work).
//!
//! This is list scheduling with a fixed priority order, the "right-shift" reaction of the
//! predictive-reactive scheduling literature (Vieira, Herrmann and Lin, *Rescheduling
//! manufacturing systems: a framework of strategies, policies, and methods*, J. Scheduling 6, 2003).

use crate::model::{Instance, MachineId, Minutes, OpId, OrderId};
use crate::solution::{Kpis, Schedule, ScheduledOp, UnplannedOrder, evaluate, order_outcomes};
use crate::timetable::Timetable;
use std::collections::HashMap;

/// One operation of the published plan, named by its order and step so that it can be found again
/// in an instance changed by events.
#[derive(Clone, Copy, Debug)]
struct PlannedOp {
    /// The order in the published plan's instance.
    order: OrderId,
    /// The routing step (0-based).
    step: u32,
    machine: MachineId,
    start: Minutes,
    end: Minutes,
    mode: crate::model::ModeId,
}

/// A published plan prepared for many simulations: its operations in plan order.
#[derive(Clone, Debug)]
pub struct ShopFloor {
    /// Order names of the published plan's instance, by order index.
    orders: Vec<String>,
    /// Operations sorted by published start (then machine, then operation id).
    ops: Vec<PlannedOp>,
    /// Orders the published plan leaves out, with the reason.
    unplanned: Vec<(OrderId, String, crate::solution::Decision)>,
}

/// The published plan as the shop floor ran it under one scenario.
#[derive(Clone, Debug)]
pub struct KeptPlan {
    /// The plan as run (operation ids of the scenario's instance).
    pub schedule: Schedule,
    /// Its KPIs under the scenario's facts (prices, due dates, orders).
    pub kpis: Kpis,
    /// Operations that start or end at another minute than published.
    pub moved: usize,
    /// Orders that arrive after their hard deadline.
    pub missed_deadlines: usize,
}

impl ShopFloor {
    /// Prepares `published`, a plan of `instance`.
    pub fn new(instance: &Instance, published: &Schedule) -> Self {
        let mut ops: Vec<(OpId, PlannedOp)> = published
            .ops
            .iter()
            .filter(|s| s.op.index() < instance.ops().len())
            .map(|s| {
                let op = instance.op(s.op);
                (
                    s.op,
                    PlannedOp {
                        order: op.order,
                        step: op.step,
                        machine: s.machine,
                        start: s.start,
                        end: s.end,
                        mode: s.mode,
                    },
                )
            })
            .collect();
        ops.sort_by_key(|(id, p)| (p.start, p.machine, *id));
        Self {
            orders: instance.orders().iter().map(|o| o.name.clone()).collect(),
            ops: ops.into_iter().map(|(_, p)| p).collect(),
            unplanned: published
                .unplanned
                .iter()
                .map(|u| (u.order, u.reason.clone(), u.decision))
                .collect(),
        }
    }

    /// Runs the plan on `instance` (the published plan's instance after a scenario's events) from
    /// `now`: see the module docs.
    pub fn simulate(&self, instance: &Instance, now: Minutes) -> KeptPlan {
        let map = self.order_map(instance);
        let mut table = Timetable::new(instance);
        let mut machine_free: Vec<Minutes> = vec![Minutes::MIN; instance.machines().len()];
        let mut dropped: Vec<Option<String>> = vec![None; instance.orders().len()];
        let mut moved = 0;
        for planned in &self.ops {
            let Some(order) = map[planned.order.index()] else {
                continue; // cancelled
            };
            if dropped[order.index()].is_some() {
                continue;
            }
            let op_id = OpId(instance.order_plan(order).ops.start + planned.step);
            let op = instance.op(op_id);
            let mut after = planned
                .start
                .max(machine_free[planned.machine.index()])
                .max(instance.order(order).release);
            if planned.step > 0 {
                let previous = OpId(op_id.0 - 1);
                if let Some(p) = table.placement(previous) {
                    after = after.max(p.end + op.min_lag);
                }
            }
            let placed = if planned.start < now {
                // History: it started at its published start.
                table
                    .place_in(op_id, planned.machine, planned.mode, planned.start)
                    .ok()
                    .or_else(|| place_earliest(&mut table, op_id, planned, after).ok())
            } else {
                place_earliest(&mut table, op_id, planned, after).ok()
            };
            match placed {
                Some(s) => {
                    machine_free[planned.machine.index()] = s.end;
                    if (s.start, s.end) != (planned.start, planned.end) {
                        moved += 1;
                    }
                }
                None => {
                    // Only an order's first step can be blocked (by material that never comes).
                    let reason = table
                        .earliest_start_in(op_id, planned.machine, planned.mode, after)
                        .err()
                        .map_or_else(
                            || "it could not run as published".to_string(),
                            |b| format!("it could not run as published: {}", b.describe(instance)),
                        );
                    for earlier in instance.order_plan(order).op_ids() {
                        table.unplace(earlier);
                    }
                    dropped[order.index()] = Some(reason);
                }
            }
        }
        let mut schedule = table.to_schedule();
        for (o, reason) in dropped.into_iter().enumerate() {
            if let Some(reason) = reason {
                schedule.unplanned.push(UnplannedOrder {
                    decision: Default::default(),
                    order: OrderId::from_index(o),
                    reason,
                });
            }
        }
        let mut published_unplanned: Vec<Option<(&str, crate::solution::Decision)>> =
            vec![None; instance.orders().len()];
        for (o, reason, decision) in &self.unplanned {
            if let Some(Some(order)) = map.get(o.index()) {
                published_unplanned[order.index()] = Some((reason, *decision));
            }
        }
        let placed = schedule.by_op(instance);
        for order in instance.order_ids() {
            let has_ops = instance
                .order_plan(order)
                .op_ids()
                .any(|op| placed[op.index()].is_some());
            if has_ops || schedule.is_unplanned(order) {
                continue;
            }
            // A published drop or deferral stays a decision when the plan is kept.
            let (reason, decision) = published_unplanned[order.index()].map_or_else(
                || {
                    (
                        "an event added it after the plan was published; keeping the plan does not plan it".to_string(),
                        Default::default(),
                    )
                },
                |(reason, decision)| (reason.to_string(), decision),
            );
            schedule.unplanned.push(UnplannedOrder {
                decision,
                order,
                reason,
            });
        }
        schedule.ship_orders(instance);
        schedule.normalize();
        let kpis = evaluate(instance, &schedule);
        let missed_deadlines = order_outcomes(instance, &schedule)
            .iter()
            .filter(|o| {
                instance
                    .order(o.order)
                    .deadline
                    .is_some_and(|d| o.arrival > d)
            })
            .count();
        KeptPlan {
            schedule,
            kpis,
            moved,
            missed_deadlines,
        }
    }

    /// The published plan's orders in `instance`, by name (`None`: cancelled). Orders keep their
    /// index unless an event removed one before them.
    fn order_map(&self, instance: &Instance) -> Vec<Option<OrderId>> {
        let same = instance.orders().len() >= self.orders.len()
            && self
                .orders
                .iter()
                .zip(instance.orders())
                .all(|(a, b)| a == &b.name);
        if same {
            return (0..self.orders.len())
                .map(|o| Some(OrderId::from_index(o)))
                .collect();
        }
        let by_name: HashMap<&str, OrderId> = instance
            .order_ids()
            .map(|o| (instance.order(o).name.as_str(), o))
            .collect();
        self.orders
            .iter()
            .map(|name| by_name.get(name.as_str()).copied())
            .collect()
    }
}

/// Places `op` on `machine` at the earliest feasible minute at or after `after`.
fn place_earliest(
    table: &mut Timetable<'_>,
    op: OpId,
    planned: &PlannedOp,
    after: Minutes,
) -> Result<ScheduledOp, ()> {
    let (machine, mode) = (planned.machine, planned.mode);
    let start = table
        .earliest_start_in(op, machine, mode, after)
        .map_err(|_| ())?;
    table.place_in(op, machine, mode, start).map_err(|_| ())
}
