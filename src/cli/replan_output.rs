//! What `takt replan` prints for people: the events, the published plan at the new facts against the
//! re-plan, what moved and why.

use super::out::outln;
use super::time::at;
use std::path::Path;
use takt::outcome::Outcome;
use takt::replan::{Change, OrderStatus};
use takt::solution::Kpis;

fn change(before: f64, after: f64) -> String {
    format!("{before:.2} -> {after:.2} ({:+.2})", after - before)
}

/// The human-readable summary of a re-plan.
pub fn print_replan_summary(outcome: &Outcome, out_dir: &Path) {
    let instance = &outcome.instance;
    let (Some(facts), Some(k)) = (&outcome.replan, &outcome.kpis) else {
        return;
    };
    let c = &facts.changes;
    outln!(
        "takt replan: {} at now = {} after {} event(s)",
        instance.name(),
        at(instance, facts.now),
        facts.events.len()
    );
    for e in &facts.events {
        outln!("  event        {e}");
    }
    let p: &Kpis = &facts.published.kpis;
    let doing_nothing = if facts.published.feasible {
        "the published plan at the new facts (doing nothing)".to_string()
    } else {
        "the published plan at the new facts, which no longer holds".to_string()
    };
    outln!("  figures      {doing_nothing} -> the re-plan");
    let mut rows: Vec<(&str, String)> = vec![
        ("objective", change(p.objective, k.objective)),
        (
            "tardiness",
            format!(
                "{} weighted; late orders {} -> {}",
                change(p.total_weighted_tardiness, k.total_weighted_tardiness),
                p.late_orders,
                k.late_orders
            ),
        ),
        ("energy cost", change(p.energy_cost, k.energy_cost)),
        ("energy kWh", change(p.energy_kwh, k.energy_kwh)),
        ("transport", change(p.transport_cost, k.transport_cost)),
        (
            "saved",
            match facts.saved {
                Some(s) => format!("{s:.2} of objective against doing nothing"),
                None => "not comparable: doing nothing is no option (see below)".into(),
            },
        ),
        (
            "stability",
            format!(
                "{:.2} penalty for moved operations; objective + penalty {:.2} after repair, {:.2} improved",
                facts.stability_penalty, facts.repaired_cost, facts.cost
            ),
        ),
        (
            "operations",
            format!(
                "{} unchanged, {} shifted, {} re-sequenced, {} reassigned, {} new, {} cancelled, {} dropped",
                c.unchanged, c.shifted, c.resequenced, c.reassigned, c.new, c.cancelled, c.dropped
            ),
        ),
        (
            "moved",
            format!(
                "{:.1}% of the kept operations ({:.1}% re-sequenced or reassigned)",
                100.0 * facts.moved_share,
                100.0 * facts.resequenced_share
            ),
        ),
        (
            "elapsed",
            format!(
                "{:.1} ms (repair {:.1} ms), plan checked",
                outcome.elapsed_seconds * 1e3,
                facts.repair_seconds * 1e3
            ),
        ),
        (
            "plan",
            format!(
                "{}, diff {}, page {}, instance after the events {}",
                out_dir.join("schedule.csv").display(),
                out_dir.join("diff.csv").display(),
                out_dir.join("plan.html").display(),
                out_dir.join("instance").display()
            ),
        ),
    ];
    rows.retain(|(_, v)| !v.is_empty());
    for (label, value) in rows {
        outln!("  {label:<12} {value}");
    }
    for why in &facts.published.why_not {
        outln!("  published    {why}");
    }
    for o in &facts.order_changes {
        outln!(
            "  order        {}: {}",
            o.order,
            describe(instance, o.before, o.after)
        );
    }
    for u in &outcome.unplanned {
        outln!("  unplanned    {}: {}", u.order, u.reason);
    }
    for note in &outcome.notes {
        outln!("  note         {note}");
    }
    let first_moves: Vec<String> = facts
        .diff
        .changed()
        .filter(|c| matches!(c.change, Change::Resequenced | Change::Reassigned))
        .take(5)
        .map(|c| {
            let machine = |s: Option<takt::solution::ScheduledOp>| {
                s.map_or("-".to_string(), |s| {
                    instance.machine(s.machine).name.clone()
                })
            };
            format!(
                "{} step {} {} ({}) -> {} at {}",
                c.order,
                c.step + 1,
                machine(c.old),
                c.change.as_str(),
                machine(c.new),
                c.new.map_or("-".into(), |s| at(instance, s.start))
            )
        })
        .collect();
    if !first_moves.is_empty() {
        outln!("  first moves  {}", first_moves.join("; "));
    }
}

fn describe(instance: &takt::model::Instance, before: OrderStatus, after: OrderStatus) -> String {
    match (before, after) {
        (OrderStatus::Absent, _) => format!("new, {}", status(instance, after)),
        (_, OrderStatus::Absent) => "cancelled".to_string(),
        _ => format!(
            "{} -> {}",
            status(instance, before),
            status(instance, after)
        ),
    }
}

fn status(instance: &takt::model::Instance, s: OrderStatus) -> String {
    match s {
        OrderStatus::Absent => "absent".into(),
        OrderStatus::Unplanned => "unplanned".into(),
        OrderStatus::OnTime { arrival } => format!("on time (arrives {})", at(instance, arrival)),
        OrderStatus::Late { arrival, tardiness } => {
            format!(
                "late (arrives {}, {tardiness} min late)",
                at(instance, arrival)
            )
        }
    }
}
