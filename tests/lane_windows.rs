//! Lane windows (`lane_windows.csv`, events `lane_closed` and `lane_delayed`): a closed lane makes
//! a shipment wait at its origin or take another route, a slower one adds its minutes, the checker
//! re-derives both, bad rows point at their cells, and a re-plan reroutes around a closure.

mod support;

use support::{assert_at, errors_of, folder, the};
use takt::io::{instance_files, read_instance_files, read_instance_folder};
use takt::model::{Instance, LaneEffect, Minutes};
use takt::replan::{Event, EventCode, ReplanError, ReplanOptions, Replanner};
use takt::solution::Schedule;
use takt::validate::validate;
use takt::{Budget, SolveOptions, SolverKind, solve};

/// Plant `P`, hub `H`, customer `C`. One machine; one order of 10 units made in 50 minutes, due at
/// 200, weight 1. `road` P to C: 60 minutes, 1.00 per unit. The detour `P-H` then `H-C`: 120
/// minutes, 2.00 per unit, slower and dearer, so only a window on `road` makes it worth taking.
const FILES: &[(&str, &str)] = &[
    ("sites.csv", "id\nP\nH\nC\n"),
    ("machines.csv", "id,site\nM,P\n"),
    (
        "routings.csv",
        "product,step,machine,setup,run_per_unit\nX,1,M,0,5\n",
    ),
    (
        "orders.csv",
        "id,product,quantity,customer,due\nO,X,10,C,200\n",
    ),
    (
        "lanes.csv",
        "id,from,to,transit,cost_per_unit\nroad,P,C,60,1\nP-H,P,H,90,1\nH-C,H,C,30,1\n",
    ),
];

fn with_windows(windows: Option<&str>) -> tempfile::TempDir {
    let mut files = FILES.to_vec();
    if let Some(text) = windows {
        files.push(("lane_windows.csv", text));
    }
    folder(&files)
}

fn solved(instance: &Instance, kind: SolverKind) -> Schedule {
    let budget = Budget::iterations(300).with_threads(1).with_seed(1);
    let outcome = solve(instance, &SolveOptions::with_solver(kind), &budget).unwrap();
    let plan = outcome.schedule.expect("a plan");
    let report = validate(instance, &plan);
    assert!(report.is_feasible(), "{kind:?}: {report}");
    plan
}

