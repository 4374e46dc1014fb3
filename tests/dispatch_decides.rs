//! The dispatching rules decide which optional or deferrable orders to leave out as they plan
//! (issue 13): an order that does not pay is left out before later orders are planned, so no hole
//! is left where it would have run, and the decisions and reasons are those of the post-solve pass
//! `leave_out_unprofitable`. Every plan is judged by the checker.
//!
//! Every fixture has one machine of 10 kW and one-hour orders under the contribution form.

use takt::dispatch::{
    DispatchOptions, Rule, dispatch, dispatch_best, dispatch_with_rule, leave_out_unprofitable,
};
use takt::io::read_instance_files;
use takt::model::Instance;
use takt::solution::{Decision, Schedule, evaluate};
use takt::validate::validate;

const MACHINES: &str = "id,power_kw\nM1,10\n";
const ROUTINGS: &str = "product,step,machine,setup\nP,1,M1,60\n";
/// A flat price: every one-hour order costs 15 in energy.
const FLAT: &str = "site,start,price_per_kwh\nplant,0,1.5\n";
/// 0.5 per kWh in the first hour, 3 after it: an hour of work costs 5 in the first hour, 30 later.
const CHEAP_FIRST_HOUR: &str = "site,start,end,price_per_kwh\nplant,0,60,0.5\nplant,60,,3\n";

fn instance(prices: &str, orders: &str) -> Instance {
    read_instance_files(
        "decides",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("energy_prices.csv", prices),
            ("orders.csv", orders),
            ("objective.csv", "key,value\nform,contribution\n"),
        ],
    )
    .unwrap()
}

/// O1 (required, margin 100) and O2 (may be left out), both due at minute 60; O2 weighs 2 per
/// minute late, O1 1. `o2` are O2's columns `revenue,optional,defer_cost_per_day`.
fn hole(o2: &str) -> Instance {
    instance(
        FLAT,
        &format!(
            "id,product,quantity,due,weight,revenue,optional,defer_cost_per_day\n\
             O1,P,1,60,1,100,no,\n\
             O2,P,1,60,2,{o2}\n"
        ),
    )
}

/// The plan, checked: feasible, and every order not in it left out by choice.
fn checked(instance: &Instance, plan: &Schedule) {
    let report = validate(instance, plan);
    assert!(report.is_feasible(), "{report}");
    assert!(plan.unplanned.iter().all(|u| u.is_choice()), "{plan:?}");
}

/// When the order named `name` completes in `plan`.
fn completion(instance: &Instance, plan: &Schedule, name: &str) -> Option<i64> {
    plan.ops
        .iter()
        .filter(|s| instance.order(instance.op(s.op).order).name == name)
        .map(|s| s.end)
        .max()
}

/// `(order, decision, reason)` of every order left out.
fn decisions(instance: &Instance, plan: &Schedule) -> Vec<(String, Decision, String)> {
    plan.unplanned
        .iter()
        .map(|u| {
            (
                instance.order(u.order).name.clone(),
                u.decision,
                u.reason.clone(),
            )
        })
        .collect()
}

/// What dispatching did before it decided as it planned: every order planned, then the
/// post-solve pass.
fn every_order_then_post_pass(instance: &Instance) -> Schedule {
    let mut plan = dispatch(instance, &DispatchOptions::every_order());
    assert!(plan.unplanned.is_empty(), "{plan:?}");
    leave_out_unprofitable(instance, &mut plan);
    plan
}

/// Checks a plan of the `hole` fixture made deciding as it plans: O1 completes at 60 (on time)
/// and O2 is left out with `decision`, for one of the two reasons `reasons` (O2 priced in the
/// first hour, or after O1).
fn no_hole(instance: &Instance, plan: &Schedule, decision: Decision, reasons: [&str; 2]) {
    checked(instance, plan);
    assert_eq!(completion(instance, plan, "O1"), Some(60), "{plan:?}");
    let left = decisions(instance, plan);
    assert_eq!(left.len(), 1, "{left:?}");
    let (name, d, reason) = &left[0];
    assert_eq!((name.as_str(), *d), ("O2", decision));
    assert!(reasons.contains(&reason.as_str()), "{reason}");
}

