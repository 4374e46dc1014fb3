//! Probability distributions of the risks: how late a delivery is, how long a repair takes, how
//! large a price spike is. Each is a thin, validated wrapper over a sampler of the `rand_distr`
//! crate; no sampler is written by hand.
//!
//! The parameters carry the unit of the quantity drawn: minutes for delays and repair times, a
//! plain factor for price spikes. Every distribution is given by the moments or bounds a planner
//! knows, never by internal shape parameters:
//!
//! | name | parameters | mean | standard deviation | `rand_distr` sampler |
//! |---|---|---|---|---|
//! | `fixed` | `mean` | `mean` | 0 | none (the value itself) |
//! | `uniform` | `min` <= `max` | (min + max) / 2 | (max - min) / sqrt(12) | `Uniform::new_inclusive` |
//! | `triangular` | `min` <= `mode` <= `max` | (min + mode + max) / 3 | sqrt((a² + b² + c² - ab - ac - bc) / 18) | `Triangular` |
//! | `pert` | `min` <= `mode` <= `max`, `min` < `max` | (min + 4 mode + max) / 6 | sqrt((mean - min)(max - mean) / 7) | `Pert` (shape 4) |
//! | `exponential` | `mean` > 0 | `mean` | `mean` | `Exp` (rate 1 / mean) |
//! | `lognormal` | `mean` > 0, `sd` >= 0 | `mean` | `sd` | `LogNormal::from_mean_cv` |
//! | `gamma` | `mean` > 0, `sd` > 0 | `mean` | `sd` | `Gamma` (shape mean²/sd², scale sd²/mean) |
//!
//! Sources: the triangular and PERT (beta-PERT, shape 4) distributions as in Vose, *Risk Analysis:
//! A Quantitative Guide* (3rd ed., Wiley 2008), ch. 9; the lognormal from its mean and coefficient
//! of variation as in Law, *Simulation Modeling and Analysis* (5th ed., 2015), ch. 6.

use crate::model::ErrorCode;
use rand::Rng;
use rand_distr::Distribution as _;
use serde::{Deserialize, Serialize};

/// A distribution of a non-negative quantity (minutes, or a price factor), by its moments or bounds.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum Distribution {
    /// Always `mean`.
    Fixed {
        /// The value.
        mean: f64,
    },
    /// Every value in `[min, max]` equally likely.
    Uniform {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
    },
    /// Triangular: density rising linearly from `min` to `mode` and falling to `max`.
    Triangular {
        /// Smallest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Largest value.
        max: f64,
    },
    /// Beta-PERT (shape 4): a smooth bell between `min` and `max` around `mode`, the classic
    /// three-point estimate of project risk analysis.
    Pert {
        /// Smallest value.
        min: f64,
        /// Most likely value.
        mode: f64,
        /// Largest value.
        max: f64,
    },
    /// Exponential with mean `mean`: memoryless, many small values and a long tail.
    Exponential {
        /// The mean (> 0).
        mean: f64,
    },
    /// Lognormal with the given mean and standard deviation of the value itself (not its logarithm).
    LogNormal {
        /// The mean (> 0).
        mean: f64,
        /// The standard deviation (>= 0).
        sd: f64,
    },
    /// Gamma with the given mean and standard deviation.
    Gamma {
        /// The mean (> 0).
        mean: f64,
        /// The standard deviation (> 0).
        sd: f64,
    },
}

/// Why a distribution's parameters are not usable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DistributionError {
    /// The parameter to fix (`min`, `mode`, `max`, `mean` or `sd`).
    pub parameter: &'static str,
    /// Stable code: `NOT_A_NUMBER`, `NEGATIVE_VALUE`, `NOT_POSITIVE` or `BAD_BOUNDS`.
    pub code: ErrorCode,
    /// What is wrong.
    pub message: String,
}

fn bad(parameter: &'static str, code: ErrorCode, message: impl Into<String>) -> DistributionError {
    DistributionError {
        parameter,
        code,
        message: message.into(),
    }
}

impl Distribution {
    /// Every distribution name as written in `risks.csv`.
    pub const NAMES: [&'static str; 7] = [
        "fixed",
        "uniform",
        "triangular",
        "pert",
        "exponential",
        "lognormal",
        "gamma",
    ];

