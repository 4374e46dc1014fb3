//! Property testing with takt's rules (feature `proptest`): the generators takt's own tests use, as
//! public [proptest](https://docs.rs/proptest) strategies, and the independent checker as an
//! assertion that prints every violation.
//!
//! Use it to property-test your own scheduler, an MES integration or hand-edited plans against the
//! same rules every takt plan obeys:
//!
//! ```
//! use proptest::prelude::*;
//! use takt::testing::{self, Published};
//!
//! // "My scheduler": keep the published plan but start everything one hour later. It must still be
//! // a plan takt's checker accepts (it may not be: a late start can miss a hard deadline, a
//! // delivery, a maintenance window...).
//! fn my_scheduler(p: &Published) -> takt::solution::Schedule {
//!     let mut plan = p.plan.clone();
//!     for op in &mut plan.ops {
//!         op.start += 60;
//!         op.end += 60;
//!     }
//!     plan.ship_orders(&p.instance);
//!     plan
//! }
//!
//! proptest!(testing::config(8), |(p in testing::published(testing::PlantSize::small()))| {
//!     // The published plan itself always passes.
//!     testing::check_feasible(&p.instance, &p.plan)?;
//!     // Whether a shifted plan passes depends on the plant; the report says why when it does not.
//!     let shifted = my_scheduler(&p);
//!     let report = takt::validate::validate(&p.instance, &shifted);
//!     prop_assert_eq!(report.is_feasible(), testing::check_feasible(&p.instance, &shifted).is_ok());
//! });
//! ```
//!
//! Every strategy is deterministic for its proptest seed; [`config`] fixes the seed unless
//! `PROPTEST_RNG_SEED` is set, so CI runs are reproducible.

mod assert;
mod events;
mod strategies;

pub use assert::{Infeasible, assert_feasible, check_feasible};
pub use events::random_events;
pub use strategies::{PlantSize, Published, Scenario, config, plants, published, scenarios};
