//! A job-shop solution: machine choice and per-machine sequences, with heads, tails and makespan.

use super::problem::{NONE, ShopProblem};
use crate::model::Minutes;

/// Machine choice and machine sequences of every operation, plus the derived longest-path data.
///
/// `head[i]` is the earliest start of `i` (longest path from the source), `tail[i]` the longest path
/// from the end of `i` to the sink; `head[i] + dur(i) + tail[i] == makespan` exactly on critical
/// operations.
#[derive(Clone, Debug)]
pub(crate) struct ShopState {
    /// Chosen option (absolute index) per operation.
    pub opt: Vec<u32>,
    /// Operation sequence per machine.
    pub seq: Vec<Vec<u32>>,
    /// Position of each operation in its machine's sequence.
    pub pos: Vec<u32>,
    /// Earliest start per operation.
    pub head: Vec<Minutes>,
    /// Longest path from each operation's end to the sink.
    pub tail: Vec<Minutes>,
    /// Latest end.
    pub makespan: Minutes,
    topo: Vec<u32>,
    indeg: Vec<u32>,
}

impl ShopState {
    /// A state from a machine choice and sequences; call [`ShopState::evaluate`] before use.
    pub fn new(p: &ShopProblem, opt: Vec<u32>, seq: Vec<Vec<u32>>) -> Self {
        let n = p.len();
        let mut pos = vec![0; n];
        for s in &seq {
            for (k, &i) in s.iter().enumerate() {
                pos[i as usize] = k as u32;
            }
        }
        Self {
            opt,
            seq,
            pos,
            head: vec![0; n],
            tail: vec![0; n],
            makespan: 0,
            topo: Vec::with_capacity(n),
            indeg: vec![0; n],
        }
    }

    /// Machine of operation `i`.
    #[inline]
    pub fn machine(&self, p: &ShopProblem, i: u32) -> u32 {
        p.opt_machine[self.opt[i as usize] as usize]
    }

    /// Duration of operation `i` on its machine.
    #[inline]
    pub fn dur(&self, p: &ShopProblem, i: u32) -> Minutes {
        p.opt_dur[self.opt[i as usize] as usize]
    }

    /// Previous operation on the same machine, or [`NONE`].
    #[inline]
    pub fn mpred(&self, p: &ShopProblem, i: u32) -> u32 {
        let k = self.pos[i as usize] as usize;
        if k == 0 {
            NONE
        } else {
            self.seq[self.machine(p, i) as usize][k - 1]
        }
    }

    /// Next operation on the same machine, or [`NONE`].
    #[inline]
    pub fn msucc(&self, p: &ShopProblem, i: u32) -> u32 {
        let s = &self.seq[self.machine(p, i) as usize];
        s.get(self.pos[i as usize] as usize + 1)
            .copied()
            .unwrap_or(NONE)
    }

    /// Recomputes heads, tails and makespan. Returns false (and leaves them stale) when the machine
    /// sequences and routings form a cycle.
    pub fn evaluate(&mut self, p: &ShopProblem) -> bool {
        let n = p.len();
        self.topo.clear();
        for i in 0..n {
            self.indeg[i] = u32::from(p.job_pred[i] != NONE) + u32::from(self.pos[i] > 0);
            if self.indeg[i] == 0 {
                self.topo.push(i as u32);
            }
        }
        let mut next = 0;
        while next < self.topo.len() {
            let i = self.topo[next];
            next += 1;
            let js = p.job_succ[i as usize];
            if js != NONE {
                self.indeg[js as usize] -= 1;
                if self.indeg[js as usize] == 0 {
                    self.topo.push(js);
                }
            }
            let ms = self.msucc(p, i);
            if ms != NONE {
                self.indeg[ms as usize] -= 1;
                if self.indeg[ms as usize] == 0 {
                    self.topo.push(ms);
                }
            }
        }
        if self.topo.len() < n {
            return false;
        }
        let mut makespan = 0;
        for t in 0..n {
            let i = self.topo[t] as usize;
            let mut h = p.release[i];
            let jp = p.job_pred[i];
            if jp != NONE {
                h = h.max(self.head[jp as usize] + self.dur(p, jp) + p.lag[i]);
            }
            let mp = self.mpred(p, i as u32);
            if mp != NONE {
                h = h.max(self.head[mp as usize] + self.dur(p, mp));
            }
            self.head[i] = h;
            makespan = makespan.max(h + self.dur(p, i as u32));
        }
        for t in (0..n).rev() {
            let i = self.topo[t];
            let mut q = 0;
            let js = p.job_succ[i as usize];
            if js != NONE {
                q = q.max(p.lag[js as usize] + self.dur(p, js) + self.tail[js as usize]);
            }
            let ms = self.msucc(p, i);
            if ms != NONE {
                q = q.max(self.dur(p, ms) + self.tail[ms as usize]);
            }
            self.tail[i as usize] = q;
        }
        self.makespan = makespan;
        true
    }

    /// True when `i` lies on a longest path.
    #[inline]
    pub fn is_critical(&self, p: &ShopProblem, i: u32) -> bool {
        self.head[i as usize] + self.dur(p, i) + self.tail[i as usize] == self.makespan
    }

    /// Takes `v` out of its machine sequence.
    pub fn remove(&mut self, p: &ShopProblem, v: u32) {
        let m = self.machine(p, v) as usize;
        let k = self.pos[v as usize] as usize;
        self.seq[m].remove(k);
        for (j, &o) in self.seq[m].iter().enumerate().skip(k) {
            self.pos[o as usize] = j as u32;
        }
    }

    /// Puts `v` with option `opt` at `index` of that option's machine sequence.
    pub fn insert(&mut self, p: &ShopProblem, v: u32, opt: u32, index: usize) {
        self.opt[v as usize] = opt;
        let m = p.opt_machine[opt as usize] as usize;
        self.seq[m].insert(index, v);
        for (j, &o) in self.seq[m].iter().enumerate().skip(index) {
            self.pos[o as usize] = j as u32;
        }
    }
}
