//! The network / assignment model over plants and lanes: which plant makes each order and which
//! route (petgraph paths through the lane network, see [`super::routes`]) ships it, with plant
//! capacity per period, minimising tardiness + transport + production (energy) cost. Its decisions
//! then fix the plant in the detailed scheduling model.
//!
//! Time is cut into `Q` periods of equal length `L` plus an overflow period. Binary `z_opq` = order
//! `o` made at plant `p` and completed in period `q`. The completion is estimated as the later of
//! the period's middle and the earliest completion at `p`; the route is the cheapest for that
//! estimate (tardiness at arrival + transport) among routes that keep the hard deadline.

use super::detailed::Clock;
use super::model::{Kind, MilpModel, Values};
use super::options::RunOptions;
use super::runner::{self, RunOutcome, RunSettings};
use super::scope::Scope;
use super::warm::WarmFacts;
use crate::model::{Instance, MachineId, MaterialId, Minutes, OrderId, QUANTITY_EPS, SiteId};
use crate::solution::{Schedule, bounds};
use good_lp::{Expression, Variable};
use std::collections::BTreeMap;

/// Capacity periods before the overflow period.
pub(crate) const PERIODS: usize = 12;

/// One assignment variable: order made at `plant`, completed in `period`.
struct Assignment {
    order: OrderId,
    plant: SiteId,
    period: usize,
    var: Variable,
}

/// The periods: `[start_q, end_q)` for `q < PERIODS`, then the overflow period.
struct Periods {
    origin: Minutes,
    length: Minutes,
}

impl Periods {
    fn start(&self, q: usize) -> Minutes {
        self.origin + self.length * q as Minutes
    }
    fn end(&self, q: usize) -> Minutes {
        self.start(q + 1)
    }
    /// The period a completion falls in (the overflow period from the last end on).
    fn of(&self, t: Minutes) -> usize {
        (((t - self.origin).max(0) / self.length.max(1)) as usize).min(PERIODS)
    }
}

/// Chooses a plant per order. Returns `None` when HiGHS finds no assignment in time.
pub(crate) fn choose_plants(
    instance: &Instance,
    scope: &Scope,
    warm: Option<&Schedule>,
    options: &RunOptions,
    clock: Clock,
    time_share: f64,
) -> Option<Vec<SiteId>> {
    let facts = warm.and_then(|w| WarmFacts::new(instance, scope, w));
    let periods = periods(instance, warm);
    let mut model = MilpModel::new(facts.is_some());
    let assignments = assignment_variables(&mut model, instance, scope, &periods, facts.as_ref());
    one_plant_per_order(&mut model, instance, &assignments);
    plant_capacity(&mut model, instance, scope, &periods, &assignments);
    material_per_period(&mut model, instance, &periods, &assignments);
    let mut built = model.into_problem();
    let columns = std::mem::take(&mut built.columns);
    let settings = RunSettings {
        time_limit: clock.share(time_share),
        mip_gap: options.mip_gap.max(1e-3),
        threads: options.threads,
        seed: options.seed,
        presolve: true,
    };
    let inc = match runner::run(built, settings) {
        RunOutcome::Solved(inc) | RunOutcome::Stopped(inc) => inc,
        _ => return None,
    };
    let values = Values::new(&columns, &inc.values);
    let mut plants: Vec<Option<(f64, SiteId)>> = vec![None; instance.orders().len()];
    for a in &assignments {
        let v = values.eval(&a.var.into());
        let slot = &mut plants[a.order.index()];
        if slot.is_none_or(|(best, _)| v > best) {
            *slot = Some((v, a.plant));
        }
    }
    plants.into_iter().map(|p| p.map(|(_, s)| s)).collect()
}

/// Periods spanning the warm plan's makespan (or the makespan bound and due dates).
fn periods(instance: &Instance, warm: Option<&Schedule>) -> Periods {
    let origin = instance
        .orders()
        .iter()
        .map(|o| o.release)
        .min()
        .unwrap_or(0)
        .min(0);
    let due = instance.orders().iter().filter_map(|o| o.due).max();
    let end = warm
        .map(|w| w.makespan())
        .unwrap_or(0)
        .max(bounds::makespan_lower_bound(instance))
        .max(due.unwrap_or(0));
    let length = ((end - origin).max(1) + PERIODS as Minutes - 1) / PERIODS as Minutes;
    Periods {
        origin,
        length: length.max(1),
    }
}

