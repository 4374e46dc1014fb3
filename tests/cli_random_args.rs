//! A property test of the command line itself: every numeric or time argument of `solve`,
//! `replan`, `whatif` and `generate` gets random values (valid, out of range, not numbers at all,
//! overflowing), one argument at a time with the others fixed to a small run. Whatever the value,
//! the process ends with a documented exit code (0, 1, 2 or 3) and never panics; a rejected value
//! is an error that names its argument; with `--json` stdout holds exactly one JSON object.

#![cfg(all(feature = "cli", feature = "proptest"))]

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long one run may take before the test calls it a hang.
const HANG: Duration = Duration::from_secs(120);

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A folder shared by every case: the published plans the re-planner and what-if read.
fn workspace() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let published = dir.path().join("pub");
        std::fs::create_dir_all(&published).unwrap();
        std::fs::copy(
            fixture("tests/fixtures/cli_faults/07-time-limit-panic/published.csv"),
            published.join("schedule.csv"),
        )
        .unwrap();
        let demo = dir.path().join("demo");
        let run = run(&[
            "solve",
            fixture("instances/demo").to_str().unwrap(),
            "--solver",
            "greedy",
            "--out",
            demo.to_str().unwrap(),
            "--json",
        ]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        dir
    })
    .path()
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs takt, failing the test when it runs longer than [`HANG`].
fn run(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the takt binary runs");
    let started = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("takt {args:?} runs longer than {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Values a user might type into a numeric or time argument.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "", " ", "0", "-0", "1", "-1", "2", "0.5", "-0.5", "1e-9", "NaN", "nan", "inf", "-inf",
            "infinity", "1e300", "-1e300", "1e19", "1e8", "100000001", "9223372036854775807",
            "-9223372036854775808", "18446744073709551615", "18446744073709551616", "0x10",
            "1_000", " 5 ", "abc", "1,5", "3/4", "\u{bd}", "2025-03-03T10:40", "10:40",
            "2025-13-40T99:99", "--json",
        ])
        .prop_map(str::to_string),
        1 => (-1_000i64..5_000).prop_map(|v| v.to_string()),
        1 => (-10.0f64..10_000.0).prop_map(|v| v.to_string()),
    ]
}

/// A command line: the fixed small run, the argument varied and its value.
#[derive(Clone, Debug)]
struct Case {
    args: Vec<String>,
    flag: &'static str,
    json: bool,
}

fn solve_case() -> impl Strategy<Value = Case> {
    let flags = [
        "--time-limit",
        "--iterations",
        "--threads",
        "--seed",
        "--mip-gap",
    ];
    (
        prop::sample::select(flags.to_vec()),
        prop::sample::select(vec!["greedy", "search"]),
        value(),
    )
        .prop_map(|(flag, solver, value)| {
            let out = workspace().join("solve");
            let mut args = vec![
                "solve".to_string(),
                fixture("tests/fixtures/cli_faults/07-time-limit-panic/inst")
                    .display()
                    .to_string(),
                "--solver".into(),
                solver.into(),
                "--out".into(),
                out.display().to_string(),
                "--json".into(),
            ];
            fixed_budget(&mut args, flag);
            args.push(format!("{flag}={value}"));
            Case {
                args,
                flag,
                json: true,
            }
        })
}

fn replan_case() -> impl Strategy<Value = Case> {
    let flags = [
        "--now",
        "--published-window",
        "--move-penalty",
        "--published-move-penalty",
        "--time-limit",
        "--iterations",
        "--threads",
        "--seed",
    ];
    (prop::sample::select(flags.to_vec()), value()).prop_map(|(flag, value)| {
        let case = "tests/fixtures/cli_faults/07-time-limit-panic";
        let mut args = vec![
            "replan".to_string(),
            fixture(case).join("inst").display().to_string(),
            "--schedule".into(),
            workspace().join("pub/schedule.csv").display().to_string(),
            "--events".into(),
            fixture(case).join("events.csv").display().to_string(),
            "--out".into(),
            workspace().join("replan").display().to_string(),
            "--json".into(),
        ];
        if flag != "--now" {
            args.push("--now=10".into());
        }
        fixed_budget(&mut args, flag);
        args.push(format!("{flag}={value}"));
        Case {
            args,
            flag,
            json: true,
        }
    })
}

