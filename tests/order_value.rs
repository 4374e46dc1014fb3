//! Order values (revenue, variable cost, priority, optional, deferrable) and the contribution form:
//! reading them with file:line:column errors, writing them back, the checker's rules for orders
//! left out by choice, the value KPIs, and hand-worked fixtures solved by every engine.

use takt::budget::Budget;
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::io::{ErrorCode, instance_files, read_instance_files};
use takt::model::{Instance, ObjectiveForm, Priority};
use takt::solution::{Decision, Schedule, UnplannedOrder, evaluate};
use takt::validate::{ViolationCode, validate};

const MACHINES: &str = "id,power_kw\nM1,10\n";
const ROUTINGS: &str = "product,step,machine,setup\nP,1,M1,60\n";
const PRICES: &str = "site,start,price_per_kwh\nplant,0,1.5\n";

/// One machine of 10 kW at 1.5 per kWh: every one-hour order costs 15 in energy. O1 (margin 100)
/// is required; O2 is optional with revenue `o2_revenue` and variable cost 8.
fn fixture(o2_revenue: f64, form: &str) -> Instance {
    let orders = format!(
        "id,product,quantity,due,revenue,variable_cost,optional\n\
         O1,P,1,1000,100,0,no\n\
         O2,P,1,1000,{o2_revenue},8,yes\n"
    );
    let objective = format!("key,value\nform,{form}\n");
    read_instance_files(
        "value",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("energy_prices.csv", PRICES),
            ("orders.csv", orders.as_str()),
            ("objective.csv", objective.as_str()),
        ],
    )
    .unwrap()
}

fn engines() -> Vec<SolverKind> {
    let mut kinds = vec![SolverKind::Greedy, SolverKind::Search, SolverKind::Auto];
    if cfg!(feature = "highs") {
        kinds.push(SolverKind::Milp);
    }
    kinds
}

fn budget() -> Budget {
    Budget::iterations(300).with_threads(1)
}

#[test]
fn value_columns_read_per_order_and_per_unit_amounts() {
    let instance = read_instance_files(
        "v",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            (
                "orders.csv",
                "id,product,quantity,revenue_per_unit,variable_cost,priority,optional,defer_cost_per_day\n\
                 O7,P,10,30,180,LOW,yes,\n\
                 O8,P,2,,,,,12.5\n",
            ),
            ("objective.csv", "key,value\nhorizon_end,2025-03-11T06:00\nplan_start,2025-03-10T06:00\nform,contribution\n"),
        ],
    )
    .unwrap();
    let o7 = &instance.orders()[0].value;
    assert_eq!(
        (o7.revenue, o7.variable_cost, o7.margin()),
        (300.0, 180.0, 120.0)
    );
    assert_eq!(o7.priority, Priority::Low);
    assert!(o7.optional && !o7.is_deferrable());
    let o8 = &instance.orders()[1].value;
    assert_eq!(
        (o8.revenue, o8.priority, o8.optional),
        (0.0, Priority::Normal, false)
    );
    assert_eq!(o8.defer_cost_per_day, Some(12.5));
    assert_eq!(instance.form(), ObjectiveForm::Contribution);
    // The horizon end is read after plan_start whatever the row order: one day later.
    assert_eq!(instance.horizon_end(), 1_440);
}

