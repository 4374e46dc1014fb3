//! Time-of-use energy prices per site.

use super::{Minutes, SiteId, Window};
use serde::{Deserialize, Serialize};

/// Energy price per kWh at one site during one window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PricePeriod {
    /// The site the price applies to.
    pub site: SiteId,
    /// When the price applies; `end` may be [`Minutes::MAX`] for "from `start` on".
    pub window: Window,
    /// Price per kWh (>= 0).
    pub price_per_kwh: f64,
}

/// The time-of-use tariff of one site: non-overlapping price windows sorted by start. Minutes that no
/// window covers cost nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tariff {
    /// `(window, price per kWh)`, sorted, non-overlapping.
    pub periods: Vec<(Window, f64)>,
}

impl Tariff {
    /// Price per kWh at minute `t` (0 where no period covers `t`).
    pub fn price_at(&self, t: Minutes) -> f64 {
        let k = self.periods.partition_point(|(w, _)| w.end <= t);
        match self.periods.get(k) {
            Some((w, p)) if w.start <= t => *p,
            _ => 0.0,
        }
    }

    /// Cost of drawing `power_kw` during `[start, end)`: kW x hours x price, summed over price periods.
    pub fn cost(&self, start: Minutes, end: Minutes, power_kw: f64) -> f64 {
        if power_kw == 0.0 || end <= start {
            return 0.0;
        }
        let job = Window::new(start, end);
        let from = self.periods.partition_point(|(w, _)| w.end <= start);
        let price_minutes: f64 = self.periods[from..]
            .iter()
            .take_while(|(w, _)| w.start < end)
            .map(|(w, p)| w.overlap_len(&job) as f64 * p)
            .sum();
        power_kw * price_minutes / 60.0
    }

    /// True when no minute has a positive price.
    pub fn is_free(&self) -> bool {
        self.periods.iter().all(|(_, p)| *p == 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tariff() -> Tariff {
        Tariff {
            periods: vec![(Window::new(0, 60), 0.1), (Window::new(60, 120), 0.3)],
        }
    }

    #[test]
    fn cost_integrates_over_price_periods() {
        // 10 kW for 30 min at 0.1 and 30 min at 0.3: 10 * (0.5*0.1 + 0.5*0.3) = 2.0
        let c = tariff().cost(30, 90, 10.0);
        assert!((c - 2.0).abs() < 1e-9, "{c}");
    }

    #[test]
    fn uncovered_minutes_are_free() {
        assert_eq!(tariff().price_at(500), 0.0);
        assert!((tariff().cost(100, 200, 6.0) - 6.0 * 20.0 * 0.3 / 60.0).abs() < 1e-9);
    }
}
