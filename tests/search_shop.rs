//! The makespan tabu search on the classic benchmarks: reaches known optima, is reproducible under
//! an iteration budget, and every plan passes the independent checker.

use std::path::{Path, PathBuf};
use std::time::Duration;
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::io::load_instance;
use takt::model::Instance;
use takt::search::shop;
use takt::solution::Schedule;
use takt::validate::validate;

fn benchmark(relative: &str) -> Instance {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("instances/benchmarks")
        .join(relative);
    load_instance(&path, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn search(instance: &Instance, iterations: u64, threads: usize, seed: u64) -> (Schedule, Schedule) {
    let initial = dispatch(instance, &DispatchOptions::default());
    let options = Budget::time(Duration::from_secs(3600))
        .with_iterations(Some(iterations))
        .with_threads(threads)
        .with_seed(seed);
    let improved = shop::improve(instance, &initial, &options);
    let report = validate(instance, &improved);
    assert!(report.is_complete(), "{report:?}");
    (initial, improved)
}

#[test]
fn tabu_search_reaches_the_ft06_optimum() {
    let instance = benchmark("jsp/ft06");
    assert!(shop::applies_to(&instance));
    let (_, plan) = search(&instance, 20_000, 2, 7);
    assert_eq!(plan.makespan(), 55);
}

#[test]
fn tabu_search_reaches_the_mk01_optimum_with_machine_choice() {
    let instance = benchmark("fjsp/mk01.fjs");
    let (initial, plan) = search(&instance, 30_000, 2, 3);
    assert!(
        initial.makespan() > 40,
        "the dispatching plan should leave room"
    );
    assert_eq!(plan.makespan(), 40);
}

#[test]
fn same_seed_and_iterations_give_the_same_plan_on_any_thread_count() {
    let instance = benchmark("jsp/la16");
    let (initial, a) = search(&instance, 3_000, 2, 11);
    assert!(a.makespan() < initial.makespan());
    for threads in [2, 1, 3] {
        let (_, b) = search(&instance, 3_000, threads, 11);
        assert_eq!(a, b, "{threads} threads");
    }
}

#[test]
fn search_never_returns_a_worse_plan_than_it_started_from() {
    for name in ["jsp/la01", "jsp/orb01", "fjsp/mk04.fjs"] {
        let instance = benchmark(name);
        let (initial, plan) = search(&instance, 200, 1, 5);
        assert!(plan.makespan() <= initial.makespan(), "{name}");
    }
}
