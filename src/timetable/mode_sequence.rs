//! The modes placed operations run in, per machine in start order, for pricing mode changes while
//! placing (see [`crate::model::Mode`] and [`crate::solution::mode_change_cost`]: the machine
//! starts in nominal mode and pays a mode's change cost at every switch into it).
//!
//! Kept only for machines that have a mode with a positive change cost; on every other machine a
//! change costs nothing, so there is nothing to price.

use crate::model::{Instance, MachineId, Minutes, ModeId};
use std::collections::BTreeMap;
use std::ops::Bound::{Excluded, Unbounded};

/// Per machine with a priced mode change: start -> mode of the operation placed there.
#[derive(Clone, Debug)]
pub struct ModeSequence {
    machines: Vec<Option<BTreeMap<Minutes, ModeId>>>,
}

impl ModeSequence {
    /// An empty sequence, or `None` when no machine has a mode with a positive change cost.
    pub fn new(instance: &Instance) -> Option<Self> {
        let priced = |m: &crate::model::Machine| m.modes.iter().any(|x| x.change_cost > 0.0);
        if !instance.machines().iter().any(priced) {
            return None;
        }
        let machines = instance
            .machines()
            .iter()
            .map(|m| priced(m).then(BTreeMap::new))
            .collect();
        Some(Self { machines })
    }

    /// Records an operation placed on `machine` from `start` in `mode`.
    pub fn insert(&mut self, machine: MachineId, start: Minutes, mode: ModeId) {
        if let Some(Some(seq)) = self.machines.get_mut(machine.index()) {
            seq.insert(start, mode);
        }
    }

    /// Forgets the operation placed on `machine` from `start`.
    pub fn remove(&mut self, machine: MachineId, start: Minutes) {
        if let Some(Some(seq)) = self.machines.get_mut(machine.index()) {
            seq.remove(&start);
        }
    }

    /// How much the machine's mode-change cost grows (money; negative when it shrinks) when an
    /// operation in `mode` is placed on `machine` from `start` (no operation starts there yet): the
    /// change into `mode` when its predecessor runs in another mode (nominal before the first
    /// operation), plus the change into its successor's mode when that differs from `mode`, minus
    /// the change the successor paid after the predecessor before.
    pub fn change_delta(
        &self,
        instance: &Instance,
        machine: MachineId,
        start: Minutes,
        mode: ModeId,
    ) -> f64 {
        let Some(Some(seq)) = self.machines.get(machine.index()) else {
            return 0.0;
        };
        let m = instance.machine(machine);
        let before = seq
            .range(..start)
            .next_back()
            .map_or(ModeId::NOMINAL, |(_, &x)| x);
        let into = |from: ModeId, to: ModeId| {
            if from == to {
                0.0
            } else {
                m.mode_change_cost(to)
            }
        };
        let mut delta = into(before, mode);
        if let Some((_, &after)) = seq.range((Excluded(start), Unbounded)).next() {
            delta += into(mode, after) - into(before, after);
        }
        delta
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InstanceBuilder, Machine, Mode, Order, Product, Site, Step, StepOption};

    /// One machine with eco (change cost 5) and boost (change cost 2).
    fn instance() -> Instance {
        let mut b = InstanceBuilder::new("modes");
        let site = b.add_site(Site {
            name: "S".into(),
            power_cap_kw: None,
        });
        let mut m = Machine::new("M", site);
        m.modes = vec![Mode::new("eco", 0.5, 1.0), Mode::new("boost", 2.0, 9.0)];
        m.modes[0].change_cost = 5.0;
        m.modes[1].change_cost = 2.0;
        let m = b.add_machine(m);
        let p = b.add_product(Product {
            name: "P".into(),
            steps: vec![Step {
                min_lag: 0,
                options: vec![StepOption {
                    machine: m,
                    setup: 10,
                    run_per_unit: 0.0,
                }],
            }],
            bom: Vec::new(),
        });
        b.add_order(Order::new("O", p, 1));
        b.build().unwrap()
    }

    #[test]
    fn the_delta_is_what_the_plan_cost_counts() {
        let instance = instance();
        let m = MachineId(0);
        let (nominal, eco, boost) = (ModeId::NOMINAL, ModeId(1), ModeId(2));
        let mut seq = ModeSequence::new(&instance).unwrap();
        // Empty machine: eco first costs its change; nominal nothing.
        assert_eq!(seq.change_delta(&instance, m, 0, eco), 5.0);
        assert_eq!(seq.change_delta(&instance, m, 0, nominal), 0.0);
        // Nominal at 0 and at 100: eco between them pays into eco; back to nominal is free.
        seq.insert(m, 0, nominal);
        seq.insert(m, 100, nominal);
        assert_eq!(seq.change_delta(&instance, m, 50, eco), 5.0);
        // Eco at 0 and at 100: nominal between them makes the second eco pay again.
        let mut seq = ModeSequence::new(&instance).unwrap();
        seq.insert(m, 0, eco);
        seq.insert(m, 100, eco);
        assert_eq!(seq.change_delta(&instance, m, 50, nominal), 5.0);
        assert_eq!(seq.change_delta(&instance, m, 50, eco), 0.0);
        // Boost between the two ecos: into boost (2) and into eco again (5).
        assert_eq!(seq.change_delta(&instance, m, 50, boost), 7.0);
        // Eco placed before a machine's first operation, itself eco: the change moves forward.
        let mut seq = ModeSequence::new(&instance).unwrap();
        seq.insert(m, 100, eco);
        assert_eq!(seq.change_delta(&instance, m, 0, eco), 0.0);
        // Boost before it: into boost (2); the eco paid its change from nominal before already.
        assert_eq!(seq.change_delta(&instance, m, 0, boost), 2.0);
        seq.remove(m, 100);
        assert_eq!(seq.change_delta(&instance, m, 0, eco), 5.0);
    }
}
