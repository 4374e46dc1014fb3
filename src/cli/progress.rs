//! A progress bar on stderr for long runs: elapsed time against the limit and the best objective
//! so far, fed by the library's progress observer. Drawn only when stderr is a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use takt::budget::Budget;

/// A bar following a run under `budget`; `finish` removes it.
pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// Attaches a bar to `budget` when `wanted` and stderr is a terminal; returns the budget to run
    /// with.
    pub fn attach(budget: Budget, wanted: bool) -> (Budget, Bar) {
        if !(wanted && std::io::stderr().is_terminal()) {
            return (budget, Bar(None));
        }
        let length = budget
            .time_limit
            .map_or(0, |l| u64::try_from(l.as_millis()).unwrap_or(u64::MAX));
        let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed:>4} [{bar:30}] {msg}") {
            bar.set_style(style.progress_chars("=> "));
        }
        let shown = bar.clone();
        let budget = budget.observe(move |p| {
            shown.set_position(u64::try_from(p.elapsed.as_millis()).unwrap_or(u64::MAX));
            if let Some(best) = p.best_objective {
                shown.set_message(format!("{} best {best:.2}", p.solver));
            }
        });
        (budget, Bar(Some(bar)))
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
