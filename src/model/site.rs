//! Sites: plants, warehouses, suppliers and customer locations.

use serde::{Deserialize, Serialize};

/// A location in the network. Machines belong to a site; orders are made at a site (their plant) and
/// shipped to a customer site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// External name, unique among sites.
    pub name: String,
    /// Optional peak power cap (kW): the machines of this site running at the same minute may draw at
    /// most this much together.
    pub power_cap_kw: Option<f64>,
}

impl Site {
    /// A site without a power cap.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            power_cap_kw: None,
        }
    }
}
