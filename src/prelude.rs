//! What most programs using takt need, in one import: `use takt::prelude::*;`.
//!
//! The model types to build an instance, the [`Budget`] and [`SolveOptions`] a solve takes, the
//! [`Outcome`] it returns, the re-planner with its events, and the checker.

pub use crate::budget::{Budget, CancelToken, Progress};
pub use crate::engine::{SolveError, SolveOptions, SolverKind, solve};
pub use crate::model::{
    Instance, InstanceBuilder, Machine, MachineId, Minutes, OpId, Order, OrderId, Product, Site,
    SiteId, Step, StepOption, Window,
};
pub use crate::outcome::{Outcome, ReplanFacts, Status, Unplanned};
pub use crate::replan::{
    Event, ReplanError, ReplanOptions, Replanner, RushOrder, StabilityWeights,
};
pub use crate::solution::{Kpis, Schedule, ScheduledOp};
pub use crate::validate::{Report, validate};
