//! Fixtures for the MILP tests: tiny random shops and plants, and a test-only brute force that
//! enumerates machine choices and sequences with semi-active timing.
#![allow(dead_code)]

use takt::model::{
    BomLine, Delivery, Instance, InstanceBuilder, Lane, Machine, MachineId, Material, Minutes,
    ObjectiveWeights, OpId, Order, PricePeriod, Product, Site, SiteId, Step, StepOption, Stock,
    Window,
};
use takt::solution::{Schedule, ScheduledOp, evaluate};

/// splitmix64: a tiny deterministic generator for fixtures.
pub struct Gen(pub u64);

impl Gen {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn option(machine: MachineId, minutes: Minutes) -> StepOption {
    StepOption {
        machine,
        setup: minutes,
        run_per_unit: 0.0,
    }
}

/// 2-3 orders of 1-2 steps on 1-2 machines of one site: releases, lags, due dates, weights, machine
/// choice; objective weighted tardiness, sometimes plus makespan.
pub fn tiny_shop(seed: u64) -> Instance {
    let mut g = Gen(seed);
    let mut b = InstanceBuilder::new(format!("tiny-{seed}"));
    let site = b.add_site(Site::new("plant"));
    let machines: Vec<MachineId> = (0..g.range(1, 2))
        .map(|k| b.add_machine(Machine::new(format!("M{k}"), site)))
        .collect();
    b.weights = ObjectiveWeights {
        tardiness: 1.0,
        energy: 0.0,
        transport: 0.0,
        makespan: if g.chance(40) { 1.0 } else { 0.0 },
    };
    for k in 0..g.range(2, 3) {
        let steps = (0..g.range(1, 2))
            .map(|s| {
                let mut options = Vec::new();
                for &m in &machines {
                    if options.is_empty() || g.chance(50) {
                        options.push(option(m, g.range(1, 9)));
                    }
                }
                Step {
                    min_lag: if s == 0 { 0 } else { g.range(0, 3) },
                    options,
                }
            })
            .collect();
        let product = b.add_product(Product {
            name: format!("P{k}"),
            steps,
            bom: vec![],
        });
        let mut order = Order::new(format!("O{k}"), product, 1);
        order.release = g.range(0, 10);
        order.due = g.chance(80).then(|| g.range(5, 30));
        order.weight = g.range(0, 3) as f64;
        b.add_order(order);
    }
    b.build().expect("tiny shop builds")
}

/// A small plant: one or two plants shipping to a customer over lanes of different speed and cost,
/// machines with downtime and power, a pairwise power cap, material with a late delivery, energy
/// prices in some instances, loose hard deadlines in some.
pub fn small_plant(seed: u64, energy: bool) -> Instance {
    let mut g = Gen(seed);
    let mut b = InstanceBuilder::new(format!("plant-{seed}"));
    let plants = g.range(1, 2) as usize;
    let mut machines = Vec::new();
    for p in 0..plants {
        let mut site = Site::new(format!("P{p}"));
        if g.chance(40) {
            site.power_cap_kw = Some(60.0);
        }
        let s = b.add_site(site);
        for k in 0..2 {
            let mut m = Machine::new(format!("P{p}M{k}"), s);
            m.power_kw = [10.0, 40.0][k];
            if g.chance(30) {
                let start = g.range(5, 30);
                m.downtime.push(Window::new(start, start + g.range(2, 8)));
            }
            machines.push(b.add_machine(m));
        }
    }
    let customer = b.add_site(Site::new("C"));
    for p in 0..plants {
        let from = SiteId(p as u32);
        b.add_lane(Lane {
            name: format!("fast{p}"),
            from,
            to: customer,
            transit: g.range(1, 5),
            cost_per_unit: g.range(2, 4) as f64,
            capacity: None,
        });
        b.add_lane(Lane {
            name: format!("slow{p}"),
            from,
            to: customer,
            transit: g.range(6, 15),
            cost_per_unit: 1.0,
            capacity: None,
        });
    }
    let steel = b.add_material(Material {
        name: "steel".into(),
    });
    for p in 0..plants {
        b.add_stock(Stock {
            site: SiteId(p as u32),
            material: steel,
            quantity: 2.0,
        });
        b.add_delivery(Delivery {
            name: format!("truck{p}"),
            material: steel,
            site: SiteId(p as u32),
            quantity: 10.0,
            eta: g.range(5, 25),
        });
        if energy {
            b.add_price(PricePeriod {
                site: SiteId(p as u32),
                window: Window::new(0, 20),
                price_per_kwh: 0.6,
            });
            b.add_price(PricePeriod {
                site: SiteId(p as u32),
                window: Window::new(20, Minutes::MAX),
                price_per_kwh: 0.15,
            });
        }
    }
    b.weights = ObjectiveWeights {
        tardiness: 1.0,
        energy: if energy { 1.0 } else { 0.0 },
        transport: 1.0,
        makespan: 0.0,
    };
    for k in 0..g.range(2, 3) {
        let steps = (0..g.range(1, 2))
            .map(|s| {
                let mut options = Vec::new();
                for &m in &machines {
                    if options.is_empty() || g.chance(50) {
                        options.push(option(m, g.range(2, 8)));
                    }
                }
                Step {
                    min_lag: if s == 0 { 0 } else { g.range(0, 2) },
                    options,
                }
            })
            .collect();
        let bom = if g.chance(50) {
            vec![BomLine {
                material: steel,
                qty_per_unit: 1.0,
            }]
        } else {
            vec![]
        };
        let product = b.add_product(Product {
            name: format!("P{k}"),
            steps,
            bom,
        });
        let mut order = Order::new(format!("O{k}"), product, g.range(1, 2) as u32);
        order.customer = Some(customer);
        order.release = g.range(0, 8);
        order.due = Some(g.range(10, 40));
        order.weight = g.range(1, 3) as f64;
        if g.chance(20) {
            order.deadline = Some(200);
        }
        b.add_order(order);
    }
    b.build().expect("small plant builds")
}

/// The best objective over every machine choice and every sequence, each operation as early as its
/// order's release, its predecessor (plus lag) and its machine allow (semi-active timing), scored
/// by takt's own [`evaluate`]. Only for shops without plants, lanes, material, downtime, power caps
/// or energy prices (whose optima need not be semi-active).
pub fn brute_force(instance: &Instance) -> f64 {
    let ops: Vec<OpId> = instance.op_ids().collect();
    let choices: Vec<Vec<(MachineId, Minutes)>> = ops
        .iter()
        .map(|&op| {
            instance
                .op(op)
                .options
                .iter()
                .map(|o| (o.machine, o.duration))
                .collect()
        })
        .collect();
    let mut best = f64::INFINITY;
    let mut assignment = vec![0usize; ops.len()];
    loop {
        let machines: Vec<(MachineId, Minutes)> = assignment
            .iter()
            .zip(&choices)
            .map(|(&k, c)| c[k])
            .collect();
        let mut sequence = Vec::with_capacity(ops.len());
        let mut used = vec![false; ops.len()];
        sequences(instance, &machines, &mut sequence, &mut used, &mut best);
        // Next machine assignment (odometer).
        let mut i = 0;
        loop {
            if i == ops.len() {
                return best;
            }
            assignment[i] += 1;
            if assignment[i] < choices[i].len() {
                break;
            }
            assignment[i] = 0;
            i += 1;
        }
    }
}

/// Every order of the operations that keeps each order's steps in routing order.
fn sequences(
    instance: &Instance,
    machines: &[(MachineId, Minutes)],
    sequence: &mut Vec<usize>,
    used: &mut [bool],
    best: &mut f64,
) {
    if sequence.len() == used.len() {
        let objective = evaluate(instance, &semi_active(instance, machines, sequence)).objective;
        *best = best.min(objective);
        return;
    }
    for i in 0..used.len() {
        let op = OpId(i as u32);
        let first = instance.order_plan(instance.op(op).order).first_op() == op;
        if used[i] || (!first && !used[i - 1]) {
            continue;
        }
        used[i] = true;
        sequence.push(i);
        sequences(instance, machines, sequence, used, best);
        sequence.pop();
        used[i] = false;
    }
}

/// Operations placed in `sequence` order, each appended to its machine as early as possible.
fn semi_active(
    instance: &Instance,
    machines: &[(MachineId, Minutes)],
    sequence: &[usize],
) -> Schedule {
    let mut machine_free = vec![Minutes::MIN; instance.machines().len()];
    let mut end = vec![0; machines.len()];
    let mut schedule = Schedule::default();
    for &i in sequence {
        let op = OpId(i as u32);
        let operation = instance.op(op);
        let ready = if instance.order_plan(operation.order).first_op() == op {
            instance.order(operation.order).release
        } else {
            end[i - 1] + operation.min_lag
        };
        let (machine, duration) = machines[i];
        let start = ready.max(machine_free[machine.index()]);
        end[i] = start + duration;
        machine_free[machine.index()] = end[i];
        schedule.ops.push(ScheduledOp {
            op,
            machine,
            start,
            end: end[i],
            mode: takt::model::ModeId::NOMINAL,
        });
    }
    schedule
}
