//! The MILP engine on instances with known answers: the hand-worked fixtures, ft06, infeasible
//! plants with their explanations, the size guard and the formulation choices.

#![cfg(feature = "highs")]

use std::path::{Path, PathBuf};
use std::time::Duration;
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::engine::{SolveOptions, SolverKind};
use takt::milp::{
    Formulation, MilpError, MilpOptions, MilpStatus, ModelKind, SizeLimits, estimate, solve,
};
use takt::model::{
    BomLine, Instance, InstanceBuilder, Machine, Material, Order, Product, Site, Step, StepOption,
    Stock,
};
use takt::outcome::Status;
use takt::solution::evaluate;
use takt::validate::validate;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn load(relative: &str) -> Instance {
    takt::io::load_instance(&root().join(relative), None).expect("instance loads")
}

fn warm(instance: &Instance) -> takt::solution::Schedule {
    dispatch(instance, &DispatchOptions::default())
}

/// One HiGHS thread and seed 1, ten seconds: reproducible runs.
fn budget() -> Budget {
    Budget::default().with_threads(1)
}

fn with(formulation: Formulation) -> MilpOptions {
    MilpOptions {
        formulation,
        ..MilpOptions::default()
    }
}

/// Solves and asserts a proven optimum of `objective` whose plan passes the checker.
fn assert_proven_optimum(instance: &Instance, formulation: Formulation, objective: f64) {
    let plan = warm(instance);
    let result = solve(instance, Some(&plan), &with(formulation), &budget()).expect("solves");
    let schedule = result.schedule.as_ref().expect("a plan");
    assert!(validate(instance, schedule).is_complete());
    assert_eq!(result.status, MilpStatus::Optimal, "{}", instance.name());
    assert_eq!(result.objective, Some(objective), "{}", instance.name());
    assert_eq!(result.lower_bound, Some(objective), "{}", instance.name());
    assert_eq!(evaluate(instance, schedule).objective, objective);
}

#[test]
fn fixtures_are_solved_to_their_hand_worked_optima() {
    for (fixture, objective) in [
        ("single_machine_tardiness", 80.0),
        ("energy_shift", 6.0),
        ("two_plants", 21.0),
        ("late_delivery", 40.0),
        ("power_cap", 74.0),
    ] {
        let instance = load(&format!("instances/fixtures/{fixture}"));
        assert_proven_optimum(&instance, Formulation::Auto, objective);
    }
}

#[test]
fn the_one_minute_time_indexed_model_proves_the_same_optima() {
    for (fixture, objective) in [
        ("single_machine_tardiness", 80.0),
        ("two_plants", 21.0),
        ("late_delivery", 40.0),
    ] {
        let instance = load(&format!("instances/fixtures/{fixture}"));
        let grid = Formulation::TimeIndexed { bucket: Some(1) };
        assert_proven_optimum(&instance, grid, objective);
    }
}

#[test]
fn energy_shift_waits_for_the_cheap_period_in_the_time_indexed_model() {
    let instance = load("instances/fixtures/energy_shift");
    let result = solve(&instance, None, &MilpOptions::default(), &budget()).unwrap();
    let plan = result.schedule.unwrap();
    assert_eq!((plan.ops[0].start, plan.ops[0].end), (120, 180));
    assert!(result.formulation.starts_with("time-indexed"));
}

#[test]
fn ft06_is_solved_to_its_proven_optimum_55() {
    let instance = load("instances/benchmarks/jsp/ft06");
    let plan = warm(&instance);
    let result = solve(&instance, Some(&plan), &MilpOptions::default(), &budget()).unwrap();
    assert_eq!(result.status, MilpStatus::Optimal);
    assert_eq!(result.objective, Some(55.0));
    assert_eq!(result.lower_bound, Some(55.0));
    assert_eq!(result.formulation, "disjunctive");
    assert!(validate(&instance, result.schedule.as_ref().unwrap()).is_complete());
}

#[test]
fn the_engine_reports_ft06_optimal_with_bound_55() {
    let instance = load("instances/benchmarks/jsp/ft06");
    let outcome = takt::engine::solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Milp),
        &Budget::default(),
    )
    .expect("solves");
    assert_eq!(outcome.status, Status::Optimal);
    assert_eq!(outcome.objective(), Some(55.0));
    assert_eq!(outcome.lower_bound, Some(55.0));
    assert_eq!(outcome.solver, "milp");
}

