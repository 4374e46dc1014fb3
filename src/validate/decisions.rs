//! Orders left out by choice: a dropped order must be optional, a deferred one deferrable, and both
//! only under the `contribution` objective form (the weighted-sum form plans every order).

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::ObjectiveForm;
use crate::solution::Decision;

/// Reports every dropped or deferred order the instance does not allow to be left out so.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    let form = plan.instance.form();
    for u in &plan.schedule.unplanned {
        let Some(order) = plan.order(u.order) else {
            continue; // UNKNOWN_ORDER already.
        };
        let why = match u.decision {
            Decision::Unplannable => continue,
            _ if form != ObjectiveForm::Contribution => {
                "the objective form is weighted_sum, which plans every order (set form,contribution in objective.csv)"
            }
            Decision::Dropped if !order.value.optional => "the order is not optional",
            Decision::Deferred if !order.value.is_deferrable() => {
                "the order is not deferrable (it has no defer_cost_per_day)"
            }
            _ => continue,
        };
        let msg = format!("order '{}' is {} but {why}", order.name, u.decision);
        out.push(Violation::new(ViolationCode::WrongDecision, msg).orders([u.order]));
    }
}
