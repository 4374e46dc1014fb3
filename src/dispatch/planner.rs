//! The state shared by every dispatching rule: the timetable, the unplanned orders, and placing one
//! whole order at its cheapest plant with the earliest finish per step ([`super::cheapest`]).

use super::cheapest::{Insertion, insert_cheapest};
use super::decide;
use super::energy;
use super::priority::Facts;
use crate::model::{Instance, Minutes, ObjectiveForm, OrderId};
use crate::solution::{Schedule, ScheduledOp, UnplannedOrder, order_cost};
use crate::timetable::Timetable;

/// One order placed at one plant (its operations are committed in the timetable).
#[derive(Clone, Debug)]
pub(super) struct OrderPlacement {
    /// Position of the plant in the order's `plants`.
    pub plant_index: usize,
    /// The placed operations in routing order.
    pub ops: Vec<ScheduledOp>,
    /// Arrival at the customer (completion without customer).
    pub arrival: Minutes,
    /// Weighted cost this placement adds: tardiness, transport, energy and makespan growth.
    pub cost: f64,
}

/// A plan under construction.
pub(super) struct Planner<'a> {
    /// The instance being planned.
    pub instance: &'a Instance,
    /// Static figures the rules rank by.
    pub facts: &'a Facts,
    /// Placed operations with machine, power and material bookkeeping.
    pub tt: Timetable<'a>,
    /// Latest operation end so far.
    pub makespan: Minutes,
    /// Orders given up so far, with the reason.
    pub unplanned: Vec<UnplannedOrder>,
    /// Try cheaper energy periods for orders with slack.
    pub energy_shift: bool,
    /// Leave out optional and deferrable orders that do not pay as they are planned
    /// ([`super::decide`]; contribution form only).
    pub leave_out: bool,
}

impl<'a> Planner<'a> {
    pub fn new(
        instance: &'a Instance,
        facts: &'a Facts,
        energy_shift: bool,
        leave_out: bool,
    ) -> Self {
        Self {
            instance,
            facts,
            tt: Timetable::new(instance),
            makespan: 0,
            unplanned: Vec::new(),
            energy_shift: energy_shift && instance.has_energy_costs(),
            leave_out: leave_out && instance.form() == ObjectiveForm::Contribution,
        }
    }

    /// Wraps placed operations with their arrival and cost (the shared per-order cost plus the
    /// makespan growth).
    pub fn placement(
        &self,
        order: OrderId,
        plant_index: usize,
        ops: Vec<ScheduledOp>,
    ) -> OrderPlacement {
        let cost = order_cost(self.instance, order, &ops)
            .with_transfer_cost(self.instance, self.tt.order_transfer_cost(order));
        OrderPlacement {
            plant_index,
            arrival: cost.arrival,
            cost: cost.with_makespan_growth(self.instance, self.makespan),
            ops,
        }
    }

    /// Removes a placement's operations from the timetable.
    pub fn remove(&mut self, placement: &OrderPlacement) {
        for s in &placement.ops {
            self.tt.unplace(s.op);
        }
    }

    /// Places an already computed placement again (after it was removed, in an unchanged state).
    pub fn replay(&mut self, placement: &OrderPlacement) -> bool {
        for (k, s) in placement.ops.iter().enumerate() {
            if self.tt.place_in(s.op, s.machine, s.mode, s.start).is_err() {
                for undo in &placement.ops[..k] {
                    self.tt.unplace(undo.op);
                }
                return false;
            }
        }
        true
    }