#[test]
fn the_same_seed_gives_the_same_plan() {
    let instance = load("instances/benchmarks/jsp/ft06");
    let plan = warm(&instance);
    let a = solve(&instance, Some(&plan), &MilpOptions::default(), &budget()).unwrap();
    let b = solve(&instance, Some(&plan), &MilpOptions::default(), &budget()).unwrap();
    assert_eq!(a.schedule, b.schedule);
}

#[test]
fn the_network_model_sends_the_flexible_order_to_the_second_plant() {
    let instance = load("instances/fixtures/two_plants");
    let plan = warm(&instance);
    let result = solve(
        &instance,
        Some(&plan),
        &with(Formulation::NetworkThenDetailed),
        &budget(),
    )
    .unwrap();
    assert_eq!(result.objective, Some(21.0));
    // Plants were fixed from outside the detailed model: no optimality claim.
    assert_eq!(result.status, MilpStatus::Feasible);
    assert!(result.formulation.starts_with("network, then"));
    let schedule = result.schedule.unwrap();
    let b_machine = schedule.ops[1].machine;
    assert_eq!(instance.machine(b_machine).name, "M2");
}

#[test]
fn a_plan_is_never_worse_than_the_warm_start_even_without_time() {
    let instance = load("instances/benchmarks/jsp/la02");
    let plan = warm(&instance);
    let no_time = budget().with_time_limit(Some(Duration::ZERO));
    let result = solve(&instance, Some(&plan), &MilpOptions::default(), &no_time).unwrap();
    assert_ne!(result.status, MilpStatus::Optimal);
    assert!(result.objective.unwrap() <= evaluate(&instance, &plan).objective);
}

#[test]
fn nothing_found_within_the_limit_is_not_called_infeasible() {
    let instance = load("instances/benchmarks/jsp/la02");
    let no_time = budget().with_time_limit(Some(Duration::ZERO));
    let result = solve(&instance, None, &MilpOptions::default(), &no_time).unwrap();
    assert_eq!(result.status, MilpStatus::NoSolutionWithinLimit);
    assert!(result.schedule.is_none());
    assert!(result.explanation.is_empty());
}

/// One machine, orders of 30 minutes each with the given hard deadlines.
fn deadlines(deadline: &[i64]) -> Instance {
    let mut b = InstanceBuilder::new("deadlines");
    let site = b.add_site(Site::new("plant"));
    let m = b.add_machine(Machine::new("M1", site));
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![Step {
            min_lag: 0,
            options: vec![StepOption {
                machine: m,
                setup: 30,
                run_per_unit: 0.0,
            }],
        }],
        bom: vec![],
    });
    for (k, &d) in deadline.iter().enumerate() {
        let mut o = Order::new(format!("O{}", k + 1), p, 1);
        o.deadline = Some(d);
        b.add_order(o);
    }
    b.build().unwrap()
}

#[test]
fn conflicting_deadlines_are_reported_infeasible_with_the_order_named() {
    let instance = deadlines(&[40, 40]);
    let result = solve(&instance, None, &MilpOptions::default(), &budget()).unwrap();
    assert_eq!(result.status, MilpStatus::Infeasible);
    assert!(result.schedule.is_none());
    let text = result.explanation.join("\n");
    assert!(text.contains("hard deadline"), "{text}");
    assert!(text.contains("'O1'") || text.contains("'O2'"), "{text}");
    assert!(text.contains("20 minutes late"), "{text}");
}

#[test]
fn deadlines_that_fit_in_one_order_only_are_planned() {
    let instance = deadlines(&[40, 60]);
    let result = solve(&instance, None, &MilpOptions::default(), &budget()).unwrap();
    assert_eq!(result.status, MilpStatus::Optimal);
    assert!(validate(&instance, result.schedule.as_ref().unwrap()).is_complete());
}

/// Two orders needing 10 kg of steel each at a plant with `stock` kg and no delivery.
fn shared_steel(stock: f64) -> Instance {
    let mut b = InstanceBuilder::new("steel");
    let site = b.add_site(Site::new("plant"));
    let m = b.add_machine(Machine::new("M1", site));
    let steel = b.add_material(Material {
        name: "steel".into(),
    });
    b.add_stock(Stock {
        site,
        material: steel,
        quantity: stock,
    });
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![Step {
            min_lag: 0,
            options: vec![StepOption {
                machine: m,
                setup: 10,
                run_per_unit: 0.0,
            }],
        }],
        bom: vec![BomLine {
            material: steel,
            qty_per_unit: 10.0,
        }],
    });
    b.add_order(Order::new("A", p, 1));
    b.add_order(Order::new("B", p, 1));
    b.build().unwrap()
}

