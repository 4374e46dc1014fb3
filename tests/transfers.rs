//! Material transfers between sites (`transfers.csv`): every solver plans around material that
//! flows on from a port, the checker counts transfers out and in, bad transfers point at their
//! row, and material no order can ever use is told, never dropped in silence.

mod support;

use std::path::{Path, PathBuf};
use support::{assert_at, errors_of, folder, the};
use takt::io::{instance_files, read_instance_files, read_instance_folder};
use takt::model::{
    BomLine, Instance, InstanceBuilder, Lane, Machine, MachineId, Material, MaterialId, Order,
    OrderId, Product, Site, SiteId, Stock, Transfer,
};
use takt::solution::{Schedule, ScheduledOp};
use takt::validate::validate;
use takt::{Budget, SolveOptions, SolverKind, solve};

fn port_transfer() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/fixtures/port_transfer")
}

/// The fixture's files with `transfers.csv` replaced (`None`: removed).
fn port_with(transfers: Option<&str>) -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(port_transfer()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".csv") && name != "transfers.csv" {
            files.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    if let Some(text) = transfers {
        files.push(("transfers.csv".into(), text.into()));
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
    for kind in [SolverKind::Greedy, SolverKind::Search, SolverKind::Milp] {
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
