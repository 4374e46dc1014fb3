//! The repository is self-contained: no tracked file under `src/`, `tests/`, `benches/`,
//! `examples/`, `scripts/` or `.ci/` (nor `Cargo.toml`) names the team's shared folder beside the
//! clone or an absolute path into a data location. Test data lives in `instances/` and is reached
//! through `env!("CARGO_MANIFEST_DIR")` (Rust) or a path relative to the script (shell, Python).
//!
//! What counts as an absolute path: a `/` at the start of a token (after a space, quote, bracket,
//! `=`, `:`, `<`, `>`, `|`, `!` and the like) followed by at least two path segments, or by one
//! segment that is a usual data root (home folders, temporary folders, mount points). Allowed:
//! - system programs and libraries, found where every Debian or Ubuntu machine has them
//!   ([`SYSTEM_PATHS`]: `env` shebangs, `chromium` for the plan page test, `libclang` lookup);
//! - a path deliberately missing, which the missing-file error tests read ([`MISSING_PATHS`]);
//! - suffixes such as `concat!(env!("CARGO_MANIFEST_DIR"), "/instances/...")`: a path whose first
//!   segment is a top-level entry of this repository is relative to the manifest folder.
//!
//! The patterns are assembled at run time, so this file does not name what it looks for.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Folders (and root files) whose tracked files must not leave the repository.
const SCANNED: [&str; 7] = [
    "src",
    "tests",
    "benches",
    "examples",
    "scripts",
    ".ci",
    "Cargo.toml",
];

/// System programs and libraries at their standard Debian/Ubuntu locations; never data.
const SYSTEM_PATHS: [&str; 4] = ["/usr/bin/", "/usr/lib/", "/bin/", "/dev/null"];

/// Paths that must not exist: the missing-file error tests read them.
const MISSING_PATHS: [&str; 1] = ["/no/such/"];

/// Single path segments that are data roots on their own (a bare temporary folder, say).
const DATA_ROOTS: [&str; 14] = [
    "work", "home", "root", "tmp", "mnt", "media", "data", "srv", "opt", "var", "Users", "scratch",
    "shared", "nfs",
];

/// Characters after which a `/` starts a path token.
const BOUNDARY: &str = " \t\"'`([{=,:;<>|!";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The team's folder beside a clone, assembled so that this file does not contain it.
fn sibling_shared() -> String {
    ["..", "shared"].join("/")
}

/// One offending spot: the token and why it is refused.
#[derive(Debug, PartialEq)]
struct Finding {
    token: String,
    why: &'static str,
}

/// Every path on `line` that leaves the repository. `top_level` lists the repository's top-level
/// entries (`instances`, `src`, ...): a path starting with one of them is a suffix of the manifest
/// folder, not an absolute path.
fn findings(line: &str, top_level: &[String]) -> Vec<Finding> {
    let mut found = Vec::new();
    if line.contains(&sibling_shared()) {
        found.push(Finding {
            token: sibling_shared(),
            why: "the team's shared folder beside the clone",
        });
    }
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let starts_token = i == 0 || BOUNDARY.contains(chars[i - 1]);
        if !starts_token {
            continue;
        }
        if c == '~' && chars.get(i + 1) == Some(&'/') {
            found.push(Finding {
                token: token_at(&chars, i),
                why: "a path in a home folder",
            });
            continue;
        }
        let next_is_name = chars
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_' || *n == '.');
        if c != '/' || !next_is_name {
            continue;
        }
        let token = token_at(&chars, i);
        let segments: Vec<&str> = token.split('/').filter(|s| !s.is_empty()).collect();
        let absolute =
            segments.len() >= 2 || segments.first().is_some_and(|s| DATA_ROOTS.contains(s));
        if !absolute {
            continue;
        }
        let allowed = SYSTEM_PATHS
            .iter()
            .chain(MISSING_PATHS.iter())
            .any(|p| token.starts_with(p) || token == p.trim_end_matches('/'))
            || top_level.iter().any(|t| segments[0] == t.as_str());
        if !allowed {
            found.push(Finding {
                token,
                why: "an absolute path",
            });
        }
    }
    found
}

/// The path-like run of characters starting at `start`.
fn token_at(chars: &[char], start: usize) -> String {
    chars[start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || "._-~/*$@+".contains(**c))
        .collect()
}

