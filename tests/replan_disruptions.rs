//! Re-planning after the events a plant needs beyond the basics, one behaviour per test: a
//! breakdown that interrupts the running operation (restart or resume), a downtime before `now`,
//! a whole site down, an energy price spike, and an event that changes nothing.
//!
//! Every plant here makes product P in one step at 1 min/unit; machines draw 100 kW.

use std::time::Duration;
use takt::budget::Budget;
use takt::model::{
    Instance, InstanceBuilder, Machine, MachineId, Minutes, OpId, Order, PricePeriod, Priority,
    Product, Site, Step, StepOption, Window,
};
use takt::outcome::Outcome;
use takt::replan::{
    Event, Interrupt, ReplanError, ReplanOptions, Replanner, RushOrder, StabilityWeights,
};
use takt::solution::{Schedule, ScheduledOp, evaluate};
use takt::validate::validate;

const M1: MachineId = MachineId(0);
const M2: MachineId = MachineId(1);

/// Sites A (machine M1) and, when `two_sites`, B (machine M2); P runs on either machine; orders
/// O1 and O2 of 60 units each, due at minute 300.
fn plant(two_sites: bool) -> InstanceBuilder {
    let mut b = InstanceBuilder::new("disruptions");
    let a = b.add_site(Site::new("A"));
    let mut m1 = Machine::new("M1", a);
    m1.power_kw = 100.0;
    b.add_machine(m1);
    let mut options = vec![StepOption {
        machine: M1,
        setup: 0,
        run_per_unit: 1.0,
    }];
    if two_sites {
        let site_b = b.add_site(Site::new("B"));
        let mut m2 = Machine::new("M2", site_b);
        m2.power_kw = 100.0;
        b.add_machine(m2);
        options.push(StepOption {
            machine: M2,
            setup: 0,
            run_per_unit: 1.0,
        });
    }
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![Step {
            min_lag: 0,
            options,
        }],
        bom: vec![],
    });
    for name in ["O1", "O2"] {
        let mut o = Order::new(name, p, 60);
        o.due = Some(300);
        b.add_order(o);
    }
    b
}

fn op(op: u32, machine: MachineId, start: Minutes) -> ScheduledOp {
    ScheduledOp {
        op: OpId(op),
        machine,
        start,
        end: start + 60,
        mode: takt::model::ModeId::NOMINAL,
    }
}

fn plan(ops: Vec<ScheduledOp>) -> Schedule {
    Schedule {
        ops,
        ..Schedule::default()
    }
}

fn replanner(instance: Instance, baseline: Schedule, now: Minutes) -> Replanner {
    Replanner::new(instance, baseline, ReplanOptions::at(now)).expect("feasible baseline")
}

/// Re-plans within an iteration budget (reproducible) and checks the plan.
fn replan(r: &Replanner) -> (Outcome, Schedule) {
    let budget = Budget::time(Duration::from_secs(60)).with_iterations(Some(200));
    let outcome = r.replan(&budget).expect("re-plan");
    let schedule = outcome.schedule.clone().expect("a plan");
    let report = validate(&outcome.instance, &schedule);
    assert!(report.is_feasible(), "{report}");
    (outcome, schedule)
}

/// The placement of order `name`'s only operation.
fn placed(outcome: &Outcome, schedule: &Schedule, name: &str) -> ScheduledOp {
    let instance = &outcome.instance;
    *schedule
        .ops
        .iter()
        .find(|s| instance.order(instance.op(s.op).order).name == name)
        .unwrap_or_else(|| panic!("{name} is not planned"))
}

/// One site: O1 runs on M1 [0, 60) and O2 follows at [60, 120); now = 30, M1 breaks down during
/// [40, 100).
fn interrupted(interrupt: Interrupt) -> (Outcome, Schedule) {
    let instance = plant(false).build().unwrap();
    let mut r = replanner(instance, plan(vec![op(0, M1, 0), op(1, M1, 60)]), 30);
    r.apply(Event::MachineDown {
        machine: "M1".into(),
        window: Window::new(40, 100),
        interrupt,
    })
    .unwrap();
    replan(&r)
}