#[test]
fn bad_value_cells_name_file_line_column_and_a_hint() {
    let errors = read_instance_files(
        "v",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            (
                "orders.csv",
                "id,product,quantity,revenue,revenue_per_unit,priority,optional,variable_cost_per_unit\n\
                 O1,P,1,10,2,,,\n\
                 O2,P,1,,,hihg,,\n\
                 O3,P,1,,,,maybe,\n\
                 O4,P,4294967295,,,,,1e9\n\
                 O5,P,1,-3,,,,\n",
            ),
            ("objective.csv", "key,value\nform,contrib\n"),
        ],
    )
    .unwrap_err();
    let find = |line: usize| {
        errors
            .iter()
            .find(|e| e.line == Some(line) && e.file.ends_with("orders.csv"))
            .unwrap_or_else(|| panic!("no error on line {line}: {errors:?}"))
    };
    let conflict = find(2);
    assert_eq!(conflict.code, ErrorCode::ConflictingColumns);
    assert_eq!(conflict.column.as_deref(), Some("revenue_per_unit"));
    let priority = find(3);
    assert_eq!(priority.code, ErrorCode::UnknownChoice);
    assert_eq!(priority.column.as_deref(), Some("priority"));
    assert!(
        priority.hint.contains("did you mean 'high'"),
        "{}",
        priority.hint
    );
    let optional = find(4);
    assert_eq!(
        (optional.code, optional.column.as_deref()),
        (ErrorCode::UnknownChoice, Some("optional"))
    );
    let too_much = find(5);
    assert_eq!(
        (too_much.code, too_much.column.as_deref()),
        (ErrorCode::OutOfRange, Some("variable_cost_per_unit"))
    );
    assert_eq!(find(6).code, ErrorCode::NegativeValue);
    let form = errors
        .iter()
        .find(|e| e.file.ends_with("objective.csv"))
        .unwrap();
    assert_eq!((form.code, form.line), (ErrorCode::UnknownChoice, Some(2)));
    assert!(form.hint.contains("contribution"), "{}", form.hint);
}

#[test]
fn values_form_and_horizon_are_written_back_and_read_equal() {
    let text = "id,product,quantity,due,revenue,variable_cost,priority,optional,defer_cost_per_day\n\
                O1,P,1,1000,100.25,3,high,no,\nO2,P,1,900,20,8,low,yes,2\n";
    let instance = read_instance_files(
        "v",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("orders.csv", text),
            (
                "objective.csv",
                "key,value\nform,contribution\nhorizon_end,4000\n",
            ),
        ],
    )
    .unwrap();
    let files = instance_files(&instance).unwrap();
    let back = read_instance_files("v", &files).unwrap();
    assert_eq!(back.orders(), instance.orders());
    assert_eq!(back.form(), ObjectiveForm::Contribution);
    assert_eq!(back.horizon_end_given(), Some(4000));
}

#[test]
fn an_optional_order_whose_margin_does_not_cover_its_energy_is_left_out_by_every_engine() {
    let instance = fixture(20.0, "contribution");
    for kind in engines() {
        let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget()).unwrap();
        let schedule = outcome.schedule.as_ref().unwrap();
        assert!(validate(&instance, schedule).is_complete(), "{kind:?}");
        assert_eq!(outcome.exit_code(), 0, "{kind:?}: a drop is a decision");
        assert_eq!(outcome.unplanned.len(), 1, "{kind:?}");
        let u = &outcome.unplanned[0];
        assert_eq!((u.order.as_str(), u.decision), ("O2", Decision::Dropped));
        assert_eq!(
            u.reason,
            "not worth making: margin 12 < cost 15 (energy 15)"
        );
        let k = outcome.kpis.as_ref().unwrap();
        // Made: O1 only, margin 100, energy 15. Dropped: O2's margin 12.
        assert_eq!(k.value.margin, 100.0);
        assert_eq!(k.value.contribution, 85.0);
        assert_eq!((k.value.dropped_orders, k.value.dropped_margin), (1, 12.0));
        assert_eq!(k.unplanned_orders, 0);
        assert_eq!(k.objective, 15.0 + 12.0, "{kind:?}");
        // 27 is the optimum: the bound never exceeds it, and only a solver that decides the
        // choice of orders (the time-indexed MILP) may prove it.
        let bound = outcome.lower_bound.unwrap();
        assert!(bound <= 27.0 + 1e-9, "{kind:?}: bound {bound}");
    }
}

#[test]
fn with_a_higher_price_the_optional_order_is_made() {
    let instance = fixture(30.0, "contribution");
    for kind in engines() {
        let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget()).unwrap();
        assert!(
            outcome.unplanned.is_empty(),
            "{kind:?}: {:?}",
            outcome.unplanned
        );
        let k = outcome.kpis.unwrap();
        // Margin 100 + 22, energy 2 x 15.
        assert_eq!(k.value.contribution, 92.0, "{kind:?}");
        assert_eq!(k.objective, 30.0, "{kind:?}");
    }
}

