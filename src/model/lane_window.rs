//! Lane windows: times in which a lane is closed (a road closure, a strike, a lock under repair) or
//! slower (congestion, a detour), and the travel times that follow from them.
//!
//! The rule, the same for finished orders and material: a shipment **enters** a lane when it leaves
//! the lane's origin site. It may not enter during a closure; it waits at that site until the lane
//! reopens. Entering during a slower window takes the lane's transit plus the window's `extra`
//! minutes (the largest extra when several windows cover the minute). So a shipment that leaves at
//! `depart` arrives at [`LaneWindows::travel`]`(route, depart)`, and without windows at `depart` plus
//! the route's transit.

use super::{Lane, LaneId, Minutes, Window};
use serde::{Deserialize, Serialize};

/// What a lane window does to the lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LaneEffect {
    /// Nothing may enter the lane in the window.
    Closed,
    /// Entering in the window takes `extra` minutes (> 0) more than the lane's transit.
    Slower {
        /// Minutes added to the transit.
        extra: Minutes,
    },
}

/// A window in which a lane is closed or slower (`lane_windows.csv`, events `lane_closed` and
/// `lane_delayed`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LaneWindow {
    /// The lane.
    pub lane: LaneId,
    /// The minutes in which entering the lane is affected, `[start, end)`.
    pub window: Window,
    /// Closed, or slower by how much.
    pub effect: LaneEffect,
}

/// The lane windows of an instance, by lane (derived when it is built).
#[derive(Clone, Debug, Default)]
pub struct LaneWindows {
    /// `by_lane[lane]`: that lane's windows sorted by start.
    by_lane: Vec<Vec<(Window, LaneEffect)>>,
    any: bool,
}

/// Closures chained back to back are followed at most this many times (a guard; inputs have far
/// fewer windows per lane).
const MAX_CHAINED_CLOSURES: usize = 10_000;

impl LaneWindows {
    /// The windows of `windows` over `lane_count` lanes; windows of unknown lanes are ignored (the
    /// builder reports them).
    pub fn new(lane_count: usize, windows: &[LaneWindow]) -> Self {
        let mut by_lane = vec![Vec::new(); lane_count];
        for w in windows {
            if let Some(list) = by_lane.get_mut(w.lane.index()) {
                list.push((w.window, w.effect));
            }
        }
        for list in &mut by_lane {
            list.sort_by_key(|(w, _)| (w.start, w.end));
        }
        Self {
            any: by_lane.iter().any(|l| !l.is_empty()),
            by_lane,
        }
    }

    /// True when no lane has a window.
    pub fn is_empty(&self) -> bool {
        !self.any
    }

    /// The windows of `lane`, sorted by start (empty for a lane without windows).
    pub(crate) fn windows_of(&self, lane: LaneId) -> &[(Window, LaneEffect)] {
        self.by_lane.get(lane.index()).map_or(&[], Vec::as_slice)
    }

    /// The end of the last window on any lane of `route` (`None`: no window there). From then on
    /// travel is the plain transit, so leaving later only arrives later.
    pub fn last_end(&self, route: &[LaneId]) -> Option<Minutes> {
        route
            .iter()
            .flat_map(|&l| self.windows_of(l).iter().map(|(w, _)| w.end))
            .max()
    }

    /// True when some lane of `route` has a window.
    pub fn on_route(&self, route: &[LaneId]) -> bool {
        route.iter().any(|&l| self.touches(l))
    }

    /// True when `lane` has a window.
    pub fn touches(&self, lane: LaneId) -> bool {
        self.by_lane
            .get(lane.index())
            .is_some_and(|l| !l.is_empty())
    }

    /// The minute a shipment that reaches the origin of `lane` at `at` enters it (after every
    /// closure covering that minute), and the minutes it then takes (transit plus extra).
    pub fn enter(&self, lane: &Lane, id: LaneId, at: Minutes) -> (Minutes, Minutes) {
        let Some(windows) = self.by_lane.get(id.index()).filter(|l| !l.is_empty()) else {
            return (at, lane.transit);
        };
        let mut entry = at;
        for _ in 0..MAX_CHAINED_CLOSURES {
            let reopen = windows
                .iter()
                .filter(|(w, e)| *e == LaneEffect::Closed && w.start <= entry && entry < w.end)
                .map(|(w, _)| w.end)
                .max();
            match reopen {
                Some(end) => entry = end,
                None => break,
            }
        }
        let extra = windows
            .iter()
            .filter(|(w, _)| w.start <= entry && entry < w.end)
            .filter_map(|(_, e)| match e {
                LaneEffect::Slower { extra } => Some(*extra),
                LaneEffect::Closed => None,
            })
            .max()
            .unwrap_or(0);
        (entry, lane.transit.saturating_add(extra))
    }

    /// The arrival of a shipment that leaves the first lane's origin at `depart` and travels
    /// `route` (lanes in travel order), waiting where a lane is closed (module docs).
    pub fn travel(&self, lanes: &[Lane], route: &[LaneId], depart: Minutes) -> Minutes {
        route.iter().fold(depart, |t, &id| {
            let lane = &lanes[id.index()];
            if self.any {
                let (entry, takes) = self.enter(lane, id, t);
                entry.saturating_add(takes)
            } else {
                t.saturating_add(lane.transit)
            }
        })
    }

