//! The one place takt uses rayon: an explicit thread pool per solve, never the global one.

use rayon::prelude::*;

/// Runs `job(0..count)` on a pool of `threads` workers and returns the results in index order, so
/// that the combined result does not depend on scheduling.
pub(crate) fn run_indexed<T, F>(threads: usize, count: usize, job: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync + Send,
{
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("takt-search-{i}"))
        .build()
    {
        Ok(pool) => pool.install(|| (0..count).into_par_iter().map(&job).collect()),
        // Without threads (resource limits) the same work runs sequentially: same results.
        Err(_) => (0..count).map(job).collect(),
    }
}