/// Earliest completion of `order` at `plant`: release and material, then the shortest routing.
fn earliest_completion(
    instance: &Instance,
    scope: &Scope,
    order: OrderId,
    plant: SiteId,
) -> Minutes {
    let material = instance
        .order_demand(order)
        .filter_map(|(m, q)| instance.earliest_material(plant, m, q))
        .max()
        .unwrap_or(Minutes::MIN);
    let mut t = instance.order(order).release.max(material);
    for op in instance.order_plan(order).op_ids() {
        let shortest = scope.options[op.index()]
            .iter()
            .filter(|o| instance.machine(o.machine).site == plant)
            .map(|o| o.duration)
            .min()
            .unwrap_or(0);
        t += instance.op(op).min_lag + shortest;
    }
    t
}

/// Energy of making `order` at `plant` on its least-energy machines at the site's average price.
fn production_cost(instance: &Instance, scope: &Scope, order: OrderId, plant: SiteId) -> f64 {
    let tariff = instance.tariff(plant);
    let finite: Vec<(f64, f64)> = tariff
        .periods
        .iter()
        .filter(|(w, _)| w.end < Minutes::MAX)
        .map(|(w, p)| (w.len() as f64, *p))
        .collect();
    let minutes: f64 = finite.iter().map(|(l, _)| l).sum();
    let average = if minutes > 0.0 {
        finite.iter().map(|(l, p)| l * p).sum::<f64>() / minutes
    } else {
        tariff.periods.first().map_or(0.0, |(_, p)| *p)
    };
    instance
        .order_plan(order)
        .op_ids()
        .map(|op| {
            scope.options[op.index()]
                .iter()
                .filter(|o| instance.machine(o.machine).site == plant)
                .map(|o| instance.power_kw(o.machine, o.mode) * o.duration as f64 / 60.0)
                .reduce(f64::min)
                .unwrap_or(0.0)
        })
        .sum::<f64>()
        * average
}

/// **Assignment variables.** `z_opq` for every allowed plant `p` and period `q` in which order `o`
/// can complete, with cost `W_T w_o (c_opq + τ_r - d_o)^+ + W_R q_o c_r + W_E e_op` for the best
/// route `r` (`c_opq` the estimated completion, `e_op` the production energy cost).
fn assignment_variables(
    model: &mut MilpModel,
    instance: &Instance,
    scope: &Scope,
    periods: &Periods,
    warm: Option<&WarmFacts>,
) -> Vec<Assignment> {
    let w = instance.weights();
    let mut out = Vec::new();
    for order in instance.order_ids() {
        let o = instance.order(order);
        let qty = f64::from(o.quantity);
        let warm_period = warm.map(|f| periods.of(f.completion(instance, order)));
        let mut any = false;
        for relax_deadline in [false, true] {
            if any {
                break;
            }
            for plant in &scope.plants[order.index()] {
                let earliest = earliest_completion(instance, scope, order, plant.site);
                let production = w.energy * production_cost(instance, scope, order, plant.site);
                for q in 0..=PERIODS {
                    if q < PERIODS && periods.end(q) <= earliest {
                        continue;
                    }
                    let optimistic = earliest.max(periods.start(q).min(periods.start(PERIODS)));
                    let estimate = earliest.max(periods.start(q) + periods.length / 2);
                    let ship_cost = |transit: Minutes, cost_per_unit: f64| {
                        let late = o.due.map_or(0, |d| (estimate + transit - d).max(0));
                        w.tardiness * o.weight * late as f64 + w.transport * cost_per_unit * qty
                    };
                    let keeps_deadline = |transit: Minutes| {
                        relax_deadline || o.deadline.is_none_or(|d| optimistic + transit <= d)
                    };
                    let best = if plant.routes.is_empty() {
                        keeps_deadline(0).then(|| ship_cost(0, 0.0))
                    } else {
                        plant
                            .routes
                            .iter()
                            .filter(|r| keeps_deadline(r.transit))
                            .map(|r| ship_cost(r.transit, r.cost_per_unit))
                            .reduce(f64::min)
                    };
                    let Some(cost) = best else { continue };
                    let warm_value = warm
                        .map(|f| f.plant[order.index()] == plant.site && warm_period == Some(q));
                    let var = model.var(Kind::Binary, 0.0, 1.0, warm_value.map(f64::from));
                    model.cost(cost + production, var);
                    out.push(Assignment {
                        order,
                        plant: plant.site,
                        period: q,
                        var,
                    });
                    any = true;
                }
            }
        }
    }
    out
}

