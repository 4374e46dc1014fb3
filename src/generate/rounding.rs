//! Rounding helpers that keep generated numbers readable in CSV files.

use crate::model::Minutes;

/// `x` rounded to the nearest multiple of `step` (a power-of-ten fraction like 0.1 or 0.01).
pub(super) fn round_to(x: f64, step: f64) -> f64 {
    let scaled = (x / step).round();
    // Dividing by the inverse keeps 0.1-steps printing as `1.3`, not `1.3000000000000003`.
    scaled / (1.0 / step).round()
}

/// `m` rounded up to a multiple of `step` minutes.
pub(super) fn ceil_minutes(m: Minutes, step: Minutes) -> Minutes {
    m.div_euclid(step) * step + if m.rem_euclid(step) == 0 { 0 } else { step }
}

/// `m` rounded down to a multiple of `step` minutes.
pub(super) fn floor_minutes(m: Minutes, step: Minutes) -> Minutes {
    m.div_euclid(step) * step
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_keeps_short_decimal_representations() {
        assert_eq!(round_to(1.2999999, 0.1).to_string(), "1.3");
        assert_eq!(round_to(0.123456, 0.01).to_string(), "0.12");
        assert_eq!(round_to(7.26, 0.5), 7.5);
        assert_eq!(ceil_minutes(61, 15), 75);
        assert_eq!(ceil_minutes(60, 15), 60);
        assert_eq!(floor_minutes(74, 15), 60);
    }
}
