//! Travel along a route as a function of the departure. Without lane windows the arrival is the
//! departure plus the route's transit. With windows it is piecewise: on some departure intervals
//! it is the departure plus a constant (the shipment enters every lane as it reaches it, perhaps
//! with a slower window's extra), on others a constant (it waits at a lane's origin for a closure
//! to lift, so leaving a little later arrives at the same minute). The pieces follow
//! [`LaneWindows::travel`] exactly; the MILP models a windowed route with one binary per piece
//! (the disaggregated form of a piecewise-linear function, as in Vielma, Ahmed and Nemhauser,
//! "Mixed-integer models for nonseparable piecewise-linear optimization", Operations Research
//! 58(2), 2010).

use super::{Lane, LaneId, LaneWindows, Minutes};

/// How the arrival of a piece follows from the departure `d`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceArrival {
    /// Arrives at `d` plus these minutes.
    Shifted(Minutes),
    /// Arrives at this minute whatever `d` in the piece (it waits for a closure to lift).
    Fixed(Minutes),
}

/// Departures `first..=last` whose arrival follows one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TravelPiece {
    /// First departure minute of the piece.
    pub first: Minutes,
    /// Last departure minute of the piece (inclusive).
    pub last: Minutes,
    /// The arrival rule.
    pub arrival: PieceArrival,
}

impl TravelPiece {
    /// The arrival of a shipment that leaves at `depart` (within the piece).
    pub fn arrive(&self, depart: Minutes) -> Minutes {
        match self.arrival {
            PieceArrival::Shifted(minutes) => depart.saturating_add(minutes),
            PieceArrival::Fixed(at) => at,
        }
    }
}

impl LaneWindows {
    /// The pieces of [`Self::travel`] along `route` for departures `from..=to` (none when
    /// `to < from`), in departure order; neighbours with the same rule are merged.
    ///
    /// A piece ends where a lane the shipment enters without waiting would be reached at a window's
    /// start or end, or where the lane it waits at would be reached when that closure ends: between
    /// such minutes no window changes what the shipment meets.
    pub fn pieces(
        &self,
        lanes: &[Lane],
        route: &[LaneId],
        from: Minutes,
        to: Minutes,
    ) -> Vec<TravelPiece> {
        let mut pieces: Vec<TravelPiece> = Vec::new();
        let mut depart = from;
        while depart <= to {
            let mut t = depart;
            let mut waiting = false;
            let mut step = Minutes::MAX;
            for &id in route {
                if !waiting {
                    for (w, _) in self.windows_of(id) {
                        for boundary in [w.start, w.end] {
                            if boundary > t {
                                step = step.min(boundary - t);
                            }
                        }
                    }
                }
                let (entry, takes) = self.enter(&lanes[id.index()], id, t);
                waiting |= entry > t;
                t = entry.saturating_add(takes);
            }
            let last = depart.saturating_add(step - 1).min(to);
            let arrival = if waiting {
                PieceArrival::Fixed(t)
            } else {
                PieceArrival::Shifted(t - depart)
            };
            match pieces.last_mut() {
                Some(prev) if prev.arrival == arrival => prev.last = last,
                _ => pieces.push(TravelPiece {
                    first: depart,
                    last,
                    arrival,
                }),
            }
            if last >= to {
                break;
            }
            depart = last + 1;
        }
        pieces
    }

    /// The departure in `ready..=to` that arrives earliest along `route`, and that arrival (ties
    /// to the earlier departure); `None` when `to < ready`.
    pub fn earliest_arrival(
        &self,
        lanes: &[Lane],
        route: &[LaneId],
        ready: Minutes,
        to: Minutes,
    ) -> Option<(Minutes, Minutes)> {
        self.pieces(lanes, route, ready, to)
            .iter()
            .map(|p| (p.first, p.arrive(p.first)))
            .min_by_key(|&(depart, arrive)| (arrive, depart))
    }