/// **One plant per order.** `sum_{p,q} z_opq = 1`.
fn one_plant_per_order(model: &mut MilpModel, instance: &Instance, assignments: &[Assignment]) {
    let mut rows: Vec<Expression> = vec![Expression::default(); instance.orders().len()];
    for a in assignments {
        rows[a.order.index()] += a.var;
    }
    for row in rows {
        model.row(row.eq(1.0));
    }
}

/// **Plant capacity per period.** Work completed by the end of period `q` fits the machine time
/// available until then: for every plant `p` and `q < Q`,
/// `sum_{o, q' <= q} w_op z_opq' <= sum_{m at p} avail_m(end_q)`, with `w_op` the order's shortest
/// work at `p`; the same per machine for work that only that machine can do.
fn plant_capacity(
    model: &mut MilpModel,
    instance: &Instance,
    scope: &Scope,
    periods: &Periods,
    assignments: &[Assignment],
) {
    // (plant or machine) -> per period the expression of work completed in it.
    let mut plant_work: BTreeMap<SiteId, Vec<Expression>> = BTreeMap::new();
    let mut machine_work: BTreeMap<MachineId, Vec<Expression>> = BTreeMap::new();
    for a in assignments {
        if a.period >= PERIODS {
            continue;
        }
        let mut total = 0.0;
        for op in instance.order_plan(a.order).op_ids() {
            let here: Vec<_> = scope.options[op.index()]
                .iter()
                .filter(|o| instance.machine(o.machine).site == a.plant)
                .collect();
            let shortest = here.iter().map(|o| o.duration).min().unwrap_or(0) as f64;
            total += shortest;
            if let [only] = here.as_slice() {
                machine_work
                    .entry(only.machine)
                    .or_insert_with(|| vec![Expression::default(); PERIODS])[a.period]
                    .add_mul(shortest, a.var);
            }
        }
        plant_work
            .entry(a.plant)
            .or_insert_with(|| vec![Expression::default(); PERIODS])[a.period]
            .add_mul(total, a.var);
    }
    let available = |m: MachineId, until: Minutes| -> f64 {
        let window = crate::model::Window::new(periods.origin, until);
        let down: Minutes = instance
            .machine(m)
            .downtime
            .iter()
            .map(|w| w.overlap_len(&window))
            .sum();
        (until - periods.origin - down).max(0) as f64
    };
    for (plant, per_period) in plant_work {
        let mut cumulative = Expression::default();
        for (q, work) in per_period.into_iter().enumerate() {
            cumulative += work;
            let until = periods.end(q);
            let capacity: f64 = instance
                .machines_at(plant)
                .iter()
                .map(|&m| available(m, until))
                .sum();
            model.row(cumulative.clone().leq(capacity));
        }
    }
    for (machine, per_period) in machine_work {
        let mut cumulative = Expression::default();
        for (q, work) in per_period.into_iter().enumerate() {
            cumulative += work;
            model.row(cumulative.clone().leq(available(machine, periods.end(q))));
        }
    }
}

/// **Material per period.** Orders completed by the end of period `q` at plant `p` started before
/// it: `sum_{o, q' <= q} r_o z_opq' <= A_p(end_q)` for every material, and in total over all periods.
fn material_per_period(
    model: &mut MilpModel,
    instance: &Instance,
    periods: &Periods,
    assignments: &[Assignment],
) {
    let mut use_of: BTreeMap<(SiteId, MaterialId), Vec<Expression>> = BTreeMap::new();
    for a in assignments {
        for (material, quantity) in instance.order_demand(a.order) {
            use_of
                .entry((a.plant, material))
                .or_insert_with(|| vec![Expression::default(); PERIODS + 1])[a.period]
                .add_mul(quantity, a.var);
        }
    }
    for ((site, material), per_period) in use_of {
        let Some(supply) = instance.supply(site, material) else {
            continue;
        };
        let mut cumulative = Expression::default();
        for (q, used) in per_period.into_iter().enumerate() {
            cumulative += used;
            let available = if q < PERIODS {
                supply.available_at(periods.end(q) - 1)
            } else {
                supply.total()
            };
            model.row(cumulative.clone().leq(available + QUANTITY_EPS));
        }
    }
}
