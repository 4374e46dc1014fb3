use super::*;
use crate::model::{MaterialId, Minutes, SiteId};
use std::collections::BTreeSet;

fn config(orders: usize, machines: usize, sites: usize, seed: u64) -> GeneratorConfig {
    GeneratorConfig {
        orders,
        machines,
        sites,
        seed,
        ..GeneratorConfig::default()
    }
}

fn sizes() -> Vec<GeneratorConfig> {
    let mut configs = vec![
        GeneratorConfig::default(),
        GeneratorConfig {
            orders: 1,
            machines: 1,
            sites: 1,
            customers: 0,
            products: 1,
            materials: 0,
            min_steps: 1,
            max_steps: 1,
            due_slack: 0.0,
            initial_stock: (0.25, 0.5),
            spare_material: (0.02, 0.15),
            seed: 3,
            margins: false,
            optional_share: 0.0,
            deferrable_share: 0.0,
            modes: false,
            ports: 0,
            warehouses: 0,
        },
        GeneratorConfig {
            customers: 1,
            products: 2,
            ..config(12, 2, 2, 4)
        },
        GeneratorConfig {
            customers: 6,
            materials: 9,
            min_steps: 2,
            max_steps: 9,
            ..config(600, 45, 4, 5)
        },
        GeneratorConfig {
            products: 40,
            ..config(300, 30, 1, 6)
        },
    ];
    configs.extend((10..15).map(|seed| config(80, 9, 3, seed)));
    configs
}

#[test]
fn generated_instances_of_many_sizes_and_seeds_build() {
    for c in sizes() {
        let inst = generate(&c).unwrap_or_else(|e| panic!("{c:?}: {e}"));
        assert_eq!(inst.orders().len(), c.orders);
        assert_eq!(inst.machines().len(), c.machines);
        assert_eq!(inst.sites().len(), c.sites + c.customers);
        assert_eq!(inst.products().len(), c.products);
        assert_eq!(inst.plan_start(), plan_start());
    }
}

#[test]
fn the_same_seed_gives_the_same_instance_and_another_seed_another() {
    let a = generate(&config(150, 12, 3, 42)).unwrap();
    let b = generate(&config(150, 12, 3, 42)).unwrap();
    let c = generate(&config(150, 12, 3, 43)).unwrap();
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert_ne!(format!("{a:?}"), format!("{c:?}"));
}

#[test]
fn operation_count_is_close_to_orders_times_mean_routing_length() {
    for c in [
        GeneratorConfig {
            min_steps: 4,
            max_steps: 6,
            products: 40,
            ..config(20_000, 100, 3, 7)
        },
        config(2_000, 20, 2, 8),
    ] {
        let inst = generate(&c).unwrap();
        let expected = c.expected_operations() as f64;
        let actual = inst.ops().len() as f64;
        assert!(
            (actual / expected - 1.0).abs() < 0.15,
            "{actual} operations, expected about {expected}"
        );
    }
}

#[test]
fn every_order_can_be_made_somewhere_and_reach_its_customer() {
    for c in sizes() {
        let inst = generate(&c).unwrap();
        for id in inst.order_ids() {
            let plan = inst.order_plan(id);
            assert!(
                !plan.plants.is_empty(),
                "{} has no plant",
                inst.order(id).name
            );
            if inst.order(id).customer.is_some() {
                assert!(plan.plants.iter().all(|p| p.fastest().is_some()));
            }
        }
    }
}

#[test]
fn supply_of_every_material_covers_its_demand() {
    for c in sizes() {
        let inst = generate(&c).unwrap();
        let mut demand = vec![0.0; inst.materials().len()];
        for id in inst.order_ids() {
            for (m, qty) in inst.order_demand(id) {
                demand[m.index()] += qty;
            }
        }
        let mut supply = vec![0.0; inst.materials().len()];
        for ((_, m), s) in inst.supplies() {
            supply[m.index()] += s.total();
        }
        for (m, (need, have)) in demand.iter().zip(&supply).enumerate() {
            let name = &inst.materials()[m].name;
            assert!(have >= need, "{name}: supply {have} < demand {need}");
        }
    }
}

