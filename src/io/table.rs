//! A small table layer over the `csv` crate: header checks, comment and blank lines, trimmed cells.
//!
//! [`Table::read`] reads one CSV file against a [`Schema`]; its rows hand out typed cells through
//! [`Cells`], which records an [`InputError`] with file, line and column for every bad value instead
//! of failing, so that a reader reports every problem in one pass.

use super::cells::typo_hint;
use super::error::InputError;
use super::invisible::visible;
use super::source::Source;
use crate::model::ErrorCode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use super::cells_typed::Cells;

/// The columns a file may have.
#[derive(Clone, Copy, Debug)]
pub struct Schema<'a> {
    /// Columns that must be present (cells may still be checked one by one).
    pub required: &'a [&'a str],
    /// Columns that may be absent or blank.
    pub optional: &'a [&'a str],
}

impl Schema<'_> {
    fn knows(&self, column: &str) -> bool {
        self.required.contains(&column) || self.optional.contains(&column)
    }

    fn all(&self) -> impl Iterator<Item = &str> {
        self.required.iter().chain(self.optional).copied()
    }
}

/// One data line of a table.
#[derive(Clone, Debug)]
struct Record {
    line: usize,
    cells: Vec<String>,
}

/// A CSV file read against a [`Schema`]: the header's column positions and the data rows.
#[derive(Clone, Debug)]
pub struct Table {
    path: PathBuf,
    columns: BTreeMap<String, usize>,
    records: Vec<Record>,
}

impl Table {
    /// Reads the CSV file at `path`. Problems go to `errors`; `None` when the rows cannot be read at
    /// all (unreadable file, no header, a required column missing).
    pub fn read(path: &Path, schema: &Schema, errors: &mut Vec<InputError>) -> Option<Table> {
        match Source::from_path(path) {
            Ok(source) => Self::from_source(&source, schema, errors),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    }

    /// Reads the CSV file held in `source` (see [`Table::read`]).
    pub fn from_source(
        source: &Source,
        schema: &Schema,
        errors: &mut Vec<InputError>,
    ) -> Option<Table> {
        match source.text() {
            Ok(text) => Self::parse(&source.name, text, schema, errors),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    }

    /// Parses CSV `text` as if read from `path` (see [`Table::read`]).
    pub fn parse(
        path: &Path,
        text: &str,
        schema: &Schema,
        errors: &mut Vec<InputError>,
    ) -> Option<Table> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let cleaned = blank_out_comments(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(cleaned.as_bytes());
        // Lines are counted from byte offsets: the csv crate's own line count is one short on
        // CRLF files, and after a CRLF it may place a record's start on the '\n' that ends the
        // line before, which therefore counts as passed.
        let line_ends: Vec<usize> = cleaned.match_indices('\n').map(|(i, _)| i).collect();
        let line_of = |byte: u64| line_ends.partition_point(|&end| (end as u64) <= byte) + 1;
        let mut header: Option<(usize, Vec<String>)> = None;
        let mut records = Vec::new();
        for result in reader.records() {
            let record = match result {
                Ok(record) => record,
                Err(e) => {
                    // Defensive: the text is valid UTF-8 and rows may differ in length, so the
                    // csv crate has nothing left to reject.
                    let mut error = InputError::new(
                        path,
                        ErrorCode::UnreadableFile,
                        format!("the file cannot be read as CSV: {e}"),
                        "check quotes and separators (comma separated, RFC 4180 quoting)",
                    );
                    if let Some(pos) = e.position() {
                        error = error.at_line(line_of(pos.byte()));
                    }
                    errors.push(error);
                    return None;
                }
            };
            let line = record.position().map_or(0, |p| line_of(p.byte()));
            let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            if header.is_none() {
                header = Some((line, cells));
            } else {
                records.push(Record { line, cells });
            }
        }
        let Some((header_line, header)) = header else {
            errors.push(InputError::new(
                path,
                ErrorCode::EmptyFile,
                "the file has no header line",
                format!(
                    "start the file with the header line: {}",
                    schema.all().collect::<Vec<_>>().join(",")
                ),
            ));
            return None;
        };
        // Spreadsheets save trailing separators ("id,site,,"): empty cells after the last column
        // carry nothing, in the header as on the rows.
        let mut header = header;
        while header.len() > 1 && header.last().is_some_and(String::is_empty) {
            header.pop();
        }
        let columns = check_header(path, header_line, &header, schema, errors)?;
        let width = header.len();
        records.retain_mut(|r| {
            while r.cells.len() > width && r.cells.last().is_some_and(String::is_empty) {
                r.cells.pop();
            }
            if r.cells.len() == width {
                return true;
            }
            errors.push(
                InputError::new(
                    path,
                    ErrorCode::FieldCount,
                    format!(
                        "the row has {} cells but the header has {width} columns",
                        r.cells.len()
                    ),
                    "give every row one cell per header column (leave optional cells empty)",
                )
                .at_line(r.line),
            );
            false
        });
        Some(Table {
            path: path.to_path_buf(),
            columns,
            records,
        })
    }

    /// The file the table was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the header has the column.
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The data rows in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |r| Row {
            table: self,
            record: r,
        })
    }
}

