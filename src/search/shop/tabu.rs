//! Tabu attributes of insertion moves.
//!
//! Moving `v` forward over `u1..uk` on its machine reverses the arcs `v -> ui`; re-creating any of
//! them (whichever operation moves) is tabu for a while. Moving `v` to another machine forbids it
//! from returning to the old machine for a while.

use super::insertion::InsertMove;
use super::problem::ShopProblem;
use super::state::ShopState;
use std::collections::HashMap;

/// Expiry iterations of forbidden machine arcs and forbidden machine returns.
pub(crate) struct TabuList {
    n: usize,
    machines: usize,
    arcs: Slots,
    returns: Slots,
}

/// Dense storage for small instances, a hash map above [`DENSE_LIMIT`] slots.
enum Slots {
    Dense(Vec<u64>),
    Sparse(HashMap<usize, u64>),
}

const DENSE_LIMIT: usize = 8 << 20;

impl Slots {
    fn new(size: usize) -> Self {
        if size <= DENSE_LIMIT {
            Slots::Dense(vec![0; size])
        } else {
            Slots::Sparse(HashMap::new())
        }
    }

    fn get(&self, k: usize) -> u64 {
        match self {
            Slots::Dense(v) => v[k],
            Slots::Sparse(m) => m.get(&k).copied().unwrap_or(0),
        }
    }

    fn set(&mut self, k: usize, expiry: u64) {
        match self {
            Slots::Dense(v) => v[k] = expiry,
            Slots::Sparse(m) => {
                m.insert(k, expiry);
            }
        }
    }

    fn clear(&mut self) {
        match self {
            Slots::Dense(v) => v.fill(0),
            Slots::Sparse(m) => m.clear(),
        }
    }
}

impl TabuList {
    /// An empty list for `n` operations on `machines` machines.
    pub fn new(n: usize, machines: usize) -> Self {
        Self {
            n,
            machines,
            arcs: Slots::new(n * n),
            returns: Slots::new(n * machines),
        }
    }

    fn arc(&self, from: u32, to: u32) -> usize {
        from as usize * self.n + to as usize
    }

    /// Records the attributes of `mv`, about to be applied to `s`, until `expiry`.
    pub fn record(&mut self, p: &ShopProblem, s: &ShopState, mv: &InsertMove, expiry: u64) {
        let v = mv.v;
        let machine = s.machine(p, v);
        if p.opt_machine[mv.opt as usize] != machine {
            let k = v as usize * self.machines + machine as usize;
            self.returns.set(k, expiry);
            return;
        }
        let seq = &s.seq[machine as usize];
        let i = s.pos[v as usize] as usize;
        let j = mv.index as usize;
        if j > i {
            for &u in &seq[i + 1..=j] {
                let k = self.arc(v, u);
                self.arcs.set(k, expiry);
            }
        } else {
            for &u in &seq[j..i] {
                let k = self.arc(u, v);
                self.arcs.set(k, expiry);
            }
        }
    }

    /// True when `mv` would re-create a forbidden arc or return to a forbidden machine at `now`.
    pub fn is_tabu(&self, p: &ShopProblem, s: &ShopState, mv: &InsertMove, now: u64) -> bool {
        let v = mv.v;
        let target = p.opt_machine[mv.opt as usize];
        let machine = s.machine(p, v);
        if target != machine {
            return self
                .returns
                .get(v as usize * self.machines + target as usize)
                > now;
        }
        let seq = &s.seq[machine as usize];
        let i = s.pos[v as usize] as usize;
        let j = mv.index as usize;
        if j > i {
            // New arcs u -> v for the operations v jumps over.
            seq[i + 1..=j]
                .iter()
                .any(|&u| self.arcs.get(self.arc(u, v)) > now)
        } else {
            seq[j..i]
                .iter()
                .any(|&u| self.arcs.get(self.arc(v, u)) > now)
        }
    }

    /// Forgets every attribute.
    pub fn clear(&mut self) {
        self.arcs.clear();
        self.returns.clear();
    }
}
