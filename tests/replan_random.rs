//! Random plants, plans and event sequences: every re-plan passes the checker, frozen operations are
//! untouched, nothing else starts before `now`, delayed deliveries arrive at their new ETA, cancelled
//! orders disappear, and an energy price change never makes the plan dearer than keeping the old one.
//! A third of the plants plan transfers of material between their sites.

use proptest::prelude::*;
use std::collections::HashMap;
use std::time::Duration;
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::generate::{GeneratorConfig, generate};
use takt::model::{Instance, Minutes, Window};
use takt::outcome::Outcome;
use takt::replan::{
    Change, Event, EventCode, Interrupt, ReplanError, ReplanOptions, Replanner, RushOrder,
    instance_after_events, with_event_orders,
};
use takt::solution::{Schedule, ScheduledOp, evaluate};
use takt::validate::validate;

/// splitmix64: a tiny deterministic generator for the event fixtures.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len() as u64) as usize])
    }
}

/// A small iteration budget for the improvement, and a wall-clock limit that never binds, so
/// every case is reproducible.
fn budget() -> Budget {
    Budget::time(Duration::from_secs(60)).with_iterations(Some(30))
}

/// Re-planning at `now`.
fn options(now: Minutes) -> ReplanOptions {
    ReplanOptions::at(now)
}

/// The parts of a re-plan's outcome these tests look at.
struct Replan {
    instance: Instance,
    schedule: Schedule,
    kpis: takt::solution::Kpis,
    diff: takt::solution::PlanDiff,
    stability_penalty: f64,
}

impl Replan {
    fn of(outcome: Outcome) -> Self {
        let facts = outcome.replan.expect("re-plan facts");
        Replan {
            instance: (*outcome.instance).clone(),
            schedule: outcome.schedule.expect("a plan"),
            kpis: outcome.kpis.expect("KPIs"),
            diff: facts.diff,
            stability_penalty: facts.stability_penalty,
        }
    }

    fn cost(&self) -> f64 {
        self.kpis.objective + self.stability_penalty
    }
}

/// A small generated plant, its dispatched plan and a `now` inside that plan.
fn plant(seed: u64) -> (Instance, Schedule, Minutes) {
    let mut g = Gen(seed);
    let config = GeneratorConfig {
        orders: g.range(3, 24) as usize,
        machines: g.range(3, 8) as usize,
        sites: g.range(1, 3) as usize,
        customers: g.range(0, 3) as usize,
        products: g.range(1, 5) as usize,
        materials: g.range(0, 3) as usize,
        min_steps: 1,
        max_steps: g.range(1, 5) as usize,
        due_slack: 1.0,
        seed,
        ..GeneratorConfig::default()
    };
    let mut instance = generate(&config).expect("valid generator config");
    if g.below(3) == 0 {
        // A third of the plants let takt plan transfers of material between their sites.
        let mut b = instance.to_builder();
        b.plan_transfers = true;
        instance = b.build().expect("planning transfers keeps the plant valid");
    }
    let plan = dispatch(&instance, &DispatchOptions::default());
    let now = g.range(-10, plan.makespan());
    (instance, plan, now)
}

/// Which operations started before `now`, keyed by (order name, step).
fn started(
    instance: &Instance,
    plan: &Schedule,
    now: Minutes,
) -> HashMap<(String, u32), ScheduledOp> {
    plan.ops
        .iter()
        .filter(|s| s.start < now)
        .map(|s| {
            let op = instance.op(s.op);
            ((instance.order(op.order).name.clone(), op.step), *s)
        })
        .collect()
}

