//! Material transfers between sites (`transfers.csv`): every solver plans around material that
//! flows on from a port, the checker counts transfers out and in, bad transfers point at their
//! row, and material no order can ever use is told, never dropped in silence.

mod support;

use std::path::{Path, PathBuf};
use support::{assert_at, errors_of, folder, the};
use takt::io::{instance_files, read_instance_files, read_instance_folder};
use takt::model::{
    BomLine, Instance, InstanceBuilder, Lane, LaneEffect, LaneId, LaneWindow, Machine, MachineId,
    Material, MaterialId, Order, OrderId, Product, Site, SiteId, Stock, Transfer, Window,
};
use takt::solution::{Schedule, ScheduledOp};
use takt::validate::validate;
use takt::{Budget, SolveOptions, SolverKind, solve};

fn port_transfer() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/fixtures/port_transfer")
}

/// The fixture's files with `transfers.csv` replaced (`None`: removed).
fn port_with(transfers: Option<&str>) -> tempfile::TempDir {
    port_replacing("transfers.csv", transfers)
}

/// The fixture's files with file `replaced` given `text` (`None`: removed).
fn port_replacing(replaced: &str, text: Option<&str>) -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(port_transfer()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".csv") && name != replaced {
            files.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    if let Some(text) = text {
        files.push((replaced.into(), text.into()));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    folder(&refs)
}

const HEADER: &str = "id,material,from,to,quantity,depart,route,arrive\n";

#[test]
fn every_solver_waits_for_the_steel_the_transfers_bring() {
    let instance = read_instance_folder(&port_transfer()).unwrap();
    let t1 = &instance.transfers()[0];
    assert_eq!((t1.arrival(), t1.lanes.len()), (180, 1));
    // T2 takes the fastest route (the barge) when none is given.
    assert_eq!(instance.transfers()[1].arrival(), 330);
    let mut kinds = vec![SolverKind::Greedy, SolverKind::Search];
    if cfg!(feature = "highs") {
        kinds.push(SolverKind::Milp);
    }
    for kind in kinds {
        let budget = Budget::iterations(500).with_threads(1).with_seed(1);
        let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget).unwrap();
        let plan = outcome.schedule.as_ref().expect("a plan");
        assert!(validate(&instance, plan).is_feasible(), "{kind:?}");
        assert!(outcome.unplanned.is_empty(), "{kind:?}");
        let mut starts: Vec<i64> = plan.ops.iter().map(|o| o.start).collect();
        starts.sort_unstable();
        // 30 t at the works from 0, 90 more from 180, the last 60 from 330 (30 t per order).
        assert_eq!(starts[0], 0, "{kind:?}");
        assert!(starts[1] >= 180 && starts[4] >= 330, "{kind:?}: {starts:?}");
        // Every order fits before its due date once the last load is in: nothing is late.
        assert_eq!(
            outcome.kpis.as_ref().unwrap().total_weighted_tardiness,
            0.0,
            "{kind:?}"
        );
    }
}

#[test]
fn a_transfer_that_leaves_before_the_vessel_is_short_at_its_row() {
    let dir = port_with(Some(&format!(
        "{HEADER}T1,steel,port,works,90,0,barge,\nT2,steel,port,works,60,100,,\n"
    )));
    let errors = errors_of(dir.path());
    let e = the(&errors, "TRANSFER_SHORT");
    assert_at(
        e,
        "transfers.csv",
        Some(3),
        Some("quantity"),
        &["'T2'", "60", "'port'"],
    );
}

#[test]
fn bad_routes_and_arrivals_point_at_their_cells() {
    let cases = [
        (
            "T1,steel,port,works,90,0,truck,\n",
            "route",
            vec!["'truck'", "'port'"],
        ),
        (
            "T1,steel,port,works,190,0,barge,\n",
            "route",
            vec!["at most 100"],
        ),
        ("T1,steel,port,works,190,0,,\n", "to", vec!["no route"]),
        (
            "T1,steel,port,works,90,0,,120\n",
            "arrive",
            vec!["before its route allows"],
        ),
        ("T1,steel,port,port,90,0,,\n", "to", vec!["same site"]),
    ];
    for (row, column, words) in cases {
        let dir = port_with(Some(&format!("{HEADER}{row}")));
        let errors = errors_of(dir.path());
        assert_eq!(errors.len(), 1, "{row}: {errors}");
        let e = the(&errors, "BAD_TRANSFER");
        assert_at(e, "transfers.csv", Some(2), Some(column), &words);
    }
    let dir = port_with(Some(&format!(
        "{HEADER}T1,steel,port,works,90,0,barge>rail,\n"
    )));
    let errors = errors_of(dir.path());
    assert_at(
        the(&errors, "UNKNOWN_LANE"),
        "transfers.csv",
        Some(2),
        Some("route"),
        &["rail"],
    );
}

