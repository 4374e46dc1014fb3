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
use takt::budget::Budget;
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
        let budget = Budget::time(Duration::from_secs(60))
            .with_iterations(Some(2_000))
            .with_threads(2)
            .with_seed(seed);
        let mut unplanned = Vec::new();
        for kind in [SolverKind::Greedy, SolverKind::Search] {
            let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget)
                .unwrap_or_else(|e| panic!("{kind:?} on seed {seed}: {e}"));
            let schedule = outcome.schedule.as_ref().expect("a plan");
            let report = validate(&instance, schedule);
            prop_assert!(report.is_feasible(), "{:?}: {:?}", kind, report.violations);
            prop_assert!(!outcome.notes.iter().any(|n| n.starts_with("fallback")), "{:?}", outcome.notes);
            for u in &schedule.unplanned {
                prop_assert!(u.reason.contains(&instance.order(u.order).name), "{}", u.reason);
            }
            unplanned.push(schedule.unplanned.len());
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
        let budget = Budget::time(Duration::from_secs(60)).with_iterations(Some(2_000));
        let run = |kind| {
            solve(&instance, &SolveOptions::with_solver(kind), &budget).expect("checked plan")
        };
        greedy_complete += usize::from(run(SolverKind::Greedy).is_complete());
        complete += usize::from(run(SolverKind::Search).is_complete());
    }
    println!("complete plans: greedy {greedy_complete}/{total}, search {complete}/{total}");
    assert!(complete >= greedy_complete);
}

proptest! {
    #![proptest_config(config(16))]

    /// The same plants with transfers planned, warehouses and lane windows: every plan passes the
    /// checker, which counts each transfer out of its origin and into its destination (no unit of
    /// material is created or lost) and re-derives every arrival from the lanes and their windows,
    /// and dispatching with transfers never leaves more orders out than without them.
    #[test]
    fn plans_with_planned_transfers_pass_the_checker(
        orders in 1usize..40,
        machines in 3usize..10,
        sites in 2usize..4,
        ports in 0usize..2,
        warehouses in 0usize..2,
        closures in 0usize..3,
        seed in any::<u64>(),
    ) {
        let config = GeneratorConfig { orders, machines: machines.max(sites), sites, seed, warehouses, ..GeneratorConfig::default() };
        // Some lanes closed or slower for a time: shipments and transfers wait or detour.
        let plain = with_lane_windows(generate(&config).expect("generator settings are valid"), closures, seed);
        // With a port, half of the deliveries land there and only transfers bring them on.
        let instance = if ports > 0 {
            let ported = generate(&GeneratorConfig { ports, ..config.clone() }).expect("ports are valid");
            with_lane_windows(ported, closures, seed)
        } else {
            let mut b = plain.to_builder();
            b.plan_transfers = true;
            b.build().expect("planning transfers keeps the plant valid")
        };
        prop_assert!(instance.plans_transfers());
        let budget = Budget::iterations(1_000).with_threads(2).with_seed(seed);
        let mut unplanned = Vec::new();
        for kind in [SolverKind::Greedy, SolverKind::Search] {
            let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget)
                .unwrap_or_else(|e| panic!("{kind:?} on seed {seed}: {e}"));
            prop_assert!(!outcome.notes.iter().any(|n| n.starts_with("fallback")), "{:?}", outcome.notes);
            let schedule = outcome.schedule.as_ref().expect("a plan");
            let report = validate(&instance, schedule);
            prop_assert!(report.is_feasible(), "{:?}: {:?}", kind, report.violations);
            for t in &schedule.transfers {
                prop_assert!(t.depart >= 0 && t.from != t.to, "{t:?}");
            }
            assert_material_conserved(&instance, schedule);
            unplanned.push(schedule.unplanned.len());
        }
        // Dispatching also plans without transfers and keeps the better plan (a port's material
        // needs them), and the search never leaves out more orders than the plan it starts from.
        if ports == 0 {
            let greedy = takt::dispatch::dispatch(&plain, &Default::default()).unplanned.len();
            prop_assert!(unplanned[0] <= greedy, "greedy: {} with transfers, {greedy} without", unplanned[0]);
        }
        prop_assert!(unplanned[1] <= unplanned[0], "search {} > greedy {}", unplanned[1], unplanned[0]);
    }
}

