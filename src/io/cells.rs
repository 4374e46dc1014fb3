//! Parsers for single cell values: ids, integers, decimals and minutes, each failing with a stable code.

/// Why a cell's text is not a valid value: a stable code, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    /// Stable upper-case code, e.g. `NOT_A_NUMBER`.
    pub code: &'static str,
    /// What is wrong, quoting the text.
    pub message: String,
    /// What would fix it.
    pub hint: String,
}

impl CellError {
    /// A cell error from its parts.
    pub fn new(code: &'static str, message: impl Into<String>, hint: impl Into<String>) -> Self {
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
    pub fn check(self, value: f64, text: &str) -> Result<(), CellError> {
        match self {
            Range::NonNegative if value < 0.0 => Err(CellError::new(
                "NEGATIVE_VALUE",
                format!("'{text}' is negative"),
                "use a value >= 0",
            )),
            Range::Positive if value <= 0.0 => Err(CellError::new(
                "NOT_POSITIVE",
                format!("'{text}' is not positive"),
                "use a value > 0",
            )),
            _ => Ok(()),
        }
    }
}

/// A finite decimal number such as `12`, `0.5` or `1e3`.
pub fn parse_decimal(text: &str, range: Range) -> Result<f64, CellError> {
    let value: f64 = text.parse().map_err(|_| {
        CellError::new(
            "NOT_A_NUMBER",
            format!("'{text}' is not a number"),
            "write a decimal number such as 12, 0.5 or 1e3",
        )
    })?;
    if !value.is_finite() {
        return Err(CellError::new(
            "NOT_A_NUMBER",
            format!("'{text}' is not a finite number"),
            "write a decimal number such as 12, 0.5 or 1e3",
        ));
    }
    range.check(value, text)?;
    Ok(value)
}

/// A whole number such as `12` or `-3`.
pub fn parse_integer(text: &str, range: Range) -> Result<i64, CellError> {
    let value: i64 = text.parse().map_err(|_| {
        let hint = if text.parse::<f64>().is_ok() {
            "write a whole number without a fraction or exponent, e.g. 12"
        } else {
            "write a whole number such as 12"
        };
        CellError::new(
            "NOT_AN_INTEGER",
            format!("'{text}' is not a whole number"),
            hint,
        )
    })?;
    range.check(value as f64, text)?;
    Ok(value)
}

/// A duration in whole minutes, `>= 0`.
pub fn parse_minutes(text: &str) -> Result<i64, CellError> {
    parse_integer(text, Range::NonNegative).map_err(|mut e| {
        if e.code == "NOT_AN_INTEGER" {
            e.hint = "write whole minutes such as 30".into();
        }
        e
    })
}

/// The closest of `candidates` to `text` when it is a likely typo (edit distance at most 2).
pub fn closest<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(text, c), c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
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
            "NOT_A_NUMBER"
        );
        assert_eq!(
            parse_decimal("inf", Range::Any).unwrap_err().code,
            "NOT_A_NUMBER"
        );
        assert_eq!(
            parse_decimal("-1", Range::NonNegative).unwrap_err().code,
            "NEGATIVE_VALUE"
        );
        assert_eq!(
            parse_decimal("0", Range::Positive).unwrap_err().code,
            "NOT_POSITIVE"
        );
    }

    #[test]
    fn integers_reject_fractions_with_a_hint() {
        assert_eq!(parse_integer("-3", Range::Any), Ok(-3));
        let e = parse_integer("2.5", Range::Any).unwrap_err();
        assert_eq!(e.code, "NOT_AN_INTEGER");
        assert!(e.hint.contains("without a fraction"));
        assert_eq!(parse_minutes("-1").unwrap_err().code, "NEGATIVE_VALUE");
    }

    #[test]
    fn typos_suggest_the_closest_name() {
        assert_eq!(
            closest("machine.csv", ["machines.csv", "orders.csv"]),
            Some("machines.csv")
        );
        assert_eq!(closest("zzz", ["machines.csv"]), None);
    }
}