#[test]
fn transfers_survive_a_write_and_read_back() {
    let instance = read_instance_folder(&port_transfer()).unwrap();
    let files = instance_files(&instance).unwrap();
    let text = &files.iter().find(|(n, _)| *n == "transfers.csv").unwrap().1;
    assert!(
        text.contains("T2,steel,port,works,60,150,barge,330"),
        "{text}"
    );
    let back = read_instance_files(instance.name(), &files).unwrap();
    assert_eq!(back.transfers(), instance.transfers());
    assert_eq!(back.supplies(), instance.supplies());
}

#[test]
fn steel_stranded_at_the_port_is_told_in_a_note_and_in_every_short_reason() {
    let dir = port_with(None);
    let instance = read_instance_folder(dir.path()).unwrap();
    let stranded = instance.stranded_material();
    assert_eq!(stranded.len(), 1);
    assert_eq!(stranded[0].quantity, 150.0);
    let budget = Budget::iterations(200).with_threads(1);
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap();
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("150 of material 'steel' at site 'port' is never used")),
        "{:?}",
        outcome.notes
    );
    // 30 t at the works make one order; the other four are short and say where the steel is.
    assert_eq!(outcome.unplanned.len(), 4);
    for u in &outcome.unplanned {
        assert!(
            u.reason
                .contains("150 of it sits unused at 'port' with no transfer to 'works'"),
            "{}",
            u.reason
        );
    }
}

/// Plant A holds 60 of resin and ships all of it to B at minute 100; one order at A needs 30.
fn resin_leaves_a() -> Instance {
    let mut b = InstanceBuilder::new("resin");
    let a = b.add_site(Site::new("A"));
    let bb = b.add_site(Site::new("B"));
    let m = b.add_machine(Machine::new("M", a));
    let resin = b.add_material(Material {
        name: "resin".into(),
    });
    let mut p = Product::on_one_machine("P", m, 10);
    p.bom.push(BomLine {
        material: resin,
        qty_per_unit: 30.0,
    });
    let p = b.add_product(p);
    b.add_order(Order::new("O", p, 1));
    b.add_stock(Stock {
        site: a,
        material: resin,
        quantity: 60.0,
    });
    b.add_lane(Lane {
        name: "A-B".into(),
        from: a,
        to: bb,
        transit: 30,
        cost_per_unit: 0.0,
        capacity: None,
    });
    b.add_transfer(Transfer {
        name: "T".into(),
        material: resin,
        from: a,
        to: bb,
        quantity: 60.0,
        depart: 100,
        lanes: Vec::new(),
        arrive: None,
    });
    b.build().unwrap()
}

#[test]
fn the_checker_counts_what_a_transfer_takes_away() {
    let instance = resin_leaves_a();
    // Before the transfer leaves the order may take its 30, but then the transfer is short.
    let op = instance.order_plan(OrderId(0)).first_op();
    let plan = |start| Schedule {
        ops: vec![ScheduledOp {
            op,
            machine: MachineId(0),
            start,
            end: start + 10,
            mode: Default::default(),
        }],
        ..Schedule::default()
    };
    let report = validate(&instance, &plan(0));
    assert!(!report.is_feasible());
    let v = &report.violations[0];
    assert_eq!(v.code.as_str(), "MATERIAL_SHORTAGE");
    assert!(v.message.contains("transfers out take 60"), "{}", v.message);
    // The supply the solvers see says the same: nothing can be taken at A for good.
    let supply = instance.supply(SiteId(0), MaterialId(0)).unwrap();
    assert_eq!(supply.earliest_with(30.0), None);
}

/// A plant `W` (one machine, 30 minutes per order) that holds none of the 10 t of steel its one
/// order needs until a delivery at minute 600, and a depot `D` with 10 t from the start. Lanes
/// from `D` to `W`: `(name, transit minutes, cost per unit)`. The order is due at 200 with
/// `weight` per minute late; transfers are planned.
fn depot_and_plant(lanes: &[(&str, i64, f64)], weight: f64, machine_busy_until: i64) -> Instance {
    depot_and_plant_builder(lanes, weight, machine_busy_until)
        .build()
        .unwrap()
}

