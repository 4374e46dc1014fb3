//! A plan under local search: the timetable of placed operations plus the cost of every order, kept
//! up to date incrementally as orders are taken out and put back.

use super::choice::LeaveOut;
use super::demand::DemandProfile;
use super::scope::Scope;
use crate::dispatch::cheapest::Placer;
use crate::model::{Instance, Minutes, OpId, OrderId};
use crate::solution::{Schedule, ScheduledOp, UnplannedOrder, order_cost};
use crate::timetable::{SourceRule, Timetable};
use std::collections::BTreeMap;

/// The quality of a plan: fewer unplanned orders first, then lower cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Quality {
    /// Orders not in the plan.
    pub unplanned: usize,
    /// Objective value plus stability penalties.
    pub cost: f64,
}

impl Quality {
    /// True when `self` is strictly better than `other` (costs within 1e-9 relative count as equal).
    pub fn better_than(&self, other: &Quality) -> bool {
        self.unplanned < other.unplanned
            || (self.unplanned == other.unplanned
                && self.cost < other.cost - 1e-9 * other.cost.abs().max(1.0))
    }
}

/// A feasible plan with its cost bookkeeping.
#[derive(Clone)]
pub(crate) struct PlantState<'a> {
    pub instance: &'a Instance,
    pub scope: &'a Scope,
    pub tt: Timetable<'a>,
    /// Cost attributed to each order: weighted tardiness, transport, energy of its operations and
    /// stability penalties, under the objective weights (0 while unplanned).
    order_cost: Vec<f64>,
    planned: Vec<bool>,
    unplanned: usize,
    /// Sum of `order_cost`.
    total: f64,
    /// Multiset of operation ends, for the makespan term.
    ends: BTreeMap<Minutes, u32>,
    /// Why each unplanned order was left out (from the initial plan or the last failed insertion).
    reasons: Vec<Option<String>>,
    /// Per machine, placed operations by start (for neighbourhoods that look at what runs nearby).
    by_machine: Vec<BTreeMap<Minutes, OpId>>,
    /// By order: how it may be left out by choice under the contribution form (empty: no order
    /// may). An order that may is never counted as unplanned: while out, it costs its
    /// [`LeaveOut::cost`].
    leave: Vec<Option<LeaveOut>>,
    /// The demand charge of the placed operations (`None` without demand charges).
    demand: Option<DemandProfile>,
}

impl<'a> PlantState<'a> {
    /// The state of a feasible `initial` plan. Returns `None` when the plan cannot be placed in a
    /// timetable (it is infeasible: callers check plans before searching).
    pub fn new(instance: &'a Instance, scope: &'a Scope, initial: &Schedule) -> Option<Self> {
        let n = instance.orders().len();
        let mut state = Self {
            instance,
            scope,
            tt: Timetable::new(instance),
            order_cost: vec![0.0; n],
            planned: vec![false; n],
            unplanned: 0,
            total: 0.0,
            ends: BTreeMap::new(),
            reasons: vec![None; n],
            by_machine: vec![BTreeMap::new(); instance.machines().len()],
            leave: super::choice::leave_options(instance, scope),
            demand: DemandProfile::new(instance),
        };
        // Transfers that left before the scope's start are under way (a re-plan's history).
        let floor = scope.not_before.max(0);
        state.tt.set_transfer_floor(floor);
        for t in initial.transfers.iter().filter(|t| t.depart < floor) {
            state.tt.fix_transfer(t);
        }
        let open: Vec<_> = initial
            .transfers
            .iter()
            .filter(|t| t.depart >= floor)
            .cloned()
            .collect();
        state.tt.prefer_transfers(&open);
        let mut ops = initial.ops.clone();
        // Place in start order so that material consumption is committed chronologically.
        ops.sort_by_key(|s| (s.start, s.op));
        for s in &ops {
            state.place_in(s.op, s.machine, s.mode, s.start)?;
        }
        for u in &initial.unplanned {
            state.reasons[u.order.index()] = Some(u.reason.clone());
        }
        for order in instance.order_ids() {
            let complete = instance
                .order_plan(order)
                .op_ids()
                .all(|op| state.tt.placement(op).is_some());
            if complete {
                state.mark_planned(order);
            } else {
                for op in instance.order_plan(order).op_ids() {
                    if !scope.is_frozen(op) {
                        state.unplace(op);
                    }
                }
                state.count_out(order);
            }
        }
        Some(state)
    }

