//! Where sessions live: in this process (the default) or in Redis, shared by every portal
//! instance behind a load balancer (`MIJNZAKEN_SESSION_STORE=redis://…`).

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context as _;
use async_trait::async_trait;
use fred::{
    interfaces::ClientLike as _,
    prelude::{Config, Pool, ReconnectPolicy},
    types::Builder,
};
use secrecy::ExposeSecret as _;
use time::OffsetDateTime;
use tokio::sync::Mutex;
use tower_sessions::{
    session::{Id, Record},
    session_store, SessionStore,
};
use tower_sessions_redis_store::RedisStore;

use crate::config::SessionStoreConfig;

/// How often the memory store drops the sessions that expired.
const PURGE_INTERVAL: Duration = Duration::from_secs(60);

/// The configured session store.
#[derive(Clone, Debug)]
pub enum Sessions {
    Memory(MemoryStore),
    Redis(RedisStore<Pool>, Pool),
}

impl Sessions {
    /// Opens the configured store. For Redis this connects first, so a wrong URL or an
    /// unreachable server stops the start with a clear message (never the URL itself: it
    /// may hold a password).
    pub async fn open(config: &SessionStoreConfig) -> anyhow::Result<Self> {
        match config {
            SessionStoreConfig::Memory => Ok(Self::Memory(MemoryStore::default())),
            SessionStoreConfig::Redis(url) => {
                let config = Config::from_url(url.expose_secret()).map_err(|_| {
                    anyhow::anyhow!("MIJNZAKEN_SESSION_STORE is not a usable Redis URL")
                })?;
                let pool = Builder::from_config(config)
                    .with_connection_config(|c| {
                        c.connection_timeout = Duration::from_secs(5);
                        c.internal_command_timeout = Duration::from_secs(5);
                    })
                    .with_performance_config(|p| {
                        p.default_command_timeout = Duration::from_secs(5);
                    })
                    .set_policy(ReconnectPolicy::new_exponential(0, 100, 5_000, 2))
                    .build_pool(4)
                    .context("configuring the Redis session store")?;
                tokio::time::timeout(Duration::from_secs(10), pool.init())
                    .await
                    .map_err(|_| anyhow::anyhow!("the Redis session store does not answer"))?
                    .map_err(|e| {
                        anyhow::anyhow!("cannot connect to the Redis session store: {:?}", e.kind())
                    })?;
                Ok(Self::Redis(RedisStore::new(pool.clone()), pool))
            }
        }
    }

    /// For `/readyz`: whether the store can be reached.
    pub async fn ping(&self) -> bool {
        match self {
            Self::Memory(_) => true,
            Self::Redis(_, pool) => pool.ping::<String>(None).await.is_ok(),
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.create(record).await,
            Self::Redis(s, _) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.save(record).await,
            Self::Redis(s, _) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Memory(s) => s.load(id).await,
            Self::Redis(s, _) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.delete(id).await,
            Self::Redis(s, _) => s.delete(id).await,
        }
    }
}

/// Sessions in this process. Unlike `tower_sessions::MemoryStore` it drops expired
/// sessions (at most every minute), so abandoned logins do not pile up.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore(Arc<Mutex<Inner>>);

#[derive(Debug, Default)]
struct Inner {
    records: HashMap<Id, Record>,
    purged: Option<Instant>,
}

impl Inner {
    fn purge_if_due(&mut self) {
        if self.purged.is_some_and(|at| at.elapsed() < PURGE_INTERVAL) {
            return;
        }
        let now = OffsetDateTime::now_utc();
        self.records.retain(|_, r| r.expiry_date > now);
        self.purged = Some(Instant::now());
    }
}

impl MemoryStore {
    /// The number of sessions held, expired ones not yet dropped included.
    pub async fn len(&self) -> usize {
        self.0.lock().await.records.len()
    }

    /// Whether the store holds no session.
    pub async fn is_empty(&self) -> bool {
        self.len().await == 0
    }
}

#[async_trait]
impl SessionStore for MemoryStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let mut inner = self.0.lock().await;
        inner.purge_if_due();
        while inner.records.contains_key(&record.id) {
            record.id = Id::default();
        }
        inner.records.insert(record.id, record.clone());
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.0
            .lock()
            .await
            .records
            .insert(record.id, record.clone());
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = OffsetDateTime::now_utc();
        Ok(self
            .0
            .lock()
            .await
            .records
            .get(id)
            .filter(|r| r.expiry_date > now)
            .cloned())
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.0.lock().await.records.remove(id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(expires_in: time::Duration) -> Record {
        Record {
            id: Id::default(),
            data: HashMap::new(),
            expiry_date: OffsetDateTime::now_utc() + expires_in,
        }
    }

    #[tokio::test]
    async fn expired_sessions_are_not_loaded_and_are_dropped() {
        let store = MemoryStore::default();
        let mut old = record(time::Duration::seconds(-1));
        store.create(&mut old).await.unwrap();
        assert_eq!(store.load(&old.id).await.unwrap(), None);
        // The next purge is due a minute after the first one.
        store.0.lock().await.purged = Some(Instant::now() - PURGE_INTERVAL);
        let mut fresh = record(time::Duration::minutes(15));
        store.create(&mut fresh).await.unwrap();
        assert_eq!(store.len().await, 1, "the expired session was dropped");
        assert_eq!(store.load(&fresh.id).await.unwrap(), Some(fresh.clone()));
        store.delete(&fresh.id).await.unwrap();
        assert!(store.is_empty().await);
    }
}