/// [`depot_and_plant`] before it is built.
fn depot_and_plant_builder(
    lanes: &[(&str, i64, f64)],
    weight: f64,
    machine_busy_until: i64,
) -> InstanceBuilder {
    let mut b = InstanceBuilder::new("depot");
    b.plan_transfers = true;
    let w = b.add_site(Site::new("W"));
    let d = b.add_site(Site::new("D"));
    let m = b.add_machine(Machine::new("M", w));
    let steel = b.add_material(Material {
        name: "steel".into(),
    });
    let mut p = Product::on_one_machine("P", m, 30);
    p.bom.push(BomLine {
        material: steel,
        qty_per_unit: 10.0,
    });
    let p = b.add_product(p);
    let mut order = Order::new("O", p, 1);
    order.due = Some(200);
    order.weight = weight;
    b.add_order(order);
    if machine_busy_until > 0 {
        // Work that keeps the machine busy first: a heavy order due at its own end, no material.
        let q = b.add_product(Product::on_one_machine("Q", m, machine_busy_until));
        let mut first = Order::new("FIRST", q, 1);
        first.due = Some(machine_busy_until);
        first.weight = 1000.0;
        b.add_order(first);
    }
    b.add_stock(Stock {
        site: d,
        material: steel,
        quantity: 10.0,
    });
    b.add_delivery(takt::model::Delivery {
        name: "late".into(),
        material: steel,
        site: w,
        quantity: 10.0,
        eta: 600,
    });
    for &(name, transit, cost) in lanes {
        b.add_lane(Lane {
            name: name.into(),
            from: d,
            to: w,
            transit,
            cost_per_unit: cost,
            capacity: None,
        });
    }
    b
}

/// The plan of every solver, each checked (the MILP's proven optimal, and every other solver's
/// objective equal to it); the start of order `O` and the lanes of its transfers.
fn plans(instance: &Instance) -> Vec<(SolverKind, i64, Vec<String>)> {
    let mut kinds = vec![SolverKind::Greedy, SolverKind::Search];
    if cfg!(feature = "highs") {
        kinds.push(SolverKind::Milp);
    }
    let mut objectives = Vec::new();
    let found = kinds
        .into_iter()
        .map(|kind| {
            let budget = Budget::iterations(300).with_threads(1).with_seed(3);
            let outcome = solve(instance, &SolveOptions::with_solver(kind), &budget).unwrap();
            if kind == SolverKind::Milp {
                assert_eq!(outcome.status, takt::Status::Optimal, "{:?}", outcome.notes);
            }
            objectives.push((kind, outcome.objective().expect("an objective")));
            let plan = outcome.schedule.expect("a plan");
            let report = validate(instance, &plan);
            assert!(report.is_complete(), "{kind:?}: {:?}", report.violations);
            let o = instance.order_plan(OrderId(0)).first_op();
            let start = plan.ops.iter().find(|s| s.op == o).unwrap().start;
            let lanes = plan
                .transfers
                .iter()
                .flat_map(|t| {
                    t.lanes
                        .iter()
                        .map(|l| instance.lanes()[l.index()].name.clone())
                })
                .collect();
            (kind, start, lanes)
        })
        .collect();
    let best = objectives.iter().map(|o| o.1).fold(f64::INFINITY, f64::min);
    for (kind, objective) in objectives {
        assert!(
            (objective - best).abs() < 1e-6,
            "{kind:?}: {objective} > {best}"
        );
    }
    found
}

#[test]
fn a_transfer_beats_waiting_for_the_late_delivery() {
    // Waiting: start 600, 430 minutes late. The truck: 10 t x 0.5 = 5, on time at 60.
    let instance = depot_and_plant(&[("truck", 60, 0.5)], 1.0, 0);
    for (kind, start, lanes) in plans(&instance) {
        assert_eq!((start, lanes), (60, vec!["truck".to_string()]), "{kind:?}");
    }
}

#[test]
fn waiting_beats_a_dear_transfer() {
    // The truck now costs 10 t x 100 = 1000, more than 430 minutes late at weight 1.
    let instance = depot_and_plant(&[("truck", 60, 100.0)], 1.0, 0);
    for (kind, start, lanes) in plans(&instance) {
        assert_eq!((start, lanes), (600, Vec::<String>::new()), "{kind:?}");
    }
}

