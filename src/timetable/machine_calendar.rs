//! When one machine is busy: its reserved operations and its downtime, with earliest-fit search that
//! may insert an operation into a gap between earlier reservations.
//!
//! Intervals are kept sorted in chunks of a few dozen; each chunk knows the largest gap between its
//! consecutive intervals, so a search for a slot of length `d` skips every chunk whose gaps are all
//! shorter than `d` and never scans from the beginning of the calendar.

use crate::model::{Minutes, Window, merge_windows};
use std::fmt;

/// Target number of intervals per chunk; a chunk splits at twice this size.
const CHUNK: usize = 64;

/// An occupied interval of a machine: a reservation or a downtime window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occupied {
    /// The occupied minutes `[start, end)`.
    pub window: Window,
    /// True for a downtime window, false for a reservation.
    pub downtime: bool,
}

impl fmt::Display for Occupied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.downtime {
            "downtime"
        } else {
            "another operation"
        };
        write!(
            f,
            "{what} during [{}, {})",
            self.window.start, self.window.end
        )
    }
}

#[derive(Clone, Debug, Default)]
struct Chunk {
    items: Vec<Occupied>,
    /// Largest `next.start - prev.end` between consecutive items of this chunk (0 for one item).
    max_gap: Minutes,
}

impl Chunk {
    fn refresh(&mut self) {
        self.max_gap = self
            .items
            .windows(2)
            .map(|w| w[1].window.start - w[0].window.end)
            .max()
            .unwrap_or(0);
    }

    fn last_end(&self) -> Minutes {
        self.items.last().map_or(Minutes::MIN, |i| i.window.end)
    }
}

/// The busy intervals (reservations and downtime) of one machine, sorted and non-overlapping.
///
/// A zero-length reservation `[t, t)` occupies minute `t` (conservatively), so that nothing can run
/// across it.
#[derive(Clone, Debug, Default)]
pub struct MachineCalendar {
    chunks: Vec<Chunk>,
    reservations: usize,
}

/// The interval a reservation `[start, end)` occupies: at least one minute.
fn occupied_end(start: Minutes, end: Minutes) -> Minutes {
    end.max(start.saturating_add(1))
}

impl MachineCalendar {
    /// A calendar with the given downtime windows (merged if they overlap) and no reservation.
    pub fn new(downtime: &[Window]) -> Self {
        let items: Vec<Occupied> = merge_windows(downtime.to_vec())
            .into_iter()
            .map(|window| Occupied {
                window,
                downtime: true,
            })
            .collect();
        let chunks = items
            .chunks(CHUNK)
            .map(|c| {
                let mut chunk = Chunk {
                    items: c.to_vec(),
                    max_gap: 0,
                };
                chunk.refresh();
                chunk
            })
            .collect();
        Self {
            chunks,
            reservations: 0,
        }
    }

    /// Number of reservations (downtime not counted).
    pub fn reservations(&self) -> usize {
        self.reservations
    }

    /// The earliest start `>= after` where `[start, start + duration)` overlaps neither a reservation
    /// nor downtime. Gaps between reservations are used when long enough.
    pub fn earliest_fit(&self, after: Minutes, duration: Minutes) -> Minutes {
        let length = duration.max(1);
        let mut t = after;
        let first = self.chunks.partition_point(|c| c.last_end() <= t);
        for (k, chunk) in self.chunks.iter().enumerate().skip(first) {
            let from = if k == first {
                chunk.items.partition_point(|i| i.window.end <= t)
            } else {
                if chunk.items[0].window.start >= t.saturating_add(length) {
                    return t;
                }
                if chunk.max_gap < length {
                    t = t.max(chunk.last_end());
                    continue;
                }
                0
            };
            for item in &chunk.items[from..] {
                if item.window.start >= t.saturating_add(length) {
                    return t;
                }
                t = t.max(item.window.end);
            }
        }
        t
    }

    /// The first occupied interval overlapping `[start, end)` (at least one minute), if any.
    pub fn conflict(&self, start: Minutes, end: Minutes) -> Option<Occupied> {
        let end = occupied_end(start, end);
        let c = self.chunks.partition_point(|c| c.last_end() <= start);
        let chunk = self.chunks.get(c)?;
        let i = chunk.items.partition_point(|i| i.window.end <= start);
        chunk.items.get(i).filter(|i| i.window.start < end).copied()
    }

