//! Whitespace-separated numbers with their line and position, for the benchmark readers.

use crate::io::cells::MAX_MINUTES;
use crate::io::error::{InputError, InputErrors};
use crate::io::invisible::{invisible_hint, visible};
use crate::io::source::Source;
use crate::model::ErrorCode;
use std::path::PathBuf;

/// The largest machine count a benchmark header may declare.
pub(super) const MAX_MACHINES: i64 = 100_000;

/// One non-blank, non-comment line split into tokens.
pub(super) struct DataLine {
    /// 1-based line number in the file.
    pub line: usize,
    /// The whitespace-separated tokens.
    pub tokens: Vec<String>,
}

/// A benchmark file as data lines, collecting problems as it is read.
pub(super) struct NumberFile {
    pub path: PathBuf,
    pub lines: Vec<DataLine>,
    pub errors: Vec<InputError>,
}

impl NumberFile {
    /// Reads `source`; lines starting with `#` and blank lines are skipped. An empty file is an
    /// error; so is text that is not UTF-8 (a leading byte-order mark is skipped).
    pub fn from_source(source: &Source, layout: &str) -> Result<NumberFile, InputErrors> {
        let path = source.name.as_path();
        let text = source.text()?;
        let lines: Vec<DataLine> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            })
            .map(|(i, l)| DataLine {
                line: i + 1,
                tokens: l.split_whitespace().map(str::to_string).collect(),
            })
            .collect();
        if lines.is_empty() {
            return Err(InputError::new(
                path,
                ErrorCode::EmptyFile,
                "the file holds no data",
                format!("the file should start with {layout}"),
            )
            .into());
        }
        Ok(NumberFile {
            path: path.to_path_buf(),
            lines,
            errors: Vec::new(),
        })
    }

    /// An error at `line`.
    pub fn error(&mut self, line: usize, code: ErrorCode, message: String, hint: &str) {
        self.errors
            .push(InputError::new(&self.path, code, message, hint).at_line(line));
    }

    /// Token `index` (0-based) of data line `k` as a whole number `>= min`, `what` naming it.
    pub fn number(&mut self, k: usize, index: usize, what: &str, min: i64) -> Option<i64> {
        let line = self.lines[k].line;
        let Some(text) = self.lines[k].tokens.get(index).cloned() else {
            let count = self.lines[k].tokens.len();
            self.error(
                line,
                ErrorCode::TooFewNumbers,
                format!(
                    "the line ends after {count} numbers, but {what} (token {}) is missing",
                    index + 1
                ),
                "check the line against the format; a number may have been lost",
            );
            return None;
        };
        let Ok(value) = text.parse::<i64>() else {
            let hint = match invisible_hint(&text) {
                Some(invisible) => format!("{invisible}; benchmark files hold whole numbers only"),
                None => "benchmark files hold whole numbers only".to_string(),
            };
            self.error(
                line,
                ErrorCode::NotAnInteger,
                format!(
                    "token {} ('{}', {what}) is not a whole number",
                    index + 1,
                    visible(&text)
                ),
                &hint,
            );
            return None;
        };
        if value < min {
            self.error(
                line,
                ErrorCode::OutOfRange,
                format!(
                    "token {} ({what}) is {value}, below the smallest allowed {min}",
                    index + 1
                ),
                "check the value",
            );
            return None;
        }
        Some(value)
    }

    /// Token `index` (0-based) of data line `k` as a processing time: whole minutes from 1 to
    /// [`MAX_MINUTES`].
    pub fn minutes(&mut self, k: usize, index: usize, what: &str) -> Option<i64> {
        let value = self.number(k, index, what, 1)?;
        if value > MAX_MINUTES {
            let line = self.lines[k].line;
            self.error(
                line,
                ErrorCode::OutOfRange,
                format!(
                    "token {} ({what}) is {value} minutes, more than the {MAX_MINUTES} takt reads",
                    index + 1
                ),
                "check the value; times are whole minutes up to 10^10",
            );
            return None;
        }
        Some(value)
    }

    /// `value` (token `position`, 1-based, of data line `k`) if it is at most `max`.
    pub fn at_most(
        &mut self,
        k: usize,
        position: usize,
        value: i64,
        max: i64,
        what: &str,
    ) -> Option<i64> {
        if value <= max {
            return Some(value);
        }
        let line = self.lines[k].line;
        self.error(
            line,
            ErrorCode::OutOfRange,
            format!("token {position} declares {value} {what}, more than the {max} takt reads"),
            "check the header",
        );
        None
    }

    /// Reports tokens after position `used` on data line `k`.
    pub fn no_more_tokens(&mut self, k: usize, used: usize) {
        let count = self.lines[k].tokens.len();
        if count > used {
            let line = self.lines[k].line;
            self.error(
                line,
                ErrorCode::TooManyNumbers,
                format!(
                    "the line has {count} numbers; only {used} are expected (token {} on is extra)",
                    used + 1
                ),
                "check the line against the header's counts",
            );
        }
    }
}
