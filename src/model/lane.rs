//! Transport lanes between sites and routes through the lane network.

use super::{LaneId, Minutes, SiteId};
use serde::{Deserialize, Serialize};

/// A directed transport lane between two sites.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lane {
    /// External name, unique among lanes.
    pub name: String,
    /// Origin site.
    pub from: SiteId,
    /// Destination site.
    pub to: SiteId,
    /// Minutes from departure at `from` to arrival at `to` (>= 0).
    pub transit: Minutes,
    /// Cost per unit shipped (>= 0).
    pub cost_per_unit: f64,
    /// Largest quantity one shipment may carry on this lane; `None` for unlimited.
    pub capacity: Option<u32>,
}

/// A path of lanes from a plant to a customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// Lanes in travel order; empty when the plant is the customer site.
    pub lanes: Vec<LaneId>,
    /// Total transit minutes.
    pub transit: Minutes,
    /// Total cost per unit shipped.
    pub cost_per_unit: f64,
}