#[test]
fn an_optional_order_not_worth_making_no_longer_leaves_a_hole_before_a_required_order() {
    // Making O2 costs at least 15 (energy) wherever it goes, more than its margin 10: it is
    // dropped. Planning every order, the best plan makes O2 first (energy 30 + O1 60 minutes late
    // = 90; O1 first: 30 + O2 60 minutes late at 2 per minute = 150), and the post-pass then drops
    // O2, leaving minutes 0-60 idle: O1 completes at 120, 60 minutes late. Objective 15 + 60 +
    // forfeited margin 10 = 85.
    let instance = hole("10,yes,");
    let first_hour = "not worth making: margin 10 < cost 15 (energy 15)";
    let after_o1 = "not worth making: margin 10 < cost 135 (energy 15, tardiness 120)";
    let before = every_order_then_post_pass(&instance);
    checked(&instance, &before);
    assert_eq!(completion(&instance, &before, "O1"), Some(120));
    assert_eq!(evaluate(&instance, &before).objective, 85.0);
    assert_eq!(
        decisions(&instance, &before),
        vec![("O2".to_string(), Decision::Dropped, first_hour.to_string())]
    );
    // Deciding as it plans, no operation of O2 is ever placed: O1 runs in the first hour, on
    // time. Objective 15 + 10 = 25; contribution 100 - 15 = 85.
    let result = dispatch_best(&instance, &DispatchOptions::default());
    no_hole(
        &instance,
        &result.schedule,
        Decision::Dropped,
        [first_hour, after_o1],
    );
    assert_eq!(result.kpis.objective, 25.0);
    assert_eq!(result.kpis.value.contribution, 85.0);
    // Every rule, by insertion (O2 first by apparent tardiness cost, O1 first by slack) or by
    // list scheduling, decides so.
    for rule in Rule::ALL {
        let plan = dispatch_with_rule(&instance, rule, true);
        no_hole(&instance, &plan, Decision::Dropped, [first_hour, after_o1]);
    }
    let by_atc = dispatch_with_rule(&instance, Rule::InsertByAtc, true);
    assert_eq!(by_atc.unplanned[0].reason, first_hour);
    // Deterministic.
    assert_eq!(
        dispatch(&instance, &DispatchOptions::default()),
        result.schedule
    );
}

#[test]
fn a_deferrable_order_cheaper_deferred_no_longer_leaves_a_hole_either() {
    // O2 deferrable at 12 per day, due at minute 30 (horizon end = the latest due date, 60: one
    // day). Deferring costs 12 and its energy when made later at the flat price, 15: 27. Made
    // first it is 30 minutes late (weight 2: 60) and costs 75; made after O1, 195.
    let instance = instance(
        FLAT,
        "id,product,quantity,due,weight,revenue,optional,defer_cost_per_day\n\
         O1,P,1,60,1,100,no,\n\
         O2,P,1,30,2,10,no,12\n",
    );
    let first_hour = "deferred beyond the horizon end: making it now costs 75 (energy 15, \
                      tardiness 60) > deferring 27 (1 day(s) x 12, energy 15 when made later)";
    let after_o1 = "deferred beyond the horizon end: making it now costs 195 (energy 15, \
                    tardiness 180) > deferring 27 (1 day(s) x 12, energy 15 when made later)";
    let before = every_order_then_post_pass(&instance);
    checked(&instance, &before);
    assert_eq!(completion(&instance, &before, "O1"), Some(120));
    assert_eq!(
        decisions(&instance, &before),
        vec![("O2".to_string(), Decision::Deferred, first_hour.to_string())]
    );
    for rule in Rule::ALL {
        let plan = dispatch_with_rule(&instance, rule, true);
        no_hole(&instance, &plan, Decision::Deferred, [first_hour, after_o1]);
    }
    // O1's energy 15 + deferring 27.
    let plan = dispatch(&instance, &DispatchOptions::default());
    no_hole(&instance, &plan, Decision::Deferred, [first_hour, after_o1]);
    assert_eq!(evaluate(&instance, &plan).objective, 42.0);
}

