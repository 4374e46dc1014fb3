//! Computed times obey the same 10^10-minute limit as the input: every derived duration and the
//! horizon a plan could reach are bounded where they are built, with an `OUT_OF_RANGE` error at
//! the row that makes them too large; and at the limit, the plan takt writes reads back.

use std::path::Path;
use takt::io::{InputError, InputErrors, MAX_MINUTES, PlanSources, Source, read_instance_files};
use takt::model::{
    ErrorCode, Instance, InstanceBuilder, Machine, Order, Product, Site, Step, StepOption,
};

fn fixture(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/faults")
        .join(relative)
}

fn read(files: &[(&str, &str)]) -> Result<Instance, InputErrors> {
    read_instance_files("limits", files)
}

/// The one error of reading `files`, which must be `OUT_OF_RANGE`.
fn out_of_range(files: &[(&str, &str)]) -> InputError {
    let errors = read(files).expect_err("the instance must be rejected");
    assert_eq!(errors.len(), 1, "{errors}");
    let e = errors.0[0].clone();
    assert_eq!(e.code, ErrorCode::OutOfRange, "{e}");
    assert!(!e.hint.is_empty());
    e
}

fn at(e: &InputError, file: &str, line: usize, column: &str) {
    assert_eq!(e.file, Path::new(file), "{e}");
    assert_eq!(e.line, Some(line), "{e}");
    assert_eq!(e.column.as_deref(), Some(column), "{e}");
}

const MACHINES: (&str, &str) = ("machines.csv", "id\nM1\nM2\n");

#[test]
fn a_run_time_too_long_for_one_unit_is_an_error_at_its_routing_row() {
    // Case 01: setup 10, run_per_unit 1e300 (the sum used to wrap to a negative makespan).
    let errors = takt::io::read_instance_folder(&fixture("01-duration-overflow/inst")).unwrap_err();
    let e = errors
        .with_code("OUT_OF_RANGE")
        .next()
        .expect("OUT_OF_RANGE");
    assert_eq!(errors.len(), 1, "{errors}");
    assert!(e.file.ends_with("routings.csv"), "{e}");
    assert_eq!(
        (e.line, e.column.as_deref()),
        (Some(2), Some("run_per_unit"))
    );
    assert!(
        e.message.contains("1e300"),
        "the message quotes the cell: {e}"
    );
    // Case 02: 5 + 1e10 minutes per unit is already beyond 10^10, whatever the quantity.
    let errors =
        takt::io::read_instance_folder(&fixture("02-derived-duration-overflow/plant")).unwrap_err();
    let e = &errors.0[0];
    assert_eq!(errors.len(), 1, "{errors}");
    assert!(e.file.ends_with("routings.csv"), "{e}");
    assert_eq!(e.line, Some(2));
}

#[test]
fn a_quantity_that_makes_a_step_too_long_is_an_error_at_its_order_row() {
    let e = out_of_range(&[
        MACHINES,
        (
            "routings.csv",
            "product,step,machine,setup,run_per_unit\nP,1,M1,5,1e6\nP,2,M2,1,1\n",
        ),
        (
            "orders.csv",
            "id,product,quantity\nsmall,P,10\nbig,P,100000\n",
        ),
    ]);
    at(&e, "orders.csv", 3, "quantity");
    assert!(
        e.message.contains("'big'") && e.message.contains("100000"),
        "{e}"
    );
}

#[test]
fn a_release_at_the_edge_of_the_range_plus_work_is_an_error_at_the_order() {
    // Case 03: release 9999999990 + setup 60 would end at 10000000050, which no plan reader accepts.
    let errors =
        takt::io::read_instance_folder(&fixture("03-plan-beyond-max-minutes/inst")).unwrap_err();
    let e = &errors.0[0];
    assert_eq!(errors.len(), 1, "{errors}");
    assert_eq!(e.code, ErrorCode::OutOfRange);
    assert!(e.file.ends_with("orders.csv"), "{e}");
    assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("release")));
    assert!(e.message.contains("10000000050"), "{e}");
}