    /// Plan quality now.
    pub fn quality(&self) -> Quality {
        let w = self.instance.weights();
        Quality {
            unplanned: self.unplanned,
            cost: self.total
                + w.transport * self.tt.fixed_transfer_cost()
                + w.makespan * self.makespan() as f64
                + self.demand_cost()
                + w.energy * self.mode_change_cost(),
        }
    }

    /// The demand charge of the placed operations in objective units (0 without charges).
    pub fn demand_cost(&self) -> f64 {
        self.demand
            .as_ref()
            .map_or(0.0, |d| self.instance.weights().energy * d.total())
    }

    /// What the demand charge (objective units) would fall by without `placements` (placed
    /// operations of this plan): taken out of the profile and put back, so the plan is unchanged.
    pub fn demand_cost_of(&mut self, placements: &[ScheduledOp]) -> f64 {
        let instance = self.instance;
        let Some(d) = self.demand.as_mut() else {
            return 0.0;
        };
        let with = d.total();
        for p in placements {
            d.update(instance, p, -1.0);
        }
        let without = d.total();
        for p in placements {
            d.update(instance, p, 1.0);
        }
        instance.weights().energy * (with - without)
    }

    /// True when some site has a demand charge.
    pub fn has_demand(&self) -> bool {
        self.demand.is_some()
    }

    /// The change costs of the machines' mode switches among the placed operations
    /// ([`crate::solution::mode_change_cost`]); 0 without modes. Linear in the operations on
    /// machines with modes.
    fn mode_change_cost(&self) -> f64 {
        let mut total = 0.0;
        for (m, ops) in self.instance.machines().iter().zip(&self.by_machine) {
            if m.modes.is_empty() {
                continue;
            }
            let mut current = crate::model::ModeId::NOMINAL;
            // Every placed operation counts, as in the KPIs and the checker.
            for &op in ops.values() {
                let Some(p) = self.tt.placement(op) else {
                    continue;
                };
                if p.mode != current {
                    total += m.mode_change_cost(p.mode);
                    current = p.mode;
                }
            }
        }
        total
    }

    /// True when every operation of `order` is placed and counted.
    pub fn is_planned(&self, order: OrderId) -> bool {
        self.planned[order.index()]
    }

    /// The counted cost of `order`.
    pub fn order_cost(&self, order: OrderId) -> f64 {
        self.order_cost[order.index()]
    }

    /// The placements of `order`'s operations that are placed, in routing order.
    pub fn placements_of(&self, order: OrderId) -> Vec<ScheduledOp> {
        self.instance
            .order_plan(order)
            .op_ids()
            .filter_map(|op| self.tt.placement(op))
            .collect()
    }

    /// Takes the unfrozen operations of `order` out of the plan and returns their placements.
    pub fn remove_order(&mut self, order: OrderId) -> Vec<ScheduledOp> {
        let mut removed = Vec::new();
        if self.planned[order.index()] {
            self.total -= self.order_cost[order.index()];
            self.order_cost[order.index()] = 0.0;
            self.planned[order.index()] = false;
            self.count_out(order);
            for op in self.instance.order_plan(order).op_ids() {
                if let Some(p) = self.tt.placement(op) {
                    self.drop_end(p.end);
                }
            }
        }
        for op in self.instance.order_plan(order).op_ids() {
            if !self.scope.is_frozen(op)
                && let Some(p) = self.unplace(op)
            {
                removed.push(p);
            }
        }
        removed
    }

    /// Places `op` through the timetable's checks and indexes it. `None` when a check fails.
    #[allow(dead_code)] // nominal-mode callers use `place_in` now; kept for other branches
    pub fn place(
        &mut self,
        op: OpId,
        machine: crate::model::MachineId,
        start: Minutes,
    ) -> Option<ScheduledOp> {
        self.place_in(op, machine, crate::model::ModeId::NOMINAL, start)
    }

    /// Places `op` on `machine` in `mode` (`modes.csv`) like [`PlantState::place`].
    pub fn place_in(
        &mut self,
        op: OpId,
        machine: crate::model::MachineId,
        mode: crate::model::ModeId,
        start: Minutes,
    ) -> Option<ScheduledOp> {
        let placed = self.tt.place_in(op, machine, mode, start).ok()?;
        self.by_machine[machine.index()].insert(start, op);
        if let Some(d) = self.demand.as_mut() {
            d.update(self.instance, &placed, 1.0);
        }
        Some(placed)
    }

    /// Takes `op` out of the timetable (not out of the cost bookkeeping: see `remove_order`).
    pub fn unplace(&mut self, op: OpId) -> Option<ScheduledOp> {
        let placed = self.tt.unplace(op)?;
        self.by_machine[placed.machine.index()].remove(&placed.start);
        if let Some(d) = self.demand.as_mut() {
            d.update(self.instance, &placed, -1.0);
        }
        Some(placed)
    }

