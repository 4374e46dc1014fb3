//! takt's exact engine: the plant model as MILP formulations solved by HiGHS through good_lp.
//!
//! Three formulations, each in its own module, each constraint family in its own function whose
//! doc comment states it in math:
//! - `disjunctive`: start times, machine choice and pairwise ordering binaries. Release times,
//!   routing order and lags, downtime, material availability (deliveries), plant and route choice,
//!   hard deadlines, power caps that pairs of machines express; objective weighted tardiness +
//!   makespan + transport cost. Big-M values come from time windows derived from a feasible plan.
//! - `time_indexed`: one binary per operation, machine and grid start. Time-of-use energy cost and
//!   the peak power cap are exact; starts are restricted to a grid of `Δ` minutes chosen so that the
//!   model fits the size guard (`Δ = 1` is exact).
//! - `network`: which plant makes each order and which route ships it, with plant capacity per
//!   period; its decisions fix the plants of a detailed model when that one would be too large with
//!   free plant choice.
//!
//! [`solve`] warm-starts HiGHS from a feasible plan (every variable gets a value), so it never
//! returns worse than that plan; it reports "no solution within the limit" apart from "infeasible",
//! explains infeasible instances by naming orders, deadlines and materials, and passes every plan
//! through the checker. HiGHS runs on its own thread with a fixed seed. [`estimate`] is the cheap
//! size guard a solver policy can ask first.
//!
//! ```
//! use takt::budget::Budget;
//! use takt::milp::{MilpOptions, MilpStatus, solve};
//! use takt::model::{InstanceBuilder, Machine, Order, Product, Site, Step, StepOption};
//!
//! let mut b = InstanceBuilder::new("doc");
//! let site = b.add_site(Site::new("plant"));
//! let m = b.add_machine(Machine::new("M1", site));
//! let step = |setup| Step { min_lag: 0, options: vec![StepOption { machine: m, setup, run_per_unit: 0.0 }] };
//! let long = b.add_product(Product { name: "LONG".into(), steps: vec![step(30)], bom: vec![] });
//! let short = b.add_product(Product { name: "SHORT".into(), steps: vec![step(10)], bom: vec![] });
//! for (name, product, due, weight) in [("A", long, 30, 1.0), ("B", short, 10, 5.0)] {
//!     let mut o = Order::new(name, product, 1);
//!     o.due = Some(due);
//!     o.weight = weight;
//!     b.add_order(o);
//! }
//! let instance = b.build().unwrap();
//!
//! let result = solve(&instance, None, &MilpOptions::default(), &Budget::default()).unwrap();
//! assert_eq!(result.status, MilpStatus::Optimal);
//! // B first (heavy and short), then A ends at 40: 10 minutes late.
//! assert_eq!(result.objective, Some(10.0));
//! assert_eq!(result.lower_bound, Some(10.0));
//! ```

mod decode;
mod detailed;
mod disjunctive;
mod explain;
mod families;
mod horizon;
mod model;
mod neighbourhood;
mod network;
mod options;
mod power;
mod result;
mod runner;
mod scope;
mod size;
mod solve;
mod time_indexed;
mod warm;

pub use options::{Formulation, MilpOptions, SizeLimits};
pub use result::{MilpError, MilpResult, MilpStatus};
pub use size::{ModelKind, SizeEstimate};

use crate::budget::Budget;
use crate::model::Instance;
use crate::solution::Schedule;

/// Solves `instance` with HiGHS, warm-started from `warm_start` when it is a complete feasible plan,
/// within `budget` (its time limit bounds model building, HiGHS and the checker; HiGHS uses its
/// threads and seed; a cancel token is not seen while HiGHS runs).
///
/// The formulation follows `options.formulation` (by default: time-indexed when energy prices or a
/// cumulative power cap matter, disjunctive otherwise, the network decomposition when the detailed
/// model with free plant choice is too large). Every returned plan passed the checker and is never
/// worse than the warm start.
///
/// # Errors
/// [`MilpError::TooLarge`] when the size guard refuses (the message names the solver to use),
/// [`MilpError::NotApplicable`] when the requested formulation cannot state the instance,
/// [`MilpError::PlanRejected`] when a plan fails the checker (a bug), [`MilpError::Solver`] when
/// HiGHS fails without a warm start to fall back on.
pub fn solve(
    instance: &Instance,
    warm_start: Option<&Schedule>,
    options: &MilpOptions,
    budget: &Budget,
) -> Result<MilpResult, MilpError> {
    solve::solve(instance, warm_start, options, budget)
}

/// Orders no plant can make in any plan (too little material in total, a hard deadline the shortest
/// routing misses, a step no machine within the power cap can run), each with the reasons per
/// plant: the orders [`solve`] declares the instance infeasible for before building a model.
pub fn impossible_orders(instance: &Instance) -> Vec<(crate::model::OrderId, Vec<String>)> {
    let (_, impossible) = scope::Scope::new(instance, None);
    impossible
        .into_iter()
        .map(|i| (i.order, i.reasons))
        .collect()
}

/// Estimates the size of the model [`solve`] would build first, without building it. With a
/// feasible `plan` the time windows come from its objective (as in [`solve`]); without one they
/// come from the serial horizon, so time-indexed estimates are pessimistic.
pub fn estimate(
    instance: &Instance,
    plan: Option<&Schedule>,
    options: &MilpOptions,
) -> SizeEstimate {
    solve::estimate(instance, plan, options)
}
