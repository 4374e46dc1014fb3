//! `takt replan` end to end on the demo plant: the published plan from `takt solve`, an events file,
//! and the new plan, KPIs and diff written and checked.

#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn takt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(args)
        .output()
        .expect("takt runs")
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/demo")
}

/// A published greedy plan of the demo in `dir/plan`.
fn published(dir: &Path) -> PathBuf {
    let plan = dir.join("plan");
    let out = takt(&[
        "solve",
        demo().to_str().unwrap(),
        "--solver",
        "greedy",
        "--json",
        "--out",
        plan.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    plan.join("schedule.csv")
}

/// Runs `takt replan --json` on the demo with `schedule`, `events` and `extra` options into
/// `out_dir`, asserts success and returns the summary.
fn replan_json(
    schedule: &Path,
    events: &Path,
    now: &str,
    out_dir: &Path,
    extra: &[&str],
) -> serde_json::Value {
    let instance = demo();
    let mut args = vec![
        "replan",
        instance.to_str().unwrap(),
        "--schedule",
        schedule.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--now",
        now,
        "--out",
        out_dir.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(extra);
    let out = takt(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn replan_writes_a_checked_plan_kpis_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = published(dir.path());
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "kind,machine,start,end,order,product,quantity,customer,due\n\
         machine_down,N-LASER,2025-03-03T08:00,2025-03-03T12:00,,,,,\n\
         rush_order,,,,RUSH-1,COVER,10,AUTO,2025-03-04T12:00\n",
    )
    .unwrap();
    let out_dir = dir.path().join("re");
    let summary = replan_json(&schedule, &events, "2025-03-03T07:00", &out_dir, &[]);
    let facts = &summary["replan"];
    assert_eq!(facts["now"], 60);
    assert_eq!(summary["checked"], true);
    // COVER has three routing steps.
    assert_eq!(facts["changes"]["new"], 3, "{summary}");
    assert_eq!(facts["order_changes"][0]["order"], "RUSH-1", "{summary}");
    // Doing nothing leaves the rush order out, so it is no alternative the re-plan is compared with.
    assert!(facts["saved"].is_null(), "{summary}");
    let why = facts["published"]["why_not"].to_string();
    assert!(why.contains("RUSH-1"), "{why}");
    for file in [
        "schedule.csv",
        "shipments.csv",
        "unplanned.csv",
        "kpis.json",
        "diff.csv",
        "instance/orders.csv",
    ] {
        assert!(out_dir.join(file).is_file(), "{file} missing");
    }
    let diff = std::fs::read_to_string(out_dir.join("diff.csv")).unwrap();
    assert!(
        diff.starts_with("order,step,change,frozen,old_machine"),
        "{diff}"
    );
    assert!(diff.contains("RUSH-1,1,new,false,,,,"), "{diff}");
}

#[test]
fn an_event_that_contradicts_history_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = published(dir.path());
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "kind,order\n# SO-1001 starts at minute 0\norder_cancelled,SO-1001\n",
    )
    .unwrap();
    let out = takt(&[
        "replan",
        demo().to_str().unwrap(),
        "--schedule",
        schedule.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--now",
        "60",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("events.csv:3: column 'order': error[ORDER_STARTED]"),
        "{stderr}"
    );
}

#[test]
fn the_bundled_demo_events_replan_the_published_demo_plan() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = published(dir.path());
    let events = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/demo-events.csv");
    let out_dir = dir.path().join("re");
    let extra = ["--published-window", "240", "--iterations", "200"];
    let summary = replan_json(&schedule, &events, "2025-03-03T10:40", &out_dir, &extra);
    assert_eq!(summary["replan"]["now"], 280);
    assert_eq!(summary["checked"], true);
    let diff = std::fs::read_to_string(out_dir.join("diff.csv")).unwrap();
    assert!(diff.contains("RUSH-1,1,new,false,,,,"), "{diff}");
    assert!(diff.contains("SO-1030,1,cancelled,"), "{diff}");
    assert!(out_dir.join("plan.html").is_file());
}

/// The events of `replan_writes_a_checked_plan_kpis_and_diff`: a breakdown and a rush order.
const BREAKDOWN_AND_RUSH: &str = "kind,machine,start,end,order,product,quantity,customer,due\n\
     machine_down,N-LASER,2025-03-03T08:00,2025-03-03T12:00,,,,,\n\
     rush_order,,,,RUSH-1,COVER,10,AUTO,2025-03-04T12:00\n";

#[test]
fn check_with_events_gives_the_re_plans_verdict_on_a_plan_with_a_rush_order() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = published(dir.path());
    let events = dir.path().join("events.csv");
    std::fs::write(&events, BREAKDOWN_AND_RUSH).unwrap();
    let out_dir = dir.path().join("re");
    let summary = replan_json(&schedule, &events, "2025-03-03T07:00", &out_dir, &[]);
    assert_eq!(summary["checked"], true);
    let replanned = out_dir.join("schedule.csv");
    // The pre-event instance with the events and `now`.
    let out = takt(&[
        "check",
        demo().to_str().unwrap(),
        replanned.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--now",
        "2025-03-03T07:00",
    ]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The post-event instance written beside the plan.
    let out = takt(&[
        "check",
        out_dir.join("instance").to_str().unwrap(),
        replanned.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Without the events the rush order is unknown to the instance: the same plan is refused.
    let out = takt(&[
        "check",
        demo().to_str().unwrap(),
        replanned.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
}

#[test]
fn a_downtime_before_now_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = published(dir.path());
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "kind,machine,start,end\nmachine_down,N-LASER,2025-03-03T06:30,2025-03-03T12:00\n",
    )
    .unwrap();
    let out = takt(&[
        "replan",
        demo().to_str().unwrap(),
        "--schedule",
        schedule.to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--now",
        "2025-03-03T07:00",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("events.csv:2: column 'start': error[WINDOW_BEFORE_NOW]"),
        "{stderr}"
    );
    assert!(stderr.contains("2025-03-03T06:30"), "{stderr}");
}

#[test]
fn every_bad_event_is_reported_and_check_reports_them_alike() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = published(dir.path());
    let events = dir.path().join("events.csv");
    // Row 2 and row 4 start before now; row 3 is fine and must not hide row 4.
    std::fs::write(
        &events,
        "kind,machine,start,end\n\
         machine_down,N-LASER,2025-03-03T06:30,2025-03-03T12:00\n\
         machine_down,N-LASER,2025-03-03T13:00,2025-03-03T14:00\n\
         machine_down,N-LASER,2025-03-03T05:00,2025-03-03T08:00\n",
    )
    .unwrap();
    let with_events = [
        "--events",
        events.to_str().unwrap(),
        "--now",
        "2025-03-03T07:00",
    ];
    let demo = demo();
    let mut replan = vec![
        "replan",
        demo.to_str().unwrap(),
        "--schedule",
        schedule.to_str().unwrap(),
    ];
    replan.extend(with_events);
    let out = takt(&replan);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    for row in [2, 4] {
        assert!(
            stderr.contains(&format!(
                "events.csv:{row}: column 'start': error[WINDOW_BEFORE_NOW]"
            )),
            "row {row}: {stderr}"
        );
    }
    assert!(!stderr.contains("events.csv:3:"), "{stderr}");
    let mut check = vec!["check", demo.to_str().unwrap(), schedule.to_str().unwrap()];
    check.extend(with_events);
    let checked = takt(&check);
    assert_eq!(checked.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&checked.stderr), stderr);
}

#[test]
fn from_scratch_and_compare_re_plan_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = published(dir.path());
    let events = dir.path().join("events.csv");
    std::fs::write(&events, BREAKDOWN_AND_RUSH).unwrap();
    let now = "2025-03-03T07:00";
    let out_dir = dir.path().join("fresh");
    let fresh = replan_json(
        &schedule,
        &events,
        now,
        &out_dir,
        &["--from-scratch", "--iterations", "100"],
    );
    assert_eq!(fresh["checked"], true, "{fresh}");
    assert_eq!(fresh["solver"], "replan_from_scratch", "{fresh}");
    // Planned without stability, but the moves are still priced, so both plans compare on
    // objective plus stability penalty.
    let facts = &fresh["replan"];
    let sum = fresh["objective"].as_f64().unwrap() + facts["stability_penalty"].as_f64().unwrap();
    assert!(
        (facts["cost"].as_f64().unwrap() - sum).abs() < 1e-6,
        "{fresh}"
    );
    assert!(out_dir.join("schedule.csv").is_file());
    // --compare prints both and publishes the re-plan.
    let out_dir = dir.path().join("compare");
    let both = replan_json(
        &schedule,
        &events,
        now,
        &out_dir,
        &["--compare", "--iterations", "100"],
    );
    assert_eq!(both["replan"]["checked"], true, "{both}");
    assert_eq!(both["replan"]["solver"], "replan", "{both}");
    assert_eq!(both["from_scratch"]["checked"], true, "{both}");
    assert_eq!(
        both["from_scratch"]["solver"], "replan_from_scratch",
        "{both}"
    );
    assert!(out_dir.join("schedule.csv").is_file());
}

#[test]
fn a_rule_an_event_breaks_is_reported_at_its_line_in_the_input_error_format() {
    // O2 is deferrable at 1e13 per day: 20 days to the latest due date cost 2e14. A rush order due
    // after 200 days moves the horizon end: 200 days cost 2e15, beyond the 1e15 takt reads.
    let dir = tempfile::tempdir().unwrap();
    let plant = dir.path().join("plant");
    std::fs::create_dir_all(&plant).unwrap();
    for (name, text) in [
        ("machines.csv", "id,power_kw\nM1,10\n"),
        ("routings.csv", "product,step,machine,setup\nP,1,M1,60\n"),
        (
            "orders.csv",
            "id,product,quantity,due,revenue,defer_cost_per_day\nO1,P,1,28800,100,\nO2,P,1,0,50,1e13\n",
        ),
        ("objective.csv", "key,value\nform,contribution\n"),
    ] {
        std::fs::write(plant.join(name), text).unwrap();
    }
    let out = dir.path().join("plan");
    let solved = takt(&[
        "solve",
        plant.to_str().unwrap(),
        "--solver",
        "greedy",
        "--json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        solved.status.success(),
        "{}",
        String::from_utf8_lossy(&solved.stderr)
    );
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "kind,order,product,quantity,due\nrush_order,R1,P,1,288000\n",
    )
    .unwrap();
    let o = takt(&[
        "replan",
        plant.to_str().unwrap(),
        "--schedule",
        out.join("schedule.csv").to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--now",
        "0",
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let expected = format!(
        "{}:2: error[OUT_OF_RANGE]: after this event, deferring order 'O2' costs \
         defer_cost_per_day 1e13 x 200 day(s) = 2e15",
        events.display()
    );
    assert!(err.contains(&expected), "{err}");
    assert!(
        err.contains("\n  hint: lower defer_cost_per_day to at most 5e12 per day"),
        "{err}"
    );
}

/// Copies the demo into `dir/name` with the contribution objective form.
fn demo_with_contribution(dir: &Path) -> PathBuf {
    let copy = dir.join("demo-contribution");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(demo()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
    }
    let objective = std::fs::read_to_string(copy.join("objective.csv")).unwrap();
    std::fs::write(
        copy.join("objective.csv"),
        format!("{}form,contribution\n", objective),
    )
    .unwrap();
    copy
}

#[test]
fn under_the_contribution_form_the_summary_compares_margin_and_contribution() {
    let dir = tempfile::tempdir().unwrap();
    let instance = demo_with_contribution(dir.path());
    let plan = dir.path().join("plan");
    let solved = takt(&[
        "solve",
        instance.to_str().unwrap(),
        "--solver",
        "greedy",
        "--out",
        plan.to_str().unwrap(),
    ]);
    assert!(solved.status.success(), "{solved:?}");
    let events = dir.path().join("events.csv");
    std::fs::write(&events, BREAKDOWN_AND_RUSH).unwrap();
    let out = takt(&[
        "replan",
        instance.to_str().unwrap(),
        "--schedule",
        plan.join("schedule.csv").to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--now",
        "2025-03-03T07:00",
        "--iterations",
        "100",
        "--out",
        dir.path().join("replan").to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{out:?}");
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("replan/kpis.json")).unwrap(),
    )
    .unwrap();
    let published = &json["replan"]["published"]["kpis"];
    for (row, key) in [("margin", "margin"), ("contribution", "contribution")] {
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{row} ")))
            .unwrap_or_else(|| panic!("no '{row}' row in\n{stdout}"));
        let cells: Vec<f64> = line
            .split_whitespace()
            .skip(1)
            .map(|c| c.parse().unwrap())
            .collect();
        let (before, after) = (
            published[key].as_f64().unwrap(),
            json[key].as_f64().unwrap(),
        );
        assert!((cells[0] - before).abs() < 0.01, "{line} vs {published}");
        assert!((cells[1] - after).abs() < 0.01, "{line} vs {json}");
        // A value the re-plan adds counts positive.
        assert!((cells[2] - (after - before)).abs() < 0.02, "{line}");
    }
}