    /// Operations on `machine` starting in `[from, to)`.
    pub fn ops_on(
        &self,
        machine: crate::model::MachineId,
        from: Minutes,
        to: Minutes,
    ) -> impl Iterator<Item = OpId> + '_ {
        self.by_machine[machine.index()]
            .range(from..to.max(from))
            .map(|(_, op)| *op)
    }

    /// Operations on the machines of `placements` starting within `reach` minutes before the
    /// start or after the end of one of them (listed once per placement it is near).
    pub fn ops_around(
        &self,
        placements: impl IntoIterator<Item = ScheduledOp>,
        reach: Minutes,
    ) -> Vec<OpId> {
        placements
            .into_iter()
            .flat_map(|p| {
                self.ops_on(
                    p.machine,
                    p.start.saturating_sub(reach),
                    p.end.saturating_add(reach),
                )
            })
            .collect()
    }

    /// The earliest start the routing allows `op` where the plan stands: its order's release for
    /// the first step, else its predecessor's end plus the minimum lag; never before the scope's
    /// "not before". `None` when the predecessor is not placed.
    pub fn ready(&self, op: OpId) -> Option<Minutes> {
        let operation = self.instance.op(op);
        let order = operation.order;
        let ready = if op == self.instance.order_plan(order).first_op() {
            self.instance.order(order).release
        } else {
            self.tt.placement(OpId(op.0 - 1))?.end + operation.min_lag
        };
        Some(ready.max(self.scope.not_before))
    }

    /// The last operation on each machine that has one.
    pub fn last_ops(&self) -> impl Iterator<Item = OpId> + '_ {
        self.by_machine
            .iter()
            .filter_map(|m| m.last_key_value().map(|(_, op)| *op))
    }

    /// Latest operation end.
    pub fn makespan(&self) -> Minutes {
        self.ends.last_key_value().map_or(0, |(t, _)| *t)
    }

    /// Re-sums the order costs (removes floating drift after many incremental updates).
    pub fn resum(&mut self) {
        self.total = self.order_cost.iter().sum::<f64>() + 0.0;
        if let Some(d) = self.demand.as_mut() {
            d.resum();
        }
    }

    /// Counts `order` as planned once all its operations are placed (the caller placed them).
    fn mark_planned(&mut self, order: OrderId) {
        debug_assert!(!self.planned[order.index()]);
        let cost = self.placed_order_cost(order);
        self.planned[order.index()] = true;
        self.order_cost[order.index()] = cost;
        self.total += cost;
        self.reasons[order.index()] = None;
        for op in self.instance.order_plan(order).op_ids() {
            if let Some(p) = self.tt.placement(op) {
                *self.ends.entry(p.end).or_insert(0) += 1;
            }
        }
    }

    /// Counts a previously removed order as planned again (for `remove_order` / put back pairs).
    pub fn count_planned(&mut self, order: OrderId) {
        if self.leave_out(order).is_some() {
            // Out by choice: it cost its leave-out cost, which its placements now replace.
            self.total -= self.order_cost[order.index()];
            self.order_cost[order.index()] = 0.0;
        } else {
            self.unplanned -= 1;
        }
        self.mark_planned(order);
    }

    /// Counts an order that is not (or no longer) planned: at its leave-out cost when it may be
    /// left out by choice, else as unplanned.
    fn count_out(&mut self, order: OrderId) {
        match self.leave_out(order) {
            Some(leave) => {
                let cost = leave.cost + leave.penalty;
                self.order_cost[order.index()] = cost;
                self.total += cost;
            }
            None => self.unplanned += 1,
        }
    }

    /// How `order` may be left out by choice (`None`: it must be planned).
    pub fn leave_out(&self, order: OrderId) -> Option<LeaveOut> {
        self.leave.get(order.index()).copied().flatten()
    }

    /// True when `order` is out of the plan by choice (dropped or deferred).
    pub fn is_left_out(&self, order: OrderId) -> bool {
        !self.planned[order.index()] && self.leave_out(order).is_some()
    }

    /// True when some order may be left out by choice.
    pub fn has_choices(&self) -> bool {
        self.leave.iter().any(Option::is_some)
    }

    /// Takes a planned order out of the cost bookkeeping while its operations stay placed (a move
    /// is about to change one of them); [`PlantState::restore_order_cost`] counts it again.
    pub fn remove_order_cost_only(&mut self, order: OrderId) {
        if !self.planned[order.index()] {
            return;
        }
        self.total -= self.order_cost[order.index()];
        self.order_cost[order.index()] = 0.0;
        self.planned[order.index()] = false;
        for op in self.instance.order_plan(order).op_ids() {
            if let Some(p) = self.tt.placement(op) {
                self.drop_end(p.end);
            }
        }
    }

    /// Counts an order taken out by `remove_order_cost_only` again, at its current placements.
    pub fn restore_order_cost(&mut self, order: OrderId) {
        self.mark_planned(order);
    }

    /// Why an unplanned order is unplanned, when known.
    pub fn reason(&self, order: OrderId) -> Option<&str> {
        self.reasons[order.index()].as_deref()
    }

    /// Notes why an order stays unplanned.
    pub fn set_reason(&mut self, order: OrderId, reason: String) {
        self.reasons[order.index()] = Some(reason);
    }

    fn drop_end(&mut self, end: Minutes) {
        if let Some(count) = self.ends.get_mut(&end) {
            *count -= 1;
            if *count == 0 {
                self.ends.remove(&end);
            }
        }
    }

    /// Cost of `order` with all its operations placed: see [`order_cost_of`].
    pub fn placed_order_cost(&self, order: OrderId) -> f64 {
        let placements: Vec<ScheduledOp> = self
            .instance
            .order_plan(order)
            .op_ids()
            .filter_map(|op| self.tt.placement(op))
            .collect();
        let transfers = self.tt.order_transfer_cost(order);
        order_cost_of(self.instance, self.scope, order, &placements, transfers)
    }

    /// The plan: placed operations, fastest shipments, unplanned orders with their reasons.
    pub fn to_schedule(&self) -> Schedule {
        let mut schedule = self.tt.to_schedule();
        let instance = self.instance;
        // Frozen operations of unplanned orders would break "unplanned orders have no operations";
        // they only arise when a frozen prefix cannot be completed, which callers prevent.
        schedule.unplanned = instance
            .order_ids()
            .filter(|o| !self.planned[o.index()])
            .map(|o| {
                let leave = self.leave_out(o);
                UnplannedOrder {
                    decision: leave.map_or_else(Default::default, |l| l.decision),
                    order: o,
                    reason: self.reasons[o.index()]
                        .clone()
                        .unwrap_or_else(|| match leave {
                            Some(l) => l.describe(instance, o),
                            None => format!(
                                "order '{}' could not be placed by the local search",
                                instance.order(o).name
                            ),
                        }),
                }
            })
            .collect();
        schedule.ship_orders(instance);
        schedule.normalize();
        schedule
    }

    /// Recomputes the cost from scratch (debug check of the incremental bookkeeping).
    #[cfg(debug_assertions)]
    pub fn assert_consistent(&self) {
        let schedule = self.to_schedule();
        let fresh = super::cost(self.instance, &schedule, self.scope);
        let q = self.quality();
        debug_assert_eq!(
            q.unplanned,
            schedule.unplanned.iter().filter(|u| !u.is_choice()).count()
        );
        debug_assert!(
            (fresh - q.cost).abs() <= 1e-6 * fresh.abs().max(1.0),
            "incremental cost {} differs from recomputed {}",
            q.cost,
            fresh
        );
    }
}

