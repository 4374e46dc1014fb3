//! The job-shop view of an instance: operations in compact arrays with job precedence, lags, release
//! dates and machine options. Used by the makespan tabu search.

use crate::model::{Instance, Minutes, OpId, OrderId};

/// Marks "no operation" in predecessor / successor arrays.
pub(crate) const NONE: u32 = u32::MAX;

/// Operations of the planned orders in compact arrays indexed by a dense local index.
#[derive(Clone, Debug)]
pub(crate) struct ShopProblem {
    /// Local index -> operation id of the instance.
    pub op_ids: Vec<OpId>,
    /// Number of machines (machine ids are instance machine indices).
    pub machines: usize,
    /// Previous operation of the same order, or [`NONE`].
    pub job_pred: Vec<u32>,
    /// Next operation of the same order, or [`NONE`].
    pub job_succ: Vec<u32>,
    /// Minimum minutes between the job predecessor's end and this operation's start.
    pub lag: Vec<Minutes>,
    /// Earliest start (the order's release for every operation; binding on the first).
    pub release: Vec<Minutes>,
    /// Options of operation `i` are `opt_first[i]..opt_first[i + 1]`.
    pub opt_first: Vec<u32>,
    /// Machine of each option.
    pub opt_machine: Vec<u32>,
    /// Duration of each option.
    pub opt_dur: Vec<Minutes>,
}

impl ShopProblem {
    /// The job-shop view of `orders` (all their operations) in `instance`.
    pub fn new(instance: &Instance, orders: &[OrderId]) -> Self {
        let mut p = ShopProblem {
            op_ids: Vec::new(),
            machines: instance.machines().len(),
            job_pred: Vec::new(),
            job_succ: Vec::new(),
            lag: Vec::new(),
            release: Vec::new(),
            opt_first: vec![0],
            opt_machine: Vec::new(),
            opt_dur: Vec::new(),
        };
        for &order in orders {
            let release = instance.order(order).release;
            let mut prev = NONE;
            for op_id in instance.order_plan(order).op_ids() {
                let i = p.op_ids.len() as u32;
                let op = instance.op(op_id);
                p.op_ids.push(op_id);
                p.job_pred.push(prev);
                p.job_succ.push(NONE);
                if prev != NONE {
                    p.job_succ[prev as usize] = i;
                }
                p.lag.push(op.min_lag);
                p.release.push(release);
                for o in &op.options {
                    p.opt_machine.push(o.machine.0);
                    p.opt_dur.push(o.duration);
                }
                p.opt_first.push(p.opt_machine.len() as u32);
                prev = i;
            }
        }
        p
    }

    /// Number of operations.
    pub fn len(&self) -> usize {
        self.op_ids.len()
    }

    /// Absolute option indices of operation `i`.
    pub fn options(&self, i: u32) -> std::ops::Range<u32> {
        self.opt_first[i as usize]..self.opt_first[i as usize + 1]
    }
}
