//! The time range every value, and every time computed from values, must stay within.
//!
//! Plans are read back with the same limit as instances (`|t| <= MAX_MINUTES`), so an instance is
//! only accepted when no plan of it can end beyond that: **the latest time the instance gives
//! (release, delivery ETA, transfer arrival, downtime end, end of a price period) plus all of its work (every
//! operation at its longest eligible duration, every minimum lag, every order's longest shipping
//! route) must not exceed [`MAX_MINUTES`]**. A plan that starts work no earlier than needed ends
//! before that sum, so whatever takt writes reads back; sums of times computed anywhere stay far
//! from `i64` overflow.

use super::{
    DeliveryId, InstanceBuilder, LaneId, MachineId, ModelIssue, OrderId, ProductId, Subject,
    Transfer, TransferId,
};
use super::{ErrorCode, Minutes, PlantOption};

/// The largest magnitude of a time or duration in minutes (about 19,000 years). Input values beyond
/// it are errors, and so is an instance whose plans could end beyond it (see the module docs).
pub const MAX_MINUTES: Minutes = 10_000_000_000;

/// True when `t` lies within `[-MAX_MINUTES, MAX_MINUTES]`.
pub fn in_range(t: Minutes) -> bool {
    (-MAX_MINUTES..=MAX_MINUTES).contains(&t)
}

fn issue(
    subject: Subject,
    field: &'static str,
    message: String,
    hint: impl Into<String>,
) -> ModelIssue {
    ModelIssue {
        code: ErrorCode::OutOfRange,
        subject,
        message,
        hint: hint.into(),
        field: Some(field),
    }
}

pub(super) const RANGE_HINT: &str =
    "use times and durations within 10^10 minutes of the plan start";

/// Every time and duration the builder holds, checked against [`MAX_MINUTES`]. Open-ended price
/// periods (`end == Minutes::MAX`) are allowed.
pub(super) fn check_values(b: &InstanceBuilder) -> Vec<ModelIssue> {
    let mut issues = Vec::new();
    let mut check = |t: Minutes, subject: Subject, field: &'static str, what: String| {
        if !in_range(t) {
            issues.push(issue(
                subject,
                field,
                format!("{what} is {t} minutes, beyond the {MAX_MINUTES} takt reads"),
                RANGE_HINT,
            ));
        }
    };
    for (i, m) in b.machines.iter().enumerate() {
        let subject = Subject::Machine(MachineId::from_index(i));
        for w in &m.downtime {
            check(
                w.start,
                subject,
                "start",
                format!("a downtime start of machine '{}'", m.name),
            );
            check(
                w.end,
                subject,
                "end",
                format!("a downtime end of machine '{}'", m.name),
            );
        }
    }
    for (i, p) in b.products.iter().enumerate() {
        for (k, step) in p.steps.iter().enumerate() {
            let subject = Subject::Step(ProductId::from_index(i), k as u32);
            let label = format!("step {} of product '{}'", k + 1, p.name);
            check(
                step.min_lag,
                subject,
                "min_lag",
                format!("the minimum lag of {label}"),
            );
            for o in &step.options {
                check(o.setup, subject, "setup", format!("the setup of {label}"));
            }
        }
    }
    for (i, o) in b.orders.iter().enumerate() {
        let subject = Subject::Order(OrderId::from_index(i));
        check(
            o.release,
            subject,
            "release",
            format!("the release of order '{}'", o.name),
        );
        if let Some(due) = o.due {
            check(
                due,
                subject,
                "due",
                format!("the due time of order '{}'", o.name),
            );
        }
        if let Some(deadline) = o.deadline {
            check(
                deadline,
                subject,
                "deadline",
                format!("the deadline of order '{}'", o.name),
            );
        }
        for &(step, extra) in &o.overruns {
            let what = format!(
                "an overrun of step {} of order '{}'",
                i64::from(step) + 1,
                o.name
            );
            check(extra, subject, "extra", what);
        }
    }
    for (i, l) in b.lanes.iter().enumerate() {
        let subject = Subject::Lane(LaneId::from_index(i));
        check(
            l.transit,
            subject,
            "transit",
            format!("the transit of lane '{}'", l.name),
        );
    }
    for (i, d) in b.deliveries.iter().enumerate() {
        let subject = Subject::Delivery(DeliveryId::from_index(i));
        check(
            d.eta,
            subject,
            "eta",
            format!("the ETA of delivery '{}'", d.name),
        );
    }
    for (i, t) in b.transfers.iter().enumerate() {
        let subject = Subject::Transfer(TransferId::from_index(i));
        let what = |column: &str| format!("the {column} of transfer '{}'", t.name);
        check(t.depart, subject, "depart", what("departure"));
        if let Some(arrive) = t.arrive {
            check(arrive, subject, "arrive", what("arrival"));
        }
    }
    for (i, p) in b.prices.iter().enumerate() {
        let subject = Subject::PricePeriod(i);
        check(
            p.window.start,
            subject,
            "start",
            format!("the start of energy price {}", i + 1),
        );
        if p.window.end != Minutes::MAX {
            check(
                p.window.end,
                subject,
                "end",
                format!("the end of energy price {}", i + 1),
            );
        }
    }
    issues
}