#[test]
fn a_closed_lane_forces_the_transfer_onto_another_lane() {
    let lanes = [("truck", 60, 0.5), ("rail", 120, 0.6)];
    let closed = |window: LaneWindow| {
        let mut b = depot_and_plant_builder(&lanes, 1.0, 0);
        b.lane_windows.push(window);
        b.build().unwrap()
    };
    let truck = LaneId::from_index(0);
    // Open lanes: the truck, cheaper and sooner (start 60).
    for (kind, start, used) in plans(&depot_and_plant(&lanes, 1.0, 0)) {
        assert_eq!((start, used), (60, vec!["truck".to_string()]), "{kind:?}");
    }
    // The truck's lane is closed until 500: waiting for it starts at 560 (360 late); rail
    // delivers at 120, on time, for 1 more.
    let instance = closed(LaneWindow {
        lane: truck,
        window: Window::new(0, 500),
        effect: LaneEffect::Closed,
    });
    for (kind, start, used) in plans(&instance) {
        assert_eq!((start, used), (120, vec!["rail".to_string()]), "{kind:?}");
    }
    // Slower by 30 minutes until 100: the truck still wins; its steel is there at 90 at the
    // earliest, and any start up to 170 is on time.
    let instance = closed(LaneWindow {
        lane: truck,
        window: Window::new(0, 100),
        effect: LaneEffect::Slower { extra: 30 },
    });
    for (kind, start, used) in plans(&instance) {
        assert_eq!(used, vec!["truck".to_string()], "{kind:?}");
        assert!((90..=170).contains(&start), "{kind:?}: {start}");
    }
}

#[test]
fn an_order_with_slack_waits_for_the_cheap_slow_route() {
    // The machine is free at once, and the road delivers by 60 for 10 (10 t x 1.00); rail
    // delivers at 400 for 1, and the order (30 minutes) is still on time at 500 then. Every
    // solver holds the order back for rail (the search and the dispatcher try the cheapest routes
    // only, after an attempt that pulled along a dearer one).
    let lanes = [("road", 60, 1.0), ("rail", 400, 0.1)];
    let mut b = depot_and_plant_builder(&lanes, 1.0, 0);
    b.orders[0].due = Some(500);
    let instance = b.build().unwrap();
    for (kind, start, used) in plans(&instance) {
        assert_eq!(used, vec!["rail".to_string()], "{kind:?}");
        assert!((400..=470).contains(&start), "{kind:?}: {start}");
    }
}

#[test]
fn rail_beats_road_with_slack_and_road_beats_rail_without() {
    let lanes = [("road", 60, 1.0), ("rail", 300, 0.2)];
    // The machine is free at once: only the road delivers by 60 (rail: 300, late).
    let instance = depot_and_plant(&lanes, 1.0, 0);
    for (kind, start, used) in plans(&instance) {
        assert_eq!((start, used), (60, vec!["road".to_string()]), "{kind:?}");
    }
    // The machine is busy until 400: both deliver by then and rail is cheaper (2 against 10).
    let instance = depot_and_plant(&lanes, 1.0, 400);
    for (kind, start, used) in plans(&instance) {
        assert_eq!((start, used), (400, vec!["rail".to_string()]), "{kind:?}");
    }
}

#[test]
fn planned_transfers_are_written_read_back_and_checked() {
    let instance = depot_and_plant(&[("truck", 60, 0.5)], 1.0, 0);
    let budget = Budget::iterations(100).with_threads(1);
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap();
    let plan = outcome.schedule.unwrap();
    assert_eq!(outcome.kpis.as_ref().unwrap().transfer_cost, 5.0);
    let files = takt::io::plan_files(&instance, &plan).unwrap();
    let text = &files.iter().find(|(n, _)| *n == "transfers.csv").unwrap().1;
    assert_eq!(
        text.lines().nth(1),
        Some("O,steel,D,W,10,truck,0,60,5"),
        "{text}"
    );
    let back = takt::io::parse_plan(&instance, &takt::io::PlanSources::from_texts(&files)).unwrap();
    assert_eq!(back.schedule.transfers, plan.transfers);
    // A transfer that arrives too early for its lane is refused at its row.
    let early = text.replace("truck,0,60", "truck,0,30");
    let mut files = files.clone();
    files.retain(|(n, _)| *n != "transfers.csv");
    files.push(("transfers.csv", early));
    let back = takt::io::parse_plan(&instance, &takt::io::PlanSources::from_texts(&files)).unwrap();
    let report = validate(&instance, &back.schedule);
    assert_eq!(report.violations[0].code.as_str(), "TRANSFER_TRANSIT");
    let (file, line) = back.lines.locate(&report.violations[0]).unwrap();
    assert_eq!((file.to_str(), line), (Some("transfers.csv"), 2));
    // A transfer taking 20 t from a depot that holds 10 leaves it short when it departs: the
    // shortage points at the transfer's row, as no order starts at the depot.
    let greedy = text.replace("D,W,10,truck,0,60,5", "D,W,20,truck,0,60,10");
    let mut files = files.clone();
    files.retain(|(n, _)| *n != "transfers.csv");
    files.push(("transfers.csv", greedy));
    let back = takt::io::parse_plan(&instance, &takt::io::PlanSources::from_texts(&files)).unwrap();
    let report = validate(&instance, &back.schedule);
    let short = report
        .violations
        .iter()
        .find(|v| v.code.as_str() == "MATERIAL_SHORTAGE")
        .unwrap_or_else(|| panic!("{report}"));
    assert!(short.message.contains("'D'"), "{}", short.message);
    let (file, line) = back.lines.locate(short).unwrap();
    assert_eq!((file.to_str(), line), (Some("transfers.csv"), 2));
    // Without the transfer the plant is short when the order starts.
    let mut none = back.schedule.clone();
    none.transfers.clear();
    assert_eq!(
        validate(&instance, &none).violations[0].code.as_str(),
        "MATERIAL_SHORTAGE"
    );
}

