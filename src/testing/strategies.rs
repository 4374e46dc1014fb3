//! Proptest strategies: random plants with every feature (alternative machines, time-of-use prices,
//! power caps, materials and deliveries, lanes and customers, hard deadlines, maintenance), their
//! published plans, and event sequences valid for them.

use super::events::random_events;
use crate::dispatch::{DispatchOptions, dispatch};
use crate::generate::{GeneratorConfig, generate};
use crate::model::{Instance, Minutes};
use crate::replan::Event;
use crate::solution::Schedule;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::ops::RangeInclusive;

/// The seed [`config`] uses when `PROPTEST_RNG_SEED` is not set.
pub const DEFAULT_SEED: u64 = 0x7a6b7;

/// A proptest configuration of `cases` cases with a fixed RNG seed (so that CI runs are
/// reproducible) unless `PROPTEST_RNG_SEED` chooses another; failures are not written to files.
pub fn config(cases: u32) -> Config {
    let mut config = Config::with_cases(cases);
    if matches!(config.rng_seed, RngSeed::Random) {
        config.rng_seed = RngSeed::Fixed(DEFAULT_SEED);
    }
    config.failure_persistence = None;
    config
}

/// The ranges random plants are drawn from.
#[derive(Clone, Debug, PartialEq)]
pub struct PlantSize {
    /// Orders.
    pub orders: RangeInclusive<usize>,
    /// Machines over all plants.
    pub machines: RangeInclusive<usize>,
    /// Plant sites.
    pub sites: RangeInclusive<usize>,
    /// Customer sites (0: orders are collected at their plant).
    pub customers: RangeInclusive<usize>,
    /// Products.
    pub products: RangeInclusive<usize>,
    /// Materials (0: no bills of materials).
    pub materials: RangeInclusive<usize>,
    /// Most routing steps of a product.
    pub max_steps: RangeInclusive<usize>,
}

impl PlantSize {
    /// 3-24 orders on 3-8 machines at 1-3 plants, up to 3 customers, 1-5 products of 1-5 steps,
    /// up to 3 materials: quick enough for hundreds of cases.
    pub fn small() -> Self {
        Self {
            orders: 3..=24,
            machines: 3..=8,
            sites: 1..=3,
            customers: 0..=3,
            products: 1..=5,
            materials: 0..=3,
            max_steps: 1..=5,
        }
    }
}

/// Random plants of `size`, made by [`crate::generate::generate`] (always valid instances).
pub fn plants(size: PlantSize) -> impl Strategy<Value = Instance> {
    (
        size.orders,
        size.machines,
        size.sites,
        size.customers,
        size.products,
        size.materials,
        size.max_steps,
        any::<u64>(),
    )
        .prop_map(
            |(orders, machines, sites, customers, products, materials, max_steps, seed)| {
                // Settings this strategy does not draw keep their defaults.
                #[allow(clippy::needless_update)]
                let config = GeneratorConfig {
                    orders,
                    machines: machines.max(sites),
                    sites,
                    customers,
                    products,
                    materials,
                    min_steps: 1,
                    max_steps,
                    due_slack: 1.0,
                    seed,
                    ..GeneratorConfig::default()
                };
                generate(&config).unwrap_or_else(|e| panic!("generator settings {config:?}: {e}"))
            },
        )
}

/// A plant with the plan published for it (the dispatching plan: checked, possibly leaving orders
/// out with reasons) and a `now` inside that plan.
#[derive(Clone, Debug)]
pub struct Published {
    /// The plant.
    pub instance: Instance,
    /// Its published plan.
    pub plan: Schedule,
    /// The current minute, between just before the plan's start and its makespan.
    pub now: Minutes,
}

/// Random plants of `size` with their published plans.
pub fn published(size: PlantSize) -> impl Strategy<Value = Published> {
    (plants(size), any::<u64>()).prop_map(|(instance, seed)| {
        let plan = dispatch(&instance, &DispatchOptions::default());
        let span = plan.makespan().max(1);
        let now = -10 + (seed % (span as u64 + 11)) as Minutes;
        Published {
            instance,
            plan,
            now,
        }
    })
}

/// A published plan and a sequence of events valid for it at `now`.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The plant, its published plan and `now`.
    pub published: Published,
    /// One to four events ([`random_events`]).
    pub events: Vec<Event>,
}

/// Random re-planning scenarios on plants of `size`.
pub fn scenarios(size: PlantSize) -> impl Strategy<Value = Scenario> {
    (published(size), any::<u64>()).prop_map(|(published, seed)| {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let events = random_events(
            &mut rng,
            &published.instance,
            &published.plan,
            published.now,
        );
        Scenario { published, events }
    })
}
