//! The job shop and flexible job shop readers read every benchmark file and report malformed ones
//! with line and token position.

mod support;

use std::path::{Path, PathBuf};
use support::{assert_at, the};
use takt::io::{Format, InputErrors, load_instance, read_fjs, read_jsp};
use takt::model::{Instance, ObjectiveWeights};

const JSP_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/instances/benchmarks/jsp");
const FJSP_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/instances/benchmarks/fjsp");

fn instance_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("benchmark folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_none_or(|e| e != "csv" && e != "md"))
        .collect();
    files.sort();
    files
}

/// `(machine name, duration)` of every option of `job`'s step `step` (0-based), in file order.
fn options(instance: &Instance, job: usize, step: usize) -> Vec<(String, i64)> {
    instance.products()[job].steps[step]
        .options
        .iter()
        .map(|o| (instance.machine(o.machine).name.clone(), o.setup))
        .collect()
}

fn bad_file(name: &str, content: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("write fixture");
    (dir, path)
}

fn jsp_errors(content: &str) -> InputErrors {
    let (_dir, path) = bad_file("bad", content);
    read_jsp(&path).expect_err("malformed file must fail")
}

fn fjs_errors(content: &str) -> InputErrors {
    let (_dir, path) = bad_file("bad.fjs", content);
    read_fjs(&path).expect_err("malformed file must fail")
}