    /// Lane by lane along `route` for a shipment leaving at `depart`: when it reaches the lane's
    /// origin, when it enters the lane (after any closure) and when it reaches the lane's end.
    /// The last end is [`Self::travel`].
    pub fn legs(
        &self,
        lanes: &[Lane],
        route: &[LaneId],
        depart: Minutes,
    ) -> Vec<(Minutes, Minutes, Minutes)> {
        let mut t = depart;
        route
            .iter()
            .map(|&id| {
                let (enter, takes) = self.enter(&lanes[id.index()], id, t);
                let leg = (t, enter, enter.saturating_add(takes));
                t = leg.2;
                leg
            })
            .collect()
    }

    /// The departure, at or after `ready`, that arrives earliest along `route`, and that arrival:
    /// leaving at `ready`, or later so as to reach a lane just as one of its windows ends (a
    /// slower window over, a closure lifted). Ties go to the earlier departure. Without windows on
    /// the route it is `ready` and `ready` plus the transit.
    pub fn best_departure(
        &self,
        lanes: &[Lane],
        route: &[LaneId],
        ready: Minutes,
    ) -> (Minutes, Minutes) {
        // After the last window ends, leaving later only arrives later.
        let last_end = self.last_end(route).unwrap_or(ready);
        self.earliest_arrival(lanes, route, ready, last_end.max(ready))
            .unwrap_or((ready, self.travel(lanes, route, ready)))
    }

    /// The latest departure, not before `floor`, at which `route` arrives by `arrive`; `None` when
    /// none does. Without windows on the route it is `arrive` minus the transit.
    pub fn latest_departure(
        &self,
        lanes: &[Lane],
        route: &[LaneId],
        arrive: Minutes,
        floor: Minutes,
    ) -> Option<Minutes> {
        if !self.on_route(route) {
            let transit: Minutes = route.iter().map(|l| lanes[l.index()].transit).sum();
            let depart = arrive.checked_sub(transit)?;
            return (depart >= floor).then_some(depart);
        }
        self.latest_departure_by_pieces(lanes, route, arrive, floor)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::SiteId;

    /// A lane from site 0 to site 1 taking `transit` minutes (for tests of lane timing).
    pub(in crate::model) fn lane(transit: Minutes) -> Lane {
        Lane {
            name: "L".into(),
            from: SiteId(0),
            to: SiteId(1),
            transit,
            cost_per_unit: 1.0,
            capacity: None,
        }
    }

    fn windows(list: &[(Minutes, Minutes, LaneEffect)]) -> LaneWindows {
        let list: Vec<LaneWindow> = list
            .iter()
            .map(|&(s, e, effect)| LaneWindow {
                lane: LaneId(0),
                window: Window::new(s, e),
                effect,
            })
            .collect();
        LaneWindows::new(2, &list)
    }

    #[test]
    fn a_closed_lane_makes_the_shipment_wait_and_a_slower_one_adds_its_extra() {
        let lanes = [lane(60), lane(30)];
        let route = [LaneId(0), LaneId(1)];
        let w = windows(&[
            (100, 200, LaneEffect::Closed),
            (200, 300, LaneEffect::Slower { extra: 45 }),
        ]);
        // Before the windows: 60 + 30.
        assert_eq!(w.travel(&lanes, &route, 0), 90);
        // Inside the closure: waits to 200, then the slower window adds 45.
        assert_eq!(w.travel(&lanes, &route, 150), 200 + 60 + 45 + 30);
        // After both: plain transit.
        assert_eq!(w.travel(&lanes, &route, 300), 390);
        // The second lane has no windows.
        assert!(!w.touches(LaneId(1)));
        assert_eq!(LaneWindows::default().travel(&lanes, &route, 150), 240);
    }

    #[test]
    fn leaving_after_a_slower_window_can_arrive_sooner() {
        let lanes = [lane(60)];
        let route = [LaneId(0)];
        let w = windows(&[(0, 100, LaneEffect::Slower { extra: 200 })]);
        // Leaving at 50 takes 260 minutes (arrives 310); leaving at 100 arrives at 160.
        assert_eq!(w.travel(&lanes, &route, 50), 310);
        assert_eq!(w.best_departure(&lanes, &route, 50), (100, 160));
        // A small extra is not worth the wait: 50 + 60 + 20 = 130 < 160.
        let small = windows(&[(0, 100, LaneEffect::Slower { extra: 20 })]);
        assert_eq!(small.best_departure(&lanes, &route, 50), (50, 130));
    }

    #[test]
    fn the_latest_departure_arrives_in_time_around_a_closure() {
        let lanes = [lane(60)];
        let route = [LaneId(0)];
        let w = windows(&[(100, 200, LaneEffect::Closed)]);
        // Arriving by 250 means entering by 190, which is closed: leave by 99.
        assert_eq!(w.latest_departure(&lanes, &route, 250, 0), Some(99));
        assert_eq!(w.latest_departure(&lanes, &route, 300, 0), Some(240));
        assert_eq!(w.latest_departure(&lanes, &route, 250, 120), None);
        assert_eq!(w.travel(&lanes, &route, 99), 159);
    }
}