/// No unit of material is created or lost, counted here apart from the checker (which checks the
/// balance over time): per material, what every site ends with (stock, deliveries, adjustments,
/// transfers in less transfers out, less what the orders made there consume) is never below zero,
/// and all sites together end with what arrived in the network less what was consumed (each
/// transfer is counted once out of its origin and once into its destination).
fn assert_material_conserved(instance: &takt::model::Instance, plan: &takt::solution::Schedule) {
    use std::collections::BTreeMap;
    let mut at: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut add = |site: takt::model::SiteId, material: takt::model::MaterialId, q: f64| {
        *at.entry((site.index(), material.index())).or_default() += q;
    };
    let mut entered = vec![0.0; instance.materials().len()];
    for s in instance.stock() {
        add(s.site, s.material, s.quantity);
        entered[s.material.index()] += s.quantity;
    }
    for d in instance.deliveries() {
        add(d.site, d.material, d.quantity);
        entered[d.material.index()] += d.quantity;
    }
    for a in instance.adjustments() {
        add(a.site, a.material, a.quantity);
        entered[a.material.index()] += a.quantity;
    }
    for t in instance.transfers() {
        add(t.from, t.material, -t.quantity);
        add(t.to, t.material, t.quantity);
    }
    for t in &plan.transfers {
        add(t.from, t.material, -t.quantity);
        add(t.to, t.material, t.quantity);
    }
    let mut consumed = vec![0.0; instance.materials().len()];
    let by_op = plan.by_op(instance);
    for order in instance.order_ids() {
        let Some(first) = by_op[instance.order_plan(order).first_op().index()] else {
            continue;
        };
        let site = instance.machine(first.machine).site;
        for (material, q) in instance.order_demand(order) {
            add(site, material, -q);
            consumed[material.index()] += q;
        }
    }
    for (&(site, material), &left) in &at {
        assert!(
            left > -1e-6,
            "site {site} ends with {left} of material {material}"
        );
    }
    for m in 0..instance.materials().len() {
        let left: f64 = at
            .iter()
            .filter(|((_, x), _)| *x == m)
            .map(|(_, q)| q)
            .sum();
        let expected = entered[m] - consumed[m];
        assert!(
            (left - expected).abs() < 1e-6 * (1.0 + expected.abs()),
            "material {m}: the sites end with {left}, but {expected} arrived less consumed"
        );
    }
}

/// `instance` with `count` lane windows on lanes drawn from `seed`: closed, or slower by up to
/// four hours, somewhere in the first two weeks.
fn with_lane_windows(
    instance: takt::model::Instance,
    count: usize,
    seed: u64,
) -> takt::model::Instance {
    use takt::model::{LaneEffect, LaneId, LaneWindow, Window};
    if count == 0 || instance.lanes().is_empty() {
        return instance;
    }
    let mut b = instance.to_builder();
    let mut x = seed | 1;
    let mut next = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n.max(1)
    };
    for _ in 0..count {
        let lane = LaneId::from_index(next(b.lanes.len() as u64) as usize);
        let start = next(14 * 24 * 60) as i64;
        let window = Window::new(start, start + 60 + next(24 * 60) as i64);
        let effect = if next(2) == 0 {
            LaneEffect::Closed
        } else {
            LaneEffect::Slower {
                extra: 1 + next(240) as i64,
            }
        };
        b.lane_windows.push(LaneWindow {
            lane,
            window,
            effect,
        });
    }
    b.build().expect("lane windows keep the plant valid")
}