    /// Plans `order` at the plant where it adds the least cost among those meeting its hard deadline
    /// ([`insert_cheapest`], earliest end per step); when none can, records it as unplanned with the
    /// reason. An order that pays less than leaving it out ([`super::decide`]) is taken out again
    /// and listed as dropped or deferred. Returns whether it was planned.
    pub fn insert_order(&mut self, order: OrderId) -> bool {
        let instance = self.instance;
        let ins = Insertion::earliest(Minutes::MIN, self.makespan, self.energy_shift);
        match insert_cheapest(&mut self.tt, order, &ins) {
            Ok(inserted) => {
                let plan = instance.order_plan(order);
                let plant_index = plan
                    .plants
                    .iter()
                    .position(|p| p.site == inserted.plant)
                    .unwrap_or(0);
                let mut chosen = Some(OrderPlacement {
                    plant_index,
                    ops: inserted.ops,
                    arrival: inserted.arrival,
                    cost: inserted.cost,
                });
                if self.energy_shift {
                    chosen = chosen.and_then(|c| energy::shift_to_cheaper_periods(self, order, c));
                }
                match chosen {
                    Some(c) => {
                        if let Some(left) = self.worth_leaving_out(order, &c.ops) {
                            self.remove(&c);
                            self.unplanned.push(left);
                            return false;
                        }
                        self.commit(&c);
                        true
                    }
                    None => self.give_up_internal(order),
                }
            }
            Err(failed) => {
                let reason = failed.explain(instance, order);
                self.unplanned.push(UnplannedOrder {
                    decision: Default::default(),
                    order,
                    reason,
                });
                false
            }
        }
    }

    /// The decision to leave `order` out rather than make it as `ops`, when this planner leaves
    /// out work that does not pay.
    fn worth_leaving_out(&self, order: OrderId, ops: &[ScheduledOp]) -> Option<UnplannedOrder> {
        if self.leave_out {
            let transfers = self.tt.order_transfer_cost(order);
            decide::leave_out(self.instance, order, ops, transfers)
        } else {
            None
        }
    }

    /// For list scheduling, before the first operation of `order` is placed: inserts the whole
    /// order where it would cost least now ([`insert_cheapest`], earliest end per step), prices
    /// it, and takes it out again. Returns the decision to leave it out when that pays (nothing of
    /// it is placed either way). The trial sees only the work planned so far, and the list run
    /// then places the order's later steps among more work, so its final placement is seldom
    /// cheaper; an order kept here that then does not pay is still left out by the post-solve
    /// pass.
    pub fn trial_leave_out(&mut self, order: OrderId) -> Option<UnplannedOrder> {
        if !(self.leave_out && decide::may_leave_out(self.instance, order)) {
            return None;
        }
        let ins = Insertion::earliest(Minutes::MIN, self.makespan, self.energy_shift);
        let inserted = insert_cheapest(&mut self.tt, order, &ins).ok()?;
        let transfers = self.tt.order_transfer_cost(order);
        for s in &inserted.ops {
            self.tt.unplace(s.op);
        }
        decide::leave_out(self.instance, order, &inserted.ops, transfers)
    }

    /// Records an order as unplanned after a placement could not be restored (a bug, never expected);
    /// nothing of it stays placed.
    fn give_up_internal(&mut self, order: OrderId) -> bool {
        for op in self.instance.order_plan(order).op_ids() {
            self.tt.unplace(op);
        }
        let reason = format!(
            "order '{}' was placed but its placement could not be restored (internal error; \
             please report it)",
            self.instance.order(order).name
        );
        self.unplanned.push(UnplannedOrder {
            decision: Default::default(),
            order,
            reason,
        });
        false
    }

    /// Notes a placement that stays in the plan.
    pub fn commit(&mut self, placement: &OrderPlacement) {
        for s in &placement.ops {
            self.makespan = self.makespan.max(s.end);
        }
    }

    /// The finished plan: placed operations, fastest shipments, unplanned orders; normalized.
    /// When this planner leaves out work, an optional or deferrable order it could not place is
    /// left out by choice (dropped or deferred, the reason kept), not a failure: so the rules and
    /// the retry of starved orders compare plans by the required orders they fail.
    pub fn finish(self) -> Schedule {
        let mut schedule = self.tt.to_schedule();
        schedule.unplanned = self.unplanned;
        if self.leave_out {
            super::worth::leave_out_unplannable(self.instance, &mut schedule);
        }
        schedule.ship_orders(self.instance);
        schedule.normalize();
        schedule
    }
}
