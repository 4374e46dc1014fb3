//! A small CSV file writer whose output the table reader reads back exactly.

use std::path::Path;

/// Files written in memory, in the order they were finished: `(file name, text)`.
pub type FileTexts = Vec<(&'static str, String)>;

/// A CSV file being written in memory; [`CsvOut::finish`] adds it to a [`FileTexts`].
pub(super) struct CsvOut {
    name: &'static str,
    text: String,
}

impl CsvOut {
    /// A file `name` that starts with the header.
    pub fn new(name: &'static str, header: &[&str]) -> CsvOut {
        let mut out = CsvOut {
            name,
            text: String::new(),
        };
        out.row(header);
        out
    }

    /// Adds one row, quoting cells that need it.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            self.text.push_str(&quote(cell.as_ref()));
        }
        self.text.push('\n');
    }

    /// The text written so far.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Adds the file to `files`.
    pub fn finish(self, files: &mut FileTexts) {
        files.push((self.name, self.text));
    }
}

/// Writes `files` into `dir` (created when missing).
pub(super) fn write_files(dir: &Path, files: &FileTexts) -> std::io::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| with_path(dir, "create the folder", e))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| with_path(&path, "write", e))?;
    }
    Ok(())
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
