//! Downtime rule: no operation overlaps a downtime window of its machine, not even by a minute.

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::{Minutes, Window};

/// A machine's downtime windows sorted by start, with the latest end among each prefix, so that the
/// first window overlapping an interval is found by two binary searches.
struct Downtimes {
    windows: Vec<Window>,
    prefix_max_end: Vec<Minutes>,
}

impl Downtimes {
    fn new(windows: &[Window]) -> Self {
        let mut windows: Vec<Window> = windows.iter().copied().filter(|w| !w.is_empty()).collect();
        windows.sort();
        let prefix_max_end = windows
            .iter()
            .scan(Minutes::MIN, |max, w| {
                *max = (*max).max(w.end);
                Some(*max)
            })
            .collect();
        Self {
            windows,
            prefix_max_end,
        }
    }

    /// The earliest-starting window that shares a minute with `[start, end)`.
    fn first_overlapping(&self, start: Minutes, end: Minutes) -> Option<Window> {
        // Windows starting before `end` ...
        let starts_before_end = self.windows.partition_point(|w| w.start < end);
        // ... and the first of them (by start) that ends after `start`.
        let first = self.prefix_max_end.partition_point(|&e| e <= start);
        (first < starts_before_end).then(|| self.windows[first])
    }
}

/// Checks every placed operation against its machine's downtime.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    let downtimes: Vec<Option<Downtimes>> = plan
        .instance
        .machines()
        .iter()
        .map(|m| (!m.downtime.is_empty()).then(|| Downtimes::new(&m.downtime)))
        .collect();
    for s in plan.placements() {
        let Some(Some(down)) = downtimes.get(s.machine.index()) else {
            continue;
        };
        if s.start >= s.end {
            continue;
        }
        let Some(w) = down.first_overlapping(s.start, s.end) else {
            continue;
        };
        let msg = format!(
            "{} runs on machine '{}' during [{}, {}), which overlaps its downtime [{}, {})",
            plan.op_label(s.op),
            plan.machine_name(s.machine),
            s.start,
            s.end,
            w.start,
            w.end
        );
        let orders = plan.op_ref(s.op).map(|r| r.order);
        out.push(
            Violation::new(ViolationCode::DowntimeOverlap, msg)
                .orders(orders)
                .ops([s.op])
                .machines([s.machine])
                .at(s.start.max(w.start)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_overlapping_window_respects_half_open_bounds_and_nesting() {
        let down = Downtimes::new(&[
            Window::new(50, 60),
            Window::new(10, 40),
            Window::new(20, 25),
        ]);
        assert_eq!(down.first_overlapping(0, 10), None);
        assert_eq!(down.first_overlapping(40, 50), None);
        assert_eq!(down.first_overlapping(60, 70), None);
        assert_eq!(down.first_overlapping(30, 35), Some(Window::new(10, 40)));
        assert_eq!(down.first_overlapping(39, 55), Some(Window::new(10, 40)));
        assert_eq!(down.first_overlapping(45, 51), Some(Window::new(50, 60)));
    }
}
