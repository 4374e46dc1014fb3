//! Numbers echoed back in messages: short whatever their size, so that an input of `1e300` is not
//! quoted with 300 digits.

/// `x` as short text that reads back as `x`: Rust's shortest round-trip form when it has at most
/// 10 characters (`1500`, `0.25`, `2500000000`), otherwise the shorter of that and the scientific
/// form (`1e300`, `1e15`, `2.5e-12`; `1234567890.5` stays as it is). Every reader and model rule that quotes a number from the
/// input formats it with this function.
pub fn compact_number(x: f64) -> String {
    let plain = format!("{x}");
    if plain.len() <= 10 {
        return plain;
    }
    let scientific = format!("{x:e}");
    if scientific.len() < plain.len() {
        scientific
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_and_tiny_numbers_print_in_scientific_form_and_read_back() {
        assert_eq!(compact_number(1e300), "1e300");
        assert_eq!(compact_number(-2.5e40), "-2.5e40");
        assert_eq!(compact_number(3e-20), "3e-20");
        assert_eq!(compact_number(1500.0), "1500");
        assert_eq!(compact_number(0.25), "0.25");
        assert_eq!(compact_number(2.5e9), "2500000000");
        assert_eq!(compact_number(1e15), "1e15");
        assert_eq!(compact_number(1234567890.5), "1234567890.5");
        for x in [1e300, 0.1 + 0.2, 123_456_789.123_456_79, 7e-9, f64::MAX] {
            assert_eq!(compact_number(x).parse::<f64>(), Ok(x));
        }
    }
}
