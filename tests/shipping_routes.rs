//! Route choice for finished orders: the lane path of every shipment is a decision of the
//! objective. A slower, cheaper route (rail, or part-way through a warehouse) wins where the order
//! has slack; the fast road wins where lateness would cost more. Every solver makes the same choice,
//! the MILP proves it optimal, and the checker accepts each plan.

use takt::model::{
    Instance, InstanceBuilder, Lane, Machine, Minutes, Order, Product, Site, SiteId, Step,
    StepOption,
};
use takt::solution::evaluate;
use takt::validate::validate;
use takt::{Budget, SolveOptions, SolverKind, solve};

/// Sites: plant `P` (0), warehouse `WH` (1), customer `C` (2). One machine at `P`; one order of 10
/// units, 5 minutes per unit (done at 50), weight 1, due at `due`. Lanes:
/// - `road` P to C: 60 minutes, 1.00 per unit;
/// - `rail` P to C: 300 minutes, 0.20 per unit;
/// - `rail-wh` P to WH (240 minutes, 0.05) then `wh-truck` WH to C (30 minutes, 0.10): 270 minutes
///   and 0.15 per unit, slower than the road, cheaper than both others (when `warehouse`).
fn plant(due: Minutes, warehouse: bool) -> Instance {
    let mut b = InstanceBuilder::new("routes");
    for name in ["P", "WH", "C"] {
        b.add_site(Site::new(name));
    }
    let lane = |name: &str, from: u32, to: u32, transit: Minutes, cost: f64| Lane {
        name: name.into(),
        from: SiteId(from),
        to: SiteId(to),
        transit,
        cost_per_unit: cost,
        capacity: None,
    };
    b.add_lane(lane("road", 0, 2, 60, 1.0));
    b.add_lane(lane("rail", 0, 2, 300, 0.2));
    if warehouse {
        b.add_lane(lane("rail-wh", 0, 1, 240, 0.05));
        b.add_lane(lane("wh-truck", 1, 2, 30, 0.1));
    }
    let m = b.add_machine(Machine::new("M", SiteId(0)));
    let p = b.add_product(Product {
        name: "X".into(),
        steps: vec![Step {
            min_lag: 0,
            options: vec![StepOption {
                machine: m,
                setup: 0,
                run_per_unit: 5.0,
            }],
        }],
        bom: vec![],
    });
    let mut o = Order::new("O", p, 10);
    o.customer = Some(SiteId(2));
    o.due = Some(due);
    b.add_order(o);
    b.build().unwrap()
}

fn solvers() -> Vec<SolverKind> {
    let mut kinds = vec![SolverKind::Greedy, SolverKind::Search];
    if cfg!(feature = "highs") {
        kinds.push(SolverKind::Milp);
    }
    kinds
}

/// Per solver: the lanes of the order's shipment, its arrival and the plan's objective.
fn shipped(instance: &Instance) -> Vec<(SolverKind, Vec<String>, Minutes, f64)> {
    solvers()
        .into_iter()
        .map(|kind| {
            let budget = Budget::iterations(300).with_threads(1).with_seed(1);
            let outcome = solve(instance, &SolveOptions::with_solver(kind), &budget).unwrap();
            let plan = outcome.schedule.as_ref().expect("a plan");
            let report = validate(instance, plan);
            assert!(report.is_feasible(), "{kind:?}: {report:?}");
            let s = &plan.shipments[0];
            let lanes = s
                .lanes
                .iter()
                .map(|l| instance.lanes()[l.index()].name.clone())
                .collect();
            (kind, lanes, s.arrive, evaluate(instance, plan).objective)
        })
        .collect()
}

#[test]
fn rail_beats_road_for_a_finished_order_with_slack() {
    // Done at 50: rail arrives at 350, on time for 400, and saves 8 on 10 units.
    for (kind, lanes, arrive, objective) in shipped(&plant(400, false)) {
        assert_eq!((lanes, arrive), (vec!["rail".to_string()], 350), "{kind:?}");
        assert!((objective - 2.0).abs() < 1e-9, "{kind:?}: {objective}");
    }
}

#[test]
fn road_beats_rail_for_a_finished_order_without_slack() {
    // Due at 150: rail would be 200 minutes late (200 at weight 1) to save 8.
    for (kind, lanes, arrive, objective) in shipped(&plant(150, false)) {
        assert_eq!((lanes, arrive), (vec!["road".to_string()], 110), "{kind:?}");
        assert!((objective - 10.0).abs() < 1e-9, "{kind:?}: {objective}");
    }
}

#[test]
fn a_finished_order_ships_part_way_through_a_warehouse_where_that_is_cheapest() {
    // Due at 400: through the warehouse it arrives at 320 for 1.50, rail at 350 for 2.
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for (kind, lanes, arrive, objective) in shipped(&plant(400, true)) {
        assert_eq!(
            (lanes, arrive),
            (names(&["rail-wh", "wh-truck"]), 320),
            "{kind:?}"
        );
        assert!((objective - 1.5).abs() < 1e-9, "{kind:?}: {objective}");
    }
    // Slightly late through the warehouse (due 300: 20 minutes late cost 20 > the 8.5 saved), the
    // road wins again.
    for (kind, lanes, _, _) in shipped(&plant(300, true)) {
        assert_eq!(lanes, names(&["road"]), "{kind:?}");
    }
}

#[test]
fn the_checker_rejects_a_shipment_that_claims_the_cheap_route_in_the_fast_time() {
    let instance = plant(400, false);
    let budget = Budget::iterations(100).with_threads(1).with_seed(1);
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap();
    let mut plan = outcome.schedule.unwrap();
    plan.shipments[0].arrive = plan.shipments[0].depart + 60;
    let report = validate(&instance, &plan);
    assert!(!report.is_feasible());
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.code.as_str() == "SHIPMENT_TRANSIT"),
        "{report:?}"
    );
}
