//! Applying `lane_closed` and `lane_delayed`: the lane gets a window in the instance after the
//! events. A booked transfer that has not left and that the window delays is re-routed: onto the
//! cheapest other route that still arrives by its booked arrival, else onto the route that arrives
//! soonest when that beats waiting. Otherwise (or when it left before `now`) it keeps its route and
//! arrives as late as the window makes it (it waits at the lane's origin while the lane is closed,
//! or takes its extra minutes). A note says which.
//! Shipments of finished orders and planned transfers follow from the window when the re-plan
//! ships and sources its orders again.

use super::apply::{check_window, unknown};
use super::error::{EventCode, ReplanError};
use super::events::point;
use crate::model::{
    InstanceBuilder, Lane, LaneEffect, LaneId, LaneWindow, LaneWindows, Minutes, Transfer, Window,
    routes_between,
};

/// Adds the window `effect` on lane `lane` during `window` (event `index`) to `b`, and delays the
/// booked transfers it catches; notes say which.
///
/// # Errors
/// `UNKNOWN_LANE` (with the closest id), `EMPTY_WINDOW`, `WINDOW_BEFORE_NOW` (a window starting
/// before `now`: shipments that left before `now` are history) and `BAD_LANE_DELAY` (extra minutes
/// not positive).
pub(super) fn add_lane_window(
    b: &mut InstanceBuilder,
    now: Minutes,
    index: usize,
    (lane, window, effect): (&str, Window, LaneEffect),
    notes: &mut Vec<String>,
) -> Result<(), ReplanError> {
    let Some(l) = b.lanes.iter().position(|x| x.name == lane) else {
        let names: Vec<&str> = b.lanes.iter().map(|x| x.name.as_str()).collect();
        return Err(unknown(index, EventCode::UnknownLane, "lane", lane, &names));
    };
    check_window(index, window)?;
    let plan_start = b.plan_start;
    if window.start < now {
        return Err(ReplanError::event(
            index,
            EventCode::WindowBeforeNow,
            format!(
                "the window of lane '{lane}' starts at {}, before now ({}); shipments that left \
                 before now are history",
                point(plan_start, window.start),
                point(plan_start, now)
            ),
            "start the window at now or later (a lane closed since earlier is closed from now on \
             for the plan)",
        ));
    }
    if let LaneEffect::Slower { extra } = effect
        && extra <= 0
    {
        return Err(ReplanError::event(
            index,
            EventCode::BadLaneDelay,
            format!("lane '{lane}' is said to take {extra} minutes longer"),
            "give the minutes the lane takes longer (at least 1), or close it with lane_closed",
        ));
    }
    let id = LaneId::from_index(l);
    b.lane_windows.push(LaneWindow {
        lane: id,
        window,
        effect,
    });
    let timing = LaneWindows::new(b.lanes.len(), &b.lane_windows);
    let sites = b.sites.len();
    for t in b.transfers.iter_mut().filter(|t| t.lanes.contains(&id)) {
        let arrival = t.arrival();
        let now_arrives = timing.travel(&b.lanes, &t.lanes, t.depart);
        if now_arrives <= arrival {
            continue;
        }
        let name = |l: &LaneId| b.lanes[l.index()].name.as_str();
        let booked: Vec<&str> = t.lanes.iter().map(name).collect();
        if t.depart >= now
            && let Some((route, arrive)) =
                reroute(sites, (&b.lanes, &timing), t, (arrival, now_arrives))
        {
            let lanes: Vec<&str> = route.iter().map(name).collect();
            notes.push(format!(
                "booked transfer '{}' re-routed from {} to {} around lane '{lane}': arrives at {} \
                 (booked {}; waiting on its route: {})",
                t.name,
                booked.join(" > "),
                lanes.join(" > "),
                point(plan_start, arrive),
                point(plan_start, arrival),
                point(plan_start, now_arrives)
            ));
            t.lanes = route;
            t.arrive = Some(arrive);
            continue;
        }
        let why = if t.depart < now {
            "it left before now"
        } else {
            "no other route arrives sooner"
        };
        notes.push(format!(
            "booked transfer '{}' now arrives at {} instead of {} (lane '{lane}'; it keeps its \
             route {}: {why})",
            t.name,
            point(plan_start, now_arrives),
            point(plan_start, arrival),
            booked.join(" > ")
        ));
        t.arrive = Some(now_arrives);
    }
    Ok(())
}

/// Another route for booked transfer `t`, which a window delays from `booked` to `waiting`, and its
/// arrival: the cheapest route that still arrives by `booked` (the arrival stays `booked`), else the
/// route that arrives soonest when that is before `waiting`; `None` when waiting on its own route
/// is as good. Leaving at the booked departure, every lane carrying the whole quantity.
fn reroute(
    sites: usize,
    (lanes, timing): (&[Lane], &LaneWindows),
    t: &Transfer,
    (booked, waiting): (Minutes, Minutes),
) -> Option<(Vec<LaneId>, Minutes)> {
    let candidates: Vec<(Vec<LaneId>, f64, Minutes)> =
        routes_between(sites, (lanes, timing), (t.from, t.to), t.quantity)
            .into_iter()
            .filter(|r| r.route.lanes != t.lanes)
            .map(|r| {
                let arrive = timing.travel(lanes, &r.route.lanes, t.depart);
                (r.route.lanes, r.route.cost_per_unit, arrive)
            })
            .collect();
    let in_time = candidates
        .iter()
        .filter(|c| c.2 <= booked)
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.2.cmp(&b.2)));
    if let Some((route, _, _)) = in_time {
        return Some((route.clone(), booked));
    }
    candidates
        .into_iter()
        .filter(|c| c.2 < waiting)
        .min_by(|a, b| a.2.cmp(&b.2).then(a.1.total_cmp(&b.1)))
        .map(|(route, _, arrive)| (route, arrive))
}
