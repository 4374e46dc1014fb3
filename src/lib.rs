//! takt: production scheduling and supply-chain optimisation.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod dispatch;
pub mod engine;
pub mod generate;
pub mod io;
pub mod milp;
pub mod model;
pub mod replan;
pub mod report;
pub mod search;
pub mod solution;
pub mod timetable;
pub mod validate;

/// The README's Rust examples run as doctests, so the README cannot drift from the code.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
