//! Input errors rendered with the offending line of the file shown (by `ariadne`), the cell of the
//! named column underlined, and the hint below: an extra to the one-line `Display` form, for
//! terminals and editors.

use super::error::InputError;
use ariadne::{Config, IndexType, Label, Report, ReportKind, Source};
use std::ops::Range;

impl InputError {
    /// The error as a short report showing its line of `source` (the text of the file it names),
    /// with the cell of its column underlined when the file is a CSV table with that column:
    ///
    /// ```text
    /// [NOT_A_NUMBER] Error: 'ten' is not a number
    ///    ╭─[ orders.csv:3:10 ]
    ///    │
    ///  3 │ O2,P,ten
    ///    │      ─┬─
    ///    │       ╰─── column 'quantity'
    ///    │
    ///    │ Help: write a decimal number such as 12, 0.5 or 1e3
    /// ───╯
    /// ```
    ///
    /// Without a line (or when `source` has fewer lines) the report shows no snippet. Plain text,
    /// no colours.
    pub fn render_with_source(&self, source: &str) -> String {
        let name = self.file.display().to_string();
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let span = self
            .line
            .and_then(|line| line_span(source, line))
            .map(|line| {
                self.column
                    .as_deref()
                    .and_then(|column| cell_span(source, line.clone(), column))
                    .unwrap_or(line)
            });
        let config = Config::default()
            .with_color(false)
            .with_index_type(IndexType::Byte);
        let at = span.clone().unwrap_or(0..0);
        let mut report = Report::build(ReportKind::Error, (name.clone(), at))
            .with_config(config)
            .with_code(self.code)
            .with_message(&self.message);
        if let Some(span) = span {
            let label = match &self.column {
                Some(column) => format!("column '{column}'"),
                None => "here".to_string(),
            };
            report = report.with_label(Label::new((name.clone(), span)).with_message(label));
        }
        if !self.hint.is_empty() {
            report = report.with_help(&self.hint);
        }
        let mut out = Vec::new();
        let written = report
            .finish()
            .write((name, Source::from(source)), &mut out);
        match written {
            Ok(()) => String::from_utf8_lossy(&out).into_owned(),
            // Writing to a Vec does not fail; keep the one-line form if it ever does.
            Err(_) => self.to_string(),
        }
    }
}

/// The byte range of 1-based `line` (without its line break).
fn line_span(source: &str, line: usize) -> Option<Range<usize>> {
    let mut start = 0;
    for (i, text) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let content = text.trim_end_matches(['\n', '\r']);
            return Some(start..start + content.len());
        }
        start += text.len();
    }
    None
}

/// The byte range of the cell of `column` on the line at `line`, when the first non-comment line
/// of `source` is a header naming `column`.
fn cell_span(source: &str, line: Range<usize>, column: &str) -> Option<Range<usize>> {
    let header = source
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let index = cells(header, 0)
        .iter()
        .position(|c| header[c.clone()].trim().trim_matches('"') == column)?;
    let span = cells(&source[line.clone()], line.start).get(index)?.clone();
    (!span.is_empty()).then_some(span)
}

/// The byte ranges of the comma-separated cells of `line` (quotes respected), offset by `offset`.
fn cells(line: &str, offset: usize) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                spans.push(offset + start..offset + i);
                start = i + 1;
            }
            _ => {}
        }
    }
    spans.push(offset + start..offset + line.len());
    spans
}

#[cfg(test)]
mod tests {
    use crate::io::{InputError, Source, read_instance_files};
    use crate::model::ErrorCode;

    #[test]
    fn the_offending_cell_is_shown_under_its_line_with_the_hint() {
        let orders = "id,product,quantity\nO1,P,1\nO2,P,ten\n";
        let errors = read_instance_files(
            "r",
            &[
                ("machines.csv", "id\nM1\n"),
                ("routings.csv", "product,step,machine,setup\nP,1,M1,5\n"),
                ("orders.csv", orders),
            ],
        )
        .unwrap_err();
        let e = &errors.0[0];
        let shown = e.render_with_source(orders);
        assert!(shown.contains("[NOT_AN_INTEGER]"), "{shown}");
        assert!(shown.contains("O2,P,ten"), "{shown}");
        assert!(shown.contains("column 'quantity'"), "{shown}");
        assert!(shown.contains("orders.csv:3:6"), "{shown}");
        assert!(shown.contains(&e.hint), "{shown}");
        // The one-line form is unchanged.
        assert!(
            e.to_string()
                .starts_with("orders.csv:3: column 'quantity': error[NOT_AN_INTEGER]: 'ten'"),
            "{e}"
        );
    }

    #[test]
    fn errors_without_a_line_render_without_a_snippet() {
        let e = InputError::new(
            "x.csv",
            ErrorCode::EmptyFile,
            "the file has no header",
            "add one",
        );
        let shown = e.render_with_source("");
        assert!(shown.contains("the file has no header"), "{shown}");
        let jsp = Source::new("j.jsp", "1 1\n0 x\n");
        let e = crate::io::parse_jsp(&jsp).unwrap_err().0.remove(0);
        let shown = e.render_with_source("1 1\n0 x\n");
        assert!(shown.contains("0 x"), "{shown}");
    }
}
