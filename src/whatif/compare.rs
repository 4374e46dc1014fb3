//! Which of two candidate plans is more robust on the same scenarios.
//!
//! Three measures, lower is better each: the expected objective (mean over the scenarios), the
//! 95th-percentile objective (the bad day), and the number of orders late with a probability above
//! the run's threshold. A plan is **more robust** when it is at least as good on all three and
//! better on one; otherwise the verdict says which plan wins which measure. Plans are compared
//! kept (how the plan itself holds up) and, when evaluated, re-planned (how good it stays once the
//! planner reacts); the kept comparison comes first.

use super::record::Mode;
use super::stats::ModeSummary;
use serde::{Deserialize, Serialize};

/// One plan's standing in a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    /// The plan's name.
    pub plan: String,
    /// Mean objective over the scenarios.
    pub expected_objective: f64,
    /// 95th-percentile objective.
    pub p95_objective: f64,
    /// Orders late with a probability above the threshold.
    pub orders_at_risk: usize,
}

/// The plans compared under one way of evaluating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// `keep` or `replan`.
    pub mode: Mode,
    /// The probability above which an order counts as at risk.
    pub late_threshold: f64,
    /// Each plan's standing.
    pub plans: Vec<Standing>,
    /// The plan that is at least as good on every measure and better on one, if any.
    pub more_robust: Option<String>,
    /// The verdict in words.
    pub verdict: String,
}

/// A measure of a standing, lower is better, with its name.
type Measure = (&'static str, fn(&Standing) -> f64);

/// Compares the plans' summaries of one way of evaluating (`None` for a plan not evaluated).
pub(crate) fn compare(
    mode: Mode,
    late_threshold: f64,
    plans: &[(String, Option<&ModeSummary>)],
) -> Option<Comparison> {
    let standings: Vec<Standing> = plans
        .iter()
        .map(|(name, s)| {
            s.map(|s| Standing {
                plan: name.clone(),
                expected_objective: s.objective.mean,
                p95_objective: s.objective.p95,
                orders_at_risk: s.orders_at_risk,
            })
        })
        .collect::<Option<_>>()?;
    if standings.len() < 2 {
        return None;
    }
    let how = match mode {
        Mode::Replan => "re-planned",
        _ => "kept as published",
    };
    let measures: [Measure; 3] = [
        ("expected objective", |s| s.expected_objective),
        ("95th-percentile objective", |s| s.p95_objective),
        ("orders at risk", |s| s.orders_at_risk as f64),
    ];
    // The plan no other beats on any measure and that beats every other on some measure.
    let dominates = |a: &Standing, b: &Standing| {
        measures.iter().all(|(_, f)| f(a) <= f(b)) && measures.iter().any(|(_, f)| f(a) < f(b))
    };
    let winner = standings.iter().find(|a| {
        standings
            .iter()
            .all(|b| std::ptr::eq(*a, b) || dominates(a, b))
    });
    let verdict = match winner {
        Some(w) => format!(
            "{how}, '{}' is more robust: no worse on expected objective, 95th-percentile objective \
             and orders late with probability above {late_threshold}, and better on at least one",
            w.plan
        ),
        None => {
            let parts: Vec<String> = measures
                .iter()
                .map(|(what, f)| {
                    let best = standings.iter().map(f).fold(f64::INFINITY, f64::min);
                    let leaders: Vec<&str> = standings
                        .iter()
                        .filter(|s| f(s) == best)
                        .map(|s| s.plan.as_str())
                        .collect();
                    if leaders.len() == standings.len() {
                        format!("{what}: equal")
                    } else {
                        format!("{what}: '{}'", leaders.join("', '"))
                    }
                })
                .collect();
            format!(
                "{how}, neither plan is more robust on every measure (best {})",
                parts.join("; ")
            )
        }
    };
    Some(Comparison {
        mode,
        late_threshold,
        more_robust: winner.map(|w| w.plan.clone()),
        plans: standings,
        verdict,
    })
}