    /// True when `[start, end)` overlaps nothing.
    pub fn is_free(&self, start: Minutes, end: Minutes) -> bool {
        self.conflict(start, end).is_none()
    }

    /// Reserves `[start, end)`, or returns the interval that is in the way.
    ///
    /// # Errors
    /// [`Occupied`] with the reservation or downtime that overlaps; nothing is reserved then.
    pub fn reserve(&mut self, start: Minutes, end: Minutes) -> Result<(), Occupied> {
        if let Some(occupied) = self.conflict(start, end) {
            return Err(occupied);
        }
        let item = Occupied {
            window: Window::new(start, occupied_end(start, end)),
            downtime: false,
        };
        self.reservations += 1;
        if self.chunks.is_empty() {
            self.chunks.push(Chunk {
                items: vec![item],
                max_gap: 0,
            });
            return Ok(());
        }
        let c = self
            .chunks
            .partition_point(|c| c.last_end() <= start)
            .min(self.chunks.len() - 1);
        let chunk = &mut self.chunks[c];
        let i = chunk.items.partition_point(|i| i.window.end <= start);
        chunk.items.insert(i, item);
        if chunk.items.len() > 2 * CHUNK {
            let tail = chunk.items.split_off(CHUNK);
            chunk.refresh();
            let mut next = Chunk {
                items: tail,
                max_gap: 0,
            };
            next.refresh();
            self.chunks.insert(c + 1, next);
        } else {
            chunk.refresh();
        }
        Ok(())
    }

    /// Releases a reservation made with the same `start` and `end`; returns false (and changes
    /// nothing) when there is no such reservation.
    pub fn release(&mut self, start: Minutes, end: Minutes) -> bool {
        let wanted = Window::new(start, occupied_end(start, end));
        let c = self.chunks.partition_point(|c| c.last_end() <= start);
        let Some(chunk) = self.chunks.get_mut(c) else {
            return false;
        };
        let i = chunk.items.partition_point(|i| i.window.end <= start);
        match chunk.items.get(i) {
            Some(item) if item.window == wanted && !item.downtime => {}
            _ => return false,
        }
        chunk.items.remove(i);
        self.reservations -= 1;
        if chunk.items.is_empty() {
            self.chunks.remove(c);
        } else if chunk.items.len() < CHUNK / 4 && c > 0 {
            let small = self.chunks.remove(c);
            let prev = &mut self.chunks[c - 1];
            prev.items.extend(small.items);
            if prev.items.len() > 2 * CHUNK {
                let tail = prev.items.split_off(prev.items.len() / 2);
                prev.refresh();
                let mut next = Chunk {
                    items: tail,
                    max_gap: 0,
                };
                next.refresh();
                self.chunks.insert(c, next);
            } else {
                prev.refresh();
            }
        } else {
            chunk.refresh();
        }
        true
    }

