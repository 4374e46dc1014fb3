//! The dispatching solver on tiny instances (one rule each) and on classic job shop benchmarks.

mod dispatch_support;

use dispatch_support::{assert_feasible, jsp_instance, one_step_product, single_site};
use takt::dispatch::{DispatchOptions, Rule, dispatch, dispatch_best, dispatch_with_rule};
use takt::model::{
    BomLine, Delivery, Instance, InstanceBuilder, Lane, Machine, Material, Order, PricePeriod,
    Product, Site, SiteId, Step, StepOption, Stock, Window,
};
use takt::solution::{Schedule, evaluate};

/// Every rule's plan and the best one, each checked.
fn all_plans(instance: &Instance) -> Vec<(String, Schedule)> {
    let mut plans: Vec<(String, Schedule)> = Rule::ALL
        .iter()
        .map(|&r| (r.name().to_string(), dispatch_with_rule(instance, r, true)))
        .collect();
    plans.push((
        "best".into(),
        dispatch(instance, &DispatchOptions::default()),
    ));
    for (name, plan) in &plans {
        assert_feasible(instance, plan, name);
    }
    plans
}

#[test]
fn operations_wait_for_the_end_of_downtime() {
    let (mut b, site) = single_site();
    let mut m = Machine::new("M", site);
    m.downtime = vec![Window::new(10, 50)];
    let m = b.add_machine(m);
    let p = one_step_product(&mut b, "P", m, 20);
    b.add_order(Order::new("O", p, 1));
    let inst = b.build().unwrap();
    for (name, plan) in all_plans(&inst) {
        assert_eq!(plan.ops[0].start, 50, "{name}");
    }
}

#[test]
fn steps_keep_their_minimum_lag_and_release() {
    let (mut b, site) = single_site();
    let m1 = b.add_machine(Machine::new("M1", site));
    let m2 = b.add_machine(Machine::new("M2", site));
    let step = |machine, min_lag| Step {
        min_lag,
        options: vec![StepOption {
            machine,
            setup: 10,
            run_per_unit: 0.0,
        }],
    };
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![step(m1, 0), step(m2, 30)],
        bom: vec![],
    });
    let mut o = Order::new("O", p, 1);
    o.release = 100;
    b.add_order(o);
    let inst = b.build().unwrap();
    for (name, plan) in all_plans(&inst) {
        assert_eq!(plan.ops[0].start, 100, "{name}");
        assert_eq!(plan.ops[1].start, 140, "{name}: 100 + 10 + lag 30");
    }
}

#[test]
fn power_cap_keeps_machines_from_running_together() {
    let mut b = InstanceBuilder::new("power");
    let site = b.add_site(Site {
        name: "A".into(),
        power_cap_kw: Some(100.0),
    });
    let mut products = Vec::new();
    for k in 0..2 {
        let mut m = Machine::new(format!("M{k}"), site);
        m.power_kw = 60.0;
        let m = b.add_machine(m);
        products.push(one_step_product(&mut b, &format!("P{k}"), m, 30));
    }
    for (k, p) in products.into_iter().enumerate() {
        b.add_order(Order::new(format!("O{k}"), p, 1));
    }
    let inst = b.build().unwrap();
    for (name, plan) in all_plans(&inst) {
        let (a, c) = (plan.ops[0], plan.ops[1]);
        assert!(a.end <= c.start || c.end <= a.start, "{name}: {a:?} {c:?}");
        assert_eq!(plan.makespan(), 60, "{name}");
    }
}

#[test]
fn an_order_waits_for_a_late_material_delivery() {
    let (mut b, site) = single_site();
    let m = b.add_machine(Machine::new("M", site));
    let steel = b.add_material(Material {
        name: "steel".into(),
    });
    let p = one_step_product(&mut b, "P", m, 10);
    b.products[p.index()].bom = vec![BomLine {
        material: steel,
        qty_per_unit: 3.0,
    }];
    b.add_stock(Stock {
        site,
        material: steel,
        quantity: 3.0,
    });
    b.add_delivery(Delivery {
        name: "truck".into(),
        material: steel,
        site,
        quantity: 3.0,
        eta: 500,
    });
    b.add_order(Order::new("first", p, 1));
    b.add_order(Order::new("second", p, 1));
    let inst = b.build().unwrap();
    for (name, plan) in all_plans(&inst) {
        let mut starts: Vec<i64> = plan.ops.iter().map(|s| s.start).collect();
        starts.sort();
        assert_eq!(starts, vec![0, 500], "{name}");
        assert!(plan.unplanned.is_empty(), "{name}");
    }
}

