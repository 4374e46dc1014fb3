//! Runs HiGHS on its own thread, outside any rayon pool, and reads back what it knows.
//!
//! good_lp builds the HiGHS model; its `solve()` hides what takt needs (the MIP dual bound, the
//! incumbent after a time limit, "nothing found yet" apart from "infeasible"), so the runner takes
//! the `highs::Model` through good_lp's `into_inner()` escape hatch and drives it directly: options
//! (`time_limit`, `mip_rel_gap`, `threads`, `random_seed`, quiet output), the warm start
//! (`set_solution` with a value for every column), the model status, the primal solution status and
//! the `mip_dual_bound` info value.
//!
//! HiGHS keeps one task scheduler per calling thread, sized by the `threads` option of the first
//! solve on that thread; a fresh thread per solve lets every solve choose its own thread count.

use super::model::Built;
use highs::{HighsModelStatus, HighsSolutionStatus};
use std::time::Duration;

/// Limits and knobs for one HiGHS run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RunSettings {
    /// Wall-clock limit.
    pub time_limit: Duration,
    /// Relative MIP gap.
    pub mip_gap: f64,
    /// HiGHS threads.
    pub threads: usize,
    /// HiGHS random seed.
    pub seed: u64,
    /// Run HiGHS's presolve.
    pub presolve: bool,
}

/// An incumbent: one value per column and the proven bound.
#[derive(Clone, Debug)]
pub(crate) struct Incumbent {
    /// Value per column.
    pub values: Vec<f64>,
    /// HiGHS's proven lower bound on the model's optimum.
    pub bound: f64,
}

/// What a HiGHS run ended with.
#[derive(Clone, Debug)]
pub(crate) enum RunOutcome {
    /// Optimal within the MIP gap.
    Solved(Incumbent),
    /// A limit stopped the search; the best plan found so far.
    Stopped(Incumbent),
    /// A limit stopped the search before any feasible point was found: nothing is known about
    /// feasibility.
    NothingFound,
    /// HiGHS proved the model infeasible.
    Infeasible,
    /// HiGHS reported an error.
    Failed(String),
}

/// Solves `built` with HiGHS on a new thread and waits for it.
pub(crate) fn run(built: Built, settings: RunSettings) -> RunOutcome {
    let worker = std::thread::Builder::new()
        .name("takt-highs".into())
        .spawn(move || run_here(built, settings));
    match worker {
        Ok(handle) => handle
            .join()
            .unwrap_or_else(|_| RunOutcome::Failed("the HiGHS thread panicked".into())),
        Err(err) => RunOutcome::Failed(format!("cannot start the HiGHS thread: {err}")),
    }
}

fn run_here(built: Built, settings: RunSettings) -> RunOutcome {
    let has_integers = built.integers > 0;
    let offset = built.offset;
    let mut model = match built.problem.try_into_inner() {
        Ok(model) => model,
        Err(err) => return RunOutcome::Failed(format!("HiGHS rejected the model: {err}")),
    };
    model.make_quiet();
    let seed = (settings.seed % i32::MAX as u64) as i32;
    let threads = i32::try_from(settings.threads.max(1)).unwrap_or(i32::MAX);
    let options: [(&str, OptionValue); 5] = [
        (
            "time_limit",
            OptionValue::Float(settings.time_limit.as_secs_f64().max(0.0)),
        ),
        ("mip_rel_gap", OptionValue::Float(settings.mip_gap.max(0.0))),
        ("threads", OptionValue::Int(threads)),
        ("random_seed", OptionValue::Int(seed)),
        (
            "presolve",
            OptionValue::Text(if settings.presolve { "choose" } else { "off" }),
        ),
    ];
    for (name, value) in options {
        let set = match value {
            OptionValue::Float(v) => model.try_set_option(name, v),
            OptionValue::Int(v) => model.try_set_option(name, v),
            OptionValue::Text(v) => model.try_set_option(name, v),
        };
        if set.is_err() {
            return RunOutcome::Failed(format!("HiGHS refused option {name}"));
        }
    }
    if let Some(warm) = &built.warm
        && model
            .try_set_solution(Some(warm), None, None, None)
            .is_err()
    {
        return RunOutcome::Failed("HiGHS refused the warm start".into());
    }
    let solved = match model.try_solve() {
        Ok(solved) => solved,
        Err(status) => return RunOutcome::Failed(format!("HiGHS failed: {status:?}")),
    };
    let status = solved.status();
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let incumbent = || {
        let objective = solved.objective_value();
        let bound = if has_integers {
            solved
                .double_info_value(c"mip_dual_bound")
                .unwrap_or(f64::NEG_INFINITY)
        } else if status == HighsModelStatus::Optimal {
            objective
        } else {
            f64::NEG_INFINITY
        };
        Incumbent {
            values: solved.get_solution().columns().to_vec(),
            bound: bound + offset,
        }
    };
    match status {
        HighsModelStatus::Optimal if has_solution => RunOutcome::Solved(incumbent()),
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            RunOutcome::Infeasible
        }
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget
        | HighsModelStatus::Optimal => {
            if has_solution {
                RunOutcome::Stopped(incumbent())
            } else {
                RunOutcome::NothingFound
            }
        }
        other => RunOutcome::Failed(format!("HiGHS ended with status {other:?}")),
    }
}

enum OptionValue {
    Float(f64),
    Int(i32),
    Text(&'static str),
}
