//! Peak power rule: at every minute, the machines of a site that are busy draw together at most the
//! site's power cap (when it has one). A busy machine draws the power of the mode its operation runs
//! in; it counts once however many operations it runs (with the highest of their powers).

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::{MachineId, Minutes, OpId, SiteId};
use std::collections::BTreeMap;

/// Tolerance (kW) for sums of decimal power figures.
const POWER_EPS: f64 = 1e-6;

/// A machine starting or finishing an operation. Ends sort before starts at the same minute since
/// intervals are half-open.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Edge {
    End,
    Start,
}

#[derive(Clone, Copy)]
struct Event {
    at: Minutes,
    edge: Edge,
    machine: MachineId,
    op: OpId,
    kw: f64,
}

/// Sweeps start and end events site by site; one violation per site that exceeds its cap.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    let mut events: BTreeMap<SiteId, Vec<Event>> = BTreeMap::new();
    for s in plan.placements() {
        let Some(machine) = plan.machine(s.machine) else {
            continue;
        };
        let capped = plan
            .instance
            .sites()
            .get(machine.site.index())
            .is_some_and(|site| site.power_cap_kw.is_some());
        let kw = machine.mode_power_kw(s.mode);
        if !capped || kw <= 0.0 || s.start >= s.end {
            continue;
        }
        let list = events.entry(machine.site).or_default();
        for (at, edge) in [(s.start, Edge::Start), (s.end, Edge::End)] {
            list.push(Event {
                at,
                edge,
                machine: s.machine,
                op: s.op,
                kw,
            });
        }
    }
    for (site, mut list) in events {
        list.sort_by_key(|e| (e.at, e.edge, e.machine, e.op));
        if let Some(v) = sweep_site(plan, site, &list) {
            out.push(v);
        }
    }
}

/// The first minute the site is over its cap, with the busy machines, the peak and how many
/// separate stretches are over the cap.
fn sweep_site(plan: &Plan, site: SiteId, events: &[Event]) -> Option<Violation> {
    let cap = plan.instance.site(site).power_cap_kw?;
    // Busy machine -> operations it runs right now with their power (more than one only when it
    // overlaps itself).
    let mut busy: BTreeMap<MachineId, Vec<(OpId, f64)>> = BTreeMap::new();
    let draw = |ops: &[(OpId, f64)]| ops.iter().map(|&(_, kw)| kw).fold(0.0, f64::max);
    let mut load = 0.0;
    let mut first: Option<Violation> = None;
    let mut peak = (0.0, 0);
    let mut stretches = 0usize;
    let mut over = false;
    for group in events.chunk_by(|a, b| a.at == b.at) {
        let t = group[0].at;
        for e in group {
            match e.edge {
                Edge::Start => {
                    let ops = busy.entry(e.machine).or_default();
                    let before = draw(ops);
                    ops.push((e.op, e.kw));
                    load += draw(ops) - before;
                }
                Edge::End => {
                    if let Some(ops) = busy.get_mut(&e.machine) {
                        let before = draw(ops);
                        ops.retain(|&(op, _)| op != e.op);
                        load += draw(ops) - before;
                        if ops.is_empty() {
                            busy.remove(&e.machine);
                        }
                    }
                }
            }
        }
        if load <= cap + POWER_EPS {
            over = false;
            continue;
        }
        // Recompute exactly from the busy machines for the message (no drift from the sweep).
        let drawn: f64 = busy.values().map(|ops| draw(ops)).sum();
        if drawn <= cap + POWER_EPS {
            over = false;
            continue;
        }
        if !over {
            stretches += 1;
            over = true;
        }
        if drawn > peak.0 + POWER_EPS {
            peak = (drawn, t);
        }
        if first.is_none() {
            let names: Vec<String> = busy
                .iter()
                .map(|(&m, ops)| format!("'{}' ({} kW)", plan.machine_name(m), draw(ops)))
                .collect();
            let msg = format!(
                "site '{}' draws {drawn} kW at {t} but its cap is {cap} kW; busy machines: {}",
                plan.site_name(site),
                names.join(", ")
            );
            let ops: Vec<OpId> = busy.values().flatten().map(|&(op, _)| op).collect();
            let orders: Vec<_> = ops
                .iter()
                .filter_map(|&op| plan.op_ref(op).map(|r| r.order))
                .collect();
            first = Some(
                Violation::new(ViolationCode::PowerCapExceeded, msg)
                    .orders(orders)
                    .ops(ops)
                    .machines(busy.keys().copied())
                    .at(t),
            );
        }
    }
    let mut v = first?;
    v.message.push_str(&format!(
        "; over the cap in {stretches} stretch(es), peak {} kW at {}",
        peak.0, peak.1
    ));
    Some(v)
}