#[test]
fn every_time_the_instance_gives_counts_towards_the_horizon() {
    let routing = ("routings.csv", "product,step,machine,setup\nP,1,M1,60\n");
    let order = ("orders.csv", "id,product,quantity\nA,P,1\n");
    let late = MAX_MINUTES - 30;
    // A downtime ending near the limit, a delivery, a price period: each pushes the work past it.
    let downtime = format!("machine,start,end\nM1,0,{late}\n");
    let e = out_of_range(&[MACHINES, routing, order, ("downtime.csv", &downtime)]);
    at(&e, "orders.csv", 2, "quantity");
    assert!(e.message.contains("downtime of machine 'M1'"), "{e}");

    let bom = ("bom.csv", "product,material,qty_per_unit\nP,steel,1\n");
    let deliveries = format!("id,material,site,quantity,eta\nD1,steel,plant,5,{late}\n");
    let e = out_of_range(&[
        MACHINES,
        routing,
        order,
        bom,
        ("deliveries.csv", &deliveries),
    ]);
    assert!(e.message.contains("ETA of delivery 'D1'"), "{e}");
    // The ETA alone takes most of the range: it is what to change, at its cell.
    at(&e, "deliveries.csv", 2, "eta");

    let prices = format!("site,start,end,price_per_kwh\nplant,0,{late},0.2\n");
    let e = out_of_range(&[MACHINES, routing, order, ("energy_prices.csv", &prices)]);
    assert!(e.message.contains("energy price 1"), "{e}");
    at(&e, "energy_prices.csv", 2, "end");

    // An open-ended price period has no end to count.
    let open = "site,start,end,price_per_kwh\nplant,0,,0.2\n";
    read(&[MACHINES, routing, order, ("energy_prices.csv", open)]).expect("open-ended prices");
}

#[test]
fn lags_transit_and_the_work_of_many_orders_add_up() {
    let third = MAX_MINUTES / 3 + 1;
    // Lags: two steps of 1 minute with a lag of a third of the range, for two orders.
    let routings = format!("product,step,machine,setup,min_lag\nP,1,M1,1,\nP,2,M2,1,{third}\n");
    let orders = "id,product,quantity\nA,P,1\nB,P,1\nC,P,1\n";
    let e = out_of_range(&[
        MACHINES,
        ("routings.csv", &routings),
        ("orders.csv", orders),
    ]);
    at(&e, "orders.csv", 4, "quantity");
    assert!(e.message.contains("up to 'C'"), "{e}");
    // Transit: a lane of almost the whole range after an hour of work.
    let sites = ("sites.csv", "id\nA\nC\n");
    let machines = ("machines.csv", "id,site\nM1,A\n");
    let routings = ("routings.csv", "product,step,machine,setup\nP,1,M1,60\n");
    let shipped = ("orders.csv", "id,product,quantity,customer\nO1,P,1,C\n");
    let lanes = format!("id,from,to,transit\nL,A,C,{}\n", MAX_MINUTES - 10);
    let e = out_of_range(&[sites, machines, routings, shipped, ("lanes.csv", &lanes)]);
    at(&e, "orders.csv", 2, "quantity");
    // Durations of many orders: each fine, together beyond the range.
    let routings = format!("product,step,machine,setup\nP,1,M1,{third}\n");
    let e = out_of_range(&[
        MACHINES,
        ("routings.csv", &routings),
        ("orders.csv", orders),
    ]);
    at(&e, "orders.csv", 4, "quantity");
}

#[test]
fn benchmark_times_beyond_the_range_are_errors_with_their_line() {
    // Case 04: a time of i64::MAX used to overflow start + duration in the greedy solver.
    let errors = takt::io::read_jsp(&fixture("04-benchmark-huge-time/tiny.jsp")).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors}");
    assert!(
        errors
            .to_string()
            .contains("tiny.jsp:2: error[OUT_OF_RANGE]"),
        "{errors}"
    );
    // Each time within the range, together beyond it: the job that crosses it is named.
    let half = MAX_MINUTES / 2 + 1;
    let jsp = format!("2 1\n0 {half}\n0 {half}\n");
    let errors = takt::io::parse_jsp(&Source::new("two.jsp", jsp)).unwrap_err();
    let e = &errors.0[0];
    assert_eq!((e.code, e.line), (ErrorCode::OutOfRange, Some(3)), "{e}");
    let fjs = format!("1 1\n1 1 1 {}\n", MAX_MINUTES + 1);
    let errors = takt::io::parse_fjs(&Source::new("one.fjs", fjs)).unwrap_err();
    assert_eq!(errors.0[0].code, ErrorCode::OutOfRange);
    assert_eq!(errors.0[0].line, Some(2));
}