fn lanes_of(instance: &Instance, plan: &Schedule) -> (Vec<String>, Minutes, Minutes) {
    let s = &plan.shipments[0];
    let names = s
        .lanes
        .iter()
        .map(|l| instance.lanes()[l.index()].name.clone())
        .collect();
    (names, s.depart, s.arrive)
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_lane_closure_forces_another_route() {
    let open = read_instance_folder(with_windows(None).path()).unwrap();
    for kind in [SolverKind::Greedy, SolverKind::Search] {
        let plan = solved(&open, kind);
        assert_eq!(
            lanes_of(&open, &plan),
            (names(&["road"]), 50, 110),
            "{kind:?}"
        );
    }
    // The road is closed until 600: waiting for it arrives at 660 (460 late); the detour at 170.
    let closed =
        read_instance_folder(with_windows(Some("lane,start,end\nroad,0,600\n")).path()).unwrap();
    for kind in [SolverKind::Greedy, SolverKind::Search, SolverKind::Auto] {
        let plan = solved(&closed, kind);
        assert_eq!(
            lanes_of(&closed, &plan),
            (names(&["P-H", "H-C"]), 50, 170),
            "{kind:?}"
        );
    }
    // Closed only until 100, waiting is better: it leaves at 50, enters the road at 100.
    let short =
        read_instance_folder(with_windows(Some("lane,start,end\nroad,0,100\n")).path()).unwrap();
    let plan = solved(&short, SolverKind::Search);
    assert_eq!(lanes_of(&short, &plan), (names(&["road"]), 50, 160));
}

/// The MILP models lane windows: with the road open, closed until 600, closed until 100, or
/// slower, it takes the same route and departure as the search, with the same objective, proven
/// optimal.
#[cfg(feature = "highs")]
#[test]
fn the_milp_routes_around_lane_windows_as_the_search_does() {
    for windows in [
        None,
        Some("lane,start,end\nroad,0,600\n"),
        Some("lane,start,end\nroad,0,100\n"),
        Some("lane,start,end,extra\nroad,0,100,45\n"),
        Some("lane,start,end,extra\nroad,0,100,400\n"),
    ] {
        let instance = read_instance_folder(with_windows(windows).path()).unwrap();
        let budget = Budget::iterations(300).with_threads(1).with_seed(1);
        let milp = solve(
            &instance,
            &SolveOptions::with_solver(SolverKind::Milp),
            &budget,
        )
        .unwrap();
        assert_eq!(
            milp.status,
            takt::Status::Optimal,
            "{windows:?}: {:?}",
            milp.notes
        );
        let search = solve(
            &instance,
            &SolveOptions::with_solver(SolverKind::Search),
            &budget,
        )
        .unwrap();
        let (a, b) = (milp.objective().unwrap(), search.objective().unwrap());
        assert!((a - b).abs() < 1e-6, "{windows:?}: MILP {a}, search {b}");
        let plan = milp.schedule.expect("a plan");
        let report = validate(&instance, &plan);
        assert!(report.is_feasible(), "{windows:?}: {report}");
        assert_eq!(
            lanes_of(&instance, &plan),
            lanes_of(&instance, &search.schedule.unwrap()),
            "{windows:?}"
        );
    }
}

#[test]
fn a_slower_lane_adds_its_minutes_and_the_checker_counts_them() {
    let slow =
        read_instance_folder(with_windows(Some("lane,start,end,extra\nroad,0,100,45\n")).path())
            .unwrap();
    assert_eq!(
        slow.lane_windows()[0].effect,
        LaneEffect::Slower { extra: 45 }
    );
    // Entered at 50, inside the window: 60 + 45 minutes; the detour (170) still loses.
    let mut plan = solved(&slow, SolverKind::Search);
    assert_eq!(lanes_of(&slow, &plan), (names(&["road"]), 50, 155));
    // A plan that ships in the plain transit time is caught, naming the window.
    plan.shipments[0].arrive = 110;
    let report = validate(&slow, &plan);
    let v = report
        .violations
        .iter()
        .find(|v| v.code.as_str() == "SHIPMENT_TRANSIT")
        .unwrap_or_else(|| panic!("{report}"));
    assert!(v.message.contains("45 minutes more"), "{}", v.message);
    // So is one that enters a closed lane.
    let closed =
        read_instance_folder(with_windows(Some("lane,start,end\nroad,0,600\n")).path()).unwrap();
    let report = validate(&closed, &solved(&open_instance(), SolverKind::Search));
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.code.as_str() == "SHIPMENT_TRANSIT" && v.message.contains("closed")),
        "{report}"
    );
}

fn open_instance() -> Instance {
    read_instance_folder(with_windows(None).path()).unwrap()
}

#[test]
fn bad_lane_windows_point_at_their_cells() {
    let dir = with_windows(Some(
        "lane,start,end,extra\nroda,0,600,\nroad,600,100,\nroad,0,100,0\n",
    ));
    let errors = errors_of(dir.path());
    assert_at(
        the(&errors, "UNKNOWN_LANE"),
        "lane_windows.csv",
        Some(2),
        Some("lane"),
        &["'roda'"],
    );
    assert!(the(&errors, "UNKNOWN_LANE").hint.contains("road"));
    assert_at(
        the(&errors, "EMPTY_WINDOW"),
        "lane_windows.csv",
        Some(3),
        Some("end"),
        &["100", "600"],
    );
    let zero = errors
        .0
        .iter()
        .find(|e| e.line == Some(4))
        .unwrap_or_else(|| panic!("{errors}"));
    assert_eq!(zero.column.as_deref(), Some("extra"), "{zero}");
}