#[test]
fn the_weighted_sum_form_plans_optional_orders_and_reports_their_margin() {
    let instance = fixture(20.0, "weighted_sum");
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Greedy),
        &budget(),
    )
    .unwrap();
    assert!(outcome.unplanned.is_empty());
    assert!(
        outcome.notes.iter().any(|n| n.starts_with(
            "1 optional and 0 deferrable order(s), but the objective form is weighted_sum"
        )),
        "the optional flag is not ignored in silence: {:?}",
        outcome.notes
    );
    let k = outcome.kpis.unwrap();
    assert_eq!(k.objective, 30.0);
    assert_eq!(k.value.contribution, 112.0 - 30.0);
}

#[test]
fn a_deferrable_order_is_deferred_when_deferral_is_cheaper_than_making_it() {
    // One machine, two one-hour orders due at minute 60: one of them is 60 minutes late (weight
    // 1: 60). O2 is deferrable at 2 per day; due 60, horizon end 4000: ceil(3940 / 1440) = 3 days,
    // 6, plus its energy when made later at the mean price (15): 21 < 60 late + 15 energy now.
    let instance = read_instance_files(
        "defer",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("energy_prices.csv", PRICES),
            (
                "orders.csv",
                "id,product,quantity,due,revenue,defer_cost_per_day\nO1,P,1,60,100,\nO2,P,1,60,50,2\n",
            ),
            ("objective.csv", "key,value\nform,contribution\nhorizon_end,4000\n"),
        ],
    )
    .unwrap();
    for kind in engines() {
        let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget()).unwrap();
        assert_eq!(outcome.exit_code(), 0, "{kind:?}");
        let u = &outcome.unplanned[0];
        assert_eq!(
            (u.order.as_str(), u.decision),
            ("O2", Decision::Deferred),
            "{kind:?}"
        );
        let k = outcome.kpis.unwrap();
        assert_eq!(
            (
                k.value.deferred_orders,
                k.value.deferral_cost,
                k.value.deferred_energy_cost
            ),
            (1, 6.0, 15.0),
            "{kind:?}"
        );
        // A deferred order keeps its margin: 150 - 15 energy of O1 - 6 deferral - 15 energy later.
        assert_eq!(k.value.contribution, 114.0, "{kind:?}");
        assert_eq!(k.objective, 36.0, "{kind:?}");
    }
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Greedy),
        &budget(),
    )
    .unwrap();
    assert_eq!(
        outcome.unplanned[0].reason,
        "deferred beyond the horizon end: making it now costs 75 (energy 15, tardiness 60) > \
         deferring 21 (3 day(s) x 2, energy 15 when made later)"
    );
}

#[test]
fn deferring_to_save_energy_at_the_mean_price_does_not_pay() {
    // The former accounting charged a deferred order no energy: O2's deferral (6) looked cheaper
    // than its energy (15). It is made later at the same price, so it is made now, on time.
    let instance = read_instance_files(
        "defer",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("energy_prices.csv", PRICES),
            (
                "orders.csv",
                "id,product,quantity,due,revenue,defer_cost_per_day\nO1,P,1,1000,100,\nO2,P,1,1000,50,2\n",
            ),
            ("objective.csv", "key,value\nform,contribution\nhorizon_end,4000\n"),
        ],
    )
    .unwrap();
    for kind in engines() {
        let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget()).unwrap();
        assert!(
            outcome.unplanned.is_empty(),
            "{kind:?}: {:?}",
            outcome.unplanned
        );
        let k = outcome.kpis.unwrap();
        assert_eq!(
            (k.value.contribution, k.objective),
            (120.0, 30.0),
            "{kind:?}"
        );
    }
}