#[test]
fn numbers_beyond_i64_are_out_of_range_not_a_silently_dropped_row() {
    let e = out_of_range(&[
        MACHINES,
        (
            "routings.csv",
            "product,step,machine,setup\nP,1,M1,99999999999999999999999\n",
        ),
        ("orders.csv", "id,product,quantity\nA,P,1\n"),
    ]);
    at(&e, "routings.csv", 2, "setup");
}

#[test]
fn at_the_limit_the_plan_takt_writes_reads_back_and_passes_the_checker() {
    // Latest time + work = exactly 10^10: accepted, and every plan of it fits.
    let release = MAX_MINUTES - 90;
    let orders = format!("id,product,quantity,release\nA,P,1,{release}\nB,P,1,{release}\n");
    let instance = read(&[
        MACHINES,
        (
            "routings.csv",
            "product,step,machine,setup\nP,1,M1,30\nP,2,M2,15\n",
        ),
        ("orders.csv", &orders),
    ])
    .expect("exactly at the limit");
    let schedule = takt::dispatch::dispatch(&instance, &Default::default());
    assert!(takt::validate::validate(&instance, &schedule).is_complete());
    assert!(schedule.ops.iter().all(|s| s.end <= MAX_MINUTES));
    let files = takt::io::plan_files(&instance, &schedule).unwrap();
    let back = takt::io::parse_plan(&instance, &PlanSources::from_texts(&files))
        .expect("the written plan reads back");
    let (mut a, mut b) = (schedule, back.schedule);
    a.normalize();
    b.normalize();
    assert_eq!(a, b);
}

#[test]
fn the_builder_rejects_times_beyond_the_range_from_library_users_without_panicking() {
    let mut b = InstanceBuilder::new("lib");
    let site = b.add_site(Site::new("A"));
    let m = b.add_machine(Machine::new("M1", site));
    let step = Step {
        min_lag: 0,
        options: vec![StepOption {
            machine: m,
            setup: i64::MAX,
            run_per_unit: 0.0,
        }],
    };
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![step],
        bom: vec![],
    });
    let mut order = Order::new("O1", p, 1);
    order.release = i64::MAX;
    order.overruns.push((0, i64::MAX));
    b.add_order(order);
    let issues = b.build().unwrap_err().issues;
    let fields: Vec<_> = issues.iter().map(|i| (i.code, i.field)).collect();
    assert!(
        fields.contains(&(ErrorCode::OutOfRange, Some("setup"))),
        "{fields:?}"
    );
    assert!(
        fields.contains(&(ErrorCode::OutOfRange, Some("release"))),
        "{fields:?}"
    );
    assert!(
        fields.contains(&(ErrorCode::OutOfRange, Some("extra"))),
        "{fields:?}"
    );
}

#[test]
fn the_checker_rejects_plan_times_beyond_the_range() {
    let instance = read(&[
        MACHINES,
        ("routings.csv", "product,step,machine,setup\nP,1,M1,30\n"),
        ("orders.csv", "id,product,quantity\nA,P,1\n"),
    ])
    .unwrap();
    let mut schedule = takt::dispatch::dispatch(&instance, &Default::default());
    schedule.ops[0].start = i64::MAX - 30;
    schedule.ops[0].end = i64::MAX;
    let report = takt::validate::validate(&instance, &schedule);
    assert_eq!(
        report.counts_by_code()["TIME_OUT_OF_RANGE"],
        1,
        "{report:?}"
    );
    assert_eq!(report.violations.len(), 1);
}
