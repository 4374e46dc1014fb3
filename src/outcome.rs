//! What every solve and every re-plan returns: one serialisable [`Outcome`].
//!
//! An outcome holds the status, the checked plan, its KPIs, the best known lower bound, the orders
//! left out with their reasons, notes worth telling, and for a re-plan the [`ReplanFacts`]: the
//! published plan judged at the new facts, what the re-plan bought, the stability penalty and the
//! diff. `kpis.json` is this value serialised (`serde_json`); the plan itself travels in
//! `schedule.csv`, `shipments.csv` and `unplanned.csv` (see [`crate::io::publish`]) and in
//! [`Outcome::schedule`] for Rust callers, so it is not part of the serialised form.
//!
//! ```
//! use takt::prelude::*;
//!
//! // Two orders on one machine: 30 minutes and 10 minutes of work.
//! let mut b = InstanceBuilder::new("doc");
//! let site = b.add_site(Site::new("plant"));
//! let m = b.add_machine(Machine::new("M1", site));
//! for (name, setup) in [("LONG", 30), ("SHORT", 10)] {
//!     let step = Step { min_lag: 0, options: vec![StepOption { machine: m, setup, run_per_unit: 0.0 }] };
//!     let p = b.add_product(Product { name: name.into(), steps: vec![step], bom: vec![] });
//!     b.add_order(Order::new(name, p, 1));
//! }
//! let instance = b.build()?;
//!
//! let outcome = takt::solve(&instance, &SolveOptions::default(), &Budget::iterations(200))?;
//! assert_eq!(outcome.status, Status::Optimal); // makespan 40 meets the machine-load bound
//! assert!(outcome.is_complete());
//! let json = serde_json::to_value(&outcome)?;
//! assert_eq!(json["status"], "optimal");
//! assert_eq!(json["makespan"], 40);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::model::{Horizon, Instance, Minutes};
use crate::solution::{
    ChangeCounts, Decision, Kpis, OrderChange, PlanDiff, Schedule, StabilityWeights,
};
use crate::validate::Report;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How good the returned plan is known to be. The string forms (`optimal`, `feasible`,
/// `no_solution_within_limit`, `infeasible`) are stable.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// The plan's objective meets a proven lower bound: nothing better exists for the orders it
    /// plans.
    Optimal,
    /// A checked plan; optimality not proven. Orders it leaves out are listed in
    /// [`Outcome::unplanned`] with the reason.
    Feasible,
    /// The solver found no plan within its limits; this says nothing about feasibility.
    NoSolutionWithinLimit,
    /// The instance has no feasible plan ([`Outcome::explanation`] says why).
    Infeasible,
}

impl Status {
    /// The stable string form.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// An order the plan leaves out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unplanned {
    /// The order's id (its name in `orders.csv`).
    pub order: String,
    /// Why it could not be planned, in words a planner understands.
    pub reason: String,
    /// `unplannable` (a failure), `dropped` (an optional order not worth making) or `deferred`
    /// (moved beyond the horizon end).
    pub decision: Decision,
}

/// A checked plan with everything known about it, shared by solve and re-plan.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The instance's name.
    #[serde(rename = "instance")]
    pub instance_name: String,
    /// The engine that produced the plan: `greedy`, `search`, `milp`, `replan` or
    /// `replan_from_scratch`.
    pub solver: String,
    /// How good the plan is known to be.
    pub status: Status,
    /// The plan's KPIs (`None` when there is no plan); serialised flat (`objective`, `makespan`,
    /// ...).
    #[serde(flatten)]
    pub kpis: Option<Kpis>,
    /// A valid lower bound on the objective over the orders the plan covers (equal to the
    /// objective when optimal); `None` without a plan.
    pub lower_bound: Option<f64>,
    /// `(objective - lower_bound) / |objective|`, 0 when both are 0; `None` without a plan.
    pub gap: Option<f64>,
    /// Orders in the instance.
    pub orders: usize,
    /// Orders the plan leaves out, with the reason.
    pub unplanned: Vec<Unplanned>,
    /// For an instance without a plan: why (orders, deadlines, materials involved).
    pub explanation: Vec<String>,
    /// True when the plan passed the independent checker (always, when there is a plan).
    pub checked: bool,
    /// Decisions worth telling (fallbacks, size guard, postponed downtime, re-inserted orders).
    pub notes: Vec<String>,
    /// Wall-clock seconds from the call to the checked plan.
    pub elapsed_seconds: f64,
    /// The folder the outcome was published to, once [`crate::io::publish`] wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_dir: Option<PathBuf>,
    /// For a re-plan: the published plan at the new facts, what the re-plan bought, stability and
    /// the diff.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replan: Option<ReplanFacts>,
    /// The plan (operation and machine ids of [`Outcome::instance`]); `None` when no plan was
    /// found.
    #[serde(skip)]
    pub schedule: Option<Schedule>,
    /// The checker's report on the plan.
    #[serde(skip)]
    pub report: Option<Report>,
    /// The instance the plan is for (after every event, for a re-plan).
    #[serde(skip)]
    pub instance: Arc<Instance>,
}

