//! Order-level families: routing order, completion window, hard deadlines, tardiness, makespan, and
//! the objective.

use super::choice::{self, Choices};
use super::shipping::Shipping;
use super::{Ctx, Kind, MilpModel, OpTerms, Slack};
use crate::model::{MachineId, Minutes, OrderId};
use good_lp::{Expression, Variable};
use std::collections::BTreeMap;

/// The order-level variables the objective uses.
pub(crate) struct OrderTerms {
    /// Tardiness `T_o` of orders with a due date and a positive tardiness weight.
    pub tardiness: Vec<Option<Variable>>,
    /// The makespan `C_max`, when it is weighted.
    pub makespan: Option<Variable>,
}

/// **Routing order.** For consecutive operations `i -> j` of an order, `S_j >= E_i + l_j`, with
/// `E_i` the formulation's end of `i` (disjunctive: `S_i + P_i`; time-indexed:
/// `sum (t + p_im) x_imt`) and `l_j` the minimum lag of `j`.
///
/// The lag of an order that may be left out is scaled by `y_o` ([`choice`]): `S_j >= E_i + l_j y_o` (an order not made has all starts and ends 0).
pub(crate) fn routing_order_made(
    model: &mut MilpModel,
    ctx: &Ctx,
    ops: &OpTerms,
    choices: &Choices,
) {
    let instance = ctx.instance;
    for order in instance.order_ids() {
        let optional = choices.get(order.index()).is_some_and(Option::is_some);
        let ids: Vec<_> = instance.order_plan(order).op_ids().collect();
        for pair in ids.windows(2) {
            let (i, j) = (pair[0], pair[1]);
            let lag = instance.op(j).min_lag as f64;
            if optional {
                let scaled = choice::made(choices, order) * lag;
                model.row(ops.start[j.index()].clone().geq(ops.end(i) + scaled));
            } else {
                model.row(ops.start[j.index()].clone().geq(ops.end(i) + lag));
            }
        }
    }
}

/// Adds every order-level family and returns the variables the objective needs. Orders that may
/// be left out ([`choice`]): their due dates and
/// deadlines are scaled by `y_o`, and the machine load cuts (which assume every order is made)
/// are left out.
pub(crate) fn order_families_made(
    model: &mut MilpModel,
    ctx: &Ctx,
    ops: &OpTerms,
    ship: &[Shipping],
    choices: &Choices,
) -> OrderTerms {
    completion_window(model, ctx, ops);
    hard_deadlines(model, ctx, ops, ship, choices);
    let tardiness = tardiness(model, ctx, ops, ship, choices);
    let makespan = makespan(model, ctx, ops);
    if let Some(c_max) = makespan
        && !choice::has_any(choices)
    {
        machine_load_cuts(model, ctx, ops, c_max);
    }
    OrderTerms {
        tardiness,
        makespan,
    }
}

/// `C_o = S_l + P_l` for the last operation `l` of order `o`.
pub(crate) fn completion(ctx: &Ctx, ops: &OpTerms, order: OrderId) -> Expression {
    ops.end(ctx.instance.order_plan(order).last_op())
}

/// **Completion window.** `C_o <= H_o`, the latest completion of the horizon (see
/// [`crate::milp`]'s horizon rules: no plan at least as good as the warm start completes later).
fn completion_window(model: &mut MilpModel, ctx: &Ctx, ops: &OpTerms) {
    for order in ctx.instance.order_ids() {
        let ub = ctx.horizon.completion_ub[order.index()] as f64;
        model.row(completion(ctx, ops, order).leq(ub));
    }
}

/// **Hard deadlines.** `C_o + τ_o <= D_o`: the shipment arrives by the deadline. A relaxed model
/// (infeasibility explanation) allows `C_o + τ_o <= D_o + σ_o` with a penalised `σ_o >= 0`.
fn hard_deadlines(
    model: &mut MilpModel,
    ctx: &Ctx,
    ops: &OpTerms,
    ship: &[Shipping],
    choices: &Choices,
) {
    for order in ctx.instance.order_ids() {
        if let Some(deadline) = ctx.instance.order(order).deadline {
            let mut arrival = completion(ctx, ops, order) + ship[order.index()].transit.clone();
            if ctx.relax {
                arrival -= model.slack(Slack::Deadline(order));
            }
            if choices.get(order.index()).is_some_and(Option::is_some) {
                let limit = choice::made(choices, order) * deadline as f64;
                model.row(arrival.leq(limit));
            } else {
                model.row(arrival.leq(deadline as f64));
            }
        }
    }
}