/// An order's material split between the plant's own 4 t and 6 t by truck: the search and the
/// dispatcher top up what the plant holds, and the MILP splits among sources, to the same optimum.
#[cfg(feature = "highs")]
#[test]
fn the_plants_stock_is_topped_up_by_a_transfer() {
    let mut b = depot_and_plant_builder(&[("truck", 60, 1.0)], 1.0, 0);
    b.add_stock(Stock {
        site: SiteId(0),
        material: MaterialId(0),
        quantity: 4.0,
    });
    let instance = b.build().unwrap();
    let budget = Budget::iterations(200).with_threads(1).with_seed(3);
    let milp = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Milp),
        &budget,
    )
    .unwrap();
    assert_eq!(milp.status, takt::Status::Optimal, "{:?}", milp.notes);
    let plan = milp.schedule.as_ref().unwrap();
    assert!(validate(&instance, plan).is_complete());
    let moved: f64 = plan.transfers.iter().map(|t| t.quantity).sum();
    assert!((moved - 6.0).abs() < 1e-6, "{:?}", plan.transfers);
    // On time at 60, 6 t x 1.00 of transport.
    assert!((milp.objective().unwrap() - 6.0).abs() < 1e-6);
    for kind in [SolverKind::Greedy, SolverKind::Search] {
        let other = solve(&instance, &SolveOptions::with_solver(kind), &budget).unwrap();
        let plan = other.schedule.as_ref().unwrap();
        assert!(validate(&instance, plan).is_complete(), "{kind:?}");
        let moved: f64 = plan.transfers.iter().map(|t| t.quantity).sum();
        assert!((moved - 6.0).abs() < 1e-6, "{kind:?}: {:?}", plan.transfers);
        assert!((other.objective().unwrap() - 6.0).abs() < 1e-6, "{kind:?}");
    }
}

#[cfg(feature = "highs")]
#[test]
fn the_milp_plans_transfers_and_auto_proves_the_plan_optimal() {
    let instance = depot_and_plant(&[("truck", 60, 0.5), ("rail", 300, 0.2)], 1.0, 0);
    // Auto probes the MILP only under a time limit (an iteration budget stays reproducible).
    let budget = Budget::time(std::time::Duration::from_secs(10)).with_threads(1);
    let auto = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Auto),
        &budget,
    )
    .unwrap();
    let plan = auto.schedule.as_ref().unwrap();
    assert!(validate(&instance, plan).is_complete());
    assert_eq!(auto.status, takt::Status::Optimal, "{:?}", auto.notes);
    // The truck: on time at 60 for 5 (rail would arrive at 300, 130 minutes late).
    assert_eq!(auto.kpis.as_ref().unwrap().transfer_cost, 5.0);
    assert_eq!(plan.transfers[0].depart, 0);
}

/// The port fixture's plan, re-planned at `now` after `event`.
fn replan_port(
    instance: Instance,
    now: i64,
    event: takt::replan::Event,
) -> Result<takt::Outcome, takt::replan::ReplanError> {
    let budget = Budget::iterations(200).with_threads(1).with_seed(5);
    let published = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap()
    .schedule
    .unwrap();
    let mut r =
        takt::replan::Replanner::new(instance, published, takt::replan::ReplanOptions::at(now))
            .expect("feasible published plan");
    r.apply(event)?;
    r.replan(&budget)
}

