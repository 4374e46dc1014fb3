//! `order_value_changed` and `order_priority_changed`: read from `events.csv` with every problem in
//! its cell, applied by the re-planner to the order they name.

use takt::budget::Budget;
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::io::{ErrorCode, Source, parse_events, read_instance_files};
use takt::model::{Instance, Priority};
use takt::replan::{Event, ReplanOptions, Replanner};
use takt::solution::Decision;

/// One 10 kW machine at 1.5 per kWh; O2 is optional with margin 12 against an energy cost of 15.
fn instance() -> Instance {
    read_instance_files(
        "value-events",
        &[
            ("machines.csv", "id,power_kw\nM1,10\n"),
            ("routings.csv", "product,step,machine,setup\nP,1,M1,60\n"),
            (
                "energy_prices.csv",
                "site,start,price_per_kwh\nplant,0,1.5\n",
            ),
            (
                "orders.csv",
                "id,product,quantity,due,release,revenue,variable_cost,optional\n\
                 O1,P,1,1000,0,100,0,no\nO2,P,1,1000,300,20,8,yes\n",
            ),
            ("objective.csv", "key,value\nform,contribution\n"),
        ],
    )
    .unwrap()
}

fn events(instance: &Instance, text: &str) -> Result<Vec<Event>, takt::io::InputErrors> {
    parse_events(instance, &Source::new("events.csv", text.as_bytes())).map(|f| f.events)
}

#[test]
fn value_events_read_and_bad_cells_are_placed() {
    let inst = instance();
    let read = events(
        &inst,
        "kind,order,revenue,variable_cost,priority\n\
         order_value_changed,O2,40,,\norder_priority_changed,O1,,,HIGH\n",
    )
    .unwrap();
    assert_eq!(
        read,
        vec![
            Event::OrderValueChanged {
                order: "O2".into(),
                revenue: Some(40.0),
                variable_cost: None
            },
            Event::OrderPriorityChanged {
                order: "O1".into(),
                priority: Priority::High
            },
        ]
    );
    let errors = events(
        &inst,
        "kind,order,revenue,variable_cost,priority\n\
         order_value_changed,O2,,,\norder_priority_changed,O1,,,urgent\n\
         order_value_changed,O9,-1,,\norder_priority_changed,O1,5,,low\n",
    )
    .unwrap_err();
    let at = |line: usize, column: &str| {
        errors
            .iter()
            .find(|e| e.line == Some(line) && e.column.as_deref() == Some(column))
            .map(|e| e.code)
    };
    assert_eq!(at(2, "revenue"), Some(ErrorCode::MissingValue));
    assert_eq!(at(3, "priority"), Some(ErrorCode::UnknownChoice));
    assert_eq!(at(4, "order"), Some(ErrorCode::UnknownOrder));
    assert_eq!(at(4, "revenue"), Some(ErrorCode::NegativeValue));
    assert_eq!(at(5, "revenue"), Some(ErrorCode::CellNotUsed));
}