    /// The parameters each distribution name uses, in the order of [`Self::NAMES`].
    pub fn parameters_of(name: &str) -> &'static [&'static str] {
        match name {
            "fixed" | "exponential" => &["mean"],
            "uniform" => &["min", "max"],
            "triangular" | "pert" => &["min", "mode", "max"],
            "lognormal" | "gamma" => &["mean", "sd"],
            _ => &[],
        }
    }

    /// The parameters with their names, in the order of [`Self::parameters_of`].
    pub fn parameters(&self) -> Vec<(&'static str, f64)> {
        match *self {
            Distribution::Fixed { mean } | Distribution::Exponential { mean } => {
                vec![("mean", mean)]
            }
            Distribution::Uniform { min, max } => vec![("min", min), ("max", max)],
            Distribution::Triangular { min, mode, max } | Distribution::Pert { min, mode, max } => {
                vec![("min", min), ("mode", mode), ("max", max)]
            }
            Distribution::LogNormal { mean, sd } | Distribution::Gamma { mean, sd } => {
                vec![("mean", mean), ("sd", sd)]
            }
        }
    }

    /// The name as written in `risks.csv`, e.g. `lognormal`.
    pub fn name(&self) -> &'static str {
        match self {
            Distribution::Fixed { .. } => "fixed",
            Distribution::Uniform { .. } => "uniform",
            Distribution::Triangular { .. } => "triangular",
            Distribution::Pert { .. } => "pert",
            Distribution::Exponential { .. } => "exponential",
            Distribution::LogNormal { .. } => "lognormal",
            Distribution::Gamma { .. } => "gamma",
        }
    }

    /// Checks the parameters: finite, not negative (the quantities drawn are durations and factors),
    /// bounds in order, means positive where the distribution needs it.
    ///
    /// # Errors
    /// The first parameter out of range, named.
    pub fn validate(&self) -> Result<(), DistributionError> {
        for (name, value) in self.parameters() {
            if !value.is_finite() {
                return Err(bad(
                    name,
                    ErrorCode::NotANumber,
                    format!("{name} {value} is not a finite number"),
                ));
            }
            if value < 0.0 {
                return Err(bad(
                    name,
                    ErrorCode::NegativeValue,
                    format!("{name} {value} is negative; the quantities drawn are never negative"),
                ));
            }
        }
        match *self {
            Distribution::Fixed { .. } => Ok(()),
            Distribution::Uniform { min, max } if max < min => Err(bad(
                "max",
                ErrorCode::BadBounds,
                format!("max {max} is below min {min}"),
            )),
            Distribution::Triangular { min, mode, max } | Distribution::Pert { min, mode, max }
                if !(min <= mode && mode <= max) =>
            {
                Err(bad(
                    "mode",
                    ErrorCode::BadBounds,
                    format!("mode {mode} does not lie in [min, max] = [{min}, {max}]"),
                ))
            }
            Distribution::Pert { min, max, .. } if max <= min => Err(bad(
                "max",
                ErrorCode::BadBounds,
                format!("max {max} must exceed min {min} (for a single value use fixed)"),
            )),
            Distribution::Exponential { mean } | Distribution::LogNormal { mean, .. }
                if mean <= 0.0 =>
            {
                Err(bad(
                    "mean",
                    ErrorCode::NotPositive,
                    format!("mean {mean} must be positive"),
                ))
            }
            Distribution::Gamma { mean, sd } if mean <= 0.0 || sd <= 0.0 => Err(bad(
                if mean <= 0.0 { "mean" } else { "sd" },
                ErrorCode::NotPositive,
                format!("mean {mean} and sd {sd} must both be positive (for sd 0 use fixed)"),
            )),
            _ => Ok(()),
        }
    }

    /// The distribution's mean (see the table in the module docs).
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Fixed { mean }
            | Distribution::Exponential { mean }
            | Distribution::LogNormal { mean, .. }
            | Distribution::Gamma { mean, .. } => mean,
            Distribution::Uniform { min, max } => (min + max) / 2.0,
            Distribution::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Distribution::Pert { min, mode, max } => (min + 4.0 * mode + max) / 6.0,
        }
    }

    /// The distribution's standard deviation (see the table in the module docs).
    pub fn sd(&self) -> f64 {
        match *self {
            Distribution::Fixed { .. } => 0.0,
            Distribution::Uniform { min, max } => (max - min) / 12f64.sqrt(),
            Distribution::Triangular {
                min: a,
                mode: c,
                max: b,
            } => ((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0).sqrt(),
            Distribution::Pert { min, max, .. } => {
                let mean = self.mean();
                ((mean - min) * (max - mean) / 7.0).sqrt()
            }
            Distribution::Exponential { mean } => mean,
            Distribution::LogNormal { sd, .. } | Distribution::Gamma { sd, .. } => sd,
        }
    }

    /// One value drawn from the distribution with `rng`; never negative. Parameters that
    /// [`Self::validate`] refuses give the mean (or 0), never a panic.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let drawn = match *self {
            Distribution::Fixed { mean } => Some(mean),
            Distribution::Uniform { min, max } => rand_distr::Uniform::new_inclusive(min, max)
                .ok()
                .map(|d| d.sample(rng)),
            Distribution::Triangular { min, mode, max } => {
                rand_distr::Triangular::new(min, max, mode)
                    .ok()
                    .map(|d| d.sample(rng))
            }
            Distribution::Pert { min, mode, max } => rand_distr::Pert::new(min, max)
                .with_mode(mode)
                .ok()
                .map(|d| d.sample(rng)),
            Distribution::Exponential { mean } => {
                rand_distr::Exp::new(1.0 / mean).ok().map(|d| d.sample(rng))
            }
            Distribution::LogNormal { mean, sd } => {
                rand_distr::LogNormal::from_mean_cv(mean, sd / mean)
                    .ok()
                    .map(|d| d.sample(rng))
            }
            Distribution::Gamma { mean, sd } => {
                rand_distr::Gamma::new(mean * mean / (sd * sd), sd * sd / mean)
                    .ok()
                    .map(|d| d.sample(rng))
            }
        };
        let value = drawn.unwrap_or_else(|| self.mean());
        if value.is_finite() {
            value.max(0.0)
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    const SAMPLES: usize = 200_000;

    /// Draws many values and checks the sample mean within five standard errors of the
    /// documented mean and the sample standard deviation within `sd_tolerance` (relative).
    fn check_moments(d: Distribution, seed: u64, sd_tolerance: f64) {
        d.validate().unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let values: Vec<f64> = (0..SAMPLES).map(|_| d.sample(&mut rng)).collect();
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let standard_error = d.sd() / n.sqrt();
        assert!(
            (mean - d.mean()).abs() <= 5.0 * standard_error + 1e-12,
            "{d:?}: sample mean {mean}, documented {}",
            d.mean()
        );
        let sd = var.sqrt();
        assert!(
            (sd - d.sd()).abs() <= sd_tolerance * d.sd() + 1e-12,
            "{d:?}: sample sd {sd}, documented {}",
            d.sd()
        );
        assert!(values.iter().all(|v| *v >= 0.0 && v.is_finite()));
    }

    #[test]
    fn fixed_always_gives_its_value() {
        let d = Distribution::Fixed { mean: 90.0 };
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!((0..100).all(|_| d.sample(&mut rng) == 90.0));
        assert_eq!((d.mean(), d.sd()), (90.0, 0.0));
    }

    #[test]
    fn uniform_matches_its_documented_moments_and_bounds() {
        let d = Distribution::Uniform {
            min: 60.0,
            max: 240.0,
        };
        check_moments(d, 11, 0.01);
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        assert!(
            (0..10_000)
                .map(|_| d.sample(&mut rng))
                .all(|v| (60.0..=240.0).contains(&v))
        );
    }

    #[test]
    fn triangular_matches_its_documented_moments() {
        check_moments(
            Distribution::Triangular {
                min: 0.0,
                mode: 60.0,
                max: 360.0,
            },
            12,
            0.01,
        );
    }

    #[test]
    fn pert_matches_its_documented_moments() {
        check_moments(
            Distribution::Pert {
                min: 30.0,
                mode: 120.0,
                max: 600.0,
            },
            13,
            0.01,
        );
    }

    #[test]
    fn exponential_matches_its_documented_moments() {
        check_moments(Distribution::Exponential { mean: 180.0 }, 14, 0.02);
    }

    #[test]
    fn lognormal_matches_the_mean_and_sd_of_the_value_itself() {
        check_moments(
            Distribution::LogNormal {
                mean: 240.0,
                sd: 120.0,
            },
            15,
            0.03,
        );
    }

    #[test]
    fn gamma_matches_its_documented_moments() {
        check_moments(Distribution::Gamma { mean: 3.0, sd: 1.0 }, 16, 0.02);
    }

    #[test]
    fn the_same_seed_draws_the_same_values() {
        let d = Distribution::LogNormal {
            mean: 100.0,
            sd: 50.0,
        };
        let draw = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            (0..5).map(|_| d.sample(&mut rng)).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn parameters_out_of_range_are_named() {
        let cases = [
            (Distribution::Uniform { min: 5.0, max: 1.0 }, "max"),
            (
                Distribution::Triangular {
                    min: 0.0,
                    mode: 9.0,
                    max: 5.0,
                },
                "mode",
            ),
            (
                Distribution::Pert {
                    min: 3.0,
                    mode: 3.0,
                    max: 3.0,
                },
                "max",
            ),
            (Distribution::Exponential { mean: 0.0 }, "mean"),
            (
                Distribution::LogNormal {
                    mean: 10.0,
                    sd: -1.0,
                },
                "sd",
            ),
            (
                Distribution::Gamma {
                    mean: 10.0,
                    sd: 0.0,
                },
                "sd",
            ),
            (Distribution::Fixed { mean: f64::NAN }, "mean"),
            (
                Distribution::Uniform {
                    min: -5.0,
                    max: 1.0,
                },
                "min",
            ),
        ];
        for (d, parameter) in cases {
            assert_eq!(d.validate().unwrap_err().parameter, parameter, "{d:?}");
        }
    }

    #[test]
    fn every_name_has_its_parameters() {
        for name in Distribution::NAMES {
            assert!(!Distribution::parameters_of(name).is_empty(), "{name}");
        }
    }
}
