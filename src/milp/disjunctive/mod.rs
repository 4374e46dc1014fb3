//! The precedence / disjunctive formulation: one start variable per operation, machine choice
//! binaries, and one ordering binary per pair of operations that may compete for a machine (or for
//! power under a cap that pairs of machines express). Release times, routing order and lags,
//! downtime, material availability, plant and route choice, hard deadlines; objective weighted
//! tardiness + makespan + transport cost. Energy cost is not part of this model.
//!
//! Big-M values come from the operations' time windows ([`super::horizon`]), which rest on the
//! warm-start plan's objective, not on a sum of all durations.

mod downtime;
mod sequencing;

use super::families::material::material_availability;
use super::families::orders::{objective, order_families, routing_order};
use super::families::plants::plant_choice;
use super::families::shipping::{Shipping, route_choice};
use super::families::{Ctx, Kind, MilpModel, OnMachine, OpTerms, constant};
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
    /// Per order, its made / dropped / deferred variables when it may be left out (the
    /// time-indexed model; none here).
    pub choices: super::families::choice::Choices,
}

/// Builds the disjunctive model; `power` classifies every site's cap (all must be unlimited or
/// pairwise).
pub(crate) fn build(ctx: &Ctx, power: &[SitePower]) -> Formulated {
    let mut model = MilpModel::new(ctx.warm.is_some());
    let ops = operation_variables(&mut model, ctx);
    routing_order(&mut model, ctx, &ops);
    sequencing::disjunctions(&mut model, ctx, &ops, power);
    downtime::downtime(&mut model, ctx, &ops);
    let plants = plant_choice(&mut model, ctx, &ops);
    let ship = route_choice(&mut model, ctx, &plants);
    material_availability(&mut model, ctx, &ops, &plants);
    let orders = order_families(&mut model, ctx, &ops, &ship);
    if !ctx.relax {
        objective(&mut model, ctx, &orders, &ship);
    }
    let choices = super::families::choice::none(ctx.instance);
    Formulated {
        model,
        ops,
        ship,
        choices,
    }
}

/// **Operation variables.** An integer start `E_i <= S_i <= L_i` within the operation's time window
/// (`E_i` from release, material and routing, `L_i` its latest end minus its shortest duration), and
/// a machine binary `x_im` per allowed machine (the constant 1 when there is only one).
fn operation_variables(model: &mut MilpModel, ctx: &Ctx) -> OpTerms {
    let instance = ctx.instance;
    let mut start = Vec::with_capacity(instance.ops().len());
    let mut on = Vec::with_capacity(instance.ops().len());
    for op in instance.op_ids() {
        let est = ctx.horizon.est[op.index()];
        let lst = ctx.horizon.lct[op.index()] - ctx.scope.min_duration(op);
        let warm = ctx.warm.map(|w| w.start(op) as f64);
        let s = model.var(Kind::Integer, est as f64, lst.max(est) as f64, warm);
        start.push(Expression::from(s));
        let options = &ctx.scope.options[op.index()];
        let machines = options
            .iter()
            .map(|o| OnMachine {
                machine: o.machine,
                duration: o.duration,
                mode: o.mode,
                chosen: if options.len() == 1 {
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
