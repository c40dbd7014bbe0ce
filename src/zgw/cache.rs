//! An in-memory cache with a time to live and single flight: concurrent misses for the
//! same key share one upstream request.
//!
//! Catalogi resources (zaaktypen, statustypen, …) change rarely and are read on every
//! page, so they are cached. A failure is handed to every waiter of that flight and is not
//! cached: the next request tries again.

use std::{
    collections::HashMap,
    future::Future,
    sync::Mutex,
    time::{Duration, Instant},
};

use futures::{
    future::{BoxFuture, Shared},
    FutureExt as _,
};

use super::ZgwError;

type Flight<V> = Shared<BoxFuture<'static, Result<V, ZgwError>>>;

enum Entry<V: Clone> {
    Ready { value: V, expires: Instant },
    Pending(Flight<V>),
}

/// A TTL cache keyed by URL.
pub struct Cache<V: Clone> {
    ttl: Duration,
    entries: Mutex<HashMap<String, Entry<V>>>,
}

/// More entries than a catalogue ever has; past it, expired entries are dropped.
const SWEEP_AT: usize = 10_000;

impl<V: Clone + Send + Sync + 'static> Cache<V> {
    /// An empty cache whose entries live for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The cached value for `key`, or the result of `fetch`, run once however many callers
    /// ask at the same time.
    pub async fn get_or_fetch<F, Fut>(&self, key: &str, fetch: F) -> Result<V, ZgwError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, ZgwError>> + Send + 'static,
    {
        let flight = {
            let mut entries = self.lock();
            match entries.get(key) {
                Some(Entry::Ready { value, expires }) if *expires > Instant::now() => {
                    return Ok(value.clone())
                }
                Some(Entry::Pending(flight)) => flight.clone(),
                _ => {
                    if entries.len() >= SWEEP_AT {
                        let now = Instant::now();
                        entries.retain(
                            |_, e| !matches!(e, Entry::Ready { expires, .. } if *expires <= now),
                        );
                    }
                    let flight = fetch().boxed().shared();
                    entries.insert(key.to_owned(), Entry::Pending(flight.clone()));
                    flight
                }
            }
        };
        let result = flight.clone().await;
        let mut entries = self.lock();
        // Only the flight that is still registered settles the entry; a newer one may
        // have replaced it.
        if matches!(entries.get(key), Some(Entry::Pending(current)) if current.ptr_eq(&flight)) {
            match &result {
                Ok(value) => {
                    entries.insert(
                        key.to_owned(),
                        Entry::Ready {
                            value: value.clone(),
                            expires: Instant::now() + self.ttl,
                        },
                    );
                }
                Err(_) => {
                    entries.remove(key);
                }
            }
        }
        result
    }

    /// Stores a value the upstream sent along (an expanded zaaktype), unless one is cached.
    pub fn prime(&self, key: &str, value: V) {
        let mut entries = self.lock();
        if !matches!(entries.get(key), Some(Entry::Ready { expires, .. }) if *expires > Instant::now())
        {
            entries.insert(
                key.to_owned(),
                Entry::Ready {
                    value,
                    expires: Instant::now() + self.ttl,
                },
            );
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry<V>>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
                        .get_or_fetch("k", || async move {
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
        let again = cache.get_or_fetch("k", || async { Ok(8) }).await;
        assert_eq!(again, Ok(7), "served from the cache");
    }

    #[tokio::test]
    async fn failures_are_shared_but_not_cached_and_entries_expire() {
        let cache = Cache::<u32>::new(Duration::from_millis(30));
        let failed = cache
            .get_or_fetch("k", || async { Err(ZgwError::Timeout) })
            .await;
        assert_eq!(failed, Err(ZgwError::Timeout));
        assert_eq!(
            cache.get_or_fetch("k", || async { Ok(1) }).await,
            Ok(1),
            "retried after a failure"
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(
            cache.get_or_fetch("k", || async { Ok(2) }).await,
            Ok(2),
            "refetched after the ttl"
        );
    }
}