#[test]
fn material_arrives_over_the_horizon_rather_than_all_at_once() {
    let inst = generate(&config(400, 20, 2, 9)).unwrap();
    let mut initial = 0.0;
    let mut total = 0.0;
    for s in inst.supplies().values() {
        initial += s.initial;
        total += s.total();
    }
    assert!(initial < 0.6 * total, "stock {initial} of {total}");
    let etas: BTreeSet<Minutes> = inst.deliveries().iter().map(|d| d.eta).collect();
    assert!(etas.len() >= 3, "deliveries arrive at {etas:?}");
    assert!(inst.deliveries().iter().all(|d| d.eta > 0));
}

#[test]
fn plants_differ_in_equipment_and_orders_have_plant_choices() {
    let inst = generate(&config(300, 20, 3, 11)).unwrap();
    assert!(inst.has_plant_choice());
    let plants = 3;
    let partial_step = inst.products().iter().flat_map(|p| &p.steps).any(|step| {
        let sites: BTreeSet<SiteId> = step
            .options
            .iter()
            .map(|o| inst.machine(o.machine).site)
            .collect();
        sites.len() < plants
    });
    assert!(partial_step, "every step can run at every plant");
    assert!(inst.orders().iter().any(|o| o.plant.is_some()));
    let alternatives = inst.ops().iter().filter(|op| op.options.len() > 1).count();
    assert!(alternatives > inst.ops().len() / 4);
}

#[test]
fn hard_deadlines_are_rare_and_leave_room_after_the_last_delivery() {
    let inst = generate(&config(500, 20, 2, 12)).unwrap();
    let last_eta = inst.deliveries().iter().map(|d| d.eta).max().unwrap_or(0);
    let with_deadline: Vec<_> = inst
        .order_ids()
        .filter(|&id| inst.order(id).deadline.is_some())
        .collect();
    assert!(!with_deadline.is_empty() && with_deadline.len() < 50);
    for id in with_deadline {
        let order = inst.order(id);
        let plan = inst.order_plan(id);
        let fastest: Minutes = plan.op_ids().map(|op| inst.op(op).min_duration()).sum();
        let deadline = order.deadline.unwrap_or(Minutes::MAX);
        assert!(deadline >= last_eta.max(order.release) + fastest);
        assert!(order.due.is_some_and(|due| due <= deadline));
    }
}

#[test]
fn due_dates_follow_release_and_slack() {
    let tight = generate(&GeneratorConfig {
        due_slack: 0.0,
        ..config(200, 10, 2, 13)
    })
    .unwrap();
    let loose = generate(&config(200, 10, 2, 13)).unwrap();
    let mut looser = 0;
    for (t, l) in tight.orders().iter().zip(loose.orders()) {
        let (Some(t_due), Some(l_due)) = (t.due, l.due) else {
            panic!("order {} has no due date", t.name);
        };
        assert!(t_due > t.release);
        assert!(l_due >= t_due);
        looser += usize::from(l_due > t_due);
    }
    assert!(looser > 150, "only {looser} orders got looser");
}

#[test]
fn power_caps_fit_the_largest_machine_and_bind_below_the_total_draw() {
    for c in sizes() {
        let inst = generate(&c).unwrap();
        let capped: Vec<SiteId> = (0..inst.sites().len())
            .map(SiteId::from_index)
            .filter(|&s| inst.site(s).power_cap_kw.is_some())
            .collect();
        assert!(!capped.is_empty());
        for site in capped {
            let cap = inst.site(site).power_cap_kw.unwrap_or(0.0);
            let draws: Vec<f64> = inst
                .machines_at(site)
                .iter()
                .map(|&m| inst.machine(m).power_kw)
                .collect();
            let largest = draws.iter().copied().fold(0.0, f64::max);
            assert!(cap >= largest);
            if draws.len() >= 3 {
                assert!(cap < draws.iter().sum::<f64>());
            }
        }
    }
}

#[test]
fn plants_have_prices_every_minute_with_an_expensive_evening_and_maintenance_exists() {
    let inst = generate(&config(100, 10, 2, 14)).unwrap();
    assert!(inst.has_downtime());
    for k in 0..2 {
        let tariff = inst.tariff(SiteId(k));
        for t in (0..20 * 1440).step_by(30) {
            assert!(tariff.price_at(t) > 0.0, "plant {k} has no price at {t}");
        }
        // Minute 0 is 06:00: noon, 18:00 and 02:00 of the first day.
        let (day, peak, night) = (
            tariff.price_at(360),
            tariff.price_at(720),
            tariff.price_at(1200),
        );
        assert!(peak > day && day > night, "{peak} {day} {night}");
    }
    assert!(
        inst.tariff(SiteId(2)).periods.is_empty(),
        "customers need no prices"
    );
}

