//! Property: on random generated plants whose machines have eco and boost modes, every solver's
//! plan passes the checker, and the energy and mode-change costs the KPIs report equal the ones
//! the checker recounts from the plan.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use takt::budget::Budget;
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::generate::{GeneratorConfig, generate};
use takt::validate::{recount_energy, validate};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x30de),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn plans_with_modes_pass_the_checker_and_report_the_energy_the_checker_recounts(
        orders in 1usize..30,
        machines in 2usize..8,
        sites in 1usize..3,
        seed in any::<u64>(),
    ) {
        let instance = generate(&GeneratorConfig {
            orders,
            machines: machines.max(sites),
            sites,
            seed,
            modes: true,
            ..GeneratorConfig::default()
        })
        .expect("generator settings are valid");
        prop_assert!(instance.has_modes());
        let budget = Budget::iterations(300).with_threads(2).with_seed(seed);
        for kind in [SolverKind::Greedy, SolverKind::Search] {
            let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget)
                .unwrap_or_else(|e| panic!("{kind:?} on seed {seed}: {e}"));
            let plan = outcome.schedule.as_ref().expect("a plan");
            let report = validate(&instance, plan);
            prop_assert!(report.is_feasible(), "{:?}: {:?}", kind, report.violations);
            let k = outcome.kpis.as_ref().unwrap();
            let recount = recount_energy(&instance, plan);
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(1.0);
            prop_assert!(close(k.energy_kwh, recount.energy_kwh), "{} vs {}", k.energy_kwh, recount.energy_kwh);
            prop_assert!(close(k.energy_cost, recount.energy_cost), "{} vs {}", k.energy_cost, recount.energy_cost);
            prop_assert!(close(k.mode_change_cost, recount.mode_change_cost));
        }
    }
}

/// Generating with modes draws them from their own stream: the plant is the one generated without.
#[test]
fn modes_leave_the_generated_plant_unchanged() {
    let base = GeneratorConfig {
        orders: 40,
        machines: 6,
        sites: 2,
        seed: 11,
        ..GeneratorConfig::default()
    };
    let plain = generate(&base).unwrap();
    let with_modes = generate(&GeneratorConfig {
        modes: true,
        ..base.clone()
    })
    .unwrap();
    assert_eq!(plain.orders(), with_modes.orders());
    assert_eq!(plain.products(), with_modes.products());
    for (a, b) in plain.machines().iter().zip(with_modes.machines()) {
        assert_eq!(
            (a.name.as_str(), a.power_kw, &a.downtime),
            (b.name.as_str(), b.power_kw, &b.downtime)
        );
        assert!(a.modes.is_empty());
        let names: Vec<&str> = b.modes.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["eco", "boost"]);
    }
    // Every nominal option is still there, followed by the machine's modes.
    for (a, b) in plain.ops().iter().zip(with_modes.ops()) {
        let nominal: Vec<_> = b
            .options
            .iter()
            .filter(|o| o.mode.is_nominal())
            .copied()
            .collect();
        assert_eq!(a.options, nominal);
        assert_eq!(b.options.len(), 3 * a.options.len());
    }
}
