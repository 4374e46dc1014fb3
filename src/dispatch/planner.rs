//! The state shared by every dispatching rule: the timetable, the unplanned orders, and placing one
//! whole order at one plant with the earliest finish per step.

use super::energy;
use super::priority::Facts;
use super::unplanned::{MissedDeadline, explain};
use crate::model::{Instance, MachineId, Minutes, OrderId, SiteId};
use crate::solution::{Schedule, ScheduledOp, UnplannedOrder};
use crate::timetable::{Blocked, Timetable};

/// One order placed at one plant (its operations are committed in the timetable).
#[derive(Clone, Debug)]
pub(super) struct OrderPlacement {
    /// Position of the plant in the order's `plants`.
    pub plant_index: usize,
    /// The plant site.
    pub plant: SiteId,
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
}

impl<'a> Planner<'a> {
    pub fn new(instance: &'a Instance, facts: &'a Facts, energy_shift: bool) -> Self {
        Self {
            instance,
            facts,
            tt: Timetable::new(instance),
            makespan: 0,
            unplanned: Vec::new(),
            energy_shift: energy_shift && instance.has_energy_costs(),
        }
    }

    /// Places every operation of `order` at plant number `plant_index`, each on the eligible machine
    /// where it finishes first (gap insertion), and commits them. On a block nothing stays placed.
    pub fn place_at(
        &mut self,
        order: OrderId,
        plant_index: usize,
    ) -> Result<OrderPlacement, Blocked> {
        let instance = self.instance;
        let plan = instance.order_plan(order);
        let plant = plan.plants[plant_index].site;
        let mut ops: Vec<ScheduledOp> = Vec::with_capacity(plan.ops.len());
        let mut ready = instance.order(order).release;
        for op in plan.op_ids() {
            let operation = instance.op(op);
            if let Some(prev) = ops.last() {
                ready = prev.end + operation.min_lag;
            }
            // Earliest end first, then cheaper energy, then lower machine id (options are sorted).
            let mut best: Option<(Minutes, f64, MachineId, Minutes)> = None;
            let mut blocked = None;
            for option in &operation.options {
                if instance.machine(option.machine).site != plant {
                    continue;
                }
                match self.tt.earliest_start(op, option.machine, ready) {
                    Ok(start) => {
                        let end = start + option.duration;
                        let energy = if self.energy_shift {
                            instance.energy_cost(option.machine, start, end)
                        } else {
                            0.0
                        };
                        let better = best.as_ref().is_none_or(|&(e, c, _, _)| {
                            end.cmp(&e).then(energy.total_cmp(&c)).is_lt()
                        });
                        if better {
                            best = Some((end, energy, option.machine, start));
                        }
                    }
                    Err(b) => blocked = blocked.or(Some(b)),
                }
            }
            let placed =
                best.and_then(|(_, _, machine, start)| self.tt.place(op, machine, start).ok());
            match placed {
                Some(p) => ops.push(p),
                None => {
                    for p in &ops {
                        self.tt.unplace(p.op);
                    }
                    // A plant has an eligible machine for every step, so only a block gets here.
                    let machine = operation
                        .options
                        .first()
                        .map_or(MachineId(0), |o| o.machine);
                    return Err(blocked.unwrap_or(Blocked::NotEligible { op, machine }));
                }
            }
        }
        Ok(self.placement(order, plant_index, ops))
    }

