//! Demand charges: a site tariff may bill, per billing period, a cost per kW of the highest power
//! the site draws in that period (common in industrial tariffs).
//!
//! # Billing periods
//! The periods of a site are `[k B, (k + 1) B)` for every integer `k`, with `B` the billing period
//! in minutes counted from minute 0 (the plan start); the default `B` is 43,200 minutes (30 days).
//! The *peak* of a period is the largest sum of the power of the site's busy machines at any
//! minute of the period; an operation that spans a period boundary counts in both periods. The
//! demand charge of the plan is the sum over sites and periods of `charge per kW x peak`.
//!
//! # Long operations
//! Nothing is computed per billing period: work that covers a period from its first to its last
//! minute draws a constant load there, so the KPI ([`crate::solution::demand_peaks`]), the
//! checker, the plant search and the time-indexed MILP treat only the periods in which an
//! operation starts or ends one by one, and each stretch of periods between them at once. A
//! 1-minute billing period under operations of 10^9 minutes costs no more time or memory than a
//! 30-day one; no limit on the number of periods is needed.

use super::{Minutes, SiteId};
use serde::{Deserialize, Serialize};

/// The default billing period: 30 days of minutes.
pub const DEFAULT_BILLING_PERIOD: Minutes = 43_200;

/// The demand charge of one site.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemandCharge {
    /// The site billed.
    pub site: SiteId,
    /// Money per kW of the period's peak (>= 0).
    pub per_kw: f64,
    /// Length of a billing period in minutes (>= 1), periods aligned at minute 0.
    pub billing_period: Minutes,
}

impl DemandCharge {
    /// A charge of `per_kw` money per kW over the default 30-day billing period.
    pub fn new(site: SiteId, per_kw: f64) -> Self {
        Self {
            site,
            per_kw,
            billing_period: DEFAULT_BILLING_PERIOD,
        }
    }

    /// The same charge over billing periods of `minutes`.
    pub fn with_billing_period(mut self, minutes: Minutes) -> Self {
        self.billing_period = minutes;
        self
    }

    /// Index `k` of the billing period `[k B, (k + 1) B)` that holds minute `t`.
    pub fn period_of(&self, t: Minutes) -> i64 {
        t.div_euclid(self.billing_period.max(1))
    }

    /// The window `[k B, (k + 1) B)` of period `k` (saturating at the ends of the minute range).
    pub fn period_window(&self, k: i64) -> (Minutes, Minutes) {
        let b = self.billing_period.max(1);
        (k.saturating_mul(b), k.saturating_add(1).saturating_mul(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_aligned_at_minute_zero_also_before_it() {
        let c = DemandCharge::new(SiteId(0), 2.0).with_billing_period(60);
        assert_eq!(c.period_of(0), 0);
        assert_eq!(c.period_of(59), 0);
        assert_eq!(c.period_of(60), 1);
        assert_eq!(c.period_of(-1), -1);
        assert_eq!(c.period_window(-1), (-60, 0));
        assert_eq!(DemandCharge::new(SiteId(0), 1.0).billing_period, 43_200);
    }
}
