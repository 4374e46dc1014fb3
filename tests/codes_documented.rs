//! The README lists every stable code: every input error code and every checker violation code.

use strum::IntoEnumIterator;
use takt::model::ErrorCode;
use takt::validate::ViolationCode;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn the_readme_lists_every_input_error_code() {
    let readme = readme();
    let missing: Vec<&str> = ErrorCode::iter()
        .map(ErrorCode::as_str)
        .filter(|code| !readme.contains(&format!("| `{code}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the README's code table: {missing:?}"
    );
}

#[test]
fn the_readme_lists_every_violation_code() {
    let readme = readme();
    let missing: Vec<&str> = ViolationCode::iter()
        .map(ViolationCode::as_str)
        .filter(|code| !readme.contains(&format!("| `{code}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the README's violation table: {missing:?}"
    );
}

#[test]
fn the_readme_lists_every_event_code() {
    let readme = readme();
    let missing: Vec<&str> = takt::replan::EventCode::iter()
        .map(takt::replan::EventCode::as_str)
        .filter(|code| !readme.contains(&format!("| `{code}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the README's code table: {missing:?}"
    );
}
