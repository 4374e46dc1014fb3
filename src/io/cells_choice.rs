//! Cells holding one word of a fixed list (a priority class, yes/no, an objective form).

use super::cells::{CellError, typo_hint};
use super::cells_typed::Cells;
use crate::model::ErrorCode;
use std::str::FromStr;
use strum::IntoEnumIterator;

/// The words a yes/no cell accepts, true ones first.
const YES: [&str; 3] = ["yes", "true", "1"];
const NO: [&str; 3] = ["no", "false", "0"];

/// Parses one of the words of an enum with strum names (case-insensitive).
pub fn parse_choice<T>(text: &str, what: &str) -> Result<T, CellError>
where
    T: FromStr + IntoEnumIterator + Into<&'static str>,
{
    T::from_str(&text.to_ascii_lowercase()).map_err(|_| {
        let words: Vec<&'static str> = T::iter().map(Into::into).collect();
        let default = format!("write one of: {}", words.join(", "));
        CellError::new(
            ErrorCode::UnknownChoice,
            format!("'{text}' is not a known {what}"),
            typo_hint(text, words.iter().copied(), &default),
        )
    })
}

/// Parses `yes`/`no` (also `true`/`false`, `1`/`0`, any case).
pub fn parse_flag(text: &str) -> Result<bool, CellError> {
    let lower = text.to_ascii_lowercase();
    if YES.contains(&lower.as_str()) {
        Ok(true)
    } else if NO.contains(&lower.as_str()) {
        Ok(false)
    } else {
        Err(CellError::new(
            ErrorCode::UnknownChoice,
            format!("'{text}' is not yes or no"),
            "write yes or no (or true/false, 1/0)",
        ))
    }
}

impl Cells<'_, '_> {
    /// A word of the enum `T`, `default` when blank; `None` when bad (recorded).
    pub fn choice_or<T>(&mut self, column: &str, default: T, what: &str) -> Option<T>
    where
        T: FromStr + IntoEnumIterator + Into<&'static str>,
    {
        self.maybe(column, |t| parse_choice(t, what))
            .map(|v| v.unwrap_or(default))
    }

    /// A yes/no cell, `false` when blank; `None` when bad (recorded).
    pub fn flag(&mut self, column: &str) -> Option<bool> {
        self.maybe(column, parse_flag).map(|v| v.unwrap_or(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Priority;

    #[test]
    fn choices_read_any_case_and_suggest_the_closest_word() {
        assert_eq!(
            parse_choice::<Priority>("HIGH", "priority"),
            Ok(Priority::High)
        );
        let e = parse_choice::<Priority>("hihg", "priority").unwrap_err();
        assert_eq!(e.code, ErrorCode::UnknownChoice);
        assert!(e.hint.contains("high"), "{}", e.hint);
    }

    #[test]
    fn flags_read_yes_no_true_false_and_digits() {
        assert_eq!(parse_flag("Yes"), Ok(true));
        assert_eq!(parse_flag("0"), Ok(false));
        assert_eq!(
            parse_flag("maybe").unwrap_err().code,
            ErrorCode::UnknownChoice
        );
    }
}
