//! Plans and what they achieve: [`Schedule`], shipments, unplanned orders, KPIs and lower bounds.

pub mod bounds;
mod kpis;
mod schedule;

pub use kpis::{Kpis, OrderOutcome, evaluate, order_outcomes};
pub use schedule::{Schedule, ScheduledOp, Shipment, UnplannedOrder};
