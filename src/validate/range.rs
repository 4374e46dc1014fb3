//! Times a plan may hold: within `[-MAX_MINUTES, MAX_MINUTES]`, the range plans are read back in,
//! with every operation, shipment and transfer ending no earlier than it starts.
//!
//! A plan that breaks this rule is judged by it alone: the other rules compute with the times
//! (sums, differences) and need them in range.

use super::report::{Violation, ViolationCode};
use crate::model::{MAX_MINUTES, in_range};
use crate::solution::Schedule;

/// Reports every operation and shipment with a time beyond the range.
pub(super) fn check(schedule: &Schedule, violations: &mut Vec<Violation>) {
    for s in &schedule.ops {
        if !(in_range(s.start) && in_range(s.end)) {
            violations.push(
                Violation::new(
                    ViolationCode::TimeOutOfRange,
                    format!(
                        "{} runs [{}, {}), beyond the {MAX_MINUTES} minutes plans are read back in",
                        s.op, s.start, s.end
                    ),
                )
                .ops([s.op])
                .machines([s.machine]),
            );
        }
    }
    for s in &schedule.shipments {
        if !(in_range(s.depart) && in_range(s.arrive)) {
            violations.push(
                Violation::new(
                    ViolationCode::TimeOutOfRange,
                    format!(
                        "the shipment of {} departs at {} and arrives at {}, beyond the \
                         {MAX_MINUTES} minutes plans are read back in",
                        s.order, s.depart, s.arrive
                    ),
                )
                .orders([s.order]),
            );
        }
    }
    for t in &schedule.transfers {
        if !(in_range(t.depart) && in_range(t.arrive)) {
            violations.push(
                Violation::new(
                    ViolationCode::TimeOutOfRange,
                    format!(
                        "a transfer from {} departs at {} and arrives at {}, beyond the \
                         {MAX_MINUTES} minutes plans are read back in",
                        t.from, t.depart, t.arrive
                    ),
                )
                .orders(t.order),
            );
        }
    }
}