#[test]
fn a_late_transfer_moves_the_orders_that_wait_for_it() {
    let instance = read_instance_folder(&port_transfer()).unwrap();
    let late = takt::replan::Event::ShipmentDelayed {
        shipment: "T2".into(),
        arrive: 500,
    };
    let outcome = replan_port(instance, 100, late).unwrap();
    let plan = outcome.schedule.as_ref().unwrap();
    assert!(validate(&outcome.instance, plan).is_complete());
    assert_eq!(outcome.instance.transfers()[1].arrival(), 500);
    // The fifth 30 t now waits for T2 at 500.
    let mut starts: Vec<i64> = plan.ops.iter().map(|o| o.start).collect();
    starts.sort_unstable();
    assert!(starts[4] >= 500, "{starts:?}");
}

#[test]
fn a_closed_lane_re_routes_a_booked_transfer_that_has_not_left() {
    // A road from the port, slower and dearer than the barge: no route of T1 or T2 in normal times.
    let lanes = "id,from,to,transit,cost_per_unit,capacity\n\
                 barge,port,works,180,0.2,100\n\
                 truck,works,depot,60,0.5,\n\
                 road,port,works,240,0.8,\n";
    let dir = port_replacing("lanes.csv", Some(lanes));
    let instance = read_instance_folder(dir.path()).unwrap();
    assert_eq!(instance.transfers()[1].arrival(), 330);
    // The barge is closed 100-400. T1 left at 0 (under way, its barge arrives at 180 anyway);
    // T2 would wait until 400 and arrive at 580; on the road it leaves at 150 and arrives at 390.
    let closed = takt::replan::Event::LaneClosed {
        lane: "barge".into(),
        window: takt::model::Window::new(100, 400),
    };
    let outcome = replan_port(instance, 100, closed).unwrap();
    let plan = outcome.schedule.as_ref().unwrap();
    assert!(validate(&outcome.instance, plan).is_complete());
    let t2 = &outcome.instance.transfers()[1];
    let lanes: Vec<&str> = t2
        .lanes
        .iter()
        .map(|l| outcome.instance.lanes()[l.index()].name.as_str())
        .collect();
    assert_eq!((lanes, t2.depart, t2.arrival()), (vec!["road"], 150, 390));
    let note = outcome
        .notes
        .iter()
        .find(|n| n.contains("'T2' re-routed"))
        .unwrap_or_else(|| panic!("{:?}", outcome.notes));
    assert!(note.contains("barge") && note.contains("road"), "{note}");
    // T1 keeps its barge: it left before the window and before now.
    assert_eq!(outcome.instance.transfers()[0].arrival(), 180);
    // Written back, the re-routed transfer reads as it is.
    let files = instance_files(&outcome.instance).unwrap();
    let text = &files.iter().find(|(n, _)| *n == "transfers.csv").unwrap().1;
    assert!(
        text.contains("T2,steel,port,works,60,150,road,390"),
        "{text}"
    );
}

#[test]
fn a_held_vessel_that_strands_a_booked_transfer_is_explained() {
    // T2 is booked to leave the port at 150 with the vessel's steel; the vessel now comes at 300.
    let instance = read_instance_folder(&port_transfer()).unwrap();
    let held = takt::replan::Event::ShipmentDelayed {
        shipment: "vessel".into(),
        arrive: 300,
    };
    let err = replan_port(instance, 100, held).unwrap_err().to_string();
    assert!(
        err.contains("TRANSFER_SHORT") && err.contains("'T2'"),
        "{err}"
    );
}

#[test]
fn a_held_vessel_is_re_planned_when_takt_plans_the_transfers() {
    // The same port without booked transfers: takt plans them, and the held vessel only delays
    // what needs its steel.
    let dir = port_with(None);
    let mut b = read_instance_folder(dir.path()).unwrap().to_builder();
    b.plan_transfers = true;
    let instance = b.build().unwrap();
    let held = takt::replan::Event::ShipmentDelayed {
        shipment: "vessel".into(),
        arrive: 300,
    };
    let outcome = replan_port(instance, 100, held).unwrap();
    let plan = outcome.schedule.as_ref().unwrap();
    assert!(validate(&outcome.instance, plan).is_complete());
    // 150 t at the port (90 now, 60 from 300) and 30 at the works: every order is made, the last
    // one from steel that left the port at 300 or later and took the 180-minute barge.
    assert!(plan.unplanned.is_empty());
    let last = plan.transfers.iter().map(|t| t.depart).max().unwrap();
    assert!(last >= 300, "{:?}", plan.transfers);
}

