//! What an order is worth: revenue, variable cost (hence margin), priority class, and whether it may
//! be left out (optional) or moved beyond the planning horizon (deferrable); and the objective form
//! that uses them.
//!
//! # The horizon
//! The *planning horizon* ends at [`super::Instance::horizon_end`]: the `horizon_end` setting of
//! `objective.csv` when given, otherwise the latest due date of any order (the latest release when no
//! order has a due date). A *deferred* order is left out of this plan and made after the horizon end;
//! it keeps its margin and costs `defer_cost_per_day` for every started day (1,440 minutes) from its
//! due date to the horizon end, at least one day ([`deferral_days`]).

use super::Minutes;
use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

/// The largest magnitude of an amount of money takt accepts (revenue, cost, per day), also for
/// amounts computed from the input (per-unit amounts times the quantity).
pub const MAX_MONEY: f64 = 1e15;

/// Minutes per day, the unit of deferral.
pub const MINUTES_PER_DAY: Minutes = 1_440;

/// The priority class of an order (`priority` in `orders.csv`, changed by the
/// `order_priority_changed` event): how much the order matters to the planner. Ordered
/// `High < Normal < Low` (most urgent first).
///
/// What the class does:
/// - it is shown: tags on the plan page's order tables, a high-priority panel and a `priority` line
///   in the CLI summaries, a `priority` column in `shipments.csv` and `unplanned.csv` when some
///   order is not `Normal`, [`crate::solution::OrderChange::priority`] in a re-plan's diff;
/// - it is counted: [`crate::solution::PriorityKpis`] (late, weighted tardiness and left-out
///   high-priority orders);
/// - it breaks ties in dispatching: when two orders, or two operations competing for a machine,
///   are equal on the rule's first key, the higher class goes first (before the rule's second key
///   and the id).
///
/// What it does not do: it is not a cost. It never outweighs a difference in a rule's keys, adds
/// nothing to the objective, and changes no plan of an instance whose orders all have the same
/// class. The search, the MILP and the re-planner compare plans by the objective alone (they see the
/// class only through a dispatching plan they start from); a `High` order may be late, dropped when
/// optional or deferred when deferrable. Its `weight` prices its lateness.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    EnumIter,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Priority {
    /// Work that matters most: tagged and counted apart, first on dispatching ties.
    High,
    /// The default class.
    #[default]
    Normal,
    /// Non-essential work: tagged, last on dispatching ties.
    Low,
}

/// The economic facts of one order. All amounts are money for the whole order (per-unit input is
/// multiplied by the quantity when read).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderValue {
    /// What the customer pays for the order (>= 0).
    pub revenue: f64,
    /// Material and other costs that only arise when the order is made (>= 0); energy and transport
    /// are costed by the plan and are not part of it.
    pub variable_cost: f64,
    /// Priority class.
    pub priority: Priority,
    /// True when the plan may leave the order out, forfeiting its margin.
    pub optional: bool,
    /// When set, the order is deferrable: the plan may move it beyond the horizon at this cost per
    /// day (>= 0).
    pub defer_cost_per_day: Option<f64>,
}

impl OrderValue {
    /// Revenue minus variable cost (may be negative).
    pub fn margin(&self) -> f64 {
        self.revenue - self.variable_cost
    }

    /// True when the order may be moved beyond the horizon.
    pub fn is_deferrable(&self) -> bool {
        self.defer_cost_per_day.is_some()
    }

    /// True when every field has its default (an order as before values existed).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// How plans are compared.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    EnumIter,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ObjectiveForm {
    /// Minimise the weighted sum of tardiness, energy, transport and makespan
    /// ([`super::ObjectiveWeights`]); every order must be planned (optional and deferrable orders
    /// are planned like any other).
    #[default]
    WeightedSum,
    /// Maximise contribution: the margin of the orders made (deferred ones included) minus the
    /// weighted costs and the deferral costs. Optional orders may be dropped and deferrable ones
    /// deferred. Solvers minimise `weighted costs + deferral costs + margin of dropped orders`,
    /// which is the total margin of all orders minus the contribution.
    Contribution,
}

/// Days an order due at `due` is deferred when made after the horizon end `horizon_end`: every
/// started day from the due date to the horizon end, at least 1 (also without a due date).
pub fn deferral_days(due: Option<Minutes>, horizon_end: Minutes) -> Minutes {
    let late = due.map_or(0, |d| horizon_end.saturating_sub(d).max(0));
    ((late + MINUTES_PER_DAY - 1) / MINUTES_PER_DAY).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deferral_counts_started_days_and_at_least_one() {
        assert_eq!(deferral_days(None, 10_000), 1);
        assert_eq!(deferral_days(Some(20_000), 10_000), 1);
        assert_eq!(deferral_days(Some(10_000), 10_000), 1);
        assert_eq!(deferral_days(Some(10_000), 10_001), 1);
        assert_eq!(deferral_days(Some(0), 1_440), 1);
        assert_eq!(deferral_days(Some(0), 1_441), 2);
    }

    #[test]
    fn priority_and_form_read_their_documented_words() {
        assert_eq!("high".parse::<Priority>(), Ok(Priority::High));
        assert_eq!(Priority::default().to_string(), "normal");
        assert_eq!(
            "contribution".parse::<ObjectiveForm>(),
            Ok(ObjectiveForm::Contribution)
        );
        assert_eq!(ObjectiveForm::default().to_string(), "weighted_sum");
    }

    #[test]
    fn margin_is_revenue_minus_variable_cost() {
        let v = OrderValue {
            revenue: 300.0,
            variable_cost: 180.0,
            ..OrderValue::default()
        };
        assert_eq!(v.margin(), 120.0);
        assert!(!v.is_deferrable());
    }
}