    /// The latest departure, not before `floor`, that arrives by `arrive` along `route`; `None`
    /// when none does ([`Self::latest_departure`] on a route with windows).
    pub(super) fn latest_departure_by_pieces(
        &self,
        lanes: &[Lane],
        route: &[LaneId],
        arrive: Minutes,
        floor: Minutes,
    ) -> Option<Minutes> {
        self.pieces(lanes, route, floor, arrive)
            .iter()
            .rev()
            .find_map(|p| match p.arrival {
                PieceArrival::Shifted(minutes) => {
                    let latest = p.last.min(arrive.saturating_sub(minutes));
                    (latest >= p.first).then_some(latest)
                }
                PieceArrival::Fixed(at) => (at <= arrive).then_some(p.last),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lane_window::tests::lane;
    use crate::model::{LaneEffect, LaneWindow, Window};
    use proptest::prelude::*;

    #[test]
    fn a_closure_gives_a_fixed_piece_between_two_shifted_ones() {
        let lanes = [lane(60)];
        let w = LaneWindows::new(
            1,
            &[LaneWindow {
                lane: LaneId(0),
                window: Window::new(100, 200),
                effect: LaneEffect::Closed,
            }],
        );
        let pieces = w.pieces(&lanes, &[LaneId(0)], 0, 500);
        assert_eq!(
            pieces,
            vec![
                TravelPiece {
                    first: 0,
                    last: 99,
                    arrival: PieceArrival::Shifted(60)
                },
                TravelPiece {
                    first: 100,
                    last: 199,
                    arrival: PieceArrival::Fixed(260)
                },
                TravelPiece {
                    first: 200,
                    last: 500,
                    arrival: PieceArrival::Shifted(60)
                },
            ]
        );
        assert_eq!(
            w.latest_departure_by_pieces(&lanes, &[LaneId(0)], 250, 0),
            Some(99)
        );
        assert_eq!(
            w.latest_departure_by_pieces(&lanes, &[LaneId(0)], 260, 0),
            Some(200)
        );
        assert_eq!(
            w.earliest_arrival(&lanes, &[LaneId(0)], 150, 500),
            Some((150, 260))
        );
    }

    fn effect(extra: Minutes) -> LaneEffect {
        if extra == 0 {
            LaneEffect::Closed
        } else {
            LaneEffect::Slower { extra }
        }
    }

    proptest! {
        /// Every departure's arrival read from the pieces is the one `travel` gives, and the exact
        /// searches agree with a scan over every departure.
        #[test]
        fn the_pieces_follow_travel_exactly(
            transits in prop::collection::vec(1i64..50, 1..4),
            windows in prop::collection::vec((0usize..3, 0i64..300, 1i64..120, 0i64..80), 0..6),
            from in 0i64..100,
            span in 0i64..400,
        ) {
            let lanes: Vec<Lane> = transits.iter().map(|&t| lane(t)).collect();
            let route: Vec<LaneId> = (0..lanes.len()).map(LaneId::from_index).collect();
            let list: Vec<LaneWindow> = windows
                .iter()
                .map(|&(l, start, len, extra)| LaneWindow {
                    lane: LaneId::from_index(l % lanes.len()),
                    window: Window::new(start, start + len),
                    effect: effect(extra),
                })
                .collect();
            let w = LaneWindows::new(lanes.len(), &list);
            let to = from + span;
            let pieces = w.pieces(&lanes, &route, from, to);
            prop_assert_eq!(pieces.first().map(|p| p.first), Some(from));
            prop_assert_eq!(pieces.last().map(|p| p.last), Some(to));
            for pair in pieces.windows(2) {
                prop_assert_eq!(pair[0].last + 1, pair[1].first);
            }
            for p in &pieces {
                for d in p.first..=p.last {
                    prop_assert_eq!(p.arrive(d), w.travel(&lanes, &route, d));
                }
            }
            let scan = (from..=to)
                .map(|d| (w.travel(&lanes, &route, d), d))
                .min()
                .map(|(a, d)| (d, a));
            prop_assert_eq!(w.earliest_arrival(&lanes, &route, from, to), scan);
            let by = to + 100;
            let latest = (from..=by).rev().find(|&d| w.travel(&lanes, &route, d) <= by);
            prop_assert_eq!(w.latest_departure_by_pieces(&lanes, &route, by, from), latest);
        }
    }
}