#[test]
fn a_customer_paying_more_makes_a_dropped_order_worth_making_again() {
    let inst = instance();
    let budget = Budget::iterations(200).with_threads(1);
    let solved = solve(
        &inst,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap();
    assert_eq!(solved.unplanned[0].decision, Decision::Dropped);
    let mut r = Replanner::new(
        inst.clone(),
        solved.schedule.unwrap(),
        ReplanOptions::at(10),
    )
    .unwrap();
    // Nothing changed: the re-plan keeps O2 out, and the published plan's drop stays a decision
    // (its forfeited margin counted, nothing to repair).
    let kept = r.replan(&budget).unwrap();
    assert_eq!(kept.unplanned.len(), 1, "{:?}", kept.unplanned);
    assert_eq!(kept.unplanned[0].decision, Decision::Dropped);
    let kpis = kept.kpis.as_ref().unwrap();
    assert_eq!((kpis.unplanned_orders, kpis.value.dropped_orders), (0, 1));
    let facts = kept.replan.as_ref().unwrap();
    assert_eq!(facts.published.kpis.value.dropped_orders, 1);
    assert_eq!(facts.published.kpis.objective, kpis.objective);
    assert_eq!(facts.saved, Some(0.0));
    assert_eq!(facts.improvement.damaged_orders, 0);
    r.apply(Event::OrderValueChanged {
        order: "O2".into(),
        revenue: Some(40.0),
        variable_cost: None,
    })
    .unwrap();
    r.apply(Event::OrderPriorityChanged {
        order: "O2".into(),
        priority: Priority::High,
    })
    .unwrap();
    let o2 = r
        .instance()
        .orders()
        .iter()
        .find(|o| o.name == "O2")
        .unwrap();
    assert_eq!(
        (o2.value.margin(), o2.value.priority),
        (32.0, Priority::High)
    );
    let replanned = r.replan(&budget).unwrap();
    assert!(replanned.report.as_ref().unwrap().is_feasible());
    // The published plan (O2 dropped) forfeits O2's new margin of 32; making O2 costs 15 of
    // energy, so the re-plan saves 17.
    let facts = replanned.replan.as_ref().unwrap();
    let saved = facts.saved.unwrap();
    assert!((saved - 17.0).abs() < 1e-6, "saved {saved}");
    assert!(
        replanned.unplanned.is_empty(),
        "O2 (margin 32 > energy 15) is planned again: {:?}",
        replanned.unplanned
    );
    assert!(
        r.apply(Event::OrderPriorityChanged {
            order: "O7".into(),
            priority: Priority::Low
        })
        .is_err()
    );
}

#[test]
fn a_price_spike_makes_the_replan_drop_optional_work_that_no_longer_pays_but_not_started_work() {
    // O2 earns 32 (revenue 40): worth its energy of 15 at 1.5 per kWh, not of 40 at 4 per kWh.
    let inst = instance();
    let budget = Budget::iterations(200).with_threads(1);
    let mut r = Replanner::new(
        inst.clone(),
        solve(
            &inst,
            &SolveOptions::with_solver(SolverKind::Search),
            &budget,
        )
        .unwrap()
        .schedule
        .unwrap(),
        ReplanOptions::at(10),
    )
    .unwrap();
    r.apply(Event::OrderValueChanged {
        order: "O2".into(),
        revenue: Some(40.0),
        variable_cost: None,
    })
    .unwrap();
    assert!(r.replan(&budget).unwrap().unplanned.is_empty());
    r.apply(Event::PriceChange {
        site: "plant".into(),
        window: takt::model::Window::new(100, 100_000),
        price_per_kwh: 4.0,
    })
    .unwrap();
    let spiked = r.replan(&budget).unwrap();
    assert!(spiked.report.as_ref().unwrap().is_feasible());
    // O1 started at 0 (before now = 10): history stays, whatever its energy costs now.
    assert_eq!(spiked.unplanned.len(), 1, "{:?}", spiked.unplanned);
    let u = &spiked.unplanned[0];
    assert_eq!((u.order.as_str(), u.decision), ("O2", Decision::Dropped));
    assert_eq!(
        u.reason,
        "not worth making: margin 32 < cost 40 (energy 40)"
    );
    assert_eq!(spiked.exit_code(), 0);
}

#[test]
fn what_if_keeps_a_published_drop_as_a_decision_not_a_late_order() {
    use takt::whatif::{Distribution, Risk, Sampler, ScenarioSet, Target, WhatIf, WhatIfOptions};
    let inst = instance();
    let budget = Budget::iterations(50).with_threads(1);
    let solved = solve(
        &inst,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap();
    let objective = solved.kpis.as_ref().unwrap().objective;
    let whatif = WhatIf::new(
        inst.clone(),
        vec![("published".into(), solved.schedule.unwrap())],
        WhatIfOptions::at(0),
    )
    .unwrap();
    // M1 fails now and then, far from O2's business: O2 is dropped in every scenario, by choice.
    let risks = vec![Risk::MachineFailure {
        target: Target::Named("M1".into()),
        mtbf: 10_000.0,
        repair: Distribution::Triangular {
            min: 1.0,
            mode: 2.0,
            max: 3.0,
        },
    }];
    let sampler = Sampler::new(&inst, risks, 0, whatif.horizon_end(), 3, 8).unwrap();
    let results = whatif.run(&ScenarioSet::Sampled(sampler), &budget).unwrap();
    let summary = results.summary();
    let o2 = summary.orders.iter().find(|o| o.order == "O2").unwrap();
    assert!(o2.keep.is_none(), "a dropped order is no risk: {o2:?}");
    let keep = summary.plans[0].keep.as_ref().unwrap();
    assert_eq!(keep.scenarios, 8);
    // The kept plan still forfeits O2's margin and nothing more while M1 holds.
    assert!(keep.objective.mean >= objective - 1e-9, "{keep:?}");
}

#[test]
fn a_re_plan_that_changes_only_a_decision_reports_the_kpis_of_that_decision() {
    // C (optional and deferrable, 300 minutes of work, due after the horizon end at 200) is
    // dropped in the published plan. Its revenue rises to 100,000: dropping would forfeit it, so
    // the re-plan defers it. Every operation stays where it was, so only the decision changes:
    // the KPIs must be those of the re-plan (deferred), not those of the published plan kept at
    // the new facts (dropped, forfeiting 100,000), found by a test as a new user.
    let instance = read_instance_files(
        "decision-only",
        &[
            ("machines.csv", "id,power_kw\nm1,60\n"),
            (
                "routings.csv",
                "product,step,machine,setup,run_per_unit\np,1,m1,0,10\n",
            ),
            ("energy_prices.csv", "site,start,price_per_kwh\nplant,0,0.5\n"),
            (
                "orders.csv",
                "id,product,quantity,release,due,revenue,variable_cost,defer_cost_per_day,optional,priority\n\
                 A,p,6,0,60,1000,0,,yes,high\n\
                 B,p,6,0,600,50,0,3,,low\n\
                 C,p,30,0,300,100,0,2,yes,\n",
            ),
            (
                "objective.csv",
                "key,value\nform,contribution\nhorizon_end,200\n",
            ),
        ],
    )
    .unwrap();
    let published = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Greedy),
        &Budget::iterations(100).with_threads(1),
    )
    .unwrap();
    let plan = published.schedule.unwrap();
    let c = plan
        .unplanned
        .iter()
        .find(|u| u.order == instance.order_ids().nth(2).unwrap());
    assert_eq!(c.map(|u| u.decision), Some(Decision::Dropped), "{plan:?}");
    let mut replanner = Replanner::new(instance, plan, ReplanOptions::at(10)).unwrap();
    let raise = events(
        replanner.instance(),
        "kind,order,revenue\norder_value_changed,C,100000\n",
    )
    .unwrap();
    replanner.apply_all(raise).unwrap();
    let outcome = replanner
        .replan(&Budget::iterations(200).with_threads(1))
        .unwrap();
    let after = outcome.schedule.as_ref().unwrap();
    let k = outcome.kpis.as_ref().unwrap();
    let recount = takt::solution::evaluate(replanner.instance(), after);
    assert_eq!(k.objective, recount.objective);
    assert_eq!(k.value, recount.value);
    let c = &after
        .unplanned
        .iter()
        .find(|u| u.order.index() == 2)
        .unwrap();
    assert_eq!(c.decision, Decision::Deferred);
    assert_eq!((k.value.deferred_orders, k.value.dropped_orders), (1, 0));
}

