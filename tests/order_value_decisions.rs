//! The solvers decide which optional orders to make (issue 13, item 3): hand-worked fixtures in
//! which the time-indexed MILP proves the optimum and the plant search reaches it on its own (the
//! search is run without the post-solve pass that leaves out unprofitable work).
//!
//! Every fixture has one machine of 10 kW and one-hour orders. Energy costs 0.5 per kWh in the
//! first hour and 3 per kWh after it: an hour of work costs 5 in the first hour, 30 later. O1
//! (margin 100, due at minute 60, tardiness 1 per minute) is required; O2 is the order the plan
//! may leave out.

use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::io::read_instance_files;
use takt::model::Instance;
#[cfg(feature = "highs")]
use takt::outcome::Status;
use takt::search::plant::{self, Scope};
use takt::solution::{Decision, Schedule, evaluate};
use takt::validate::validate;

const MACHINES: &str = "id,power_kw\nM1,10\n";
const ROUTINGS: &str = "product,step,machine,setup\nP,1,M1,60\n";
const PRICES: &str = "site,start,end,price_per_kwh\nplant,0,60,0.5\nplant,60,,3\n";

/// O1 as above; O2 with the columns `o2` (after `id,product,quantity`) under the header `extra`.
fn fixture(extra: &str, o1: &str, o2: &str) -> Instance {
    let orders = format!(
        "id,product,quantity,{extra}\n\
         O1,P,1,{o1}\n\
         O2,P,1,{o2}\n"
    );
    read_instance_files(
        "decide",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("energy_prices.csv", PRICES),
            ("orders.csv", orders.as_str()),
            ("objective.csv", "key,value\nform,contribution\n"),
        ],
    )
    .unwrap()
}

/// O2 optional with margin `margin` (revenue `margin + 8`, variable cost 8), due at minute 1000.
fn optional(margin: f64) -> Instance {
    fixture(
        "due,revenue,variable_cost,optional",
        "60,100,0,no",
        &format!("1000,{},8,yes", margin + 8.0),
    )
}

/// The plant search alone (no post-pass) from the dispatching plan, which plans every order.
fn search(instance: &Instance, threads: usize) -> Schedule {
    let start = dispatch(instance, &DispatchOptions::default());
    assert!(start.unplanned.is_empty(), "dispatch plans every order");
    search_from(instance, &start, threads)
}

fn search_from(instance: &Instance, start: &Schedule, threads: usize) -> Schedule {
    plant::improve(
        instance,
        start,
        &Budget::iterations(400).with_seed(7).with_threads(threads),
        &Scope::free(instance),
    )
}

/// What the plant search reaches on its own from the dispatching plan, checked, and the decision
/// it took about O2.
fn search_reaches(instance: &Instance, objective: f64) -> Option<Decision> {
    let start = dispatch(instance, &DispatchOptions::default());
    search_from_reaches(instance, &start, objective)
}

fn search_from_reaches(instance: &Instance, start: &Schedule, objective: f64) -> Option<Decision> {
    let plan = search_from(instance, start, 1);
    let report = validate(instance, &plan);
    assert!(report.is_complete(), "{report}");
    let k = evaluate(instance, &plan);
    assert!(
        (k.objective - objective).abs() < 1e-9,
        "search objective {} != {objective}: {plan:?}",
        k.objective
    );
    // Deterministic for a seed and iteration budget on any thread count.
    assert_eq!(search_from(instance, start, 1), plan);
    assert_eq!(
        search_from(instance, start, 2),
        search_from(instance, start, 2)
    );
    plan.unplanned.first().map(|u| u.decision)
}

