//! Machines: resources that process one operation at a time.

use super::{SiteId, Window};
use serde::{Deserialize, Serialize};

/// A machine at a site. It processes at most one operation at a time, draws `power_kw` while busy and
/// cannot work during its downtime windows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// External name, unique among machines.
    pub name: String,
    /// The site the machine stands at.
    pub site: SiteId,
    /// Electrical power drawn while the machine is busy (kW).
    pub power_kw: f64,
    /// Downtime windows (maintenance, breakdowns). The built instance keeps them sorted and merged.
    pub downtime: Vec<Window>,
}

impl Machine {
    /// A machine without downtime that draws no power.
    pub fn new(name: impl Into<String>, site: SiteId) -> Self {
        Self {
            name: name.into(),
            site,
            power_kw: 0.0,
            downtime: Vec::new(),
        }
    }

    /// The first downtime window that overlaps `[start, end)`, if any.
    pub fn downtime_overlapping(
        &self,
        start: super::Minutes,
        end: super::Minutes,
    ) -> Option<Window> {
        let probe = Window::new(start, end.max(start));
        let from = self.downtime.partition_point(|w| w.end <= start);
        self.downtime[from..]
            .iter()
            .take_while(|w| w.start < probe.end)
            .find(|w| w.overlaps(&probe))
            .copied()
    }
}
