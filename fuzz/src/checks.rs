//! What every fuzz input must satisfy, one function per reader that takes bytes from a user.
//!
//! Each function feeds `data` to a reader's in-memory entry point and asserts that it does not
//! panic; when the reader accepts the input it also asserts that takt's own output reads back:
//! an instance written with `instance_files` reads back to the same files, and on small instances
//! the greedy plan passes the checker, is written with `plan_files`, and reads back through
//! `parse_plan` unchanged and still feasible (the rule "any plan takt writes reads back").
//!
//! Multi-file inputs are split at `0xFF` bytes (never part of UTF-8 text), in a fixed order of
//! roles: see [`INSTANCE_ROLES`] and [`PLAN_ROLES`].

use std::sync::OnceLock;
use takt::io::{PlanSources, Source};
use takt::model::Instance;

/// The instance files, in the order the chunks of an `instance_files` input fill them.
pub const INSTANCE_ROLES: [&str; 11] = [
    "machines.csv",
    "routings.csv",
    "orders.csv",
    "sites.csv",
    "downtime.csv",
    "bom.csv",
    "stock.csv",
    "deliveries.csv",
    "lanes.csv",
    "energy_prices.csv",
    "objective.csv",
];

/// The plan files, in the order the chunks of a `plan` input fill them.
pub const PLAN_ROLES: [&str; 4] = [
    "schedule.csv",
    "shipments.csv",
    "unplanned.csv",
    "transfers.csv",
];

/// Instances with at most this many operations are also planned, checked, written and read back.
const PLAN_OPS: usize = 30;

/// The chunks of `data` between `0xFF` bytes.
pub fn chunks(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == 0xFF).collect()
}

/// `data` as instance files (see [`INSTANCE_ROLES`]; an empty chunk leaves the file out): read, and when accepted, written and read
/// back, and planned when small.
pub fn instance_files(data: &[u8]) {
    // An empty chunk leaves the file out.
    let files: Vec<(&str, &[u8])> = INSTANCE_ROLES
        .iter()
        .copied()
        .zip(chunks(data))
        .filter(|(_, bytes)| !bytes.is_empty())
        .collect();
    if let Ok(instance) = takt::io::read_instance_files("fuzz", &files) {
        instance_reads_back(&instance);
        plan_reads_back(&instance);
    }
}

/// `data` as `events.csv` for the bundled example instance.
pub fn events(data: &[u8]) {
    let source = Source::new("events.csv", data);
    if let Ok(events) = takt::io::parse_events(base(), &source) {
        assert_eq!(events.events.len(), events.lines.len());
    }
}

/// `data` as plan files (see [`PLAN_ROLES`]) for the bundled example instance; an accepted plan is
/// checked (any verdict) and, written back, reads back the same.
pub fn plan(data: &[u8]) {
    let parts = chunks(data);
    // An empty chunk (or none) leaves the file out.
    let source = |i: usize| {
        parts
            .get(i)
            .filter(|bytes| !bytes.is_empty())
            .map(|bytes| Source::new(PLAN_ROLES[i], bytes))
    };
    let sources = PlanSources {
        schedule: source(0),
        shipments: source(1),
        unplanned: source(2),
        transfers: source(3),
    };
    let instance = base();
    if let Ok(plan) = takt::io::parse_plan(instance, &sources) {
        let _ = takt::validate::validate(instance, &plan.schedule);
        // Only plans whose ids are all known and unique are written; every such plan reads back.
        if let Ok(files) = takt::io::plan_files(instance, &plan.schedule) {
            let back = parse_files(instance, &files).expect("a written plan reads back");
            // The writer sorts rows by start: compare the rows, not their order (which matters
            // only among rows of one operation, a plan the checker rejects either way).
            assert_eq!(
                canonical(back.schedule),
                canonical(plan.schedule),
                "the plan read back differs"
            );
        }
    }
}

/// `data` as a classic job shop file.
pub fn jsp(data: &[u8]) {
    if let Ok(instance) = takt::io::parse_jsp(&Source::new("fuzz.jsp", data)) {
        instance_reads_back(&instance);
        plan_reads_back(&instance);
    }
}

