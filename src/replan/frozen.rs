//! The frozen horizon: what started before `now` is history, what starts in the published window is
//! penalised more when it moves, the rest is free.
//!
//! An operation is **frozen** when its baseline start lies before `now`: it keeps its machine and its
//! start, and its end moves only when an overrun is reported. Every other operation starts at `now` or
//! later.

pub use crate::model::Horizon;
use crate::model::{Instance, OrderId, Priority, SiteId, Window};
use crate::solution::{Schedule, ScheduledOp, order_outcomes};
use std::collections::HashMap;

/// The baseline plan seen against a (possibly changed) instance, matched by order name and step.
#[derive(Clone, Debug)]
pub(crate) struct BaselineMap {
    /// By operation of the target instance: its baseline placement (with the target's op id), `None`
    /// for operations of orders that are new or were unplanned in the baseline.
    pub placements: Vec<Option<ScheduledOp>>,
    /// By operation of the target instance: frozen (started before `now` in the baseline).
    pub frozen: Vec<bool>,
    /// By operation of the base instance: its baseline placement (orders cancelled since
    /// included).
    pub base_placements: Vec<Option<ScheduledOp>>,
    /// By operation of the target instance: its baseline placement draws power inside a window
    /// whose price rose (its moves cost `repriced_factor` times the usual, see
    /// [`crate::solution::StabilityWeights`]); all false until [`BaselineMap::mark_repriced`].
    pub repriced: Vec<bool>,
    /// By order of the target instance: of priority `high` there, with a due date, and on time in
    /// the baseline (making it late costs the `high_late_penalty`).
    pub on_time_high: Vec<bool>,
    /// The baseline's transfers that left before `now`, for the target's orders: under way, kept
    /// as they are.
    pub departed: Vec<crate::solution::PlannedTransfer>,
    /// The baseline's transfers that leave at or after `now`, for the target's orders: tried
    /// first where their orders start again.
    pub transfers: Vec<crate::solution::PlannedTransfer>,
}

impl BaselineMap {
    /// Matches `baseline` (a plan for `base`) against `target` by order name and step.
    pub fn new(base: &Instance, baseline: &Schedule, target: &Instance, horizon: &Horizon) -> Self {
        let placed = baseline.by_op(base);
        let base_orders: HashMap<&str, OrderId> = base
            .order_ids()
            .map(|o| (base.order(o).name.as_str(), o))
            .collect();
        let mut placements = vec![None; target.ops().len()];
        let mut frozen = vec![false; target.ops().len()];
        let mut on_time_high = vec![false; target.orders().len()];
        let mut on_time_before = vec![false; base.orders().len()];
        if target.has_priorities() {
            for o in order_outcomes(base, baseline) {
                on_time_before[o.order.index()] = o.tardiness == 0;
            }
        }
        for order in target.order_ids() {
            let Some(&old) = base_orders.get(target.order(order).name.as_str()) else {
                continue;
            };
            let now = target.order(order);
            on_time_high[order.index()] = now.value.priority == Priority::High
                && now.due.is_some()
                && on_time_before[old.index()];
            let old_ops = base.order_plan(old).op_ids();
            for (new_op, old_op) in target.order_plan(order).op_ids().zip(old_ops) {
                if let Some(mut s) = placed[old_op.index()] {
                    s.op = new_op;
                    frozen[new_op.index()] = horizon.is_frozen(s.start);
                    placements[new_op.index()] = Some(s);
                }
            }
        }
        let (departed, transfers) = super::transfers::split_at(base, baseline, target, horizon.now);
        Self {
            departed,
            transfers,
            repriced: vec![false; placements.len()],
            on_time_high,
            placements,
            frozen,
            base_placements: placed,
        }
    }

    /// Marks the unfrozen operations whose baseline placement draws power (in `target`) inside
    /// one of `rises` (windows by site whose price rose).
    pub fn mark_repriced(&mut self, target: &Instance, rises: &[(SiteId, Window)]) {
        if rises.is_empty() {
            return;
        }
        for (slot, placed) in self.repriced.iter_mut().zip(&self.placements) {
            let Some(p) = placed else { continue };
            let site = target.machine(p.machine).site;
            *slot = !self.frozen[p.op.index()]
                && target.power_kw(p.machine, p.mode) > 0.0
                && rises
                    .iter()
                    .any(|&(s, w)| s == site && Window::new(p.start, p.end).overlaps(&w));
        }
    }

    /// Drops the placements of every unfrozen operation (a plan made afresh after history).
    pub fn forget_unfrozen(&mut self) {
        for (slot, frozen) in self.placements.iter_mut().zip(&self.frozen) {
            if !frozen {
                *slot = None;
            }
        }
    }

    /// True when some operation of `order` is frozen.
    pub fn order_started(&self, target: &Instance, order: OrderId) -> bool {
        target
            .order_plan(order)
            .op_ids()
            .any(|op| self.frozen[op.index()])
    }
}
