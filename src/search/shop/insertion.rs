//! The insertion neighbourhood for makespan: take a critical operation out of its machine and insert
//! it at another position of the same machine or of an alternative machine (Mastrolilli &
//! Gambardella 2000 for the flexible job shop; for the classic job shop it contains the critical-block
//! moves of Nowicki & Smutnicki's N5 and Zhang et al.'s N7).
//!
//! Each candidate is estimated in O(1) from the current heads and tails as the longest path through
//! the moved operation, and kept only when a sufficient condition guarantees the new graph is acyclic.

use super::problem::{NONE, ShopProblem};
use super::state::ShopState;
use crate::model::Minutes;

/// Insert operation `v` with option `opt` at `index` of that machine's sequence (counted with `v`
/// removed), between `after` and `before` ([`NONE`] at the ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InsertMove {
    /// The moved operation.
    pub v: u32,
    /// The option (machine and duration) it gets.
    pub opt: u32,
    /// Position in the target sequence without `v`.
    pub index: u32,
    /// The operation that will precede `v` on the machine, or [`NONE`].
    pub after: u32,
    /// The operation that will follow `v` on the machine, or [`NONE`].
    pub before: u32,
    /// Estimated length of the longest path through `v` after the move.
    pub estimate: Minutes,
}

/// Calls `f` for every acyclic insertion of `v` other than its current place: on its own machine
/// within its critical block (N7 positions and more), on every other eligible machine at any position.
pub(crate) fn for_each_insertion(
    p: &ShopProblem,
    s: &ShopState,
    v: u32,
    mut f: impl FnMut(InsertMove),
) {
    let vi = v as usize;
    let jp = p.job_pred[vi];
    let js = p.job_succ[vi];
    // Conditions under which a path js ~> a, or b ~> jp, cannot exist (durations are positive).
    let js_reach = (js != NONE).then(|| (s.head[js as usize] + s.dur(p, js), s.tail[js as usize]));
    let jp_reach = (jp != NONE).then(|| (s.head[jp as usize], s.dur(p, jp) + s.tail[jp as usize]));
    let no_path_from_js_to = |a: u32| match js_reach {
        None => true,
        Some((js_end, js_tail)) => {
            s.head[a as usize] < js_end || js_tail < s.dur(p, a) + s.tail[a as usize]
        }
    };
    let no_path_to_jp_from = |b: u32| match jp_reach {
        None => true,
        Some((jp_head, jp_rest)) => {
            jp_head < s.head[b as usize] + s.dur(p, b) || s.tail[b as usize] < jp_rest
        }
    };
    let current_machine = s.machine(p, v);
    for opt in p.options(v) {
        let k = p.opt_machine[opt as usize];
        if k == current_machine {
            if opt == s.opt[vi] {
                within_block(p, s, v, &no_path_from_js_to, &no_path_to_jp_from, &mut f);
            }
            continue;
        }
        let d = p.opt_dur[opt as usize];
        let r_job = job_head(p, s, v);
        let q_job = job_tail(p, s, v);
        let seq = &s.seq[k as usize];
        for idx in 0..=seq.len() {
            let a = if idx == 0 { NONE } else { seq[idx - 1] };
            let b = seq.get(idx).copied().unwrap_or(NONE);
            if (a != NONE && !no_path_from_js_to(a)) || (b != NONE && !no_path_to_jp_from(b)) {
                continue;
            }
            let r = if a == NONE {
                r_job
            } else {
                r_job.max(s.head[a as usize] + s.dur(p, a))
            };
            let q = if b == NONE {
                q_job
            } else {
                q_job.max(s.dur(p, b) + s.tail[b as usize])
            };
            f(InsertMove {
                v,
                opt,
                index: idx as u32,
                after: a,
                before: b,
                estimate: r + d + q,
            });
        }
    }
}

/// Earliest start of `x` from its routing alone: release and job predecessor's end plus lag.
#[inline]
fn job_head(p: &ShopProblem, s: &ShopState, x: u32) -> Minutes {
    let jp = p.job_pred[x as usize];
    let r = p.release[x as usize];
    if jp == NONE {
        r
    } else {
        r.max(s.head[jp as usize] + s.dur(p, jp) + p.lag[x as usize])
    }
}

/// Longest path after `x` through its job successor alone.
#[inline]
fn job_tail(p: &ShopProblem, s: &ShopState, x: u32) -> Minutes {
    let js = p.job_succ[x as usize];
    if js == NONE {
        0
    } else {
        p.lag[js as usize] + s.dur(p, js) + s.tail[js as usize]
    }
}