/// `data` as a flexible job shop file.
pub fn fjs(data: &[u8]) {
    if let Ok(instance) = takt::io::parse_fjs(&Source::new("fuzz.fjs", data)) {
        instance_reads_back(&instance);
        plan_reads_back(&instance);
    }
}

/// The example instance the events and plan targets read against.
fn base() -> &'static Instance {
    static BASE: OnceLock<Instance> = OnceLock::new();
    BASE.get_or_init(|| {
        let files = [
            ("bom.csv", include_str!("../../instances/example/bom.csv")),
            (
                "deliveries.csv",
                include_str!("../../instances/example/deliveries.csv"),
            ),
            (
                "downtime.csv",
                include_str!("../../instances/example/downtime.csv"),
            ),
            (
                "energy_prices.csv",
                include_str!("../../instances/example/energy_prices.csv"),
            ),
            (
                "lanes.csv",
                include_str!("../../instances/example/lanes.csv"),
            ),
            (
                "machines.csv",
                include_str!("../../instances/example/machines.csv"),
            ),
            (
                "objective.csv",
                include_str!("../../instances/example/objective.csv"),
            ),
            (
                "orders.csv",
                include_str!("../../instances/example/orders.csv"),
            ),
            (
                "routings.csv",
                include_str!("../../instances/example/routings.csv"),
            ),
            (
                "sites.csv",
                include_str!("../../instances/example/sites.csv"),
            ),
            (
                "stock.csv",
                include_str!("../../instances/example/stock.csv"),
            ),
        ];
        takt::io::read_instance_files("example", &files).expect("the example instance reads")
    })
}

/// Writes `instance` and reads it back: the files written again are the same.
fn instance_reads_back(instance: &Instance) {
    let files = takt::io::instance_files(instance).expect("an instance takt read is representable");
    let again = match takt::io::read_instance_files(instance.name(), &files) {
        Ok(again) => again,
        Err(e) => panic!("the instance takt wrote does not read back:\n{e}\n{files:#?}"),
    };
    let files_again = takt::io::instance_files(&again).expect("representable");
    assert_eq!(
        files, files_again,
        "writing the re-read instance changes the files"
    );
}

/// On a small instance: the greedy plan passes the checker, and written, reads back unchanged and
/// still passes.
fn plan_reads_back(instance: &Instance) {
    if instance.ops().len() > PLAN_OPS {
        return;
    }
    let schedule = takt::dispatch::dispatch(instance, &Default::default());
    let report = takt::validate::validate(instance, &schedule);
    assert!(
        report.is_feasible(),
        "the greedy plan fails the checker: {:?}",
        report.violations
    );
    let files = takt::io::plan_files(instance, &schedule).expect("the plan names known ids");
    let back = match parse_files(instance, &files) {
        Ok(back) => back,
        Err(e) => panic!("the plan takt wrote does not read back:\n{e}\n{files:#?}"),
    };
    let mut expected = schedule;
    expected.normalize();
    let mut got = back.schedule;
    got.normalize();
    assert_eq!(got, expected, "the plan read back differs");
    assert!(takt::validate::validate(instance, &got).is_feasible());
}

/// `schedule` with every list in one total order.
fn canonical(mut schedule: takt::solution::Schedule) -> takt::solution::Schedule {
    schedule
        .ops
        .sort_by_key(|s| (s.op, s.start, s.end, s.machine));
    schedule.shipments.sort_by(|a, b| {
        (a.order, a.depart, a.arrive, &a.lanes).cmp(&(b.order, b.depart, b.arrive, &b.lanes))
    });
    schedule
        .unplanned
        .sort_by(|a, b| (a.order, &a.reason).cmp(&(b.order, &b.reason)));
    schedule
}

/// Reads plan files written in memory.
fn parse_files(
    instance: &Instance,
    files: &takt::io::FileTexts,
) -> Result<takt::io::PlanFiles, takt::io::InputErrors> {
    let sources = PlanSources::from_texts(files);
    takt::io::parse_plan(instance, &sources)
}