#[test]
fn the_decisions_equal_those_of_the_post_pass_on_the_value_fixtures() {
    // The fixtures of tests/order_value_decisions.rs (O1 required, margin 100, due at 60; O2 may
    // be left out) and of tests/order_value.rs (flat price, both due at 1000).
    let decide = |extra: &str, o1: &str, o2: &str| {
        instance(
            CHEAP_FIRST_HOUR,
            &format!("id,product,quantity,{extra}\nO1,P,1,{o1}\nO2,P,1,{o2}\n"),
        )
    };
    let cases: Vec<(&str, Instance)> = vec![
        (
            "dropped (margin 20 < 30)",
            decide(
                "due,revenue,variable_cost,optional",
                "60,100,0,no",
                "1000,28,8,yes",
            ),
        ),
        (
            "made (margin 50 > 30)",
            decide(
                "due,revenue,variable_cost,optional",
                "60,100,0,no",
                "1000,58,8,yes",
            ),
        ),
        (
            "deferred (12 < 30)",
            decide("due,revenue,defer_cost_per_day", "60,100,", "1000,50,12"),
        ),
        (
            "made (deferral 40 > 30)",
            decide("due,revenue,defer_cost_per_day", "60,100,", "1000,50,40"),
        ),
        (
            "deferred rather than dropped (12 < 20 < 30)",
            decide(
                "due,revenue,variable_cost,optional,defer_cost_per_day",
                "60,100,0,no,",
                "1000,28,8,yes,12",
            ),
        ),
        (
            "dropped only with O1 in the cheap hour",
            decide(
                "due,weight,revenue,variable_cost,optional",
                "60,1,100,0,no",
                "30,0.01,28,8,yes",
            ),
        ),
        (
            "flat price, dropped (margin 12 < 15)",
            instance(
                FLAT,
                "id,product,quantity,due,revenue,variable_cost,optional\n\
                 O1,P,1,1000,100,0,no\nO2,P,1,1000,20,8,yes\n",
            ),
        ),
        (
            "flat price, made (margin 42 > 15)",
            instance(
                FLAT,
                "id,product,quantity,due,revenue,variable_cost,optional\n\
                 O1,P,1,1000,100,0,no\nO2,P,1,1000,50,8,yes\n",
            ),
        ),
    ];
    for (name, instance) in &cases {
        let before = every_order_then_post_pass(instance);
        checked(instance, &before);
        let plan = dispatch(instance, &DispatchOptions::default());
        checked(instance, &plan);
        assert_eq!(
            decisions(instance, &plan),
            decisions(instance, &before),
            "{name}"
        );
        // The post-pass finds nothing more to leave out.
        let mut passed = plan.clone();
        assert_eq!(leave_out_unprofitable(instance, &mut passed), 0, "{name}");
        let (now, then) = (
            evaluate(instance, &plan).objective,
            evaluate(instance, &before).objective,
        );
        assert!(now <= then + 1e-9, "{name}: {now} > {then}");
        assert_eq!(dispatch(instance, &DispatchOptions::default()), plan);
    }
}

#[test]
fn the_weighted_sum_form_still_dispatches_every_order() {
    let instance = read_instance_files(
        "decides",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("energy_prices.csv", FLAT),
            (
                "orders.csv",
                "id,product,quantity,due,weight,revenue,optional\n\
                 O1,P,1,60,1,100,no\nO2,P,1,60,2,10,yes\n",
            ),
        ],
    )
    .unwrap();
    let plan = dispatch(&instance, &DispatchOptions::default());
    checked(&instance, &plan);
    assert!(plan.unplanned.is_empty());
    assert_eq!(plan.ops.len(), 2);
}

#[test]
fn a_deferrable_order_does_not_starve_a_required_order_of_material() {
    // Ten steel in stock; D (deferrable, due first, so every rule plans it first) and R
    // (required, due later) need ten each. Making D takes R's steel: R must not end up
    // unplannable; D is deferred instead (found by a test as a new user).
    let instance = read_instance_files(
        "starved",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("energy_prices.csv", FLAT),
            ("bom.csv", "product,material,qty_per_unit\nP,steel,1\n"),
            ("stock.csv", "site,material,quantity\nplant,steel,10\n"),
            (
                "orders.csv",
                "id,product,quantity,due,weight,revenue,optional,defer_cost_per_day\n\
                 D,P,10,60,5,100,no,1\n\
                 R,P,10,600,1,100,no,\n",
            ),
            ("objective.csv", "key,value\nform,contribution\n"),
        ],
    )
    .unwrap();
    let plan = dispatch(&instance, &DispatchOptions::default());
    checked(&instance, &plan);
    assert!(completion(&instance, &plan, "R").is_some(), "{plan:?}");
    let left = decisions(&instance, &plan);
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!((left[0].0.as_str(), left[0].1), ("D", Decision::Deferred));
    assert!(left[0].2.contains("steel"), "{left:?}");
}