/// Between one and four events that are valid for the plan at `now`.
fn random_events(g: &mut Gen, instance: &Instance, plan: &Schedule, now: Minutes) -> Vec<Event> {
    let frozen = started(instance, plan, now);
    let mut cancelled: Vec<String> = Vec::new();
    let mut events = Vec::new();
    for k in 0..g.range(1, 4) {
        match g.below(9) {
            0 => {
                let later: Vec<_> = instance
                    .deliveries()
                    .iter()
                    .filter(|d| d.eta > now)
                    .collect();
                if let Some(d) = g.pick(&later) {
                    events.push(Event::DeliveryDelayed {
                        delivery: d.name.clone(),
                        eta: d.eta + g.range(1, 600),
                    });
                }
            }
            1 => {
                let site = &instance.sites()[g.below(instance.sites().len() as u64) as usize];
                let start = now + g.range(-60, 600);
                events.push(Event::PriceChange {
                    site: site.name.clone(),
                    window: Window::new(start, start + g.range(1, 480)),
                    price_per_kwh: g.range(0, 300) as f64 / 100.0,
                });
            }
            2 => {
                // A downtime may not start before `now` (that is history).
                let machine = g.pick(instance.machines()).map(|m| m.name.clone());
                let start = now.max(0) + g.range(0, 300);
                events.push(Event::MachineDown {
                    machine: machine.unwrap_or_default(),
                    window: Window::new(start, start + g.range(1, 240)),
                    interrupt: interrupt(g),
                });
            }
            6 => {
                let s = g.below(instance.sites().len() as u64) as usize;
                let site = &instance.sites()[s];
                let start = now.max(0) + g.range(0, 300);
                if instance.machines().iter().any(|m| m.site.index() == s) {
                    events.push(Event::SiteDown {
                        site: site.name.clone(),
                        window: Window::new(start, start + g.range(1, 240)),
                        interrupt: interrupt(g),
                    });
                }
            }
            7 | 8 if !instance.lanes().is_empty() => {
                // A lane closed or slower from now on: shipments wait or take another route.
                let lane = g.pick(instance.lanes()).map(|l| l.name.clone());
                let start = now + g.range(0, 600);
                let window = Window::new(start, start + g.range(1, 900));
                let lane = lane.unwrap_or_default();
                events.push(if g.below(2) == 0 {
                    Event::LaneClosed { lane, window }
                } else {
                    Event::LaneDelayed {
                        lane,
                        window,
                        extra: g.range(1, 600),
                    }
                });
            }
            3 => {
                // Same product, customer and plant as an existing order, no more units: plannable.
                if let Some(model) = g.pick(instance.orders()) {
                    let site =
                        |s: Option<takt::model::SiteId>| s.map(|s| instance.site(s).name.clone());
                    let mut rush = RushOrder::new(
                        format!("RUSH-{k}"),
                        instance.product(model.product).name.clone(),
                        (g.range(1, i64::from(model.quantity))) as u32,
                    );
                    rush.customer = site(model.customer);
                    rush.plant = site(model.plant);
                    rush.due = Some(now.max(0) + g.range(0, 2_000));
                    rush.weight = g.range(0, 5) as f64;
                    events.push(Event::RushOrder(rush));
                }
            }
            4 => {
                let open: Vec<String> = instance
                    .orders()
                    .iter()
                    .map(|o| o.name.clone())
                    .filter(|name| {
                        !frozen.keys().any(|(o, _)| o == name) && !cancelled.contains(name)
                    })
                    .collect();
                if let Some(name) = g.pick(&open) {
                    cancelled.push(name.clone());
                    events.push(Event::OrderCancelled {
                        order: name.clone(),
                    });
                }
            }
            _ => {
                // Running at `now`: an overrun of finished work would contradict what started after it.
                let mut keys: Vec<&(String, u32)> = frozen
                    .iter()
                    .filter(|(_, s)| s.end > now)
                    .map(|(k, _)| k)
                    .collect();
                keys.sort();
                if let Some((order, step)) = g.pick(&keys) {
                    events.push(Event::Overrun {
                        order: order.clone(),
                        step: *step,
                        extra: g.range(1, 120),
                    });
                }
            }
        }
    }
    events
}

