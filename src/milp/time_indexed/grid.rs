//! The start grid of the time-indexed model: which starts each operation may take on each machine.

use super::super::horizon::Horizon;
use super::super::scope::Scope;
use crate::model::{Instance, MachineId, Minutes, OpId};

/// Grid steps tried from fine to coarse (minutes); all divide an hour or are whole hours, so that
/// hourly tariff changes lie on the grid.
pub(crate) const BUCKETS: [Minutes; 9] = [1, 2, 5, 10, 15, 30, 60, 120, 240];

/// First grid point at or after `t`.
pub(crate) fn ceil_to(t: Minutes, bucket: Minutes) -> Minutes {
    t + (bucket - t.rem_euclid(bucket)) % bucket
}

/// Last grid point at or before `t`.
pub(crate) fn floor_to(t: Minutes, bucket: Minutes) -> Minutes {
    t - t.rem_euclid(bucket)
}

/// The grid starts of operation `op` on `machine` (duration `duration`) within its window that do
/// not overlap a downtime of the machine.
pub(crate) fn starts(
    instance: &Instance,
    horizon: &Horizon,
    op: OpId,
    machine: MachineId,
    duration: Minutes,
    bucket: Minutes,
) -> Vec<Minutes> {
    let first = ceil_to(horizon.est[op.index()], bucket);
    let last = horizon.lct[op.index()] - duration;
    let m = instance.machine(machine);
    let mut out = Vec::new();
    let mut t = first;
    while t <= last {
        match m.downtime_overlapping(t, t + duration) {
            // Jump past the downtime to the next grid point.
            Some(w) => t = ceil_to(w.end.max(t + 1), bucket),
            None => {
                out.push(t);
                t += bucket;
            }
        }
    }
    out
}

/// Number of grid starts of every operation option, without downtime (a cheap upper bound).
pub(crate) fn start_count(scope: &Scope, horizon: &Horizon, bucket: Minutes) -> Vec<Vec<usize>> {
    scope
        .options
        .iter()
        .enumerate()
        .map(|(i, options)| {
            options
                .iter()
                .map(|o| {
                    let first = ceil_to(horizon.est[i], bucket);
                    let last = horizon.lct[i] - o.duration;
                    if last < first {
                        0
                    } else {
                        ((last - first) / bucket + 1) as usize
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_rounding_handles_negative_minutes() {
        assert_eq!(ceil_to(-7, 5), -5);
        assert_eq!(ceil_to(10, 5), 10);
        assert_eq!(ceil_to(11, 5), 15);
        assert_eq!(floor_to(-7, 5), -10);
        assert_eq!(floor_to(14, 5), 10);
    }
}
