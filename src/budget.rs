//! How long and how hard a solver may work: one [`Budget`] value taken by every solver, the
//! re-planner and the what-if runner.
//!
//! A budget holds the four knobs every run shares (a wall-clock time limit, an iteration budget,
//! worker threads and a seed) plus an optional progress [`Observer`] and a [`CancelToken`]. Randomness
//! and parallelism enter takt only through it, so the same input, seed and iteration budget give the
//! same plan on any thread count (a wall-clock limit cuts a search at a machine-dependent point; use
//! [`Budget::iterations`] for exactly reproducible runs).
//!
//! ```
//! use std::time::Duration;
//! use takt::budget::{Budget, CancelToken};
//!
//! // Ten seconds on four threads, seed 7, cancellable from another thread.
//! let cancel = CancelToken::new();
//! let budget = Budget::time(Duration::from_secs(10))
//!     .with_threads(4)
//!     .with_seed(7)
//!     .with_cancel(cancel.clone())
//!     .observe(|p| eprintln!("{:.1} s: best {:?}", p.elapsed.as_secs_f64(), p.best_objective));
//! assert_eq!(budget.threads, 4);
//! cancel.cancel(); // any solver using `budget` now returns its best plan so far
//!
//! // Exactly reproducible: 2,000 search iterations, no wall-clock limit.
//! let reproducible = Budget::iterations(2_000);
//! assert_eq!(reproducible.time_limit, None);
//! ```

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Time limit of [`Budget::default`]: ten seconds.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(10);

/// The longest wall-clock limit a budget accepts: 10^8 seconds (about three years). Longer limits
/// are refused by [`Budget::with_time_limit_secs`]; for a run bounded only by work use
/// [`Budget::iterations`].
pub const MAX_TIME_LIMIT_SECS: f64 = 1e8;

/// The most worker threads a budget accepts.
pub const MAX_THREADS: usize = 1024;

/// The most search chains a budget accepts.
pub const MAX_CHAINS: usize = 1024;

/// Search chains of a run bounded by an iteration budget when [`Budget::chains`] is not set: fixed,
/// so that the plan does not depend on the thread count.
pub const DEFAULT_REPRODUCIBLE_CHAINS: usize = 2;

/// Limits and knobs of one solver run.
#[derive(Clone, Debug)]
pub struct Budget {
    /// Wall-clock limit of the whole run (reading input excluded); `None` for none, in which case
    /// `iterations` or the cancel token must end the run.
    pub time_limit: Option<Duration>,
    /// Iteration budget of each local search chain; with it, and a time limit that does not bind,
    /// a run is exactly reproducible for a seed on any thread count.
    pub iterations: Option<u64>,
    /// Worker threads (at least 1). They decide how many search chains run at once, never how
    /// many there are (see [`Budget::search_chains`]).
    pub threads: usize,
    /// Independent local-search chains (they meet and share the best plan at fixed points);
    /// `None` for the default of [`Budget::search_chains`].
    pub chains: Option<usize>,
    /// Seed of every random choice.
    pub seed: u64,
    /// Called with the run's progress (at every improvement, and at most every 100 ms otherwise).
    pub observer: Option<Observer>,
    /// Ends the run early, with the best plan found so far, once cancelled.
    pub cancel: Option<CancelToken>,
}

impl Default for Budget {
    /// Ten seconds, no iteration budget, 2 threads, default chains, seed 1, no observer, no cancel
    /// token.
    fn default() -> Self {
        Self {
            time_limit: Some(DEFAULT_TIME_LIMIT),
            iterations: None,
            threads: 2,
            chains: None,
            seed: 1,
            observer: None,
            cancel: None,
        }
    }
}

