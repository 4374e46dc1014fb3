//! Applying `lane_closed` and `lane_delayed`: the lane gets a window in the instance after the
//! events, and booked transfers that now reach the lane inside it arrive as late as the window makes
//! them (they wait at the lane's origin while it is closed, or take its extra minutes), with a note.
//! Shipments of finished orders and planned transfers follow from the window when the re-plan
//! ships and sources its orders again.

use super::apply::{check_window, unknown};
use super::error::{EventCode, ReplanError};
use super::events::point;
use crate::model::{InstanceBuilder, LaneEffect, LaneId, LaneWindow, LaneWindows, Minutes, Window};

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
    for t in b.transfers.iter_mut().filter(|t| t.lanes.contains(&id)) {
        let arrival = t.arrival();
        let now_arrives = timing.travel(&b.lanes, &t.lanes, t.depart);
        if now_arrives > arrival {
            notes.push(format!(
                "booked transfer '{}' now arrives at {} instead of {} (lane '{lane}')",
                t.name,
                point(plan_start, now_arrives),
                point(plan_start, arrival)
            ));
            t.arrive = Some(now_arrives);
        }
    }
    Ok(())
}