/// **Tardiness.** For an order with due date `d_o` and a positive weight, an integer
/// `T_o >= 0` with `T_o >= C_o + τ_o - d_o`: minutes late at arrival.
fn tardiness(
    model: &mut MilpModel,
    ctx: &Ctx,
    ops: &OpTerms,
    ship: &[Shipping],
    choices: &Choices,
) -> Vec<Option<Variable>> {
    let instance = ctx.instance;
    let w = instance.weights();
    instance
        .order_ids()
        .map(|order| {
            let o = instance.order(order);
            let due = o.due?;
            if w.tardiness * o.weight <= 0.0 {
                return None;
            }
            let latest_arrival = ship[order.index()].latest_arrival;
            let hi = (latest_arrival - due).max(0) as f64;
            let warm = ctx
                .warm
                .map(|wf| (wf.completion(instance, order) + warm_transit(ctx, order) - due).max(0));
            let t = model.var(Kind::Integer, 0.0, hi, warm.map(|v| v as f64));
            let arrival = completion(ctx, ops, order) + ship[order.index()].transit.clone();
            if choices.get(order.index()).is_some_and(Option::is_some) {
                let due_made = choice::made(choices, order) * due as f64;
                model.row(Expression::from(t).geq(arrival - due_made));
            } else {
                model.row(Expression::from(t).geq(arrival - due as f64));
            }
            Some(t)
        })
        .collect()
}

/// **Makespan.** With a makespan weight, an integer `C_max >= C_o` for every order.
fn makespan(model: &mut MilpModel, ctx: &Ctx, ops: &OpTerms) -> Option<Variable> {
    let instance = ctx.instance;
    if instance.weights().makespan <= 0.0 {
        return None;
    }
    let hi = ctx.horizon.completion_ub.iter().copied().max().unwrap_or(0) as f64;
    let warm = ctx.warm.map(|wf| {
        instance
            .order_ids()
            .map(|o| wf.completion(instance, o))
            .max()
            .unwrap_or(0) as f64
    });
    let c_max = model.var(Kind::Integer, 0.0, hi.max(0.0), warm);
    for order in instance.order_ids() {
        model.row(Expression::from(c_max).geq(completion(ctx, ops, order)));
    }
    Some(c_max)
}

/// **Machine load cuts** (valid inequalities that tighten the LP bound): every machine `m` works
/// through all operations assigned to it after the earliest start `e_m` among them, so
/// `C_max >= e_m + sum_i p_im x_im`.
fn machine_load_cuts(model: &mut MilpModel, ctx: &Ctx, ops: &OpTerms, c_max: Variable) {
    let mut load: BTreeMap<MachineId, (Minutes, Expression)> = BTreeMap::new();
    for op in ctx.instance.op_ids() {
        for on in &ops.on[op.index()] {
            let entry = load
                .entry(on.machine)
                .or_insert_with(|| (Minutes::MAX, Expression::default()));
            entry.0 = entry.0.min(ctx.horizon.est[op.index()]);
            entry.1.add_mul(on.duration as f64, on.chosen.clone());
        }
    }
    for (_, (earliest, work)) in load {
        model.row(Expression::from(c_max).geq(work + earliest as f64));
    }
}

/// **Objective** (without energy): `W_T sum_o w_o T_o + W_C C_max + W_R sum_o κ_o`.
pub(crate) fn objective(model: &mut MilpModel, ctx: &Ctx, orders: &OrderTerms, ship: &[Shipping]) {
    let instance = ctx.instance;
    let w = instance.weights();
    for order in instance.order_ids() {
        if let Some(t) = orders.tardiness[order.index()] {
            model.cost(w.tardiness * instance.order(order).weight, t);
        }
        model.cost(w.transport, ship[order.index()].cost.clone());
    }
    if let Some(c_max) = orders.makespan {
        model.cost(w.makespan, c_max);
    }
}

/// The route the warm start uses in the model.
fn warm_route<'a>(ctx: &'a Ctx, order: OrderId) -> Option<&'a crate::model::Route> {
    let w = ctx.warm?;
    let site = w.plant[order.index()];
    ctx.scope.plants[order.index()]
        .iter()
        .find(|p| p.site == site)
        .and_then(|p| p.routes.get(w.route_index(order, &p.routes)))
}

/// True when `route` has a lane with a window (the model gives it a departure).
pub(crate) fn windowed(ctx: &Ctx, route: &crate::model::Route) -> bool {
    let timing = ctx.instance.lane_timing();
    timing.on_route(&route.lanes)
}

/// Minutes from completion to arrival of the warm start in the model (`τ_o`).
pub(crate) fn warm_transit(ctx: &Ctx, order: OrderId) -> Minutes {
    match warm_route(ctx, order) {
        Some(r) if windowed(ctx, r) => warm_wait(ctx, order),
        Some(r) => r.transit,
        None => 0,
    }
}

/// The warm start's `W_o` ([`super::shipping::route_choice`]): its minutes from completion to
/// arrival when its route has lane windows, else 0.
pub(crate) fn warm_wait(ctx: &Ctx, order: OrderId) -> Minutes {
    let Some(w) = ctx.warm else { return 0 };
    match warm_route(ctx, order) {
        Some(r) if windowed(ctx, r) => w
            .arrival(order)
            .map_or(0, |a| (a - w.completion(ctx.instance, order)).max(0)),
        _ => 0,
    }
}
