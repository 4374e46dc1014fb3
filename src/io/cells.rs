//! Parsers for single cell values: ids, integers, decimals and minutes, each failing with a stable code.

use super::invisible::{invisible_hint, visible};

use crate::model::ErrorCode;
/// Why a cell's text is not a valid value: a stable code, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    /// Stable upper-case code, e.g. `NOT_A_NUMBER`.
    pub code: ErrorCode,
    /// What is wrong, quoting the text.
    pub message: String,
    /// What would fix it.
    pub hint: String,
}

impl CellError {
    /// A cell error from its parts.
    pub fn new(code: ErrorCode, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Which values a numeric cell accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// Any finite value.
    Any,
    /// Values `>= 0` (code `NEGATIVE_VALUE` otherwise).
    NonNegative,
    /// Values `> 0` (code `NOT_POSITIVE` otherwise).
    Positive,
}

impl Range {
    /// Checks `value` (written as `text`) against the range.
    ///
    /// # Errors
    /// `NEGATIVE_VALUE` or `NOT_POSITIVE` when the value is outside the range.
    pub fn check(self, value: f64, text: &str) -> Result<(), CellError> {
        match self {
            Range::NonNegative if value < 0.0 => Err(CellError::new(
                ErrorCode::NegativeValue,
                format!("'{text}' is negative"),
                "use a value >= 0",
            )),
            Range::Positive if value <= 0.0 => Err(CellError::new(
                ErrorCode::NotPositive,
                format!("'{text}' is not positive"),
                "use a value > 0",
            )),
            _ => Ok(()),
        }
    }
}

/// A finite decimal number such as `12`, `0.5` or `1e3`.
///
/// # Errors
/// `NOT_A_NUMBER` for text that is not a finite decimal, or the range's code.
pub fn parse_decimal(text: &str, range: Range) -> Result<f64, CellError> {
    let value: f64 = text.parse().map_err(|_| {
        CellError::new(
            ErrorCode::NotANumber,
            format!("'{text}' is not a number"),
            "write a decimal number such as 12, 0.5 or 1e3",
        )
    })?;
    if !value.is_finite() {
        return Err(CellError::new(
            ErrorCode::NotANumber,
            format!("'{text}' is not a finite number"),
            "write a decimal number such as 12, 0.5 or 1e3",
        ));
    }
    range.check(value, text)?;
    Ok(value)
}

/// A whole number such as `12` or `-3`.
///
/// # Errors
/// `NOT_AN_INTEGER` for text that is not a whole number, `OUT_OF_RANGE` beyond `i64`, or the
/// range's code.
pub fn parse_integer(text: &str, range: Range) -> Result<i64, CellError> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<i64>().is_err()
    {
        return Err(CellError::new(
            ErrorCode::OutOfRange,
            format!("'{text}' is too large"),
            "use a smaller number; times and durations are at most 10^10 minutes",
        ));
    }
    let value: i64 = text.parse().map_err(|_| {
        let hint = if text.parse::<f64>().is_ok() {
            "write a whole number without a fraction or exponent, e.g. 12"
        } else {
            "write a whole number such as 12"
        };
        CellError::new(
            ErrorCode::NotAnInteger,
            format!("'{text}' is not a whole number"),
            hint,
        )
    })?;
    range.check(value as f64, text)?;
    Ok(value)
}

pub use crate::model::MAX_MINUTES;

/// Checks that minutes `value` (written as `text`) lie within [`MAX_MINUTES`].
pub fn check_minutes(value: i64, text: &str) -> Result<i64, CellError> {
    if !(-MAX_MINUTES..=MAX_MINUTES).contains(&value) {
        return Err(CellError::new(
            ErrorCode::OutOfRange,
            format!("'{text}' minutes is too far from the plan start"),
            format!("use at most {MAX_MINUTES} minutes"),
        ));
    }
    Ok(value)
}

/// A duration in whole minutes, `>= 0` and at most [`MAX_MINUTES`].
///
/// # Errors
/// `NOT_AN_INTEGER`, `NEGATIVE_VALUE` or `OUT_OF_RANGE` (above [`MAX_MINUTES`]).
pub fn parse_minutes(text: &str) -> Result<i64, CellError> {
    let value = parse_integer(text, Range::NonNegative).map_err(|mut e| {
        if e.code == "NOT_AN_INTEGER" {
            e.hint = "write whole minutes such as 30".into();
        }
        e
    })?;
    check_minutes(value, text)
}

