//! Operations: one routing step of one order, with its machine options and durations.

use super::{MachineId, Minutes, ModeId, OrderId};
use serde::{Deserialize, Serialize};

/// One operation: step `step` of order `order`, derived when the instance is built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// The order this operation belongs to.
    pub order: OrderId,
    /// Position of the step in the product's routing (0-based).
    pub step: u32,
    /// Minimum minutes between the end of the previous operation of the order and the start of this.
    pub min_lag: Minutes,
    /// Eligible machines and the duration on each, restricted to the order's possible plants; sorted
    /// by machine id.
    pub options: Vec<OpOption>,
}

/// An eligible machine and the operation's duration on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpOption {
    /// The machine.
    pub machine: MachineId,
    /// Minutes of processing (setup plus run) on that machine in `mode`, > 0.
    pub duration: Minutes,
    /// The machine's mode (nominal unless `modes.csv` gives the machine modes).
    #[serde(default)]
    pub mode: ModeId,
}

impl OpOption {
    /// The nominal-mode option of `duration` minutes on `machine`.
    pub fn nominal(machine: MachineId, duration: Minutes) -> Self {
        Self {
            machine,
            duration,
            mode: ModeId::NOMINAL,
        }
    }
}

impl Operation {
    /// Duration on `machine` in nominal mode, or `None` when the machine is not eligible.
    pub fn duration_on(&self, machine: MachineId) -> Option<Minutes> {
        self.options
            .iter()
            .find(|o| o.machine == machine)
            .map(|o| o.duration)
    }

    /// Duration on `machine` in `mode`, or `None` when that pair is not an option.
    pub fn duration_in(&self, machine: MachineId, mode: super::ModeId) -> Option<Minutes> {
        self.options
            .iter()
            .find(|o| o.machine == machine && o.mode == mode)
            .map(|o| o.duration)
    }

    /// Shortest duration over the eligible machines.
    pub fn min_duration(&self) -> Minutes {
        self.options.iter().map(|o| o.duration).min().unwrap_or(0)
    }
}
