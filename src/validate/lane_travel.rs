//! Travel times along lanes with their windows, re-derived from the instance's lane windows as
//! given (not from the solvers' travel function): a shipment enters a lane when it leaves the lane's
//! origin, waits there while the lane is closed, and takes the lane's transit plus the largest
//! `extra` of the slower windows covering its entry.

use crate::model::{Instance, LaneEffect, LaneId, Minutes};

/// A shipment's travel along its lanes: when it arrives, and what the windows did on the way.
pub(super) struct Travel {
    /// Arrival at the last lane's destination (wide, so that no sum overflows).
    pub arrive: i128,
    /// One line per wait or slow-down, for the violation's message.
    pub notes: Vec<String>,
}

/// The travel of a shipment that leaves at `depart` along `lanes` (all known to the instance).
pub(super) fn travel(instance: &Instance, lanes: &[LaneId], depart: Minutes) -> Travel {
    let windows = instance.lane_windows();
    let mut t = i128::from(depart);
    let mut notes = Vec::new();
    for &id in lanes {
        let lane = &instance.lanes()[id.index()];
        let covering = |at: i128| {
            windows.iter().filter(move |w| {
                w.lane == id && i128::from(w.window.start) <= at && at < i128::from(w.window.end)
            })
        };
        let reached = t;
        while let Some(reopen) = covering(t)
            .filter(|w| w.effect == LaneEffect::Closed)
            .map(|w| i128::from(w.window.end))
            .max()
        {
            t = reopen;
        }
        if t > reached {
            notes.push(format!(
                "lane '{}' is closed from {reached} to {t}: it waits",
                lane.name
            ));
        }
        let extra = covering(t)
            .filter_map(|w| match w.effect {
                LaneEffect::Slower { extra } => Some(i128::from(extra)),
                LaneEffect::Closed => None,
            })
            .max()
            .unwrap_or(0);
        if extra > 0 {
            notes.push(format!(
                "lane '{}' takes {extra} minutes more when entered at {t}",
                lane.name
            ));
        }
        t += i128::from(lane.transit) + extra;
    }
    Travel { arrive: t, notes }
}
