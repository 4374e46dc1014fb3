//! Orders the plan may leave out by choice under the `contribution` objective form: an optional
//! order may be dropped (it costs its forfeited margin), a deferrable one deferred beyond the
//! horizon end (it costs its deferral cost and what making it later costs,
//! [`crate::solution::deferral_charge`]). The search counts an order that is out by choice at
//! the cheaper of the two, never as unplanned, so that dropping, deferring and taking work back
//! are judged by the same objective the checker's KPIs compute
//! ([`crate::solution::choice_cost`]).
//!
//! Moves ([`drop_one`], [`take_back`]) and the recreate step's "insert it only if it pays" make
//! these decisions; under the weighted-sum form no order may be left out and nothing here acts.

use super::change::Change;
use super::recreate::{Mode, insert_order};
use super::scope::Scope;
use super::state::PlantState;
use crate::dispatch::worth;
use crate::model::{Instance, ObjectiveForm, OrderId, SiteId, Window};
use crate::solution::{Decision, deferral_charge};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// How one order may be left out, and what that costs in objective units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LeaveOut {
    /// [`Decision::Dropped`] or [`Decision::Deferred`], whichever costs less (deferred on ties,
    /// as [`crate::dispatch::leave_out_unprofitable`] decides).
    pub decision: Decision,
    /// The forfeited margin or what deferring costs
    /// ([`crate::solution::DeferralCharge::objective_cost`]).
    pub cost: f64,
    /// The stability penalty of leaving it out: a `high` priority order the baseline has on time
    /// counts as made late ([`Scope::late_cost`]); 0 otherwise.
    pub penalty: f64,
}

impl LeaveOut {
    /// "dropped: margin 120 forfeited, cheaper than making it" (the search's words when no move
    /// recorded a sharper reason).
    pub fn describe(&self, instance: &Instance, order: OrderId) -> String {
        let name = &instance.order(order).name;
        match self.decision {
            Decision::Deferred => format!(
                "order '{name}' deferred beyond the horizon end: deferring it costs {} (the \
                 deferral cost and what making it later costs), less than making it in any plan \
                 the search found",
                worth::money(self.cost)
            ),
            _ => format!(
                "order '{name}' not worth making: its margin {} is less than making it costs in \
                 any plan the search found",
                worth::money(self.cost)
            ),
        }
    }
}

/// By order, how it may be left out (all `None`, as an empty vector, under the weighted-sum form).
/// An order with a frozen operation is history and must stay.
pub(crate) fn leave_options(instance: &Instance, scope: &Scope) -> Vec<Option<LeaveOut>> {
    if instance.form() != ObjectiveForm::Contribution {
        return Vec::new();
    }
    instance
        .order_ids()
        .map(|o| {
            if instance
                .order_plan(o)
                .op_ids()
                .any(|op| scope.is_frozen(op))
            {
                return None;
            }
            let value = &instance.order(o).value;
            let drop = value.optional.then(|| value.margin());
            let defer = deferral_charge(instance, o).map(|c| c.objective_cost(instance));
            let (decision, cost) = match (drop, defer) {
                (Some(d), Some(f)) if f <= d => (Decision::Deferred, f),
                (Some(d), _) => (Decision::Dropped, d),
                (None, Some(f)) => (Decision::Deferred, f),
                (None, None) => return None,
            };
            Some(LeaveOut {
                decision,
                cost,
                penalty: scope.late_cost(o, 1),
            })
        })
        .collect()
}

/// After `order` was put back: when leaving it out costs less than keeping it where it now is
/// (its placements, penalties and makespan growth), take it out again ("insert it if it pays").
/// Returns whether it stays planned.
pub(crate) fn keep_if_it_pays(state: &mut PlantState<'_>, order: OrderId) -> bool {
    let Some(leave) = state.leave_out(order) else {
        return state.is_planned(order);
    };
    if !state.is_planned(order) {
        return false;
    }
    let before = state.quality().cost;
    let reason = not_worth(state, order, leave);
    let undo = Change::take_out(state, &[order]);
    if state.quality().cost < before - 1e-9 * before.abs().max(1.0) {
        state.set_reason(order, reason);
        return false;
    }
    undo.put_back(state);
    true
}