/// Checks the header; returns the position of each known column (first occurrence), or `None` when
/// a required column is missing.
fn check_header(
    path: &Path,
    line: usize,
    header: &[String],
    schema: &Schema,
    errors: &mut Vec<InputError>,
) -> Option<BTreeMap<String, usize>> {
    let mut columns = BTreeMap::new();
    let expected = || schema.all().collect::<Vec<_>>().join(", ");
    for (i, name) in header.iter().enumerate() {
        let at = |code, message: String, hint: String| {
            InputError::new(path, code, message, hint)
                .at_line(line)
                .in_column(name.clone())
        };
        if !schema.knows(name) {
            let message = if name.is_empty() {
                format!("header column {} has no name", i + 1)
            } else {
                format!("'{}' is not a column of this file", visible(name))
            };
            let hint = typo_hint(
                name,
                schema.all(),
                &format!("remove the column; the columns are: {}", expected()),
            );
            errors.push(at(ErrorCode::UnknownColumn, message, hint));
        } else if columns.contains_key(name) {
            errors.push(at(
                ErrorCode::DuplicateColumn,
                format!("column '{name}' appears twice in the header"),
                "keep one of the two columns".into(),
            ));
        } else {
            columns.insert(name.clone(), i);
        }
    }
    let mut complete = true;
    for required in schema.required {
        if !columns.contains_key(*required) {
            complete = false;
            errors.push(
                InputError::new(
                    path,
                    ErrorCode::MissingColumn,
                    format!("required column '{required}' is missing from the header"),
                    format!(
                        "add the column '{required}'; the columns are: {}",
                        expected()
                    ),
                )
                .at_line(line)
                .in_column(*required),
            );
        }
    }
    complete.then_some(columns)
}

/// Replaces comment lines (first non-blank character `#`) and blank lines by lines holding one space,
/// leaving lines inside quoted cells alone. (The `csv` crate does not count the empty lines it skips;
/// a one-space line is a blank record, which keeps the line numbers right and is skipped later.)
fn blank_out_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_quotes = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        if !in_quotes && (content.is_empty() || content.starts_with('#')) {
            out.push_str(" \n");
            continue;
        }
        if line.matches('"').count() % 2 == 1 {
            in_quotes = !in_quotes;
        }
        out.push_str(line);
    }
    out
}

/// One data row of a [`Table`].
#[derive(Clone, Copy, Debug)]
pub struct Row<'t> {
    table: &'t Table,
    record: &'t Record,
}

impl<'t> Row<'t> {
    /// The 1-based line of the row in its file.
    pub fn line(&self) -> usize {
        self.record.line
    }