#[test]
fn material_too_short_for_two_orders_together_is_named() {
    let instance = shared_steel(15.0);
    let result = solve(&instance, None, &MilpOptions::default(), &budget()).unwrap();
    assert_eq!(result.status, MilpStatus::Infeasible);
    let text = result.explanation.join("\n");
    assert!(
        text.contains("material 'steel' at 'plant' is short by 5"),
        "{text}"
    );
}

#[test]
fn an_order_no_plant_can_supply_is_infeasible_without_a_solve() {
    let instance = shared_steel(5.0);
    let result = solve(&instance, None, &MilpOptions::default(), &budget()).unwrap();
    assert_eq!(result.status, MilpStatus::Infeasible);
    let text = result.explanation.join("\n");
    assert!(text.contains("order 'A' needs 10 of 'steel'"), "{text}");
    assert!(text.contains("receives only 5 in total"), "{text}");
}

#[test]
fn the_engine_returns_infeasible_without_a_plan_and_with_the_explanation() {
    let instance = deadlines(&[40, 40]);
    let outcome = takt::engine::solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Milp),
        &Budget::default(),
    )
    .expect("an outcome");
    assert_eq!(outcome.status, Status::Infeasible);
    assert!(!outcome.has_plan());
    assert!(!outcome.explanation.is_empty());
}

#[test]
fn the_size_guard_refuses_and_names_the_solver_to_use_instead() {
    let instance = load("instances/benchmarks/jsp/la01");
    let options = MilpOptions {
        limits: SizeLimits {
            max_integers: 100,
            ..SizeLimits::default()
        },
        ..MilpOptions::default()
    };
    let estimate = estimate(&instance, None, &options);
    assert_eq!(estimate.kind, ModelKind::Disjunctive);
    assert!(!estimate.fits);
    assert!(estimate.integers > 100);
    match solve(&instance, None, &options, &budget()) {
        Err(MilpError::TooLarge { advice, .. }) => assert!(advice.contains("--solver search")),
        other => panic!("expected the size guard, got {other:?}"),
    }
}

#[test]
fn the_estimate_picks_the_time_indexed_model_when_energy_prices_matter() {
    let instance = load("instances/fixtures/energy_shift");
    let e = estimate(&instance, None, &MilpOptions::default());
    assert_eq!(e.kind, ModelKind::TimeIndexed { bucket: 1 });
    assert!(e.fits);
    let ft06 = load("instances/benchmarks/jsp/ft06");
    let e = estimate(&ft06, None, &MilpOptions::default());
    assert_eq!(e.kind, ModelKind::Disjunctive);
    assert!(e.fits && e.integers < 1_000, "{e}");
}

#[test]
fn a_cumulative_power_cap_is_refused_by_the_disjunctive_model() {
    let instance = load("instances/demo");
    match solve(&instance, None, &with(Formulation::Disjunctive), &budget()) {
        Err(MilpError::NotApplicable(msg)) => assert!(msg.contains("time-indexed")),
        other => panic!("expected NotApplicable, got {other:?}"),
    }
}

#[test]
#[cfg(feature = "cli")]
fn cli_prints_one_json_object_with_status_and_bound() {
    let out_dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_takt"))
        .args([
            "solve",
            "--solver",
            "milp",
            "--json",
            "--time-limit",
            "30",
            "--out",
        ])
        .arg(out_dir.path())
        .arg(root().join("instances/benchmarks/jsp/ft06"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["status"], "optimal");
    assert_eq!(json["objective"], 55.0);
    assert_eq!(json["lower_bound"], 55.0);
    assert_eq!(json["makespan"], 55);
}

#[test]
fn cli_reports_an_infeasible_instance_with_exit_code_1_and_null_figures() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("machines.csv", "id\nM1\n"),
        ("routings.csv", "product,step,machine,setup\nP,1,M1,30\n"),
        (
            "orders.csv",
            "id,product,quantity,deadline\nA,P,1,40\nB,P,1,40\n",
        ),
    ];
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(["solve", "--solver", "milp", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["status"], "infeasible");
    assert!(json["objective"].is_null() && json["makespan"].is_null());
    assert!(
        json["explanation"][0]
            .as_str()
            .unwrap()
            .contains("deadline")
    );
}
