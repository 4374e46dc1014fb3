//! Property: for random plants from `takt generate`, every solver's plan passes the independent
//! checker, every order left out carries a reason, and the local search never leaves out more
//! orders than the dispatching plan it starts from.
//!
//! Generated plants always have a complete plan (each order is provisioned with material at one
//! plant), but finding it is a packing problem when material is tight at several plants; how often
//! the search finds it is measured by the ignored discovery test below.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use std::time::Duration;
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::generate::{GeneratorConfig, generate};
use takt::validate::validate;

/// A fixed seed keeps CI deterministic; `PROPTEST_RNG_SEED` (or a longer `PROPTEST_CASES` run)
/// explores other instances locally.
fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(
            std::env::var("PROPTEST_RNG_SEED")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0x7a6b7),
        ),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn every_plan_for_a_generated_plant_passes_the_checker(
        orders in 1usize..40,
        machines in 2usize..10,
        sites in 1usize..3,
        seed in any::<u64>(),
    ) {
        let config = GeneratorConfig { orders, machines: machines.max(sites), sites, seed, ..GeneratorConfig::default() };
        let instance = generate(&config).expect("generator settings are valid");
        let options = SolveOptions {
            time_limit: Duration::from_secs(60),
            max_iterations: Some(2_000),
            threads: 2,
            seed,
            ..SolveOptions::default()
        };
        let mut unplanned = Vec::new();
        for kind in [SolverKind::Greedy, SolverKind::Search] {
            let outcome = solve(&instance, kind, &options)
                .unwrap_or_else(|e| panic!("{kind:?} on seed {seed}: {e}"));
            let report = validate(&instance, &outcome.schedule);
            prop_assert!(report.is_feasible(), "{:?}: {:?}", kind, report.violations);
            for u in &outcome.schedule.unplanned {
                prop_assert!(u.reason.contains(&instance.order(u.order).name), "{}", u.reason);
            }
            unplanned.push(outcome.schedule.unplanned.len());
        }
        prop_assert!(unplanned[1] <= unplanned[0], "search {} > greedy {}", unplanned[1], unplanned[0]);
    }
}

/// Discovery: how often the search plans every order of a generated plant within 2,000 rounds.
/// `cargo test --release --test proptest_generated -- --ignored --nocapture`
#[test]
#[ignore]
fn discovery_share_of_generated_plants_planned_completely() {
    let (mut complete, mut greedy_complete, total) = (0, 0, 200u64);
    for seed in 0..total {
        let config = GeneratorConfig {
            orders: 10 + (seed as usize * 7) % 30,
            machines: 2 + (seed as usize) % 8,
            sites: 1 + (seed as usize) % 2,
            seed,
            ..GeneratorConfig::default()
        };
        let instance = generate(&config).expect("valid settings");
        let options = SolveOptions {
            time_limit: Duration::from_secs(60),
            max_iterations: Some(2_000),
            ..SolveOptions::default()
        };
        let greedy = solve(&instance, SolverKind::Greedy, &options).expect("checked plan");
        let search = solve(&instance, SolverKind::Search, &options).expect("checked plan");
        greedy_complete += usize::from(greedy.schedule.unplanned.is_empty());
        complete += usize::from(search.schedule.unplanned.is_empty());
    }
    println!("complete plans: greedy {greedy_complete}/{total}, search {complete}/{total}");
    assert!(complete >= greedy_complete);
}
