//! Plans and what they achieve: [`Schedule`], shipments, unplanned orders, KPIs, lower bounds, and
//! what changed between two plans ([`PlanDiff`]).

pub mod bounds;
mod contribution;
mod decision;
mod deferral;
mod demand;
mod diff;
mod kpis;
mod mode_changes;
mod order_cost;
mod priority_kpis;
mod schedule;
mod stability;
mod transfer;

pub use contribution::{ValueKpis, choice_cost, choice_lower_bound, value_kpis};
pub use decision::Decision;
pub use deferral::{DeferralCharge, deferral_charge};
pub use demand::{DemandPeak, demand_charge, demand_peaks, op_power_kw};
pub use diff::{Change, ChangeCounts, OpChange, OrderChange, OrderStatus, PlanDiff};
pub use kpis::{Kpis, OrderOutcome, evaluate, objective, order_outcomes};
pub use mode_changes::mode_change_cost;
pub use order_cost::{OrderCost, order_cost};
pub use priority_kpis::{PriorityKpis, priority_kpis};
pub use schedule::{Schedule, ScheduledOp, Shipment, UnplannedOrder};
pub use stability::{DEFAULT_PUBLISHED_FACTOR, StabilityWeights, delay_unit};
pub use transfer::PlannedTransfer;
pub(crate) use transfer::planned_shipments;
