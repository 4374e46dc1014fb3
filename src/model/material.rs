//! Materials, initial stock and inbound deliveries.

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

/// Tolerance for comparing material quantities read from decimal input.
pub const QUANTITY_EPS: f64 = 1e-6;

/// Cumulative supply of one material at one site: initial stock plus deliveries by ETA.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Supply {
    /// Stock at `t = 0`.
    pub initial: f64,
    /// `(eta, cumulative quantity available from eta on)`, sorted by eta, one entry per distinct eta.
    pub steps: Vec<(Minutes, f64)>,
}

impl Supply {
    /// Total quantity available at minute `t` (initial stock plus deliveries with `eta <= t`).
    pub fn available_at(&self, t: Minutes) -> f64 {
        let k = self.steps.partition_point(|&(eta, _)| eta <= t);
        if k == 0 {
            self.initial
        } else {
            self.steps[k - 1].1
        }
    }

    /// Total quantity that ever becomes available.
    pub fn total(&self) -> f64 {
        self.steps.last().map_or(self.initial, |s| s.1)
    }

    /// The earliest minute at which at least `quantity` has become available, or `None` if never.
    pub fn earliest_with(&self, quantity: f64) -> Option<Minutes> {
        if self.initial + QUANTITY_EPS >= quantity {
            return Some(Minutes::MIN);
        }
        self.steps
            .iter()
            .find(|&&(_, cum)| cum + QUANTITY_EPS >= quantity)
            .map(|&(eta, _)| eta)
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
}
