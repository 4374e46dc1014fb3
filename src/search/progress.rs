//! A progress bar on stderr showing elapsed time against the limit and the best objective so far.
//! Drawn only when asked for and stderr is a terminal; shared by parallel runs.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Progress of one search (a no-op when disabled).
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    best: Mutex<f64>,
}

impl Progress {
    /// A bar over `time_limit` when `enabled` and stderr is a terminal.
    pub fn new(enabled: bool, time_limit: Duration) -> Self {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let millis = time_limit.as_millis().min(u128::from(u64::MAX)) as u64;
            let bar = ProgressBar::with_draw_target(Some(millis), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {elapsed:>4} [{bar:30}] best {msg}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Self {
            bar,
            started: Instant::now(),
            best: Mutex::new(f64::INFINITY),
        }
    }

    /// Reports a plan with `objective`; the bar shows the best one.
    pub fn best(&self, objective: f64) {
        let Some(bar) = &self.bar else { return };
        if let Ok(mut best) = self.best.lock()
            && objective < *best
        {
            *best = objective;
            bar.set_message(format!("{objective:.2}"));
        }
        self.tick();
    }

    /// Moves the bar to the elapsed time.
    pub fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.set_position(self.started.elapsed().as_millis() as u64);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