#[test]
fn a_restarted_operation_starts_over_when_the_machine_is_back() {
    let (outcome, schedule) = interrupted(Interrupt::Restart);
    // Back at 100, O1's 60 minutes run again: it ends at 160 (one bar [0, 160) with the breakdown
    // inside) and O2 follows.
    let o1 = placed(&outcome, &schedule, "O1");
    assert_eq!((o1.machine, o1.start, o1.end), (M1, 0, 160));
    assert!(placed(&outcome, &schedule, "O2").start >= 160);
    assert!(
        outcome.notes.iter().any(|n| n.contains("starts over")),
        "{:?}",
        outcome.notes
    );
}

#[test]
fn a_resumed_operation_finishes_its_remaining_work_after_the_breakdown() {
    let (outcome, schedule) = interrupted(Interrupt::Resume);
    // 40 minutes done before the breakdown, 20 left after 100: ends at 120.
    let o1 = placed(&outcome, &schedule, "O1");
    assert_eq!((o1.machine, o1.start, o1.end), (M1, 0, 120));
    assert!(placed(&outcome, &schedule, "O2").start >= 120);
    assert!(
        outcome.notes.iter().any(|n| n.contains("resumes")),
        "{:?}",
        outcome.notes
    );
}

#[test]
fn by_default_the_running_operation_finishes_first() {
    let (outcome, schedule) = interrupted(Interrupt::FinishFirst);
    let o1 = placed(&outcome, &schedule, "O1");
    assert_eq!((o1.start, o1.end), (0, 60));
    // The downtime keeps its length from 60: [60, 120).
    assert_eq!(
        outcome.instance.machine(M1).downtime,
        vec![Window::new(60, 120)]
    );
    assert!(placed(&outcome, &schedule, "O2").start >= 120);
}

#[test]
fn a_downtime_that_starts_before_now_is_refused_and_changes_nothing() {
    let instance = plant(false).build().unwrap();
    let mut r = replanner(instance, plan(vec![op(0, M1, 0), op(1, M1, 60)]), 30);
    let error = r
        .apply(Event::machine_down("M1", Window::new(20, 100)))
        .unwrap_err();
    match error {
        ReplanError::Event(e) => {
            assert_eq!(e.code.as_str(), "WINDOW_BEFORE_NOW");
            assert_eq!(e.index, 0);
        }
        other => panic!("expected an event error, got {other}"),
    }
    assert!(r.events().is_empty());
    assert!(r.instance().machine(M1).downtime.is_empty());
}

#[test]
fn a_site_outage_moves_its_work_to_the_other_plant() {
    let instance = plant(true).build().unwrap();
    // Both orders at site A, nothing started at now = 0.
    let mut r = replanner(instance, plan(vec![op(0, M1, 100), op(1, M1, 160)]), 0);
    r.apply(Event::SiteDown {
        site: "A".into(),
        window: Window::new(0, 1_000),
        interrupt: Interrupt::FinishFirst,
    })
    .unwrap();
    assert_eq!(
        r.instance().machine(M1).downtime,
        vec![Window::new(0, 1_000)]
    );
    let (outcome, schedule) = replan(&r);
    // Waiting for A (done at 1,060 at the earliest) makes both orders 760+ minutes late; plant B
    // makes both on time.
    for name in ["O1", "O2"] {
        assert_eq!(placed(&outcome, &schedule, name).machine, M2, "{name}");
    }
    assert_eq!(outcome.kpis.as_ref().unwrap().late_orders, 0);
}

/// One site, one order O1 on M1; energy costs 0.1 per kWh at all times.
fn priced_plant() -> Instance {
    let mut b = plant(false);
    b.orders.truncate(1);
    b.orders[0].due = Some(10_000);
    b.add_price(PricePeriod {
        site: takt::model::SiteId(0),
        window: Window::new(0, Minutes::MAX),
        price_per_kwh: 0.1,
    });
    b.build().unwrap()
}

