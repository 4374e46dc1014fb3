//! Fixtures shared by the dispatch tests: tiny builders, a test-only classic job shop reader, and the
//! feasibility assertion through the independent checker.
#![allow(dead_code)]

use takt::model::{
    Instance, InstanceBuilder, Machine, MachineId, ObjectiveWeights, Order, Product, ProductId,
    Site, SiteId, Step, StepOption,
};
use takt::solution::Schedule;
use takt::validate::validate;

/// A builder with one uncapped site "A".
pub fn single_site() -> (InstanceBuilder, SiteId) {
    let mut b = InstanceBuilder::new("tiny");
    let site = b.add_site(Site::new("A"));
    (b, site)
}

/// A product with one step on `machine` taking `minutes` (as setup, whatever the quantity).
pub fn one_step_product(
    b: &mut InstanceBuilder,
    name: &str,
    machine: MachineId,
    minutes: i64,
) -> ProductId {
    b.add_product(Product::on_one_machine(name, machine, minutes))
}

/// A classic job shop file (`#` comments, `n m`, n lines of m `machine time` pairs, 0-based machines)
/// as an instance: one site, one product and one order per job, makespan objective.
pub fn parse_jsp(name: &str, text: &str) -> Instance {
    let numbers: Vec<i64> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| l.split_whitespace())
        .map(|t| t.parse().expect("integer in job shop file"))
        .collect();
    let (jobs, machines) = (numbers[0] as usize, numbers[1] as usize);
    let mut b = InstanceBuilder::new(name);
    b.weights = ObjectiveWeights::MAKESPAN;
    let site = b.add_site(Site::new("shop"));
    let ids: Vec<MachineId> = (0..machines)
        .map(|k| b.add_machine(Machine::new(format!("M{k}"), site)))
        .collect();
    let mut rest = numbers[2..].chunks(2);
    for j in 0..jobs {
        let steps = (0..machines)
            .map(|_| {
                let pair = rest.next().expect("machine/time pair");
                Step {
                    min_lag: 0,
                    options: vec![StepOption {
                        machine: ids[pair[0] as usize],
                        setup: pair[1],
                        run_per_unit: 0.0,
                    }],
                }
            })
            .collect();
        let p = b.add_product(Product {
            name: format!("J{j}"),
            steps,
            bom: vec![],
        });
        b.add_order(Order::new(format!("J{j}"), p, 1));
    }
    b.build().expect("valid job shop")
}

/// A job shop benchmark from `instances/benchmarks/jsp`.
pub fn jsp_instance(name: &str) -> Instance {
    let path = format!(
        "{}/instances/benchmarks/jsp/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_jsp(name, &text)
}

/// Asserts that the independent checker finds `plan` feasible.
pub fn assert_feasible(inst: &Instance, plan: &Schedule, label: &str) {
    let report = validate(inst, plan);
    assert!(
        report.is_feasible(),
        "{label}: the checker rejects the plan:\n{report}"
    );
}
