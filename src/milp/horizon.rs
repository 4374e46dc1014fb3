//! Time windows for the MILP: the latest completion each order may have, and from it the earliest
//! start and latest end of every operation. They bound the start variables, size the big-M values of
//! the disjunctive model and the grid of the time-indexed model.
//!
//! The windows never cut off a plan that matters:
//! - **From a plan** with objective `Z` (the warm start): in any plan at least as good, an order
//!   with due date `d`, weight `w` and tardiness weight `W` is at most `(Z - L) / (W w)` minutes
//!   late, where `L` is a lower bound on everything in the objective except tardiness (makespan,
//!   transport, energy); so it completes by `d - (fastest transit) + (Z - L) / (W w)`. With a
//!   makespan weight `Wc`, every order completes by `(makespan bound) + (Z - L) / Wc`. A hard
//!   deadline bounds the completion directly.
//! - An order none of these bound (no due date, no weight, no makespan weight) costs the same
//!   whenever it runs after the last event `T0` (release, delivery, downtime end, deadline, tariff
//!   change): its windows end at `T0 + p_max + sum over all operations (p_max + lag)`, enough to
//!   run everything after `T0` one operation at a time.
//! - **Serial** (no complete plan known): every order completes by that same serial horizon or its
//!   deadline. Every feasible instance has a plan within it (move whatever starts after `T0` into
//!   one serial sequence), so a model that is infeasible within it proves the instance infeasible.
//!
//! A plan found later is *certified* when the windows computed from its own objective fit inside the
//! windows the model used: then every better plan was inside the model and HiGHS's bound is valid.

use super::scope::Scope;
use crate::model::{Instance, Minutes, OpOption, OrderId, SiteId, Tariff};
use crate::solution::bounds;

/// Completion bound per order and the time window of every operation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Horizon {
    /// Latest completion (end of the last operation) per order.
    pub completion_ub: Vec<Minutes>,
    /// Earliest start per operation.
    pub est: Vec<Minutes>,
    /// Latest end per operation.
    pub lct: Vec<Minutes>,
    /// What the windows rest on.
    pub basis: Basis,
}

/// What a horizon rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Basis {
    /// The objective of a known complete plan.
    Plan,
    /// The serial argument alone (no complete plan known).
    Serial,
    /// A neighbourhood of a plan: windows narrowed around its starts.
    Neighbourhood,
}

/// Whether the formulation's objective counts energy (it then bounds tardiness less tightly: the
/// lower bound `L` may include the cheapest possible energy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CountsEnergy(pub bool);

/// Caps window arithmetic far beyond any real plan.
const FAR: f64 = 1e12;

impl Horizon {
    /// Windows that hold every plan with objective at most `objective`.
    pub fn from_plan(
        instance: &Instance,
        scope: &Scope,
        objective: f64,
        energy: CountsEnergy,
    ) -> Horizon {
        let bounds = cost_bounds(instance, scope, objective, energy);
        let latest_bounded = bounds.iter().flatten().copied().max().unwrap_or(0);
        let free_end =
            latest_event(instance, energy).max(latest_bounded) + serial_span(instance, scope);
        let ub = bounds.iter().map(|b| b.unwrap_or(free_end)).collect();
        Self::with_completion_bounds(instance, scope, ub, Basis::Plan)
    }

    /// Windows that hold some feasible plan of every feasible instance.
    pub fn serial(instance: &Instance, scope: &Scope, energy: CountsEnergy) -> Horizon {
        let end = latest_event(instance, energy) + serial_span(instance, scope);
        let ub = instance
            .order_ids()
            .map(|o| deadline_bound(instance, scope, o).map_or(end, |d| d.min(end)))
            .collect();
        Self::with_completion_bounds(instance, scope, ub, Basis::Serial)
    }