/// A budget value outside its documented range.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BudgetError {
    /// The time limit is negative, not a number, or above [`MAX_TIME_LIMIT_SECS`].
    #[error(
        "time limit {0} s is not a number of seconds in [0, {MAX_TIME_LIMIT_SECS:e}]; for a run bounded by work only, give an iteration budget"
    )]
    TimeLimit(f64),
    /// Zero threads, or more than [`MAX_THREADS`].
    #[error("{0} threads: give between 1 and {MAX_THREADS}")]
    Threads(usize),
    /// Zero search chains, or more than [`MAX_CHAINS`].
    #[error("{0} search chains: give between 1 and {MAX_CHAINS}")]
    Chains(usize),
}

impl Budget {
    /// A wall-clock budget with the default threads and seed.
    pub fn time(limit: Duration) -> Self {
        Self {
            time_limit: Some(limit),
            ..Self::default()
        }
    }

    /// An iteration budget with no wall-clock limit: exactly reproducible for a seed on any
    /// thread count.
    pub fn iterations(iterations: u64) -> Self {
        Self {
            time_limit: None,
            iterations: Some(iterations),
            ..Self::default()
        }
    }

    /// The same budget with another wall-clock limit (`None` for none).
    pub fn with_time_limit(mut self, limit: Option<Duration>) -> Self {
        self.time_limit = limit;
        self
    }

    /// The same budget with a wall-clock limit given in seconds, as on the command line.
    ///
    /// # Errors
    /// [`BudgetError::TimeLimit`] when `seconds` is negative, not finite or above
    /// [`MAX_TIME_LIMIT_SECS`].
    pub fn with_time_limit_secs(mut self, seconds: f64) -> Result<Self, BudgetError> {
        if !(seconds.is_finite() && (0.0..=MAX_TIME_LIMIT_SECS).contains(&seconds)) {
            return Err(BudgetError::TimeLimit(seconds));
        }
        self.time_limit = Some(Duration::from_secs_f64(seconds));
        Ok(self)
    }

    /// The same budget with another iteration budget (`None` for none).
    pub fn with_iterations(mut self, iterations: Option<u64>) -> Self {
        self.iterations = iterations;
        self
    }

    /// The same budget with `threads` workers (0 counts as 1).
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.clamp(1, MAX_THREADS);
        self
    }

    /// The same budget with `chains` search chains (`None` for the default of
    /// [`Budget::search_chains`]; 0 counts as 1).
    pub fn with_chains(mut self, chains: Option<usize>) -> Self {
        self.chains = chains.map(|c| c.clamp(1, MAX_CHAINS));
        self
    }

    /// The same budget with another seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The same budget reporting progress to `observer`.
    pub fn observe(mut self, observer: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.observer = Some(Observer(Arc::new(observer)));
        self
    }

    /// The same budget ended early by `token`.
    pub fn with_cancel(mut self, token: CancelToken) -> Self {
        self.cancel = Some(token);
        self
    }

    /// Checks the values against their documented ranges.
    ///
    /// # Errors
    /// The first value out of range.
    pub fn validate(&self) -> Result<(), BudgetError> {
        if let Some(limit) = self.time_limit
            && limit.as_secs_f64() > MAX_TIME_LIMIT_SECS
        {
            return Err(BudgetError::TimeLimit(limit.as_secs_f64()));
        }
        if self.threads == 0 || self.threads > MAX_THREADS {
            return Err(BudgetError::Threads(self.threads));
        }
        if let Some(chains) = self.chains
            && (chains == 0 || chains > MAX_CHAINS)
        {
            return Err(BudgetError::Chains(chains));
        }
        Ok(())
    }

    /// How many local-search chains a run keeps: [`Budget::chains`] when set; otherwise
    /// [`DEFAULT_REPRODUCIBLE_CHAINS`] under an iteration budget, so that the plan is the same on
    /// any thread count (the threads only run the chains side by side), and one per worker thread
    /// under a time limit alone (such a run is cut at a machine-dependent point anyway, so it uses
    /// every thread).
    pub fn search_chains(&self) -> usize {
        match (self.chains, self.iterations) {
            (Some(chains), _) => chains.clamp(1, MAX_CHAINS),
            (None, Some(_)) => DEFAULT_REPRODUCIBLE_CHAINS,
            (None, None) => self.workers(),
        }
    }

    /// Worker threads, at least 1.
    pub fn workers(&self) -> usize {
        self.threads.clamp(1, MAX_THREADS)
    }

    /// Starts the clock of a run under this budget.
    pub fn start(&self) -> Clock {
        Clock::new(self, Instant::now())
    }

    /// True when the run is bounded by neither time nor iterations (only a cancel token ends it).
    pub fn is_unbounded(&self) -> bool {
        self.time_limit.is_none() && self.iterations.is_none()
    }
}

