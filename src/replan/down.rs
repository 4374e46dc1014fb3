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
        // The machine is back when the breakdown and any calendar downtime it runs into are
        // over; the work left (all of it after a restart) then runs around later calendar
        // downtime. Calendar windows the new bar covers are taken into it, with a note.
        let left = match down.interrupt {
            Interrupt::Restart => s.end.saturating_sub(s.start),
            _ => s.end.saturating_sub(window.start),
        };
        let (ends, covered) = continue_after(&b.machines[m].downtime, window.end, left);
        b.machines[m].downtime.retain(|w| !covered.contains(w));
        let extra = ends.saturating_sub(s.end);
        // By name: an earlier cancellation shifts the builder's order indices. A started order
        // cannot be cancelled, so it is there.
        let op = base.op(s.op);
        let order = &base.order(op.order).name;
        if let Some(o) = b.orders.iter_mut().find(|o| &o.name == order) {
            o.overruns.push((op.step, extra));
        }
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
        for w in covered {
            notes.push(format!(
                "the downtime of machine '{name}' during [{}, {}) lies inside that bar: the \
                 operation pauses for it",
                point(down.plan_start, w.start),
                point(down.plan_start, w.end)
            ));
        }
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

/// When work of `left` minutes that may start at `back` ends on a machine with `calendar`
/// downtime (pausing for it), and the calendar windows it pauses for or waits behind.
fn continue_after(calendar: &[Window], back: Minutes, left: Minutes) -> (Minutes, Vec<Window>) {
    let mut windows: Vec<Window> = calendar.iter().copied().filter(|w| w.end > back).collect();
    windows.sort_by_key(|w| (w.start, w.end));
    let (mut t, mut left) = (back, left);
    let mut covered = Vec::new();
    for w in windows {
        if w.start >= t.saturating_add(left) {
            break;
        }
        if w.end <= t {
            continue;
        }
        left -= w.start.saturating_sub(t).max(0).min(left);
        t = t.max(w.end);
        covered.push(w);
    }
    (t.saturating_add(left), covered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_pauses_for_calendar_downtime_and_waits_behind_a_window_it_starts_in() {
        assert_eq!(continue_after(&[], 100, 30), (130, vec![]));
        // Back at 100 inside maintenance [90, 120): starts at 120.
        let w = Window::new(90, 120);
        assert_eq!(continue_after(&[w], 100, 30), (150, vec![w]));
        // Maintenance [110, 140) after 10 minutes of work: 20 more after it.
        let w = Window::new(110, 140);
        assert_eq!(continue_after(&[w], 100, 30), (160, vec![w]));
        // Maintenance after the work ends, or before `back`: untouched.
        let (late, early) = (Window::new(130, 200), Window::new(10, 20));
        assert_eq!(continue_after(&[late, early], 100, 30), (130, vec![]));
    }
}
