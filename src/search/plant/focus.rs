//! Where a re-plan's search looks first: the orders an event damaged and the re-priced windows to
//! move energy out of, and when it may stop.
//!
//! Re-planning after a disruption is a local problem first: most of the plan is still good, and the
//! orders on a broken machine or plant, the orders waiting for late material, the work inside a
//! re-priced window and what follows them are where a better plan is found. Large neighbourhood
//! search around that damage (Shaw 1998; Pisinger & Ropke 2007, "related removal" seeded by the
//! disruption) converges far sooner than ruining the whole plant at random; the search widens to the
//! whole plant with the moves that keep paying off (adaptive operator weights, Ropke & Pisinger
//! 2006) and stops once no better plan turns up for a while (the re-plan's budget grows with the
//! damage; see `docs/REPLAN.md`).

use super::state::PlantState;
use crate::model::{Minutes, OrderId, SiteId, Window};

/// The damage a re-plan's search starts from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Focus {
    /// Orders the events damaged (pushed, displaced, new, waiting for material, next to freed
    /// capacity); sorted, without duplicates.
    pub orders: Vec<OrderId>,
    /// Windows whose energy price rose at a site: energy-heavy work inside them is moved out when
    /// that pays.
    pub expensive: Vec<(SiteId, Window)>,
    /// Stop after this many rounds (per chain) without a better plan; `None` to run the whole
    /// budget.
    pub stall_rounds: Option<u64>,
    /// True for a local event (a re-plan's small damage): the final compaction closes idle time
    /// only in the zone around the damage and where the search moved work, not every gap the
    /// published plan had, so that a small event moves little.
    pub local: bool,
    /// True when the moves may start anywhere in the plant, not only in the zone around the
    /// damage: the repair left orders unplanned that the published plan planned (a wave of rush
    /// orders short of material), and the room for them (material a rival consumes, a slot
    /// another order holds) may be anywhere.
    pub wide: bool,
}

impl Focus {
    /// No damage and no early stop: a plain search.
    pub fn none() -> Self {
        Self::default()
    }

    /// True when there is neither damage nor a re-priced window.
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty() && self.expensive.is_empty()
    }
}

/// Planned orders with unfrozen work in an expensive window, with the energy cost of that work
/// there (most first, lower order id on ties).
pub(crate) fn orders_in_windows(state: &PlantState<'_>, focus: &Focus) -> Vec<(OrderId, f64)> {
    let instance = state.instance;
    let mut found: Vec<(OrderId, f64)> = Vec::new();
    for &(site, window) in &focus.expensive {
        for &machine in instance.machines_at(site) {
            let m = instance.machine(machine);
            if m.power_kw <= 0.0 && m.modes.iter().all(|x| x.power_kw <= 0.0) {
                continue;
            }
            // Operations starting up to a day before the window may still run into it.
            let from: Minutes = window.start.saturating_sub(24 * 60);
            for op in state.ops_on(machine, from, window.end) {
                if state.scope.is_frozen(op) {
                    continue;
                }
                let Some(p) = state.tt.placement(op) else {
                    continue;
                };
                let overlap = Window::new(p.start, p.end).overlap_len(&window);
                if overlap > 0 {
                    let cost = instance.energy_cost_in(
                        machine,
                        p.mode,
                        p.start.max(window.start),
                        p.end.min(window.end),
                    );
                    found.push((instance.op(op).order, cost));
                }
            }
        }
    }
    found.sort_by_key(|(o, _)| *o);
    let mut merged: Vec<(OrderId, f64)> = Vec::with_capacity(found.len());
    for (o, c) in found {
        match merged.last_mut() {
            Some((last, total)) if *last == o => *total += c,
            _ => merged.push((o, c)),
        }
    }
    merged.retain(|(o, _)| state.is_planned(*o));
    merged.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    merged
}