/// The drop move: a random planned order that may be left out is taken out (dropped or deferred,
/// whichever costs less). `None` when no planned order may be left out.
pub(crate) fn drop_one(
    state: &mut PlantState<'_>,
    movable: &[OrderId],
    rng: &mut ChaCha8Rng,
) -> Option<(Vec<OrderId>, Change)> {
    let candidates: Vec<OrderId> = movable
        .iter()
        .copied()
        .filter(|&o| state.is_planned(o) && state.leave_out(o).is_some())
        .collect();
    let &order = candidates.get(rng.random_range(0..candidates.len().max(1)))?;
    let leave = state.leave_out(order)?;
    let reason = not_worth(state, order, leave);
    let undo = Change::take_out(state, &[order]);
    state.set_reason(order, reason);
    Some((vec![order], undo))
}

/// The take-back move: a random order that is out by choice is put back where it costs least, and
/// kept only if it pays. `None` when no order is out by choice.
pub(crate) fn take_back(
    state: &mut PlantState<'_>,
    movable: &[OrderId],
    modes: &[Mode],
    avoid: &[(SiteId, Window)],
    rng: &mut ChaCha8Rng,
) -> Option<(Vec<OrderId>, Change)> {
    let candidates: Vec<OrderId> = movable
        .iter()
        .copied()
        .filter(|&o| state.is_left_out(o))
        .collect();
    let &order = candidates.get(rng.random_range(0..candidates.len().max(1)))?;
    let undo = Change::take_out(state, &[order]);
    if insert_order(state, order, modes, avoid) {
        keep_if_it_pays(state, order);
    }
    Some((vec![order], undo))
}

/// "not worth making: margin 120 < cost 180 (energy 95, transport 85)", or the deferral words, as
/// [`crate::dispatch::leave_out_unprofitable`] writes them; `order` is placed in `state`.
fn not_worth(state: &mut PlantState<'_>, order: OrderId, leave: LeaveOut) -> String {
    let instance = state.instance;
    let placements = state.placements_of(order);
    let demand = state.demand_cost_of(&placements);
    let cost = crate::solution::order_cost(instance, order, &placements)
        .with_transfer_cost(instance, state.tt.order_transfer_cost(order))
        .weighted
        + demand;
    let costs = worth::describe_costs(instance, order, &placements, cost, demand);
    let o = instance.order(order);
    match (leave.decision, deferral_charge(instance, order)) {
        (Decision::Deferred, Some(c)) => format!(
            "deferred beyond the horizon end: making it now costs {costs} > deferring {}",
            worth::describe_deferral(instance, &c)
        ),
        _ => format!(
            "not worth making: margin {} < cost {costs}",
            worth::money(o.value.margin())
        ),
    }
}

/// Words for the orders another solver (the time-indexed MILP) left out by choice in `schedule`:
/// each is put where it costs least in the rest of the plan, and its reason names that cost
/// ("not worth making: margin 12 < cost 15 (energy 15)"). An order that fits nowhere keeps its
/// reason.
#[cfg(feature = "highs")]
pub(crate) fn explain_choices(instance: &Instance, schedule: &mut crate::solution::Schedule) {
    if !schedule.unplanned.iter().any(|u| u.is_choice()) {
        return;
    }
    let scope = Scope::free(instance);
    let Some(mut state) = PlantState::new(instance, &scope, schedule) else {
        return;
    };
    let mut modes = vec![Mode::Earliest];
    if instance.has_energy_costs() {
        modes.push(Mode::Cheap);
    }
    for u in schedule.unplanned.iter_mut().filter(|u| u.is_choice()) {
        let Some(leave) = state.leave_out(u.order) else {
            continue;
        };
        if insert_order(&mut state, u.order, &modes, &[]) {
            let leave = LeaveOut {
                decision: u.decision,
                ..leave
            };
            u.reason = not_worth(&mut state, u.order, leave);
            state.remove_order(u.order);
        }
    }
}
