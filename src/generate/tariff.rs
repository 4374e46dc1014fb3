//! Time-of-use energy prices: a day, evening peak and night price for every day of the horizon.

use super::layout::Layout;
use super::rounding::round_to;
use super::{GenRng, START_HOUR};
use crate::model::{InstanceBuilder, Minutes, PricePeriod, Window};
use rand::RngExt;

/// Clock hour at which the evening peak starts.
const PEAK_FROM: i64 = 17;
/// Clock hour at which the night tariff starts.
const NIGHT_FROM: i64 = 21;
/// Night price relative to the day price.
const NIGHT_FACTOR: f64 = 0.55;
/// Evening peak price relative to the day price.
const PEAK_FACTOR: f64 = 1.9;
/// Weekend price relative to a weekday's.
const WEEKEND_FACTOR: f64 = 0.85;

/// Adds prices for every plant over three times the estimated horizon (and an open-ended day price
/// after that): each day from START_HOUR runs day price until the evening peak, the peak until the
/// night and the cheap night until the next morning. Days vary a little; weekends are cheaper.
pub(super) fn build(layout: &Layout, horizon: Minutes, rng: &mut GenRng, b: &mut InstanceBuilder) {
    let days = 3 * horizon / 1440 + 2;
    let peak = (PEAK_FROM - START_HOUR) * 60;
    let night = (NIGHT_FROM - START_HOUR) * 60;
    for &site in &layout.plants {
        let base: f64 = rng.random_range(0.10..0.16);
        for day in 0..days {
            // Minute 0 is a Monday morning.
            let weekend = if day % 7 >= 5 { WEEKEND_FACTOR } else { 1.0 };
            let price = base * weekend * rng.random_range(0.9..1.1);
            let at = day * 1440;
            for (from, to, factor) in [
                (0, peak, 1.0),
                (peak, night, PEAK_FACTOR),
                (night, 1440, NIGHT_FACTOR),
            ] {
                b.add_price(PricePeriod {
                    site,
                    window: Window::new(at + from, at + to),
                    price_per_kwh: round_to(price * factor, 0.001),
                });
            }
        }
        b.add_price(PricePeriod {
            site,
            window: Window::new(days * 1440, Minutes::MAX),
            price_per_kwh: round_to(base, 0.001),
        });
    }
}
