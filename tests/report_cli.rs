//! `takt solve` writes the plan page next to `schedule.csv`.

#![cfg(feature = "cli")]

use std::process::Command;

#[test]
fn solve_writes_a_plan_page_with_one_box_per_operation() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/demo");
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(["solve", "--solver", "greedy", "--out"])
        .arg(out.path())
        .arg(&demo)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("takt runs");
    assert!(status.success(), "takt solve failed: {status}");
    let page = std::fs::read_to_string(out.path().join("plan.html")).expect("plan.html written");
    let schedule = std::fs::read_to_string(out.path().join("schedule.csv")).unwrap();
    let rows = schedule
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .count()
        - 1;
    assert_eq!(page.matches("data-op=").count(), rows);
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<h1>demo</h1>"));
}
