//! What-if: simulate before changing. A published plan (or two candidates) is evaluated on many
//! scenarios of what might happen (late deliveries, breakdowns, price spikes, rush orders, ...), each
//! in two ways:
//! - **keep the plan**: the shop floor runs the published plan under the scenario, starting each
//!   operation when it can in plan order ([`ShopFloor`]);
//! - **re-plan**: the [`Replanner`](crate::replan::Replanner) reacts at `now` with a reproducible
//!   iteration budget.
//!
//! Scenarios come as a [`ScenarioSet`]: given explicitly, as a [`Grid`] of axis values, or
//! sampled from [`Risk`] distributions by a seeded [`Sampler`]. [`WhatIf::run`] evaluates them in
//! parallel and returns [`WhatIfResults`]: one [`ScenarioRecord`] per plan and scenario, built from
//! the crate's [`Kpis`](crate::solution::Kpis), from which [`WhatIfResults::summary`] computes the
//! expected and 95th-percentile figures, each order's probability of being late with its expected
//! and 95th-percentile lateness, and, for two plans, which is more robust. The same scenario set,
//! seed and iteration budget give identical results on any thread count, and a run split into
//! [`Shard`]s and [`merge`]d gives exactly the result of the whole run.
//!
//! ```
//! use takt::prelude::*;
//! use takt::whatif::{Distribution, Risk, Sampler, ScenarioSet, Target, WhatIf, WhatIfOptions};
//!
//! // Two machines; three orders of 60 units due at minute 150.
//! let mut b = InstanceBuilder::new("doc");
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
//!     order.due = Some(150);
//!     b.add_order(order);
//! }
//! let instance = b.build()?;
//! let published = takt::dispatch::dispatch(&instance, &Default::default());
//!
//! // M1 fails every 2 hours on average and takes about an hour to repair.
//! let risks = vec![Risk::MachineFailure {
//!     target: Target::Named("M1".into()),
//!     mtbf: 120.0,
//!     repair: Distribution::Triangular { min: 30.0, mode: 60.0, max: 90.0 },
//! }];
//! let whatif = WhatIf::new(instance.clone(), vec![("published".into(), published)], WhatIfOptions::at(0))?;
//! let sampler = Sampler::new(&instance, risks, 0, whatif.horizon_end(), 7, 50)?;
//! let scenarios = ScenarioSet::Sampled(sampler);
//!
//! // 50 scenarios, each kept and re-planned with 100 search iterations, on 2 threads.
//! let results = whatif.run(&scenarios, &Budget::iterations(100).with_threads(2))?;
//! let summary = results.summary();
//! let keep = summary.plans[0].keep.as_ref().unwrap();
//! let replan = summary.plans[0].replan.as_ref().unwrap();
//! assert_eq!((keep.scenarios, replan.scenarios), (50, 50));
//! println!("expected objective: kept {:.1}, re-planned {:.1}", keep.objective.mean, replan.objective.mean);
//! let o1 = summary.orders.iter().find(|o| o.order == "O1").unwrap();
//! println!("O1 late with probability {:.2} if nobody re-plans", o1.keep.unwrap().p_late);
//!
//! // The same run on one thread gives the same records.
//! let again = whatif.run(&scenarios, &Budget::iterations(100).with_threads(1))?;
//! assert_eq!(again.records, results.records);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod axis;
mod compare;
mod distribution;
mod error;
mod evaluate;
mod grid;
mod html;
mod order_risk;
mod output;
mod record;
mod results;
mod risks;
mod runner;
mod sample;
mod scenario;
mod shard;
mod simulate;
mod spike;
mod stats;

pub use compare::{Comparison, Standing};
pub use distribution::{Distribution, DistributionError};
pub use error::WhatIfError;
pub use grid::{Axis, Grid, GridError, MAX_GRID_SCENARIOS};
pub use order_risk::OrderStats;
pub use output::{
    ORDER_HEADER, RESULT_FILES, SCENARIO_HEADER, SHARD_FILE, read_shard, write_orders_csv,
    write_results, write_scenarios_csv, write_scenarios_json, write_shard,
};
pub use record::{
    Evaluation, Mode, OrderDelta, OrderFate, OrderInfo, PlanInfo, RunInfo, ScenarioRecord,
};
pub use results::{OrderRisk, PlanSummary, Summary, WhatIfResults};
pub use risks::{DeliveryTarget, Risk, RiskIssue, Target};
pub use runner::{DEFAULT_REPLAN_ITERATIONS, WhatIf, WhatIfOptions};
pub use sample::{RiskError, Sampler};
pub use scenario::{Scenario, ScenarioSet};
pub use shard::{Shard, merge};
pub use simulate::{KeptPlan, ShopFloor};
pub use stats::{ModeSummary, P95, Spread, nearest_rank};
