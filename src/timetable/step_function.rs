//! A piecewise-constant function of time that supports range additions and two searches: the first
//! window of a given length where the function stays at or below a limit, and the earliest time from
//! which it stays at or above a limit forever.
//!
//! Breakpoints are kept sorted in chunks of a few dozen; each chunk has a lazy offset (added to all its
//! values) and the minimum and maximum of its values, so that range additions touch whole chunks in
//! O(1) and searches skip chunks that are entirely above or below a limit. Breakpoints are reference
//! counted: removing a range removes the breakpoints it created, so that tentative placements that are
//! rolled back leave no trace.

use crate::model::Minutes;

/// Target number of breakpoints per chunk; a chunk splits at twice this size.
const CHUNK: usize = 64;

/// A breakpoint: from `time` until the next breakpoint the function equals `value` plus the offset of
/// the chunk that holds it.
#[derive(Clone, Copy, Debug)]
struct Point {
    time: Minutes,
    value: f64,
    /// How many ranges (or permanent steps) start or end here; the point goes when this drops to 0.
    refs: u32,
}

#[derive(Clone, Debug)]
struct Chunk {
    points: Vec<Point>,
    offset: f64,
    min: f64,
    max: f64,
}

impl Chunk {
    fn new(points: Vec<Point>, offset: f64) -> Self {
        let mut chunk = Self {
            points,
            offset,
            min: 0.0,
            max: 0.0,
        };
        chunk.refresh();
        chunk
    }

    fn refresh(&mut self) {
        self.min = f64::INFINITY;
        self.max = f64::NEG_INFINITY;
        for p in &self.points {
            self.min = self.min.min(p.value);
            self.max = self.max.max(p.value);
        }
    }

    fn first_time(&self) -> Minutes {
        self.points[0].time
    }
}

/// A piecewise-constant function over all of time, starting from a constant.
#[derive(Clone, Debug)]
pub struct StepFunction {
    /// Never empty; the first point of the first chunk is at `Minutes::MIN` and is never removed.
    chunks: Vec<Chunk>,
}

impl StepFunction {
    /// The constant function `initial`.
    pub fn new(initial: f64) -> Self {
        let first = Point {
            time: Minutes::MIN,
            value: initial,
            refs: 1,
        };
        Self {
            chunks: vec![Chunk::new(vec![first], 0.0)],
        }
    }

    /// Number of breakpoints (including the permanent one at `Minutes::MIN`).
    pub fn breakpoints(&self) -> usize {
        self.chunks.iter().map(|c| c.points.len()).sum()
    }

    /// The value at minute `t`.
    pub fn value_at(&self, t: Minutes) -> f64 {
        let (c, p) = self.locate(t);
        let chunk = &self.chunks[c];
        chunk.points[p].value + chunk.offset
    }

    /// Adds `delta` on `[start, end)`, or on `[start, ∞)` when `end` is `None`. Empty ranges are
    /// ignored. Undo with [`StepFunction::remove_range`] with the same arguments.
    pub fn add_range(&mut self, start: Minutes, end: Option<Minutes>, delta: f64) {
        if end.is_some_and(|e| e <= start) {
            return;
        }
        self.acquire_point(start);
        if let Some(e) = end {
            self.acquire_point(e);
        }
        self.shift(start, end, delta);
    }

    /// Undoes [`StepFunction::add_range`] with the same arguments: subtracts `delta` on the range and
    /// drops the breakpoints that only this range needed.
    pub fn remove_range(&mut self, start: Minutes, end: Option<Minutes>, delta: f64) {
        if end.is_some_and(|e| e <= start) {
            return;
        }
        self.shift(start, end, -delta);
        self.release_point(start);
        if let Some(e) = end {
            self.release_point(e);
        }
    }

    /// The earliest `t >= after` such that the function is at most `limit` on all of
    /// `[t, t + length)`, or `None` when no such window exists.
    pub fn first_window_at_most(
        &self,
        after: Minutes,
        length: Minutes,
        limit: f64,
    ) -> Option<Minutes> {
        let (mut c, mut p) = self.locate(after);
        let mut t = after;
        let mut partial = true;
        loop {
            let chunk = &self.chunks[c];
            let chunk_end = self.chunks.get(c + 1).map(Chunk::first_time);
            if !partial {
                if chunk.min + chunk.offset > limit {
                    // Too high everywhere in this chunk: the window can start at its end at the earliest.
                    t = chunk_end?;
                    c += 1;
                    continue;
                }
                if chunk.max + chunk.offset <= limit {
                    if chunk_end.is_none_or(|e| e >= t.saturating_add(length)) {
                        return Some(t);
                    }
                    c += 1;
                    continue;
                }
            }
            for (k, point) in chunk.points.iter().enumerate().skip(p) {
                let seg_end = chunk.points.get(k + 1).map(|n| n.time).or(chunk_end);
                if point.value + chunk.offset > limit {
                    t = seg_end?;
                } else if seg_end.is_none_or(|e| e >= t.saturating_add(length)) {
                    return Some(t);
                }
            }
            c += 1;
            p = 0;
            partial = false;
        }
    }