    /// Serial windows that ignore hard deadlines (for the relaxed model that explains
    /// infeasibility).
    pub fn serial_without_deadlines(
        instance: &Instance,
        scope: &Scope,
        energy: CountsEnergy,
    ) -> Horizon {
        let end = latest_event(instance, energy) + serial_span(instance, scope);
        let ub = vec![end; instance.orders().len()];
        Self::with_completion_bounds(instance, scope, ub, Basis::Serial)
    }

    /// Narrows every operation's window to `radius` minutes around its start in `plan` (a
    /// neighbourhood of that plan; the windows then no longer hold every better plan).
    pub fn narrow_around(
        &mut self,
        instance: &Instance,
        scope: &Scope,
        plan: &super::warm::WarmFacts,
        radius: Minutes,
    ) {
        for op in instance.op_ids() {
            let i = op.index();
            let start = plan.start(op);
            self.est[i] = self.est[i].max(start - radius);
            self.lct[i] = self.lct[i].min(start + radius + scope.max_duration(op));
        }
        self.basis = Basis::Neighbourhood;
    }

    /// True when every plan at least as good as one with objective `objective` lies within these
    /// windows (so a bound proven within them holds for every plan).
    pub fn certifies(
        &self,
        instance: &Instance,
        scope: &Scope,
        objective: f64,
        energy: CountsEnergy,
    ) -> bool {
        if self.basis == Basis::Neighbourhood {
            return false;
        }
        let needed = Self::from_plan(instance, scope, objective, energy);
        needed
            .completion_ub
            .iter()
            .zip(&self.completion_ub)
            .all(|(need, have)| need <= have)
    }

    fn with_completion_bounds(
        instance: &Instance,
        scope: &Scope,
        completion_ub: Vec<Minutes>,
        basis: Basis,
    ) -> Horizon {
        let est = earliest_starts(instance, scope);
        let mut lct = vec![0; instance.ops().len()];
        for order in instance.order_ids() {
            let mut latest_end = completion_ub[order.index()];
            for op in instance.order_plan(order).op_ids().rev() {
                lct[op.index()] = latest_end;
                latest_end -= scope.min_duration(op) + instance.op(op).min_lag;
            }
        }
        Horizon {
            completion_ub,
            est,
            lct,
            basis,
        }
    }
}

/// Earliest start of every operation: release (and, for the first operation, the earliest minute
/// enough material is at some allowed plant), then the shortest durations and lags before it.
fn earliest_starts(instance: &Instance, scope: &Scope) -> Vec<Minutes> {
    let mut est = vec![0; instance.ops().len()];
    for order in instance.order_ids() {
        let material_ready = scope.plants[order.index()]
            .iter()
            .map(|p| {
                instance
                    .order_demand(order)
                    .filter_map(|(m, q)| instance.earliest_material(p.site, m, q))
                    .max()
                    .unwrap_or(Minutes::MIN)
            })
            .min()
            .unwrap_or(Minutes::MIN);
        let mut t = instance.order(order).release.max(material_ready);
        let mut first = true;
        for op in instance.order_plan(order).op_ids() {
            if !first {
                t = t.saturating_add(instance.op(op).min_lag);
            }
            first = false;
            t = earliest_up(instance, &scope.options[op.index()], t);
            est[op.index()] = t;
            t = t.saturating_add(scope.min_duration(op));
        }
    }
    est
}

/// The earliest start at or after `t` at which one of `options` can run its whole duration
/// without meeting a downtime of its machine. A machine down for a long time at the start of the
/// horizon then moves the window (and the big-M values measured from it) past the downtime, instead
/// of leaving `M` as long as the downtime: with `M` near 10^7, HiGHS's integrality tolerance of
/// 10^-6 alone would let an operation overlap the downtime by 10 minutes.
fn earliest_up(instance: &Instance, options: &[OpOption], t: Minutes) -> Minutes {
    options
        .iter()
        .map(|o| {
            let mut at = t;
            for w in &instance.machine(o.machine).downtime {
                if w.end <= at {
                    continue;
                }
                if w.start >= at.saturating_add(o.duration) {
                    break;
                }
                at = w.end;
            }
            at
        })
        .min()
        .unwrap_or(t)
}