/// The MILP proves `objective` optimal; returns its decision about O2.
#[cfg(feature = "highs")]
fn milp_proves(instance: &Instance, objective: f64) -> Option<Decision> {
    let outcome = solve(
        instance,
        &SolveOptions::with_solver(SolverKind::Milp),
        &Budget::iterations(100).with_threads(1),
    )
    .unwrap();
    assert_eq!(outcome.status, Status::Optimal, "{:?}", outcome.notes);
    assert!(
        outcome.notes.iter().any(|n| n.contains("time-indexed")),
        "{:?}",
        outcome.notes
    );
    let k = outcome.kpis.as_ref().unwrap();
    assert!((k.objective - objective).abs() < 1e-9, "{}", k.objective);
    assert_eq!(outcome.lower_bound, Some(k.objective));
    outcome.unplanned.first().map(|u| u.decision)
}

#[cfg(not(feature = "highs"))]
fn milp_proves(_instance: &Instance, _objective: f64) -> Option<Decision> {
    None
}

fn highs() -> bool {
    cfg!(feature = "highs")
}

#[test]
fn an_optional_order_whose_margin_does_not_cover_its_energy_is_left_out() {
    // O1 takes the cheap hour (energy 5). Making O2 costs at least 30: after O1, energy 30; before
    // it, energy 5 but O1 late by 60 minutes and expensive (60 + 30 - 5). Margin 20 < 30: dropped.
    // Objective: energy 5 + forfeited margin 20 = 25; contribution 100 - 5 = 95.
    let instance = optional(20.0);
    assert_eq!(search_reaches(&instance, 25.0), Some(Decision::Dropped));
    if highs() {
        assert_eq!(milp_proves(&instance, 25.0), Some(Decision::Dropped));
    }
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Search),
        &Budget::iterations(200).with_threads(1),
    )
    .unwrap();
    let u = &outcome.unplanned[0];
    assert_eq!(
        u.reason,
        "not worth making: margin 20 < cost 30 (energy 30)"
    );
    assert_eq!(outcome.kpis.unwrap().value.contribution, 95.0);
}

#[test]
fn with_a_higher_price_the_optional_order_is_made() {
    // Margin 50 > 30: O2 runs in the second hour. Objective 5 + 30 = 35; contribution 150 - 35.
    let instance = optional(50.0);
    assert_eq!(search_reaches(&instance, 35.0), None);
    if highs() {
        assert_eq!(milp_proves(&instance, 35.0), None);
    }
}

#[cfg(feature = "highs")]
#[test]
fn the_milp_explains_what_making_a_dropped_order_would_cost() {
    let outcome = solve(
        &optional(20.0),
        &SolveOptions::with_solver(SolverKind::Milp),
        &Budget::iterations(100).with_threads(1),
    )
    .unwrap();
    assert_eq!(
        outcome.unplanned[0].reason,
        "not worth making: margin 20 < cost 30 (energy 30)"
    );
}

#[test]
fn dropping_pays_only_when_the_required_order_takes_its_place() {
    // The search starts from a plan with O2 (due at minute 30, tardiness 0.01 per minute) in the
    // cheap hour and O1 after it (energy 30, 60 minutes late): 5 + 0.3 + 30 + 60. Priced alone
    // there, O2 costs 5.3 < its margin 20, so the post-pass keeps it; the search drops it and
    // moves O1 into the cheap hour: 5 + 20 = 25 beats O1 first and O2 after (5 + 30 + 0.9).
    let instance = fixture(
        "due,weight,revenue,variable_cost,optional",
        "60,1,100,0,no",
        "30,0.01,28,8,yes",
    );
    // Dispatching leaves O2 out itself (O1 first, then O2 costs 30.9 > 20): plan every order.
    let mut start = dispatch(&instance, &DispatchOptions::every_order());
    assert_eq!(start.ops.len(), 2);
    let (a, b) = (start.ops[0], start.ops[1]);
    (start.ops[0].start, start.ops[0].end) = (b.start, b.end);
    (start.ops[1].start, start.ops[1].end) = (a.start, a.end);
    start.normalize();
    assert!(validate(&instance, &start).is_complete());
    assert!((evaluate(&instance, &start).objective - 95.3).abs() < 1e-9);
    let mut passed = start.clone();
    takt::dispatch::leave_out_unprofitable(&instance, &mut passed);
    assert_eq!(passed, start, "the post-pass alone keeps O2");
    assert_eq!(
        search_from_reaches(&instance, &start, 25.0),
        Some(Decision::Dropped)
    );
    if highs() {
        assert_eq!(milp_proves(&instance, 25.0), Some(Decision::Dropped));
    }
}