/// `priced_plant` with O1 published at [100, 160).
fn priced() -> Replanner {
    replanner(priced_plant(), plan(vec![op(0, M1, 100)]), 0)
}

#[test]
fn a_price_spike_moves_energy_heavy_work_out_of_the_window() {
    let mut r = priced();
    r.apply(Event::PriceChange {
        site: "A".into(),
        window: Window::new(60, 300),
        price_per_kwh: 1.0,
    })
    .unwrap();
    let (outcome, schedule) = replan(&r);
    let facts = outcome.replan.as_ref().unwrap();
    // The published plan draws 100 kWh inside the spike; the re-plan none (O1 runs before or after
    // it), and it costs less than keeping the published plan even with the stability penalty.
    let window = &facts.price_windows[0];
    assert!((window.published_kwh - 100.0).abs() < 1e-9, "{window:?}");
    assert_eq!(window.replan_kwh, 0.0, "{window:?}");
    let o1 = placed(&outcome, &schedule, "O1");
    assert!(o1.end <= 60 || o1.start >= 300, "{o1:?}");
    assert!(facts.cost < facts.published.kpis.objective, "{facts:?}");
}

/// `priced()` with its own move penalties: a move costs 8 plus 3 per hour of shift, times
/// `repriced_factor` for work inside a window whose price rose.
fn priced_with_factor(repriced_factor: f64) -> Replanner {
    let options = ReplanOptions {
        stability: Some(StabilityWeights {
            move_penalty: 8.0,
            shift_per_hour: 3.0,
            repriced_factor,
            ..StabilityWeights::none()
        }),
        ..ReplanOptions::at(0)
    };
    Replanner::new(priced_plant(), plan(vec![op(0, M1, 100)]), options).expect("feasible baseline")
}

#[test]
fn work_inside_a_window_whose_price_rose_moves_at_the_repriced_factor() {
    // The price doubles over [60, 300): keeping O1 at [100, 160) costs 10 more energy (100 kWh
    // at 0.2 instead of 0.1). The nearest way out, [0, 60), shifts it 100 minutes: 8 + 3 x 100/60
    // = 13 at the full penalty (more than the 10 it saves), 3.25 at a quarter of it.
    let spike = Event::PriceChange {
        site: "A".into(),
        window: Window::new(60, 300),
        price_per_kwh: 0.2,
    };
    let mut full = priced_with_factor(1.0);
    full.apply(spike.clone()).unwrap();
    let (_, kept) = replan(&full);
    assert_eq!(kept.ops, vec![op(0, M1, 100)], "the full penalty keeps O1");

    let mut quarter = priced_with_factor(0.25);
    quarter.apply(spike).unwrap();
    let (outcome, moved) = replan(&quarter);
    let o1 = placed(&outcome, &moved, "O1");
    assert_eq!((o1.start, o1.end), (0, 60), "{o1:?}");
    let facts = outcome.replan.as_ref().unwrap();
    assert!(
        (facts.stability_penalty - 0.25 * 13.0).abs() < 1e-9,
        "{facts:?}"
    );
    assert_eq!(facts.penalties.repriced_factor, 0.25);
}

#[test]
fn a_price_fall_leaves_the_move_penalty_of_work_inside_it_as_it_is() {
    // Half the price over [60, 300): O1 may stay or move in, but nothing is re-priced upwards, so
    // a move would pay the full penalty (13 or more against at most 5 saved): it stays.
    let mut r = priced_with_factor(0.0);
    r.apply(Event::PriceChange {
        site: "A".into(),
        window: Window::new(0, 60),
        price_per_kwh: 0.05,
    })
    .unwrap();
    let (outcome, schedule) = replan(&r);
    assert_eq!(schedule.ops, vec![op(0, M1, 100)]);
    assert_eq!(outcome.replan.as_ref().unwrap().stability_penalty, 0.0);
}

