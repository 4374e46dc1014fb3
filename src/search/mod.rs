//! Local search: improves a feasible plan within a [`crate::budget::Budget`], in parallel.
//!
//! - [`shop`]: tabu search over machine sequences for makespan-only shop instances (job shop,
//!   flexible job shop);
//! - [`plant`]: ruin and recreate with late acceptance for every other instance (materials, downtime,
//!   power caps, deadlines, plants, tardiness, energy, transport, stability against a baseline).

pub(crate) mod parallel;
pub mod plant;
pub mod shop;
