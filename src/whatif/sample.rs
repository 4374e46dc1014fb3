//! Sampled scenarios: events drawn from [`Risk`]s with a seed (Monte-Carlo simulation).
//!
//! Scenario `k` draws from its own random stream: a ChaCha8 generator seeded with the run's seed,
//! switched to stream `k` (`set_stream`). Scenario `k` is therefore the same whichever thread or
//! shard draws it, and whatever other scenarios are drawn. Within a scenario the risks are drawn in
//! file order, each over its targets in id order:
//! - a **delivery delay** hits each targeted delivery still under way at `now` (ETA after `now`)
//!   with its probability; the delay is drawn in minutes, rounded to whole minutes; delays of
//!   several rows on one delivery add up; a `delivery_delayed` event moves the ETA;
//! - a **machine failure** row draws the failures of each targeted machine from `now` to the
//!   horizon's end: the time to the next failure is exponential with mean `mtbf`, each failure is a
//!   `machine_down` event lasting the drawn repair time (at least a minute), and the next failure
//!   comes after the repair;
//! - a **price spike** hits each targeted site with its probability: a start drawn uniformly so that
//!   the spike ends by the horizon's end, the factor drawn, and one `price_change` event per tariff
//!   period in the window.
//!
//! The horizon runs from `now` to the latest end of the published plan(s), the span where events
//! matter.

use super::risks::{DeliveryTarget, Risk, RiskIssue, Target};
use super::scenario::Scenario;
use super::spike::spike_events;
use crate::io::MAX_MINUTES;
use crate::model::{Instance, Minutes, SiteId, Tariff, Window};
use crate::replan::Event;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Draws scenarios from risks: `samples` scenarios, scenario `k` from random stream `k` of `seed`.
#[derive(Clone, Debug, Serialize)]
pub struct Sampler {
    risks: Vec<Risk>,
    seed: u64,
    samples: usize,
    now: Minutes,
    horizon_end: Minutes,
    /// The risks with their targets resolved against the instance.
    resolved: Vec<Resolved>,
}

/// A risk with its targets resolved: names with what drawing needs about them.
#[derive(Clone, Debug, Serialize)]
enum Resolved {
    Delays {
        /// Deliveries still under way at `now`: name and ETA.
        deliveries: Vec<(String, Minutes)>,
        probability: f64,
        delay: super::Distribution,
    },
    Failures {
        machines: Vec<String>,
        mtbf: f64,
        repair: super::Distribution,
    },
    Spikes {
        sites: Vec<(String, Tariff)>,
        probability: f64,
        duration: Minutes,
        factor: super::Distribution,
    },
}

/// A risk that cannot be drawn from: its position in the list and the problems.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("risk {}: {}", index + 1, issues.iter().map(|i| format!("[{}] {} ({})", i.code, i.message, i.hint)).collect::<Vec<_>>().join("; "))]
pub struct RiskError {
    /// Position of the risk in the list (0-based; risk 1 in the message).
    pub index: usize,
    /// Every problem with it.
    pub issues: Vec<RiskIssue>,
}

impl Sampler {
    /// A sampler of `samples` scenarios from `risks` for `instance`, at `now`, over the horizon
    /// `[now, horizon_end)`, with `seed`.
    ///
    /// # Errors
    /// The first risk with problems (see [`Risk::check`]).
    pub fn new(
        instance: &Instance,
        risks: Vec<Risk>,
        now: Minutes,
        horizon_end: Minutes,
        seed: u64,
        samples: usize,
    ) -> Result<Self, RiskError> {
        for (index, risk) in risks.iter().enumerate() {
            let issues = risk.check(instance);
            if !issues.is_empty() {
                return Err(RiskError { index, issues });
            }
        }
        let resolved = risks.iter().map(|r| resolve(instance, r, now)).collect();
        Ok(Self {
            risks,
            seed,
            samples,
            now,
            horizon_end: horizon_end.max(now),
            resolved,
        })
    }

    /// Number of scenarios.
    pub fn len(&self) -> usize {
        self.samples
    }

    /// True when no scenario is drawn.
    pub fn is_empty(&self) -> bool {
        self.samples == 0
    }