fn whatif_case() -> impl Strategy<Value = Case> {
    let flags = [
        "--samples",
        "--now",
        "--seed",
        "--iterations",
        "--threads",
        "--late-threshold",
        "--time-limit",
        "--shard",
    ];
    (prop::sample::select(flags.to_vec()), value()).prop_map(|(flag, value)| {
        // Sample counts stay small when valid: the run is bounded by them.
        let value = match value.trim().parse::<i64>() {
            Ok(n) if flag == "--samples" && n > 20 => "20".to_string(),
            _ => value,
        };
        let mut args = vec![
            "whatif".to_string(),
            fixture("instances/demo").display().to_string(),
            "--schedule".into(),
            workspace().join("demo/schedule.csv").display().to_string(),
            "--risks".into(),
            fixture("instances/demo-risks.csv").display().to_string(),
            "--mode".into(),
            "keep".into(),
            "--no-html".into(),
            "--out".into(),
            workspace().join("whatif").display().to_string(),
            "--json".into(),
        ];
        if flag != "--samples" {
            args.push("--samples=8".into());
        }
        if flag != "--iterations" {
            args.push("--iterations=20".into());
        }
        if flag != "--time-limit" {
            args.push("--time-limit=20".into());
        }
        args.push(format!("{flag}={value}"));
        Case {
            args,
            flag,
            json: true,
        }
    })
}

fn generate_case() -> impl Strategy<Value = Case> {
    let flags = ["--orders", "--machines", "--sites", "--seed"];
    (
        prop::sample::select(flags.to_vec()),
        value(),
        0u32..1_000_000,
    )
        .prop_map(|(flag, value, folder)| {
            let out = workspace().join(format!("gen-{folder}"));
            let args = vec![
                "generate".to_string(),
                "--out".into(),
                out.display().to_string(),
                format!("{flag}={value}"),
            ];
            Case {
                args,
                flag,
                json: false,
            }
        })
}

/// Bounds the run by both work and time, leaving out the one the case varies.
fn fixed_budget(args: &mut Vec<String>, varied: &str) {
    if varied != "--iterations" {
        args.push("--iterations=50".into());
    }
    if varied != "--time-limit" {
        args.push("--time-limit=5".into());
    }
    if varied != "--threads" {
        args.push("--threads=1".into());
    }
}

fn check(case: &Case) -> Result<(), TestCaseError> {
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let run = run(&args);
    let shown = format!(
        "takt {args:?}\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    prop_assert!(
        matches!(run.code, Some(0..=3)),
        "exit code {:?}: {shown}",
        run.code
    );
    prop_assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "{shown}"
    );
    if run.code == Some(2) {
        // Only the varied value can be wrong, so the error names it (the generator's objections
        // name the flag too).
        let named = run.stderr.contains(case.flag);
        prop_assert!(named, "the error does not name {}: {shown}", case.flag);
    }
    if case.json {
        let mut objects =
            serde_json::Deserializer::from_str(&run.stdout).into_iter::<serde_json::Value>();
        let first = objects.next();
        prop_assert!(
            matches!(first, Some(Ok(serde_json::Value::Object(_)))),
            "stdout is not one JSON object: {shown}"
        );
        prop_assert!(
            objects.next().is_none(),
            "more than one JSON value: {shown}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(takt::testing::config(48))]

    #[test]
    fn solve_arguments_never_panic_and_are_validated(case in solve_case()) {
        check(&case)?;
    }

    #[test]
    fn replan_arguments_never_panic_and_are_validated(case in replan_case()) {
        check(&case)?;
    }

    #[test]
    fn whatif_arguments_never_panic_and_are_validated(case in whatif_case()) {
        check(&case)?;
    }

    #[test]
    fn generate_arguments_never_panic_and_are_validated(case in generate_case()) {
        check(&case)?;
    }
}
