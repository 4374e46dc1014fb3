//! Machines: resources that process one operation at a time.

use super::{Mode, ModeId, SiteId, Window};
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
    /// Modes besides the implicit nominal one (`modes.csv`); mode `k + 1` is `modes[k]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modes: Vec<Mode>,
}

impl Machine {
    /// A machine without downtime that draws no power.
    pub fn new(name: impl Into<String>, site: SiteId) -> Self {
        Self {
            name: name.into(),
            site,
            power_kw: 0.0,
            downtime: Vec::new(),
            modes: Vec::new(),
        }
    }

    /// The non-nominal mode `mode`, `None` for nominal or an unknown mode.
    pub fn extra_mode(&self, mode: ModeId) -> Option<&Mode> {
        (mode.0 as usize)
            .checked_sub(1)
            .and_then(|k| self.modes.get(k))
    }

    /// True when `mode` is nominal or one of the machine's modes.
    pub fn has_mode(&self, mode: ModeId) -> bool {
        mode.is_nominal() || self.extra_mode(mode).is_some()
    }

    /// Power drawn while busy in `mode` (kW): the machine's `power_kw` in nominal mode (and for
    /// an unknown mode).
    pub fn mode_power_kw(&self, mode: ModeId) -> f64 {
        self.extra_mode(mode).map_or(self.power_kw, |m| m.power_kw)
    }

    /// The name of `mode` (`nominal` for the nominal mode).
    pub fn mode_name(&self, mode: ModeId) -> &str {
        self.extra_mode(mode)
            .map_or(super::NOMINAL_MODE, |m| m.name.as_str())
    }

    /// The mode named `name`, if the machine has it.
    pub fn mode_named(&self, name: &str) -> Option<ModeId> {
        if name == super::NOMINAL_MODE {
            return Some(ModeId::NOMINAL);
        }
        self.modes
            .iter()
            .position(|m| m.name == name)
            .map(|k| ModeId(k as u16 + 1))
    }

    /// The cost of switching into `mode` from another mode (0 for nominal).
    pub fn mode_change_cost(&self, mode: ModeId) -> f64 {
        self.extra_mode(mode).map_or(0.0, |m| m.change_cost)
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
