//! What `takt replan` prints for people: the events, three figures per KPI (the published plan at
//! the new facts, the re-plan, what the re-plan bought), energy in re-priced windows, what moved and
//! why; `--compare` adds the plan made afresh beside the re-plan. Times are date-times when the
//! instance has a plan start.

use super::out::outln;
use super::output::{class_tags, high_priority_line};
use super::time::at;
use std::path::Path;
use takt::model::Instance;
use takt::outcome::{Outcome, ReplanFacts};
use takt::replan::{Change, OrderStatus};
use takt::solution::Kpis;

/// One KPI row: its name, its value in a set of KPIs, and the decimals it prints with.
type Row = (&'static str, fn(&Kpis) -> f64, usize);

/// The KPIs the summary always compares (costs: lower is better).
const ROWS: [Row; 7] = [
    ("objective", |k| k.objective, 2),
    ("weighted tardiness", |k| k.total_weighted_tardiness, 2),
    ("late orders", |k| k.late_orders as f64, 0),
    ("energy cost", |k| k.energy_cost, 2),
    ("energy kWh", |k| k.energy_kwh, 1),
    ("transport cost", |k| k.transport_cost, 2),
    ("makespan (min)", |k| k.makespan as f64, 0),
];

/// Costs compared where the instance has them: demand charges, priced mode changes, transfers
/// of material the plans decide (part of the transport cost).
const PRICED_ROWS: [Row; 3] = [
    ("demand charge", |k| k.demand_charge, 2),
    ("mode change cost", |k| k.mode_change_cost, 2),
    ("transfer cost", |k| k.transfer_cost, 2),
];

/// Under the contribution form, what the plans earn (higher is better).
const VALUE_ROWS: [Row; 2] = [
    ("margin", |k| k.value.margin, 2),
    ("contribution", |k| k.value.contribution, 2),
];

/// The rows to print for `instance` and the plans `kpis`, each with whether a higher value is
/// better: [`ROWS`], the priced costs some plan has, and the value rows under the contribution
/// form.
fn rows(instance: &Instance, kpis: &[&Kpis]) -> Vec<(Row, bool)> {
    let mut rows: Vec<(Row, bool)> = ROWS.iter().map(|&r| (r, false)).collect();
    for row in PRICED_ROWS {
        if kpis.iter().any(|k| row.1(k) != 0.0) {
            rows.push((row, false));
        }
    }
    if instance.form() == takt::model::ObjectiveForm::Contribution {
        rows.extend(VALUE_ROWS.iter().map(|&r| (r, true)));
    }
    rows
}

/// The human-readable summary of a re-plan.
pub fn print_replan_summary(outcome: &Outcome, out_dir: &Path) {
    let instance = &outcome.instance;
    let (Some(facts), Some(k)) = (&outcome.replan, &outcome.kpis) else {
        return;
    };
    outln!(
        "takt replan: {} at now = {} after {} event(s){}",
        instance.name(),
        at(instance, facts.now),
        facts.events.len(),
        if outcome.solver == "replan_from_scratch" {
            ", planned afresh after history (--from-scratch)"
        } else {
            ""
        }
    );
    for e in &facts.events {
        outln!("  event        {e}");
    }
    let p = &facts.published.kpis;
    let holds = if facts.published.feasible {
        "holds"
    } else {
        "no longer holds"
    };
    outln!(
        "  {:<20} {:>16} {:>16} {:>16}",
        "",
        "published plan",
        "re-plan",
        "re-plan bought"
    );
    outln!(
        "  {:<20} {:>16} {:>16} {:>16}",
        "",
        format!("(new facts; {holds})"),
        "",
        "(+: re-plan better)"
    );
    for ((name, value, decimals), higher_is_better) in rows(instance, &[p, k]) {
        let (before, after) = (value(p), value(k));
        // What the re-plan bought: a cost it saves, or a value it adds.
        let bought = if higher_is_better {
            after - before
        } else {
            before - after
        };
        outln!(
            "  {:<20} {:>16} {:>16} {:>16}",
            name,
            format!("{before:.decimals$}"),
            format!("{after:.decimals$}"),
            format!("{bought:+.decimals$}")
        );
    }
    for w in &facts.price_windows {
        outln!(
            "  {:<20} {:>16} {:>16} {:>16}",
            format!("kWh in {} window", w.site),
            format!("{:.1}", w.published_kwh),
            format!("{:.1}", w.replan_kwh),
            format!("{:+.1}", w.published_kwh - w.replan_kwh)
        );
        outln!(
            "  {:<20} {:>16} {:>16} {:>16}",
            "  its energy cost",
            format!("{:.2}", w.published_energy_cost),
            format!("{:.2}", w.replan_energy_cost),
            format!("{:+.2}", w.published_energy_cost - w.replan_energy_cost)
        );
    }
    for w in &facts.price_windows {
        // A price change without an end holds from its start on.
        let end = if w.end == i64::MAX {
            "open end".to_string()
        } else {
            at(instance, w.end)
        };
        outln!(
            "  window       {} at site '{}': [{}, {end})",
            "re-priced",
            w.site,
            at(instance, w.start),
        );
    }
    let c = &facts.changes;
    let priority = high_priority_line(&k.priority).map_or(String::new(), |line| {
        let p = &facts.published.kpis.priority;
        let became: Vec<&str> = facts
            .order_changes
            .iter()
            .filter(|o| o.high_priority_became_late())
            .map(|o| o.order.as_str())
            .collect();
        format!(
            "{line}; the published plan at the new facts: {} late, {} left out{}",
            p.high_priority_late,
            p.high_priority_left_out,
            if became.is_empty() {
                String::new()
            } else {
                format!("; became late: {}", became.join(", "))
            }
        )
    });
    let mut rows: Vec<(&str, String)> = vec![
        (
            "saved",
            match facts.saved {
                Some(s) => format!("{s:.2} of objective against doing nothing"),
                None => "not comparable: doing nothing is no option (see 'published' below)".into(),
            },
        ),
        ("priority", priority),
        (
            "penalties",
            format!(
                "stability {:.2}{}; objective + penalties {:.2} after repair, {:.2} re-planned",
                facts.stability_penalty,
                if facts.risk_penalty > 0.0 {
                    format!(", risk {:.2}", facts.risk_penalty)
                } else {
                    String::new()
                },
                facts.repaired_cost,
                facts.cost
            ),
        ),
        (
            "operations",
            format!(
                "{} unchanged, {} shifted in time, {} re-sequenced on their machine, {} moved to \
                 another machine, {} new, {} cancelled, {} dropped{}",
                c.unchanged,
                c.shifted,
                c.resequenced,
                c.reassigned,
                c.new,
                c.cancelled,
                c.dropped,
                if c.deferred > 0 {
                    format!(", {} deferred", c.deferred)
                } else {
                    String::new()
                }
            ),
        ),
        (
            "moved",
            format!(
                "{:.1}% of the kept operations ({:.1}% re-sequenced or on another machine)",
                100.0 * facts.moved_share,
                100.0 * facts.resequenced_share
            ),
        ),
        (
            "improvement",
            format!(
                "{} damaged order(s){}; {:.1} ms, {} round(s), stopped: {}",
                facts.improvement.damaged_orders,
                if facts.improvement.large_damage {
                    " (large damage: the whole budget)"
                } else {
                    ""
                },
                facts.improvement.seconds * 1e3,
                facts.improvement.rounds,
                facts.improvement.stopped
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
            "  order        {}{}: {}",
            o.order,
            match o.priority {
                takt::model::Priority::Normal => String::new(),
                p => format!(" ({p})"),
            },
            describe(instance, o.before, o.after)
        );
    }
    let class_tag = class_tags(instance);
    for u in &outcome.unplanned {
        outln!(
            "  unplanned    {}{}: {}",
            u.order,
            class_tag(&u.order),
            u.reason
        );
    }
    for note in &outcome.notes {
        outln!("  note         {note}");
    }
    print_first_moves(instance, facts);
}

/// The first operations that changed machine or predecessor.
fn print_first_moves(instance: &Instance, facts: &ReplanFacts) {
    let machine = |s: Option<takt::solution::ScheduledOp>| {
        s.map_or("-".to_string(), |s| {
            instance.machine(s.machine).name.clone()
        })
    };
    let first_moves: Vec<String> = facts
        .diff
        .changed()
        .filter(|c| matches!(c.change, Change::Resequenced | Change::Reassigned))
        .take(5)
        .map(|c| {
            let what = match c.change {
                Change::Reassigned => "to another machine",
                _ => "re-sequenced",
            };
            format!(
                "{} step {} {} ({what}) -> {} at {}",
                c.order,
                c.step + 1,
                machine(c.old),
                machine(c.new),
                c.new.map_or("-".into(), |s| at(instance, s.start))
            )
        })
        .collect();
    if !first_moves.is_empty() {
        outln!("  first moves  {}", first_moves.join("; "));
    }
}

/// The re-plan and the plan made afresh side by side (`--compare`).
pub fn print_comparison(replan: &Outcome, fresh: &Outcome) {
    let (Some(r), Some(f)) = (&replan.replan, &fresh.replan) else {
        return;
    };
    let (Some(rk), Some(fk)) = (&replan.kpis, &fresh.kpis) else {
        return;
    };
    outln!("takt replan --compare: the re-plan beside a plan made afresh after history");
    outln!(
        "  {:<20} {:>16} {:>16} {:>16}",
        "",
        "published plan",
        "re-plan",
        "from scratch"
    );
    let published = &r.published.kpis;
    for ((name, value, decimals), _) in rows(&replan.instance, &[published, rk, fk]) {
        outln!(
            "  {:<20} {:>16} {:>16} {:>16}",
            name,
            format!("{:.decimals$}", value(published)),
            format!("{:.decimals$}", value(rk)),
            format!("{:.decimals$}", value(fk))
        );
    }
    type Row = (&'static str, fn(&ReplanFacts) -> String);
    let rows: [Row; 4] = [
        ("stability penalty", |x| {
            format!("{:.2}", x.stability_penalty)
        }),
        ("objective+penalties", |x| format!("{:.2}", x.cost)),
        ("moved %", |x| format!("{:.1}", 100.0 * x.moved_share)),
        ("re-sequenced %", |x| {
            format!("{:.1}", 100.0 * x.resequenced_share)
        }),
    ];
    for (name, value) in rows {
        outln!(
            "  {:<20} {:>16} {:>16} {:>16}",
            name,
            "",
            value(r),
            value(f)
        );
    }
    outln!(
        "  {:<20} {:>16} {:>16} {:>16}",
        "elapsed ms",
        "",
        format!("{:.1}", replan.elapsed_seconds * 1e3),
        format!("{:.1}", fresh.elapsed_seconds * 1e3)
    );
}

fn describe(instance: &Instance, before: OrderStatus, after: OrderStatus) -> String {
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

fn status(instance: &Instance, s: OrderStatus) -> String {
    match s {
        OrderStatus::Absent => "absent".into(),
        OrderStatus::Unplanned => "unplanned".into(),
        OrderStatus::Dropped => "dropped (not worth making)".into(),
        OrderStatus::Deferred => "deferred beyond the horizon".into(),
        OrderStatus::OnTime { arrival } => format!("on time (arrives {})", at(instance, arrival)),
        OrderStatus::Late { arrival, tardiness } => {
            format!(
                "late (arrives {}, {tardiness} min late)",
                at(instance, arrival)
            )
        }
    }
}