#[test]
fn impossible_configurations_are_reported_not_panicked_on() {
    let bad = GeneratorConfig {
        sites: 0,
        machines: 0,
        products: 0,
        min_steps: 3,
        max_steps: 2,
        due_slack: f64::NAN,
        ..GeneratorConfig::default()
    };
    let err = generate(&bad).unwrap_err();
    assert!(err.issues.len() >= 3, "{err}");
    assert!(err.issues.iter().all(|i| i.code == "BAD_GENERATOR_CONFIG"));
    let huge_slack = GeneratorConfig {
        due_slack: 1e300,
        ..GeneratorConfig::default()
    };
    assert_eq!(generate(&huge_slack).unwrap_err().issues.len(), 1);
    let too_few_machines = generate(&config(10, 2, 3, 1)).unwrap_err();
    assert_eq!(too_few_machines.issues.len(), 1);
}

#[test]
fn material_ids_are_dense_and_named() {
    let inst = generate(&GeneratorConfig {
        materials: 12,
        ..config(100, 10, 2, 15)
    })
    .unwrap();
    let names: BTreeSet<&str> = inst.materials().iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names.len(), inst.materials().len());
    assert!(
        inst.supply(SiteId(0), MaterialId(0)).is_some()
            || inst.supply(SiteId(1), MaterialId(0)).is_some()
    );
}

/// Processes the orders provisioned at each plant one operation at a time, from the moment every
/// order is released and all material has arrived, on the fastest machine of each step at the plant,
/// and returns each order's arrival at its customer.
fn serial_arrivals(inst: &Instance, plants: &[SiteId]) -> Vec<Minutes> {
    let settled = inst
        .orders()
        .iter()
        .map(|o| o.release)
        .chain(inst.deliveries().iter().map(|d| d.eta))
        .max()
        .unwrap_or(0);
    let mut clock = vec![settled; inst.sites().len()];
    inst.order_ids()
        .map(|id| {
            let site = plants[id.index()];
            let t = &mut clock[site.index()];
            for op in inst.order_plan(id).op_ids() {
                let op = inst.op(op);
                let option = op
                    .options
                    .iter()
                    .filter(|o| inst.machine(o.machine).site == site)
                    .min_by_key(|o| o.duration)
                    .expect("the provisioned plant can make the order");
                let machine = inst.machine(option.machine);
                let mut start = *t + op.min_lag;
                while let Some(w) = machine.downtime_overlapping(start, start + option.duration) {
                    start = w.end;
                }
                *t = start + option.duration;
            }
            let route = inst.order_plan(id).plant(site).expect("a candidate plant");
            *t + route.fastest().map_or(0, |r| r.transit)
        })
        .collect()
}

#[test]
fn a_serial_plan_at_the_provisioned_plants_meets_every_hard_deadline() {
    for c in sizes() {
        let (inst, plants) = generate_with_plants(&c).unwrap();
        let arrivals = serial_arrivals(&inst, &plants);
        for id in inst.order_ids() {
            let order = inst.order(id);
            if let Some(deadline) = order.deadline {
                assert!(arrivals[id.index()] <= deadline, "{c:?}: {}", order.name);
            }
            if let Some(fixed) = order.plant {
                assert_eq!(fixed, plants[id.index()]);
            }
        }
    }
}

#[test]
fn each_plant_holds_the_material_of_the_orders_provisioned_there() {
    for c in sizes() {
        let (inst, plants) = generate_with_plants(&c).unwrap();
        let mut demand = std::collections::BTreeMap::new();
        for id in inst.order_ids() {
            for (m, qty) in inst.order_demand(id) {
                *demand.entry((plants[id.index()], m)).or_insert(0.0) += qty;
            }
        }
        for ((site, m), need) in demand {
            let have = inst.supply(site, m).map_or(0.0, |s| s.total());
            assert!(have >= need, "{c:?}: {site} {m}: {have} < {need}");
        }
    }
}

