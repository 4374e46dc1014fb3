//! A price spike as re-planning events: every energy price of a site multiplied by a factor during
//! a window, written as one `price_change` event per tariff period the window overlaps (a
//! `price_change` replaces the prices in its window, so one event per period keeps the tariff's
//! shape). Minutes no period covers cost nothing before and after.

use crate::model::{Tariff, Window};
use crate::replan::Event;

/// The events that multiply `site`'s prices (its `tariff`) by `factor` during `window`.
pub(crate) fn spike_events(site: &str, tariff: &Tariff, window: Window, factor: f64) -> Vec<Event> {
    tariff
        .periods
        .iter()
        .filter(|(w, _)| w.overlaps(&window))
        .map(|(w, price)| Event::PriceChange {
            site: site.to_string(),
            window: Window::new(w.start.max(window.start), w.end.min(window.end)),
            price_per_kwh: price * factor,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spike_multiplies_each_period_it_overlaps_within_its_window() {
        let tariff = Tariff {
            periods: vec![
                (Window::new(0, 60), 0.1),
                (Window::new(60, 120), 0.3),
                (Window::new(200, 300), 0.2),
            ],
        };
        let events = spike_events("A", &tariff, Window::new(30, 90), 3.0);
        let got: Vec<(Window, f64)> = events
            .iter()
            .map(|e| match e {
                Event::PriceChange {
                    window,
                    price_per_kwh,
                    ..
                } => (*window, (*price_per_kwh * 1e9).round() / 1e9),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            got,
            vec![(Window::new(30, 60), 0.3), (Window::new(60, 90), 0.9)]
        );
        assert!(spike_events("A", &tariff, Window::new(120, 200), 3.0).is_empty());
    }
}
