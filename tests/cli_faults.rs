//! The command line's fault kinds (issue: bad input and honest numbers), each with the small input
//! that showed it, and the other places the same kind can occur: statuses and bounds that describe
//! the plan returned, no panic from any argument value or a closed stdout, arguments validated like
//! input, outputs that never land on inputs, errors that name their line, and `--json` that prints
//! one JSON object for every outcome.

#![cfg(feature = "cli")]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli_faults")
        .join(case)
}

fn takt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(args)
        .output()
        .expect("the takt binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Stdout holds exactly one JSON object.
fn one_json(o: &Output) -> Value {
    let out = text(&o.stdout);
    assert_eq!(out.trim().lines().count(), 1, "one JSON line: {out:?}");
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

fn assert_no_panic(o: &Output, what: &str) {
    let err = text(&o.stderr);
    assert_ne!(o.status.code(), Some(101), "{what}: exit 101\n{err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
}

/// Copies a fixture folder (or file) into `to`.
fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

/// Every file under `dir` with its bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// A published plan for the cases that re-plan: `published.csv` copied to `pub/schedule.csv` in the temporary folder.
fn published(case: &str, tmp: &Path) -> String {
    let dir = tmp.join("pub");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture(case).join("published.csv"),
        dir.join("schedule.csv"),
    )
    .unwrap();
    dir.join("schedule.csv").display().to_string()
}

#[test]
fn a_partial_plan_reports_a_documented_status_and_bounds_over_the_orders_it_plans() {
    // o1 can never meet its deadline (release 100 + 20 minutes > 115); o2 alone has makespan 20.
    let plant = fixture("06-partial-plan-makespan-bound/plant");
    for solver in ["greedy", "search", "auto", "milp"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out").display().to_string();
        let o = takt(&[
            "solve",
            plant.to_str().unwrap(),
            "--solver",
            solver,
            "--threads",
            "1",
            "--time-limit",
            "1",
            "--out",
            &out,
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(3), "{solver}: {}", text(&o.stderr));
        let k = one_json(&o);
        assert_eq!(k["unplanned"][0]["order"], "o1", "{solver}");
        let makespan = k["makespan"].as_i64().unwrap();
        let bound = k["makespan_lower_bound"].as_i64().unwrap();
        assert_eq!(makespan, 20, "{solver}");
        assert!(
            bound <= makespan,
            "{solver}: bound {bound} > makespan {makespan}"
        );
        assert!(
            k["lower_bound"].as_f64().unwrap() <= k["objective"].as_f64().unwrap(),
            "{solver}"
        );
        // Partial plans are feasible, with the orders left out listed: no undocumented status.
        assert_eq!(k["status"], "feasible", "{solver}");
    }
}

#[test]
fn time_limits_beyond_the_range_are_argument_errors_never_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let inst = fixture("07-time-limit-panic/inst");
    let inst = inst.to_str().unwrap();
    let events = fixture("07-time-limit-panic/events.csv");
    let schedule = published("07-time-limit-panic", tmp.path());
    let out = |name: &str| tmp.path().join(name).display().to_string();
    for limit in [
        "1e300",
        "18446744073709551616",
        "1e19",
        "-0.5",
        "NaN",
        "inf",
    ] {
        let runs: Vec<Vec<String>> = vec![
            vec!["solve", inst, "--solver", "greedy", "--out", &out("g")],
            vec![
                "solve",
                inst,
                "--solver",
                "search",
                "--iterations",
                "100",
                "--out",
                &out("s"),
            ],
            vec![
                "replan",
                inst,
                "--schedule",
                &schedule,
                "--events",
                events.to_str().unwrap(),
                "--now",
                "10",
                "--iterations",
                "50",
                "--out",
                &out("r"),
            ],
            vec!["bench", inst, "--format", "csv"],
            vec!["bench-replan", "--plant", "two", "--reference-seconds"],
        ]
        .into_iter()
        .map(|args| args.into_iter().map(String::from).collect())
        .collect();
        for mut args in runs {
            if args[0] == "bench-replan" {
                args.push(limit.to_string());
            } else {
                args.extend(["--time-limit".to_string(), limit.to_string()]);
            }
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = takt(&argv);
            assert_no_panic(&o, &argv.join(" "));
            assert_eq!(o.status.code(), Some(2), "{}", argv.join(" "));
            assert!(
                text(&o.stderr).contains("is not a number of seconds from 0 to 1e8"),
                "{}: {}",
                argv.join(" "),
                text(&o.stderr)
            );
        }
    }
    // The longest accepted limit runs normally; the iteration budget ends the search.
    let o = takt(&[
        "solve",
        inst,
        "--solver",
        "search",
        "--iterations",
        "50",
        "--time-limit",
        "1e8",
        "--out",
        &out("long"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

/// Runs takt with stdout connected to a pipe whose reading end is already closed.
fn with_closed_stdout(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("takt starts");
    drop(child.stdout.take());
    child.wait_with_output().expect("takt ends")
}

#[test]
fn a_closed_stdout_ends_takt_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let inst = fixture("08-broken-pipe-panic/inst");
    let inst = inst.to_str().unwrap();
    let plan = tmp.path().join("plan");
    let plan_dir = plan.to_str().unwrap();
    let schedule = plan.join("schedule.csv");
    for args in [
        vec![
            "solve", inst, "--solver", "greedy", "--out", plan_dir, "--json",
        ],
        vec!["solve", inst, "--solver", "greedy", "--out", plan_dir],
        vec!["check", inst, schedule.to_str().unwrap()],
        vec!["check", inst, schedule.to_str().unwrap(), "--json"],
        vec!["--help"],
    ] {
        let o = with_closed_stdout(&args);
        assert_no_panic(&o, &args.join(" "));
        assert!(
            matches!(o.status.code(), Some(0) | Some(141)),
            "{}: exit {:?}",
            args.join(" "),
            o.status.code()
        );
    }
}

#[test]
fn numeric_arguments_outside_their_range_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let inst = fixture("09-mip-gap-not-validated/inst");
    let inst = inst.to_str().unwrap();
    let out = tmp.path().join("s").display().to_string();
    for (flag, value, says) in [
        ("--mip-gap", "NaN", "is not a relative MIP gap"),
        ("--mip-gap", "inf", "is not a relative MIP gap"),
        ("--mip-gap", "-0.1", "is not a relative MIP gap"),
        ("--mip-gap", "1e300", "is not a relative MIP gap"),
        ("--threads", "0", "is not a thread count"),
        ("--threads", "100000", "is not a thread count"),
    ] {
        let o = takt(&[
            "solve", inst, "--solver", "greedy", flag, value, "--out", &out,
        ]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        assert!(
            text(&o.stderr).contains(says),
            "{flag} {value}: {}",
            text(&o.stderr)
        );
    }
    // A negative penalty is refused with what is wrong, not clap's "unexpected argument '-1'".
    let events = fixture("07-time-limit-panic/events.csv");
    let schedule = published("07-time-limit-panic", tmp.path());
    let inst7 = fixture("07-time-limit-panic/inst");
    for flag in ["--move-penalty", "--published-move-penalty"] {
        let o = takt(&[
            "replan",
            inst7.to_str().unwrap(),
            "--schedule",
            &schedule,
            "--events",
            events.to_str().unwrap(),
            "--now",
            "10",
            flag,
            "-1",
        ]);
        assert_eq!(o.status.code(), Some(2), "{flag}");
        let err = text(&o.stderr);
        assert!(err.contains("is not a penalty"), "{flag}: {err}");
        assert!(!err.contains("unexpected argument"), "{flag}: {err}");
    }
}

#[test]
fn solve_and_replan_refuse_to_write_into_the_instance_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let inst = tmp.path().join("inst");
    copy(&fixture("10-out-into-instance-folder/inst"), &inst);
    let before = snapshot(&inst);
    let inst_arg = inst.to_str().unwrap();
    let schedule = published("10-out-into-instance-folder", tmp.path());
    let events = fixture("10-out-into-instance-folder/events.csv");
    let inside = inst.join("plans").display().to_string();
    for out in [inst_arg, inside.as_str()] {
        let o = takt(&[
            "solve", inst_arg, "--solver", "greedy", "--out", out, "--json",
        ]);
        assert_eq!(o.status.code(), Some(2), "solve --out {out}");
        assert_eq!(one_json(&o)["status"], "input_error");
        let o = takt(&[
            "replan",
            inst_arg,
            "--schedule",
            &schedule,
            "--events",
            events.to_str().unwrap(),
            "--now",
            "10",
            "--iterations",
            "50",
            "--out",
            out,
        ]);
        assert_eq!(o.status.code(), Some(2), "replan --out {out}");
        assert!(text(&o.stderr).contains("which this run reads"));
        assert_eq!(snapshot(&inst), before, "the instance folder changed");
    }
    // Another folder works, and the instance still reads.
    let elsewhere = tmp.path().join("plans").display().to_string();
    let o = takt(&["solve", inst_arg, "--solver", "greedy", "--out", &elsewhere]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
fn replan_never_overwrites_the_published_plan_it_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let published = tmp.path().join("pub");
    copy(
        &fixture("11-replan-out-overwrites-published/published"),
        &published,
    );
    let before = snapshot(&published);
    let inst = fixture("11-replan-out-overwrites-published/inst");
    let events = fixture("11-replan-out-overwrites-published/events.csv");
    let o = takt(&[
        "replan",
        inst.to_str().unwrap(),
        "--schedule",
        published.join("schedule.csv").to_str().unwrap(),
        "--events",
        events.to_str().unwrap(),
        "--now",
        "10",
        "--iterations",
        "50",
        "--out",
        published.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(one_json(&o)["status"], "input_error");
    assert_eq!(snapshot(&published), before, "the published plan changed");
}

#[test]
fn an_event_that_breaks_a_model_rule_is_reported_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let inst = fixture("12-replan-event-error-no-line/inst");
    let schedule = published("12-replan-event-error-no-line", tmp.path());
    for (file, code) in [
        ("events-deadline.csv", "DEADLINE_BEFORE_RELEASE"),
        ("events-unreachable.csv", "CUSTOMER_UNREACHABLE"),
        ("events-plant.csv", "PLANT_CANNOT_MAKE"),
    ] {
        let events = fixture("12-replan-event-error-no-line").join(file);
        let out = tmp.path().join("re").display().to_string();
        let o = takt(&[
            "replan",
            inst.to_str().unwrap(),
            "--schedule",
            &schedule,
            "--events",
            events.to_str().unwrap(),
            "--now",
            "10",
            "--iterations",
            "50",
            "--out",
            &out,
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(2), "{file}");
        let err = text(&o.stderr);
        assert!(err.contains(&format!("{file}:2")), "{file}: {err}");
        assert!(err.contains(code), "{file}: {err}");
        let json = one_json(&o);
        assert_eq!(json["status"], "input_error");
        assert!(
            json["error"]
                .as_str()
                .unwrap()
                .contains(&format!("{file}:2"))
        );
    }
}

#[test]
fn a_published_plan_the_checker_rejects_is_reported_at_its_rows() {
    // Case 13: line 3 of schedule.csv runs 41 minutes where the routing says 40 (which also makes
    // the shipment on line 3 of shipments.csv leave too early); in the other plan line 3 of
    // shipments.csv arrives 10 minutes before its lanes allow.
    let tmp = tempfile::tempdir().unwrap();
    let case = fixture("13-replan-baseline-violation-no-line");
    let inst = case.join("inst");
    let events = case.join("events.csv");
    for (plan, expected) in [
        (
            "published-duration",
            vec![
                ("schedule.csv:3", "WRONG_DURATION"),
                ("shipments.csv:3", "SHIPMENT_BEFORE_COMPLETION"),
            ],
        ),
        (
            "published-shipment",
            vec![("shipments.csv:3", "SHIPMENT_TRANSIT")],
        ),
    ] {
        let schedule = case.join(plan).join("schedule.csv");
        let out = tmp.path().join(plan).display().to_string();
        let o = takt(&[
            "replan",
            inst.to_str().unwrap(),
            "--schedule",
            schedule.to_str().unwrap(),
            "--events",
            events.to_str().unwrap(),
            "--now",
            "10",
            "--iterations",
            "50",
            "--out",
            &out,
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(2), "{plan}");
        let err = text(&o.stderr);
        for (place, code) in &expected {
            let line = err
                .lines()
                .find(|l| l.contains(&format!("{plan}/{place}: [{code}]")))
                .unwrap_or_else(|| panic!("{plan}: no '{place}: [{code}]' in {err}"));
            assert!(line.contains("order 'B'"), "{line}");
        }
        let json = one_json(&o);
        assert_eq!(json["status"], "input_error");
        assert!(json["error"].as_str().unwrap().contains(expected[0].0));
        assert!(!Path::new(&out).exists(), "{plan}: nothing is written");
    }
}

#[test]
fn json_mode_prints_one_object_for_every_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let case = fixture("14-json-missing-on-errors");
    let inst = case.join("inst");
    let inst = inst.to_str().unwrap();
    let a_file = tmp.path().join("a-file");
    std::fs::write(&a_file, "not a folder\n").unwrap();
    let a_file = a_file.to_str().unwrap();
    let schedule = published("14-json-missing-on-errors", tmp.path());
    let events = case.join("events.csv");
    let events = events.to_str().unwrap();
    let replan = |extra: &[&str]| {
        let mut args = vec![
            "replan",
            inst,
            "--schedule",
            &schedule,
            "--events",
            events,
            "--now",
            "10",
            "--iterations",
            "20",
            "--json",
        ];
        args.extend_from_slice(extra);
        takt(&args)
    };
    let out = tmp.path().join("r").display().to_string();
    let cases: Vec<(&str, Output)> = vec![
        (
            "solve --out <file>",
            takt(&[
                "solve", inst, "--solver", "greedy", "--out", a_file, "--json",
            ]),
        ),
        ("replan --out <file>", replan(&["--out", a_file])),
        (
            "replan --move-penalty NaN",
            replan(&["--move-penalty", "NaN", "--out", &out]),
        ),
        (
            "solve --time-limit=-0.5",
            takt(&["solve", inst, "--time-limit=-0.5", "--json"]),
        ),
        (
            "solve with an unknown flag",
            takt(&["solve", inst, "--no-such-flag", "--json"]),
        ),
        (
            "solve of a missing folder",
            takt(&["solve", "/no/such/folder", "--json"]),
        ),
        (
            "check of a missing plan",
            takt(&["check", inst, "/no/such/schedule.csv", "--json"]),
        ),
    ];
    for (what, o) in cases {
        assert_no_panic(&o, what);
        assert_eq!(o.status.code(), Some(2), "{what}");
        let json = one_json(&o);
        assert!(
            json["status"] == "input_error" || json["status"] == "error",
            "{what}: {json}"
        );
        assert!(
            json["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{what}"
        );
    }
}
