//! The power a site's busy machines draw over time, against the site's peak power cap.

use super::step_function::StepFunction;
use crate::model::Minutes;

/// Slack (kW) granted to floating-point sums when comparing drawn power with the cap; far below any
/// meaningful power and far below the checker's tolerance.
pub const POWER_EPS: f64 = 1e-9;

/// Drawn power of one capped site as a step function of time.
#[derive(Clone, Debug)]
pub struct PowerProfile {
    cap_kw: f64,
    drawn: StepFunction,
}

impl PowerProfile {
    /// An empty profile for a site capped at `cap_kw`.
    pub fn new(cap_kw: f64) -> Self {
        Self {
            cap_kw,
            drawn: StepFunction::new(0.0),
        }
    }

    /// The site's cap (kW).
    pub fn cap_kw(&self) -> f64 {
        self.cap_kw
    }

    /// Power drawn at minute `t` (kW).
    pub fn drawn_at(&self, t: Minutes) -> f64 {
        self.drawn.value_at(t)
    }

    /// The earliest start `>= after` such that drawing `kw` more during `[start, start + duration)`
    /// keeps the site within its cap; `None` when `kw` alone exceeds the cap.
    pub fn earliest_fit(&self, after: Minutes, duration: Minutes, kw: f64) -> Option<Minutes> {
        if kw > self.cap_kw + POWER_EPS {
            return None;
        }
        if kw <= 0.0 || duration <= 0 {
            return Some(after);
        }
        self.drawn
            .first_window_at_most(after, duration, self.cap_kw - kw + POWER_EPS)
    }

    /// Records `kw` drawn during `[start, end)`.
    pub fn add(&mut self, start: Minutes, end: Minutes, kw: f64) {
        if kw > 0.0 {
            self.drawn.add_range(start, Some(end), kw);
        }
    }

    /// Undoes [`PowerProfile::add`] with the same arguments.
    pub fn remove(&mut self, start: Minutes, end: Minutes, kw: f64) {
        if kw > 0.0 {
            self.drawn.remove_range(start, Some(end), kw);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_machine_waits_until_the_site_has_power_to_spare() {
        let mut p = PowerProfile::new(100.0);
        p.add(0, 30, 60.0);
        p.add(20, 50, 30.0);
        // 0-20: 60 kW, 20-30: 90 kW, 30-50: 30 kW.
        assert_eq!(p.earliest_fit(0, 10, 40.0), Some(0));
        assert_eq!(p.earliest_fit(0, 25, 40.0), Some(30));
        assert_eq!(p.earliest_fit(0, 10, 70.0), Some(30));
        assert_eq!(p.earliest_fit(0, 10, 71.0), Some(50));
        assert_eq!(p.earliest_fit(0, 10, 100.0), Some(50));
        assert_eq!(p.earliest_fit(0, 10, 101.0), None);
    }

    #[test]
    fn removing_power_frees_the_slot_again() {
        let mut p = PowerProfile::new(50.0);
        p.add(10, 20, 50.0);
        assert_eq!(p.earliest_fit(5, 10, 1.0), Some(20));
        p.remove(10, 20, 50.0);
        assert_eq!(p.earliest_fit(5, 10, 50.0), Some(5));
        assert_eq!(p.drawn_at(15), 0.0);
    }

    #[test]
    fn powerless_or_empty_operations_always_fit() {
        let mut p = PowerProfile::new(10.0);
        p.add(0, 100, 10.0);
        assert_eq!(p.earliest_fit(3, 10, 0.0), Some(3));
        assert_eq!(p.earliest_fit(3, 0, 5.0), Some(3));
    }

    #[test]
    fn sums_of_decimal_powers_exactly_at_the_cap_fit() {
        let mut p = PowerProfile::new(0.3);
        p.add(0, 10, 0.1);
        assert_eq!(p.earliest_fit(0, 10, 0.2), Some(0));
    }
}
