//! `--solver auto`: a short MILP probe where the model can prove optimality quickly, the local
//! search otherwise (and after a probe that did not prove optimality).

use super::{RawResult, SolveOptions, improve, solving};
use crate::budget::{Budget, Clock};
use crate::model::Instance;
use crate::solution::Schedule;

/// Integer variables up to which `auto` gives the MILP a short probe: models this small are often
/// proven optimal within seconds (ft06: 90 binaries, 0.4 s; la01: 225, 0.7 s).
#[cfg(feature = "highs")]
const AUTO_MILP_INTEGERS: usize = 400;

/// A short MILP probe (a fifth of the time limit, at most 5 s, warm-started from the dispatching
/// plan) where the exact model is small; an optimal plan ends the solve. Otherwise the local search
/// continues from the better plan with the time left, and the MILP's bound, when it proved one,
/// stays the reported bound. Without a time limit (an iteration budget) there is no probe, so that
/// the run stays reproducible.
pub(super) fn run(
    instance: &Instance,
    dispatched: Schedule,
    options: &SolveOptions,
    budget: &Budget,
    clock: &Clock,
) -> RawResult {
    #[cfg_attr(not(feature = "highs"), allow(unused_mut))]
    let mut notes = Vec::new();
    #[cfg(feature = "highs")]
    let (start, bound) = match probe(instance, dispatched, options, budget, clock, &mut notes) {
        Probe::Optimal(raw) => return raw,
        Probe::Continue { start, bound } => (start, bound),
    };
    #[cfg(not(feature = "highs"))]
    let (start, bound): (Schedule, Option<f64>) = {
        let _ = options;
        (dispatched, None)
    };
    let mut raw = improve(instance, start, budget, &solving(clock, instance));
    raw.bound = bound;
    raw.notes = notes;
    raw
}

#[cfg(feature = "highs")]
enum Probe {
    Optimal(RawResult),
    Continue { start: Schedule, bound: Option<f64> },
}

#[cfg(feature = "highs")]
fn probe(
    instance: &Instance,
    dispatched: Schedule,
    options: &SolveOptions,
    budget: &Budget,
    clock: &Clock,
    notes: &mut Vec<String>,
) -> Probe {
    use crate::milp;
    use crate::solution::evaluate;
    use std::time::Duration;

    let Some(limit) = clock.time_limit() else {
        return Probe::Continue {
            start: dispatched,
            bound: None,
        };
    };
    let probe = (limit / 5).min(Duration::from_secs(5));
    if !dispatched.unplanned.is_empty() || probe.is_zero() {
        return Probe::Continue {
            start: dispatched,
            bound: None,
        };
    }
    let milp_options = milp::MilpOptions {
        mip_gap: options.mip_gap,
        ..milp::MilpOptions::default()
    };
    let estimate = milp::estimate(instance, Some(&dispatched), &milp_options);
    if !(estimate.fits && estimate.integers <= AUTO_MILP_INTEGERS) {
        notes.push(format!(
            "auto: local search (an exact model would need {} integer variables)",
            estimate.integers
        ));
        return Probe::Continue {
            start: dispatched,
            bound: None,
        };
    }
    let phase = budget.clone().with_time_limit(Some(probe));
    let mut start = dispatched;
    let mut bound = None;
    match milp::solve(instance, Some(&start), &milp_options, &phase) {
        Ok(result) => {
            notes.push(format!(
                "auto: {} MILP ({} integer variables) for up to {:.1} s: {}",
                result.formulation,
                estimate.integers,
                probe.as_secs_f64(),
                result.status.as_str()
            ));
            bound = result.lower_bound;
            if let Some(plan) = result.schedule {
                if result.status == milp::MilpStatus::Optimal {
                    let mut raw = RawResult::heuristic("milp", plan);
                    raw.proven_optimal = true;
                    raw.bound = bound;
                    raw.notes = std::mem::take(notes);
                    return Probe::Optimal(raw);
                }
                if evaluate(instance, &plan).objective < evaluate(instance, &start).objective {
                    start = plan;
                }
            }
        }
        Err(err) => notes.push(format!("auto: MILP probe skipped: {err}")),
    }
    Probe::Continue { start, bound }
}
