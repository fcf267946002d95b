//! Independent pieces of work on the machine's cores, results in order.
//!
//! Used where a count does the same thing many times over (the `add1`
//! search's runs, the parts of a large Pabulib file); what comes out does
//! not depend on how many cores there are.

use std::num::NonZeroUsize;
use std::thread;

/// The most threads one piece of work is spread over.
const MOST_THREADS: usize = 4;

/// How many threads to spread work over: the machine's cores, at most
/// [`MOST_THREADS`].
pub(crate) fn threads() -> usize {
    thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(MOST_THREADS)
}

/// `work` done on each item, each on a thread of its own (a single item on
/// this one), the results in the items' order. A panic in `work` goes on
/// here.
pub(crate) fn map_in_order<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    if items.len() < 2 {
        return items.into_iter().map(work).collect();
    }
    let work = &work;
    thread::scope(|scope| {
        let handles: Vec<_> = items.into_iter().map(|item| scope.spawn(move || work(item))).collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}
