//! The MILP on long horizons: time windows and big-M values come from the instance's real horizon
//! (a machine down for years moves the windows past the downtime), and a plan that HiGHS's
//! tolerances let slip is re-timed to the minute or reported as `PlanRejected`, never returned.

#![cfg(feature = "highs")]

use std::path::Path;
use takt::budget::Budget;
use takt::dispatch::dispatch;
use takt::io::read_instance_files;
use takt::milp::{Formulation, MilpOptions, MilpStatus, solve};
use takt::model::Instance;
use takt::validate::validate;

fn options(formulation: Formulation) -> MilpOptions {
    MilpOptions {
        formulation,
        ..MilpOptions::default()
    }
}

fn budget() -> Budget {
    Budget::time(std::time::Duration::from_secs(20)).with_threads(1)
}

/// Solves with the dispatching plan as warm start (as the engine does): the plan passes the
/// checker and is proven optimal with objective `optimum`. Without a warm start (serial windows,
/// as long as the latest downtime end) the plan still passes the checker, and neither its objective
/// nor the bound claimed contradicts the optimum.
fn assert_checked_optimum(instance: &Instance, formulation: Formulation, optimum: f64) {
    let warm = dispatch(instance, &Default::default());
    for start in [Some(&warm), None] {
        let result = solve(instance, start, &options(formulation), &budget())
            .unwrap_or_else(|e| panic!("{}: {e}", instance.name()));
        let plan = result.schedule.as_ref().expect("a plan");
        let report = validate(instance, plan);
        assert!(report.is_complete(), "{:?}", report.violations);
        let objective = result.objective.expect("an objective");
        assert!(
            objective >= optimum,
            "{objective} below the optimum {optimum}"
        );
        assert!(
            result.lower_bound.is_none_or(|lb| lb <= optimum + 1e-6),
            "{result:?}"
        );
        if start.is_some() {
            assert_eq!(result.status, MilpStatus::Optimal, "{:?}", result.notes);
            assert_eq!(objective, optimum);
        }
    }
}

#[test]
fn a_machine_down_for_ten_million_minutes_gives_a_checked_optimal_plan() {
    // Case 05: m2 is down for [0, 10^7); step 2 of both orders runs after it.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/faults/05-long-downtime-milp/plant");
    let instance = takt::io::read_instance_folder(&dir).expect("reads");
    // Both orders' second steps (10 minutes each on m2) end at 10^7 + 10 and 10^7 + 20, due 30
    // and 40: tardiness 2 x (10^7 - 20).
    assert_checked_optimum(&instance, Formulation::Auto, 19_999_960.0);
    assert_checked_optimum(&instance, Formulation::Disjunctive, 19_999_960.0);
}

#[test]
fn long_downtime_on_one_of_two_machines_and_late_releases_stay_exact() {
    // Either machine can do step 2; M2 is down for a billion minutes, M1 is busy: the MILP must
    // not place anything a few minutes into the downtime however large the windows.
    let instance = read_instance_files(
        "two-machines",
        &[
            ("machines.csv", "id\nM0\nM1\nM2\n"),
            (
                "routings.csv",
                "product,step,machine,setup,run_per_unit\nP,1,M0,5,1\nP,2,M1,30,1\nP,2,M2,5,1\n",
            ),
            ("downtime.csv", "machine,start,end\nM2,0,1000000000\n"),
            (
                "orders.csv",
                "id,product,quantity,release,due\no1,P,5,0,40\no2,P,5,0,60\no3,P,5,0,80\n",
            ),
        ],
    )
    .unwrap();
    // M2 never comes back in time: step 1 on M0 ends at 10, 20, 30; step 2 on M1 (35 minutes)
    // ends at 45, 80, 115; tardiness 5 + 20 + 35.
    assert_checked_optimum(&instance, Formulation::Auto, 60.0);
    // Everything released near the end of the range: start values near 10^10.
    let late = 9_999_000_000i64;
    let orders = format!(
        "id,product,quantity,release,due\no1,P,5,{late},{}\no2,P,5,{late},{}\n",
        late + 30,
        late + 40
    );
    let instance = read_instance_files(
        "late",
        &[
            ("machines.csv", "id\nM0\nM1\nM2\n"),
            (
                "routings.csv",
                "product,step,machine,setup,run_per_unit\nP,1,M0,5,1\nP,2,M1,30,1\nP,2,M2,5,1\n",
            ),
            ("orders.csv", &orders),
        ],
    )
    .unwrap();
    // o1: M0 [late, late + 10), M2 until late + 20 (due late + 30); o2: M0 until late + 20, M2
    // until late + 30 (due late + 40): nothing late.
    assert_checked_optimum(&instance, Formulation::Disjunctive, 0.0);
}
