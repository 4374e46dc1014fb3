//! `events.csv`: every kind reads into its event, and every problem is placed at file, line and
//! column with a stable code.

use std::path::{Path, PathBuf};
use takt::io::{InputErrors, read_events, read_instance_folder};
use takt::model::{Instance, Minutes, Window};
use takt::replan::{Event, Interrupt, RushOrder};

const HEADER: &str = "kind,delivery,eta,site,machine,start,end,price_per_kwh,order,step,extra,product,quantity,customer,due\n";

fn demo() -> Instance {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/demo");
    read_instance_folder(&dir).expect("the demo instance reads")
}

fn events_file(rows: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
    (dir, path)
}

fn errors(rows: &str) -> InputErrors {
    let (_dir, path) = events_file(rows);
    read_events(&demo(), &path).expect_err("the file has problems")
}

#[test]
fn every_kind_reads_with_minutes_or_date_times() {
    let (_dir, path) = events_file(
        "# a comment line\n\
         delivery_delayed,STEEL-N1,2025-03-04T02:00,,,,,,,,,,,,\n\
         price_change,,,NORTH,,600,,0.9,,,,,,,\n\
         machine_down,,,,N-SAW,100,400,,,,,,,,\n\
         rush_order,,,,,,,,RUSH-1,,,BRACKET,20,AUTO,1500\n\
         order_cancelled,,,,,,,,RUSH-1,,,,,,\n\
         overrun,,,,,,,,SO-1001,1,30,,,,\n",
    );
    let file = read_events(&demo(), &path).expect("valid events");
    let mut rush = RushOrder::new("RUSH-1", "BRACKET", 20);
    rush.customer = Some("AUTO".into());
    rush.due = Some(1500);
    assert_eq!(
        file.events,
        vec![
            Event::DeliveryDelayed {
                delivery: "STEEL-N1".into(),
                eta: 20 * 60,
            },
            Event::PriceChange {
                site: "NORTH".into(),
                window: Window::new(600, Minutes::MAX),
                price_per_kwh: 0.9,
            },
            Event::MachineDown {
                machine: "N-SAW".into(),
                window: Window::new(100, 400),
                interrupt: Interrupt::FinishFirst,
            },
            Event::RushOrder(rush),
            Event::OrderCancelled {
                order: "RUSH-1".into(),
            },
            Event::Overrun {
                order: "SO-1001".into(),
                step: 0,
                extra: 30,
            },
        ]
    );
    assert_eq!(file.lines, vec![3, 4, 5, 6, 7, 8]);
}

#[test]
fn an_unknown_kind_suggests_the_closest() {
    let e = errors("machine_dwn,,,,N-SAW,100,400,,,,,,,,\n");
    let e = e.with_code("UNKNOWN_EVENT_KIND").next().expect("reported");
    assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("kind")));
    assert!(e.hint.contains("did you mean 'machine_down'"), "{}", e.hint);
}

#[test]
fn unknown_names_are_placed_in_their_cell() {
    let e = errors(
        "machine_down,,,,N-SAAW,100,400,,,,,,,,\n\
         delivery_delayed,STEEL-X,900,,,,,,,,,,,,\n\
         order_cancelled,,,,,,,,SO-9999,,,,,,\n",
    );
    let machine = e.with_code("UNKNOWN_MACHINE").next().expect("machine");
    assert_eq!(
        (machine.line, machine.column.as_deref()),
        (Some(2), Some("machine"))
    );
    assert!(
        machine.hint.contains("did you mean 'N-SAW'"),
        "{}",
        machine.hint
    );
    let delivery = e.with_code("UNKNOWN_DELIVERY").next().expect("delivery");
    assert_eq!(delivery.line, Some(3));
    let order = e.with_code("UNKNOWN_ORDER").next().expect("order");
    assert_eq!(
        (order.line, order.column.as_deref()),
        (Some(4), Some("order"))
    );
    assert!(
        e.to_string().contains("events.csv:2: column 'machine'"),
        "{e}"
    );
}

#[test]
fn a_cell_that_does_not_belong_to_the_kind_is_an_error() {
    let e = errors("order_cancelled,,,,N-SAW,,,,SO-1001,,,,,,\n");
    let e = e.with_code("CELL_NOT_USED").next().expect("reported");
    assert_eq!(e.column.as_deref(), Some("machine"));
    assert!(e.hint.contains("uses order"), "{}", e.hint);
}