#[test]
fn the_published_plan_is_priced_at_the_new_prices() {
    let mut r = priced();
    r.apply(Event::PriceChange {
        site: "A".into(),
        window: Window::new(60, 300),
        price_per_kwh: 1.0,
    })
    .unwrap();
    let (outcome, _) = replan(&r);
    let facts = outcome.replan.as_ref().unwrap();
    // 100 kW for one hour: 10 at the old price, 100 at the new one.
    assert!(
        (facts.baseline.energy_cost - 10.0).abs() < 1e-9,
        "{facts:?}"
    );
    assert!(facts.published.feasible);
    assert!(
        (facts.published.kpis.energy_cost - 100.0).abs() < 1e-9,
        "{facts:?}"
    );
    let published = evaluate(&outcome.instance, &plan(vec![op(0, M1, 100)]));
    assert_eq!(facts.published.kpis.energy_cost, published.energy_cost);
}

#[test]
fn an_event_that_damages_nothing_skips_the_improvement() {
    let mut r = priced();
    // A price change long after the plan ends.
    r.apply(Event::PriceChange {
        site: "A".into(),
        window: Window::new(5_000, 6_000),
        price_per_kwh: 1.0,
    })
    .unwrap();
    let (outcome, schedule) = replan(&r);
    let facts = outcome.replan.as_ref().unwrap();
    assert_eq!(facts.improvement.damaged_orders, 0, "{facts:?}");
    assert_eq!(facts.improvement.rounds, 0, "{facts:?}");
    assert_eq!(facts.improvement.stopped, "no damage");
    assert_eq!(schedule.ops, vec![op(0, M1, 100)]);
}

#[test]
fn an_interrupted_operation_is_found_by_name_after_a_cancellation() {
    // O2 runs at [0, 60); O1 (listed first) waits at [60, 120) and is cancelled before the
    // breakdown: the cancellation shifts the orders' positions, the breakdown still lengthens O2.
    let instance = plant(false).build().unwrap();
    let mut r = replanner(instance, plan(vec![op(0, M1, 60), op(1, M1, 0)]), 30);
    r.apply(Event::OrderCancelled { order: "O1".into() })
        .unwrap();
    r.apply(Event::MachineDown {
        machine: "M1".into(),
        window: Window::new(40, 100),
        interrupt: Interrupt::Resume,
    })
    .unwrap();
    let (outcome, schedule) = replan(&r);
    let o2 = placed(&outcome, &schedule, "O2");
    assert_eq!((o2.machine, o2.start, o2.end), (M1, 0, 120));
    assert_eq!(schedule.ops.len(), 1);
}

#[test]
fn the_diff_tells_a_time_shift_from_a_re_sequence_and_a_reassignment() {
    use takt::model::Horizon;
    use takt::solution::{Change, PlanDiff};
    let instance = plant(true).build().unwrap();
    let old = plan(vec![op(0, M1, 0), op(1, M1, 60)]);
    let horizon = Horizon {
        now: 0,
        published_until: 0,
    };
    let changes = |new: Vec<ScheduledOp>| -> Vec<Change> {
        let diff = PlanDiff::between(&instance, &old, &instance, &plan(new), &horizon);
        ["O1", "O2"]
            .iter()
            .map(|name| diff.ops.iter().find(|c| c.order == *name).unwrap().change)
            .collect()
    };
    // Same machine and order, later: shifted.
    assert_eq!(
        changes(vec![op(0, M1, 10), op(1, M1, 70)]),
        [Change::Shifted, Change::Shifted]
    );
    // Same machine, order swapped: re-sequenced.
    assert_eq!(
        changes(vec![op(0, M1, 60), op(1, M1, 0)]),
        [Change::Resequenced, Change::Resequenced]
    );
    // O1 to the other plant's machine: reassigned; O2 keeps its place.
    assert_eq!(
        changes(vec![op(0, M2, 0), op(1, M1, 60)]),
        [Change::Reassigned, Change::Unchanged]
    );
}

