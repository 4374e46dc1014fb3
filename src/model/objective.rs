//! Objective weights.

use serde::{Deserialize, Serialize};

/// Weights of the objective: a weighted sum of total weighted tardiness, energy cost, transport cost
/// and makespan. Hard constraints are never traded against these costs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveWeights {
    /// Multiplies the total weighted tardiness (sum over orders of weight x minutes late).
    pub tardiness: f64,
    /// Multiplies the energy cost.
    pub energy: f64,
    /// Multiplies the transport cost.
    pub transport: f64,
    /// Multiplies the makespan (minutes).
    pub makespan: f64,
}

impl ObjectiveWeights {
    /// Makespan alone, as in the classic job shop and flexible job shop benchmarks.
    pub const MAKESPAN: Self = Self {
        tardiness: 0.0,
        energy: 0.0,
        transport: 0.0,
        makespan: 1.0,
    };
}

impl Default for ObjectiveWeights {
    /// Tardiness, energy and transport cost count fully; makespan does not.
    fn default() -> Self {
        Self {
            tardiness: 1.0,
            energy: 1.0,
            transport: 1.0,
            makespan: 0.0,
        }
    }
}
