//! The bundled instance folders read and build, the hand-worked optima of the fixtures are what the
//! KPI evaluation says, and generated instances survive a write and read back.

use std::path::{Path, PathBuf};
use takt::generate::{GeneratorConfig, generate};
use takt::io::{read_instance_folder, write_instance_folder};
use takt::model::{Instance, MachineId, OpId, OrderId};
use takt::solution::{Kpis, Schedule, ScheduledOp, evaluate};

fn instances_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("instances")
}

fn read(relative: &str) -> Instance {
    let dir = instances_dir().join(relative);
    read_instance_folder(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Every instance folder under `instances/`: each folder holding a machines.csv, at any depth.
fn instance_folders() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        if dir.join("machines.csv").is_file() {
            found.push(dir.to_path_buf());
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut children: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        children.sort();
        for child in children {
            walk(&child, found);
        }
    }
    let mut found = Vec::new();
    walk(&instances_dir(), &mut found);
    found
}

#[test]
fn every_bundled_instance_folder_reads_and_builds() {
    let folders = instance_folders();
    assert!(folders.len() >= 7, "{folders:?}");
    for dir in folders {
        let inst = read_instance_folder(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        assert!(!inst.orders().is_empty(), "{}", dir.display());
        for id in inst.order_ids() {
            assert!(
                !inst.order_plan(id).plants.is_empty(),
                "{}: order {} has no plant",
                dir.display(),
                inst.order(id).name
            );
        }
    }
}

#[test]
fn demo_is_a_two_plant_week_start_with_late_steel_and_a_power_cap() {
    let inst = read("demo");
    assert_eq!(inst.machines().len(), 11);
    assert_eq!(inst.orders().len(), 40);
    assert_eq!(inst.products().len(), 8);
    assert!(inst.plan_start().is_some());
    assert!(inst.has_power_caps() && inst.has_downtime() && inst.has_materials());
    assert!(inst.has_energy_costs() && inst.has_plant_choice() && inst.has_deadlines());
    let steel = inst.deliveries().iter().find(|d| d.name == "STEEL-N1");
    // Monday 20:00 is 14 hours after the 06:00 plan start.
    assert_eq!(steel.map(|d| d.eta), Some(14 * 60));
    let dues: Vec<i64> = inst.orders().iter().filter_map(|o| o.due).collect();
    assert_eq!(dues.len(), 40);
    let last_due = dues.iter().copied().max().unwrap_or(0);
    assert!((24 * 60..=3 * 24 * 60).contains(&last_due), "{last_due}");
}

#[test]
fn demo_supply_covers_the_demand_of_every_material() {
    let inst = read("demo");
    for (m, material) in inst.materials().iter().enumerate() {
        let demand: f64 = inst
            .order_ids()
            .flat_map(|o| inst.order_demand(o).collect::<Vec<_>>())
            .filter(|(mat, _)| mat.index() == m)
            .map(|(_, q)| q)
            .sum();
        let supply: f64 = inst
            .supplies()
            .iter()
            .filter(|((_, mat), _)| mat.index() == m)
            .map(|(_, s)| s.total())
            .sum();
        assert!(supply >= demand, "{}: {supply} < {demand}", material.name);
    }
}

/// A plan given as `(order, step (1-based), machine, start)`; ends follow from the durations, and
/// finished orders ship along their fastest route.
fn plan(inst: &Instance, placements: &[(&str, u32, &str, i64)]) -> Schedule {
    let order_id = |name: &str| {
        let i = inst.orders().iter().position(|o| o.name == name);
        OrderId::from_index(i.unwrap_or_else(|| panic!("no order {name}")))
    };
    let machine_id = |name: &str| {
        let i = inst.machines().iter().position(|m| m.name == name);
        MachineId::from_index(i.unwrap_or_else(|| panic!("no machine {name}")))
    };
    let mut schedule = Schedule::default();
    for &(order, step, machine, start) in placements {
        let op = OpId(inst.order_plan(order_id(order)).ops.start + step - 1);
        let machine = machine_id(machine);
        let duration = inst.op(op).duration_on(machine).expect("eligible machine");
        schedule.ops.push(ScheduledOp {
            op,
            machine,
            start,
            end: start + duration,
            mode: takt::model::ModeId::NOMINAL,
        });
    }
    schedule.ship_orders(inst);
    schedule
}

fn assert_kpis(
    kpis: &Kpis,
    objective: f64,
    makespan: i64,
    tardiness: f64,
    energy: f64,
    transport: f64,
) {
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(kpis.objective, objective), "objective {kpis:?}");
    assert_eq!(kpis.makespan, makespan, "makespan {kpis:?}");
    assert!(
        close(kpis.total_weighted_tardiness, tardiness),
        "tardiness {kpis:?}"
    );
    assert!(close(kpis.energy_cost, energy), "energy {kpis:?}");
    assert!(close(kpis.transport_cost, transport), "transport {kpis:?}");
    assert!(kpis.objective >= kpis.objective_lower_bound - 1e-9);
}

#[test]
fn single_machine_tardiness_optimum_costs_80() {
    let inst = read("fixtures/single_machine_tardiness");
    let best = plan(
        &inst,
        &[("B", 1, "M1", 0), ("C", 1, "M1", 20), ("A", 1, "M1", 60)],
    );
    assert_kpis(&evaluate(&inst, &best), 80.0, 90, 80.0, 0.0, 0.0);
    let edd = plan(
        &inst,
        &[("A", 1, "M1", 0), ("B", 1, "M1", 30), ("C", 1, "M1", 50)],
    );
    assert_eq!(evaluate(&inst, &edd).objective, 110.0);
}

#[test]
fn energy_shift_optimum_runs_in_the_cheap_period() {
    let inst = read("fixtures/energy_shift");
    let best = plan(&inst, &[("H1", 1, "FURNACE", 120)]);
    assert_kpis(&evaluate(&inst, &best), 6.0, 180, 0.0, 6.0, 0.0);
    assert!((evaluate(&inst, &best).energy_kwh - 60.0).abs() < 1e-9);
    let early = plan(&inst, &[("H1", 1, "FURNACE", 0)]);
    assert!((evaluate(&inst, &early).objective - 18.0).abs() < 1e-9);
}

#[test]
fn two_plants_optimum_sends_the_small_order_to_the_far_plant() {
    let inst = read("fixtures/two_plants");
    let best = plan(&inst, &[("A", 1, "M1", 0), ("B", 1, "M2", 0)]);
    let kpis = evaluate(&inst, &best);
    assert_kpis(&kpis, 21.0, 120, 0.0, 0.0, 21.0);
    assert!(best.shipments.iter().all(|s| s.arrive == 150));
    let wait = plan(&inst, &[("A", 1, "M1", 0), ("B", 1, "M1", 120)]);
    assert_eq!(evaluate(&inst, &wait).objective, 71.0);
}

#[test]
fn late_delivery_optimum_fills_the_wait_with_the_other_order() {
    let inst = read("fixtures/late_delivery");
    let best = plan(&inst, &[("B", 1, "M1", 0), ("A", 1, "M1", 40)]);
    assert_kpis(&evaluate(&inst, &best), 40.0, 70, 40.0, 0.0, 0.0);
    let steel = &inst.supplies().values().next().expect("steel supply");
    assert!(steel.available_at(39) < 10.0 && steel.available_at(40) >= 10.0);
    let idle_first = plan(&inst, &[("A", 1, "M1", 40), ("B", 1, "M1", 70)]);
    assert_eq!(evaluate(&inst, &idle_first).objective, 50.0);
}

#[test]
fn power_cap_optimum_runs_the_heavier_order_first() {
    let inst = read("fixtures/power_cap");
    let best = plan(&inst, &[("A", 1, "OVEN", 0), ("B", 1, "PRESS", 60)]);
    let kpis = evaluate(&inst, &best);
    assert_kpis(&kpis, 74.0, 120, 60.0, 14.0, 0.0);
    assert!((kpis.energy_kwh - 140.0).abs() < 1e-9);
    let cap = inst.sites()[0].power_cap_kw.unwrap_or(f64::INFINITY);
    let together: f64 = inst.machines().iter().map(|m| m.power_kw).sum();
    assert!(together > cap);
}

/// Entities of two instances compare equal (the derived data follows from them).
fn assert_same_entities(a: &Instance, b: &Instance) {
    assert_eq!(a.plan_start(), b.plan_start());
    assert_eq!(a.weights(), b.weights());
    assert_eq!(a.sites(), b.sites());
    assert_eq!(a.machines(), b.machines());
    assert_eq!(a.materials(), b.materials());
    assert_eq!(a.products(), b.products());
    assert_eq!(a.orders(), b.orders());
    assert_eq!(a.lanes(), b.lanes());
    assert_eq!(a.stock(), b.stock());
    assert_eq!(a.deliveries(), b.deliveries());
    assert_eq!(a.prices(), b.prices());
    assert_eq!(a.ops(), b.ops());
}

#[test]
fn generated_instances_survive_writing_and_reading_back() {
    for config in [
        GeneratorConfig::default(),
        GeneratorConfig {
            orders: 60,
            machines: 9,
            sites: 3,
            customers: 0,
            seed: 5,
            ..GeneratorConfig::default()
        },
        GeneratorConfig {
            orders: 1500,
            machines: 40,
            sites: 4,
            customers: 6,
            materials: 8,
            seed: 6,
            ..GeneratorConfig::default()
        },
    ] {
        let generated = generate(&config).expect("generated");
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join(config.instance_name());
        write_instance_folder(&generated, &folder).expect("written");
        let back = read_instance_folder(&folder).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.name(), generated.name());
        assert_same_entities(&generated, &back);
    }
}

#[test]
fn bundled_fixtures_survive_writing_and_reading_back() {
    for dir in instance_folders() {
        let original = read_instance_folder(&dir).unwrap_or_else(|e| panic!("{e}"));
        let tmp = tempfile::tempdir().expect("temp dir");
        let folder = tmp.path().join(original.name());
        write_instance_folder(&original, &folder).expect("written");
        let back = read_instance_folder(&folder).unwrap_or_else(|e| panic!("{e}"));
        assert_same_entities(&original, &back);
    }
}