/// The deferral fixtures: energy 0.5 per kWh for the first 12 hours and 3.5 for the next 12 (a
/// mean of 2 over the horizon, which ends at minute 1440), so an hour of work costs 5 now and,
/// estimated at the mean, 20 when a deferred order is made later. O1 and O2 are both due at
/// minute 60: whichever runs second is 60 minutes late (weight 1: 60).
fn deferral_fixture(extra: &str, o2: &str) -> Instance {
    let orders = format!(
        "id,product,quantity,due,revenue,{extra}\n\
         O1,P,1,60,100{}\n\
         O2,P,1,60,{o2}\n",
        ",".repeat(extra.matches(',').count() + 1)
    );
    read_instance_files(
        "defer",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            (
                "energy_prices.csv",
                "site,start,end,price_per_kwh\nplant,0,720,0.5\nplant,720,,3.5\n",
            ),
            ("orders.csv", orders.as_str()),
            (
                "objective.csv",
                "key,value\nform,contribution\nhorizon_end,1440\n",
            ),
        ],
    )
    .unwrap()
}

#[test]
fn a_deferrable_order_is_deferred_when_deferral_is_cheaper_and_made_when_not() {
    // Making O2 costs 5 energy + 60 late = 65. Deferring it one day at 12 costs 12 + 20 (its
    // energy when made later): 32 < 65, objective 5 + 32 = 37.
    let cheap = deferral_fixture("defer_cost_per_day", "50,12");
    assert_eq!(search_reaches(&cheap, 37.0), Some(Decision::Deferred));
    if highs() {
        assert_eq!(milp_proves(&cheap, 37.0), Some(Decision::Deferred));
    }
    // At 60 per day deferring costs 80 > 65: made, objective 5 + 65 = 70.
    let dear = deferral_fixture("defer_cost_per_day", "50,60");
    assert_eq!(search_reaches(&dear, 70.0), None);
    if highs() {
        assert_eq!(milp_proves(&dear, 70.0), None);
    }
}

#[test]
fn an_order_both_optional_and_deferrable_is_left_out_the_cheaper_way() {
    // Margin 40, 12 per day: deferring (32) beats dropping (40) and making (65).
    let instance = deferral_fixture("variable_cost,optional,defer_cost_per_day", "48,8,yes,12");
    assert_eq!(search_reaches(&instance, 37.0), Some(Decision::Deferred));
    if highs() {
        assert_eq!(milp_proves(&instance, 37.0), Some(Decision::Deferred));
    }
    // Margin 25: dropping (25) beats deferring (32).
    let instance = deferral_fixture("variable_cost,optional,defer_cost_per_day", "33,8,yes,12");
    assert_eq!(search_reaches(&instance, 30.0), Some(Decision::Dropped));
    if highs() {
        assert_eq!(milp_proves(&instance, 30.0), Some(Decision::Dropped));
    }
}

#[test]
fn the_weighted_sum_form_still_plans_every_order() {
    let instance = read_instance_files(
        "decide",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("energy_prices.csv", PRICES),
            (
                "orders.csv",
                "id,product,quantity,due,revenue,variable_cost,optional\nO1,P,1,60,100,0,no\nO2,P,1,1000,28,8,yes\n",
            ),
        ],
    )
    .unwrap();
    let plan = search(&instance, 1);
    assert!(plan.unplanned.is_empty());
    assert_eq!(evaluate(&instance, &plan).objective, 35.0);
}
