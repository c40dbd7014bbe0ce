//! The inbox: every notification the webhook accepted, in the portal's database (the
//! audit trail's: SQLite by default, PostgreSQL when configured), committed before the
//! webhook answers 204. A message delivered twice (the Notificaties API retries when it did
//! not see our answer) is stored once.

use time::OffsetDateTime;

use crate::audit::{format_at, Pool};

use super::Kennisgeving;

/// The durable store of accepted notifications. Cheap to clone (a connection pool).
#[derive(Clone)]
pub struct Inbox {
    pool: Pool,
}

/// What storing a notification did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Stored now, with this id.
    New(i64),
    /// The same message was stored before.
    Duplicate,
}

/// One text for both backends (sqlx's SQLite driver reads `$n` as PostgreSQL does).
const INSERT: &str = "INSERT INTO notificaties (received_at, dedupe_key, kanaal, hoofd_object, \
                      resource, resource_url, actie, aanmaakdatum, kenmerken) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                      ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";

impl Inbox {
    /// The inbox in the database of `audit`.
    pub fn new(audit: &crate::audit::AuditLog) -> Self {
        Self { pool: audit.pool() }
    }

    /// Stores `message`; when this returns `Ok`, it is committed.
    #[tracing::instrument(name = "notificaties.store", skip_all, fields(kanaal = %message.kanaal, resource = %message.resource, actie = %message.actie))]
    pub async fn store(&self, message: &Kennisgeving) -> Result<Stored, sqlx::Error> {
        let now = OffsetDateTime::now_utc();
        let kenmerken =
            serde_json::to_string(&message.kenmerken).expect("a map of strings serialises");
        let key = message.dedupe_key();
        macro_rules! bind_rest {
            ($query:expr) => {
                $query
                    .bind(key.as_str())
                    .bind(message.kanaal.as_str())
                    .bind(message.hoofd_object.as_str())
                    .bind(message.resource.as_str())
                    .bind(message.resource_url.as_str())
                    .bind(message.actie.as_str())
            };
        }
        let id: Option<i64> = match &self.pool {
            Pool::Sqlite(pool) => {
                bind_rest!(sqlx::query_scalar(INSERT).bind(format_at(now)))
                    .bind(format_at(message.aanmaakdatum))
                    .bind(kenmerken.as_str())
                    .fetch_optional(pool)
                    .await?
            }
            Pool::Postgres(pool) => {
                bind_rest!(sqlx::query_scalar(INSERT).bind(now))
                    .bind(message.aanmaakdatum)
                    .bind(kenmerken.as_str())
                    .fetch_optional(pool)
                    .await?
            }
        };
        Ok(match id {
            Some(id) => {
                tracing::info!(id, "notification stored");
                Stored::New(id)
            }
            None => {
                tracing::info!("notification delivered again; stored before");
                Stored::Duplicate
            }
        })
    }
}