/// Per order the latest completion any plan with objective at most `objective` can have, or
/// `None` when the objective does not bound it.
fn cost_bounds(
    instance: &Instance,
    scope: &Scope,
    objective: f64,
    energy: CountsEnergy,
) -> Vec<Option<Minutes>> {
    let w = instance.weights();
    let makespan_lb = bounds::makespan_lower_bound(instance);
    let slack =
        (objective - non_tardiness_lower_bound(instance, scope, energy, makespan_lb)).max(0.0);
    let makespan_bound =
        (w.makespan > 0.0).then(|| makespan_lb + minutes_floor(slack / w.makespan));
    instance
        .order_ids()
        .map(|o| {
            let order = instance.order(o);
            let per_minute = w.tardiness * order.weight;
            let due_bound = match order.due {
                Some(due) if per_minute > 0.0 => {
                    Some(due - scope.min_transit(o) + minutes_floor(slack / per_minute))
                }
                _ => None,
            };
            [
                deadline_bound(instance, scope, o),
                due_bound,
                makespan_bound,
            ]
            .into_iter()
            .flatten()
            .min()
        })
        .collect()
}

/// Latest completion that still meets the order's hard deadline by the fastest route.
fn deadline_bound(instance: &Instance, scope: &Scope, order: OrderId) -> Option<Minutes> {
    instance
        .order(order)
        .deadline
        .map(|d| d - scope.min_transit(order))
}

/// A lower bound on the objective without its tardiness part: the makespan bound, the cheapest
/// route of every order and, when energy counts, the cheapest energy of every operation.
fn non_tardiness_lower_bound(
    instance: &Instance,
    scope: &Scope,
    energy: CountsEnergy,
    makespan_lb: Minutes,
) -> f64 {
    let w = instance.weights();
    let mut lb = w.makespan * makespan_lb as f64;
    for o in instance.order_ids() {
        lb += w.transport * scope.min_route_cost(o) * f64::from(instance.order(o).quantity);
    }
    if energy.0 && w.energy > 0.0 {
        let from = earliest_starts(instance, scope)
            .into_iter()
            .min()
            .unwrap_or(0);
        for options in &scope.options {
            let cheapest = options
                .iter()
                .map(|o| {
                    let m = instance.machine(o.machine);
                    m.mode_power_kw(o.mode) * o.duration as f64 / 60.0
                        * price_floor(instance.tariff(m.site), from)
                })
                .reduce(f64::min)
                .unwrap_or(0.0);
            lb += w.energy * cheapest;
        }
    }
    lb
}

/// The lowest price per kWh from minute `from` on (0 when some minute is not covered).
fn price_floor(tariff: &Tariff, from: Minutes) -> f64 {
    let mut covered_to = from;
    let mut floor = f64::INFINITY;
    for &(window, price) in &tariff.periods {
        if window.end <= covered_to {
            continue;
        }
        if window.start > covered_to {
            return 0.0;
        }
        floor = floor.min(price);
        covered_to = window.end;
    }
    if covered_to == Minutes::MAX {
        floor
    } else {
        0.0
    }
}

/// The last minute at which anything in the instance changes: releases, deliveries, the end of a
/// downtime, deadlines and (when energy counts) tariff changes.
fn latest_event(instance: &Instance, energy: CountsEnergy) -> Minutes {
    let mut t: Minutes = 0;
    for o in instance.orders() {
        t = t.max(o.release);
        if let Some(d) = o.deadline {
            t = t.max(d);
        }
    }
    for supply in instance.supplies().values() {
        if let Some(&(eta, _)) = supply.steps.last() {
            t = t.max(eta);
        }
    }
    for m in instance.machines() {
        for w in &m.downtime {
            if w.end < Minutes::MAX {
                t = t.max(w.end);
            }
        }
    }
    if energy.0 {
        for site in 0..instance.sites().len() {
            let tariff = instance.tariff(SiteId::from_index(site));
            for (w, _) in &tariff.periods {
                t = t.max(w.start);
                if w.end < Minutes::MAX {
                    t = t.max(w.end);
                }
            }
        }
    }
    t
}