#[test]
fn the_diff_labels_the_work_of_a_deferred_order_deferred_and_of_a_dropped_one_dropped() {
    use takt::model::{Horizon, MachineId, ModeId, OpId};
    use takt::solution::{Change, PlanDiff, Schedule, ScheduledOp, UnplannedOrder};
    let inst = instance();
    let at = |op: u32, start| ScheduledOp {
        op: OpId(op),
        machine: MachineId(0),
        start,
        end: start + 60,
        mode: ModeId::NOMINAL,
    };
    let published = Schedule {
        ops: vec![at(0, 0), at(1, 300)],
        ..Schedule::default()
    };
    let horizon = Horizon {
        now: 10,
        published_until: 10,
    };
    for decision in [Decision::Deferred, Decision::Dropped, Decision::Unplannable] {
        let replan = Schedule {
            ops: vec![at(0, 0)],
            unplanned: vec![UnplannedOrder {
                order: inst.order_ids().nth(1).unwrap(),
                reason: "left out".into(),
                decision,
            }],
            ..Schedule::default()
        };
        let diff = PlanDiff::between(&inst, &published, &inst, &replan, &horizon);
        let o2 = diff.ops.iter().find(|c| c.order == "O2").unwrap();
        let (change, deferred, dropped) = match decision {
            Decision::Deferred => (Change::Deferred, 1, 0),
            _ => (Change::Dropped, 0, 1),
        };
        assert_eq!(o2.change, change, "{decision:?}");
        assert_eq!(
            (
                diff.counts.deferred,
                diff.counts.dropped,
                diff.counts.unchanged
            ),
            (deferred, dropped, 1),
            "{decision:?}"
        );
    }
}

#[test]
fn a_high_priority_order_is_made_late_rather_than_dropped_to_dodge_its_penalty() {
    // H (optional, high, margin 300) runs on time at [0, 60) in the published plan; M is then
    // down for its first 20 minutes. Late by 20 it costs 20 plus the high-late penalty; dropped
    // it forfeits 300 plus the same penalty: it is made late (found by a test as a new user).
    let inst = read_instance_files(
        "high-late",
        &[
            ("machines.csv", "id,power_kw\nM,10\n"),
            (
                "routings.csv",
                "product,step,machine,setup,run_per_unit\nP,1,M,0,60\n",
            ),
            (
                "orders.csv",
                "id,product,quantity,due,revenue,optional,priority\nH,P,1,60,300,yes,high\n",
            ),
            (
                "objective.csv",
                "key,value\nform,contribution\nhorizon_end,2000\n",
            ),
        ],
    )
    .unwrap();
    let budget = Budget::iterations(200).with_threads(1);
    let published = solve(
        &inst,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap()
    .schedule
    .unwrap();
    assert!(published.unplanned.is_empty(), "{published:?}");
    let mut r = Replanner::new(inst, published, ReplanOptions::at(0)).unwrap();
    let down = events(
        r.instance(),
        "kind,machine,start,end\nmachine_down,M,0,20\n",
    )
    .unwrap();
    r.apply_all(down).unwrap();
    let outcome = r.replan(&budget).unwrap();
    assert!(outcome.unplanned.is_empty(), "{:?}", outcome.unplanned);
    let plan = outcome.schedule.as_ref().unwrap();
    assert_eq!((plan.ops[0].start, plan.ops[0].end), (20, 80));
    let facts = outcome.replan.as_ref().unwrap();
    // The penalty: H made late, and H moved by 20 minutes.
    let w = facts.penalties;
    let expected = w.high_late_penalty + w.move_penalty + w.shift_per_hour * 20.0 / 60.0;
    assert!(
        (facts.stability_penalty - expected).abs() < 1e-9,
        "{} != {expected}",
        facts.stability_penalty
    );
}
