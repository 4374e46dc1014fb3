//! Transfers of material between sites along lanes.

use super::{LaneId, MaterialId, Minutes, SiteId};
use serde::{Deserialize, Serialize};

/// A shipment of material from one site to another along a route of lanes, booked before the plan
/// (a truck already ordered, the onward leg of a vessel's cargo from the port).
///
/// The quantity leaves `from` at `depart` and can be used at `to` from `arrive` on; in between it
/// is in transit and counts at neither site. Every lane of the route must carry the whole quantity
/// in one shipment (its `capacity`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    /// External name, unique among transfers (used by re-planning events).
    pub name: String,
    /// Which material moves.
    pub material: MaterialId,
    /// Where it leaves from.
    pub from: SiteId,
    /// Where it arrives.
    pub to: SiteId,
    /// How much moves (> 0, in the material's unit).
    pub quantity: f64,
    /// Minute at which the material leaves `from`.
    pub depart: Minutes,
    /// Lanes in travel order from `from` to `to`. Empty when building: the builder takes the
    /// fastest route whose lanes carry the quantity (cost breaks ties).
    pub lanes: Vec<LaneId>,
    /// Minute from which the material can be used at `to`; at least `depart` plus the route's
    /// transit. `None` when building: exactly `depart` plus the transit.
    pub arrive: Option<Minutes>,
}

impl Transfer {
    /// The arrival minute; the builder fills it in, so on a built instance it is always known.
    pub fn arrival(&self) -> Minutes {
        self.arrive.unwrap_or(self.depart)
    }
}
