//! The disjunctive MILP decides which orders to make, drop or defer (issue 13), as the
//! time-indexed one does: on hand-worked value fixtures both prove the same optimum with the same
//! decision, and every plan passes the checker.
//!
//! The disjunctive model does not price energy, so these fixtures have none: what making the
//! optional order O2 costs is tardiness. One machine; O1 (required, margin 100) and O2 are due at
//! minute 60, O1 weighs 1 per minute late and O2 0.5. Making both, one of them is an hour late:
//! O2 second costs 0.5 x 60 = 30 (O1 second would cost 60).

#![cfg(feature = "highs")]

use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::io::read_instance_files;
use takt::milp::{Formulation, MilpOptions, MilpStatus, solve};
use takt::model::Instance;
use takt::solution::{Decision, evaluate};
use takt::validate::validate;

const MACHINES: &str = "id\nM1\n";
/// P: one hour on M1. Q: two half-hour steps on M1, the second at least 10 minutes after the
/// first ends.
const ROUTINGS: &str =
    "product,step,machine,setup,min_lag\nP,1,M1,60,0\nQ,1,M1,30,0\nQ,2,M1,30,10\n";

/// O1 as above; O2 of product `product`, released at `release`, with the columns
/// `revenue,optional,defer_cost_per_day` given by `o2`.
fn fixture(product: &str, release: i64, o2: &str) -> Instance {
    let orders = format!(
        "id,product,quantity,release,due,weight,revenue,optional,defer_cost_per_day\n\
         O1,P,1,0,60,1,100,no,\n\
         O2,{product},1,{release},60,0.5,{o2}\n"
    );
    read_instance_files(
        "value-disjunctive",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("orders.csv", orders.as_str()),
            ("objective.csv", "key,value\nform,contribution\n"),
        ],
    )
    .unwrap()
}

/// Solves with `formulation`, warm-started from the dispatching plan that makes every order (as
/// the engine does); asserts a checked plan proven optimal with objective `optimum` and returns
/// the decision about O2.
fn proves(instance: &Instance, formulation: Formulation, optimum: f64) -> Option<Decision> {
    let warm = dispatch(instance, &DispatchOptions::every_order());
    let options = MilpOptions {
        formulation,
        ..MilpOptions::default()
    };
    let budget = Budget::time(std::time::Duration::from_secs(20)).with_threads(1);
    let result = solve(instance, Some(&warm), &options, &budget).unwrap();
    assert_eq!(result.status, MilpStatus::Optimal, "{:?}", result.notes);
    let plan = result.schedule.as_ref().expect("a plan");
    let report = validate(instance, plan);
    assert!(report.is_feasible(), "{report}");
    assert!(plan.unplanned.iter().all(|u| u.is_choice()), "{plan:?}");
    let objective = evaluate(instance, plan).objective;
    assert!(
        (objective - optimum).abs() < 1e-9,
        "{formulation:?}: {objective} != {optimum}: {plan:?}"
    );
    let bound = result.lower_bound.expect("a proven bound");
    assert!(
        bound <= objective + 1e-9 && bound >= objective - 1e-6 * objective.max(1.0),
        "{formulation:?}: bound {bound}, objective {objective}"
    );
    plan.unplanned.first().map(|u| u.decision)
}

/// Both formulations prove `optimum` and take the decision `expected` about O2.
fn both_prove(instance: &Instance, optimum: f64, expected: Option<Decision>) {
    for formulation in [
        Formulation::TimeIndexed { bucket: Some(1) },
        Formulation::Disjunctive,
    ] {
        assert_eq!(
            proves(instance, formulation, optimum),
            expected,
            "{formulation:?}"
        );
    }
}

#[test]
fn an_optional_order_whose_margin_does_not_cover_its_tardiness_is_dropped() {
    // Margin 20 < 30: dropped, objective = the forfeited margin 20.
    both_prove(&fixture("P", 0, "20,yes,"), 20.0, Some(Decision::Dropped));
}

#[test]
fn an_optional_order_that_pays_is_made() {
    // Margin 50 > 30: made second, 30 minutes of weighted tardiness.
    both_prove(&fixture("P", 0, "50,yes,"), 30.0, None);
}

#[test]
fn a_deferrable_order_is_deferred_when_deferral_is_cheaper_and_made_when_not() {
    // Horizon end = the latest due date, 60: one day of deferral. 12 < 30: deferred.
    both_prove(&fixture("P", 0, "50,no,12"), 12.0, Some(Decision::Deferred));
    // 40 > 30: made.
    both_prove(&fixture("P", 0, "50,no,40"), 30.0, None);
}

#[test]
fn an_order_both_optional_and_deferrable_is_left_out_the_cheaper_way() {
    // Deferral 12 < margin 20 < making it 30.
    both_prove(
        &fixture("P", 0, "20,yes,12"),
        12.0,
        Some(Decision::Deferred),
    );
}

#[test]
fn a_left_out_order_with_a_late_release_and_lags_binds_nothing() {
    // O2 of two steps with a 10-minute lag, released at minute 30: its earliest start is 30, so
    // the disjunctive model pins its starts to 0 only when it is not made. Made, it runs after
    // O1: 60-90, 100-130, 70 minutes late: 35 > margin 20: dropped, objective 20.
    both_prove(&fixture("Q", 30, "20,yes,"), 20.0, Some(Decision::Dropped));
    // With margin 50 it is made (35); O2 first would make O1 late instead (30-60, 70-100, O1
    // 100-160: 100 minutes at 1 per minute).
    both_prove(&fixture("Q", 30, "50,yes,"), 35.0, None);
}
