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

/// A pool kept for a whole search, for many short rounds of parallel work.
pub(crate) struct Pool(Option<rayon::ThreadPool>);

impl Pool {
    /// A pool of `threads` workers (sequential work when it cannot be built or `threads` is 1).
    pub fn new(threads: usize) -> Self {
        if threads <= 1 {
            return Pool(None);
        }
        Pool(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("takt-search-{i}"))
                .build()
                .ok(),
        )
    }

    /// `f(index, item)` for every item, in parallel; results in index order.
    pub fn map_mut<T, R, F>(&self, items: &mut [T], f: F) -> Vec<R>
    where
        T: Send,
        R: Send,
        F: Fn(usize, &mut T) -> R + Sync + Send,
    {
        match &self.0 {
            Some(pool) if items.len() > 1 => pool.install(|| {
                items
                    .par_iter_mut()
                    .enumerate()
                    .map(|(i, t)| f(i, t))
                    .collect()
            }),
            _ => items.iter_mut().enumerate().map(|(i, t)| f(i, t)).collect(),
        }
    }
}
