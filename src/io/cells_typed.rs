//! Typed access to the cells of one table row; every bad value becomes an [`InputError`] placed at
//! the row's file, line and column.

use super::cells::{CellError, Range, parse_decimal, parse_integer, parse_minutes};
use super::error::InputError;
use super::invisible::invisible_hint;
use super::table::Row;
use super::time_value::parse_time;
use crate::model::ErrorCode;
use crate::model::Minutes;
use chrono::NaiveDateTime;

/// The cells of one row, read as typed values. Each reader returns `None` when the value is bad or a
/// required value is blank, after recording the problem; the `*_or` readers give a default for a
/// blank cell and the `maybe_*` readers give `Some(None)` for a blank cell.
pub struct Cells<'t, 'e> {
    row: Row<'t>,
    errors: &'e mut Vec<InputError>,
}

/// A whole number within `range` that fits `u32`.
fn parse_count(text: &str, range: Range) -> Result<u32, CellError> {
    let value = parse_integer(text, range)?;
    u32::try_from(value).map_err(|_| {
        CellError::new(
            ErrorCode::OutOfRange,
            format!("'{text}' is more than the {} takt reads", u32::MAX),
            "use a smaller number (split a large order into several orders)",
        )
    })
}

impl<'t, 'e> Cells<'t, 'e> {
    pub(super) fn new(row: Row<'t>, errors: &'e mut Vec<InputError>) -> Self {
        Self { row, errors }
    }

    /// The error list problems go to, to record a problem the typed readers cannot see (an unknown
    /// name, a misplaced cell).
    pub(crate) fn errors(&mut self) -> &mut Vec<InputError> {
        self.errors
    }

    fn fail(&mut self, column: &str, e: CellError) {
        self.errors
            .push(self.row.error(column, e.code, e.message, e.hint));
    }

    pub(super) fn maybe<T>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, CellError>,
    ) -> Option<Option<T>> {
        let text = self.row.text(column);
        if text.is_empty() {
            return Some(None);
        }
        match parse(text) {
            Ok(value) => Some(Some(value)),
            Err(mut e) => {
                if let Some(invisible) = invisible_hint(text) {
                    e.hint = format!("{invisible}; {}", e.hint);
                }
                self.fail(column, e);
                None
            }
        }
    }

    fn required<T>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, CellError>,
    ) -> Option<T> {
        match self.maybe(column, parse) {
            Some(Some(value)) => Some(value),
            Some(None) => {
                let e = CellError::new(
                    ErrorCode::MissingValue,
                    format!("the required value '{column}' is empty"),
                    format!("fill in '{column}' on this row"),
                );
                self.fail(column, e);
                None
            }
            None => None,
        }
    }

    /// A required non-empty text such as an id or a reference.
    pub fn id(&mut self, column: &str) -> Option<&'t str> {
        self.required(column, |_| Ok(()))?;
        Some(self.row.text(column))
    }

    /// An optional text; `None` when blank.
    pub fn text(&self, column: &str) -> Option<&'t str> {
        Some(self.row.text(column)).filter(|t| !t.is_empty())
    }

    /// A required decimal number within `range`.
    pub fn decimal(&mut self, column: &str, range: Range) -> Option<f64> {
        self.required(column, |t| parse_decimal(t, range))
    }

    /// An optional decimal number within `range`, `default` when blank.
    pub fn decimal_or(&mut self, column: &str, default: f64, range: Range) -> Option<f64> {
        self.maybe_decimal(column, range)
            .map(|v| v.unwrap_or(default))
    }

    /// An optional decimal number within `range`; `Some(None)` when blank.
    pub fn maybe_decimal(&mut self, column: &str, range: Range) -> Option<Option<f64>> {
        self.maybe(column, |t| parse_decimal(t, range))
    }

    /// A required whole number within `range`.
    pub fn integer(&mut self, column: &str, range: Range) -> Option<i64> {
        self.required(column, |t| parse_integer(t, range))
    }

    /// An optional whole number within `range`; `Some(None)` when blank.
    pub fn maybe_integer(&mut self, column: &str, range: Range) -> Option<Option<i64>> {
        self.maybe(column, |t| parse_integer(t, range))
    }

    /// A required duration in whole minutes `>= 0`.
    pub fn minutes(&mut self, column: &str) -> Option<Minutes> {
        self.required(column, parse_minutes)
    }

    /// An optional duration in whole minutes `>= 0`, `default` when blank.
    pub fn minutes_or(&mut self, column: &str, default: Minutes) -> Option<Minutes> {
        self.maybe(column, parse_minutes)
            .map(|v| v.unwrap_or(default))
    }

    /// A required whole number within `range` that fits `u32` (quantities, step numbers,
    /// capacities): `OUT_OF_RANGE` beyond 4294967295.
    pub fn count(&mut self, column: &str, range: Range) -> Option<u32> {
        self.required(column, |text| parse_count(text, range))
    }

    /// An optional [`Cells::count`]; `Some(None)` when blank.
    pub fn maybe_count(&mut self, column: &str, range: Range) -> Option<Option<u32>> {
        self.maybe(column, |text| parse_count(text, range))
    }

    /// A required duration in whole minutes `> 0`.
    pub fn positive_minutes(&mut self, column: &str) -> Option<Minutes> {
        self.required(column, |text| {
            let value = parse_minutes(text)?;
            Range::Positive.check(value as f64, text)?;
            Ok(value)
        })
    }

    /// A required time (minutes or ISO date-time against `plan_start`).
    pub fn time(&mut self, column: &str, plan_start: Option<NaiveDateTime>) -> Option<Minutes> {
        self.required(column, |t| parse_time(t, plan_start))
    }

    /// An optional time, `default` when blank.
    pub fn time_or(
        &mut self,
        column: &str,
        default: Minutes,
        plan_start: Option<NaiveDateTime>,
    ) -> Option<Minutes> {
        self.maybe_time(column, plan_start)
            .map(|v| v.unwrap_or(default))
    }

    /// An optional time; `Some(None)` when blank.
    pub fn maybe_time(
        &mut self,
        column: &str,
        plan_start: Option<NaiveDateTime>,
    ) -> Option<Option<Minutes>> {
        self.maybe(column, |t| parse_time(t, plan_start))
    }
}
