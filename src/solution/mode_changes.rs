//! The cost of machine mode changes in a plan (see [`crate::model::Mode`]).

use super::Schedule;
use crate::model::{Instance, Minutes, ModeId, OpId};

/// The sum of the change costs of every switch into a mode: per machine, operations in start
/// order, the machine starting in nominal mode. 0 for instances without modes.
pub fn mode_change_cost(instance: &Instance, schedule: &Schedule) -> f64 {
    if !instance.has_modes() {
        return 0.0;
    }
    let mut by_machine: Vec<Vec<(Minutes, OpId, ModeId)>> =
        vec![Vec::new(); instance.machines().len()];
    for s in &schedule.ops {
        if let Some(list) = by_machine.get_mut(s.machine.index()) {
            list.push((s.start, s.op, s.mode));
        }
    }
    let mut total = 0.0;
    for (m, mut ops) in instance.machines().iter().zip(by_machine) {
        if m.modes.is_empty() {
            continue;
        }
        ops.sort_unstable();
        let mut current = ModeId::NOMINAL;
        for (_, _, mode) in ops {
            if mode != current {
                total += m.mode_change_cost(mode);
                current = mode;
            }
        }
    }
    total
}