#[test]
fn an_unknown_name_suggests_the_closest_one() {
    let instance = plant(true).build().unwrap();
    let mut r = replanner(instance, plan(vec![op(0, M1, 0), op(1, M1, 60)]), 0);
    let hint = |error: ReplanError| match error {
        ReplanError::Event(e) => (e.code.as_str(), e.hint),
        other => panic!("expected an event error, got {other}"),
    };
    let down = Event::machine_down("m2", Window::new(10, 20));
    assert_eq!(
        hint(r.apply(down).unwrap_err()),
        ("UNKNOWN_MACHINE", "did you mean 'M2'?".to_string())
    );
    let site = Event::SiteDown {
        site: "b".into(),
        window: Window::new(10, 20),
        interrupt: Interrupt::FinishFirst,
    };
    assert_eq!(
        hint(r.apply(site).unwrap_err()),
        ("UNKNOWN_SITE", "did you mean 'B'?".to_string())
    );
    // Nothing close: the hint says what to name.
    let far = Event::machine_down("XYZ-999", Window::new(10, 20));
    let (_, text) = hint(r.apply(far).unwrap_err());
    assert!(text.contains("name a machine"), "{text}");
}

#[test]
fn work_leaves_a_machine_predicted_to_fail_when_another_can_take_it() {
    let instance = plant(true).build().unwrap();
    // O1 on M1 at [100, 160), O2 on M2 at [0, 60); M2 is free afterwards.
    let mut r = replanner(instance, plan(vec![op(0, M1, 100), op(1, M2, 0)]), 0);
    r.apply(Event::MachineAtRisk {
        machine: "M1".into(),
        window: Window::new(0, 1_000),
        probability: 1.0,
    })
    .unwrap();
    // Not a downtime: the machine stays available.
    assert!(r.instance().machine(M1).downtime.is_empty());
    let (outcome, schedule) = replan(&r);
    assert_eq!(placed(&outcome, &schedule, "O1").machine, M2);
    assert_eq!(outcome.replan.as_ref().unwrap().risk_penalty, 0.0);
}

#[test]
fn a_failure_probability_outside_zero_to_one_is_refused() {
    let instance = plant(false).build().unwrap();
    let mut r = replanner(instance, plan(vec![op(0, M1, 0), op(1, M1, 60)]), 0);
    for probability in [0.0, 1.5, f64::NAN] {
        let error = r
            .apply(Event::MachineAtRisk {
                machine: "M1".into(),
                window: Window::new(0, 100),
                probability,
            })
            .unwrap_err();
        match error {
            ReplanError::Event(e) => assert_eq!(e.code.as_str(), "BAD_PROBABILITY"),
            other => panic!("expected an event error, got {other}"),
        }
    }
}

#[test]
fn an_overrun_that_keeps_every_order_on_time_is_local_damage() {
    // O1 runs on M1 [0, 60), O2 follows at [60, 120), due at 300; O1 overruns by 10 minutes.
    let instance = plant(false).build().unwrap();
    let mut r = replanner(instance, plan(vec![op(0, M1, 0), op(1, M1, 60)]), 30);
    r.apply(Event::Overrun {
        order: "O1".into(),
        step: 0,
        extra: 10,
    })
    .unwrap();
    let (outcome, schedule) = replan(&r);
    let facts = outcome.replan.as_ref().unwrap();
    assert!(!facts.improvement.large_damage, "{facts:?}");
    assert_eq!(placed(&outcome, &schedule, "O2").start, 70);
}

#[test]
fn a_rush_order_that_makes_the_plan_late_is_large_damage() {
    // The same plan; a rush order of 120 units due at 150 cannot be on time behind O2.
    let instance = plant(false).build().unwrap();
    let mut r = replanner(instance, plan(vec![op(0, M1, 0), op(1, M1, 60)]), 30);
    let mut rush = RushOrder::new("R", "P", 120);
    rush.due = Some(150);
    r.apply(Event::RushOrder(rush)).unwrap();
    let (outcome, schedule) = replan(&r);
    let facts = outcome.replan.as_ref().unwrap();
    assert!(facts.improvement.large_damage, "{facts:?}");
    // The rush order goes before O2, which still makes its due date.
    assert_eq!(placed(&outcome, &schedule, "R").start, 60);
    assert_eq!(placed(&outcome, &schedule, "O2").start, 180);
}

