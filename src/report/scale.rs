//! The time axis: which minutes the chart shows, where a minute lands in pixels at zoom 1, the tick
//! marks at every zoom level, and how times and durations read in labels and tooltips.

use crate::model::Minutes;
use chrono::{NaiveDateTime, Timelike};

/// Width of the time area at zoom 1, in pixels. The page's script fits it to the window on load.
pub const BASE_WIDTH: f64 = 1200.0;
/// Ticks closer than this (pixels) at the current zoom are hidden.
const MIN_TICK_SPACING: f64 = 90.0;
/// At most this many ticks are written, whatever the horizon.
const MAX_TICKS: i64 = 1500;
/// Tick spacings in minutes, finest first. Each is a multiple of the one before, so that the ticks of
/// a coarser step are always among those of a finer one and shown ticks never crowd.
const TICK_STEPS: [Minutes; 11] = [1, 5, 15, 30, 60, 180, 360, 720, 1440, 10080, 40320];

/// Maps minutes to pixels at zoom 1 and formats times for people.
#[derive(Clone, Debug)]
pub struct TimeScale {
    /// First minute shown.
    pub from: Minutes,
    /// First minute after the shown range (> `from`).
    pub to: Minutes,
    /// Date-time of minute 0, when the instance has one.
    pub plan_start: Option<NaiveDateTime>,
}

/// One tick mark on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// The minute it marks.
    pub at: Minutes,
    /// Smallest zoom factor at which it is shown (1 = the whole horizon in [`BASE_WIDTH`]).
    pub min_zoom: f64,
    /// Its label.
    pub label: String,
    /// True at midnight (with a plan start) or at whole days of minutes (without), drawn stronger.
    pub day: bool,
}

impl TimeScale {
    /// A scale showing `[from, to)`; an empty range is widened to one hour.
    pub fn new(from: Minutes, to: Minutes, plan_start: Option<NaiveDateTime>) -> Self {
        Self {
            from,
            to: to.max(from.saturating_add(60)),
            plan_start,
        }
    }

    /// Pixels per minute at zoom 1.
    pub fn px_per_minute(&self) -> f64 {
        BASE_WIDTH / (self.to - self.from) as f64
    }

    /// The x position of minute `t` at zoom 1, clamped to the shown range.
    pub fn x(&self, t: Minutes) -> f64 {
        (t.clamp(self.from, self.to) - self.from) as f64 * self.px_per_minute()
    }

    /// The width of `[start, end)` at zoom 1 after clamping both ends to the shown range.
    pub fn width(&self, start: Minutes, end: Minutes) -> f64 {
        (self.x(end) - self.x(start)).max(0.0)
    }

    /// The largest useful zoom factor: one minute about 8 pixels wide.
    pub fn max_zoom(&self) -> f64 {
        (8.0 / self.px_per_minute()).max(1.0)
    }

    /// Minutes from midnight of the plan start's day to minute 0, so that ticks fall on the clock's
    /// round hours; 0 without a plan start.
    fn clock_offset(&self) -> Minutes {
        self.plan_start.map_or(0, |s| {
            Minutes::from(s.hour()) * 60 + Minutes::from(s.minute())
        })
    }

    /// Ticks at every zoom level: each minute that falls on a round step gets one tick, shown from the
    /// zoom at which its coarsest step is at least [`MIN_TICK_SPACING`] pixels apart.
    pub fn ticks(&self) -> Vec<Tick> {
        let span = self.to - self.from;
        let ppm = self.px_per_minute();
        // Steps too fine to show even at the largest zoom are left out.
        let finest = TICK_STEPS
            .iter()
            .copied()
            .find(|&step| {
                span / step <= MAX_TICKS && step as f64 * ppm * self.max_zoom() >= MIN_TICK_SPACING
            })
            .unwrap_or(span.max(1));
        let offset = self.clock_offset();
        let first = (self.from + offset).div_euclid(finest) * finest - offset;
        let mut ticks = Vec::new();
        let mut at = if first < self.from {
            first + finest
        } else {
            first
        };
        while at <= self.to {
            let clock = at + offset;
            let coarsest = TICK_STEPS
                .iter()
                .rev()
                .copied()
                .find(|&step| step >= finest && clock.rem_euclid(step) == 0)
                .unwrap_or(finest);
            ticks.push(Tick {
                at,
                min_zoom: (MIN_TICK_SPACING / (coarsest as f64 * ppm)).max(1.0),
                label: self.tick_label(at),
                day: clock.rem_euclid(1440) == 0,
            });
            at += finest;
        }
        ticks
    }