/// Files under [`SCANNED`], from `git ls-files` when this folder is a git checkout's root,
/// else every file found by walking the folders (an unpacked crate, an export without `.git`).
fn files() -> Vec<PathBuf> {
    if let Some(tracked) = git_files() {
        return tracked;
    }
    let mut all = Vec::new();
    for entry in SCANNED {
        walk(&root().join(entry), &mut all);
    }
    all.sort();
    all
}

fn git_files() -> Option<Vec<PathBuf>> {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(root())
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    let toplevel = git(&["rev-parse", "--show-toplevel"])?;
    let toplevel = PathBuf::from(String::from_utf8_lossy(&toplevel.stdout).trim());
    if toplevel.canonicalize().ok()? != root().canonicalize().ok()? {
        return None; // inside some other repository (e.g. an unpacked crate under target/)
    }
    // Tracked files and new ones not yet added (but not ignored ones such as target/).
    let mut args = vec![
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
        "--",
    ];
    args.extend(SCANNED);
    let listed = git(&args)?;
    Some(
        listed
            .stdout
            .split(|b| *b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| root().join(String::from_utf8_lossy(name).as_ref()))
            .collect(),
    )
}

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            walk(&entry.path(), out);
        }
    }
}

fn top_level_entries() -> Vec<String> {
    std::fs::read_dir(root())
        .expect("the manifest folder lists")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.') && name != "target")
        .collect()
}

#[test]
fn no_tracked_file_reads_outside_the_repository() {
    let files = files();
    assert!(
        files.iter().any(|f| f.ends_with("self_contained.rs")),
        "the scan must see this very file; it saw {} files",
        files.len()
    );
    let top_level = top_level_entries();
    let mut report = Vec::new();
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else {
            continue; // listed by git but deleted in the working tree
        };
        let text = String::from_utf8_lossy(&bytes);
        for (number, line) in text.lines().enumerate() {
            for f in findings(line, &top_level) {
                let relative = file.strip_prefix(root()).unwrap_or(file);
                report.push(format!(
                    "{}:{}: `{}` is {}\n    {}",
                    relative.display(),
                    number + 1,
                    f.token,
                    f.why,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        report.is_empty(),
        "{} reference(s) outside the repository. Put data under instances/ and reach it through \
         env!(\"CARGO_MANIFEST_DIR\") (Rust) or a path relative to the script; system programs \
         allowed: {SYSTEM_PATHS:?}.\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn the_scan_finds_what_it_must_and_spares_what_it_may() {
    let top = vec!["instances".to_string(), "src".to_string()];
    let refused = |line: &str| !findings(line, &top).is_empty();
    let abs = |parts: &[&str]| ["", parts.join("/").as_str()].join("/");

    // Refused: the shared folder, data locations, home folders.
    assert!(refused(&format!(
        "load(\"{}/instances/jsp/ft06\")",
        sibling_shared()
    )));
    assert!(refused(&format!(
        "const DIR: &str = \"{}\";",
        abs(&["work", "x", "jsp"])
    )));
    assert!(refused(&format!(
        "cd {}",
        abs(&["home", "someone", "data"])
    )));
    assert!(refused(&format!("OUT={}", abs(&["tmp"]))));
    assert!(refused(&format!("ls {}/file", ["~", "bench"].join("/"))));
    assert!(refused(&format!(
        "PathBuf::from(\"{}\")",
        abs(&["opt", "data", "a.csv"])
    )));
    // Allowed: system programs, deliberately missing paths, repository suffixes, prose and code.
    assert!(!refused(&format!("#!{}", abs(&["usr", "bin", "env bash"]))));
    assert!(!refused(&format!("cmd >{} 2>&1", abs(&["dev", "null"]))));
    assert!(!refused(&format!(
        "\"{}\"",
        abs(&["usr", "bin", "chromium"])
    )));
    assert!(!refused(&format!(
        "read(\"{}\")",
        abs(&["no", "such", "ft99"])
    )));
    assert!(!refused(&format!(
        "concat!(env!(\"CARGO_MANIFEST_DIR\"), \"{}\")",
        abs(&["instances", "benchmarks", "jsp"])
    )));
    assert!(!refused(
        "see https://docs.rs/takt and </div> and a / b and kW/h"
    ));
    assert!(!refused(
        "cd \"$(dirname \"$0\")/..\" && target/release/takt solve instances/demo"
    ));
}