impl Outcome {
    /// An outcome for a checked plan of `instance`: the gap computed from its lower bound,
    /// unplanned orders named.
    pub(crate) fn planned(
        instance: Arc<Instance>,
        solver: &str,
        status: Status,
        plan: CheckedPlan,
        notes: Vec<String>,
        elapsed: Duration,
    ) -> Self {
        let CheckedPlan {
            schedule,
            kpis,
            lower_bound,
            report,
        } = plan;
        let unplanned = schedule
            .unplanned
            .iter()
            .map(|u| Unplanned {
                order: instance.order(u.order).name.clone(),
                reason: u.reason.clone(),
                decision: u.decision,
            })
            .collect();
        Self {
            instance_name: instance.name().to_string(),
            solver: solver.to_string(),
            status,
            gap: Some(relative_gap(kpis.objective, lower_bound)),
            lower_bound: Some(lower_bound),
            kpis: Some(kpis),
            orders: instance.orders().len(),
            unplanned,
            explanation: Vec::new(),
            checked: report.is_feasible(),
            notes,
            elapsed_seconds: elapsed.as_secs_f64(),
            out_dir: None,
            replan: None,
            schedule: Some(schedule),
            report: Some(report),
            instance,
        }
    }

    /// An outcome without a plan: nothing found within the limit, or the instance is infeasible.
    pub(crate) fn no_plan(
        instance: Arc<Instance>,
        solver: &str,
        status: Status,
        explanation: Vec<String>,
        notes: Vec<String>,
        elapsed: Duration,
    ) -> Self {
        Self {
            instance_name: instance.name().to_string(),
            solver: solver.to_string(),
            status,
            kpis: None,
            lower_bound: None,
            gap: None,
            orders: instance.orders().len(),
            unplanned: Vec::new(),
            explanation,
            checked: false,
            notes,
            elapsed_seconds: elapsed.as_secs_f64(),
            out_dir: None,
            replan: None,
            schedule: None,
            report: None,
            instance,
        }
    }

    /// True when there is a plan.
    pub fn has_plan(&self) -> bool {
        self.schedule.is_some()
    }

    /// True when there is a plan and it plans every order, but those dropped or deferred by
    /// choice (see [`Decision`]).
    pub fn is_complete(&self) -> bool {
        self.has_plan()
            && self
                .unplanned
                .iter()
                .all(|u| u.decision != Decision::Unplannable)
    }

    /// The plan's objective value, when there is a plan.
    pub fn objective(&self) -> Option<f64> {
        self.kpis.as_ref().map(|k| k.objective)
    }

    /// The exit code the command line uses for this outcome: 0 for a complete plan (orders dropped
    /// or deferred by choice included), 3 for a plan that leaves orders out it could not plan, 1
    /// without a plan.
    pub fn exit_code(&self) -> u8 {
        if self.is_complete() {
            0
        } else if self.has_plan() {
            3
        } else {
            1
        }
    }
}

/// A plan that passed the checker, with what is known about it.
pub(crate) struct CheckedPlan {
    pub schedule: Schedule,
    pub kpis: Kpis,
    /// A valid lower bound over the orders the plan covers.
    pub lower_bound: f64,
    /// The checker's report (no violations).
    pub report: Report,
}

/// `(objective - bound) / |objective|`, at least 0; 0 when the objective is 0.
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    if objective.abs() < 1e-9 {
        0.0
    } else {
        ((objective - bound) / objective.abs()).max(0.0)
    }
}

