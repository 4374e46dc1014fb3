//! A plan that does not match its instance is reported with file, line and column.

mod support;

use std::path::Path;
use support::{assert_at, the};
use takt::io::{InputErrors, read_instance_folder, read_plan};

fn plan_errors(files: &[(&str, &str)]) -> InputErrors {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/example");
    let inst = read_instance_folder(&example).expect("example reads");
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    read_plan(&inst, &dir.path().join("schedule.csv")).expect_err("the plan must be rejected")
}

const HEADER: &str = "order,step,machine,start,end\n";

#[test]
fn unknown_orders_and_machines_in_a_schedule_are_reported() {
    let errors = plan_errors(&[(
        "schedule.csv",
        &format!("{HEADER}O9,1,saw,0,25\nO1,1,drill,0,25\n"),
    )]);
    assert_eq!(errors.len(), 2, "{errors}");
    assert_at(
        the(&errors, "UNKNOWN_ORDER"),
        "schedule.csv",
        Some(2),
        Some("order"),
        &["'O9'"],
    );
    assert_at(
        the(&errors, "UNKNOWN_MACHINE"),
        "schedule.csv",
        Some(3),
        Some("machine"),
        &["'drill'"],
    );
}

#[test]
fn a_step_the_order_does_not_have_is_reported() {
    let errors = plan_errors(&[(
        "schedule.csv",
        &format!("{HEADER}O1,3,saw,0,25\nO1,0,saw,0,25\n"),
    )]);
    assert_at(
        the(&errors, "BAD_STEP"),
        "schedule.csv",
        Some(2),
        Some("step"),
        &["2 step(s)", "step 3"],
    );
    assert_at(
        the(&errors, "NOT_POSITIVE"),
        "schedule.csv",
        Some(3),
        Some("step"),
        &["'0'"],
    );
}

#[test]
fn a_non_numeric_time_in_a_schedule_is_reported() {
    let errors = plan_errors(&[("schedule.csv", &format!("{HEADER}O1,1,saw,soon,25\n"))]);
    assert_at(
        the(&errors, "NOT_A_TIME"),
        "schedule.csv",
        Some(2),
        Some("start"),
        &["'soon'"],
    );
}

#[test]
fn unknown_lanes_and_orders_beside_the_schedule_are_reported() {
    let errors = plan_errors(&[
        ("schedule.csv", HEADER),
        (
            "shipments.csv",
            "order,route,depart,arrive\nO1,truck>ship,60,180\n",
        ),
        ("unplanned.csv", "order,reason\nO7,no steel\n"),
    ]);
    assert_at(
        the(&errors, "UNKNOWN_LANE"),
        "shipments.csv",
        Some(2),
        Some("route"),
        &["'ship'"],
    );
    assert_at(
        the(&errors, "UNKNOWN_ORDER"),
        "unplanned.csv",
        Some(2),
        Some("order"),
        &["'O7'"],
    );
}

#[test]
fn a_schedule_without_required_columns_is_reported() {
    let errors = plan_errors(&[("schedule.csv", "order,machine,start,end\n")]);
    assert_at(
        the(&errors, "MISSING_COLUMN"),
        "schedule.csv",
        Some(1),
        Some("step"),
        &["step"],
    );
}

#[test]
fn a_missing_or_unreadable_schedule_names_the_path() {
    let errors = plan_errors(&[]);
    assert_at(
        the(&errors, "MISSING_FILE"),
        "schedule.csv",
        None,
        None,
        &["schedule.csv"],
    );
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/example");
    let inst = read_instance_folder(&example).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let not_a_file = dir.path().join("schedule.csv");
    std::fs::create_dir(&not_a_file).unwrap();
    let errors = read_plan(&inst, &not_a_file).unwrap_err();
    assert_at(
        the(&errors, "UNREADABLE_FILE"),
        "schedule.csv",
        None,
        None,
        &["schedule.csv"],
    );
}

#[test]
fn an_order_listed_twice_in_unplanned_csv_is_reported_at_the_second_row() {
    let errors = plan_errors(&[
        ("schedule.csv", HEADER),
        (
            "unplanned.csv",
            "order,reason,decision\nO1,no room,unplannable\nO1,no room either,unplannable\n",
        ),
    ]);
    assert_eq!(errors.len(), 1, "{errors}");
    assert_at(
        the(&errors, "DUPLICATE_ID"),
        "unplanned.csv",
        Some(3),
        Some("order"),
        &["'O1'", "line 2"],
    );
}