    /// The risks drawn from.
    pub fn risks(&self) -> &[Risk] {
        &self.risks
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The horizon's end: no failure or spike is drawn after it.
    pub fn horizon_end(&self) -> Minutes {
        self.horizon_end
    }

    /// The set in a few words.
    pub fn describe(&self) -> String {
        format!(
            "{} scenarios sampled from {} risk(s), seed {}, horizon [{}, {})",
            self.samples,
            self.risks.len(),
            self.seed,
            self.now,
            self.horizon_end
        )
    }

    /// Scenario `k`, named `sample-{k + 1}` (any `k`; [`Self::len`] bounds the set).
    pub fn scenario(&self, k: usize) -> Scenario {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(k as u64);
        let mut delays: Vec<(String, Minutes, Minutes)> = Vec::new();
        let mut events = Vec::new();
        for risk in &self.resolved {
            match risk {
                Resolved::Delays {
                    deliveries,
                    probability,
                    delay,
                } => {
                    for (name, eta) in deliveries {
                        if !rng.random_bool(*probability) {
                            continue;
                        }
                        let minutes = whole_minutes(delay.sample(&mut rng));
                        match delays.iter_mut().find(|(n, _, _)| n == name) {
                            Some(entry) => entry.2 = (entry.2 + minutes).min(MAX_MINUTES),
                            None => delays.push((name.clone(), *eta, minutes)),
                        }
                    }
                }
                Resolved::Failures {
                    machines,
                    mtbf,
                    repair,
                } => {
                    let between = super::Distribution::Exponential { mean: *mtbf };
                    for machine in machines {
                        let mut t = self.now;
                        loop {
                            t = t.saturating_add(whole_minutes(between.sample(&mut rng)));
                            if t >= self.horizon_end {
                                break;
                            }
                            let length = whole_minutes(repair.sample(&mut rng)).max(1);
                            let end = t.saturating_add(length).min(MAX_MINUTES);
                            if end <= t {
                                break;
                            }
                            events.push(Event::machine_down(machine.clone(), Window::new(t, end)));
                            t = end;
                        }
                    }
                }
                Resolved::Spikes {
                    sites,
                    probability,
                    duration,
                    factor,
                } => {
                    for (site, tariff) in sites {
                        if !rng.random_bool(*probability) {
                            continue;
                        }
                        let latest = (self.horizon_end - duration).max(self.now);
                        let start = rng.random_range(self.now..=latest);
                        let f = factor.sample(&mut rng);
                        let window = Window::new(start, start.saturating_add(*duration));
                        events.extend(spike_events(site, tariff, window, f));
                    }
                }
            }
        }
        let mut all: Vec<Event> = delays
            .into_iter()
            .filter(|(_, _, d)| *d > 0)
            .map(|(delivery, eta, d)| Event::DeliveryDelayed {
                delivery,
                eta: eta.saturating_add(d).min(MAX_MINUTES),
            })
            .collect();
        all.append(&mut events);
        Scenario::new(format!("sample-{}", k + 1), all)
    }
}

/// A drawn value in whole minutes (nearest), within `[0, MAX_MINUTES]`.
fn whole_minutes(x: f64) -> Minutes {
    if x.is_finite() {
        x.round().clamp(0.0, MAX_MINUTES as f64) as Minutes
    } else {
        MAX_MINUTES
    }
}

fn resolve(instance: &Instance, risk: &Risk, now: Minutes) -> Resolved {
    match risk {
        Risk::DeliveryDelay {
            target,
            probability,
            delay,
        } => {
            let mut deliveries: Vec<(String, Minutes)> = instance
                .deliveries()
                .iter()
                .filter(|d| d.eta > now)
                .filter(|d| match target {
                    DeliveryTarget::Delivery(name) => &d.name == name,
                    DeliveryTarget::Material(m) => {
                        &instance.materials()[d.material.index()].name == m
                    }
                    DeliveryTarget::Every => true,
                })
                .map(|d| (d.name.clone(), d.eta))
                .collect();
            deliveries.sort();
            Resolved::Delays {
                deliveries,
                probability: *probability,
                delay: *delay,
            }
        }
        Risk::MachineFailure {
            target,
            mtbf,
            repair,
        } => {
            let mut machines: Vec<String> = instance
                .machines()
                .iter()
                .map(|m| m.name.clone())
                .filter(|n| {
                    matches!(target, Target::Every) || matches!(target, Target::Named(t) if t == n)
                })
                .collect();
            machines.sort();
            Resolved::Failures {
                machines,
                mtbf: *mtbf,
                repair: *repair,
            }
        }
        Risk::PriceSpike {
            target,
            probability,
            duration,
            factor,
        } => {
            let mut sites: Vec<(String, Tariff)> = instance
                .sites()
                .iter()
                .enumerate()
                .filter(|(i, s)| match target {
                    Target::Named(name) => &s.name == name,
                    Target::Every => !instance.machines_at(SiteId::from_index(*i)).is_empty(),
                })
                .map(|(i, s)| {
                    (
                        s.name.clone(),
                        instance.tariff(SiteId::from_index(i)).clone(),
                    )
                })
                .collect();
            sites.sort_by(|a, b| a.0.cmp(&b.0));
            Resolved::Spikes {
                sites,
                probability: *probability,
                duration: *duration,
                factor: *factor,
            }
        }
    }
}