/// One of the three ways a breakdown treats the running operation.
fn interrupt(g: &mut Gen) -> Interrupt {
    [
        Interrupt::FinishFirst,
        Interrupt::Restart,
        Interrupt::Resume,
    ][g.below(3) as usize]
}

/// Every property a re-plan must have.
fn assert_replan_keeps_the_rules(
    instance: &Instance,
    plan: &Schedule,
    now: Minutes,
    events: &[Event],
    replan: &Replan,
) {
    let new = &replan.instance;
    let report = validate(new, &replan.schedule);
    assert!(report.is_feasible(), "re-plan fails the checker:\n{report}");
    let kept: HashMap<(String, u32), ScheduledOp> = replan
        .schedule
        .ops
        .iter()
        .map(|s| {
            let op = new.op(s.op);
            ((new.order(op.order).name.clone(), op.step), *s)
        })
        .collect();
    let frozen = started(instance, plan, now);
    for (key, old) in &frozen {
        let s = kept
            .get(key)
            .unwrap_or_else(|| panic!("frozen {key:?} is gone"));
        assert_eq!(
            (s.machine, s.start),
            (old.machine, old.start),
            "frozen {key:?} moved"
        );
    }
    for (key, s) in &kept {
        assert!(
            frozen.contains_key(key) || s.start >= now,
            "{key:?} starts at {} < now {now}",
            s.start
        );
    }
    for event in events {
        match event {
            Event::DeliveryDelayed { delivery, .. } => {
                // The last delay of a delivery counts.
                let eta = events.iter().rev().find_map(|e| match e {
                    Event::DeliveryDelayed { delivery: d, eta } if d == delivery => Some(*eta),
                    _ => None,
                });
                let d = new
                    .deliveries()
                    .iter()
                    .find(|d| &d.name == delivery)
                    .unwrap();
                assert_eq!(Some(d.eta), eta, "delivery {delivery} keeps its new ETA");
            }
            Event::OrderCancelled { order } => {
                assert!(
                    new.orders().iter().all(|o| &o.name != order),
                    "{order} still in the instance"
                );
                assert!(
                    kept.keys().all(|(o, _)| o != order),
                    "{order} still planned"
                );
                assert!(
                    replan
                        .diff
                        .ops
                        .iter()
                        .filter(|c| &c.order == order)
                        .all(|c| c.change == Change::Cancelled),
                    "{order}'s operations are not all cancelled in the diff"
                );
            }
            _ => {}
        }
    }
    let c = &replan.diff.counts;
    let total = c.common() + c.new + c.cancelled + c.dropped;
    assert_eq!(total, replan.diff.ops.len());
    assert_eq!(c.common() + c.new, replan.schedule.ops.len());
}

/// `takt check --events E --now T` agrees with the re-plan's own check: the instance rebuilt from
/// the instance before the events, the events, `now` and the re-plan itself accepts the re-plan.
fn assert_checkable(instance: &Instance, now: Minutes, events: &[Event], replan: &Replan) {
    let planned_for = with_event_orders(instance, now, events).expect("the events applied once");
    let names =
        |i: &Instance| -> Vec<String> { i.orders().iter().map(|o| o.name.clone()).collect() };
    // The same orders in the same positions, so the re-plan's operation ids read the same.
    assert_eq!(names(&planned_for), names(&replan.instance));
    let (after, _) = instance_after_events(instance, &replan.schedule, &planned_for, now, events)
        .expect("the events applied once apply against the re-plan's history");
    let report = validate(&after, &replan.schedule);
    assert!(
        report.is_feasible(),
        "check --events refuses the re-plan:\n{report}"
    );
    for (a, b) in after.machines().iter().zip(replan.instance.machines()) {
        assert_eq!(a.downtime, b.downtime, "machine {}", a.name);
    }
}

