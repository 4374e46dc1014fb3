//! `--solver auto`: the MILP proves small instances optimal, the local search takes larger ones,
//! and every plan passes the checker.

#![cfg(feature = "highs")]

use std::path::Path;
use std::time::Duration;
use takt::budget::Budget;
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::io::load_instance;
use takt::outcome::Status;

fn budget() -> Budget {
    Budget::time(Duration::from_secs(5)).with_iterations(Some(500))
}

fn solver(kind: SolverKind) -> SolveOptions {
    SolveOptions::with_solver(kind)
}

#[test]
fn auto_proves_the_hand_worked_fixtures_optimal_with_the_milp() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/fixtures");
    for (name, optimum) in [
        ("single_machine_tardiness", 80.0),
        ("energy_shift", 6.0),
        ("two_plants", 21.0),
        ("late_delivery", 40.0),
        ("power_cap", 74.0),
    ] {
        let instance = load_instance(&root.join(name), None).unwrap();
        let outcome = solve(&instance, &solver(SolverKind::Auto), &budget()).unwrap();
        assert_eq!(
            outcome.status,
            Status::Optimal,
            "{name}: {:?}",
            outcome.notes
        );
        assert_eq!(outcome.solver, "milp", "{name}");
        assert!(
            (outcome.objective().unwrap() - optimum).abs() < 1e-6,
            "{name}"
        );
        assert!(
            (outcome.lower_bound.unwrap() - optimum).abs() < 1e-6,
            "{name}"
        );
        assert!(outcome.report.unwrap().is_complete());
    }
}

#[test]
fn auto_leaves_the_demo_plant_to_the_local_search_and_says_why() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/demo");
    let instance = load_instance(&demo, None).unwrap();
    let greedy = solve(&instance, &solver(SolverKind::Greedy), &budget()).unwrap();
    let outcome = solve(&instance, &solver(SolverKind::Auto), &budget()).unwrap();
    assert_eq!(outcome.solver, "search");
    assert!(
        outcome.notes.iter().any(|n| n.contains("local search")),
        "{:?}",
        outcome.notes
    );
    assert!(outcome.objective().unwrap() <= greedy.objective().unwrap());
    assert!(outcome.report.unwrap().is_complete());
}