    /// Wraps placed operations with their arrival and cost.
    pub fn placement(
        &self,
        order: OrderId,
        plant_index: usize,
        ops: Vec<ScheduledOp>,
    ) -> OrderPlacement {
        let instance = self.instance;
        let plan = instance.order_plan(order);
        let plant = &plan.plants[plant_index];
        let completion = ops.iter().map(|s| s.end).max().unwrap_or(0);
        let transit = plant.route.as_ref().map_or(0, |r| r.transit);
        let arrival = completion + transit;
        let o = instance.order(order);
        let w = instance.weights();
        let late = o.due.map_or(0, |due| (arrival - due).max(0));
        let transport = plant
            .route
            .as_ref()
            .map_or(0.0, |r| r.cost_per_unit * f64::from(o.quantity));
        let energy: f64 = if w.energy > 0.0 {
            ops.iter()
                .map(|s| instance.energy_cost(s.machine, s.start, s.end))
                .sum()
        } else {
            0.0
        };
        let cost = w.tardiness * o.weight * late as f64
            + w.transport * transport
            + w.energy * energy
            + w.makespan * (completion - self.makespan).max(0) as f64;
        OrderPlacement {
            plant_index,
            plant: plant.site,
            ops,
            arrival,
            cost,
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
            if self.tt.place(s.op, s.machine, s.start).is_err() {
                for undo in &placement.ops[..k] {
                    self.tt.unplace(undo.op);
                }
                return false;
            }
        }
        true
    }

    /// Plans `order` at the plant where it adds the least cost among those meeting its hard deadline;
    /// when none can, records it as unplanned with the reason. Returns whether it was planned.
    pub fn insert_order(&mut self, order: OrderId) -> bool {
        let plan = self.instance.order_plan(order);
        let mut placed = Vec::with_capacity(plan.plants.len());
        let mut blocks = Vec::new();
        // Each plant is tried from the same state: place, note, take out again. The best one is
        // then placed again, which succeeds because the state is the same.
        let single = plan.plants.len() == 1;
        for (k, plant) in plan.plants.iter().enumerate() {
            match self.place_at(order, k) {
                Ok(p) => {
                    if !single {
                        self.remove(&p);
                    }
                    placed.push(p);
                }
                Err(b) => blocks.push((plant.site, b)),
            }
        }
        let deadline = self.instance.order(order).deadline;
        let best = placed
            .iter()
            .enumerate()
            .filter(|(_, p)| deadline.is_none_or(|d| p.arrival <= d))
            .min_by(|(_, a), (_, b)| {
                a.cost
                    .total_cmp(&b.cost)
                    .then(a.arrival.cmp(&b.arrival))
                    .then(a.plant_index.cmp(&b.plant_index))
            })
            .map(|(k, _)| k);
        if single {
            if let (None, Some(p)) = (best, placed.first()) {
                self.remove(p);
            }
        } else if let Some(k) = best
            && !self.replay(&placed[k])
        {
            debug_assert!(false, "replaying a placement in the same state failed");
            return self.give_up_internal(order);
        }
        match best {
            Some(k) => {
                let mut chosen = Some(placed.swap_remove(k));
                if self.energy_shift {
                    chosen = chosen.and_then(|c| energy::shift_to_cheaper_periods(self, order, c));
                }
                match chosen {
                    Some(c) => {
                        self.commit(&c);
                        true
                    }
                    None => self.give_up_internal(order),
                }
            }
            None => {
                let missed: Vec<MissedDeadline> = placed
                    .iter()
                    .map(|p| MissedDeadline {
                        plant: p.plant,
                        arrival: p.arrival,
                    })
                    .collect();
                let reason = explain(self.instance, order, &blocks, &missed);
                self.unplanned.push(UnplannedOrder { order, reason });
                false
            }
        }
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
        self.unplanned.push(UnplannedOrder { order, reason });
        false
    }

    /// Notes a placement that stays in the plan.
    pub fn commit(&mut self, placement: &OrderPlacement) {
        for s in &placement.ops {
            self.makespan = self.makespan.max(s.end);
        }
    }

    /// The finished plan: placed operations, fastest shipments, unplanned orders; normalized.
    pub fn finish(self) -> Schedule {
        let mut schedule = self.tt.to_schedule();
        schedule.unplanned = self.unplanned;
        schedule.ship_fastest(self.instance);
        schedule.normalize();
        schedule
    }
}