/// The latest time the instance gives, and where: releases, delivery ETAs, transfer arrivals,
/// downtime ends and the ends of price periods (open-ended ones excluded); at least 0.
fn latest_time(
    b: &InstanceBuilder,
    transfers: &[Transfer],
) -> (Minutes, Option<(Subject, String)>) {
    let mut latest: (Minutes, Option<(Subject, String)>) = (0, None);
    let mut see = |t: Minutes, subject: Subject, what: &dyn Fn() -> String| {
        if t > latest.0 {
            latest = (t, Some((subject, what())));
        }
    };
    for (i, o) in b.orders.iter().enumerate() {
        see(o.release, Subject::Order(OrderId::from_index(i)), &|| {
            format!("the release of order '{}'", o.name)
        });
    }
    for (i, d) in b.deliveries.iter().enumerate() {
        see(d.eta, Subject::Delivery(DeliveryId::from_index(i)), &|| {
            format!("the ETA of delivery '{}'", d.name)
        });
    }
    for (i, t) in transfers.iter().enumerate() {
        see(
            t.arrival(),
            Subject::Transfer(TransferId::from_index(i)),
            &|| format!("the arrival of transfer '{}'", t.name),
        );
    }
    for (i, w) in b.lane_windows.iter().enumerate() {
        // A shipment entering just before a slower window ends arrives its extra minutes later.
        let extra = match w.effect {
            super::LaneEffect::Slower { extra } => extra.max(0),
            super::LaneEffect::Closed => 0,
        };
        see(
            w.window.end.saturating_add(extra),
            Subject::LaneWindow(i),
            &|| format!("the end of lane window {} plus its extra minutes", i + 1),
        );
    }
    for (i, m) in b.machines.iter().enumerate() {
        for w in &m.downtime {
            see(w.end, Subject::Machine(MachineId::from_index(i)), &|| {
                format!("the end of a downtime of machine '{}'", m.name)
            });
        }
    }
    for (i, p) in b.prices.iter().enumerate() {
        if p.window.end != Minutes::MAX {
            see(p.window.end, Subject::PricePeriod(i), &|| {
                format!("the end of energy price {}", i + 1)
            });
        }
    }
    latest
}

/// The work of one order at its longest: per operation the longest eligible duration plus the
/// minimum lag, plus the slowest candidate shipping route among its plants. `durations[k]` lists the
/// durations of step `k` on the machines of the order's plants.
pub(super) fn order_work(
    durations: &[Vec<Minutes>],
    lags: &[Minutes],
    plants: &[PlantOption],
) -> Minutes {
    let mut work: Minutes = 0;
    for (k, options) in durations.iter().enumerate() {
        let longest = options.iter().copied().max().unwrap_or(0);
        work = work
            .saturating_add(longest)
            .saturating_add(lags.get(k).copied().unwrap_or(0));
    }
    let transit = plants
        .iter()
        .flat_map(|p| p.routes.iter().map(|r| r.transit))
        .max()
        .unwrap_or(0);
    work.saturating_add(transit)
}

/// Checks the horizon rule of the module docs; `work[i]` is order `i`'s [`order_work`]. The issue
/// is placed at the order whose work takes the sum beyond [`MAX_MINUTES`].
pub(super) fn check_horizon(
    b: &InstanceBuilder,
    transfers: &[Transfer],
    work: &[Minutes],
) -> Option<ModelIssue> {
    let (latest, source) = latest_time(b, transfers);
    let mut end = latest;
    for (i, &w) in work.iter().enumerate() {
        end = end.saturating_add(w);
        if end <= MAX_MINUTES {
            continue;
        }
        let order = &b.orders[i];
        let subject = Subject::Order(OrderId::from_index(i));
        let from = match &source {
            Some((s, what)) if *s == subject => format!("{what} (minute {latest})"),
            Some((_, what)) => {
                format!("the latest time the instance gives, {what} (minute {latest}),")
            }
            None => "minute 0".to_string(),
        };
        let shown = if end == Minutes::MAX {
            "beyond i64".to_string()
        } else {
            format!("at minute {end}")
        };
        let message = format!(
            "a plan could end {shown}, beyond the {MAX_MINUTES} minutes plans are written in: {from} \
             plus the work of the orders up to '{}' ({} minutes: every step at its longest, lags and \
             transit)",
            order.name,
            end.saturating_sub(latest)
        );
        // When the latest time alone takes more than half the range, it is what to change: the
        // issue goes to its row (a transfer's arrival, a delivery's ETA, ...).
        let (subject, field) = match &source {
            Some((s, _)) if latest > MAX_MINUTES / 2 && latest_field(*s).is_some() => {
                (*s, latest_field(*s).unwrap_or("end"))
            }
            Some((s, _)) if *s == subject => (subject, "release"),
            _ => (subject, "quantity"),
        };
        return Some(issue(
            subject,
            field,
            message,
            "shorten the durations or quantities, or bring the instance's times closer to the plan \
             start: the latest time given plus all the work must stay within 10^10 minutes",
        ));
    }
    None
}

/// The column holding the time [`latest_time`] found for `subject`, where the subject's row holds
/// it (a machine's downtime lies in `downtime.csv`, not on the machine's row: `None`).
fn latest_field(subject: Subject) -> Option<&'static str> {
    match subject {
        Subject::Order(_) => Some("release"),
        Subject::Delivery(_) => Some("eta"),
        Subject::Transfer(_) => Some("arrive"),
        Subject::PricePeriod(_) | Subject::LaneWindow(_) => Some("end"),
        _ => None,
    }
}
