//! Fixtures and a plan check shared by the dispatch tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use takt::model::{
    Instance, InstanceBuilder, Machine, MachineId, ObjectiveWeights, Order, Product, ProductId,
    QUANTITY_EPS, Site, SiteId, Step, StepOption,
};
use takt::solution::Schedule;

/// A builder with one uncapped site "A".
pub fn single_site() -> (InstanceBuilder, SiteId) {
    let mut b = InstanceBuilder::new("tiny");
    let site = b.add_site(Site::new("A"));
    (b, site)
}

/// A product with one step on `machine` taking `minutes` (as setup, whatever the quantity).
pub fn one_step_product(
    b: &mut InstanceBuilder,
    name: &str,
    machine: MachineId,
    minutes: i64,
) -> ProductId {
    b.add_product(Product {
        name: name.into(),
        steps: vec![Step {
            min_lag: 0,
            options: vec![StepOption {
                machine,
                setup: minutes,
                run_per_unit: 0.0,
            }],
        }],
        bom: vec![],
    })
}

/// A classic job shop file (`#` comments, `n m`, n lines of m `machine time` pairs, 0-based machines)
/// as an instance: one site, one product and one order per job, makespan objective.
pub fn parse_jsp(name: &str, text: &str) -> Instance {
    let numbers: Vec<i64> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| l.split_whitespace())
        .map(|t| t.parse().expect("integer in job shop file"))
        .collect();
    let (jobs, machines) = (numbers[0] as usize, numbers[1] as usize);
    let mut b = InstanceBuilder::new(name);
    b.weights = ObjectiveWeights::MAKESPAN;
    let site = b.add_site(Site::new("shop"));
    let ids: Vec<MachineId> = (0..machines)
        .map(|k| b.add_machine(Machine::new(format!("M{k}"), site)))
        .collect();
    let mut rest = numbers[2..].chunks(2);
    for j in 0..jobs {
        let steps = (0..machines)
            .map(|_| {
                let pair = rest.next().expect("machine/time pair");
                Step {
                    min_lag: 0,
                    options: vec![StepOption {
                        machine: ids[pair[0] as usize],
                        setup: pair[1],
                        run_per_unit: 0.0,
                    }],
                }
            })
            .collect();
        let p = b.add_product(Product {
            name: format!("J{j}"),
            steps,
            bom: vec![],
        });
        b.add_order(Order::new(format!("J{j}"), p, 1));
    }
    b.build().expect("valid job shop")
}

/// A job shop benchmark from the shared instance folder.
pub fn jsp_instance(name: &str) -> Instance {
    let path = format!(
        "{}/../shared/instances/jsp/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_jsp(name, &text)
}

/// Checks every domain rule (a small stand-in until the independent checker is merged).
pub fn assert_feasible(inst: &Instance, plan: &Schedule, label: &str) {
    let placed = plan.by_op(inst);
    assert_eq!(
        placed.iter().flatten().count(),
        plan.ops.len(),
        "{label}: an operation appears twice"
    );
    let mut by_machine: BTreeMap<MachineId, Vec<(i64, i64)>> = BTreeMap::new();
    let mut material: BTreeMap<(SiteId, takt::model::MaterialId), Vec<(i64, f64)>> =
        BTreeMap::new();
    let mut power: BTreeMap<SiteId, Vec<(i64, f64)>> = BTreeMap::new();
    for order in inst.order_ids() {
        let plan_o = inst.order_plan(order);
        let o = inst.order(order);
        let unplanned = plan.is_unplanned(order);
        let ops: Vec<_> = plan_o.op_ids().map(|op| placed[op.index()]).collect();
        if unplanned {
            assert!(
                ops.iter().all(Option::is_none),
                "{label}: unplanned {order} has ops"
            );
            continue;
        }
        let ops: Vec<_> = ops
            .into_iter()
            .map(|s| s.unwrap_or_else(|| panic!("{label}: {order} neither planned nor unplanned")))
            .collect();
        let site = inst.machine(ops[0].machine).site;
        let plant = plan_o
            .plant(site)
            .unwrap_or_else(|| panic!("{label}: {order} made at a non-plant"));
        for (k, s) in ops.iter().enumerate() {
            let op = inst.op(s.op);
            assert_eq!(
                inst.machine(s.machine).site,
                site,
                "{label}: {order} spans sites"
            );
            let d = op.duration_on(s.machine).expect("eligible machine");
            assert_eq!(s.end - s.start, d, "{label}: duration of {:?}", s.op);
            if k == 0 {
                assert!(s.start >= o.release, "{label}: {order} before release");
            } else {
                assert!(
                    s.start >= ops[k - 1].end + op.min_lag,
                    "{label}: lag of {:?}",
                    s.op
                );
            }
            assert!(
                inst.machine(s.machine)
                    .downtime_overlapping(s.start, s.end.max(s.start + 1))
                    .is_none(),
                "{label}: {:?} during downtime",
                s
            );
            by_machine
                .entry(s.machine)
                .or_default()
                .push((s.start, s.end));
            let kw = inst.machine(s.machine).power_kw;
            if kw > 0.0 && s.end > s.start {
                power.entry(site).or_default().push((s.start, kw));
                power.entry(site).or_default().push((s.end, -kw));
            }
        }
        for (mat, qty) in inst.order_demand(order) {
            material
                .entry((site, mat))
                .or_default()
                .push((ops[0].start, qty));
        }
        let completion = ops.iter().map(|s| s.end).max().unwrap();
        let arrival = match o.customer {
            None => completion,
            Some(_) => {
                let ship = plan
                    .shipments
                    .iter()
                    .find(|s| s.order == order)
                    .unwrap_or_else(|| panic!("{label}: {order} not shipped"));
                let route = plant.route.as_ref().unwrap();
                assert!(
                    ship.depart >= completion,
                    "{label}: ships before completion"
                );
                let transit: i64 = ship
                    .lanes
                    .iter()
                    .map(|l| inst.lanes()[l.index()].transit)
                    .sum();
                assert_eq!(ship.arrive, ship.depart + transit, "{label}: transit");
                assert_eq!(transit, route.transit);
                ship.arrive
            }
        };
        if let Some(deadline) = o.deadline {
            assert!(arrival <= deadline, "{label}: {order} misses its deadline");
        }
    }
    for (m, mut spans) in by_machine {
        spans.sort();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "{label}: overlap on {m}: {w:?}");
        }
    }
    for ((site, mat), mut uses) in material {
        uses.sort_by_key(|u| u.0);
        let supply = inst.supply(site, mat);
        let mut used = 0.0;
        for (t, q) in uses {
            used += q;
            let available = supply.map_or(0.0, |s| s.available_at(t));
            assert!(
                used <= available + QUANTITY_EPS,
                "{label}: material {mat} at {site} short at {t}: {used} > {available}"
            );
        }
    }
    for (site, mut events) in power {
        let cap = inst.site(site).power_cap_kw.unwrap_or(f64::INFINITY);
        events.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut load = 0.0;
        for (t, delta) in events {
            load += delta;
            assert!(
                load <= cap + 1e-6,
                "{label}: power over cap at {site} at {t}: {load}"
            );
        }
    }
}
