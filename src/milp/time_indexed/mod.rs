//! The time-indexed formulation: a binary `x_imt` for every operation `i`, allowed machine `m` and
//! start `t` on a grid of `Δ` minutes. Energy cost of each start is computed exactly from the
//! site's time-of-use tariff and becomes the variable's objective coefficient; machine capacity and
//! the peak power cap are rows at every grid point. Release, routing order and lags, downtime
//! (starts that would overlap it are never offered), material, plant and route choice, hard
//! deadlines, tardiness and makespan are exact as in the disjunctive model.
//!
//! **What it approximates:** starts are restricted to multiples of `Δ`; durations, tariffs, caps and
//! everything else stay in exact minutes, so every plan it returns is feasible (and checked) and its
//! KPIs are exact. With `Δ = 1` the model is exact and its optimum and bound hold for the instance;
//! with `Δ > 1` it finds the best plan whose starts lie on the grid, and its bound holds only for
//! such plans (takt then reports no MILP bound).
//!
//! A site with a demand charge gets a peak variable per billing period ([`demand`]).
//!
//! Under the `contribution` objective form an optional or deferrable order gets a "made" binary
//! and the model decides whether to make, drop or defer it ([`super::families::choice`]).

mod capacity;
mod demand;
pub(crate) mod grid;
pub(crate) mod retime;

use super::disjunctive::Formulated;
use super::families::choice::order_choices;
use super::families::material::material_availability;
use super::families::orders::{objective, order_families_made, routing_order_made};
use super::families::plants::plant_choice_made;
use super::families::shipping::route_choice;
use super::families::{Ctx, MilpModel, OnMachine, OpTerms};
use super::power::SitePower;
use crate::model::{MachineId, Minutes, OpId};
use good_lp::{Expression, Variable};

/// One start variable: operation `op` on `machine` from `start` for `duration` minutes.
pub(crate) struct StartVar {
    pub op: OpId,
    pub machine: MachineId,
    pub mode: crate::model::ModeId,
    pub start: Minutes,
    pub duration: Minutes,
    pub var: Variable,
}

/// Builds the time-indexed model with grid step `bucket`.
pub(crate) fn build(ctx: &Ctx, power: &[SitePower], bucket: Minutes) -> Formulated {
    let mut model = MilpModel::new(ctx.warm.is_some());
    let (ops, starts) = start_variables(&mut model, ctx, bucket);
    let choices = order_choices(&mut model, ctx);
    routing_order_made(&mut model, ctx, &ops, &choices);
    capacity::machine_capacity(&mut model, &starts);
    capacity::power_cap(&mut model, ctx, power, &starts);
    let plants = plant_choice_made(&mut model, ctx, &ops, &choices);
    let ship = route_choice(&mut model, ctx, &ops, &plants);
    let pulls = material_availability(&mut model, ctx, &ops, &plants);
    let orders = order_families_made(&mut model, ctx, &ops, &ship, &choices);
    if !ctx.relax {
        objective(&mut model, ctx, &orders, &ship);
        energy_cost(&mut model, ctx, &starts);
        demand::demand_charge(&mut model, ctx, &starts);
    }
    Formulated {
        model,
        ops,
        ship,
        choices,
        pulls,
    }
}

/// **Start variables.** `x_imt ∈ {0,1}` for each allowed machine `m` of operation `i` and each grid
/// start `t` in the operation's window whose interval `[t, t + p_im)` avoids every downtime of `m`.
/// Then `S_i = sum_{m,t} t x_imt` and the machine indicator is `x_im = sum_t x_imt`; plant choice
/// makes `sum_{m,t} x_imt = 1`.
fn start_variables(model: &mut MilpModel, ctx: &Ctx, bucket: Minutes) -> (OpTerms, Vec<StartVar>) {
    let instance = ctx.instance;
    let mut all = Vec::new();
    let mut start = Vec::with_capacity(instance.ops().len());
    let mut on = Vec::with_capacity(instance.ops().len());
    for op in instance.op_ids() {
        let mut s = Expression::default();
        let mut machines = Vec::new();
        for option in &ctx.scope.options[op.index()] {
            let mut chosen = Expression::default();
            for t in grid::starts(
                instance,
                ctx.horizon,
                op,
                option.machine,
                option.duration,
                bucket,
            ) {
                let warm = ctx.warm.map(|w| {
                    w.machine(op) == option.machine && w.mode(op) == option.mode && w.start(op) == t
                });
                let x = model.binary(warm);
                s.add_mul(t as f64, x);
                chosen += x;
                all.push(StartVar {
                    op,
                    machine: option.machine,
                    mode: option.mode,
                    start: t,
                    duration: option.duration,
                    var: x,
                });
            }
            machines.push(OnMachine {
                machine: option.machine,
                duration: option.duration,
                mode: option.mode,
                chosen,
            });
        }
        start.push(s);
        on.push(machines);
    }
    (OpTerms { start, on }, all)
}

/// **Energy cost.** `W_E sum c_imt x_imt`, where `c_imt` is the exact cost of running machine `m`
/// (power `P_m`) during `[t, t + p_im)` under its site's time-of-use tariff:
/// `P_m / 60 x sum over minutes of the price`.
fn energy_cost(model: &mut MilpModel, ctx: &Ctx, starts: &[StartVar]) {
    let w = ctx.instance.weights().energy;
    if w <= 0.0 {
        return;
    }
    for s in starts {
        let cost = ctx
            .instance
            .energy_cost_in(s.machine, s.mode, s.start, s.start + s.duration);
        model.cost(w * cost, s.var);
    }
}
