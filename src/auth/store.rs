//! Where sessions live: in this process (the default) or in Redis, shared by every portal
//! instance behind a load balancer (`MIJNZAKEN_SESSION_STORE=redis://…`).
//!
//! Both stores version their sessions. tower-sessions saves a session at the end of every
//! request, with the state it loaded at the start; a slow page that loaded before a logout
//! would otherwise save the ended session back (and a stolen cookie would live on), and a
//! page that loaded before "stop viewing" would bring a medewerker's look-up back. So a
//! save writes only when the stored session is still the version the request loaded, and
//! never creates one: a deleted or cycled session stays dead, a stale state is dropped.
//! The version rides in the session's data under [`VERSION`]; the stores set it.
//!
//! Not `tower_sessions_redis_store`: it saves with `SET … XX`, which keeps a deleted
//! session dead but lets a stale state overwrite a newer one; the check and the write have
//! to be one step in Redis, which needs a script.

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::Context as _;
use async_trait::async_trait;
use fred::{
    interfaces::{ClientLike as _, KeysInterface as _, LuaInterface as _},
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

/// Where sessions live.
#[derive(Clone, Debug)]
pub enum SessionStoreConfig {
    /// In this process: lost at restart, not shared between instances.
    Memory,
    /// In Redis, shared by every instance that uses the same server and database. The URL
    /// may carry a password, so it is kept secret.
    Redis(secrecy::SecretString),
}

/// How often the memory store drops the sessions that expired.
const PURGE_INTERVAL: Duration = Duration::from_secs(60);

/// The key in a session's data that holds the version the request loaded.
pub const VERSION: &str = "_version";

/// A fresh version: random, so that a deleted and re-created id never matches an old one.
fn new_version() -> String {
    hex::encode(rand::random::<[u8; 12]>())
}

/// The version a record was loaded with, if any (a session emptied with `clear` has none).
fn loaded_version(record: &Record) -> Option<&str> {
    record.data.get(VERSION).and_then(|v| v.as_str())
}

/// `record` as it is stored, under `version`.
fn versioned(record: &Record, version: &str) -> Record {
    let mut record = record.clone();
    record
        .data
        .insert(VERSION.to_owned(), serde_json::Value::from(version));
    record
}

fn ignored_stale_save() {
    tracing::debug!(
        "a save of a session that was ended or changed since it was loaded was ignored"
    );
}

/// The configured session store.
#[derive(Clone, Debug)]
pub enum Sessions {
    /// In this process (one instance).
    Memory(MemoryStore),
    /// In Redis (several instances).
    Redis(RedisStore),
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
                Ok(Self::Redis(RedisStore { pool }))
            }
        }
    }

    /// For `/readyz`: whether the store can be reached.
    pub async fn ping(&self) -> bool {
        match self {
            Self::Memory(_) => true,
            Self::Redis(s) => s.pool.ping::<String>(None).await.is_ok(),
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.create(record).await,
            Self::Redis(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.save(record).await,
            Self::Redis(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Self::Memory(s) => s.load(id).await,
            Self::Redis(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Self::Memory(s) => s.delete(id).await,
            Self::Redis(s) => s.delete(id).await,
        }
    }
}

/// Sessions in this process. Unlike `tower_sessions::MemoryStore` it drops expired
/// sessions (at most every minute), so abandoned logins do not pile up, and it versions
/// them (see the module).
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
        inner
            .records
            .insert(record.id, versioned(record, &new_version()));
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let mut inner = self.0.lock().await;
        let Some(stored) = inner.records.get_mut(&record.id) else {
            ignored_stale_save();
            return Ok(());
        };
        match loaded_version(record) {
            Some(loaded) if loaded_version(stored) != Some(loaded) => ignored_stale_save(),
            _ => *stored = versioned(record, &new_version()),
        }
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

/// Sessions in Redis, one hash per session (`v`: the version, `r`: the record as JSON),
/// expiring with the session. Create and save are Lua scripts, so that the check and the
/// write are one step.
#[derive(Clone, Debug)]
pub struct RedisStore {
    pool: Pool,
}

/// KEYS[1]: the session; ARGV: version, record, expiry (unix seconds). 1 when created.
const CREATE: &str = r"
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'r', ARGV[2])
redis.call('EXPIREAT', KEYS[1], ARGV[3])
return 1
";

/// KEYS[1]: the session; ARGV: the version loaded ('' when unknown), the new version,
/// record, expiry. 1 when saved; 0 when the session is gone or changed since.
const SAVE: &str = r"
local current = redis.call('HGET', KEYS[1], 'v')
if not current then return 0 end
if ARGV[1] ~= '' and current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'r', ARGV[3])
redis.call('EXPIREAT', KEYS[1], ARGV[4])
return 1
";

/// KEYS[1]: the session. Its version and record, or nothing.
const LOAD: &str = r"
return redis.call('HMGET', KEYS[1], 'v', 'r')
";

fn key(id: &Id) -> String {
    format!("mijnzaken:sessie:{id}")
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

/// The record as stored: JSON, without the version (that is a field of its own).
fn encode(record: &Record) -> session_store::Result<String> {
    let mut record = record.clone();
    record.data.remove(VERSION);
    serde_json::to_string(&record).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for RedisStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let created: i64 = self
                .pool
                .eval(
                    CREATE,
                    key(&record.id),
                    vec![
                        new_version(),
                        encode(record)?,
                        record.expiry_date.unix_timestamp().to_string(),
                    ],
                )
                .await
                .map_err(backend)?;
            if created == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let saved: i64 = self
            .pool
            .eval(
                SAVE,
                key(&record.id),
                vec![
                    loaded_version(record).unwrap_or_default().to_owned(),
                    new_version(),
                    encode(record)?,
                    record.expiry_date.unix_timestamp().to_string(),
                ],
            )
            .await
            .map_err(backend)?;
        if saved != 1 {
            ignored_stale_save();
        }
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let fields: Vec<Option<String>> = self
            .pool
            .eval(LOAD, key(id), Vec::<String>::new())
            .await
            .map_err(backend)?;
        let [Some(version), Some(record)] = fields.as_slice() else {
            return Ok(None);
        };
        let record: Record = serde_json::from_str(record)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        if record.id != *id || record.expiry_date <= OffsetDateTime::now_utc() {
            return Ok(None);
        }
        Ok(Some(versioned(&record, version)))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let _: i64 = self.pool.del(key(id)).await.map_err(backend)?;
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
        let loaded = store.load(&fresh.id).await.unwrap().expect("the fresh one");
        assert_eq!(loaded.expiry_date, fresh.expiry_date);
        store.delete(&fresh.id).await.unwrap();
        assert!(store.is_empty().await);
    }
}