/// Plants A (slow lane to the customer) and B (fast lane), customer C; one product makeable at both.
fn two_plants() -> (InstanceBuilder, takt::model::ProductId) {
    let mut b = InstanceBuilder::new("plants");
    let a = b.add_site(Site::new("A"));
    let bb = b.add_site(Site::new("B"));
    let c = b.add_site(Site::new("C"));
    let ma = b.add_machine(Machine::new("MA", a));
    let mb = b.add_machine(Machine::new("MB", bb));
    for (name, from, transit) in [("A-C", a, 500), ("B-C", bb, 20)] {
        b.add_lane(Lane {
            name: name.into(),
            from,
            to: c,
            transit,
            cost_per_unit: 1.0,
            capacity: None,
        });
    }
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![Step {
            min_lag: 0,
            options: vec![
                StepOption {
                    machine: ma,
                    setup: 10,
                    run_per_unit: 0.0,
                },
                StepOption {
                    machine: mb,
                    setup: 10,
                    run_per_unit: 0.0,
                },
            ],
        }],
        bom: vec![],
    });
    (b, p)
}

#[test]
fn order_insertion_picks_the_plant_with_the_fast_lane_to_a_due_customer() {
    let (mut b, p) = two_plants();
    let mut o = Order::new("O", p, 1);
    o.customer = Some(SiteId(2));
    o.due = Some(100);
    b.add_order(o);
    let inst = b.build().unwrap();
    for rule in [
        Rule::InsertBySlack,
        Rule::InsertByDueDate,
        Rule::InsertByAtc,
    ] {
        let plan = dispatch_with_rule(&inst, rule, true);
        assert_feasible(&inst, &plan, rule.name());
        assert_eq!(inst.machine(plan.ops[0].machine).site, SiteId(1), "{rule}");
        assert_eq!(plan.shipments[0].arrive, 30, "{rule}");
    }
    let best = dispatch_best(&inst, &DispatchOptions::default());
    assert_eq!(best.kpis.total_weighted_tardiness, 0.0);
}

#[test]
fn an_order_whose_deadline_cannot_be_met_is_unplanned_as_provably_impossible() {
    let (mut b, p) = two_plants();
    let mut o = Order::new("rush", p, 1);
    o.customer = Some(SiteId(2));
    o.deadline = Some(25); // fastest: 10 minutes at B + 20 transit = 30
    b.add_order(o);
    let mut fine = Order::new("fine", p, 1);
    fine.customer = Some(SiteId(2));
    b.add_order(fine);
    let inst = b.build().unwrap();
    for (name, plan) in all_plans(&inst) {
        assert_eq!(plan.unplanned.len(), 1, "{name}");
        let reason = &plan.unplanned[0].reason;
        assert!(
            reason.contains("rush") && reason.contains("deadline 25"),
            "{reason}"
        );
        assert!(reason.contains("provably impossible"), "{reason}");
        assert!(reason.contains("30"), "earliest arrival named: {reason}");
        assert_eq!(plan.ops.len(), 1, "{name}: only 'fine' is planned");
    }
}

#[test]
fn a_deadline_missed_only_because_of_other_orders_is_not_called_impossible() {
    let (mut b, _) = single_site();
    let site = SiteId(0);
    let m = b.add_machine(Machine::new("M", site));
    let p = one_step_product(&mut b, "P", m, 50);
    for k in 0..2 {
        let mut o = Order::new(format!("O{k}"), p, 1);
        o.deadline = Some(60);
        b.add_order(o);
    }
    let inst = b.build().unwrap();
    for (name, plan) in all_plans(&inst) {
        assert_eq!(plan.unplanned.len(), 1, "{name}");
        let reason = &plan.unplanned[0].reason;
        assert!(!reason.contains("provably"), "{reason}");
        assert!(
            reason.contains("100"),
            "earliest completion found: {reason}"
        );
    }
}

