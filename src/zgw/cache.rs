//! The catalogi cache: zaaktypen, statustypen, resultaattypen and informatieobjecttypen,
//! keyed by URL, with a time to live, a size bound and single flight (concurrent misses
//! for the same key share one upstream request).
//!
//! A thin wrapper over `moka`'s future cache, which provides all three; the wrapper only
//! fixes the key type and turns moka's shared error back into a [`ZgwError`]. A failure
//! is handed to every waiter of that flight and is not cached: the next request tries
//! again.

use std::{future::Future, time::Duration};

use super::ZgwError;

/// More entries than a catalogue ever has: a bound against a hostile upstream that hands
/// out a new URL for every request, not a size anyone should reach.
const MAX_ENTRIES: u64 = 10_000;

/// A TTL cache keyed by URL.
pub struct Cache<V: Clone + Send + Sync + 'static> {
    entries: moka::future::Cache<String, V>,
}

impl<V: Clone + Send + Sync + 'static> Cache<V> {
    /// An empty cache whose entries live for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            entries: moka::future::Cache::builder()
                .max_capacity(MAX_ENTRIES)
                .time_to_live(ttl)
                .build(),
        }
    }

    /// The cached value for `key`, or the result of `fetch`, run once however many callers
    /// ask at the same time.
    pub async fn get_or_fetch<Fut>(&self, key: &str, fetch: Fut) -> Result<V, ZgwError>
    where
        Fut: Future<Output = Result<V, ZgwError>>,
    {
        self.entries
            .try_get_with_by_ref(key, fetch)
            .await
            .map_err(|shared| (*shared).clone())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    };

    use super::*;

    #[tokio::test]
    async fn concurrent_misses_share_one_fetch_and_hits_fetch_nothing() {
        let cache = Arc::new(Cache::<u32>::new(Duration::from_secs(60)));
        let calls = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let cache = cache.clone();
                let calls = calls.clone();
                tokio::spawn(async move {
                    cache
                        .get_or_fetch("k", async move {
                            calls.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Ok(7)
                        })
                        .await
                })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), Ok(7));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let again = cache.get_or_fetch("k", async { Ok(8) }).await;
        assert_eq!(again, Ok(7), "served from the cache");
    }

    #[tokio::test]
    async fn failures_are_shared_but_not_cached_and_entries_expire() {
        let cache = Cache::<u32>::new(Duration::from_millis(30));
        let failed = cache
            .get_or_fetch("k", async { Err(ZgwError::Timeout) })
            .await;
        assert_eq!(failed, Err(ZgwError::Timeout));
        assert_eq!(
            cache.get_or_fetch("k", async { Ok(1) }).await,
            Ok(1),
            "retried after a failure"
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(
            cache.get_or_fetch("k", async { Ok(2) }).await,
            Ok(2),
            "refetched after the ttl"
        );
    }
}
