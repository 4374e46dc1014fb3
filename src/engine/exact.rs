//! `--solver milp`: the MILP warm-started from the dispatching plan (when it plans every order).
//!
//! Orders no plant can make in any plan (a hard deadline the shortest routing misses, too little
//! material in total) would make the whole model infeasible; the MILP then plans the other orders
//! and lists those as unplanned with the reason, as the other solvers do.

use super::{RawResult, SolveError, SolveOptions, solving};
use crate::budget::{Budget, Clock};
use crate::dispatch::{DispatchOptions, dispatch};
use crate::milp;
use crate::model::{Instance, OrderId};
use crate::outcome::Status;
use crate::solution::{Schedule, ScheduledOp, UnplannedOrder};
use std::collections::HashMap;

const SOLVER: &str = "milp";

/// Runs the MILP on what is left of `clock` (less the time kept for the final check).
pub(super) fn run(
    instance: &Instance,
    dispatched: &Schedule,
    options: &SolveOptions,
    budget: &Budget,
    clock: &Clock,
) -> Result<RawResult, SolveError> {
    let impossible = milp::impossible_orders(instance);
    if !impossible.is_empty() && impossible.len() < instance.orders().len() {
        return without_impossible(instance, &impossible, options, budget, clock);
    }
    let milp_options = milp::MilpOptions {
        mip_gap: options.mip_gap,
        ..milp::MilpOptions::default()
    };
    let phase = budget
        .clone()
        .with_time_limit(solving(clock, instance).remaining());
    let warm = dispatched.unplanned.is_empty().then_some(dispatched);
    let result = match milp::solve(instance, warm, &milp_options, &phase) {
        Ok(result) => result,
        // A plan the checker rejects: the engine falls back to the dispatching plan and says so.
        Err(milp::MilpError::PlanRejected { report }) => {
            let mut raw = RawResult::heuristic(SOLVER, Schedule::default());
            raw.notes.push(format!(
                "fallback: the MILP's plan failed the independent checker ({} violation(s)); this \
                 is a bug in takt, please report it. The dispatching plan is returned instead",
                report.violations.len()
            ));
            raw.solver = "greedy";
            raw.schedule = Some(dispatched.clone());
            return Ok(raw);
        }
        Err(err @ (milp::MilpError::TooLarge { .. } | milp::MilpError::NotApplicable(_))) => {
            return Err(SolveError::Refused {
                solver: SOLVER,
                message: err.to_string(),
            });
        }
        Err(milp::MilpError::Solver(message)) => {
            return Err(SolveError::Failed {
                solver: SOLVER,
                message,
            });
        }
    };
    let mut notes = vec![format!("formulation: {}", result.formulation)];
    notes.extend(result.notes);
    let status = match result.status {
        milp::MilpStatus::Infeasible => Status::Infeasible,
        milp::MilpStatus::NoSolutionWithinLimit => Status::NoSolutionWithinLimit,
        milp::MilpStatus::Optimal | milp::MilpStatus::Feasible => Status::Feasible,
    };
    Ok(RawResult {
        solver: SOLVER,
        proven_optimal: result.status == milp::MilpStatus::Optimal,
        status,
        schedule: result.schedule,
        bound: result.lower_bound,
        explanation: result.explanation,
        notes,
    })
}

/// Solves the instance without the orders no plant can make and maps the plan back, listing those
/// orders as unplanned with the reasons.
fn without_impossible(
    instance: &Instance,
    impossible: &[(OrderId, Vec<String>)],
    options: &SolveOptions,
    budget: &Budget,
    clock: &Clock,
) -> Result<RawResult, SolveError> {
    let mut b = instance.to_builder();
    let left_out: Vec<&str> = impossible
        .iter()
        .map(|(o, _)| instance.order(*o).name.as_str())
        .collect();
    b.orders.retain(|o| !left_out.contains(&o.name.as_str()));
    let Ok(sub) = b.build() else {
        return Err(SolveError::Failed {
            solver: SOLVER,
            message: "the instance without the impossible orders does not build".into(),
        });
    };
    let sub_dispatched = dispatch(&sub, &DispatchOptions::every_order());
    let mut raw = run(&sub, &sub_dispatched, options, budget, clock)?;
    raw.notes.insert(
        0,
        format!(
            "{} order(s) can be made in no plan and are left out; the MILP plans the other {}",
            impossible.len(),
            sub.orders().len()
        ),
    );
    // A bound on the other orders is a bound on exactly what the plan covers.
    if let Some(plan) = raw.schedule.take() {
        raw.schedule = Some(map_back(instance, &sub, &plan, impossible));
    }
    if raw.status == Status::Infeasible {
        raw.explanation.extend(
            impossible
                .iter()
                .flat_map(|(_, reasons)| reasons.iter().cloned()),
        );
    }
    Ok(raw)
}

/// `plan` (for `sub`, the instance without the impossible orders) as a plan of `instance`.
fn map_back(
    instance: &Instance,
    sub: &Instance,
    plan: &Schedule,
    impossible: &[(OrderId, Vec<String>)],
) -> Schedule {
    let by_name: HashMap<&str, OrderId> = instance
        .order_ids()
        .map(|o| (instance.order(o).name.as_str(), o))
        .collect();
    let op_of = |sub_op: crate::model::OpId| {
        let op = sub.op(sub_op);
        let order = by_name[sub.order(op.order).name.as_str()];
        instance.order_plan(order).op_ids().nth(op.step as usize)
    };
    let mut mapped = Schedule {
        ops: plan
            .ops
            .iter()
            .filter_map(|s| op_of(s.op).map(|op| ScheduledOp { op, ..*s }))
            .collect(),
        ..Schedule::default()
    };
    mapped.unplanned = plan
        .unplanned
        .iter()
        .filter_map(|u| {
            by_name
                .get(sub.order(u.order).name.as_str())
                .map(|&order| UnplannedOrder {
                    decision: Default::default(),
                    order,
                    reason: u.reason.clone(),
                })
        })
        .chain(impossible.iter().map(|(order, reasons)| UnplannedOrder {
            decision: Default::default(),
            order: *order,
            reason: format!(
                "{}. This is provably impossible.",
                reasons.join("; ").trim_end_matches('.')
            ),
        }))
        .collect();
    mapped.ship_orders(instance);
    mapped.normalize();
    mapped
}