#[test]
fn an_order_whose_material_never_suffices_is_unplanned_naming_the_material() {
    let (mut b, site) = single_site();
    let m = b.add_machine(Machine::new("M", site));
    let resin = b.add_material(Material {
        name: "resin".into(),
    });
    let p = one_step_product(&mut b, "P", m, 10);
    b.products[p.index()].bom = vec![BomLine {
        material: resin,
        qty_per_unit: 2.5,
    }];
    b.add_stock(Stock {
        site,
        material: resin,
        quantity: 20.0,
    });
    b.add_order(Order::new("small", p, 4)); // 10 resin
    b.add_order(Order::new("huge", p, 10)); // 25 resin > 20 ever
    b.add_order(Order::new("late", p, 5)); // 12.5 resin: fits alone, not after 'small'
    let inst = b.build().unwrap();
    for (name, plan) in all_plans(&inst) {
        let huge = plan
            .unplanned
            .iter()
            .find(|u| u.order.0 == 1)
            .unwrap_or_else(|| panic!("{name}: 'huge' must be unplanned"));
        assert!(huge.reason.contains("resin"), "{}", huge.reason);
        assert!(
            huge.reason.contains("25") && huge.reason.contains("20"),
            "{}",
            huge.reason
        );
        assert!(
            huge.reason.contains("provably impossible"),
            "{}",
            huge.reason
        );
        // Exactly one of 'small' and 'late' fits, and whichever is left out is not "provable".
        assert_eq!(plan.unplanned.len(), 2, "{name}");
        let other = plan.unplanned.iter().find(|u| u.order.0 != 1).unwrap();
        assert!(other.reason.contains("committed"), "{}", other.reason);
        assert!(!other.reason.contains("provably"), "{}", other.reason);
    }
}

#[test]
fn orders_with_slack_move_into_cheaper_energy_periods() {
    let (mut b, site) = single_site();
    let mut m = Machine::new("M", site);
    m.power_kw = 100.0;
    let m = b.add_machine(m);
    let p = one_step_product(&mut b, "P", m, 60);
    for (start, end, price) in [(0, 120, 1.0), (120, 1000, 0.1)] {
        b.add_price(PricePeriod {
            site,
            window: Window::new(start, end),
            price_per_kwh: price,
        });
    }
    let mut o = Order::new("O", p, 1);
    o.due = Some(600);
    b.add_order(o);
    let inst = b.build().unwrap();
    let plan = dispatch_with_rule(&inst, Rule::InsertBySlack, true);
    assert_feasible(&inst, &plan, "energy");
    assert_eq!(plan.ops[0].start, 120);
    let kpis = evaluate(&inst, &plan);
    assert!(
        (kpis.energy_cost - 10.0).abs() < 1e-9,
        "{}",
        kpis.energy_cost
    );
    let plain = dispatch_with_rule(&inst, Rule::InsertBySlack, false);
    assert_eq!(plain.ops[0].start, 0);
}

#[test]
fn the_same_instance_gives_the_same_plan() {
    let inst = jsp_instance("ft06");
    let options = DispatchOptions::default();
    assert_eq!(dispatch(&inst, &options), dispatch(&inst, &options));
}

#[test]
fn classic_job_shops_get_feasible_plans_not_better_than_the_optimum() {
    for (name, optimum) in [("ft06", 55), ("la01", 666), ("ft10", 930)] {
        let inst = jsp_instance(name);
        let best = dispatch_best(&inst, &DispatchOptions::default());
        assert_feasible(&inst, &best.schedule, name);
        let makespan = best.schedule.makespan();
        println!(
            "{name}: makespan {makespan} (optimum {optimum}, gap {:.1}%) by {}",
            100.0 * (makespan - optimum) as f64 / optimum as f64,
            best.rule
        );
        assert!(makespan >= optimum, "{name}: {makespan} below the optimum");
        assert!(best.schedule.unplanned.is_empty());
        assert_eq!(best.schedule.ops.len(), inst.ops().len());
    }
}
