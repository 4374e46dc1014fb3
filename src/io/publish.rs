//! Publishing an outcome: the files `takt solve` and `takt replan` write, from the library.

use super::write::{write_diff, write_instance_folder, write_plan};
use crate::outcome::Outcome;
use crate::report::{DiffView, write_html};
use std::path::{Path, PathBuf};

/// The files [`publish`] writes into its folder.
pub const PUBLISHED_FILES: [&str; 5] = [
    "schedule.csv",
    "shipments.csv",
    "unplanned.csv",
    "kpis.json",
    "plan.html",
];

/// The extra files and folders [`publish`] writes for a re-plan.
pub const REPLAN_FILES: [&str; 2] = ["diff.csv", "instance"];

/// Why an outcome could not be published.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PublishError {
    /// The outcome has no plan to write.
    #[error("there is no plan to publish (status {status})")]
    NoPlan {
        /// The outcome's status.
        status: crate::outcome::Status,
    },
    /// The output folder would overwrite or mix with files the run read.
    #[error("{message}")]
    OutputOverInput {
        /// Which input would be hit, and what to do.
        message: String,
    },
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

/// Writes `outcome` into `dir` (created when missing) as the command line does:
/// - `schedule.csv`, `shipments.csv`, `unplanned.csv`: the plan (see the README's plan formats);
/// - `kpis.json`: the outcome serialised (with `out_dir` set to `dir`);
/// - `plan.html`: the plan page;
/// - for a re-plan also `diff.csv` (one row per operation of either plan) and `instance/`, the
///   instance after the events as an instance folder, so that `takt check instance/ schedule.csv`
///   judges the re-plan against the facts it was made for.
///
/// Sets `outcome.out_dir`. Returns the paths written.
///
/// # Errors
/// [`PublishError::NoPlan`] for an outcome without a plan (then nothing is written);
/// [`PublishError::Write`] when a file cannot be written.
pub fn publish(outcome: &mut Outcome, dir: &Path) -> Result<Vec<PathBuf>, PublishError> {
    let Some(schedule) = &outcome.schedule else {
        return Err(PublishError::NoPlan {
            status: outcome.status,
        });
    };
    let Some(kpis) = &outcome.kpis else {
        return Err(PublishError::NoPlan {
            status: outcome.status,
        });
    };
    let written = |path: PathBuf| move |source| PublishError::Write { path, source };
    let instance = &outcome.instance;
    write_plan(instance, schedule, dir).map_err(written(dir.to_path_buf()))?;
    let mut paths: Vec<PathBuf> = PUBLISHED_FILES.iter().map(|f| dir.join(f)).collect();
    let view = outcome
        .replan
        .as_ref()
        .map(|facts| DiffView::of_replan(instance, facts));
    let page = dir.join("plan.html");
    write_html(instance, schedule, kpis, view.as_ref(), &page).map_err(|e| match e {
        crate::report::ReportError::Write { path, source } => PublishError::Write { path, source },
    })?;
    if let Some(facts) = &outcome.replan {
        let diff = dir.join("diff.csv");
        write_diff(instance, &facts.diff, &diff).map_err(written(diff.clone()))?;
        let folder = dir.join("instance");
        write_instance_folder(instance, &folder).map_err(written(folder.clone()))?;
        paths.extend([diff, folder]);
    }
    outcome.out_dir = Some(dir.to_path_buf());
    let json = serde_json::to_string_pretty(&*outcome).map_err(|e| PublishError::Write {
        path: dir.join("kpis.json"),
        source: std::io::Error::other(e),
    })?;
    let kpis_path = dir.join("kpis.json");
    std::fs::write(&kpis_path, json + "\n").map_err(written(kpis_path.clone()))?;
    Ok(paths)
}

/// What a run read, so that publishing never lands on it.
#[derive(Clone, Debug, Default)]
pub struct ReadPaths {
    /// Files the run read (an events file, a published plan's files, a benchmark file).
    pub files: Vec<PathBuf>,
    /// Folders the run read whole (an instance folder).
    pub folders: Vec<PathBuf>,
}

/// Refuses an output folder where [`publish`] would overwrite a file the run read, write into a
/// folder it read whole (which would then no longer read as an instance), or replace a folder it
/// read (a re-plan's `instance/`). Call it before the run, so that nothing is computed in vain.
///
/// # Errors
/// [`PublishError::OutputOverInput`] naming the input and what to do.
pub fn check_output_folder(dir: &Path, read: &ReadPaths, replan: bool) -> Result<(), PublishError> {
    let out = canonical(dir);
    let refuse = |input: &Path, why: &str| {
        Err(PublishError::OutputOverInput {
            message: format!(
                "the output folder {} {why} {}, which this run reads; choose another --out                  (nothing was written)",
                dir.display(),
                input.display()
            ),
        })
    };
    let mut written: Vec<PathBuf> = PUBLISHED_FILES.iter().map(|f| out.join(f)).collect();
    if replan {
        written.extend(REPLAN_FILES.iter().map(|f| out.join(f)));
    }
    for file in &read.files {
        let path = canonical(file);
        if written.iter().any(|w| path == *w || path.starts_with(w)) {
            return refuse(file, "would overwrite");
        }
    }
    for folder in &read.folders {
        let path = canonical(folder);
        if out.starts_with(&path) {
            return refuse(folder, "lies in the instance folder");
        }
        if written.iter().any(|w| path.starts_with(w)) {
            return refuse(folder, "would replace");
        }
    }
    Ok(())
}

/// The absolute, symlink-free form of `path` as far as it exists, with the rest appended.
fn canonical(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(found) = existing.canonicalize() {
            let mut full = found;
            for part in rest.iter().rev() {
                full.push(part);
            }
            return full;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}
