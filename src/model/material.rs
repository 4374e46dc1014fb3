//! Materials, initial stock, inbound deliveries, and the supply they make at each site.

use super::{MaterialId, Minutes, SiteId};
use serde::{Deserialize, Serialize};

/// A material that products consume (steel, resin, packaging, ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Material {
    /// External name, unique among materials.
    pub name: String,
}

/// Stock of a material at a site at the plan start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stock {
    /// Where the stock is.
    pub site: SiteId,
    /// Which material.
    pub material: MaterialId,
    /// Quantity on hand at `t = 0` (>= 0).
    pub quantity: f64,
}

/// An inbound delivery of material to a site, available from its ETA on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// External name, unique among deliveries (used by re-planning events).
    pub name: String,
    /// Which material arrives.
    pub material: MaterialId,
    /// Where it arrives.
    pub site: SiteId,
    /// How much arrives (> 0).
    pub quantity: f64,
    /// Minute from which the material can be used.
    pub eta: Minutes,
}

/// A correction of the stock of a material at a site from a minute on: a count that found more
/// (positive) or less, scrap or a quality hold (negative).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockAdjustment {
    /// Where.
    pub site: SiteId,
    /// Which material.
    pub material: MaterialId,
    /// How much is added (> 0) or taken away (< 0), in the material's unit; not 0.
    pub quantity: f64,
    /// From which minute on.
    pub at: Minutes,
}

/// Tolerance for comparing material quantities read from decimal input.
pub const QUANTITY_EPS: f64 = 1e-6;

/// Cumulative supply of one material at one site: initial stock, plus deliveries and transfers
/// in by their arrival, less transfers out by their departure ([`super::Transfer`]).
///
/// Without transfers out the levels only grow; a transfer out makes a level lower than the one
/// before, and what an order may consume at `t` is then bounded by every level from `t` on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Supply {
    /// Stock at `t = 0`.
    pub initial: f64,
    /// `(minute, cumulative quantity from that minute on)`, sorted by minute, one entry per
    /// distinct minute at which something arrives or leaves.
    pub steps: Vec<(Minutes, f64)>,
}

impl Supply {
    /// Cumulative quantity at minute `t`: initial stock plus what has arrived by `t` (inclusive),
    /// less what has left by `t`.
    pub fn available_at(&self, t: Minutes) -> f64 {
        let k = self.steps.partition_point(|&(eta, _)| eta <= t);
        if k == 0 {
            self.initial
        } else {
            self.steps[k - 1].1
        }
    }

    /// Total quantity that ever becomes available for use at the site (the last level).
    pub fn total(&self) -> f64 {
        self.steps.last().map_or(self.initial, |s| s.1)
    }

    /// The earliest minute from which `quantity` can be taken for good: the level at that minute
    /// and at every later one is at least `quantity`. `Minutes::MIN` when the stock already
    /// covers it for good; `None` if never.
    pub fn earliest_with(&self, quantity: f64) -> Option<Minutes> {
        let covers = |level: f64| level + QUANTITY_EPS >= quantity;
        // Walk back from the last level while every level from there on covers the quantity.
        let mut earliest = None;
        for &(at, level) in self.steps.iter().rev() {
            if !covers(level) {
                return earliest;
            }
            earliest = Some(at);
        }
        if covers(self.initial) {
            Some(Minutes::MIN)
        } else {
            earliest
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supply_accumulates_deliveries_by_eta() {
        let s = Supply {
            initial: 5.0,
            steps: vec![(10, 8.0), (20, 20.0)],
        };
        assert_eq!(s.available_at(0), 5.0);
        assert_eq!(s.available_at(10), 8.0);
        assert_eq!(s.available_at(25), 20.0);
        assert_eq!(s.earliest_with(4.0), Some(Minutes::MIN));
        assert_eq!(s.earliest_with(8.0), Some(10));
        assert_eq!(s.earliest_with(21.0), None);
        assert_eq!(s.total(), 20.0);
    }

    #[test]
    fn a_transfer_out_bounds_what_can_be_taken_before_it() {
        // 10 at the start, 8 leave at 10, 20 arrive at 20.
        let s = Supply {
            initial: 10.0,
            steps: vec![(10, 2.0), (20, 22.0)],
        };
        assert_eq!(s.available_at(5), 10.0);
        assert_eq!(s.earliest_with(2.0), Some(Minutes::MIN));
        assert_eq!(s.earliest_with(5.0), Some(20));
        assert_eq!(s.earliest_with(23.0), None);
    }
}
