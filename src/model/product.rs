//! Products, their routings (ordered steps with eligible machines) and bills of materials.

use super::{MAX_MINUTES, MachineId, MaterialId, Minutes};
use serde::{Deserialize, Serialize};

/// A product: a routing of ordered steps and a bill of materials consumed when the first step starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// External name, unique among products.
    pub name: String,
    /// Routing steps in processing order.
    pub steps: Vec<Step>,
    /// Materials consumed per unit of product when the order's first step starts.
    pub bom: Vec<BomLine>,
}

impl Product {
    /// A product with neither routing nor bill of materials.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            steps: Vec::new(),
            bom: Vec::new(),
        }
    }

    /// A product of one routing step on `machine` taking `minutes` for any quantity (a setup of
    /// `minutes`, no run time per unit), without a bill of materials.
    pub fn on_one_machine(name: impl Into<String>, machine: MachineId, minutes: Minutes) -> Self {
        Self {
            name: name.into(),
            steps: vec![Step {
                min_lag: 0,
                options: vec![StepOption {
                    machine,
                    setup: minutes,
                    run_per_unit: 0.0,
                }],
            }],
            bom: Vec::new(),
        }
    }
}

/// One routing step: processed on exactly one of its eligible machines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Minimum minutes between the end of the previous step and the start of this one (0 for the first).
    pub min_lag: Minutes,
    /// Eligible machines with their times; at least one.
    pub options: Vec<StepOption>,
}

/// One eligible machine for a step and its times on that machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepOption {
    /// The eligible machine.
    pub machine: MachineId,
    /// Setup minutes before the run, once per order.
    pub setup: Minutes,
    /// Run minutes per unit of the order's quantity (may be fractional).
    pub run_per_unit: f64,
}

impl StepOption {
    /// Minutes this option takes for `quantity` units: setup plus run time, rounded up to whole
    /// minutes; `None` beyond [`MAX_MINUTES`] (or for a negative or non-finite run time).
    pub fn checked_duration(&self, quantity: u32) -> Option<Minutes> {
        let run = self.run_per_unit * f64::from(quantity);
        // Guard against 2.0000000001 from decimal input rounding up to 3.
        let run = (run - 1e-9).ceil().max(0.0);
        if !(run.is_finite() && run <= MAX_MINUTES as f64) {
            return None;
        }
        let minutes = self.setup.checked_add(run as Minutes)?;
        (0..=MAX_MINUTES).contains(&minutes).then_some(minutes)
    }

    /// Minutes this option takes for `quantity` units (see [`StepOption::checked_duration`]).
    /// Gives `Minutes::MAX` for durations beyond [`MAX_MINUTES`], which
    /// [`super::InstanceBuilder::build`] rejects, so that it never appears in a built instance.
    pub fn duration(&self, quantity: u32) -> Minutes {
        self.checked_duration(quantity).unwrap_or(Minutes::MAX)
    }
}

/// Quantity of one material consumed per unit of product.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BomLine {
    /// The consumed material.
    pub material: MaterialId,
    /// Quantity of material per unit of product (> 0).
    pub qty_per_unit: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_rounds_run_time_up_to_whole_minutes() {
        let o = StepOption {
            machine: MachineId(0),
            setup: 10,
            run_per_unit: 0.5,
        };
        assert_eq!(o.duration(3), 12);
        assert_eq!(o.duration(4), 12);
        let exact = StepOption {
            run_per_unit: 0.1,
            ..o
        };
        assert_eq!(exact.duration(30), 13);
        let huge = StepOption {
            setup: 10,
            run_per_unit: 1e300,
            ..exact
        };
        assert_eq!(huge.checked_duration(1), None);
        let wide = StepOption {
            setup: 0,
            run_per_unit: 1e10,
            ..huge
        };
        assert_eq!(wide.checked_duration(1), Some(MAX_MINUTES));
        assert_eq!(wide.checked_duration(2), None);
    }
}
