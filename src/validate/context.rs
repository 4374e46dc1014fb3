//! The checker's own view of a plan: which operation belongs to which order and step, where each
//! operation was placed, and names for messages.
//!
//! The operation table is re-derived from the orders and their products' routings (one operation
//! per routing step, consecutive per order, orders in id order) rather than read from the model's
//! derived operations, so that a bug in that derivation shows up as violations.

use crate::model::{
    Instance, Machine, MachineId, MaterialId, Minutes, OpId, Order, OrderId, SiteId, StepOption,
};
use crate::solution::{Schedule, ScheduledOp};
use std::ops::Range;

/// The order and 0-based routing step an operation id stands for.
#[derive(Clone, Copy, Debug)]
pub(super) struct OpRef {
    pub order: OrderId,
    pub step: usize,
}

/// A schedule seen against its instance. When an operation is scheduled more than once, its first
/// entry is its placement and the others are only reported as duplicates.
pub(super) struct Plan<'a> {
    pub instance: &'a Instance,
    pub schedule: &'a Schedule,
    op_refs: Vec<OpRef>,
    /// Order `i` owns operation ids `order_start[i]..order_start[i + 1]`.
    order_start: Vec<usize>,
    /// Index into `schedule.ops` of each operation's placement.
    placement: Vec<Option<usize>>,
    unplanned: Vec<bool>,
}

impl<'a> Plan<'a> {
    /// Indexes `schedule` against `instance` in one pass over orders and one over operations.
    pub fn new(instance: &'a Instance, schedule: &'a Schedule) -> Self {
        let mut op_refs = Vec::new();
        let mut order_start = Vec::with_capacity(instance.orders().len() + 1);
        for (i, order) in instance.orders().iter().enumerate() {
            order_start.push(op_refs.len());
            let steps = instance.product(order.product).steps.len();
            op_refs.extend((0..steps).map(|step| OpRef {
                order: OrderId::from_index(i),
                step,
            }));
        }
        order_start.push(op_refs.len());
        let mut placement = vec![None; op_refs.len()];
        for (i, s) in schedule.ops.iter().enumerate() {
            if let Some(slot @ None) = placement.get_mut(s.op.index()) {
                *slot = Some(i);
            }
        }
        let mut unplanned = vec![false; instance.orders().len()];
        for u in &schedule.unplanned {
            if let Some(flag) = unplanned.get_mut(u.order.index()) {
                *flag = true;
            }
        }
        Self {
            instance,
            schedule,
            op_refs,
            order_start,
            placement,
            unplanned,
        }
    }

    /// Number of operations the instance defines.
    pub fn op_count(&self) -> usize {
        self.op_refs.len()
    }

    /// The order and step of an operation, `None` for an unknown id.
    pub fn op_ref(&self, op: OpId) -> Option<OpRef> {
        self.op_refs.get(op.index()).copied()
    }

    /// The operation ids of an order, in routing order.
    pub fn order_ops(&self, order: OrderId) -> impl DoubleEndedIterator<Item = OpId> + use<> {
        let range: Range<usize> =
            self.order_start[order.index()]..self.order_start[order.index() + 1];
        range.map(OpId::from_index)
    }

    /// Index into `schedule.ops` of the entry that places `op`, if it is scheduled.
    pub fn placement_index(&self, op: OpId) -> Option<usize> {
        self.placement.get(op.index()).copied().flatten()
    }

    /// Where and when `op` runs, if it is scheduled.
    pub fn placed(&self, op: OpId) -> Option<&'a ScheduledOp> {
        let schedule: &'a Schedule = self.schedule;
        self.placement_index(op).map(|i| &schedule.ops[i])
    }

    /// Every placement (first entry of each scheduled operation), by operation id.
    pub fn placements(&self) -> impl Iterator<Item = &'a ScheduledOp> + '_ {
        let schedule: &'a Schedule = self.schedule;
        self.placement
            .iter()
            .flatten()
            .map(move |&i| &schedule.ops[i])
    }

    /// The placements of an order's operations, in routing order, with their steps.
    pub fn order_placements(
        &self,
        order: OrderId,
    ) -> impl Iterator<Item = (usize, &'a ScheduledOp)> + '_ {
        self.order_ops(order)
            .enumerate()
            .filter_map(|(step, op)| self.placed(op).map(|s| (step, s)))
    }

    /// True when the plan lists the order as unplanned.
    pub fn is_unplanned(&self, order: OrderId) -> bool {
        self.unplanned[order.index()]
    }

    /// The order, `None` for an unknown id.
    pub fn order(&self, order: OrderId) -> Option<&'a Order> {
        self.instance.orders().get(order.index())
    }

    /// The machine, `None` for an unknown id.
    pub fn machine(&self, machine: MachineId) -> Option<&'a Machine> {
        self.instance.machines().get(machine.index())
    }

    /// The site a machine stands at, `None` for an unknown machine.
    pub fn site_of(&self, machine: MachineId) -> Option<SiteId> {
        self.machine(machine).map(|m| m.site)
    }

    /// The routing option of `op` on `machine`, `None` when the machine is not eligible.
    pub fn step_option(&self, op: OpId, machine: MachineId) -> Option<&'a StepOption> {
        let r = self.op_ref(op)?;
        let order = &self.instance.orders()[r.order.index()];
        self.instance.product(order.product).steps[r.step]
            .options
            .iter()
            .find(|o| o.machine == machine)
    }

    /// The site where an order is made: the site of its earliest scheduled routing step.
    pub fn plant(&self, order: OrderId) -> Option<SiteId> {
        self.order_placements(order)
            .find_map(|(_, s)| self.site_of(s.machine))
    }

    /// The latest end of an order's scheduled operations (its completion when all are scheduled).
    pub fn completion(&self, order: OrderId) -> Option<Minutes> {
        self.order_placements(order).map(|(_, s)| s.end).max()
    }

    /// "order 'O3' step 2" (steps counted from 1), or the raw id for an unknown operation.
    pub fn op_label(&self, op: OpId) -> String {
        match self.op_ref(op) {
            Some(r) => format!("order '{}' step {}", self.order_name(r.order), r.step + 1),
            None => format!("unknown operation {}", op.0),
        }
    }

    /// The external name of an order.
    pub fn order_name(&self, order: OrderId) -> String {
        self.order(order)
            .map_or_else(|| format!("#{}", order.0), |o| o.name.clone())
    }

    /// The external name of a machine.
    pub fn machine_name(&self, machine: MachineId) -> String {
        self.machine(machine)
            .map_or_else(|| format!("#{}", machine.0), |m| m.name.clone())
    }

    /// The external name of a site.
    pub fn site_name(&self, site: SiteId) -> String {
        self.instance
            .sites()
            .get(site.index())
            .map_or_else(|| format!("#{}", site.0), |s| s.name.clone())
    }

    /// The external name of a material.
    pub fn material_name(&self, material: MaterialId) -> String {
        self.instance
            .materials()
            .get(material.index())
            .map_or_else(|| format!("#{}", material.0), |m| m.name.clone())
    }
}
