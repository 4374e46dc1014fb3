//! # takt: production scheduling and supply-chain optimisation
//!
//! takt turns an **order, machine and logistics model** into a plan, and re-plans it when the world
//! changes. It models
//! - **sites** (plants, warehouses, ports, customers) with an optional peak power cap (kW);
//! - **machines** at a site: one operation at a time, a power draw (kW) while busy, downtime windows;
//! - **products and routings**: ordered steps, each with eligible machines (flexible job shop), a
//!   setup (minutes) and a run time per unit (minutes) on each, minimum lags between steps;
//! - **materials**: a bill of materials consumed when an order's first step starts, initial stock
//!   and inbound deliveries with an ETA per site;
//! - **orders**: product, quantity, customer, release, due date, tardiness weight (money per minute
//!   late), optional hard deadline and fixed plant;
//! - **transport lanes** between sites (transit minutes, cost per unit, capacity per shipment);
//! - **energy**: time-of-use prices per site (money per kWh);
//! - an **objective**: a weighted sum of weighted tardiness, energy cost, transport cost and
//!   makespan. Hard constraints are never traded against cost.
//!
//! Time is integer minutes from the plan start; money is `f64`.
//!
//! ## Three ways to use takt
//! 1. **The command line** over a folder of CSV files: `takt solve plant/`, `takt replan ...`,
//!    `takt check ...` (see the README).
//! 2. **As a library**, e.g. the re-planner inside an MES or a digital twin: load an instance
//!    ([`io`]), [`solve`] it within a [`Budget`], keep a [`Replanner`](replan::Replanner), feed it
//!    events, and get an [`Outcome`] back each time: status, checked plan, KPIs, bound, unplanned
//!    orders with reasons, notes and, for a re-plan, the diff and what it bought (`examples/integrator.rs`
//!    does all of it from CSV text held in memory). [`io::publish`]
//!    writes the files the command line writes.
//! 3. **In property tests**: every plan passes one independent checker ([`validate`]); with the
//!    `proptest` feature, `takt::testing` exposes takt's own generators of random plants, published
//!    plans and event sequences, and an assertion that prints the checker's findings.
//!
//! ## Solve, then re-plan
//! ```
//! use takt::prelude::*;
//!
//! // One plant, two machines (M2 is slower), three orders of 60 units.
//! let mut b = InstanceBuilder::new("tour");
//! let site = b.add_site(Site::new("PLANT"));
//! let m1 = b.add_machine(Machine::new("M1", site));
//! let m2 = b.add_machine(Machine::new("M2", site));
//! let options = vec![
//!     StepOption { machine: m1, setup: 0, run_per_unit: 1.0 },
//!     StepOption { machine: m2, setup: 0, run_per_unit: 1.5 },
//! ];
//! let p = b.add_product(Product { name: "P".into(), steps: vec![Step { min_lag: 0, options }], bom: vec![] });
//! for name in ["O1", "O2", "O3"] {
//!     let mut order = Order::new(name, p, 60);
//!     order.due = Some(120);
//!     b.add_order(order);
//! }
//! let instance = b.build()?;
//!
//! // Solve with a reproducible budget: 500 search iterations on 2 threads.
//! let budget = Budget::iterations(500).with_threads(2);
//! let solved = takt::solve(&instance, &SolveOptions::default(), &budget)?;
//! assert!(solved.is_complete() && solved.checked);
//!
//! // At minute 30 M1 breaks down for two hours: re-plan, moving as little as possible.
//! let published = solved.schedule.clone().unwrap();
//! let mut replanner = Replanner::new(instance, published, ReplanOptions::at(30))?;
//! replanner.apply(Event::machine_down("M1", Window::new(30, 150)))?;
//! let replanned = replanner.replan(&budget)?;
//! assert!(replanned.checked);
//! let facts = replanned.replan.as_ref().unwrap();
//! println!("{} operations moved; objective {:?}", facts.changes.moved(), replanned.objective());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Cargo features
//! - `highs` (default): the MILP engine (`takt::milp`), HiGHS compiled from source through `good_lp`.
//!   Without it, greedy, search and re-planning still build in pure Rust and `--solver milp` is
//!   refused with a message.
//! - `cli` (default): the `takt` binary (clap, anyhow, indicatif).
//! - `proptest`: `takt::testing`, proptest strategies and checker assertions for your own tests.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(clippy::missing_errors_doc)]

pub mod budget;
pub mod dispatch;
pub mod engine;
pub mod generate;
pub mod io;
#[cfg(feature = "highs")]
pub mod milp;
pub mod model;
pub mod outcome;
pub mod prelude;
pub mod replan;
pub mod report;
pub mod search;
pub mod solution;
#[cfg(feature = "proptest")]
pub mod testing;
pub mod timetable;
pub mod validate;
pub mod whatif;

pub use budget::{Budget, CancelToken};
pub use engine::{SolveError, SolveOptions, SolverKind, solve};
pub use outcome::{Outcome, Status};

/// The README's Rust examples run as doctests, so the README cannot drift from the code.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