/// Cost of one order placed as `placements` (all its operations): the shared per-order cost
/// ([`crate::solution::order_cost`]: weighted tardiness at arrival, transport and energy under the
/// objective weights, with `transfer_cost` money of transfers for its material) plus the stability
/// and risk penalties of every placement.
pub(crate) fn order_cost_of(
    instance: &Instance,
    scope: &Scope,
    order: OrderId,
    placements: &[ScheduledOp],
    transfer_cost: f64,
) -> f64 {
    let penalties: f64 = placements.iter().map(|p| scope.penalty(p)).sum();
    let cost = order_cost(instance, order, placements).with_transfer_cost(instance, transfer_cost);
    cost.weighted + penalties + scope.late_cost(order, cost.tardiness)
}

impl<'a> Placer<'a> for PlantState<'a> {
    fn timetable(&self) -> &Timetable<'a> {
        &self.tt
    }
    fn place_op_in(
        &mut self,
        op: OpId,
        machine: crate::model::MachineId,
        mode: crate::model::ModeId,
        start: Minutes,
    ) -> Option<ScheduledOp> {
        self.place_in(op, machine, mode, start)
    }
    fn unplace_op(&mut self, op: OpId) -> Option<ScheduledOp> {
        self.unplace(op)
    }
    fn set_source_rule(&mut self, order: OrderId, rule: SourceRule) {
        self.tt.set_source_rule(order, rule);
    }
}