    /// The earliest `t >= after` such that the function is at least `limit` at every minute from `t`
    /// on, or `None` when it ends below `limit`.
    pub fn earliest_suffix_at_least(&self, after: Minutes, limit: f64) -> Option<Minutes> {
        // Walk backwards from the end; the first point found below the limit decides.
        let mut next_time: Option<Minutes> = None;
        for chunk in self.chunks.iter().rev() {
            let whole_chunk_ok = chunk.min + chunk.offset >= limit;
            if whole_chunk_ok && chunk.first_time() <= after {
                return Some(after);
            }
            if !whole_chunk_ok {
                for point in chunk.points.iter().rev() {
                    if point.value + chunk.offset < limit {
                        return next_time.map(|t| t.max(after));
                    }
                    if point.time <= after {
                        return Some(after);
                    }
                    next_time = Some(point.time);
                }
            }
            next_time = Some(chunk.first_time());
        }
        Some(after)
    }

    /// The smallest value from minute `t` on.
    pub fn min_from(&self, t: Minutes) -> f64 {
        let (first, p) = self.locate(t);
        let mut least = f64::INFINITY;
        for (c, chunk) in self.chunks.iter().enumerate().skip(first) {
            if c > first {
                least = least.min(chunk.min + chunk.offset);
                continue;
            }
            for point in &chunk.points[p..] {
                least = least.min(point.value + chunk.offset);
            }
        }
        least
    }

    /// The largest value on `[start, end)` (`f64::NEG_INFINITY` for an empty range). Chunks that lie
    /// wholly inside the range count by their maximum, so the cost is the number of chunks plus
    /// the points of at most two of them.
    pub fn max_on(&self, start: Minutes, end: Minutes) -> f64 {
        let mut best = f64::NEG_INFINITY;
        if end <= start {
            return best;
        }
        let (first, p) = self.locate(start);
        for (c, chunk) in self.chunks.iter().enumerate().skip(first) {
            if c > first && chunk.first_time() >= end {
                break;
            }
            let chunk_end = self.chunks.get(c + 1).map(Chunk::first_time);
            if c > first && chunk_end.is_some_and(|e| e <= end) {
                best = best.max(chunk.max + chunk.offset);
                continue;
            }
            let from = if c == first { p } else { 0 };
            for point in chunk.points[from..].iter().take_while(|q| q.time < end) {
                best = best.max(point.value + chunk.offset);
            }
        }
        best
    }

    /// The breakpoints in `(after, until)` where the value goes down (by more than 1e-9, so that
    /// floating-point residues do not count), in time order, at most `limit` of them.
    pub fn drops_in(&self, after: Minutes, until: Minutes, limit: usize) -> Vec<Minutes> {
        let mut out = Vec::new();
        if limit == 0 || until <= after {
            return out;
        }
        let (first, p) = self.locate(after);
        let mut previous = self.value_at(after);
        for (c, chunk) in self.chunks.iter().enumerate().skip(first) {
            let from = if c == first { p + 1 } else { 0 };
            for point in &chunk.points[from..] {
                if point.time >= until {
                    return out;
                }
                let value = point.value + chunk.offset;
                if value < previous - 1e-9 {
                    out.push(point.time);
                    if out.len() >= limit {
                        return out;
                    }
                }
                previous = value;
            }
        }
        out
    }

    /// `(chunk, point)` of the breakpoint whose segment contains `t`.
    fn locate(&self, t: Minutes) -> (usize, usize) {
        let c = self
            .chunks
            .partition_point(|chunk| chunk.first_time() <= t)
            .saturating_sub(1);
        let p = self.chunks[c]
            .points
            .partition_point(|point| point.time <= t)
            .saturating_sub(1);
        (c, p)
    }

    /// Makes sure a breakpoint exists at `t` (with the value the function has there) and counts one
    /// more reference to it.
    fn acquire_point(&mut self, t: Minutes) {
        let (c, p) = self.locate(t);
        let chunk = &mut self.chunks[c];
        if chunk.points[p].time == t {
            chunk.points[p].refs += 1;
            return;
        }
        let value = chunk.points[p].value;
        chunk.points.insert(
            p + 1,
            Point {
                time: t,
                value,
                refs: 1,
            },
        );
        if chunk.points.len() > 2 * CHUNK {
            let tail = chunk.points.split_off(CHUNK);
            let offset = chunk.offset;
            chunk.refresh();
            self.chunks.insert(c + 1, Chunk::new(tail, offset));
        }
    }