#[test]
fn every_job_shop_benchmark_reads() {
    let files = instance_files(JSP_DIR);
    assert_eq!(files.len(), 30);
    for path in files {
        let instance = read_jsp(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let jobs = instance.orders().len();
        let machines = instance.machines().len();
        assert_eq!(instance.ops().len(), jobs * machines, "{}", path.display());
        assert_eq!(instance.weights(), ObjectiveWeights::MAKESPAN);
    }
}

#[test]
fn every_flexible_job_shop_benchmark_reads() {
    let files = instance_files(FJSP_DIR);
    assert_eq!(files.len(), 10);
    for path in files {
        let instance = read_fjs(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!instance.ops().is_empty(), "{}", path.display());
    }
}

#[test]
fn ft06_matches_the_file() {
    let instance = read_jsp(Path::new(&format!("{JSP_DIR}/ft06"))).unwrap();
    assert_eq!(instance.name(), "ft06");
    assert_eq!(instance.ops().len(), 36);
    assert_eq!(instance.sites().len(), 1);
    assert_eq!(instance.sites()[0].name, "shop");
    assert_eq!(instance.machines()[0].name, "M0");
    assert_eq!(instance.orders()[0].name, "J0");
    assert_eq!(instance.orders()[0].quantity, 1);
    // Line "2  1  0  3  1  6  3  7  5  3  4  6" is job J0.
    assert_eq!(options(&instance, 0, 0), vec![("M2".to_string(), 1)]);
    assert_eq!(options(&instance, 0, 3), vec![("M3".to_string(), 7)]);
    // Last line "1  3  3  3  5  9  0 10  4  4  2  1" is job J5.
    assert_eq!(options(&instance, 5, 3), vec![("M0".to_string(), 10)]);
    assert_eq!(options(&instance, 5, 5), vec![("M2".to_string(), 1)]);
    let first = instance.order_plan(takt::model::OrderId(0)).first_op();
    assert_eq!(instance.op(first).options[0].duration, 1);
}

#[test]
fn mk01_matches_the_file() {
    let instance = read_fjs(Path::new(&format!("{FJSP_DIR}/mk01.fjs"))).unwrap();
    assert_eq!(instance.name(), "mk01");
    assert_eq!(instance.ops().len(), 55);
    assert_eq!(instance.machines().len(), 6);
    assert_eq!(instance.machines()[0].name, "M1");
    assert_eq!(instance.orders()[0].name, "J1");
    let pairs = |v: &[(&str, i64)]| -> Vec<(String, i64)> {
        v.iter().map(|(m, t)| (m.to_string(), *t)).collect()
    };
    // Job J1: "6  2 1 5 3 4  3 5 3 3 5 2 1 ... 3 6 6 3 6 4 3".
    assert_eq!(options(&instance, 0, 0), pairs(&[("M1", 5), ("M3", 4)]));
    assert_eq!(
        options(&instance, 0, 1),
        pairs(&[("M5", 3), ("M3", 5), ("M2", 1)])
    );
    assert_eq!(
        options(&instance, 0, 5),
        pairs(&[("M6", 6), ("M3", 6), ("M4", 3)])
    );
    // Job J2 starts with an operation only machine 2 can do, in 6.
    assert_eq!(options(&instance, 1, 0), pairs(&[("M2", 6)]));
}

#[test]
fn the_format_follows_the_path_when_not_given() {
    assert_eq!(Format::detect(Path::new(FJSP_DIR)), Format::Csv);
    assert_eq!(Format::detect(Path::new("x/mk01.fjs")), Format::Fjs);
    assert_eq!(Format::detect(Path::new("x/ft06")), Format::Jsp);
    let ft06 = load_instance(Path::new(&format!("{JSP_DIR}/ft06")), None).unwrap();
    assert_eq!(ft06.ops().len(), 36);
    let mk01 = load_instance(Path::new(&format!("{FJSP_DIR}/mk01.fjs")), None).unwrap();
    assert_eq!(mk01.ops().len(), 55);
    let forced = load_instance(
        Path::new(&format!("{FJSP_DIR}/mk01.fjs")),
        Some(Format::Jsp),
    );
    assert!(forced.is_err(), "an fjs file is not a valid job shop file");
}

#[test]
fn an_empty_benchmark_file_is_reported() {
    let errors = jsp_errors("# only comments\n\n");
    assert_at(the(&errors, "EMPTY_FILE"), "bad", None, None, &["no data"]);
}

#[test]
fn a_missing_benchmark_file_names_the_path() {
    let errors = read_jsp(Path::new("/no/such/ft99")).unwrap_err();
    assert_at(
        the(&errors, "MISSING_FILE"),
        "ft99",
        None,
        None,
        &["/no/such/ft99"],
    );
}

#[test]
fn a_job_line_with_too_few_numbers_names_the_missing_token() {
    let errors = jsp_errors("# c\n2 2\n0 5 1 4\n0 5 1\n");
    assert_at(
        the(&errors, "TOO_FEW_NUMBERS"),
        "bad",
        Some(4),
        None,
        &["token 4", "operation 2"],
    );
}

#[test]
fn a_job_line_with_too_many_numbers_is_reported() {
    let errors = jsp_errors("2 2\n0 5 1 4\n0 5 1 4 9\n");
    assert_at(
        the(&errors, "TOO_MANY_NUMBERS"),
        "bad",
        Some(3),
        None,
        &["5 numbers", "token 5"],
    );
}

#[test]
fn a_non_numeric_token_is_reported_with_its_position() {
    let errors = jsp_errors("2 2\n0 5 1 x\n0 5 1 4\n");
    assert_at(
        the(&errors, "NOT_AN_INTEGER"),
        "bad",
        Some(2),
        None,
        &["token 4", "'x'"],
    );
}

#[test]
fn a_machine_beyond_the_header_count_is_reported() {
    let errors = jsp_errors("2 2\n0 5 2 4\n0 5 1 4\n");
    assert_at(
        the(&errors, "MACHINE_OUT_OF_RANGE"),
        "bad",
        Some(2),
        None,
        &["token 3", "machine 2"],
    );
    let errors = fjs_errors("1 2\n1 2 1 5 3 4\n");
    assert_at(
        the(&errors, "MACHINE_OUT_OF_RANGE"),
        "bad.fjs",
        Some(2),
        None,
        &["token 5", "machine 3"],
    );
}

#[test]
fn a_zero_time_or_machine_in_a_flexible_file_is_out_of_range() {
    let errors = fjs_errors("1 2\n1 1 0 5\n");
    assert_at(
        the(&errors, "OUT_OF_RANGE"),
        "bad.fjs",
        Some(2),
        None,
        &["token 3", "0"],
    );
    let errors = jsp_errors("1 1\n0 0\n");
    assert_at(
        the(&errors, "OUT_OF_RANGE"),
        "bad",
        Some(2),
        None,
        &["token 2", "time"],
    );
}

#[test]
fn fewer_or_more_job_lines_than_announced_are_reported() {
    let errors = jsp_errors("3 1\n0 5\n0 4\n");
    assert_at(
        the(&errors, "MISSING_JOBS"),
        "bad",
        Some(3),
        None,
        &["3 jobs", "2 job lines"],
    );
    let errors = fjs_errors("1 1\n1 1 1 5\n1 1 1 4\n");
    assert_at(
        the(&errors, "EXTRA_LINES"),
        "bad.fjs",
        Some(3),
        None,
        &["1 jobs", "2 job lines"],
    );
}

#[test]
fn a_flexible_operation_cut_short_is_reported() {
    let errors = fjs_errors("1 2 1.5\n2 1 1 5 2 1 4\n");
    assert_at(
        the(&errors, "TOO_FEW_NUMBERS"),
        "bad.fjs",
        Some(2),
        None,
        &["token 8", "operation 2"],
    );
}

#[test]
fn a_bad_average_in_a_flexible_header_is_reported() {
    let errors = fjs_errors("1 2 many\n1 1 1 5\n");
    assert_at(
        the(&errors, "NOT_A_NUMBER"),
        "bad.fjs",
        Some(1),
        None,
        &["token 3", "many"],
    );
}

#[test]
fn an_absurd_machine_count_is_refused_before_anything_is_allocated() {
    let errors = fjs_errors("1 99999999999\n1 1 1 5\n");
    assert_at(
        the(&errors, "OUT_OF_RANGE"),
        "bad.fjs",
        Some(1),
        None,
        &["99999999999"],
    );
}