#[test]
fn lane_windows_are_written_back_and_read_to_the_same_instance() {
    let instance = read_instance_folder(
        with_windows(Some("lane,start,end,extra\nroad,0,600,\nP-H,10,20,5\n")).path(),
    )
    .unwrap();
    let files = instance_files(&instance).unwrap();
    let text = &files
        .iter()
        .find(|(n, _)| *n == "lane_windows.csv")
        .expect("written")
        .1;
    assert_eq!(text, "lane,start,end,extra\nroad,0,600,\nP-H,10,20,5\n");
    let again = read_instance_files("again", &files).unwrap();
    assert_eq!(again.lane_windows(), instance.lane_windows());
}

fn replanner(now: Minutes) -> Replanner {
    let instance = open_instance();
    let published = solved(&instance, SolverKind::Search);
    Replanner::new(instance, published, ReplanOptions::at(now)).unwrap()
}

#[test]
fn a_closed_lane_event_reroutes_the_shipment_and_check_agrees() {
    let mut r = replanner(10);
    r.apply(Event::LaneClosed {
        lane: "road".into(),
        window: takt::model::Window::new(10, 600),
    })
    .unwrap();
    let budget = Budget::iterations(300).with_threads(1).with_seed(1);
    let outcome = r.replan(&budget).unwrap();
    let plan = outcome.schedule.as_ref().unwrap();
    let instance = r.instance();
    assert!(validate(instance, plan).is_feasible());
    assert_eq!(lanes_of(instance, plan), (names(&["P-H", "H-C"]), 50, 170));
    assert_eq!(instance.lane_windows().len(), 1);
}

#[test]
fn lane_events_name_what_is_wrong() {
    let mut r = replanner(100);
    let err = r
        .apply(Event::LaneDelayed {
            lane: "raod".into(),
            window: takt::model::Window::new(100, 200),
            extra: 30,
        })
        .unwrap_err();
    let ReplanError::Event(e) = &err else {
        panic!("{err}")
    };
    assert_eq!(e.code, EventCode::UnknownLane);
    assert!(e.hint.contains("'road'"), "{}", e.hint);
    let err = r
        .apply(Event::LaneClosed {
            lane: "road".into(),
            window: takt::model::Window::new(50, 200),
        })
        .unwrap_err();
    let ReplanError::Event(e) = &err else {
        panic!("{err}")
    };
    assert_eq!(e.code, EventCode::WindowBeforeNow);
}

#[test]
fn the_page_lists_the_lane_windows_and_who_uses_the_lane() {
    let closed =
        read_instance_folder(with_windows(Some("lane,start,end\nroad,0,100\n")).path()).unwrap();
    let budget = Budget::iterations(100).with_threads(1);
    let outcome = solve(
        &closed,
        &SolveOptions::with_solver(SolverKind::Search),
        &budget,
    )
    .unwrap();
    let plan = outcome.schedule.unwrap();
    let html = takt::report::render_html(&closed, &plan, &outcome.kpis.unwrap(), None);
    assert!(
        html.contains(r#"id="lane-windows""#),
        "no lane windows table"
    );
    // The one order waits for the road: one shipment uses it.
    assert!(
        html.contains("<td>road</td><td>P</td><td>C</td>")
            && html.contains("<td>closed</td><td>1</td>"),
        "{html}"
    );
}

#[test]
fn a_shipment_waits_out_a_slower_window_when_that_arrives_sooner() {
    // Done at 50; until 100 the road takes 200 minutes more: leaving at 100 arrives at 160, not 310.
    let slow =
        read_instance_folder(with_windows(Some("lane,start,end,extra\nroad,0,100,200\n")).path())
            .unwrap();
    for kind in [SolverKind::Greedy, SolverKind::Search] {
        let plan = solved(&slow, kind);
        assert_eq!(
            lanes_of(&slow, &plan),
            (names(&["road"]), 100, 160),
            "{kind:?}"
        );
    }
}

#[test]
fn an_extra_beyond_the_range_is_out_of_range_at_its_row() {
    let dir = with_windows(Some("lane,start,end,extra\nroad,0,100,9999999999\n"));
    let errors = errors_of(dir.path());
    let e = the(&errors, "OUT_OF_RANGE");
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("lane window 1"), "{e}");
}
