//! Assignment rules: every operation of every planned order is scheduled exactly once, on an
//! eligible machine, for exactly its duration there; unplanned orders have nothing in the plan.

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::{OpId, OrderId};

/// Checks operation ids, duplicates, missing operations, unplanned orders, machines and durations.
pub(super) fn check(plan: &Plan, check_shipments: bool, out: &mut Vec<Violation>) {
    unknown_and_duplicate_entries(plan, out);
    unknown_unplanned_orders(plan, out);
    missing_and_unplanned(plan, check_shipments, out);
    machines_and_durations(plan, out);
}

fn unknown_and_duplicate_entries(plan: &Plan, out: &mut Vec<Violation>) {
    for (i, s) in plan.schedule.ops.iter().enumerate() {
        if plan.op_ref(s.op).is_none() {
            let msg = format!(
                "operation {} on machine '{}' at {} does not exist (the instance has {} operations)",
                s.op.0,
                plan.machine_name(s.machine),
                s.start,
                plan.op_count()
            );
            out.push(
                Violation::new(ViolationCode::UnknownOperation, msg)
                    .ops([s.op])
                    .machines([s.machine])
                    .at(s.start),
            );
            continue;
        }
        let Some(first) = plan.placed(s.op) else {
            continue;
        };
        if plan.placement_index(s.op) != Some(i) {
            let r = plan.op_ref(s.op).map(|r| r.order);
            let msg = format!(
                "{} is scheduled more than once: on machine '{}' at [{}, {}) and again on machine '{}' at [{}, {})",
                plan.op_label(s.op),
                plan.machine_name(first.machine),
                first.start,
                first.end,
                plan.machine_name(s.machine),
                s.start,
                s.end
            );
            out.push(
                Violation::new(ViolationCode::DuplicateOperation, msg)
                    .orders(r)
                    .ops([s.op])
                    .machines([first.machine, s.machine])
                    .at(s.start),
            );
        }
    }
}

fn unknown_unplanned_orders(plan: &Plan, out: &mut Vec<Violation>) {
    for u in &plan.schedule.unplanned {
        if plan.order(u.order).is_none() {
            let msg = format!(
                "order {} is listed as unplanned but does not exist (the instance has {} orders)",
                u.order.0,
                plan.instance.orders().len()
            );
            out.push(Violation::new(ViolationCode::UnknownOrder, msg).orders([u.order]));
        }
    }
}

fn missing_and_unplanned(plan: &Plan, check_shipments: bool, out: &mut Vec<Violation>) {
    let mut shipments_of = vec![0usize; plan.instance.orders().len()];
    if check_shipments {
        for s in &plan.schedule.shipments {
            if let Some(n) = shipments_of.get_mut(s.order.index()) {
                *n += 1;
            }
        }
    }
    for order in plan.instance.order_ids() {
        let name = plan.order_name(order);
        if plan.is_unplanned(order) {
            let ops: Vec<OpId> = plan
                .order_ops(order)
                .filter(|&op| plan.placed(op).is_some())
                .collect();
            let shipments = shipments_of[order.index()];
            if ops.is_empty() && shipments == 0 {
                continue;
            }
            let msg = format!(
                "order '{name}' is listed as unplanned but the plan has {} of its operations and {} shipment(s) for it",
                ops.len(),
                shipments
            );
            let earliest = ops
                .iter()
                .filter_map(|&op| plan.placed(op))
                .map(|s| s.start)
                .min();
            let mut v = Violation::new(ViolationCode::UnplannedButScheduled, msg)
                .orders([order])
                .ops(ops);
            v.at = earliest;
            out.push(v);
            continue;
        }
        let all: Vec<OpId> = plan.order_ops(order).collect();
        let missing: Vec<OpId> = all
            .iter()
            .copied()
            .filter(|&op| plan.placed(op).is_none())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let steps: Vec<String> = missing
            .iter()
            .filter_map(|&op| plan.op_ref(op))
            .map(|r| (r.step + 1).to_string())
            .collect();
        let msg = format!(
            "order '{name}' is not listed as unplanned, but step(s) {} of its {} are not scheduled",
            steps.join(", "),
            all.len()
        );
        out.push(
            Violation::new(ViolationCode::MissingOperation, msg)
                .orders([order])
                .ops(missing),
        );
    }
}

fn machines_and_durations(plan: &Plan, out: &mut Vec<Violation>) {
    for s in plan.placements() {
        let Some(r) = plan.op_ref(s.op) else {
            continue;
        };
        let order: OrderId = r.order;
        let label = plan.op_label(s.op);
        let machine = plan.machine_name(s.machine);
        let Some(option) = plan.step_option(s.op, s.machine) else {
            let why = if plan.machine(s.machine).is_none() {
                "is not a machine of the instance"
            } else {
                "is not eligible for this routing step"
            };
            let msg = format!("{label} runs on machine '{machine}', which {why}");
            out.push(
                Violation::new(ViolationCode::IneligibleMachine, msg)
                    .orders([order])
                    .ops([s.op])
                    .machines([s.machine])
                    .at(s.start),
            );
            continue;
        };
        let quantity = plan.order(order).map_or(0, |o| o.quantity);
        // Reported overruns lengthen a step on every machine (re-planning).
        let overrun: i64 = plan.order(order).map_or(0, |o| {
            o.overruns
                .iter()
                .filter(|(step, _)| *step as usize == r.step)
                .map(|(_, extra)| *extra)
                .sum()
        });
        let nominal = option.duration(quantity);
        // A mode the machine lacks is reported by the mode rule; its duration is not judged. An
        // overrun is clock minutes, added after the mode's speed factor.
        let Some(expected) =
            super::modes::duration_in_mode(plan, s, nominal).and_then(|d| d.checked_add(overrun))
        else {
            continue;
        };
        let actual = i128::from(s.end) - i128::from(s.start);
        if actual != i128::from(expected) {
            let mut overrun_note = if s.mode.is_nominal() {
                String::new()
            } else {
                super::modes::mode_note(plan, s, nominal)
            };
            if overrun != 0 {
                overrun_note.push_str(&format!(" + {overrun} reported overrun"));
            }
            let msg = format!(
                "{label} runs on machine '{machine}' during [{}, {}) = {actual} minutes, but takes {expected} there (setup {} + {} units x {} per unit, rounded up{overrun_note})",
                s.start, s.end, option.setup, quantity, option.run_per_unit
            );
            out.push(
                Violation::new(ViolationCode::WrongDuration, msg)
                    .orders([order])
                    .ops([s.op])
                    .machines([s.machine])
                    .at(s.start),
            );
        }
    }
}