/// What a re-plan adds to its [`Outcome`].
#[derive(Clone, Debug, Serialize)]
pub struct ReplanFacts {
    /// Operations that started before this minute are frozen; nothing else starts before it.
    pub now: Minutes,
    /// End of the published window (operations the baseline starts in `[now, published_until)` move
    /// at the published penalty).
    pub published_until: Minutes,
    /// The events applied, described in words, in order.
    pub events: Vec<String>,
    /// The published plan under the facts it was made for (before any event).
    pub baseline: Kpis,
    /// The published plan judged at the new facts: what doing nothing would give.
    pub published: PublishedAtNewFacts,
    /// What the re-plan bought against doing nothing: the published plan's objective at the new
    /// facts minus the re-plan's (positive is better); `None` when the published plan no longer
    /// holds at the new facts (then it is no alternative).
    pub saved: Option<f64>,
    /// The stability penalty of the re-plan against the published plan.
    pub stability_penalty: f64,
    /// The risk penalty of the re-plan's work inside predicted-failure windows (0 without any).
    pub risk_penalty: f64,
    /// The penalties in use.
    pub penalties: Penalties,
    /// Objective plus stability and risk penalties: what the re-planner minimises.
    pub cost: f64,
    /// Objective plus penalties of the repaired plan, before the improvement.
    pub repaired_cost: f64,
    /// Operations per kind of change.
    pub changes: ChangeCounts,
    /// Share of the operations in both plans that moved (machine or times).
    pub moved_share: f64,
    /// Share of the operations in both plans that the repair alone moved (before the
    /// improvement): what keeping the published sequences and shifting work as the events force
    /// moves. `moved_share` above it is what the improvement chose to move.
    pub repair_moved_share: f64,
    /// Share of the operations in both plans that were re-sequenced or reassigned.
    pub resequenced_share: f64,
    /// Orders whose status changed (became late or on time, unplanned, new, cancelled).
    pub order_changes: Vec<OrderChange>,
    /// Seconds the repair took.
    pub repair_seconds: f64,
    /// How the improvement around the damage went.
    pub improvement: ImprovementFacts,
    /// Energy drawn inside every window whose price an event changed: the published plan at the
    /// new facts against the re-plan.
    pub price_windows: Vec<PriceWindowFacts>,
    /// The published plan mapped onto the changed instance (what [`Self::published`] judges).
    #[serde(skip)]
    pub published_plan: Schedule,
    /// The full diff, operation by operation (written as `diff.csv`).
    #[serde(skip)]
    pub diff: PlanDiff,
    /// `now` and the published window.
    #[serde(skip)]
    pub horizon: Horizon,
}

/// How the improvement after the repair went.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImprovementFacts {
    /// Orders the events damaged (the search started around them).
    pub damaged_orders: usize,
    /// True when the damage was large (the repair raised the published objective by more than 5%,
    /// or left more orders unplanned): the improvement could use the whole budget instead of a
    /// share that grows with the damaged orders.
    pub large_damage: bool,
    /// Seconds the improvement ran.
    pub seconds: f64,
    /// Search rounds per worker.
    pub rounds: u64,
    /// Why it stopped: `no damage` (nothing to improve), `stalled` (no better plan for a while),
    /// `budget` (time), `iterations`.
    pub stopped: String,
}

/// Energy inside one re-priced window at one site (minutes, kWh, money).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PriceWindowFacts {
    /// The site.
    pub site: String,
    /// First minute of the window (from `now` on).
    pub start: Minutes,
    /// First minute after it.
    pub end: Minutes,
    /// kWh the published plan draws there at the new facts.
    pub published_kwh: f64,
    /// What that energy costs at the new prices.
    pub published_energy_cost: f64,
    /// kWh the re-plan draws there.
    pub replan_kwh: f64,
    /// What that costs.
    pub replan_energy_cost: f64,
}

/// The published plan judged at the new facts.
#[derive(Clone, Debug, Serialize)]
pub struct PublishedAtNewFacts {
    /// True when the published plan still holds under every rule at the new facts (orders added by
    /// events count as unplanned in it).
    pub feasible: bool,
    /// Its KPIs at the new facts (prices, due dates, cancelled orders), also when it no longer holds.
    pub kpis: Kpis,
    /// Why it no longer holds: the checker's first findings.
    pub why_not: Vec<String>,
}

/// The stability penalties a re-plan used (see [`StabilityWeights`]); serialised with their field
/// names (`move_penalty`, `published_move_penalty`, `shift_per_hour`, `machine_change`,
/// `plant_change`, `published_factor`).
pub type Penalties = StabilityWeights;