/// The closest of `candidates` to `text` when it is a likely typo: at most 2 edits (insertions,
/// deletions, substitutions or swaps of neighbours, by [`strsim::osa_distance`]), and fewer edits
/// than `text` has characters (so that `Q` does not suggest `P`). Ties go to the first candidate.
pub fn closest<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = text.chars().count();
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(text, c), c))
        .filter(|(d, _)| *d <= 2 && *d < length)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The hint for a name that is not one of `known`: the invisible character `name` holds, if any,
/// then the closest known name ("did you mean 'M1'? Otherwise ...") or just `otherwise`.
pub fn typo_hint<'a>(
    name: &str,
    known: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    let mut hint = invisible_hint(name).map_or_else(String::new, |h| h + "; ");
    match closest(name, known) {
        Some(near) => hint.push_str(&format!(
            "did you mean '{}'? Otherwise {otherwise}",
            visible(near)
        )),
        None => hint.push_str(otherwise),
    }
    hint
}

/// The hint of an unknown-id error: [`typo_hint`], and when no known id is close, a few of the
/// known ids so that the user sees what the ids look like.
pub fn unknown_hint<'a>(
    name: &str,
    known: impl IntoIterator<Item = &'a str> + Clone,
    otherwise: &str,
) -> String {
    let mut hint = typo_hint(name, known.clone(), otherwise);
    if closest(name, known.clone()).is_some() {
        return hint;
    }
    let mut names: Vec<&str> = known.into_iter().collect();
    names.sort_unstable();
    names.dedup();
    const SHOWN: usize = 8;
    if !names.is_empty() {
        let listed: Vec<String> = names
            .iter()
            .take(SHOWN)
            .map(|n| format!("'{}'", visible(n)))
            .collect();
        hint.push_str(&format!(" (known: {}", listed.join(", ")));
        let more = names.len().saturating_sub(SHOWN);
        if more > 0 {
            hint.push_str(&format!(" and {more} more"));
        }
        hint.push(')');
    }
    hint
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_accept_exponents_and_reject_words_and_infinity() {
        assert_eq!(parse_decimal("1e3", Range::Any), Ok(1000.0));
        assert_eq!(parse_decimal("0.5", Range::Positive), Ok(0.5));
        assert_eq!(
            parse_decimal("abc", Range::Any).unwrap_err().code,
            ErrorCode::NotANumber
        );
        assert_eq!(
            parse_decimal("inf", Range::Any).unwrap_err().code,
            ErrorCode::NotANumber
        );
        assert_eq!(
            parse_decimal("-1", Range::NonNegative).unwrap_err().code,
            ErrorCode::NegativeValue
        );
        assert_eq!(
            parse_decimal("0", Range::Positive).unwrap_err().code,
            ErrorCode::NotPositive
        );
    }

    #[test]
    fn integers_reject_fractions_with_a_hint() {
        assert_eq!(parse_integer("-3", Range::Any), Ok(-3));
        let e = parse_integer("2.5", Range::Any).unwrap_err();
        assert_eq!(e.code, "NOT_AN_INTEGER");
        assert!(e.hint.contains("without a fraction"));
        assert_eq!(parse_minutes("-1").unwrap_err().code, "NEGATIVE_VALUE");
        assert_eq!(
            parse_minutes("99999999999").unwrap_err().code,
            ErrorCode::OutOfRange
        );
    }

    #[test]
    fn typos_suggest_the_closest_name() {
        assert_eq!(
            closest("machine.csv", ["machines.csv", "orders.csv"]),
            Some("machines.csv")
        );
        assert_eq!(closest("zzz", ["machines.csv"]), None);
        assert_eq!(closest("Q", ["P"]), None);
        assert_eq!(closest("M3", ["M1", "M2"]), Some("M1"));
        assert_eq!(closest("mahcine", ["machine", "order"]), Some("machine"));
    }
}