#[test]
fn a_site_that_only_ships_out_is_checked_at_each_departure() {
    // The port ships all 150 t at minute 0, before the vessel brings 60 of them.
    let instance = read_instance_folder(&port_transfer()).unwrap();
    let mut b = instance.to_builder();
    b.transfers.clear();
    b.plan_transfers = true;
    let instance = b.build().unwrap();
    let op = |o: u32| instance.order_plan(OrderId(o)).first_op();
    let plan = Schedule {
        ops: (0..5)
            .map(|o| ScheduledOp {
                op: op(o),
                machine: MachineId(0),
                start: 180 + 60 * i64::from(o),
                end: 240 + 60 * i64::from(o),
                mode: Default::default(),
            })
            .collect(),
        transfers: vec![takt::solution::PlannedTransfer {
            order: Some(OrderId(1)),
            material: MaterialId(0),
            from: SiteId(0),
            to: SiteId(1),
            quantity: 150.0,
            lanes: vec![takt::model::LaneId(0)],
            depart: 0,
            arrive: 180,
        }],
        ..Schedule::default()
    };
    let report = takt::validate::validate_with(
        &instance,
        &plan,
        &takt::validate::CheckOptions {
            check_shipments: false,
        },
    );
    let short: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.code.as_str() == "MATERIAL_SHORTAGE")
        .collect();
    assert_eq!(short.len(), 1, "{:?}", report.violations);
    assert!(
        short[0].message.contains("site 'port'"),
        "{}",
        short[0].message
    );
    // Before minute 0 nothing is known to be there.
    let mut early = plan.clone();
    early.transfers[0].quantity = 90.0;
    early.transfers[0].depart = -500;
    early.transfers[0].arrive = -320;
    let report = validate(&instance, &early);
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.code.as_str() == "TRANSFER_TRANSIT")
    );
}

#[test]
fn scrap_at_the_port_is_adjusted_checked_and_written_back() {
    let instance = read_instance_folder(&port_transfer()).unwrap();
    // The port holds nothing between T1 (at 0) and the vessel (at 120): scrap there at 100 is
    // refused. At 130, 50 of the vessel's 60 t are scrapped: T2 then finds only 10 at 150.
    let scrap = || takt::replan::Event::StockAdjusted {
        site: "port".into(),
        material: "steel".into(),
        quantity: -50.0,
    };
    let err = replan_port(instance.clone(), 100, scrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("BAD_ADJUSTMENT") && err.contains("only 0 is there"),
        "{err}"
    );
    let err = replan_port(instance.clone(), 130, scrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("TRANSFER_SHORT") && err.contains("'T2'"),
        "{err}"
    );
    // A count at the works finds 30 t more at 100: a fourth order can start before T2's steel.
    let found = takt::replan::Event::StockAdjusted {
        site: "works".into(),
        material: "steel".into(),
        quantity: 30.0,
    };
    let outcome = replan_port(instance, 100, found).unwrap();
    let plan = outcome.schedule.as_ref().unwrap();
    assert!(validate(&outcome.instance, plan).is_complete());
    assert_eq!(outcome.instance.adjustments().len(), 1);
    let files = instance_files(&outcome.instance).unwrap();
    let text = &files
        .iter()
        .find(|(n, _)| *n == "adjustments.csv")
        .unwrap()
        .1;
    assert_eq!(text.lines().nth(1), Some("works,steel,30,100"), "{text}");
    let back = read_instance_files("after", &files).unwrap();
    assert_eq!(back.supplies(), outcome.instance.supplies());
    // Taking away more than is there, or nothing, is refused at the row.
    for quantity in ["-500", "0"] {
        let mut files = files.clone();
        files.retain(|(n, _)| *n != "adjustments.csv");
        files.push((
            "adjustments.csv",
            format!("site,material,quantity,at\nworks,steel,{quantity},100\n"),
        ));
        let errors = read_instance_files("bad", &files).unwrap_err();
        assert_at(
            the(&errors, "BAD_ADJUSTMENT"),
            "adjustments.csv",
            Some(2),
            Some("quantity"),
            &["steel"],
        );
    }
}

#[test]
fn a_transfer_that_has_not_left_leaves_later_when_delayed() {
    // T2 (booked to leave at 150 and arrive at 330) is delayed by 200 at minute 100: it now
    // leaves at 350, so a vessel held until 300 no longer strands it.
    let instance = read_instance_folder(&port_transfer()).unwrap();
    let budget = Budget::iterations(200).with_threads(1).with_seed(5);
    let published = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap()
    .schedule
    .unwrap();
    let mut r =
        takt::replan::Replanner::new(instance, published, takt::replan::ReplanOptions::at(100))
            .unwrap();
    r.apply(takt::replan::Event::ShipmentDelayed {
        shipment: "vessel".into(),
        arrive: 300,
    })
    .unwrap_err();
    r.apply(takt::replan::Event::ShipmentDelayed {
        shipment: "T2".into(),
        arrive: 530,
    })
    .unwrap();
    let outcome = r.replan(&budget).unwrap();
    let t2 = &outcome.instance.transfers()[1];
    assert_eq!((t2.depart, t2.arrival()), (350, 530));
    assert!(validate(&outcome.instance, outcome.schedule.as_ref().unwrap()).is_complete());
}

