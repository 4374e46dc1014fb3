//! Helpers shared by the io tests: temporary instance folders and assertions on input errors.
#![allow(dead_code)]

use std::path::Path;
use takt::io::{InputError, InputErrors, read_instance_folder};
use tempfile::TempDir;

/// A valid folder: two sites, two machines at A, product P (two steps), one order.
pub const BASE: &[(&str, &str)] = &[
    ("sites.csv", "id,power_cap_kw\nA,\nC,\n"),
    ("machines.csv", "id,site,power_kw\nM1,A,10\nM2,A,5\n"),
    (
        "routings.csv",
        "product,step,machine,setup,run_per_unit,min_lag\nP,1,M1,5,1,\nP,2,M2,0,2,10\n",
    ),
    ("orders.csv", "id,product,quantity,customer\nO1,P,3,\n"),
];

/// A temporary folder holding `files` (name, content).
pub fn folder(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).expect("write fixture");
    }
    dir
}

/// The base folder with `changes` replacing or adding files; an empty content removes the file.
pub fn base_with(changes: &[(&str, &str)]) -> TempDir {
    let mut files: Vec<(&str, &str)> = BASE.to_vec();
    for (name, content) in changes {
        files.retain(|(n, _)| n != name);
        if !content.is_empty() {
            files.push((name, content));
        }
    }
    folder(&files)
}

/// The errors of reading `dir`, which must fail.
pub fn errors_of(dir: &Path) -> InputErrors {
    match read_instance_folder(dir) {
        Ok(_) => panic!("reading {} should fail", dir.display()),
        Err(e) => e,
    }
}

/// The one error with `code`, or a panic listing every error.
pub fn the<'a>(errors: &'a InputErrors, code: &'a str) -> &'a InputError {
    let found: Vec<&InputError> = errors.with_code(code).collect();
    assert_eq!(found.len(), 1, "expected one {code}, got:\n{errors}");
    found[0]
}

/// Asserts the place of an error and that its message holds every word of `words`.
pub fn assert_at(
    error: &InputError,
    file: &str,
    line: Option<usize>,
    column: Option<&str>,
    words: &[&str],
) {
    assert_eq!(
        error.file.file_name().and_then(|n| n.to_str()),
        Some(file),
        "{error}"
    );
    assert_eq!(error.line, line, "{error}");
    assert_eq!(error.column.as_deref(), column, "{error}");
    for word in words {
        assert!(error.message.contains(word), "'{word}' not in: {error}");
    }
    assert!(!error.hint.is_empty(), "no hint: {error}");
}

/// Reads `dir` and expects exactly one error with `code` at the given place.
pub fn expect_one(
    dir: &TempDir,
    code: &str,
    file: &str,
    line: Option<usize>,
    column: Option<&str>,
    words: &[&str],
) -> InputError {
    let errors = errors_of(dir.path());
    assert_eq!(errors.len(), 1, "expected only {code}, got:\n{errors}");
    let error = the(&errors, code).clone();
    assert_at(&error, file, line, column, words);
    error
}