    /// A short axis label: the date at midnight and the clock time otherwise (with a plan start),
    /// or minutes.
    fn tick_label(&self, t: Minutes) -> String {
        match crate::io::date_time_at(self.plan_start, t) {
            Some(at) if at.hour() == 0 && at.minute() == 0 => at.format("%a %d %b").to_string(),
            Some(at) => at.format("%H:%M").to_string(),
            None => t.to_string(),
        }
    }

    /// A time for tooltips and tables: `Mon 03 Mar 06:00` with a plan start, `t=480` without.
    pub fn time(&self, t: Minutes) -> String {
        match crate::io::date_time_at(self.plan_start, t) {
            Some(at) => at.format("%a %d %b %H:%M").to_string(),
            None => format!("t={t}"),
        }
    }
}

/// A duration for people: `45 min`, `2 h 05 min`, `3 d 4 h 00 min`.
pub fn duration(minutes: Minutes) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    let (d, h, mm) = (m / 1440, m % 1440 / 60, m % 60);
    match (d, h) {
        (0, 0) => format!("{sign}{mm} min"),
        (0, _) => format!("{sign}{h} h {mm:02} min"),
        _ => format!("{sign}{d} d {h} h {mm:02} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monday_six() -> Option<NaiveDateTime> {
        crate::io::parse_date_time("2025-03-03T06:00")
    }

    #[test]
    fn minutes_map_linearly_onto_the_base_width_and_clamp_outside() {
        let s = TimeScale::new(0, 600, None);
        assert_eq!(s.x(0), 0.0);
        assert_eq!(s.x(300), BASE_WIDTH / 2.0);
        assert_eq!(s.x(900), BASE_WIDTH);
        assert_eq!(s.width(-100, 60), BASE_WIDTH / 10.0);
    }

    #[test]
    fn ticks_fall_on_round_clock_hours_and_midnight_shows_the_date() {
        // 06:00 to 06:00 next day: hourly ticks exist, midnight is labelled with the date.
        let s = TimeScale::new(0, 1440, monday_six());
        let ticks = s.ticks();
        let midnight = ticks.iter().find(|t| t.at == 18 * 60).unwrap();
        assert_eq!(midnight.label, "Tue 04 Mar");
        assert!(midnight.day);
        let nine = ticks.iter().find(|t| t.at == 180).unwrap();
        assert_eq!(nine.label, "09:00");
        // Finer ticks only show when zoomed in further than coarser ones, and none is finer than
        // the largest zoom can show.
        let quarter = ticks.iter().find(|t| t.at == 15).unwrap();
        assert!(quarter.min_zoom > nine.min_zoom);
        assert!(ticks.iter().all(|t| t.min_zoom <= s.max_zoom()));
        assert!(ticks.iter().all(|t| t.at % 15 == 0));
        assert!(ticks.iter().all(|t| t.at >= 0 && t.at <= 1440));
    }

    #[test]
    fn every_tick_step_divides_the_next_so_visible_ticks_never_crowd() {
        assert!(TICK_STEPS.windows(2).all(|w| w[1] % w[0] == 0));
        // At any zoom, two shown ticks are at least the minimum spacing apart.
        let s = TimeScale::new(0, 40_000, monday_six());
        let ticks = s.ticks();
        for zoom in [1.0, 1.7, 4.0, 13.0, 60.0] {
            let shown: Vec<f64> = ticks
                .iter()
                .filter(|t| t.min_zoom <= zoom)
                .map(|t| s.x(t.at) * zoom)
                .collect();
            assert!(
                shown
                    .windows(2)
                    .all(|w| w[1] - w[0] >= MIN_TICK_SPACING - 1e-6),
                "zoom {zoom}"
            );
        }
    }

    #[test]
    fn the_number_of_ticks_is_bounded_on_long_horizons() {
        let s = TimeScale::new(0, 5_000_000, None);
        assert!(s.ticks().len() as i64 <= MAX_TICKS + 1);
    }

    #[test]
    fn times_read_as_dates_with_a_plan_start_and_as_minutes_without() {
        assert_eq!(
            TimeScale::new(0, 60, monday_six()).time(90),
            "Mon 03 Mar 07:30"
        );
        assert_eq!(TimeScale::new(0, 60, None).time(90), "t=90");
        assert_eq!(duration(45), "45 min");
        assert_eq!(duration(125), "2 h 05 min");
        assert_eq!(duration(-1500), "-1 d 1 h 00 min");
    }
}