#[test]
fn a_deferrable_order_that_cannot_be_made_before_the_horizon_end_is_deferred() {
    // Product Q needs steel and no steel is on hand or coming. O2 (deferrable) is deferred: it
    // is made when steel comes, after the horizon end; O3 (optional and deferrable, margin 10 <
    // deferring 6 + 15 energy) is dropped; O4 (required) cannot be made: a failure.
    let instance = read_instance_files(
        "defer-unplannable",
        &[
            ("machines.csv", MACHINES),
            (
                "routings.csv",
                "product,step,machine,setup\nP,1,M1,60\nQ,1,M1,60\n",
            ),
            ("bom.csv", "product,material,qty_per_unit\nQ,steel,1\n"),
            ("energy_prices.csv", PRICES),
            (
                "orders.csv",
                "id,product,quantity,due,revenue,optional,defer_cost_per_day\n\
                 O1,P,1,1000,100,no,\n\
                 O2,Q,1,1000,50,no,2\n\
                 O3,Q,1,1000,10,yes,2\n\
                 O4,Q,1,1000,80,no,\n",
            ),
            (
                "objective.csv",
                "key,value\nform,contribution\nhorizon_end,4000\n",
            ),
        ],
    )
    .unwrap();
    for kind in engines() {
        let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget()).unwrap();
        let mut decisions: Vec<(&str, Decision)> = outcome
            .unplanned
            .iter()
            .map(|u| (u.order.as_str(), u.decision))
            .collect();
        decisions.sort_unstable_by_key(|(o, _)| *o);
        assert_eq!(
            decisions,
            [
                ("O2", Decision::Deferred),
                ("O3", Decision::Dropped),
                ("O4", Decision::Unplannable)
            ],
            "{kind:?}"
        );
        assert_eq!(outcome.exit_code(), 3, "{kind:?}: O4 is a failure");
    }
}

#[test]
fn the_checker_rejects_decisions_the_order_or_the_form_does_not_allow() {
    let judge = |instance: &Instance, order: u32, decision: Decision| {
        let planned = solve(
            instance,
            &SolveOptions::with_solver(SolverKind::Greedy),
            &budget(),
        )
        .unwrap();
        let mut plan: Schedule = planned.schedule.unwrap();
        let ops = instance.order_plan(takt::model::OrderId(order)).ops.clone();
        plan.ops.retain(|s| !ops.contains(&s.op.0));
        plan.unplanned.retain(|u| u.order.0 != order);
        plan.unplanned.push(UnplannedOrder {
            order: takt::model::OrderId(order),
            reason: "test".into(),
            decision,
        });
        validate(instance, &plan)
    };
    let contribution = fixture(30.0, "contribution");
    // O1 is not optional, O2 is; neither is deferrable.
    let report = judge(&contribution, 0, Decision::Dropped);
    assert_eq!(report.of(ViolationCode::WrongDecision).count(), 1);
    let report = judge(&contribution, 1, Decision::Deferred);
    assert_eq!(report.of(ViolationCode::WrongDecision).count(), 1);
    let report = judge(&contribution, 1, Decision::Dropped);
    assert!(report.is_complete(), "{:?}", report.violations);
    let report = judge(&contribution, 1, Decision::Unplannable);
    assert!(report.is_feasible() && !report.is_complete());
    let weighted = fixture(30.0, "weighted_sum");
    let report = judge(&weighted, 1, Decision::Dropped);
    assert_eq!(report.of(ViolationCode::WrongDecision).count(), 1);
}

#[test]
fn the_contribution_reported_is_margin_minus_every_cost() {
    let instance = fixture(20.0, "contribution");
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget(),
    )
    .unwrap();
    let plan = outcome.schedule.as_ref().unwrap();
    let k = evaluate(&instance, plan);
    let margin: f64 = instance
        .order_ids()
        .filter(|o| !plan.is_unplanned(*o))
        .map(|o| instance.order(o).value.margin())
        .sum();
    assert_eq!(
        k.value.contribution,
        margin
            - k.energy_cost
            - k.transport_cost
            - k.total_weighted_tardiness
            - k.value.deferral_cost
    );
    let total_margin: f64 = instance.orders().iter().map(|o| o.value.margin()).sum();
    assert_eq!(k.objective, total_margin - k.value.contribution);
}

#[test]
fn the_plan_page_shows_margin_contribution_and_the_orders_left_out_by_choice() {
    let instance = fixture(20.0, "contribution");
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Greedy),
        &budget(),
    )
    .unwrap();
    let plan = outcome.schedule.as_ref().unwrap();
    let html = takt::report::render_html(&instance, plan, outcome.kpis.as_ref().unwrap(), None);
    assert!(
        html.contains("<th>contribution</th><td>85.00</td>"),
        "no contribution row"
    );
    assert!(html.contains("1 order(s) left out by choice"));
    assert!(html.contains(
        "<td>O2</td><td>dropped</td><td>not worth making: margin 12 &lt; cost 15 (energy 15)</td>"
    ));
    assert!(!html.contains("could not be planned"));
}

