//! Re-planning: a published plan meets reality. Events (a delivery slips, an energy price spikes, a
//! machine breaks down, a rush order arrives, an order is cancelled, a running operation overruns)
//! change the instance; the [`Replanner`] repairs the plan in milliseconds, moving as little as it
//! can, and reports what changed.
//!
//! # Semantics
//! - **Frozen**: an operation whose baseline start lies before `now` is history. It keeps its machine
//!   and start; an overrun lengthens it. Its order cannot be cancelled, the material its order
//!   consumed stays consumed, and a downtime window that overlaps it (a machine-down event, or
//!   planned downtime an overrun runs into) is postponed to start when it ends, keeping its length;
//!   the result's notes say so. Every other operation starts at or after `now`.
//! - **History**: a delivery whose baseline ETA is at or before `now` has arrived and cannot be
//!   delayed; a delivery cannot be moved before `now`; only started operations overrun, and an
//!   overrun may not run into the next started operation on the same machine.
//! - **Published window**: operations the baseline starts in `[now, now + published_window)` may
//!   move, at [`StabilityWeights::published_move_penalty`] instead of
//!   [`StabilityWeights::move_penalty`].
//! - **Repair**: frozen work first; then every other operation of the baseline in baseline start
//!   order at the earliest feasible minute at or after its baseline start (unaffected operations
//!   stay where they were; one pushed later may take another machine of its plant where it ends
//!   first); then rush orders, orders that lost their place and orders the baseline left unplanned
//!   are inserted whole at their cheapest plant. An order that fits nowhere or can no longer meet its
//!   hard deadline is unplanned with the reason.
//! - **Improvement**: the plant local search over the unfrozen part, minimising objective plus
//!   stability penalty within the rest of the time budget; its result is kept only when it keeps
//!   history, drops no order the repaired plan planned and costs no more than the repaired plan.
//! - Entities are matched by external name, never by id: ids shift when an order is cancelled.
//!
//! # Example
//! ```
//! use takt::budget::Budget;
//! use takt::model::{InstanceBuilder, Machine, MachineId, ModeId, OpId, Order, Product, Site, Step, StepOption, Window};
//! use takt::replan::{Change, Event, ReplanOptions, Replanner};
//! use takt::solution::{Schedule, ScheduledOp};
//!
//! // Machines M1 (1 min per unit) and M2 (1.5 min per unit); three orders of 60 units.
//! let mut b = InstanceBuilder::new("doc");
//! let site = b.add_site(Site::new("A"));
//! let m1 = b.add_machine(Machine::new("M1", site));
//! let m2 = b.add_machine(Machine::new("M2", site));
//! let options = vec![
//!     StepOption { machine: m1, setup: 0, run_per_unit: 1.0 },
//!     StepOption { machine: m2, setup: 0, run_per_unit: 1.5 },
//! ];
//! let p = b.add_product(Product { name: "P".into(), steps: vec![Step { min_lag: 0, options }], bom: vec![] });
//! for name in ["O1", "O2", "O3"] {
//!     b.add_order(Order::new(name, p, 60));
//! }
//! let instance = b.build()?;
//!
//! // The published plan: O1 then O3 on M1, O2 on M2.
//! let op = |op, machine, start, end| ScheduledOp { op: OpId(op), machine, start, end, mode: ModeId::NOMINAL };
//! let baseline = Schedule {
//!     ops: vec![op(0, m1, 0, 60), op(1, m2, 0, 90), op(2, m1, 60, 120)],
//!     ..Schedule::default()
//! };
//!
//! // At minute 30, M1 breaks down for two hours. O1 is running, so the downtime starts when it ends.
//! let mut replanner = Replanner::new(instance, baseline, ReplanOptions::at(30))?;
//! replanner.apply(Event::machine_down("M1", Window::new(30, 150)))?;
//! let outcome = replanner.replan(&Budget::iterations(200))?;
//!
//! assert!(outcome.is_complete() && outcome.checked);
//! let facts = outcome.replan.as_ref().unwrap();
//! let o3 = facts.diff.ops.iter().find(|c| c.order == "O3").unwrap();
//! // M1 is down from 60 (when O1 ends) to 180. Waiting for it costs a shift of two hours; M2 would
//! // cost a change of machine, dearer by default.
//! assert_eq!(o3.change, Change::Shifted);
//! assert_eq!(o3.new.map(|s| (s.machine, s.start, s.end)), Some((MachineId(0), 180, 240)));
//! assert_eq!(facts.changes.unchanged, 2);
//! // Doing nothing no longer works: O3 would run on M1 while it is down.
//! assert!(!facts.published.feasible);
//! assert!(outcome.notes[0].contains("the downtime starts when it ends"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod apply;
mod checkable;
mod damage;
mod disruption;
mod down;
mod error;
mod events;
mod frozen;
mod history;
mod improve;
mod lane_events;
mod pipeline;
mod published;
mod repair;
mod replanner;
mod scenario;
mod stability;
mod transfers;
mod value_events;

pub use crate::solution::{Change, ChangeCounts, OpChange, OrderChange, OrderStatus, PlanDiff};
pub use checkable::{instance_after_events, with_event_orders};
pub use disruption::Disruption;
pub use error::{EventCode, EventError, ReplanError, event_errors};
pub use events::{Event, Interrupt, RushOrder};
pub use frozen::Horizon;
pub use replanner::{ReplanOptions, Replanner};
pub use scenario::{quiet_event, sample_event};
pub use stability::StabilityWeights;
