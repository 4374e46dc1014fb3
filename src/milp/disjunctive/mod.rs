//! The precedence / disjunctive formulation: one start variable per operation, machine choice
//! binaries, and one ordering binary per pair of operations that may compete for a machine (or for
//! power under a cap that pairs of machines express). Release times, routing order and lags,
//! downtime, material availability, plant and route choice, hard deadlines; objective weighted
//! tardiness + makespan + transport cost. Energy cost is not part of this model.
//!
//! Big-M values come from the operations' time windows ([`super::horizon`]), which rest on the
//! warm-start plan's objective, not on a sum of all durations.
//!
//! **Orders that may be left out** (contribution form): as in the time-indexed model
//! ([`super::families::choice`]), an optional or deferrable order `o` gets binaries made `y_o`,
//! dropped `d_o`, deferred `f_o` with `y_o + d_o + f_o = 1`, and the objective adds its margin
//! times `d_o` and its deferral cost times `f_o`. Its machine binaries sum to `y_o` (a single
//! machine's indicator is `y_o` itself), so its disjunctions, downtime rows and material rows bind
//! only when it is made (they are relaxed by big-M when a machine binary is 0). Its starts are
//! pinned to 0 when it is not made: `min(E_i, 0) <= S_i`, `S_i >= E_i y_o`, `S_i <= L_i y_o`, so
//! that its routing lags, tardiness and hard deadline (scaled by `y_o`) bind only when it is made;
//! the big-M values use the window `[min(E_i, 0), L_i]` of such an operation.

mod downtime;
mod sequencing;

use super::families::choice::{self, Choices, order_choices};
use super::families::material::material_availability;
use super::families::orders::{objective, order_families_made, routing_order_made};
use super::families::plants::plant_choice_made;
use super::families::shipping::{Shipping, route_choice};
use super::families::{Ctx, Kind, MilpModel, OnMachine, OpTerms, constant};
use super::horizon::Horizon;
use super::power::SitePower;
use good_lp::Expression;

/// A built formulation: the model and the expressions to read a plan back.
pub(crate) struct Formulated {
    /// The MILP.
    pub model: MilpModel,
    /// Start and machine expressions per operation.
    pub ops: OpTerms,
    /// Route expressions per order.
    pub ship: Vec<Shipping>,
    /// Per order, its made / dropped / deferred variables when it may be left out.
    pub choices: Choices,
    /// The transfers of material the model may decide.
    pub pulls: Vec<super::families::material::Pull>,
}

/// Builds the disjunctive model; `power` classifies every site's cap (all must be unlimited or
/// pairwise).
pub(crate) fn build(ctx: &Ctx, power: &[SitePower]) -> Formulated {
    let mut model = MilpModel::new(ctx.warm.is_some());
    let choices = order_choices(&mut model, ctx);
    let ops = operation_variables(&mut model, ctx, &choices);
    // The windows of operations of orders that may be left out reach down to 0 (their start when
    // not made), for every big-M below.
    let widened = widened_horizon(ctx, &choices);
    let ctx = &Ctx {
        horizon: widened.as_ref().unwrap_or(ctx.horizon),
        ..*ctx
    };
    routing_order_made(&mut model, ctx, &ops, &choices);
    sequencing::disjunctions(&mut model, ctx, &ops, power);
    downtime::downtime(&mut model, ctx, &ops);
    let plants = plant_choice_made(&mut model, ctx, &ops, &choices);
    let ship = route_choice(&mut model, ctx, &ops, &plants);
    let pulls = material_availability(&mut model, ctx, &ops, &plants);
    let orders = order_families_made(&mut model, ctx, &ops, &ship, &choices);
    if !ctx.relax {
        objective(&mut model, ctx, &orders, &ship);
    }
    Formulated {
        model,
        ops,
        ship,
        choices,
        pulls,
    }
}

/// The horizon with the earliest start of every operation of an order that may be left out
/// lowered to 0 (when above), or `None` when no order may be.
fn widened_horizon(ctx: &Ctx, choices: &Choices) -> Option<Horizon> {
    if !choice::has_any(choices) {
        return None;
    }
    let mut h = ctx.horizon.clone();
    for op in ctx.instance.op_ids() {
        let order = ctx.instance.op(op).order;
        if choices[order.index()].is_some() {
            h.est[op.index()] = h.est[op.index()].min(0);
        }
    }
    Some(h)
}

/// **Operation variables.** An integer start `E_i <= S_i <= L_i` within the operation's time window
/// (`E_i` from release, material and routing, `L_i` its latest end minus its shortest duration), and
/// a machine binary `x_im` per allowed machine (the constant 1 when there is only one; `y_o` for an
/// order that may be left out, whose start is then pinned to 0 when it is not made).
fn operation_variables(model: &mut MilpModel, ctx: &Ctx, choices: &Choices) -> OpTerms {
    let instance = ctx.instance;
    let mut start = Vec::with_capacity(instance.ops().len());
    let mut on = Vec::with_capacity(instance.ops().len());
    for op in instance.op_ids() {
        let est = ctx.horizon.est[op.index()];
        let lst = ctx.horizon.lct[op.index()] - ctx.scope.min_duration(op);
        let warm = ctx.warm.map(|w| w.start(op) as f64);
        let order = instance.op(op).order;
        let optional = choices[order.index()].is_some();
        let s = if optional {
            let made = choice::made(choices, order);
            let s = model.var(
                Kind::Integer,
                est.min(0) as f64,
                lst.max(est).max(0) as f64,
                warm,
            );
            model.row(Expression::from(s).geq(made.clone() * est as f64));
            model.row(Expression::from(s).leq(made * lst.max(est) as f64));
            s
        } else {
            model.var(Kind::Integer, est as f64, lst.max(est) as f64, warm)
        };
        start.push(Expression::from(s));
        let options = &ctx.scope.options[op.index()];
        let machines = options
            .iter()
            .map(|o| OnMachine {
                machine: o.machine,
                duration: o.duration,
                mode: o.mode,
                chosen: if options.len() == 1 && optional {
                    choice::made(choices, order)
                } else if options.len() == 1 {
                    constant(1.0)
                } else {
                    let warm = ctx
                        .warm
                        .map(|w| w.machine(op) == o.machine && w.mode(op) == o.mode);
                    Expression::from(model.binary(warm))
                },
            })
            .collect();
        on.push(machines);
    }
    OpTerms { start, on }
}
