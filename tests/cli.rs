//! The `takt` binary end to end: solve, check, generate, and precise errors for bad input.

#![cfg(feature = "cli")]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn takt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the takt binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn shared(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("instances/benchmarks")
        .join(relative)
        .display()
        .to_string()
}

fn json(o: &Output) -> Value {
    let text = stdout(o);
    assert_eq!(
        text.trim().lines().count(),
        1,
        "exactly one JSON line: {text}"
    );
    serde_json::from_str(text.trim()).expect("stdout is one JSON object")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn solve_demo_prints_kpis_writes_a_plan_and_check_accepts_it() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().display().to_string();
    let o = takt(&[
        "solve",
        "instances/demo",
        "--time-limit",
        "1",
        "--out",
        &dir,
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let text = stdout(&o);
    for label in [
        "objective",
        "makespan",
        "late orders",
        "energy",
        "transport",
    ] {
        assert!(text.contains(label), "table lacks {label}: {text}");
    }
    for file in [
        "schedule.csv",
        "shipments.csv",
        "unplanned.csv",
        "kpis.json",
    ] {
        assert!(out.path().join(file).exists(), "{file} written");
    }
    let schedule = out.path().join("schedule.csv").display().to_string();
    let c = takt(&["check", "instances/demo", &schedule]);
    assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));
    assert!(stdout(&c).contains("feasible"));
}

#[test]
fn solve_json_prints_one_object_with_the_documented_fields() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().display().to_string();
    let o = takt(&[
        "solve",
        &shared("jsp/ft06"),
        "--format",
        "jsp",
        "--json",
        "--time-limit",
        "2",
        "--out",
        &dir,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    for field in [
        "status",
        "objective",
        "makespan",
        "lower_bound",
        "total_weighted_tardiness",
        "late_orders",
        "energy_cost",
        "transport_cost",
        "operations",
        "elapsed_seconds",
    ] {
        assert!(v.get(field).is_some(), "missing {field} in {v}");
    }
    assert_eq!(v["operations"], 36);
    assert!(v["makespan"].as_i64().unwrap() >= 55);
    assert!(v["lower_bound"].as_f64().unwrap() <= 55.0);
    let kpis: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("kpis.json")).unwrap())
            .unwrap();
    assert_eq!(kpis["makespan"], v["makespan"]);
}

#[test]
fn solve_reads_brandimarte_files_and_check_accepts_the_plan() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().display().to_string();
    let o = takt(&[
        "solve",
        &shared("fjsp/mk01.fjs"),
        "--format",
        "fjs",
        "--json",
        "--time-limit",
        "1",
        "--out",
        &dir,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["status"], "feasible");
    let schedule = out.path().join("schedule.csv").display().to_string();
    let c = takt(&["check", &shared("fjsp/mk01.fjs"), &schedule]);
    assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));
}

#[test]
fn corrupted_csv_gets_file_line_column_and_exit_code_2_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let plant = dir.path().join("plant");
    copy_dir(Path::new("instances/demo"), &plant);
    let machines = plant.join("machines.csv");
    let text = std::fs::read_to_string(&machines).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let row = lines
        .iter()
        .position(|l| !l.starts_with('#') && l.contains(',') && !l.starts_with("id"))
        .unwrap();
    let header = lines.iter().find(|l| !l.starts_with('#')).unwrap().clone();
    let power_col = header
        .split(',')
        .position(|c| c.trim() == "power_kw")
        .unwrap();
    let mut cells: Vec<String> = lines[row].split(',').map(String::from).collect();
    cells[power_col] = "lots".into();
    lines[row] = cells.join(",");
    std::fs::write(&machines, lines.join("\n")).unwrap();
    let o = takt(&[
        "solve",
        &plant.display().to_string(),
        "--out",
        &dir.path().join("out").display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(&format!("machines.csv:{}", row + 1)), "{err}");
    assert!(err.contains("power_kw") && err.contains("lots"), "{err}");
    // --json still prints exactly one object.
    let j = takt(&[
        "solve",
        &plant.display().to_string(),
        "--json",
        "--out",
        &dir.path().join("o2").display().to_string(),
    ]);
    assert_eq!(j.status.code(), Some(2));
    assert_eq!(json(&j)["status"], "input_error");
}

#[test]
fn check_reports_violations_with_codes_and_exit_code_1() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().display().to_string();
    let o = takt(&[
        "solve",
        &shared("jsp/ft06"),
        "--solver",
        "greedy",
        "--out",
        &dir,
    ]);
    assert!(o.status.success());
    let path = out.path().join("schedule.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // Start every operation at minute 0: overlaps and routing violations everywhere.
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let cols: Vec<&str> = header.split(',').collect();
    let (s, e) = (
        cols.iter().position(|c| *c == "start").unwrap(),
        cols.iter().position(|c| *c == "end").unwrap(),
    );
    let mut rewritten = vec![header.to_string()];
    for line in lines {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        let len: i64 = cells[e].parse::<i64>().unwrap() - cells[s].parse::<i64>().unwrap();
        cells[s] = "0".into();
        cells[e] = len.to_string();
        rewritten.push(cells.join(","));
    }
    std::fs::write(&path, rewritten.join("\n")).unwrap();
    let c = takt(&[
        "check",
        &shared("jsp/ft06"),
        &path.display().to_string(),
        "--json",
    ]);
    assert_eq!(c.status.code(), Some(1));
    let v = json(&c);
    assert_eq!(v["status"], "infeasible");
    assert!(v["violation_counts"]["MACHINE_OVERLAP"].as_u64().unwrap() > 0);
    assert!(v["violation_counts"]["ROUTING_ORDER"].as_u64().unwrap() > 0);
}