#[test]
fn an_open_ended_price_change_over_work_with_a_deadline_re_plans() {
    // An open-ended price change (a new tariff from now on, `end` blank in events.csv) over an order
    // with a hard deadline: the tariff's last period runs to the end of time.
    let mut b = plant(false);
    b.orders.truncate(1);
    b.orders[0].due = Some(10_000);
    b.orders[0].deadline = Some(20_000);
    b.add_price(PricePeriod {
        site: takt::model::SiteId(0),
        window: Window::new(0, 500),
        price_per_kwh: 0.1,
    });
    let mut r = replanner(b.build().unwrap(), plan(vec![op(0, M1, 100)]), 10);
    r.apply(Event::PriceChange {
        site: "A".into(),
        window: Window::new(10, Minutes::MAX),
        price_per_kwh: 0.5,
    })
    .unwrap();
    let (outcome, schedule) = replan(&r);
    assert_eq!(schedule.ops.len(), 1);
    assert!(outcome.checked);
}

/// O1 (`high`) and O2 (weight 3) on M1, both due at 130, published at [10, 70) and [70, 130); M1 is
/// then down until 70, so one of them must be an hour late.
fn high_and_heavy(high_late_penalty: f64) -> (Outcome, Schedule) {
    let mut b = plant(false);
    for o in &mut b.orders {
        o.due = Some(130);
    }
    b.orders[0].value.priority = Priority::High;
    b.orders[1].weight = 3.0;
    let options = ReplanOptions {
        stability: Some(StabilityWeights {
            high_late_penalty,
            ..StabilityWeights::none()
        }),
        ..ReplanOptions::at(0)
    };
    let published = plan(vec![op(0, M1, 10), op(1, M1, 70)]);
    let mut r = Replanner::new(b.build().unwrap(), published, options).expect("feasible");
    r.apply(Event::MachineDown {
        machine: "M1".into(),
        window: Window::new(0, 70),
        interrupt: Interrupt::FinishFirst,
    })
    .unwrap();
    replan(&r)
}

#[test]
fn a_high_priority_order_on_time_is_made_late_only_when_that_pays_its_penalty() {
    // Without the penalty O1 (weight 1) is the cheaper one to make late (60 against 180).
    let (outcome, schedule) = high_and_heavy(0.0);
    assert_eq!(placed(&outcome, &schedule, "O1").start, 130);
    // With it, making O1 late costs 60 + 500: O2 is late instead.
    let (outcome, schedule) = high_and_heavy(500.0);
    assert_eq!(placed(&outcome, &schedule, "O1").start, 70);
    assert_eq!(placed(&outcome, &schedule, "O2").start, 130);
    let facts = outcome.replan.as_ref().unwrap();
    assert_eq!(facts.stability_penalty, 0.0, "{facts:?}");
}

#[test]
fn a_price_that_rises_and_falls_back_or_rises_a_little_releases_nothing() {
    // At factor 0 released work moves for free; O1 must stay unless the window ends a spike.
    let rise = |price| Event::PriceChange {
        site: "A".into(),
        window: Window::new(60, 300),
        price_per_kwh: price,
    };
    for events in [
        vec![rise(1.0), rise(0.1)],
        vec![rise(1.0), rise(0.01)],
        vec![rise(0.11)],
    ] {
        let mut r = priced_with_factor(0.0);
        for e in events.clone() {
            r.apply(e).unwrap();
        }
        let (outcome, schedule) = replan(&r);
        assert_eq!(schedule.ops, vec![op(0, M1, 100)], "{events:?}");
        assert_eq!(outcome.replan.as_ref().unwrap().stability_penalty, 0.0);
    }
}
