//! Time in integer minutes from the plan start and half-open time windows.

use serde::{Deserialize, Serialize};

/// Integer minutes since the plan start (`t = 0`). Negative values lie before the plan start.
pub type Minutes = i64;

/// A half-open time window `[start, end)` in minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Window {
    /// First minute inside the window.
    pub start: Minutes,
    /// First minute after the window.
    pub end: Minutes,
}

impl Window {
    /// A window `[start, end)`. `end` must not be before `start`.
    pub fn new(start: Minutes, end: Minutes) -> Self {
        debug_assert!(start <= end, "window end {end} before start {start}");
        Self { start, end }
    }

    /// Length of the window in minutes (saturating for open-ended windows, `end == Minutes::MAX`).
    pub fn len(&self) -> Minutes {
        self.end.saturating_sub(self.start)
    }

    /// True when the window contains no minute.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two windows share at least one minute.
    pub fn overlaps(&self, other: &Window) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Minutes shared by the two windows.
    pub fn overlap_len(&self, other: &Window) -> Minutes {
        (self.end.min(other.end) - self.start.max(other.start)).max(0)
    }
}

/// Sorts windows and merges overlapping or touching ones; empty windows are dropped.
pub fn merge_windows(mut windows: Vec<Window>) -> Vec<Window> {
    windows.retain(|w| !w.is_empty());
    windows.sort();
    let mut merged: Vec<Window> = Vec::with_capacity(windows.len());
    for w in windows {
        match merged.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => merged.push(w),
        }
    }
    merged
}

/// Minute `t` as people read it: the date-time `2025-03-03T10:40` when the plan start is known
/// (and the result representable), `minute 640` otherwise.
pub fn time_label(plan_start: Option<chrono::NaiveDateTime>, t: Minutes) -> String {
    match plan_start.and_then(|start| start.checked_add_signed(chrono::TimeDelta::try_minutes(t)?))
    {
        Some(at) if at.and_utc().timestamp() % 60 == 0 => at.format("%Y-%m-%dT%H:%M").to_string(),
        Some(at) => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        None => format!("minute {t}"),
    }
}

/// `now` and the end of the published window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Horizon {
    /// Operations whose baseline start is before this minute are frozen; all others start at or
    /// after it.
    pub now: Minutes,
    /// Operations whose baseline start lies in `[now, published_until)` are published: they may
    /// move, at a higher penalty.
    pub published_until: Minutes,
}

impl Horizon {
    /// True when an operation that started at `baseline_start` is history (the frozen horizon).
    pub fn is_frozen(&self, baseline_start: Minutes) -> bool {
        baseline_start < self.now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_joins_overlapping_and_touching_windows() {
        let merged = merge_windows(vec![
            Window::new(10, 20),
            Window::new(0, 5),
            Window::new(5, 8),
            Window::new(15, 30),
            Window::new(40, 40),
        ]);
        assert_eq!(merged, vec![Window::new(0, 8), Window::new(10, 30)]);
    }

    #[test]
    fn overlap_is_strict_for_half_open_windows() {
        let a = Window::new(0, 10);
        assert!(!a.overlaps(&Window::new(10, 20)));
        assert!(a.overlaps(&Window::new(9, 20)));
        assert_eq!(a.overlap_len(&Window::new(5, 20)), 5);
    }
}