#[test]
fn an_order_cancelled_twice_points_at_the_first_cancellation() {
    let e = errors(
        "order_cancelled,,,,,,,,SO-1002,,,,,,\n\
         order_cancelled,,,,,,,,SO-1002,,,,,,\n",
    );
    let e = e.with_code("UNKNOWN_ORDER").next().expect("reported");
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("cancelled on line 2"), "{}", e.message);
}

#[test]
fn a_rush_order_needs_a_new_id_and_known_product() {
    let e = errors(
        "rush_order,,,,,,,,SO-1001,,,BRACKET,5,,\n\
         rush_order,,,,,,,,R2,,,BRAKET,5,,\n",
    );
    assert_eq!(
        e.with_code("DUPLICATE_ID").next().map(|e| e.line),
        Some(Some(2))
    );
    let product = e.with_code("UNKNOWN_PRODUCT").next().expect("product");
    assert!(product.hint.contains("BRACKET"), "{}", product.hint);
}

#[test]
fn bad_values_and_empty_windows_are_reported() {
    let e = errors(
        "machine_down,,,,N-SAW,400,100,,,,,,,,\n\
         overrun,,,,,,,,SO-1001,0,abc,,,,\n\
         ,,,,,,,,,,,,,,x\n",
    );
    assert_eq!(e.with_code("EMPTY_WINDOW").count(), 1);
    assert_eq!(
        e.with_code("NOT_POSITIVE")
            .next()
            .and_then(|e| e.column.clone())
            .as_deref(),
        Some("step")
    );
    assert_eq!(
        e.with_code("NOT_AN_INTEGER")
            .next()
            .and_then(|e| e.column.clone())
            .as_deref(),
        Some("extra")
    );
    assert_eq!(
        e.with_code("MISSING_VALUE").next().map(|e| e.line),
        Some(Some(4))
    );
}

/// The plant events' own columns after the common header.
fn plant_events_file(rows: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    std::fs::write(
        &path,
        format!("kind,site,machine,start,end,interrupt,probability\n{rows}"),
    )
    .unwrap();
    (dir, path)
}

#[test]
fn site_outages_interrupts_and_predicted_failures_read() {
    let (_dir, path) = plant_events_file(
        "site_down,NORTH,,100,400,restart,\n\
         machine_down,,N-SAW,100,400,resume,\n\
         machine_down,,N-SAW,500,600,,\n\
         machine_at_risk,,N-SAW,700,900,,0.25\n",
    );
    let file = read_events(&demo(), &path).expect("valid events");
    assert_eq!(
        file.events,
        vec![
            Event::SiteDown {
                site: "NORTH".into(),
                window: Window::new(100, 400),
                interrupt: Interrupt::Restart,
            },
            Event::MachineDown {
                machine: "N-SAW".into(),
                window: Window::new(100, 400),
                interrupt: Interrupt::Resume,
            },
            Event::machine_down("N-SAW", Window::new(500, 600)),
            Event::MachineAtRisk {
                machine: "N-SAW".into(),
                window: Window::new(700, 900),
                probability: 0.25,
            },
        ]
    );
}

#[test]
fn a_bad_interrupt_or_probability_is_placed_in_its_cell() {
    let (_dir, path) = plant_events_file(
        "machine_down,,N-SAW,100,400,later,\n\
         machine_at_risk,,N-SAW,700,900,,1.5\n\
         site_down,NORHT,,100,400,,\n",
    );
    let e = read_events(&demo(), &path).expect_err("the file has problems");
    let at = |code: &str| {
        e.with_code(code)
            .next()
            .map(|e| (e.line, e.column.clone()))
            .unwrap_or_else(|| panic!("no {code} in {e}"))
    };
    assert_eq!(at("BAD_INTERRUPT"), (Some(2), Some("interrupt".into())));
    assert_eq!(at("OUT_OF_RANGE"), (Some(3), Some("probability".into())));
    assert_eq!(at("UNKNOWN_SITE"), (Some(4), Some("site".into())));
    let hint = &e.with_code("UNKNOWN_SITE").next().unwrap().hint;
    assert!(hint.contains("NORTH"), "{hint}");
}