#[test]
fn a_deferrable_order_with_a_hard_deadline_and_a_horizon_before_the_start_are_refused_in_their_cells()
 {
    let read = |orders: &str, objective: &str| {
        read_instance_files(
            "v",
            &[
                ("machines.csv", MACHINES),
                ("routings.csv", ROUTINGS),
                ("orders.csv", orders),
                ("objective.csv", objective),
            ],
        )
        .unwrap_err()
    };
    let errors = read(
        "id,product,quantity,deadline,defer_cost_per_day\nO1,P,1,500,5\nO2,P,1,,5\n",
        "key,value\nform,contribution\n",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    let deferral = errors.iter().next().unwrap();
    assert_eq!(
        (
            deferral.file.ends_with("orders.csv"),
            deferral.code,
            deferral.line,
            deferral.column.as_deref()
        ),
        (
            true,
            ErrorCode::ConflictingColumns,
            Some(2),
            Some("defer_cost_per_day")
        )
    );
    assert!(
        deferral.message.contains("deadline"),
        "{}",
        deferral.message
    );
    let errors = read(
        "id,product,quantity\nO1,P,1\n",
        "key,value\nform,contribution\nhorizon_end,-100\n",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    let horizon = errors.iter().next().unwrap();
    assert_eq!(
        (
            horizon.file.ends_with("objective.csv"),
            horizon.code,
            horizon.line,
            horizon.column.as_deref()
        ),
        (true, ErrorCode::OutOfRange, Some(3), Some("value"))
    );
}

#[test]
fn no_engine_claims_a_bound_above_the_best_choice_of_orders() {
    // R (required, weight 10) and X (optional, margin 500, weight 20), 100 minutes each on one
    // machine, both due at 100. Making both makes one 100 minutes late (at least 1000); dropping
    // X costs its margin, 500: the optimum. A solver that plans every order proves 1000, which
    // is no bound for the problem.
    let instance = read_instance_files(
        "choice",
        &[
            ("machines.csv", "id\nM1\n"),
            ("routings.csv", "product,step,machine,setup\nP,1,M1,100\n"),
            (
                "orders.csv",
                "id,product,quantity,due,weight,revenue,optional\n\
                 R,P,1,100,10,0,no\nX,P,1,100,20,500,yes\n",
            ),
            ("objective.csv", "key,value\nform,contribution\n"),
        ],
    )
    .unwrap();
    for kind in engines() {
        let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget()).unwrap();
        let objective = outcome.kpis.as_ref().unwrap().objective;
        assert!(objective >= 500.0 - 1e-9, "{kind:?}: {objective}");
        let bound = outcome.lower_bound.unwrap();
        assert!(bound <= 500.0 + 1e-9, "{kind:?}: bound {bound}");
        if outcome.status == takt::outcome::Status::Optimal {
            assert!((objective - 500.0).abs() < 1e-9, "{kind:?}: {objective}");
        }
    }
}

#[test]
fn an_optional_order_that_cannot_be_made_is_dropped_not_a_failure() {
    // O2 is optional and its deadline (30) lies before it can end (60).
    let instance = read_instance_files(
        "impossible-optional",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            (
                "orders.csv",
                "id,product,quantity,due,deadline,revenue,optional\n\
                 O1,P,1,1000,,100,no\nO2,P,1,1000,30,500,yes\n",
            ),
            ("objective.csv", "key,value\nform,contribution\n"),
        ],
    )
    .unwrap();
    for kind in engines() {
        let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget()).unwrap();
        assert_eq!(outcome.exit_code(), 0, "{kind:?}");
        let u = &outcome.unplanned[0];
        assert_eq!((u.order.as_str(), u.decision), ("O2", Decision::Dropped));
        assert!(
            u.reason.starts_with("optional and cannot be made: "),
            "{}",
            u.reason
        );
        assert!(u.reason.contains("deadline"), "{}", u.reason);
        let k = outcome.kpis.as_ref().unwrap();
        assert_eq!((k.value.dropped_orders, k.value.dropped_margin), (1, 500.0));
    }
}
