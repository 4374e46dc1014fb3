//! A small CSV file writer whose output the table reader reads back exactly.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A CSV file being written; every I/O error names the file.
pub(super) struct CsvOut {
    path: PathBuf,
    out: BufWriter<File>,
}

impl CsvOut {
    /// Creates (or truncates) `path` and writes the header.
    pub fn create(path: &Path, header: &[&str]) -> std::io::Result<CsvOut> {
        let file = File::create(path).map_err(|e| with_path(path, "create", e))?;
        let mut out = CsvOut {
            path: path.to_path_buf(),
            out: BufWriter::new(file),
        };
        out.row(header)?;
        Ok(out)
    }

    /// Writes one row, quoting cells that need it.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> std::io::Result<()> {
        let line: Vec<String> = cells.iter().map(|c| quote(c.as_ref())).collect();
        writeln!(self.out, "{}", line.join(",")).map_err(|e| with_path(&self.path, "write", e))
    }

    /// Flushes the file.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.out
            .flush()
            .map_err(|e| with_path(&self.path, "write", e))
    }
}

/// An I/O error whose message names the path and what failed.
pub(crate) fn with_path(path: &Path, action: &str, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(
        e.kind(),
        format!("cannot {action} '{}': {e}", path.display()),
    )
}

/// A cell as CSV: quoted when it holds a separator, quote or line break, or starts like a comment.
fn quote(cell: &str) -> String {
    let needs_quotes = cell.contains([',', '"', '\n', '\r']) || cell.starts_with('#');
    if needs_quotes {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// A decimal for derived figures: at most 6 decimals, no trailing zeros.
pub(super) fn decimal(x: f64) -> String {
    let text = format!("{x:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// An optional value, blank when absent.
pub(super) fn blank_or<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_needed() {
        assert_eq!(quote("M1"), "M1");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("#1"), "\"#1\"");
    }

    #[test]
    fn derived_decimals_are_short() {
        assert_eq!(decimal(0.1 + 0.2), "0.3");
        assert_eq!(decimal(12.0), "12");
        assert_eq!(decimal(-0.0000001), "0");
        assert_eq!(decimal(2.5), "2.5");
    }
}