/// A running budget: when it started, when it ends, and who to tell about progress.
#[derive(Clone, Debug)]
pub struct Clock {
    started: Instant,
    deadline: Option<Instant>,
    limit: Option<Duration>,
    cancel: Option<CancelToken>,
    tracker: Arc<Tracker>,
}

impl Clock {
    fn new(budget: &Budget, started: Instant) -> Self {
        Self {
            started,
            // A limit too far away for the platform's clock is no limit at all.
            deadline: budget.time_limit.and_then(|l| started.checked_add(l)),
            limit: budget.time_limit,
            cancel: budget.cancel.clone(),
            tracker: Arc::new(Tracker::new(budget.observer.clone())),
        }
    }

    /// When the run started.
    pub fn started(&self) -> Instant {
        self.started
    }

    /// Time since the run started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The wall-clock limit of the whole run.
    pub fn time_limit(&self) -> Option<Duration> {
        self.limit
    }

    /// The instant the run must end by, if it has a time limit.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Time left before the deadline (`None` without a time limit).
    pub fn remaining(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// True once the deadline has passed or the run was cancelled.
    pub fn expired(&self) -> bool {
        self.cancelled() || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// True once the cancel token fired.
    pub fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(CancelToken::is_cancelled)
    }

    /// A clock for a phase of this run that may use at most `share` of what is left (and never
    /// beyond this clock's deadline); it reports to the same observer and obeys the same token.
    pub fn phase(&self, share: Duration) -> Clock {
        let now = Instant::now();
        let own = now.checked_add(share);
        let deadline = match (own, self.deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Clock {
            started: self.started,
            deadline,
            limit: deadline.map(|d| d.saturating_duration_since(self.started)),
            cancel: self.cancel.clone(),
            tracker: Arc::clone(&self.tracker),
        }
    }

    /// A clock for the rest of this run, ending `reserve` before this clock's deadline (to keep time
    /// for the final check). Without a time limit, the same clock.
    pub fn keeping_back(&self, reserve: Duration) -> Clock {
        let deadline = self.deadline.map(|d| {
            d.checked_sub(reserve)
                .unwrap_or(self.started)
                .max(self.started)
        });
        Clock {
            deadline,
            limit: deadline.map(|d| d.saturating_duration_since(self.started)),
            ..self.clone()
        }
    }

    /// Reports a plan with `objective` found by `solver` after `iterations`: the observer hears
    /// of every improvement, and of anything else at most every 100 ms.
    pub fn report(&self, solver: &'static str, iterations: u64, objective: f64) {
        self.tracker.report(
            solver,
            self.started,
            self.limit,
            iterations,
            Some(objective),
        );
    }

    /// Reports that the run is alive (no new plan), at most every 100 ms.
    pub fn tick(&self, solver: &'static str, iterations: u64) {
        self.tracker
            .report(solver, self.started, self.limit, iterations, None);
    }
}

/// A snapshot of a run's progress, passed to the [`Observer`].
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// The solver reporting: `greedy`, `search`, `milp`, `replan`.
    pub solver: &'static str,
    /// Time since the run started.
    pub elapsed: Duration,
    /// The run's wall-clock limit, if any.
    pub time_limit: Option<Duration>,
    /// Iterations (search rounds) so far, summed over threads where the solver counts them.
    pub iterations: u64,
    /// The best objective value so far (objective plus stability penalty for a re-plan); `None`
    /// before the first plan.
    pub best_objective: Option<f64>,
    /// True when this report announces a better plan.
    pub improved: bool,
}

/// A progress callback; cheap to clone (shared).
#[derive(Clone)]
pub struct Observer(Arc<dyn Fn(&Progress) + Send + Sync>);

impl Observer {
    /// An observer calling `f`.
    pub fn new(f: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        Self(Arc::new(f))
    }

