//! Simple valid lower bounds: machine load and routing length.

use crate::model::{Instance, MachineId, Minutes, OrderId};

/// Earliest possible completion of an order: release plus the shortest duration and lag of every
/// step (ignoring machine conflicts, downtime and material).
pub fn order_path_bound(instance: &Instance, order: OrderId) -> Minutes {
    let path: Minutes = instance
        .order_plan(order)
        .op_ids()
        .map(|op| {
            let op = instance.op(op);
            op.min_lag + op.min_duration()
        })
        .sum();
    instance.order(order).release + path
}

/// A lower bound on the makespan of any complete plan, the largest of:
/// - every order's release plus its shortest routing length (`order_path_bound`);
/// - for every machine, the earliest release among orders that must use it plus the work that can
///   run nowhere else;
/// - the earliest release plus the total shortest work spread evenly over all machines.
pub fn makespan_lower_bound(instance: &Instance) -> Minutes {
    makespan_lower_bound_of(instance, |_| true)
}

/// [`makespan_lower_bound`] over the orders `covered` selects: a valid bound for any plan of
/// exactly those orders (e.g. a plan that leaves some orders out).
pub fn makespan_lower_bound_of(instance: &Instance, covered: impl Fn(OrderId) -> bool) -> Minutes {
    let mut bound = instance
        .order_ids()
        .filter(|&o| covered(o))
        .map(|o| order_path_bound(instance, o))
        .max()
        .unwrap_or(0);
    let machines = instance.machines().len();
    if machines == 0 || instance.ops().is_empty() {
        return bound.max(0);
    }
    let mut load = vec![0 as Minutes; machines];
    let mut first_release = vec![Minutes::MAX; machines];
    let mut total_work: Minutes = 0;
    for op in instance.ops().iter().filter(|op| covered(op.order)) {
        total_work += op.min_duration();
        if let [only] = op.options.as_slice() {
            let m: MachineId = only.machine;
            load[m.index()] += only.duration;
            let release = instance.order(op.order).release;
            first_release[m.index()] = first_release[m.index()].min(release);
        }
    }
    for m in 0..machines {
        if load[m] > 0 {
            bound = bound.max(first_release[m] + load[m]);
        }
    }
    let earliest = instance
        .order_ids()
        .filter(|&o| covered(o))
        .map(|o| instance.order(o).release)
        .min()
        .unwrap_or(0);
    let spread = (total_work + machines as Minutes - 1) / machines as Minutes;
    bound.max(earliest + spread)
}

/// A lower bound on the objective of any complete plan: the makespan bound, tardiness that even
/// the shortest routing and fastest shipment cannot avoid, and the cheapest route's transport cost.
/// Energy is bounded by 0.
pub fn objective_lower_bound(instance: &Instance) -> f64 {
    objective_lower_bound_of(instance, |_| true)
}

/// [`objective_lower_bound`] over the orders `covered` selects: a valid bound for any plan of
/// exactly those orders.
pub fn objective_lower_bound_of(instance: &Instance, covered: impl Fn(OrderId) -> bool) -> f64 {
    let w = instance.weights();
    let mut bound = w.makespan * makespan_lower_bound_of(instance, &covered) as f64;
    for id in instance.order_ids().filter(|&o| covered(o)) {
        let order = instance.order(id);
        let plan = instance.order_plan(id);
        // Each term at its own best route: the fastest for lateness, the cheapest for transport.
        let routes = plan.plants.iter().flat_map(|p| &p.routes);
        let fastest = routes.clone().map(|r| r.transit).min().unwrap_or(0);
        let cheapest = routes
            .map(|r| r.cost_per_unit)
            .fold(f64::INFINITY, f64::min);
        if let Some(due) = order.due {
            let late = (order_path_bound(instance, id) + fastest - due).max(0);
            bound += w.tardiness * order.weight * late as f64;
        }
        if cheapest.is_finite() {
            bound += w.transport * cheapest * f64::from(order.quantity);
        }
    }
    bound
}
