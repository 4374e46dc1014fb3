//! The plant local search: starting from deliberately poor plans of the hand-worked fixtures it
//! finds their optima (re-sequencing, waiting for cheap energy, switching plants); frozen operations
//! never move; the stability penalty keeps plans close to a baseline; runs are reproducible.

use std::path::Path;
use std::time::Duration;
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::generate::{GeneratorConfig, generate};
use takt::io::load_instance;
use takt::model::{Instance, MachineId, Minutes, OpId};
use takt::search::plant::{Scope, Stability, cost, improve};
use takt::solution::{Schedule, ScheduledOp, StabilityWeights, evaluate};
use takt::validate::validate;

fn fixture(name: &str) -> Instance {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("instances/fixtures")
        .join(name);
    load_instance(&path, None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn options(iterations: u64) -> Budget {
    Budget::time(Duration::from_secs(600))
        .with_iterations(Some(iterations))
        .with_threads(2)
        .with_seed(3)
}

/// A plan placing each order's single operation on the named machine at the given start.
fn plan(instance: &Instance, placements: &[(&str, &str, Minutes)]) -> Schedule {
    let mut schedule = Schedule::default();
    for &(order, machine, start) in placements {
        let o = instance
            .order_ids()
            .find(|&o| instance.order(o).name == order)
            .unwrap();
        let op: OpId = instance.order_plan(o).first_op();
        let m = (0..instance.machines().len())
            .map(MachineId::from_index)
            .find(|&m| instance.machine(m).name == machine)
            .unwrap();
        let d = instance.op(op).duration_on(m).unwrap();
        schedule.ops.push(ScheduledOp {
            op,
            machine: m,
            start,
            end: start + d,
            mode: takt::model::ModeId::NOMINAL,
        });
    }
    schedule.ship_orders(instance);
    assert!(
        validate(instance, &schedule).is_complete(),
        "hand-made start plan must be feasible"
    );
    schedule
}

fn improved_objective(instance: &Instance, start: &Schedule) -> f64 {
    let before = evaluate(instance, start).objective;
    let result = improve(instance, start, &options(400), &Scope::free(instance));
    assert!(validate(instance, &result).is_complete());
    let after = evaluate(instance, &result).objective;
    assert!(after <= before);
    after
}

#[test]
fn search_resequences_a_single_machine_by_weight_from_the_due_date_order() {
    let instance = fixture("single_machine_tardiness");
    let edd = plan(
        &instance,
        &[("A", "M1", 0), ("B", "M1", 30), ("C", "M1", 50)],
    );
    assert_eq!(evaluate(&instance, &edd).objective, 110.0);
    assert_eq!(improved_objective(&instance, &edd), 80.0);
}

#[test]
fn search_moves_work_into_the_cheap_energy_period() {
    let instance = fixture("energy_shift");
    let early = plan(&instance, &[("H1", "FURNACE", 0)]);
    assert_eq!(evaluate(&instance, &early).objective, 18.0);
    assert_eq!(improved_objective(&instance, &early), 6.0);
}

#[test]
fn search_switches_an_order_to_the_second_plant() {
    let instance = fixture("two_plants");
    let busy = plan(&instance, &[("A", "M1", 0), ("B", "M1", 120)]);
    assert_eq!(evaluate(&instance, &busy).objective, 71.0);
    assert_eq!(improved_objective(&instance, &busy), 21.0);
}

fn generated(orders: usize, seed: u64) -> (Instance, Schedule) {
    let config = GeneratorConfig {
        orders,
        machines: 8,
        sites: 2,
        seed,
        ..GeneratorConfig::default()
    };
    let instance = generate(&config).unwrap();
    let initial = dispatch(&instance, &DispatchOptions::default());
    (instance, initial)
}

#[test]
fn frozen_operations_keep_machine_start_and_end() {
    let (instance, initial) = generated(40, 11);
    let now = {
        let mut starts: Vec<Minutes> = initial.ops.iter().map(|s| s.start).collect();
        starts.sort();
        starts[starts.len() / 3]
    };
    let mut scope = Scope::free(&instance);
    for s in &initial.ops {
        scope.frozen[s.op.index()] = s.start < now;
    }
    let result = improve(&instance, &initial, &options(300), &scope);
    assert!(validate(&instance, &result).is_feasible());
    let after = result.by_op(&instance);
    let mut frozen = 0;
    for s in initial.ops.iter().filter(|s| s.start < now) {
        assert_eq!(after[s.op.index()], Some(*s), "frozen operation moved");
        frozen += 1;
    }
    assert!(frozen > 0);
}

#[test]
fn a_prohibitive_stability_penalty_keeps_the_baseline_and_none_lets_it_improve() {
    let (instance, initial) = generated(30, 4);
    let baseline = initial.by_op(&instance);
    let stable = Scope {
        stability: Some(Stability::new(
            &instance,
            baseline.clone(),
            StabilityWeights::proportional(1e9),
            0,
        )),
        ..Scope::free(&instance)
    };
    let kept = improve(&instance, &initial, &options(300), &stable);
    assert_eq!(kept.ops, initial.ops, "nothing is worth a 1e9 penalty");
    let free = improve(&instance, &initial, &options(300), &Scope::free(&instance));
    assert!(
        cost(&instance, &free, &Scope::free(&instance)) < evaluate(&instance, &initial).objective
    );
}

#[test]
fn same_seed_and_iterations_give_the_same_plant_plan_on_any_thread_count() {
    let (instance, initial) = generated(25, 9);
    let scope = Scope::free(&instance);
    let on = |threads: usize| {
        improve(
            &instance,
            &initial,
            &options(200).with_threads(threads),
            &scope,
        )
    };
    let two = on(2);
    assert_ne!(
        two, initial,
        "200 rounds should change the dispatching plan"
    );
    assert_eq!(on(2), two);
    assert_eq!(on(1), two);
    assert_eq!(on(3), two);
}

/// One machine and two orders of 60 minutes each with a hard deadline at 100: only one fits. A
/// (due at 0, so late) is planned, B (due at 100, on time wherever it fits) is not.
fn one_fits() -> (Instance, Schedule) {
    use takt::model::{InstanceBuilder, Machine, Order, Product, Site, Step, StepOption};
    use takt::solution::UnplannedOrder;
    let mut b = InstanceBuilder::new("one-fits");
    let site = b.add_site(Site::new("S"));
    let m = b.add_machine(Machine::new("M", site));
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![Step {
            min_lag: 0,
            options: vec![StepOption {
                machine: m,
                setup: 0,
                run_per_unit: 1.0,
            }],
        }],
        bom: vec![],
    });
    for (name, due) in [("A", 0), ("B", 100)] {
        let mut o = Order::new(name, p, 60);
        o.due = Some(due);
        o.deadline = Some(100);
        b.add_order(o);
    }
    let instance = b.build().unwrap();
    let mut initial = Schedule::default();
    initial.ops.push(ScheduledOp {
        op: OpId(0),
        machine: MachineId(0),
        start: 0,
        end: 60,
        mode: takt::model::ModeId::NOMINAL,
    });
    initial.unplanned.push(UnplannedOrder::unplannable(
        instance.op(OpId(1)).order,
        "no room before its deadline",
    ));
    initial.ship_orders(&instance);
    assert!(validate(&instance, &initial).is_feasible());
    (instance, initial)
}

fn planned_names(instance: &Instance, schedule: &Schedule) -> Vec<String> {
    schedule
        .ops
        .iter()
        .map(|s| instance.order(instance.op(s.op).order).name.clone())
        .collect()
}

#[test]
fn a_fresh_search_may_trade_a_planned_order_for_a_cheaper_one() {
    let (instance, initial) = one_fits();
    let free = improve(&instance, &initial, &options(300), &Scope::free(&instance));
    assert_eq!(planned_names(&instance, &free), ["B"]);
    assert!(validate(&instance, &free).is_feasible());
}

#[test]
fn with_keep_planned_the_search_never_drops_an_order_the_initial_plan_plans() {
    let (instance, initial) = one_fits();
    let keep = Scope {
        keep_planned: true,
        ..Scope::free(&instance)
    };
    let kept = improve(&instance, &initial, &options(300), &keep);
    assert_eq!(planned_names(&instance, &kept), ["A"]);
    assert!(validate(&instance, &kept).is_feasible());
}
