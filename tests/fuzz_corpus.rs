//! Replays every file of the fuzz corpora (`fuzz/corpus/<target>/`) through the checks the fuzz
//! targets run, on stable Rust: whatever fuzzing found once stays fixed. See `fuzz/README.md`.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file of `fuzz/corpus/<target>`; there must be some.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the {target} corpus is empty");
    for file in files {
        let data = std::fs::read(&file).expect("a corpus file");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails its check", file.display());
    }
}

#[test]
fn instance_files_corpus_reads_and_round_trips() {
    replay("instance_files", checks::instance_files);
}

#[test]
fn events_corpus_reads() {
    replay("events", checks::events);
}

#[test]
fn plan_corpus_reads_and_round_trips() {
    replay("plan", checks::plan);
}

#[test]
fn jsp_corpus_reads_and_round_trips() {
    replay("jsp", checks::jsp);
}

#[test]
fn fjs_corpus_reads_and_round_trips() {
    replay("fjs", checks::fjs);
}