/// Moves of `v` to other positions of its critical block on its own machine. Heads and tails of the
/// reordered segment are recomputed (from unchanged job neighbours), so the estimate is the longest
/// path through any operation of the segment.
fn within_block(
    p: &ShopProblem,
    s: &ShopState,
    v: u32,
    no_path_from_js_to: &impl Fn(u32) -> bool,
    no_path_to_jp_from: &impl Fn(u32) -> bool,
    f: &mut impl FnMut(InsertMove),
) {
    let seq = &s.seq[s.machine(p, v) as usize];
    let i = s.pos[v as usize] as usize;
    let end = |x: u32| s.head[x as usize] + s.dur(p, x);
    let on_path =
        |x: u32, y: u32| s.is_critical(p, x) && s.is_critical(p, y) && end(x) == s.head[y as usize];
    let mut first = i;
    while first > 0 && on_path(seq[first - 1], seq[first]) {
        first -= 1;
    }
    let mut last = i;
    while last + 1 < seq.len() && on_path(seq[last], seq[last + 1]) {
        last += 1;
    }
    let opt = s.opt[v as usize];
    for j in first..=last {
        if j == i {
            continue;
        }
        // New order of positions min(i,j)..=max(i,j).
        let (after, before) = if j < i {
            (if j == 0 { NONE } else { seq[j - 1] }, seq[j])
        } else {
            (seq[j], seq.get(j + 1).copied().unwrap_or(NONE))
        };
        if (j > i && !no_path_from_js_to(after)) || (j < i && !no_path_to_jp_from(before)) {
            continue;
        }
        let segment: Vec<u32> = if j < i {
            std::iter::once(v)
                .chain(seq[j..i].iter().copied())
                .collect()
        } else {
            seq[i + 1..=j]
                .iter()
                .copied()
                .chain(std::iter::once(v))
                .collect()
        };
        let lo = i.min(j);
        let hi = i.max(j);
        let prev = if lo == 0 { NONE } else { seq[lo - 1] };
        let next = seq.get(hi + 1).copied().unwrap_or(NONE);
        f(InsertMove {
            v,
            opt,
            index: j as u32,
            after,
            before,
            estimate: segment_estimate(p, s, &segment, prev, next),
        });
    }
}

/// Longest path through any operation of `segment`, processed in this order on one machine between
/// `prev` and `next`, with job neighbours' heads and tails unchanged.
fn segment_estimate(
    p: &ShopProblem,
    s: &ShopState,
    segment: &[u32],
    prev: u32,
    next: u32,
) -> Minutes {
    let mut heads = [0 as Minutes; 64];
    let mut heads_vec = Vec::new();
    let heads: &mut [Minutes] = if segment.len() <= 64 {
        &mut heads[..segment.len()]
    } else {
        heads_vec.resize(segment.len(), 0);
        &mut heads_vec
    };
    let mut ready = if prev == NONE {
        0
    } else {
        s.head[prev as usize] + s.dur(p, prev)
    };
    for (k, &x) in segment.iter().enumerate() {
        let h = job_head(p, s, x).max(ready);
        heads[k] = h;
        ready = h + s.dur(p, x);
    }
    let mut rest = if next == NONE {
        0
    } else {
        s.dur(p, next) + s.tail[next as usize]
    };
    let mut longest = 0;
    for (k, &x) in segment.iter().enumerate().rev() {
        let t = job_tail(p, s, x).max(rest);
        longest = longest.max(heads[k] + s.dur(p, x) + t);
        rest = s.dur(p, x) + t;
    }
    longest
}

/// Applies `mv` and re-evaluates. When the result would be cyclic (the acyclicity test is only
/// sufficient on the estimate's data, so this is a safety net) the move is undone and false returned.
pub(crate) fn apply(p: &ShopProblem, s: &mut ShopState, mv: &InsertMove) -> bool {
    let v = mv.v;
    let old_opt = s.opt[v as usize];
    let old_pos = s.pos[v as usize] as usize;
    s.remove(p, v);
    s.insert(p, v, mv.opt, mv.index as usize);
    if s.evaluate(p) {
        return true;
    }
    s.remove(p, v);
    s.insert(p, v, old_opt, old_pos);
    let ok = s.evaluate(p);
    debug_assert!(ok, "undoing a move must restore an acyclic state");
    false
}