#[test]
fn a_transfer_that_arrives_earlier_keeps_its_departure_when_its_lanes_allow() {
    // T2 leaves at 150 and is booked to arrive at 400 (the barge takes 180: 70 minutes of
    // handling). Told at 100 it arrives at 340, it still leaves at 150, when the vessel's steel is
    // at the port; leaving 60 minutes earlier (90) the port would be short.
    let dir = port_with(Some(&format!(
        "{HEADER}T1,steel,port,works,90,0,barge,\nT2,steel,port,works,60,150,barge,400\n"
    )));
    let instance = read_instance_folder(dir.path()).unwrap();
    let earlier = takt::replan::Event::ShipmentDelayed {
        shipment: "T2".into(),
        arrive: 340,
    };
    let outcome = replan_port(instance.clone(), 100, earlier).unwrap();
    let t2 = &outcome.instance.transfers()[1];
    assert_eq!((t2.depart, t2.arrival()), (150, 340));
    assert!(validate(&outcome.instance, outcome.schedule.as_ref().unwrap()).is_complete());
    // Earlier than the barge can make it from 150: it leaves at 120, as late as still arrives.
    let sooner = takt::replan::Event::ShipmentDelayed {
        shipment: "T2".into(),
        arrive: 300,
    };
    let outcome = replan_port(instance, 100, sooner).unwrap();
    let t2 = &outcome.instance.transfers()[1];
    assert_eq!((t2.depart, t2.arrival()), (120, 300));
}

#[test]
fn a_transfer_under_way_at_the_plan_start_counts_at_its_destination_only() {
    // A barge that left the port an hour before minute 0: the port's 90 t are on hand besides it.
    let dir = port_with(Some(&format!(
        "{HEADER}T0,steel,port,works,60,-60,barge,\nT1,steel,port,works,90,0,barge,\n"
    )));
    let instance = read_instance_folder(dir.path()).unwrap();
    assert_eq!(instance.transfers()[0].arrival(), 120);
    let works = instance.supply(SiteId(1), MaterialId(0)).unwrap();
    assert_eq!(works.available_at(120), 90.0);
    assert_eq!(
        instance
            .supply(SiteId(0), MaterialId(0))
            .unwrap()
            .available_at(0),
        0.0
    );
    let budget = Budget::iterations(300).with_threads(1);
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap();
    assert!(validate(&instance, outcome.schedule.as_ref().unwrap()).is_complete());
}

#[test]
fn the_page_lists_the_transfers_and_the_stock_follows_them() {
    let instance = depot_and_plant(&[("truck", 60, 0.5)], 1.0, 0);
    let budget = Budget::iterations(100).with_threads(1);
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap();
    let plan = outcome.schedule.unwrap();
    let kpis = outcome.kpis.unwrap();
    let html = takt::report::render_html(&instance, &plan, &kpis, None);
    assert!(html.contains(r#"id="transfers""#), "no transfers table");
    assert!(html.contains("<td>truck</td>"));
    // The plant's steel goes up by 10 when the truck arrives and down when the order starts; the
    // depot's goes down when it leaves: no series dips below zero.
    for s in takt::report::material_series(&instance, &plan) {
        assert!(s.min_level() >= 0.0, "{s:?}");
    }
    // The network/time view: the truck's lane row with the transfer on it (leaves at 0, reaches
    // the plant at 60), and 10 t of steel in transit meanwhile.
    assert!(html.contains("steel in transit"), "no in-transit row");
    assert!(
        html.contains("10 steel (for order O) on lane truck: leaves D at t=0, reaches W at t=60"),
        "no truck leg in {html}"
    );
}

#[test]
fn a_transfer_arriving_near_the_end_of_time_is_blamed_at_its_arrival() {
    // Arriving at minute 9,999,999,990, the work after it cannot fit within 10^10 minutes: the
    // transfer's arrival is what to change, not an order.
    let dir = port_with(Some(&format!(
        "{HEADER}T1,steel,port,works,90,0,barge,9999999990\n"
    )));
    let errors = errors_of(dir.path());
    let e = the(&errors, "OUT_OF_RANGE");
    assert_at(
        e,
        "transfers.csv",
        Some(2),
        Some("arrive"),
        &["the arrival of transfer 'T1'"],
    );
}
