//! The independent feasibility checker.
//!
//! Every plan takt produces is judged here: in tests, by `takt check`, and after every solver. The
//! checker shares no code with the solvers and re-derives what it needs from the model's entities:
//! operations and durations from the products' routings, material availability from the stock and
//! deliveries, paths and transit times from the lanes. Each rule family lives in its own file and
//! reports [`Violation`]s with stable [`ViolationCode`]s.
//!
//! ```
//! use takt::model::{InstanceBuilder, Machine, Order, Product, Site, Step, StepOption};
//! use takt::solution::{Schedule, ScheduledOp};
//! use takt::model::{MachineId, ModeId, OpId};
//!
//! let mut b = InstanceBuilder::new("doc");
//! let site = b.add_site(Site::new("A"));
//! let m = b.add_machine(Machine::new("M1", site));
//! let step = Step { min_lag: 0, options: vec![StepOption { machine: m, setup: 5, run_per_unit: 1.0 }] };
//! let p = b.add_product(Product { name: "P".into(), steps: vec![step], bom: vec![] });
//! b.add_order(Order::new("O1", p, 10));
//! let instance = b.build().unwrap();
//!
//! let mut plan = Schedule::default();
//! plan.ops.push(ScheduledOp { op: OpId(0), machine: MachineId(0), start: 0, end: 15, mode: ModeId::NOMINAL });
//! assert!(takt::validate::validate(&instance, &plan).is_complete());
//!
//! plan.ops[0].end = 14;
//! let report = takt::validate::validate(&instance, &plan);
//! assert_eq!(report.counts_by_code()["WRONG_DURATION"], 1);
//! ```
//!
//! Conventions: when an operation is scheduled more than once its first entry counts and the others
//! are reported as duplicates; an order's plant is the site of its earliest scheduled step; the
//! first shipment of an order counts and the others are reported as duplicates.

mod assignment;
mod context;
mod deadlines;
mod decisions;
mod demand;
mod downtime;
mod lane_travel;
mod machines;
mod material;
mod modes;
mod plants;
mod power;
mod range;
mod report;
mod routing;
mod shipments;
mod transfers;

pub use modes::{EnergyRecount, recount_energy};
pub use report::{Report, Violation, ViolationCode};

use crate::model::Instance;
use crate::solution::Schedule;
use context::Plan;

/// What to check beyond the rules that always apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckOptions {
    /// Check shipments (routes, capacities, transit, one per order). Set to false when a plan was
    /// read without its shipments; deadlines are then judged at completion.
    pub check_shipments: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            check_shipments: true,
        }
    }
}

/// Checks every rule of a feasible plan (see the domain rules in the design) against `schedule`.
pub fn validate(instance: &Instance, schedule: &Schedule) -> Report {
    validate_with(instance, schedule, &CheckOptions::default())
}

/// Checks `schedule` with explicit options.
pub fn validate_with(instance: &Instance, schedule: &Schedule, options: &CheckOptions) -> Report {
    let mut violations = Vec::new();
    range::check(schedule, &mut violations);
    if !violations.is_empty() {
        let mut report = Report {
            violations,
            unplanned: Vec::new(),
            shipments_checked: options.check_shipments,
            demand: Vec::new(),
        };
        report.sort();
        return report;
    }
    let plan = Plan::new(instance, schedule);
    assignment::check(&plan, options.check_shipments, &mut violations);
    decisions::check(&plan, &mut violations);
    plants::check(&plan, &mut violations);
    routing::check(&plan, &mut violations);
    machines::check(&plan, &mut violations);
    downtime::check(&plan, &mut violations);
    transfers::check(&plan, &mut violations);
    material::check(&plan, &mut violations);
    power::check(&plan, &mut violations);
    modes::check(&plan, &mut violations);
    deadlines::check(&plan, options.check_shipments, &mut violations);
    if options.check_shipments {
        shipments::check(&plan, &mut violations);
    }
    let mut unplanned: Vec<_> = schedule
        .unplanned
        .iter()
        .filter(|u| !u.is_choice())
        .map(|u| u.order)
        .filter(|o| o.index() < instance.orders().len())
        .collect();
    unplanned.sort();
    unplanned.dedup();
    let mut report = Report {
        violations,
        unplanned,
        shipments_checked: options.check_shipments,
        demand: demand::recompute(&plan),
    };
    report.sort();
    report
}
