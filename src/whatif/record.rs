//! What a what-if run records: the facts of the run ([`RunInfo`]) and one [`ScenarioRecord`] per
//! plan and scenario, built from the crate's [`Kpis`]. Everything else (summaries, per-order
//! risk, the comparison, the page) is computed from these, so a run split into shards and merged
//! gives exactly the result of the whole run.

use super::scenario::Scenario;
use crate::model::Minutes;
use crate::solution::Kpis;
use serde::{Deserialize, Serialize};

/// Which ways each scenario is evaluated.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::Display, strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Mode {
    /// Keep the plan (shop-floor simulation) and re-plan.
    Both,
    /// Keep the plan only.
    Keep,
    /// Re-plan only.
    Replan,
}

impl Mode {
    /// True when the published plan is simulated as kept.
    pub fn keeps(self) -> bool {
        matches!(self, Mode::Both | Mode::Keep)
    }

    /// True when the re-planner runs.
    pub fn replans(self) -> bool {
        matches!(self, Mode::Both | Mode::Replan)
    }
}

/// How one order of the published plan fares in one evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderFate {
    /// Planned; minutes late at arrival (0 on time).
    Tardiness(Minutes),
    /// Not planned (it could not be made), which counts as late.
    Unplanned,
    /// Cancelled by an event: left out of the order's figures.
    Cancelled,
    /// Left out by choice (an optional order dropped or a deferrable one deferred under the
    /// contribution form): a decision, not a risk, so left out of the order's figures.
    LeftOut,
}

impl OrderFate {
    /// True when late or not planned.
    pub fn is_late(self) -> bool {
        matches!(self, OrderFate::Unplanned) || matches!(self, OrderFate::Tardiness(t) if t > 0)
    }
}

/// An order whose fate in an evaluation differs from the published plan's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDelta {
    /// The order's index in [`RunInfo::orders`].
    pub order: u32,
    /// Its fate in this evaluation.
    pub fate: OrderFate,
}

/// One evaluation of a scenario: keeping the plan, or re-planning.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// KPIs of the resulting plan under the scenario's facts.
    pub kpis: Kpis,
    /// Operations of the published plan whose machine, start or end changed.
    pub moved: usize,
    /// Orders that arrive after their hard deadline (only a kept plan can miss one).
    pub missed_deadlines: usize,
    /// The re-plan's stability penalty against the published plan (0 for a kept plan).
    pub stability_penalty: f64,
    /// The orders whose fate differs from the published plan's (the others fare as published).
    pub orders: Vec<OrderDelta>,
}

/// The results of one scenario for one plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioRecord {
    /// The plan's index in [`RunInfo::plans`].
    pub plan: usize,
    /// The scenario's index in the scenario set (0-based).
    pub index: usize,
    /// The scenario.
    pub scenario: Scenario,
    /// Keeping the plan, when evaluated.
    pub keep: Option<Evaluation>,
    /// Re-planning, when evaluated and successful.
    pub replan: Option<Evaluation>,
    /// Why an evaluation failed (events that contradict history, a re-plan error); the scenario
    /// then counts in no figure of that evaluation.
    pub error: Option<String>,
}

/// One candidate plan of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanInfo {
    /// The plan's name (its file, for the command line).
    pub name: String,
    /// Its KPIs as published (no event).
    pub published: Kpis,
    /// How each order fares in it as published, by order index.
    pub fates: Vec<OrderFate>,
}

/// An order of the instance, as the results name it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderInfo {
    /// The order's id.
    pub name: String,
    /// Its due time, if any.
    pub due: Option<Minutes>,
    /// Its tardiness weight (money per minute late).
    pub weight: f64,
}

/// Everything about a run that its results depend on; equal in every shard of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// The instance's name.
    pub instance: String,
    /// Minute 0 as an ISO date-time, when the instance has one.
    pub plan_start: Option<String>,
    /// The candidate plans (one, or two when comparing).
    pub plans: Vec<PlanInfo>,
    /// The instance's orders, by index.
    pub orders: Vec<OrderInfo>,
    /// The scenario set in words.
    pub scenarios: String,
    /// Number of scenarios in the set.
    pub scenario_count: usize,
    /// Fingerprint of the scenario set.
    pub fingerprint: String,
    /// The minute the events are known and the re-plan happens.
    pub now: Minutes,
    /// The published window of the re-plan (minutes).
    pub published_window: Minutes,
    /// Stability penalty per moved operation (objective units).
    pub move_penalty: f64,
    /// Stability penalty per moved operation in the published window.
    pub published_move_penalty: f64,
    /// The evaluations made.
    pub mode: Mode,
    /// Iteration budget of each re-plan.
    pub iterations: u64,
    /// Seed of each re-plan.
    pub seed: u64,
    /// An order is "at risk" when late with a probability above this.
    pub late_threshold: f64,
}