/// Time to run every operation one after another on its slowest machine with all lags, plus one
/// more longest operation (one may still be running at the start).
fn serial_span(instance: &Instance, scope: &Scope) -> Minutes {
    let mut longest = 0;
    let mut total = 0;
    for op in instance.op_ids() {
        let p = scope.max_duration(op);
        longest = longest.max(p);
        total += p + instance.op(op).min_lag;
    }
    longest + total
}

fn minutes_floor(x: f64) -> Minutes {
    (x + 1e-9).floor().min(FAR) as Minutes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Instance, InstanceBuilder, Machine, ObjectiveWeights, Order, Product, Site, Step,
        StepOption,
    };

    /// One machine; order A (30 min, due 30, weight 1), order B (20 min, due 40, weight 4),
    /// B released at 5.
    fn two_orders(weights: ObjectiveWeights) -> Instance {
        let mut b = InstanceBuilder::new("h");
        let site = b.add_site(Site::new("S"));
        let m = b.add_machine(Machine::new("M", site));
        for (name, minutes, due, weight, release) in [("A", 30, 30, 1.0, 0), ("B", 20, 40, 4.0, 5)]
        {
            let p = b.add_product(Product {
                name: name.into(),
                steps: vec![Step {
                    min_lag: 0,
                    options: vec![StepOption {
                        machine: m,
                        setup: minutes,
                        run_per_unit: 0.0,
                    }],
                }],
                bom: vec![],
            });
            let mut o = Order::new(name, p, 1);
            o.due = Some(due);
            o.weight = weight;
            o.release = release;
            b.add_order(o);
        }
        b.weights = weights;
        b.build().unwrap()
    }

    #[test]
    fn a_plans_objective_bounds_each_orders_lateness_by_its_weight() {
        let instance = two_orders(ObjectiveWeights::default());
        let (scope, _) = Scope::new(&instance, None);
        let h = Horizon::from_plan(&instance, &scope, 40.0, CountsEnergy(false));
        // A: due 30 + 40 / 1; B: due 40 + 40 / 4.
        assert_eq!(h.completion_ub, vec![70, 50]);
        assert_eq!(h.est, vec![0, 5]);
        assert_eq!(h.lct, vec![70, 50]);
        assert!(h.certifies(&instance, &scope, 40.0, CountsEnergy(false)));
        assert!(h.certifies(&instance, &scope, 12.0, CountsEnergy(false)));
        assert!(!h.certifies(&instance, &scope, 41.0, CountsEnergy(false)));
    }

    #[test]
    fn a_makespan_weight_bounds_every_completion() {
        let instance = two_orders(ObjectiveWeights::MAKESPAN);
        let (scope, _) = Scope::new(&instance, None);
        // The makespan bound is 50 (all work on one machine from minute 0): a plan with makespan
        // 55 leaves 5 minutes of slack to every completion.
        let h = Horizon::from_plan(&instance, &scope, 55.0, CountsEnergy(false));
        assert_eq!(h.completion_ub, vec![55, 55]);
    }

    #[test]
    fn the_serial_horizon_runs_everything_after_the_last_event() {
        let instance = two_orders(ObjectiveWeights::default());
        let (scope, _) = Scope::new(&instance, None);
        let h = Horizon::serial(&instance, &scope, CountsEnergy(false));
        // Last event: B's release at 5; then the longest operation (30) and both in series (50).
        assert_eq!(h.completion_ub, vec![85, 85]);
        assert_eq!(h.basis, Basis::Serial);
        assert!(h.certifies(&instance, &scope, 30.0, CountsEnergy(false)));
        assert!(!h.certifies(&instance, &scope, 200.0, CountsEnergy(false)));
    }
}