    /// All occupied intervals in time order.
    pub fn occupied(&self) -> impl Iterator<Item = Occupied> + '_ {
        self.chunks.iter().flat_map(|c| c.items.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_fill_gaps_between_reservations() {
        let mut cal = MachineCalendar::new(&[]);
        cal.reserve(0, 10).unwrap();
        cal.reserve(15, 30).unwrap();
        assert_eq!(cal.earliest_fit(0, 5), 10);
        assert_eq!(cal.earliest_fit(0, 6), 30);
        assert_eq!(cal.earliest_fit(11, 4), 11);
        assert_eq!(cal.earliest_fit(12, 4), 30);
        assert_eq!(cal.earliest_fit(-20, 20), -20);
    }

    #[test]
    fn operations_never_overlap_downtime() {
        let cal = MachineCalendar::new(&[Window::new(10, 20), Window::new(25, 40)]);
        assert_eq!(cal.earliest_fit(0, 10), 0);
        assert_eq!(cal.earliest_fit(0, 11), 40);
        assert_eq!(cal.earliest_fit(5, 5), 5);
        assert_eq!(cal.earliest_fit(5, 6), 40);
        assert_eq!(cal.earliest_fit(12, 5), 20);
        assert_eq!(cal.earliest_fit(12, 6), 40);
    }

    #[test]
    fn reserving_an_occupied_slot_names_the_obstacle() {
        let mut cal = MachineCalendar::new(&[Window::new(10, 20)]);
        let err = cal.reserve(15, 25).unwrap_err();
        assert!(err.downtime);
        cal.reserve(20, 25).unwrap();
        let err = cal.reserve(0, 21).unwrap_err();
        assert_eq!(err.window, Window::new(10, 20));
        assert!(
            cal.reserve(5, 10).is_ok(),
            "touching intervals may share an end point"
        );
    }

    #[test]
    fn release_restores_the_gap_and_ignores_downtime() {
        let mut cal = MachineCalendar::new(&[Window::new(50, 60)]);
        cal.reserve(0, 10).unwrap();
        cal.reserve(10, 20).unwrap();
        assert_eq!(cal.earliest_fit(0, 5), 20);
        assert!(cal.release(0, 10));
        assert_eq!(cal.earliest_fit(0, 5), 0);
        assert!(!cal.release(50, 60), "downtime is not a reservation");
        assert!(!cal.release(10, 19));
        assert_eq!(cal.reservations(), 1);
    }

    #[test]
    fn zero_length_operations_occupy_their_start_minute() {
        let mut cal = MachineCalendar::new(&[Window::new(10, 20)]);
        assert_eq!(cal.earliest_fit(15, 0), 20);
        cal.reserve(30, 30).unwrap();
        assert_eq!(cal.earliest_fit(25, 10), 31);
        assert!(cal.release(30, 30));
    }

    #[test]
    fn long_calendars_skip_chunks_whose_gaps_are_too_short() {
        let mut cal = MachineCalendar::new(&[]);
        // Reservations [10k, 10k+7) leave 3-minute gaps; one 8-minute gap after reservation 700.
        for k in (0..1000).rev() {
            let shift = if k > 700 { 5 } else { 0 };
            cal.reserve(10 * k + shift, 10 * k + 7 + shift).unwrap();
        }
        assert_eq!(cal.earliest_fit(0, 3), 7);
        assert_eq!(cal.earliest_fit(0, 8), 7007);
        assert_eq!(cal.earliest_fit(0, 9), 10002);
        for k in 0..1000 {
            let shift = if k > 700 { 5 } else { 0 };
            assert!(cal.release(10 * k + shift, 10 * k + 7 + shift));
        }
        assert_eq!(cal.occupied().count(), 0);
    }

    proptest::proptest! {
        #[test]
        fn earliest_fit_agrees_with_a_minute_by_minute_model(
            attempts in proptest::collection::vec((0i64..600, 1i64..20), 0..400),
            downtime in proptest::collection::vec((0i64..600, 1i64..30), 0..5),
            releases in proptest::collection::vec(proptest::bool::ANY, 400),
            after in 0i64..650,
            length in 0i64..25,
        ) {
            let windows: Vec<Window> =
                downtime.iter().map(|&(s, l)| Window::new(s, s + l)).collect();
            let mut cal = MachineCalendar::new(&windows);
            let mut busy = vec![false; 700];
            for w in &windows {
                busy[w.start as usize..w.end as usize].iter_mut().for_each(|b| *b = true);
            }
            let mut reserved = Vec::new();
            for &(s, l) in &attempts {
                let free = busy[s as usize..(s + l) as usize].iter().all(|b| !b);
                proptest::prop_assert_eq!(cal.reserve(s, s + l).is_ok(), free);
                if free {
                    busy[s as usize..(s + l) as usize].iter_mut().for_each(|b| *b = true);
                    reserved.push((s, s + l));
                }
            }
            for (k, &(s, e)) in reserved.iter().enumerate() {
                if releases[k] {
                    proptest::prop_assert!(cal.release(s, e));
                    busy[s as usize..e as usize].iter_mut().for_each(|b| *b = false);
                }
            }
            let need = length.max(1);
            let expected = (after..)
                .find(|&t| (t..t + need).all(|x| x >= 700 || !busy[x as usize]))
                .unwrap();
            proptest::prop_assert_eq!(cal.earliest_fit(after, length), expected);
        }
    }
}
