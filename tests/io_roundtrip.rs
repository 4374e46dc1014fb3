//! What the writers write, the readers read back unchanged; the example folder reads completely.

mod support;

use std::path::Path;
use support::folder;
use takt::io::{
    read_fjs, read_instance_folder, read_jsp, read_plan, write_instance_folder, write_plan,
};
use takt::model::{Instance, Minutes, OrderId, SiteId, Window};
use takt::solution::{Schedule, ScheduledOp, UnplannedOrder};

fn example() -> Instance {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/example");
    read_instance_folder(&dir).unwrap_or_else(|e| panic!("example folder: {e}"))
}

/// Asserts that two instances hold the same entities and settings.
fn assert_same(a: &Instance, b: &Instance) {
    assert_eq!(a.name(), b.name());
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

/// Writes `instance` into a folder named like it and reads it back.
fn write_and_read(instance: &Instance) -> Instance {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join(instance.name());
    write_instance_folder(instance, &dir).unwrap();
    read_instance_folder(&dir).unwrap_or_else(|e| panic!("written folder: {e}"))
}

#[test]
fn the_example_folder_reads_with_every_optional_file() {
    let inst = example();
    assert_eq!(inst.name(), "example");
    assert_eq!(
        inst.plan_start().map(|t| t.to_string()),
        Some("2025-03-10 06:00:00".into())
    );
    assert_eq!(inst.sites().len(), 2);
    assert_eq!(inst.sites()[0].power_cap_kw, Some(100.0));
    assert_eq!(inst.sites()[1].power_cap_kw, None);
    let machines: Vec<(&str, f64)> = inst
        .machines()
        .iter()
        .map(|m| (m.name.as_str(), m.power_kw))
        .collect();
    assert_eq!(
        machines,
        vec![("saw", 30.0), ("mill", 45.0), ("oven", 60.0)]
    );
    assert_eq!(inst.machines()[1].downtime, vec![Window::new(240, 300)]);
    assert_eq!(inst.products().len(), 2);
    let bracket = &inst.products()[0];
    assert_eq!(bracket.steps.len(), 2);
    assert_eq!(bracket.steps[1].options.len(), 2, "mill or saw");
    let frame = &inst.products()[1];
    assert_eq!(frame.steps[1].min_lag, 30);
    assert_eq!(frame.bom.len(), 2);
    let materials: Vec<&str> = inst.materials().iter().map(|m| m.name.as_str()).collect();
    assert_eq!(materials, vec!["steel", "paint"]);
    assert_eq!(inst.stock().len(), 2);
    assert_eq!(
        inst.deliveries()[0].eta,
        240,
        "10:00 is 4 hours after the plan start"
    );
    let orders = inst.orders();
    assert_eq!(orders.len(), 3);
    assert_eq!(orders[0].customer, Some(SiteId(1)));
    assert_eq!(orders[0].weight, 2.0);
    assert_eq!(orders[1].customer, None);
    assert_eq!(orders[1].due, Some(480));
    assert_eq!((orders[2].release, orders[2].deadline), (60, Some(1200)));
    assert_eq!(orders[2].plant, Some(SiteId(0)));
    assert_eq!(inst.lanes()[0].capacity, Some(50));
    let prices: Vec<(Window, f64)> = inst
        .prices()
        .iter()
        .map(|p| (p.window, p.price_per_kwh))
        .collect();
    assert_eq!(
        prices,
        vec![
            (Window::new(0, 480), 0.30),
            (Window::new(480, Minutes::MAX), 0.12)
        ]
    );
    // Bracket, 10 units: saw 10 + 15 minutes, then mill 15 + 20 or saw 20 + 30.
    let plan = inst.order_plan(OrderId(0));
    let durations: Vec<Vec<Minutes>> = plan
        .op_ids()
        .map(|op| inst.op(op).options.iter().map(|o| o.duration).collect())
        .collect();
    assert_eq!(durations, vec![vec![25], vec![50, 35]]);
    assert_eq!(plan.plants[0].fastest().map(|r| r.transit), Some(120));
}

#[test]
fn a_folder_without_sites_puts_every_machine_at_the_plant() {
    let dir = folder(&[
        ("machines.csv", "id,power_kw\nM1,3\n"),
        ("routings.csv", "product,step,machine,setup\nP,1,M1,5\n"),
        ("bom.csv", "product,material,qty_per_unit\nP,steel,1\n"),
        ("stock.csv", "site,material,quantity\nplant,steel,4\n"),
        ("orders.csv", "id,product,quantity\nO1,P,2\n"),
        ("README.md", "notes"),
    ]);
    let inst = read_instance_folder(dir.path()).unwrap();
    assert_eq!(inst.sites().len(), 1);
    assert_eq!(inst.sites()[0].name, "plant");
    assert_eq!(inst.machines()[0].site, SiteId(0));
    assert_eq!(inst.stock()[0].quantity, 4.0);
}

#[test]
fn the_example_written_and_read_back_is_equal() {
    let inst = example();
    assert_same(&inst, &write_and_read(&inst));
}

#[test]
fn benchmarks_written_as_folders_read_back_equal() {
    let ft06 = read_jsp(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/instances/benchmarks/jsp/ft06"
    )))
    .unwrap();
    assert_same(&ft06, &write_and_read(&ft06));
    let mk01 = read_fjs(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/instances/benchmarks/fjsp/mk01.fjs"
    )))
    .unwrap();
    assert_same(&mk01, &write_and_read(&mk01));
}