/// History can make a re-plan impossible only through an overrun (started work overlapping, or
/// drawing more power than the cap) or a started order with a hard deadline.
fn assert_explained(error: &ReplanError, events: &[Event], instance: &Instance) {
    match error {
        ReplanError::History { .. } => {
            assert!(
                events.iter().any(|e| matches!(
                    e,
                    Event::Overrun { .. }
                        | Event::MachineDown { .. }
                        | Event::DeliveryDelayed { .. }
                )),
                "history error without an event that could cause it: {error}"
            );
        }
        ReplanError::DeadlineUnreachable { .. } => {
            assert!(instance.has_deadlines(), "{error}");
        }
        ReplanError::Event(e) if e.code == EventCode::OverrunContradictsHistory => {}
        other => panic!("unexpected error: {other}"),
    }
}

proptest! {
    // A fixed seed makes every CI run draw the same cases (and the regression file's cases run
    // first); change it locally to explore other cases.
    #![proptest_config(ProptestConfig {
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x7a6b7),
        ..ProptestConfig::with_cases(120)
    })]

    #[test]
    fn every_replan_passes_the_checker_and_keeps_history(seed in any::<u64>()) {
        let (instance, plan, now) = plant(seed);
        let mut g = Gen(seed ^ 0xE7E7);
        let events = random_events(&mut g, &instance, &plan, now);
        let mut replanner = Replanner::new(instance.clone(), plan.clone(), options(now))
            .expect("a dispatched plan is a valid baseline");
        match replanner.apply_all(events.clone()).and_then(|_| replanner.replan(&budget())) {
            Ok(replan) => {
                let replan = Replan::of(replan);
                assert_replan_keeps_the_rules(&instance, &plan, now, &events, &replan);
                assert_checkable(&instance, now, &events, &replan);
                // The reference plan made afresh after history keeps the same rules.
                match replanner.replan_from_scratch(&budget()) {
                    Ok(fresh) => assert_replan_keeps_the_rules(&instance, &plan, now, &events, &Replan::of(fresh)),
                    Err(error) => assert_explained(&error, &events, &instance),
                }
            }
            Err(error) => assert_explained(&error, &events, &instance),
        }
    }

    #[test]
    fn an_energy_price_change_never_costs_more_than_keeping_the_old_plan(seed in any::<u64>()) {
        let (instance, plan, now) = plant(seed);
        let mut g = Gen(seed ^ 0x5EED);
        let site = &instance.sites()[g.below(instance.sites().len() as u64) as usize];
        let start = now + g.range(0, 300);
        let event = Event::PriceChange {
            site: site.name.clone(),
            window: Window::new(start, start + g.range(30, 600)),
            price_per_kwh: g.range(50, 500) as f64 / 100.0,
        };
        let mut replanner = Replanner::new(instance, plan.clone(), options(now)).unwrap();
        replanner.apply(event).unwrap();
        let replan = Replan::of(replanner.replan(&budget()).unwrap());
        // Prices change no operation ids, so the old plan reads directly against the new prices.
        let mut old_plan = replanner.baseline().clone();
        old_plan.ship_orders(&replan.instance);
        prop_assert!(validate(&replan.instance, &old_plan).is_feasible());
        let keep = evaluate(&replan.instance, &old_plan);
        // Keeping the old plan costs its objective and no stability penalty. A plan that takes in an
        // order the old one left unplanned may cost more: fewer unplanned orders come first.
        let fewer_unplanned = replan.schedule.unplanned.len() < old_plan.unplanned.len();
        prop_assert!(replan.schedule.unplanned.len() <= old_plan.unplanned.len());
        prop_assert!(fewer_unplanned || replan.cost() <= keep.objective + 1e-6,
            "new plan costs {} (objective {} + stability {}) > the old plan under new prices {}",
            replan.cost(), replan.kpis.objective, replan.stability_penalty, keep.objective);
        for u in &replan.schedule.unplanned {
            prop_assert!(old_plan.is_unplanned(u.order), "an order of the old plan was dropped");
        }
    }
}
