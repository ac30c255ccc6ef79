//! Work split over the cores with scoped threads: the few hot loops that run
//! over millions of items (blind-spot reasons, covered stretches, per-area
//! clipping). Kept to one function so the thread count and chunking are
//! decided in one place.

/// Runs `f` on consecutive chunks of `items` (at least `min_chunk` long, one
/// per core, at most 16) on scoped threads; the results in chunk order.
pub(crate) fn chunks<T: Sync, R: Send>(items: &[T], min_chunk: usize, f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(16);
    let chunk = items.len().div_ceil(threads).max(min_chunk).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).map(|part| s.spawn(move || f(part))).collect();
        handles.into_iter().map(|h| h.join().expect("worker thread panicked")).collect()
    })
}
