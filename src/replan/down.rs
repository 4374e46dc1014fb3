//! Downtime events (`machine_down`, `site_down`) on one machine: the running operation finishes
//! first (the window is postponed until it ends), starts over or resumes after the breakdown (it is
//! lengthened, the breakdown inside its bar); a downtime may not start before `now`.

use super::apply::check_window;
use super::error::{EventCode, ReplanError};
use super::events::{Interrupt, point};
use super::history::{Started, label, postpone};
use crate::model::{Instance, InstanceBuilder, Minutes, Window};

/// A downtime event as it applies to one machine.
pub(super) struct Down {
    pub window: Window,
    pub interrupt: Interrupt,
    pub plan_start: Option<chrono::NaiveDateTime>,
}

/// Adds `down` to machine `m`: the operation running when it starts finishes first (the window is
/// postponed), or is interrupted and lengthened (the window lies inside its new bar then).
pub(super) fn machine_down(
    base: &Instance,
    b: &mut InstanceBuilder,
    by_machine: &mut [Vec<Started>],
    m: usize,
    down: &Down,
    notes: &mut Vec<String>,
) {
    let name = b.machines[m].name.clone();
    let window = down.window;
    let running = by_machine[m]
        .iter_mut()
        .find(|s| s.start < window.start && window.start < s.end);
    if let (Some(s), Interrupt::Restart | Interrupt::Resume) = (running, down.interrupt) {
        // Saturating: a library caller may give an open-ended window (`end = Minutes::MAX`).
        let extra = match down.interrupt {
            Interrupt::Restart => window.end.saturating_sub(s.start),
            _ => window.end.saturating_sub(window.start),
        };
        // By name: an earlier cancellation shifts the builder's order indices. A started order
        // cannot be cancelled, so it is there.
        let op = base.op(s.op);
        let order = &base.order(op.order).name;
        if let Some(o) = b.orders.iter_mut().find(|o| &o.name == order) {
            o.overruns.push((op.step, extra));
        }
        let ends = s.end.saturating_add(extra);
        notes.push(format!(
            "{} was running on machine '{name}' when it went down at {}; it {} when the machine is \
             back at {} and now ends at {} ({extra} minutes later; the plan shows one bar with the \
             breakdown inside it)",
            label(base, s.op),
            point(down.plan_start, window.start),
            if down.interrupt == Interrupt::Restart {
                "starts over"
            } else {
                "resumes"
            },
            point(down.plan_start, window.end),
            point(down.plan_start, ends),
        ));
        s.end = ends;
        return;
    }
    if let Some(at) = postpone(base, &by_machine[m], window, notes, &name, down.plan_start) {
        b.machines[m].downtime.push(at);
    }
}

/// A downtime window must not be empty and may not start before `now` (what happened before `now`
/// is history as the published plan has it).
pub(super) fn check_down_window(
    index: usize,
    window: Window,
    now: Minutes,
    plan_start: Option<chrono::NaiveDateTime>,
) -> Result<(), ReplanError> {
    check_window(index, window)?;
    if window.start < now {
        return Err(ReplanError::event(
            index,
            EventCode::WindowBeforeNow,
            format!(
                "the downtime starts at {}, before now ({}); what ran before now is history as \
                 the published plan has it",
                point(plan_start, window.start),
                point(plan_start, now)
            ),
            "start the downtime at now (the operation running then finishes first, or give \
             interrupt=restart or resume), or re-plan from a now at or before the breakdown",
        ));
    }
    Ok(())
}
