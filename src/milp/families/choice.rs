//! Orders the model may leave out under the `contribution` objective form (the time-indexed and
//! the disjunctive formulations).
//!
//! **Made, dropped, deferred.** An order `o` that is optional or deferrable gets a binary `y_o`
//! ("made") and, per way it may be left out, a binary `d_o` (dropped, optional orders) and `f_o`
//! (deferred, deferrable orders) with `y_o + d_o + f_o = 1`. Its plant indicators sum to `y_o`
//! instead of 1 ([`super::plants`]), so the assignment binaries of each of its operations sum to
//! `y_o`: an order not made has no operation, no shipment and consumes nothing. Rows that would
//! bind an absent order's zero start (routing lags, tardiness, hard deadlines) scale their
//! constants by `y_o`. The objective gains `m_o d_o + c_o f_o`, the forfeited margin and what
//! deferring costs (the deferral cost plus the estimated energy and transport of making the order
//! later, [`crate::solution::DeferralCharge::objective_cost`]), as
//! [`crate::solution::choice_cost`] counts them.

use super::{Ctx, MilpModel, constant};
use crate::model::{Instance, ObjectiveForm, OrderId};
use crate::solution::deferral_charge;
use good_lp::{Expression, Variable};

/// The choice variables of one order that may be left out (its "dropped" binary `d_o` lives only
/// in the model: dropped is made = 0 and deferred = 0).
pub(crate) struct OrderChoice {
    /// `y_o`: 1 when the order is made in this plan.
    pub made: Variable,
    /// `f_o`: 1 when deferred beyond the horizon end (deferrable orders).
    pub deferred: Option<Variable>,
}

/// Per order: its choice variables, `None` for orders that must be made.
pub(crate) type Choices = Vec<Option<OrderChoice>>;

/// True when `instance` lets some order be left out (contribution form, optional or deferrable).
pub(crate) fn any(instance: &Instance) -> bool {
    instance.form() == ObjectiveForm::Contribution
        && instance
            .orders()
            .iter()
            .any(|o| o.value.optional || o.value.is_deferrable())
}

/// True when the model's optimum and bound over the choices hold: every cost a left-out order
/// can save is non-negative (an optional order with a negative margin would make the horizon's
/// objective-based completion bounds unsafe).
pub(crate) fn certifiable(instance: &Instance) -> bool {
    instance.form() != ObjectiveForm::Contribution
        || instance
            .orders()
            .iter()
            .all(|o| !o.value.optional || o.value.margin() >= 0.0)
}

/// No order may be left out (the disjunctive model, the relaxed explanation model).
pub(crate) fn none(instance: &Instance) -> Choices {
    instance.order_ids().map(|_| None).collect()
}

/// The choice variables and rows `y_o + d_o + f_o = 1`, and their cost in the objective (unless
/// the model is the relaxed explanation model, which plans every order).
pub(crate) fn order_choices(model: &mut MilpModel, ctx: &Ctx) -> Choices {
    let instance = ctx.instance;
    if ctx.relax || !any(instance) {
        return none(instance);
    }
    instance
        .order_ids()
        .map(|o| {
            let value = &instance.order(o).value;
            if !(value.optional || value.is_deferrable()) {
                return None;
            }
            // A warm start plans every order: made.
            let warm = ctx.warm.map(|_| true);
            let made = model.binary(warm);
            let mut sum = Expression::from(made);
            if value.optional {
                let d = model.binary(warm.map(|_| false));
                model.cost(value.margin(), d);
                sum += d;
            }
            let deferred = deferral_charge(instance, o).map(|charge| {
                let f = model.binary(warm.map(|_| false));
                model.cost(charge.objective_cost(instance), f);
                sum += f;
                f
            });
            model.row(sum.eq(1.0));
            Some(OrderChoice { made, deferred })
        })
        .collect()
}

/// `y_o` of `order`: its variable, or the constant 1 for an order that must be made.
pub(crate) fn made(choices: &Choices, order: OrderId) -> Expression {
    match choices.get(order.index()).and_then(Option::as_ref) {
        Some(c) => Expression::from(c.made),
        None => constant(1.0),
    }
}

/// True when some order has choice variables (some valid inequalities that assume every order is
/// made are then left out).
pub(crate) fn has_any(choices: &Choices) -> bool {
    choices.iter().any(Option::is_some)
}
