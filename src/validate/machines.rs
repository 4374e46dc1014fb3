//! Machine rule: a machine processes one operation at a time. Intervals are half-open, so one
//! operation may start at the minute the previous one ends.

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::solution::ScheduledOp;

/// Checks for overlapping operations on each machine: sort by (machine, start), then sweep while
/// remembering the operation that ends last so far.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    let mut busy: Vec<&ScheduledOp> = plan
        .placements()
        .filter(|s| plan.machine(s.machine).is_some() && s.start < s.end)
        .collect();
    busy.sort_by_key(|s| (s.machine, s.start, s.end, s.op));
    let mut latest: Option<&ScheduledOp> = None;
    for s in busy {
        match latest {
            Some(l) if l.machine == s.machine => {
                if s.start < l.end {
                    out.push(overlap(plan, l, s));
                }
                if s.end > l.end {
                    latest = Some(s);
                }
            }
            _ => latest = Some(s),
        }
    }
}

fn overlap(plan: &Plan, a: &ScheduledOp, b: &ScheduledOp) -> Violation {
    let msg = format!(
        "machine '{}' runs {} during [{}, {}) and {} during [{}, {}); they overlap during [{}, {})",
        plan.machine_name(a.machine),
        plan.op_label(a.op),
        a.start,
        a.end,
        plan.op_label(b.op),
        b.start,
        b.end,
        b.start,
        a.end.min(b.end)
    );
    let orders = [a.op, b.op]
        .into_iter()
        .filter_map(|op| plan.op_ref(op).map(|r| r.order));
    Violation::new(ViolationCode::MachineOverlap, msg)
        .orders(orders)
        .ops([a.op, b.op])
        .machines([a.machine])
        .at(b.start)
}
