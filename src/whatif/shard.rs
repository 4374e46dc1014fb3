//! Sharding: a reproducible slice of the scenario set, so that an existing distributed engine can
//! fan a run out, and merging the slices back into exactly the result of the whole run.
//!
//! Shard `i` of `N` (written `i/N`, `1 <= i <= N`) holds the scenarios whose index `k` (0-based)
//! has `k mod N = i - 1`: interleaved, so that every shard gets a fair share of a grid's expensive
//! corner. Every scenario is a pure function of the set and its index (see
//! [`super::ScenarioSet`]), so a shard evaluates exactly what the whole run evaluates for those
//! indices; merging sorts the records by scenario and plan and checks that the shards are of one
//! run (equal [`super::RunInfo`]) and cover every scenario exactly once.

use super::error::WhatIfError;
use super::results::WhatIfResults;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One slice of a scenario set: shard `index + 1` of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 0-based shard number.
    pub index: usize,
    /// Number of shards (>= 1).
    pub count: usize,
}

impl Shard {
    /// The whole set as one shard.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Shard `number` (1-based) of `count`.
    ///
    /// # Errors
    /// [`WhatIfError::Shard`] unless `1 <= number <= count`.
    pub fn new(number: usize, count: usize) -> Result<Self, WhatIfError> {
        if count == 0 || number == 0 || number > count {
            return Err(WhatIfError::Shard {
                index: number,
                count,
                message: "give i/N with 1 <= i <= N, e.g. 2/4".into(),
            });
        }
        Ok(Self {
            index: number - 1,
            count,
        })
    }

    /// True when scenario `k` belongs to this shard.
    pub fn contains(&self, k: usize) -> bool {
        k % self.count == self.index
    }

    /// The scenario indices of this shard among `0..total`, in order.
    pub fn indices(&self, total: usize) -> impl Iterator<Item = usize> + use<> {
        (self.index..total).step_by(self.count.max(1))
    }

    /// True for the shard holding the whole set.
    pub fn is_whole(&self) -> bool {
        self.count == 1
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index + 1, self.count)
    }
}

impl FromStr for Shard {
    type Err = WhatIfError;

    /// Reads `i/N`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || WhatIfError::ShardSyntax(s.to_string());
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let i: usize = i.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        Shard::new(i, n)
    }
}

/// Merges the results of shards of one run into the results of the whole run.
///
/// # Errors
/// [`WhatIfError::Merge`] when the shards come from different runs (instance, plans, scenario set,
/// budget, ...), when a shard is missing or given twice, or when a scenario is missing.
pub fn merge(shards: Vec<WhatIfResults>) -> Result<WhatIfResults, WhatIfError> {
    let Some(first) = shards.first() else {
        return Err(WhatIfError::Merge("no shard given".into()));
    };
    let info = first.info.clone();
    let count = first.shard.count;
    let mut seen = vec![false; count];
    for s in &shards {
        if s.info != info {
            return Err(WhatIfError::Merge(format!(
                "shard {} is of another run (instance, plans, scenario set or budget differ from shard {})",
                s.shard, first.shard
            )));
        }
        if s.shard.count != count {
            return Err(WhatIfError::Merge(format!(
                "shard {} and shard {} split the run differently",
                s.shard, first.shard
            )));
        }
        if std::mem::replace(&mut seen[s.shard.index], true) {
            return Err(WhatIfError::Merge(format!(
                "shard {} is given twice",
                s.shard
            )));
        }
        if !s.complete {
            return Err(WhatIfError::Merge(format!(
                "shard {} is incomplete (cancelled or out of time): run it again",
                s.shard
            )));
        }
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(WhatIfError::Merge(format!(
            "shard {}/{count} is missing",
            missing + 1
        )));
    }
    let mut records: Vec<_> = shards.into_iter().flat_map(|s| s.records).collect();
    records.sort_by_key(|r| (r.index, r.plan));
    let plans = info.plans.len();
    let expected = info.scenario_count * plans;
    let in_order = records.len() == expected
        && records
            .iter()
            .enumerate()
            .all(|(i, r)| r.index == i / plans && r.plan == i % plans);
    if !in_order {
        return Err(WhatIfError::Merge(format!(
            "the shards hold {} records, not one per scenario and plan ({expected})",
            records.len()
        )));
    }
    Ok(WhatIfResults {
        info,
        shard: Shard::WHOLE,
        complete: true,
        records,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_interleave_and_cover_every_index_once() {
        let shards: Vec<Shard> = (1..=4).map(|i| Shard::new(i, 4).unwrap()).collect();
        let mut all: Vec<usize> = shards.iter().flat_map(|s| s.indices(10)).collect();
        all.sort();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert_eq!(shards[1].indices(10).collect::<Vec<_>>(), vec![1, 5, 9]);
        assert!(shards[1].contains(5) && !shards[1].contains(6));
    }

    #[test]
    fn shard_numbers_are_read_and_checked() {
        assert_eq!(
            "2/4".parse::<Shard>().unwrap(),
            Shard { index: 1, count: 4 }
        );
        assert_eq!("2/4".parse::<Shard>().unwrap().to_string(), "2/4");
        for bad in ["0/4", "5/4", "1/0", "x/2", "3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
