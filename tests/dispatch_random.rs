//! Random plants with every feature (plant choice, lanes, downtime, power caps, materials, deadlines,
//! energy prices): every rule's plan must pass the independent checker, and orders are left
//! unplanned only when a material or a hard deadline can explain it.

use proptest::prelude::*;
use takt::dispatch::{DispatchOptions, Rule, dispatch, dispatch_with_rule};
use takt::model::{
    BomLine, Delivery, Instance, InstanceBuilder, Lane, Machine, MachineId, Material, Order,
    PricePeriod, Product, Site, SiteId, Step, StepOption, Stock, Window,
};
use takt::validate::validate;

/// splitmix64: a tiny deterministic generator, enough for test fixtures.
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
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn random_instance(seed: u64) -> Instance {
    let mut g = Gen(seed);
    let mut b = InstanceBuilder::new(format!("random-{seed}"));
    let plants = g.range(1, 3) as usize;
    let mut machines_at: Vec<Vec<MachineId>> = Vec::new();
    let mut max_kw = Vec::new();
    for s in 0..plants {
        let site = b.add_site(Site::new(format!("P{s}")));
        let mut ids = Vec::new();
        let mut kw_max: f64 = 0.0;
        for k in 0..g.range(1, 3) {
            let mut m = Machine::new(format!("P{s}M{k}"), site);
            m.power_kw = if g.chance(60) {
                g.range(0, 50) as f64
            } else {
                0.0
            };
            kw_max = kw_max.max(m.power_kw);
            for _ in 0..g.range(0, 2) {
                let start = g.range(0, 150);
                m.downtime.push(Window::new(start, start + g.range(1, 40)));
            }
            ids.push(b.add_machine(m));
        }
        machines_at.push(ids);
        max_kw.push(kw_max);
    }
    for (s, kw) in max_kw.iter().enumerate() {
        if g.chance(40) {
            b.sites[s].power_cap_kw = Some(kw.max(1.0) + g.range(0, 40) as f64);
        }
    }
    let customer = b.add_site(Site::new("customer"));
    for s in 0..plants {
        b.add_lane(Lane {
            name: format!("P{s}-C"),
            from: SiteId(s as u32),
            to: customer,
            transit: g.range(0, 60),
            cost_per_unit: g.range(0, 3) as f64,
            capacity: None,
        });
    }
    let materials: Vec<_> = (0..g.range(0, 2))
        .map(|k| {
            b.add_material(Material {
                name: format!("mat{k}"),
            })
        })
        .collect();
    for &mat in &materials {
        for s in 0..plants {
            if g.chance(70) {
                b.add_stock(Stock {
                    site: SiteId(s as u32),
                    material: mat,
                    quantity: g.range(0, 12) as f64 * 0.5,
                });
            }
            for d in 0..g.range(0, 2) {
                b.add_delivery(Delivery {
                    name: format!("d{}-{s}-{d}", mat.0),
                    material: mat,
                    site: SiteId(s as u32),
                    quantity: g.range(1, 10) as f64 * 0.7,
                    eta: g.range(0, 200),
                });
            }
        }
    }
    let all_machines: Vec<MachineId> = machines_at.iter().flatten().copied().collect();
    let mut products = Vec::new();
    for p in 0..g.range(1, 3) {
        let steps = (0..g.range(1, 4))
            .map(|k| {
                // Plant 0 can always make every step; other machines join at random.
                let home = machines_at[0][g.below(machines_at[0].len() as u64) as usize];
                let mut machines = vec![home];
                for &m in &all_machines {
                    if m != home && g.chance(35) {
                        machines.push(m);
                    }
                }
                Step {
                    min_lag: if k == 0 { 0 } else { g.range(0, 10) },
                    options: machines
                        .into_iter()
                        .map(|machine| StepOption {
                            machine,
                            setup: g.range(1, 15),
                            run_per_unit: g.range(0, 6) as f64 * 0.5,
                        })
                        .collect(),
                }
            })
            .collect();
        let mut bom = Vec::new();
        for &material in &materials {
            if g.chance(50) {
                bom.push(BomLine {
                    material,
                    qty_per_unit: g.range(1, 4) as f64 * 0.5,
                });
            }
        }
        products.push(b.add_product(Product {
            name: format!("prod{p}"),
            steps,
            bom,
        }));
    }
    for o in 0..g.range(1, 9) {
        let p = products[g.below(products.len() as u64) as usize];
        let mut order = Order::new(format!("O{o}"), p, g.range(1, 4) as u32);
        order.release = g.range(0, 60);
        order.weight = g.range(0, 3) as f64;
        if g.chance(70) {
            order.customer = Some(customer);
        }
        if g.chance(60) {
            order.due = Some(order.release + g.range(10, 200));
        }
        if g.chance(30) {
            order.deadline = Some(order.release + g.range(10, 250));
        }
        if g.chance(15) {
            order.plant = Some(SiteId(0));
        }
        b.add_order(order);
    }
    for s in 0..plants {
        let mut t = 0;
        while t < 400 && g.chance(80) {
            let len = g.range(10, 120);
            b.add_price(PricePeriod {
                site: SiteId(s as u32),
                window: Window::new(t, t + len),
                price_per_kwh: g.range(0, 5) as f64 * 0.1,
            });
            t += len + g.range(0, 20);
        }
    }
    b.build()
        .unwrap_or_else(|e| panic!("generator made an invalid instance: {e}"))
}

proptest! {
    // A fixed seed makes every CI run draw the same cases (and the regression file's cases run
    // first); change it locally to explore other cases.
    #![proptest_config(ProptestConfig {
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x7a6b7),
        ..ProptestConfig::with_cases(300)
    })]

    #[test]
    fn every_rule_returns_a_plan_the_checker_accepts(seed in any::<u64>()) {
        let inst = random_instance(seed);
        let mut plans: Vec<(&str, takt::solution::Schedule)> = Rule::ALL
            .iter()
            .map(|&r| (r.name(), dispatch_with_rule(&inst, r, true)))
            .collect();
        plans.push(("best", dispatch(&inst, &DispatchOptions::default())));
        for (name, plan) in &plans {
            let report = validate(&inst, plan);
            prop_assert!(report.is_feasible(), "seed {seed}, {name}:\n{report}");
            let explainable = inst.has_materials() || inst.has_deadlines();
            prop_assert!(
                plan.unplanned.is_empty() || explainable,
                "seed {seed}, {name}: unplanned without material or deadline: {:?}",
                plan.unplanned
            );
            for u in &plan.unplanned {
                prop_assert!(!u.reason.is_empty());
            }
        }
    }
}
