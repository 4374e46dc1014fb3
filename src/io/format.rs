//! Choosing the reader for an instance path: CSV folder, classic job shop or flexible job shop.

use super::error::InputErrors;
use crate::model::Instance;
use std::path::Path;

/// The input formats takt reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// An instance folder with one CSV file per entity.
    Csv,
    /// A classic job shop benchmark file (`n m`, then `machine time` pairs, machines 0-based).
    Jsp,
    /// A Brandimarte flexible job shop file (`.fjs`, machines 1-based).
    Fjs,
}

impl Format {
    /// The format of `path` when none is given: a folder is CSV, `*.fjs` is FJS, anything else JSP.
    pub fn detect(path: &Path) -> Format {
        if path.is_dir() {
            Format::Csv
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("fjs"))
        {
            Format::Fjs
        } else {
            Format::Jsp
        }
    }
}

/// Reads an instance in `format`, or in the format [`Format::detect`] infers from the path.
///
/// # Errors
/// Every problem of every file, with file, line and column (see [`super::read_instance_folder`],
/// [`super::read_jsp`] and [`super::read_fjs`]).
pub fn load_instance(path: &Path, format: Option<Format>) -> Result<Instance, InputErrors> {
    match format.unwrap_or_else(|| Format::detect(path)) {
        Format::Csv => super::read_instance_folder(path),
        Format::Jsp => super::read_jsp(path),
        Format::Fjs => super::read_fjs(path),
    }
}