#[test]
fn generate_writes_a_plant_that_solves_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let plant: PathBuf = dir.path().join("plant");
    let p = plant.display().to_string();
    let g = takt(&[
        "generate",
        "--orders",
        "30",
        "--machines",
        "8",
        "--sites",
        "2",
        "--seed",
        "5",
        "--out",
        &p,
    ]);
    assert!(g.status.success(), "{}", stderr(&g));
    let out = dir.path().join("out").display().to_string();
    let o = takt(&["solve", &p, "--json", "--time-limit", "1", "--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["orders"], 30);
    let c = takt(&["check", &p, &format!("{out}/schedule.csv")]);
    assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));
    // Never overwrite a folder that holds files.
    let again = takt(&["generate", "--out", &p]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("not empty"));
}

#[test]
fn generate_lets_the_range_checks_speak_for_negative_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("plant").display().to_string();
    for (args, said) in [
        (
            vec!["--margins", "--optional-share", "-0.1"],
            "optional share -0.1 is not a share from 0 to 1",
        ),
        (
            vec!["--margins", "--deferrable-share", "-2"],
            "deferrable share -2 is not a share from 0 to 1",
        ),
        (
            vec!["--orders", "-3"],
            "'-3' is not a whole number from 0 to 1000000",
        ),
        (
            vec!["--initial-stock", "-0.5,0.5"],
            "initial stock range -0.5..0.5 is not a range of shares from 0 to 1",
        ),
    ] {
        let mut all = vec!["generate"];
        all.extend(&args);
        all.extend(["--out", p.as_str()]);
        let o = takt(&all);
        assert!(!o.status.success(), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(said), "{args:?}: {err}");
        // The error names the flag to change, whether clap or the generator objects.
        let flag = args.iter().rfind(|a| a.starts_with("--")).unwrap();
        assert!(err.contains(flag), "{args:?}: {err}");
        assert!(!err.contains("unexpected argument"), "{args:?}: {err}");
    }
    assert!(!dir.path().join("plant").exists(), "nothing written");
}

#[test]
fn generate_names_both_flags_when_too_few_machines_equip_the_sites() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("plant").display().to_string();
    let o = takt(&["generate", "--machines", "2", "--sites", "3", "--out", &p]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("--machines, --sites: 2 machine(s) cannot equip 3 plant(s)"),
        "{err}"
    );
}

#[test]
fn generate_margins_writes_exact_optional_and_deferrable_shares() {
    let dir = tempfile::tempdir().unwrap();
    let plant = dir.path().join("plant");
    let p = plant.display().to_string();
    let g = takt(&[
        "generate",
        "--orders",
        "40",
        "--machines",
        "8",
        "--margins",
        "--optional-share",
        "0.3",
        "--deferrable-share",
        "0.25",
        "--out",
        &p,
    ]);
    assert!(g.status.success(), "{}", stderr(&g));
    let instance = takt::io::load_instance(&plant, None).unwrap();
    let orders = instance.orders();
    assert_eq!(orders.iter().filter(|o| o.value.optional).count(), 12);
    assert_eq!(
        orders.iter().filter(|o| o.value.is_deferrable()).count(),
        10
    );
    let out = dir.path().join("out").display().to_string();
    let o = takt(&["solve", &p, "--json", "--iterations", "200", "--out", &out]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["checked"], true);
}

#[test]
fn bench_replan_with_an_iteration_baseline_re_plans_the_same_published_plan_on_any_thread_count() {
    let run = |threads: &str| {
        let o = takt(&[
            "bench-replan",
            "--plant",
            "two",
            "--events",
            "small",
            "--samples",
            "1",
            "--budget-ms",
            "1",
            "--reference-seconds",
            "0",
            "--baseline-iterations",
            "40",
            "--threads",
            threads,
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        json(&o)
    };
    let (one, two) = (run("1"), run("2"));
    let plant = |v: &Value| v[0].clone();
    assert_eq!(plant(&one)["baseline_iterations"], 40);
    assert!(plant(&one)["baseline_makespan"].as_i64().unwrap() > 0);
    assert_eq!(
        plant(&one)["baseline_makespan"],
        plant(&two)["baseline_makespan"]
    );
    assert_eq!(plant(&one)["now"], plant(&two)["now"]);
}
