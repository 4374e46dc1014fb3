//! Discovery test: the dispatching solver on all classic job shop benchmarks, printing the gap to
//! the optimum per instance and on average. Run with
//! `cargo test --release --test dispatch_benchmarks -- --ignored --nocapture`.

mod dispatch_support;

use dispatch_support::{assert_feasible, jsp_instance};
use takt::dispatch::{DispatchOptions, dispatch_best};

#[test]
#[ignore = "discovery: prints gaps on the 30 job shop benchmarks"]
fn job_shop_gaps_to_the_optimum() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/instances/benchmarks/jsp/bks.csv"
    );
    let table = std::fs::read_to_string(path).expect("bks.csv");
    let mut gaps = Vec::new();
    for line in table.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (name, optimum): (&str, i64) = (fields[0], fields[3].parse().expect("optimum"));
        let inst = jsp_instance(name);
        let best = dispatch_best(&inst, &DispatchOptions::default());
        assert_feasible(&inst, &best.schedule, name);
        let makespan = best.schedule.makespan();
        assert!(
            makespan >= optimum,
            "{name}: {makespan} below the optimum {optimum}"
        );
        let gap = 100.0 * (makespan - optimum) as f64 / optimum as f64;
        println!(
            "{name:6} optimum {optimum:5} makespan {makespan:5} gap {gap:5.1}% ({})",
            best.rule
        );
        gaps.push(gap);
    }
    println!(
        "mean gap {:.1}%",
        gaps.iter().sum::<f64>() / gaps.len() as f64
    );
}
