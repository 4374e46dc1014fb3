//! Checking a re-plan without the re-planner: the instance it was made for, rebuilt from the
//! instance before the events, the events, `now` and the plan itself (`takt check --events E --now
//! T`).
//!
//! A re-plan keeps every operation the published plan started before `now` (machine and start) and
//! starts everything else at or after `now`, so its own operations before `now` are the history the
//! events were applied against. Applying the events again with that history gives the same
//! instance as the re-plan's (`instance/` beside it), and so the same verdict.

use super::apply::apply_events;
use super::error::ReplanError;
use super::events::Event;
use crate::model::{Horizon, Instance, Minutes, OrderId};
use crate::solution::{Schedule, ScheduledOp};
use std::collections::HashMap;
use std::sync::Arc;

/// `instance` with the orders the events add (rush orders) and without those they cancel; nothing
/// else changes. Enough to read a plan made after the events, whose history is not known yet.
///
/// # Errors
/// [`ReplanError::Event`] for a rush order or cancellation that does not fit the instance.
pub fn with_event_orders(
    instance: &Instance,
    now: Minutes,
    events: &[Event],
) -> Result<Instance, ReplanError> {
    let (positions, orders): (Vec<usize>, Vec<Event>) = events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, Event::RushOrder(_) | Event::OrderCancelled { .. }))
        .map(|(k, e)| (k, e.clone()))
        .unzip();
    let horizon = Horizon {
        now,
        published_until: now,
    };
    match apply_events(instance, &Schedule::default(), &horizon, &orders) {
        Ok(applied) => Ok(Arc::unwrap_or_clone(applied.instance)),
        // Errors name the event by its position among all events.
        Err(ReplanError::Event(mut e)) => {
            e.index = positions.get(e.index).copied().unwrap_or(e.index);
            Err(ReplanError::Event(e))
        }
        Err(e) => Err(e),
    }
}

/// The instance after `events` at `now`, taking the operations of `plan` (a plan of
/// `planned_for`, e.g. [`with_event_orders`]) that start before `now` as history, and the notes
/// applying them gave (postponed downtime, interrupted operations).
///
/// # Errors
/// As [`super::Replanner::apply_all`]: an event unknown to the instance or contradicting that
/// history.
pub fn instance_after_events(
    instance: &Instance,
    plan: &Schedule,
    planned_for: &Instance,
    now: Minutes,
    events: &[Event],
) -> Result<(Instance, Vec<String>), ReplanError> {
    let by_name: HashMap<&str, OrderId> = instance
        .order_ids()
        .map(|o| (instance.order(o).name.as_str(), o))
        .collect();
    let mut history = Schedule::default();
    for s in plan.ops.iter().filter(|s| s.start < now) {
        let Some(operation) = planned_for.ops().get(s.op.index()) else {
            continue;
        };
        let name = planned_for.order(operation.order).name.as_str();
        let Some(&order) = by_name.get(name) else {
            continue;
        };
        let ops = &instance.order_plan(order).ops;
        if operation.step >= ops.end - ops.start {
            continue;
        }
        let op = crate::model::OpId(ops.start + operation.step);
        let end = instance
            .op(op)
            .duration_in(s.machine, s.mode)
            .map_or(s.end, |d| s.start.saturating_add(d));
        history.ops.push(ScheduledOp {
            op,
            machine: s.machine,
            start: s.start,
            end,
            mode: s.mode,
        });
    }
    let horizon = Horizon {
        now,
        published_until: now,
    };
    let applied = apply_events(instance, &history, &horizon, events)?;
    Ok((Arc::unwrap_or_clone(applied.instance), applied.notes))
}