    /// Calls the observer.
    pub fn notify(&self, progress: &Progress) {
        (self.0)(progress)
    }
}

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer(..)")
    }
}

/// Ends a run early: clone it into a [`Budget`], call [`CancelToken::cancel`] from any thread, and
/// the run returns the best plan it has (every solver checks it between moves or phases).
#[derive(Clone, Debug, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token not yet cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels every run holding this token.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// True once cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Throttles and forwards progress reports to the observer (thread-safe).
struct Tracker {
    observer: Option<Observer>,
    state: Mutex<TrackerState>,
}

struct TrackerState {
    best: Option<f64>,
    last: Option<Instant>,
}

impl fmt::Debug for Tracker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tracker")
    }
}

/// Minimum time between two reports that announce no improvement.
const QUIET: Duration = Duration::from_millis(100);

impl Tracker {
    fn new(observer: Option<Observer>) -> Self {
        Self {
            observer,
            state: Mutex::new(TrackerState {
                best: None,
                last: None,
            }),
        }
    }

    fn report(
        &self,
        solver: &'static str,
        started: Instant,
        time_limit: Option<Duration>,
        iterations: u64,
        objective: Option<f64>,
    ) {
        let Some(observer) = &self.observer else {
            return;
        };
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let now = Instant::now();
        let improved = objective.is_some_and(|o| state.best.is_none_or(|b| o < b));
        if improved {
            state.best = objective;
        } else if state.last.is_some_and(|t| now.duration_since(t) < QUIET) {
            return;
        }
        state.last = Some(now);
        let progress = Progress {
            solver,
            elapsed: now.duration_since(started),
            time_limit,
            iterations,
            best_objective: state.best,
            improved,
        };
        drop(state);
        observer.notify(&progress);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_limit_too_far_for_the_clock_is_no_deadline() {
        let budget = Budget::time(Duration::from_secs(u64::MAX));
        let clock = budget.start();
        assert_eq!(clock.deadline(), None);
        assert!(!clock.expired());
    }

    #[test]
    fn time_limits_outside_the_documented_range_are_refused() {
        for bad in [-0.5, f64::NAN, f64::INFINITY, 1e300, 1e19] {
            assert!(
                matches!(
                    Budget::default().with_time_limit_secs(bad),
                    Err(BudgetError::TimeLimit(v)) if v.to_bits() == bad.to_bits()
                ),
                "{bad}"
            );
        }
        let ok = Budget::default().with_time_limit_secs(0.25).unwrap();
        assert_eq!(ok.time_limit, Some(Duration::from_millis(250)));
    }

    #[test]
    fn a_cancelled_token_expires_the_clock() {
        let token = CancelToken::new();
        let clock = Budget::iterations(10).with_cancel(token.clone()).start();
        assert!(!clock.expired());
        token.cancel();
        assert!(clock.expired() && clock.cancelled());
    }

    #[test]
    fn the_observer_hears_every_improvement_and_little_else() {
        let heard = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&heard);
        let clock = Budget::default()
            .observe(move |_| {
                count.fetch_add(1, Ordering::Relaxed);
            })
            .start();
        clock.report("search", 1, 10.0);
        clock.report("search", 2, 9.0);
        clock.report("search", 3, 9.5); // not better, within 100 ms: dropped
        clock.tick("search", 4); // within 100 ms: dropped
        assert_eq!(heard.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn a_phase_never_outlives_its_run() {
        let clock = Budget::time(Duration::from_millis(50)).start();
        let phase = clock.phase(Duration::from_secs(3600));
        assert!(phase.deadline() <= clock.deadline());
        let kept = clock.keeping_back(Duration::from_secs(3600));
        assert_eq!(kept.deadline(), Some(clock.started()));
    }
}
