//! Discovery test at the target scale: 20,000 orders, 100,000 operations, two plants with lanes,
//! power caps, downtime, materials with deliveries, due dates and energy prices. Prints how long each
//! rule takes; asserts only that every plan passes the checker. Run it in release mode:
//! `cargo test --release --test dispatch_scale -- --ignored --nocapture`.

use std::time::Instant;
use takt::dispatch::{DispatchOptions, Rule, dispatch_best, dispatch_with_rule};
use takt::model::{
    BomLine, Delivery, Instance, InstanceBuilder, Lane, Machine, MachineId, Material, Order,
    PricePeriod, Product, Site, SiteId, Step, StepOption, Stock, Window,
};
use takt::validate::validate;

const ORDERS: usize = 20_000;
const STEPS: usize = 5;
const MACHINES_PER_STEP: usize = 5;

fn big_instance(backlog: bool) -> Instance {
    let mut b = InstanceBuilder::new("scale");
    let plants: Vec<SiteId> = (0..2)
        .map(|s| {
            b.add_site(Site {
                name: format!("plant{s}"),
                power_cap_kw: Some(400.0),
            })
        })
        .collect();
    let customer = b.add_site(Site::new("customer"));
    for (s, &plant) in plants.iter().enumerate() {
        b.add_lane(Lane {
            name: format!("lane{s}"),
            from: plant,
            to: customer,
            transit: 60 + 120 * s as i64,
            cost_per_unit: 1.0 + s as f64,
            capacity: None,
        });
    }
    // Per plant and step a pool of machines; every machine has a weekly maintenance window.
    let mut pools: Vec<Vec<Vec<MachineId>>> = Vec::new();
    for (s, &plant) in plants.iter().enumerate() {
        let mut steps = Vec::new();
        for k in 0..STEPS {
            let pool = (0..MACHINES_PER_STEP)
                .map(|i| {
                    let mut m = Machine::new(format!("p{s}s{k}m{i}"), plant);
                    m.power_kw = 20.0 + 5.0 * i as f64;
                    let start = 2_000 + 1_000 * i as i64 + 10_080 * k as i64;
                    m.downtime = vec![Window::new(start, start + 240)];
                    b.add_machine(m)
                })
                .collect();
            steps.push(pool);
        }
        pools.push(steps);
    }
    let steel = b.add_material(Material {
        name: "steel".into(),
    });
    for &plant in &plants {
        b.add_stock(Stock {
            site: plant,
            material: steel,
            quantity: 5_000.0,
        });
        for d in 0..200 {
            b.add_delivery(Delivery {
                name: format!("d{}-{d}", plant.0),
                material: steel,
                site: plant,
                quantity: 1_000.0,
                eta: 1_440 * d,
            });
        }
    }
    let mut products = Vec::new();
    for p in 0..20 {
        let steps = (0..STEPS)
            .map(|k| Step {
                min_lag: (p % 3) as i64 * 5,
                options: pools
                    .iter()
                    .flat_map(|plant| plant[k].iter())
                    .enumerate()
                    .map(|(i, &machine)| StepOption {
                        machine,
                        setup: 5 + ((p + k + i) % 7) as i64,
                        run_per_unit: 0.5 + ((p * 3 + k + i) % 5) as f64 * 0.25,
                    })
                    .collect(),
            })
            .collect();
        products.push(b.add_product(Product {
            name: format!("prod{p}"),
            steps,
            bom: vec![BomLine {
                material: steel,
                qty_per_unit: 0.5 + (p % 4) as f64 * 0.25,
            }],
        }));
    }
    for o in 0..ORDERS {
        let mut order = Order::new(
            format!("o{o}"),
            products[o % products.len()],
            5 + (o % 17) as u32,
        );
        order.customer = Some(customer);
        order.release = if backlog {
            0
        } else {
            (o as i64 * 37) % 100_000
        };
        order.due = Some(order.release + 600 + (o as i64 * 53) % 3_000);
        order.weight = 1.0 + (o % 3) as f64;
        b.add_order(order);
    }
    for &plant in &plants {
        for day in 0..200 {
            for (h0, h1, price) in [(0, 6, 0.08), (6, 22, 0.25), (22, 24, 0.08)] {
                b.add_price(PricePeriod {
                    site: plant,
                    window: Window::new(day * 1_440 + h0 * 60, day * 1_440 + h1 * 60),
                    price_per_kwh: price,
                });
            }
        }
    }
    b.build().expect("valid scale instance")
}

#[test]
#[ignore = "discovery: 100,000 operations; run in release mode"]
fn dispatch_handles_one_hundred_thousand_operations_released_over_time() {
    run(&big_instance(false));
}

#[test]
#[ignore = "discovery: 100,000 operations; run in release mode"]
fn dispatch_handles_a_backlog_of_one_hundred_thousand_operations_released_at_once() {
    run(&big_instance(true));
}

fn run(inst: &Instance) {
    println!("{} operations", inst.ops().len());
    for rule in Rule::ALL {
        let t = Instant::now();
        let plan = dispatch_with_rule(inst, rule, true);
        let took = t.elapsed();
        let kpis = takt::solution::evaluate(inst, &plan);
        println!(
            "{rule}: {took:?}, objective {:.0}, makespan {}, late {}, unplanned {}",
            kpis.objective, kpis.makespan, kpis.late_orders, kpis.unplanned_orders
        );
        let report = validate(inst, &plan);
        assert!(report.is_feasible(), "{rule}:\n{report}");
    }
    let t = Instant::now();
    let best = dispatch_best(inst, &DispatchOptions::default());
    println!("all rules: {:?}, best {}", t.elapsed(), best.rule);
}