    /// Drops one reference to the breakpoint at `t`; removes it when none is left.
    fn release_point(&mut self, t: Minutes) {
        let (c, p) = self.locate(t);
        let chunk = &mut self.chunks[c];
        let point = &mut chunk.points[p];
        if point.time != t || t == Minutes::MIN {
            return;
        }
        point.refs = point.refs.saturating_sub(1);
        if point.refs > 0 {
            return;
        }
        chunk.points.remove(p);
        if chunk.points.is_empty() {
            self.chunks.remove(c);
        } else if chunk.points.len() < CHUNK / 4 && c > 0 {
            let small = self.chunks.remove(c);
            let prev = &mut self.chunks[c - 1];
            let shift = small.offset - prev.offset;
            prev.points.extend(small.points.into_iter().map(|mut q| {
                q.value += shift;
                q
            }));
            if prev.points.len() > 2 * CHUNK {
                let tail = prev.points.split_off(prev.points.len() / 2);
                let offset = prev.offset;
                prev.refresh();
                self.chunks.insert(c, Chunk::new(tail, offset));
            } else {
                prev.refresh();
            }
        } else {
            chunk.refresh();
        }
    }

    /// Adds `delta` to every segment starting in `[start, end)`; breakpoints at `start` and `end` exist.
    fn shift(&mut self, start: Minutes, end: Option<Minutes>, delta: f64) {
        let (cs, ps) = self.locate(start);
        let (ce, pe) = match end {
            Some(e) => self.locate(e),
            None => (self.chunks.len(), 0),
        };
        if cs == ce {
            let chunk = &mut self.chunks[cs];
            chunk.points[ps..pe]
                .iter_mut()
                .for_each(|q| q.value += delta);
            chunk.refresh();
            return;
        }
        let first = &mut self.chunks[cs];
        first.points[ps..].iter_mut().for_each(|q| q.value += delta);
        first.refresh();
        for chunk in &mut self.chunks[cs + 1..ce] {
            chunk.offset += delta;
        }
        if let Some(last) = self.chunks.get_mut(ce) {
            last.points[..pe].iter_mut().for_each(|q| q.value += delta);
            last.refresh();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_add_up_and_remove_without_trace() {
        let mut f = StepFunction::new(1.0);
        f.add_range(10, Some(20), 2.0);
        f.add_range(15, Some(30), 3.0);
        assert_eq!(f.value_at(9), 1.0);
        assert_eq!(f.value_at(10), 3.0);
        assert_eq!(f.value_at(15), 6.0);
        assert_eq!(f.value_at(20), 4.0);
        assert_eq!(f.value_at(30), 1.0);
        f.remove_range(10, Some(20), 2.0);
        f.remove_range(15, Some(30), 3.0);
        assert_eq!(f.breakpoints(), 1);
        assert_eq!(f.value_at(17), 1.0);
    }

    #[test]
    fn window_search_skips_segments_above_the_limit() {
        let mut f = StepFunction::new(0.0);
        f.add_range(10, Some(20), 5.0);
        f.add_range(25, Some(40), 5.0);
        assert_eq!(f.first_window_at_most(0, 10, 1.0), Some(0));
        assert_eq!(f.first_window_at_most(0, 11, 1.0), Some(40));
        assert_eq!(f.first_window_at_most(12, 5, 1.0), Some(20));
        assert_eq!(f.first_window_at_most(12, 6, 1.0), Some(40));
        assert_eq!(f.first_window_at_most(12, 6, 5.0), Some(12));
        let mut g = StepFunction::new(0.0);
        g.add_range(0, None, 3.0);
        assert_eq!(g.first_window_at_most(0, 1, 1.0), None);
    }

    #[test]
    fn suffix_search_finds_the_time_after_the_last_dip() {
        let mut f = StepFunction::new(2.0);
        f.add_range(10, None, 3.0); // 5 from 10
        f.add_range(20, None, -4.0); // 1 from 20
        f.add_range(30, None, 6.0); // 7 from 30
        assert_eq!(f.earliest_suffix_at_least(0, 2.0), Some(30));
        assert_eq!(f.earliest_suffix_at_least(0, 1.0), Some(0));
        assert_eq!(f.earliest_suffix_at_least(35, 7.0), Some(35));
        assert_eq!(f.earliest_suffix_at_least(0, 7.5), None);
    }

    #[test]
    fn many_breakpoints_split_chunks_and_searches_stay_exact() {
        let mut f = StepFunction::new(0.0);
        // Busy (value 1) on [10k, 10k+6) for k in 0..1000: free gaps of 4 minutes.
        for k in 0..1000 {
            f.add_range(10 * k, Some(10 * k + 6), 1.0);
        }
        assert!(f.chunks.len() > 10);
        assert_eq!(f.first_window_at_most(0, 4, 0.5), Some(6));
        assert_eq!(f.first_window_at_most(0, 5, 0.5), Some(9996));
        assert_eq!(f.first_window_at_most(5003, 3, 0.5), Some(5006));
        assert_eq!(f.value_at(7777), 0.0);
        assert_eq!(f.value_at(7771), 1.0);
        // Lowered by 2 on [5000, 9000): the last minute below -1 lies in the gap [8996, 9000).
        f.add_range(5000, None, -2.0);
        f.add_range(9000, None, 2.0);
        assert_eq!(f.earliest_suffix_at_least(0, -1.0), Some(9000));
        assert_eq!(f.earliest_suffix_at_least(0, -2.0), Some(0));
        assert_eq!(f.earliest_suffix_at_least(9500, 0.0), Some(9500));
        assert_eq!(f.earliest_suffix_at_least(0, 0.5), None);
        f.remove_range(9000, None, 2.0);
        for k in (0..1000).rev() {
            f.remove_range(10 * k, Some(10 * k + 6), 1.0);
        }
        f.remove_range(5000, None, -2.0);
        assert_eq!(f.breakpoints(), 1);
    }

    /// Brute-force model: value per minute on [0, 200), constant outside.
    fn brute(ranges: &[(i64, i64, f64)]) -> Vec<f64> {
        let mut v = vec![0.0; 260];
        for &(s, e, d) in ranges {
            for x in v.iter_mut().take(e as usize).skip(s as usize) {
                *x += d;
            }
        }
        v
    }

    proptest::proptest! {
        #[test]
        fn searches_agree_with_a_minute_by_minute_model(
            ranges in proptest::collection::vec((0i64..200, 1i64..40, 1u8..4), 0..300),
            removed in proptest::collection::vec(proptest::bool::ANY, 300),
            after in 0i64..220,
            length in 1i64..30,
            limit in 0u8..6,
        ) {
            let ranges: Vec<(i64, i64, f64)> =
                ranges.iter().map(|&(s, l, d)| (s, s + l, f64::from(d))).collect();
            let mut f = StepFunction::new(0.0);
            for &(s, e, d) in &ranges {
                f.add_range(s, Some(e), d);
            }
            let mut kept = Vec::new();
            for (k, &r) in ranges.iter().enumerate() {
                if removed[k] {
                    f.remove_range(r.0, Some(r.1), r.2);
                } else {
                    kept.push(r);
                }
            }
            let v = brute(&kept);
            let limit = f64::from(limit) + 0.5;
            for t in 0..260 {
                proptest::prop_assert!((f.value_at(t) - v[t as usize]).abs() < 1e-9);
            }
            let expected = (after..).find(|&t| {
                (t..t + length).all(|x| x >= 260 || v[x as usize] <= limit)
            });
            proptest::prop_assert_eq!(f.first_window_at_most(after, length, limit), expected);
            // Range maximum and the minutes where the value drops, against the same model.
            let until = (after + length * 4).min(259);
            let expected_max = (after..until).map(|t| v[t as usize]).fold(f64::NEG_INFINITY, f64::max);
            proptest::prop_assert!(
                (f.max_on(after, until) - expected_max).abs() < 1e-9
                    || (after >= until && f.max_on(after, until) == f64::NEG_INFINITY)
            );
            let expected_drops: Vec<i64> = (after + 1..until)
                .filter(|&t| v[t as usize] < v[t as usize - 1] - 1e-9)
                .take(5)
                .collect();
            proptest::prop_assert_eq!(f.drops_in(after, until, 5), expected_drops);
            // Suffix: turn the ranges into a never-ending "balance" by negating.
            let mut g = StepFunction::new(0.0);
            for &(s, _, d) in &kept {
                g.add_range(s, None, -d);
            }
            for &(_, e, d) in &kept {
                g.add_range(e, None, d / 2.0);
            }
            let value = |t: i64| -> f64 {
                kept.iter()
                    .map(|&(s, e, d)| if t >= s { -d } else { 0.0 } + if t >= e { d / 2.0 } else { 0.0 })
                    .sum()
            };
            let lim = -limit * 3.0;
            let tail_ok = value(300) >= lim;
            let expected = if tail_ok {
                (after..300).find(|&t| (t..300).all(|x| value(x) >= lim))
            } else {
                None
            };
            proptest::prop_assert_eq!(g.earliest_suffix_at_least(after, lim), expected);
        }
    }
}