#[test]
fn awkward_ids_and_fractions_survive_the_round_trip() {
    let dir = folder(&[
        ("sites.csv", "id\n\"north, main\"\n\"#2\"\n"),
        (
            "machines.csv",
            "id,site,power_kw\n\"say \"\"hi\"\"\",\"north, main\",0.1\n",
        ),
        (
            "routings.csv",
            "product,step,machine,run_per_unit\nP,1,\"say \"\"hi\"\"\",0.3333333333333333\n",
        ),
        (
            "orders.csv",
            "id,product,quantity,customer\nO1,P,3,\"north, main\"\n",
        ),
        (
            "lanes.csv",
            "id,from,to,transit\nL,\"#2\",\"north, main\",5\n",
        ),
    ]);
    let inst = read_instance_folder(dir.path()).unwrap();
    assert_eq!(inst.sites()[1].name, "#2");
    assert_eq!(inst.machines()[0].name, "say \"hi\"");
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join(inst.name());
    write_instance_folder(&inst, &out).unwrap();
    assert_same(&inst, &read_instance_folder(&out).unwrap());
}

/// A plan for the example: O1 and O2 placed on their first options, O3 left out.
fn example_plan(inst: &Instance) -> Schedule {
    let mut schedule = Schedule::default();
    let mut t = 0;
    for order in [OrderId(0), OrderId(1)] {
        for op in inst.order_plan(order).op_ids() {
            let option = inst.op(op).options[0];
            t += inst.op(op).min_lag;
            schedule.ops.push(ScheduledOp {
                op,
                machine: option.machine,
                start: t,
                end: t + option.duration,
                mode: takt::model::ModeId::NOMINAL,
            });
            t += option.duration;
        }
    }
    schedule.unplanned.push(UnplannedOrder {
        decision: Default::default(),
        order: OrderId(2),
        reason: "steel short, \"waiting\" for D1".into(),
    });
    schedule.ship_orders(inst);
    schedule
}

#[test]
fn a_written_plan_reads_back_as_the_same_schedule() {
    let inst = example();
    let mut schedule = example_plan(&inst);
    assert_eq!(schedule.shipments.len(), 1, "O1 ships, O2 is collected");
    let dir = tempfile::tempdir().unwrap();
    write_plan(&inst, &schedule, dir.path()).unwrap();
    let read = read_plan(&inst, &dir.path().join("schedule.csv")).unwrap();
    assert!(read.has_shipments && read.has_unplanned);
    let mut back = read.schedule;
    schedule.normalize();
    back.normalize();
    assert_eq!(back, schedule);
}

#[test]
fn the_plan_files_hold_the_derived_columns() {
    let inst = example();
    let schedule = example_plan(&inst);
    let dir = tempfile::tempdir().unwrap();
    write_plan(&inst, &schedule, dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join("schedule.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "order,step,product,machine,site,start,end,start_time,end_time,energy_kwh,energy_cost,materials"
    );
    // O1 step 1 on the saw (30 kW) for 25 minutes at 0.30 per kWh: 12.5 kWh, 3.75.
    assert_eq!(
        lines[1],
        "O1,1,bracket,saw,works,0,25,2025-03-10T06:00,2025-03-10T06:25,12.5,3.75,steel=20"
    );
    assert_eq!(lines.len(), 5, "four operations and the header");
    let shipments = std::fs::read_to_string(dir.path().join("shipments.csv")).unwrap();
    let o1_end = schedule.shipments[0].depart;
    assert_eq!(
        shipments.lines().nth(1),
        Some(format!("O1,works,depot,truck,{o1_end},{},10,5,600,0", o1_end + 120).as_str())
    );
    let unplanned = std::fs::read_to_string(dir.path().join("unplanned.csv")).unwrap();
    assert_eq!(
        unplanned,
        "order,reason,decision\nO3,\"steel short, \"\"waiting\"\" for D1\",unplannable\n"
    );
}

#[test]
fn a_schedule_alone_reads_without_shipments_or_unplanned_orders() {
    let inst = example();
    let dir = tempfile::tempdir().unwrap();
    let csv = "order,step,machine,start,end\nO1,1,saw,2025-03-10T06:10,35\n";
    std::fs::write(dir.path().join("schedule.csv"), csv).unwrap();
    let read = read_plan(&inst, &dir.path().join("schedule.csv")).unwrap();
    assert!(!read.has_shipments && !read.has_unplanned);
    assert_eq!(read.schedule.ops.len(), 1);
    assert_eq!(
        (read.schedule.ops[0].start, read.schedule.ops[0].end),
        (10, 35)
    );
}