#[test]
fn margins_add_values_without_changing_the_plant() {
    let plain = generate(&GeneratorConfig::default()).unwrap();
    let valued = generate(&GeneratorConfig {
        margins: true,
        optional_share: 0.3,
        ..GeneratorConfig::default()
    })
    .unwrap();
    assert_eq!(plain.ops(), valued.ops());
    assert_eq!(plain.machines(), valued.machines());
    let optional = valued.orders().iter().filter(|o| o.value.optional).count();
    assert_eq!(optional, 60, "exactly 30% of 200 optional");
    for (a, b) in plain.orders().iter().zip(valued.orders()) {
        assert_eq!((&a.name, a.due, a.quantity), (&b.name, b.due, b.quantity));
        assert!(a.value.is_default());
        assert!(b.value.revenue > 0.0 && b.value.margin() > 0.0);
    }
    assert_eq!(valued.form(), crate::model::ObjectiveForm::Contribution);
    assert!(
        valued
            .orders()
            .iter()
            .any(|o| o.value.priority == crate::model::Priority::High)
    );
}

#[test]
fn a_port_takes_half_the_deliveries_a_road_lane_ahead_and_leaves_the_rest_as_it_was() {
    let config = GeneratorConfig {
        orders: 60,
        machines: 6,
        sites: 3,
        seed: 11,
        ..GeneratorConfig::default()
    };
    let plain = generate(&config).unwrap();
    let ported = generate(&GeneratorConfig { ports: 1, ..config }).unwrap();
    assert!(!plain.plans_transfers() && ported.plans_transfers());
    assert_eq!(plain.orders(), ported.orders());
    assert_eq!(plain.machines(), ported.machines());
    let port = SiteId::from_index(ported.sites().len() - 1);
    assert_eq!(ported.site(port).name, "PORT1");
    let mut moved = 0;
    for (before, after) in plain.deliveries().iter().zip(ported.deliveries()) {
        if after.site == port {
            moved += 1;
            // It lands earlier by the road transit to its plant: a road transfer brings it in time.
            let road = ported
                .lanes()
                .iter()
                .find(|l| l.from == port && l.to == before.site && l.name.ends_with("-road"))
                .unwrap();
            assert_eq!(after.eta + road.transit, before.eta);
        } else {
            assert_eq!(after, before);
        }
    }
    assert!(moved > 0);
    // Every plant is reached by road and rail, rail slower and cheaper.
    for plant in 0..3 {
        let to = SiteId::from_index(plant);
        let lanes: Vec<_> = ported
            .lanes()
            .iter()
            .filter(|l| l.from == port && l.to == to)
            .collect();
        assert_eq!(lanes.len(), 2);
        assert!(
            lanes[1].transit > lanes[0].transit && lanes[1].cost_per_unit < lanes[0].cost_per_unit
        );
    }
}

#[test]
fn a_warehouse_offers_part_way_routes_and_leaves_the_rest_as_it_was() {
    let config = GeneratorConfig {
        orders: 60,
        machines: 6,
        sites: 3,
        customers: 4,
        seed: 12,
        ..GeneratorConfig::default()
    };
    let plain = generate(&config).unwrap();
    let stored = generate(&GeneratorConfig {
        warehouses: 1,
        ..config
    })
    .unwrap();
    assert_eq!(plain.orders(), stored.orders());
    assert_eq!(plain.machines(), stored.machines());
    assert_eq!(plain.deliveries(), stored.deliveries());
    // Without ports nothing plans transfers, so the warehouse holds no stock (none is stranded).
    assert!(!stored.plans_transfers() && stored.stranded_material().is_empty());
    let wh = SiteId::from_index(stored.sites().len() - 1);
    assert_eq!(stored.site(wh).name, "WH1");
    // Some order may ship through it: a candidate route slower and cheaper than the fastest.
    let through = stored.order_ids().any(|o| {
        stored.order_plan(o).plants.iter().any(|p| {
            let fastest = p.fastest().unwrap();
            p.routes.iter().any(|r| {
                r.lanes.iter().any(|l| stored.lanes()[l.index()].to == wh)
                    && r.transit > fastest.transit
                    && r.cost_per_unit < fastest.cost_per_unit
            })
        })
    });
    assert!(through);
    // With a port it holds a little of every material.
    let both = generate(&GeneratorConfig {
        warehouses: 1,
        ports: 1,
        ..config
    })
    .unwrap();
    let wh = SiteId::from_index(both.sites().len() - 1);
    assert_eq!(
        both.stock().iter().filter(|s| s.site == wh).count(),
        both.materials().len()
    );
}
