//! Time-indexed neighbourhood search: when the time-indexed model over the whole horizon would be
//! too large for a fine grid, HiGHS solves the model restricted to starts near the incumbent's,
//! again and again from each better plan. Every rule, the energy cost and the power cap stay exact;
//! only the windows are narrowed, so the plans are exact and checked but no bound is claimed.

use super::detailed::Detail;
use super::detailed::{DetailedRun, Found};
use super::result::{MilpError, MilpResult, MilpStatus};
use super::time_indexed::retime::retime;
use super::warm::WarmFacts;
use crate::model::Minutes;
use crate::solution::{Schedule, evaluate};
use std::time::Duration;

/// A neighbourhood round needs at least this much time left.
const MIN_ROUND_TIME: Duration = Duration::from_millis(500);

impl DetailedRun<'_> {
    /// Time-indexed neighbourhood search: solve the model restricted to starts within `radius`
    /// minutes of the incumbent's (with all the remaining time), move the incumbent to the plan
    /// found, and repeat while that improves and time remains. The windows no longer hold every plan, so no bound is claimed.
    pub(super) fn search(
        &self,
        bucket: Minutes,
        radius: Minutes,
        warm: &Schedule,
    ) -> Result<MilpResult, MilpError> {
        let instance = self.instance;
        let detail = Detail::TimeIndexed {
            bucket,
            radius: Some(radius),
        };
        let formulation = detail.describe();
        let mut notes = Vec::new();
        let Some(mut center) = retime(instance, warm, bucket) else {
            return self.fallback(
                notes,
                &format!("the warm start could not be moved onto the {bucket}-minute grid"),
                &formulation,
                Some(warm),
            );
        };
        let mut center_objective = evaluate(instance, &center).objective;
        let mut rounds = 0;
        while self.clock.remaining() > MIN_ROUND_TIME {
            let Some(facts) = WarmFacts::new(instance, self.scope, &center) else {
                break;
            };
            let mut horizon = self.horizon(detail, &[warm, &center]);
            horizon.narrow_around(instance, self.scope, &facts, radius);
            let attempt = self.attempt(detail, &horizon, Some(&center), self.clock.remaining())?;
            rounds += 1;
            let Found::Plan { plan, .. } = attempt.found else {
                notes.extend(attempt.notes);
                break;
            };
            let objective = evaluate(instance, &plan).objective;
            if objective >= center_objective - 1e-9 {
                break;
            }
            center = plan;
            center_objective = objective;
        }
        notes.push(format!(
            "{rounds} round(s) of neighbourhood search; the plan is exact and checked, optimality \
             and bounds are not claimed"
        ));
        Ok(self.never_worse(
            center,
            MilpStatus::Feasible,
            None,
            &formulation,
            notes,
            Some(warm),
        ))
    }
}
