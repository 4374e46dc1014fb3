//! Plans and what they achieve: [`Schedule`], shipments, unplanned orders, KPIs, lower bounds, and
//! what changed between two plans ([`PlanDiff`]).

pub mod bounds;
mod diff;
mod kpis;
mod schedule;

pub use diff::{Change, ChangeCounts, OpChange, OrderChange, OrderStatus, PlanDiff};
pub use kpis::{Kpis, OrderOutcome, evaluate, order_outcomes};
pub use schedule::{Schedule, ScheduledOp, Shipment, UnplannedOrder};