    /// The file the row comes from.
    pub fn path(&self) -> &'t Path {
        &self.table.path
    }

    /// The trimmed text of a column (empty when the column is absent or the cell blank).
    pub fn text(&self, column: &str) -> &'t str {
        self.table
            .columns
            .get(column)
            .and_then(|&i| self.record.cells.get(i))
            .map_or("", String::as_str)
    }

    /// An error placed at this row and `column`.
    pub fn error(
        &self,
        column: &str,
        code: ErrorCode,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> InputError {
        InputError::new(&self.table.path, code, message, hint)
            .at_line(self.record.line)
            .in_column(column)
    }

    /// Typed access to the cells, recording problems in `errors`.
    pub fn cells<'e>(&self, errors: &'e mut Vec<InputError>) -> Cells<'t, 'e> {
        Cells::new(*self, errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        required: &["id", "site"],
        optional: &["power_kw"],
    };

    fn parse(text: &str) -> (Option<Table>, Vec<InputError>) {
        let mut errors = Vec::new();
        let table = Table::parse(Path::new("m.csv"), text, &SCHEMA, &mut errors);
        (table, errors)
    }

    #[test]
    fn comments_blank_lines_and_spaces_are_skipped_and_lines_kept() {
        let (table, errors) = parse("# machines\n id , site\n\n  # note\nM1, A \n\"M,2\",B\n,\n");
        assert!(errors.is_empty(), "{errors:?}");
        let table = table.unwrap();
        let rows: Vec<(usize, &str, &str)> = table
            .rows()
            .map(|r| (r.line(), r.text("id"), r.text("site")))
            .collect();
        assert_eq!(rows, vec![(5, "M1", "A"), (6, "M,2", "B")]);
        assert_eq!(table.rows().next().unwrap().text("power_kw"), "");
    }

    #[test]
    fn quoted_cells_may_span_lines_that_look_like_comments() {
        let (table, errors) = parse("id,site\n\"M1\n# not a comment\",A\nM2,B\n");
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<String> = table.unwrap().rows().map(|r| r.text("id").into()).collect();
        assert_eq!(
            ids,
            vec!["M1\n# not a comment".to_string(), "M2".to_string()]
        );
    }

    #[test]
    fn header_problems_are_reported_with_their_column() {
        let (table, errors) = parse("id,powr_kw,id\nM1,3,M1\n");
        assert!(table.is_none());
        let codes: Vec<(ErrorCode, Option<&str>)> = errors
            .iter()
            .map(|e| (e.code, e.column.as_deref()))
            .collect();
        assert_eq!(
            codes,
            vec![
                (ErrorCode::UnknownColumn, Some("powr_kw")),
                (ErrorCode::DuplicateColumn, Some("id")),
                (ErrorCode::MissingColumn, Some("site")),
            ]
        );
        assert!(errors[0].hint.contains("did you mean 'power_kw'"));
    }

    #[test]
    fn crlf_line_ends_and_trailing_separators_keep_line_numbers() {
        for text in [
            "id,site\r\n# note\r\nM1,A\r\n\r\nM2,B\r\n",
            "id,site,\r\n# note,\r\nM1,A,\r\n,,\r\nM2,B,\r\n",
            "id,site\n# note\nM1,A\n\nM2,B",
        ] {
            let (table, errors) = parse(text);
            assert!(errors.is_empty(), "{errors:?}");
            let lines: Vec<usize> = table.unwrap().rows().map(|r| r.line()).collect();
            assert_eq!(lines, vec![3, 5], "{text:?}");
        }
    }

    #[test]
    fn rows_with_the_wrong_number_of_cells_are_reported() {
        let (table, errors) = parse("id,site\nM1,A,3\nM2,B\n");
        assert_eq!(table.unwrap().rows().count(), 1);
        assert_eq!(errors[0].code, "FIELD_COUNT");
        assert_eq!(errors[0].line, Some(2));
    }

    #[test]
    fn a_file_without_header_is_empty() {
        let (table, errors) = parse("# only a comment\n\n");
        assert!(table.is_none());
        assert_eq!(errors[0].code, "EMPTY_FILE");
        assert!(errors[0].hint.contains("id,site,power_kw"));
    }
}
