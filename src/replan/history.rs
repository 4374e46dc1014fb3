//! History: the operations that started before `now` in the baseline, and the checks that keep
//! events from contradicting them (overruns only on started work and not into work that started
//! after it; downtime postponed past started work).

use super::error::{EventCode, ReplanError};
use super::events::{point, show_window_at};
use super::frozen::Horizon;
use crate::model::{Instance, MachineId, Minutes, OpId, OrderId, Window};
use crate::solution::ScheduledOp;

/// A started operation of the baseline with its end after reported overruns.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Started {
    pub op: OpId,
    pub start: Minutes,
    pub end: Minutes,
    /// The overrun event that lengthened it last, if any.
    pub overrun_event: Option<usize>,
}

/// The started operation an overrun lengthens.
pub(crate) fn overrun_target(
    base: &Instance,
    horizon: &Horizon,
    placed: &[Option<ScheduledOp>],
    index: usize,
    order: &str,
    step: u32,
    extra: Minutes,
) -> Result<OpId, ReplanError> {
    let o = base
        .orders()
        .iter()
        .position(|o| o.name == order)
        .ok_or_else(|| {
            ReplanError::event(
                index,
                EventCode::UnknownOrder,
                format!("unknown order '{order}'"),
                "an overrun names an order of the baseline plan that has started",
            )
        })?;
    let plan = base.order_plan(OrderId::from_index(o));
    let steps = plan.ops.len() as u32;
    if step >= steps {
        return Err(ReplanError::event(
            index,
            EventCode::BadStep,
            format!(
                "order '{order}' has {steps} step(s), so there is no step {}",
                i64::from(step) + 1
            ),
            "count the steps of an order from 1 as in its product's routing",
        ));
    }
    if extra <= 0 {
        return Err(ReplanError::event(
            index,
            EventCode::BadExtra,
            format!("an overrun of {extra} minutes is not an overrun"),
            "give the extra minutes the operation takes (> 0)",
        ));
    }
    let op = OpId(plan.ops.start + step);
    match placed[op.index()] {
        Some(s) if horizon.is_frozen(s.start) => Ok(op),
        Some(s) => Err(ReplanError::event(
            index,
            EventCode::NotRunning,
            format!(
                "order '{order}' step {} starts at {} in the plan, not before now ({}); only a \
                 running operation can overrun",
                step + 1,
                point(base.plan_start(), s.start),
                point(base.plan_start(), horizon.now)
            ),
            "report overruns of started operations only; change the routing for planned work",
        )),
        None => Err(ReplanError::event(
            index,
            EventCode::NotRunning,
            format!(
                "order '{order}' is not in the baseline plan, so step {} is not running",
                step + 1
            ),
            "report overruns of started operations only",
        )),
    }
}

/// Started operations per machine, sorted by start; an overrun that runs into the next started
/// operation on the same machine contradicts history.
pub(crate) fn started_by_machine(
    base: &Instance,
    placed: &[Option<ScheduledOp>],
    started: &[Option<Started>],
) -> Result<Vec<Vec<Started>>, ReplanError> {
    let mut by_machine: Vec<Vec<Started>> = vec![Vec::new(); base.machines().len()];
    for s in started.iter().flatten() {
        if let Some(p) = placed[s.op.index()] {
            by_machine[p.machine.index()].push(*s);
        }
    }
    for (m, list) in by_machine.iter_mut().enumerate() {
        list.sort_by_key(|s| (s.start, s.op));
        for pair in list.windows(2) {
            let (a, c) = (pair[0], pair[1]);
            if let (Some(index), true) = (a.overrun_event, a.end > c.start) {
                return Err(ReplanError::event(
                    index,
                    EventCode::OverrunContradictsHistory,
                    format!(
                        "with the overrun {} runs until {} on machine '{}', but {} started there at {}",
                        label(base, a.op),
                        point(base.plan_start(), a.end),
                        base.machine(MachineId::from_index(m)).name,
                        label(base, c.op),
                        point(base.plan_start(), c.start)
                    ),
                    "the next operation could not have started: check the overrun or the plan",
                ));
            }
        }
    }
    Ok(by_machine)
}

/// An overrun that ends after the next step of the same order started contradicts history.
pub(crate) fn check_routing_after_overruns(
    base: &Instance,
    started: &[Option<Started>],
) -> Result<(), ReplanError> {
    for s in started.iter().flatten() {
        let Some(index) = s.overrun_event else {
            continue;
        };
        let order = base.op(s.op).order;
        if s.op == base.order_plan(order).last_op() {
            continue;
        }
        let next = OpId(s.op.0 + 1);
        if let Some(n) = started[next.index()] {
            let earliest = s.end + base.op(next).min_lag;
            if n.start < earliest {
                return Err(ReplanError::event(
                    index,
                    EventCode::OverrunContradictsHistory,
                    format!(
                        "with the overrun {} runs until {}, but {} started at {}",
                        label(base, s.op),
                        point(base.plan_start(), s.end),
                        label(base, next),
                        point(base.plan_start(), n.start)
                    ),
                    "the next step could not have started: check the overrun or the plan",
                ));
            }
        }
    }
    Ok(())
}

/// "order 'O3' step 2".
pub(crate) fn label(instance: &Instance, op: OpId) -> String {
    let operation = instance.op(op);
    format!(
        "order '{}' step {}",
        instance.order(operation.order).name,
        operation.step + 1
    )
}

/// The downtime window moved past every started operation it overlaps (same length), with a note.
pub(crate) fn postpone(
    base: &Instance,
    started: &[Started],
    window: Window,
    notes: &mut Vec<String>,
    machine: &str,
    plan_start: Option<chrono::NaiveDateTime>,
) -> Option<Window> {
    let length = window.len();
    let mut at = window;
    while let Some(s) = started
        .iter()
        .find(|s| s.start < at.end && at.start < s.end.max(s.start + 1))
    {
        let start = s.end.max(s.start + 1);
        at = Window::new(start, start.saturating_add(length));
        notes.push(format!(
            "downtime of machine '{machine}' {} overlaps {}, which started at {} and runs until {}; \
             the downtime starts when it ends: {}",
            show_window_at(plan_start, window),
            label(base, s.op),
            point(plan_start, s.start),
            point(plan_start, s.end),
            show_window_at(plan_start, at)
        ));
    }
    Some(at).filter(|w| !w.is_empty())
}
