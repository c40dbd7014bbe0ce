//! [`AuditLog`]: the records in SQLite or PostgreSQL, through sqlx.
//!
//! Queries are built at run time (`sqlx::query` with binds) rather than with the
//! compile-time `query!` macros, which would need a database while building. The two
//! backends differ in one column: PostgreSQL stores `at` as `timestamptz`; SQLite, which
//! has no time type, as fixed-width UTC text (`2026-11-03T09:15:00.123456Z`) whose text
//! order is its time order. Times are cut to the microsecond, PostgreSQL's precision, so a
//! record reads back exactly as [`AuditLog::append`] returned it on both.

use std::{path::Path, str::FromStr, time::Duration};

use anyhow::Context as _;
use secrecy::{ExposeSecret as _, SecretString};
use sqlx::{
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPool, PgPoolOptions},
    sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
    },
    Row as _,
};
use time::{format_description::BorrowedFormatItem, macros::format_description, OffsetDateTime};

use super::{Action, AuditDatabase, AuditError, AuditRecord, AuditSettings, NewRecord, Subject};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// How long a request waits for a connection, and the most `ping` takes.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long SQLite waits for another writer before it gives up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The append-only audit trail. Cheap to clone (a connection pool).
#[derive(Clone)]
pub struct AuditLog {
    pool: Pool,
}

/// The portal's database: the audit trail's, which the notification inbox shares (one
/// pool, one schema, one set of migrations).
#[derive(Clone)]
pub(crate) enum Pool {
    /// A SQLite file.
    Sqlite(SqlitePool),
    /// A PostgreSQL server.
    Postgres(PgPool),
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let backend = match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        };
        f.debug_struct("AuditLog")
            .field("backend", &backend)
            .finish_non_exhaustive()
    }
}

const COLUMNS: &str = "id, at, medewerker_id, medewerker_naam, medewerker_rol, gemeente, \
                       gemeente_naam, subject_type, subject_id, reden, toelichting, action, \
                       reference, request_id";

/// The same text for both backends: sqlx's SQLite driver reads `$n` as PostgreSQL does.
const INSERT: &str = "INSERT INTO audit_records (at, medewerker_id, medewerker_naam, \
                      medewerker_rol, gemeente, gemeente_naam, subject_type, subject_id, reden, \
                      toelichting, action, reference, request_id) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                      RETURNING id";

/// The fixed-width UTC form of `at`, in SQLite and in the export.
const AT_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// `at` as SQLite stores it and the export prints it.
pub(crate) fn format_at(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(AT_FORMAT)
        .expect("a four-digit year formats")
}

fn parse_at(text: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text, AT_FORMAT)
        .ok()
        .map(time::PrimitiveDateTime::assume_utc)
}

/// `instant` in UTC, cut to the microsecond.
fn truncate_to_micros(instant: OffsetDateTime) -> OffsetDateTime {
    let utc = instant.to_offset(time::UtcOffset::UTC);
    utc.replace_nanosecond(utc.nanosecond() / 1_000 * 1_000)
        .expect("a whole number of microseconds is a valid nanosecond")
}

/// The first whole microsecond at or after `instant`. Stored times are whole microseconds,
/// so `at >= bound` means the same for the bound rounded up, on either backend.
fn ceil_to_micros(instant: OffsetDateTime) -> OffsetDateTime {
    let truncated = truncate_to_micros(instant);
    if truncated == instant {
        truncated
    } else {
        truncated + time::Duration::microseconds(1)
    }
}

/// Binds the thirteen fields of [`INSERT`] after `at`; one text for both backends.
macro_rules! bind_record {
    ($query:expr, $record:expr) => {{
        let record: &NewRecord = $record;
        $query
            .bind(record.medewerker_id.as_str())
            .bind(record.medewerker_naam.as_str())
            .bind(record.medewerker_rol.as_str())
            .bind(record.gemeente.as_str())
            .bind(record.gemeente_naam.as_str())
            .bind(record.subject.kind())
            .bind(record.subject.id())
            .bind(record.reden.as_str())
            .bind(record.toelichting.as_deref())
            .bind(record.action.as_str())
            .bind(record.reference.as_deref())
            .bind(record.request_id.as_deref())
    }};
}

impl AuditLog {
    /// The database, for the portal's other tables.
    pub(crate) fn pool(&self) -> Pool {
        self.pool.clone()
    }

    /// Connects and brings the schema up to date (the migrations in `migrations/`).
    ///
    /// SQLite: creates the directory (mode 0700) and the file when missing, and refuses to
    /// go on unless the file is in WAL mode with `synchronous=FULL`, so that a record
    /// survives a crash once `append` returned. PostgreSQL: a pool of at most five
    /// connections with `synchronous_commit=on`. The error never contains a password.
    pub async fn open(config: &AuditSettings) -> anyhow::Result<Self> {
        let pool = match &config.database {
            AuditDatabase::Sqlite(path) => Pool::Sqlite(open_sqlite(path).await?),
            AuditDatabase::Postgres(url) => Pool::Postgres(open_postgres(url).await?),
        };
        Ok(Self { pool })
    }

    /// Appends one record and returns it as stored. When this returns `Ok`, the record is
    /// committed; on `Err` nothing was written and the caller must not show the data.
    /// `at` is now, in UTC.
    #[tracing::instrument(name = "audit.append", skip_all, fields(action = %record.action))]
    pub async fn append(&self, record: NewRecord) -> Result<AuditRecord, AuditError> {
        let record = complete(record)?;
        let at = truncate_to_micros(OffsetDateTime::now_utc());
        let id: i64 = match &self.pool {
            Pool::Sqlite(pool) => {
                bind_record!(sqlx::query_scalar(INSERT).bind(format_at(at)), &record)
                    .fetch_one(pool)
                    .await
            }
            Pool::Postgres(pool) => {
                bind_record!(sqlx::query_scalar(INSERT).bind(at), &record)
                    .fetch_one(pool)
                    .await
            }
        }
        .map_err(AuditError::Write)?;
        tracing::debug!(id, "audit record appended");
        Ok(AuditRecord::new(id, at, record))
    }

    /// Every record about `subject`, newest first: what /inzage shows.
    #[tracing::instrument(
        name = "audit.for_subject",
        skip_all,
        fields(subject_type = subject.kind())
    )]
    pub async fn for_subject(&self, subject: &Subject) -> Result<Vec<AuditRecord>, AuditError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_records WHERE subject_type = $1 AND subject_id = $2 \
             ORDER BY at DESC, id DESC"
        );
        match &self.pool {
            Pool::Sqlite(pool) => {
                let rows = sqlx::query(&sql)
                    .bind(subject.kind())
                    .bind(subject.id())
                    .fetch_all(pool)
                    .await
                    .map_err(AuditError::Read)?;
                rows.iter().map(from_sqlite).collect()
            }
            Pool::Postgres(pool) => {
                let rows = sqlx::query(&sql)
                    .bind(subject.kind())
                    .bind(subject.id())
                    .fetch_all(pool)
                    .await
                    .map_err(AuditError::Read)?;
                rows.iter().map(from_postgres).collect()
            }
        }
    }

    /// The records with `from <= at < to`, oldest first: the export of a period.
    /// (Half open, so that consecutive periods neither overlap nor leave a gap.)
    #[tracing::instrument(name = "audit.between", skip_all)]
    pub async fn between(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<AuditRecord>, AuditError> {
        let (from, to) = (ceil_to_micros(from), ceil_to_micros(to));
        let sql = format!(
            "SELECT {COLUMNS} FROM audit_records WHERE at >= $1 AND at < $2 ORDER BY at, id"
        );
        match &self.pool {
            Pool::Sqlite(pool) => {
                let rows = sqlx::query(&sql)
                    .bind(format_at(from))
                    .bind(format_at(to))
                    .fetch_all(pool)
                    .await
                    .map_err(AuditError::Read)?;
                rows.iter().map(from_sqlite).collect()
            }
            Pool::Postgres(pool) => {
                let rows = sqlx::query(&sql)
                    .bind(from)
                    .bind(to)
                    .fetch_all(pool)
                    .await
                    .map_err(AuditError::Read)?;
                rows.iter().map(from_postgres).collect()
            }
        }
    }

    /// Closes the pool and waits for its connections to finish; for a graceful shutdown.
    /// (For SQLite this also folds the write-ahead log back into the file.) Records
    /// appended before were already committed; this loses nothing when skipped.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    /// Whether the database answers within five seconds, for `/readyz`.
    pub async fn ping(&self) -> bool {
        let query = async {
            match &self.pool {
                Pool::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
                Pool::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(drop),
            }
        };
        matches!(
            tokio::time::timeout(ACQUIRE_TIMEOUT, query).await,
            Ok(Ok(()))
        )
    }
}

/// Refuses a record without a required field, and stores a blank optional one as absent.
/// The database checks the same (`CHECK (… <> '')`); checking here gives a clear error.
fn complete(mut record: NewRecord) -> Result<NewRecord, AuditError> {
    for (field, value) in [
        ("medewerker_id", &record.medewerker_id),
        ("medewerker_naam", &record.medewerker_naam),
        ("medewerker_rol", &record.medewerker_rol),
        ("gemeente", &record.gemeente),
        ("gemeente_naam", &record.gemeente_naam),
        ("reden", &record.reden),
    ] {
        if value.trim().is_empty() {
            return Err(AuditError::Incomplete { field });
        }
    }
    for value in [
        &mut record.toelichting,
        &mut record.reference,
        &mut record.request_id,
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            *value = None;
        }
    }
    Ok(record)
}

async fn open_sqlite(path: &Path) -> anyhow::Result<SqlitePool> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        create_private_dir(dir)
            .with_context(|| format!("cannot create the directory {}", dir.display()))?;
        warn_if_shared(dir, "directory");
    }
    create_private_file(path)
        .with_context(|| format!("cannot create the audit database {}", path.display()))?;
    warn_if_shared(path, "file");
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL, not WAL's usual NORMAL: NORMAL may lose the last commits on power loss,
        // and a look-up must not happen without its record.
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the audit database {}", path.display()))?;
    // SQLite quietly keeps another journal mode where WAL is impossible (some network
    // file systems); the durability promise of `append` rests on it, so check.
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .context("cannot read the journal mode of the audit database")?;
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&pool)
        .await
        .context("cannot read the synchronous setting of the audit database")?;
    if !journal.eq_ignore_ascii_case("wal") || synchronous != 2 {
        anyhow::bail!(
            "the audit database {} is in journal mode {journal} with synchronous={synchronous}; \
             it needs WAL and FULL (2): put MIJNZAKEN_DATA_DIR on a local file system",
            path.display()
        );
    }
    SQLITE_MIGRATIONS
        .run(&pool)
        .await
        .context("cannot bring the audit database schema up to date")?;
    Ok(pool)
}

/// Creates `dir` and its parents; a directory it creates is readable by the owner only,
/// as the audit trail holds BSNs. An existing directory is left as it is.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates the database file readable and writable by the owner only (0600), when it is
/// not there yet: SQLite would create it with the process' umask (often 0644), and it holds
/// BSNs. SQLite gives its `-wal` and `-shm` files the database file's permissions.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error),
    }
}

/// Logs a warning when the group or others may read or enter `path`: the operator's to
/// fix (the portal does not change the permissions of what it did not create).
fn warn_if_shared(path: &Path, what: &str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if let Ok(metadata) = std::fs::metadata(path) {
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                tracing::warn!(
                    path = %path.display(),
                    mode = format!("{mode:o}"),
                    "the audit trail's {what} is open to the group or others; it holds BSNs: \
                     make it readable by the portal's user only"
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, what);
}

async fn open_postgres(url: &SecretString) -> anyhow::Result<PgPool> {
    // sqlx's parse error may quote parts of the URL: replace it, never wrap it.
    let mut options = PgConnectOptions::from_str(url.expose_secret()).map_err(|_| {
        anyhow::anyhow!("MIJNZAKEN_DATABASE_URL is not a PostgreSQL URL sqlx can use")
    })?;
    if options.get_application_name().is_none() {
        options = options.application_name("mijnzaken-audit");
    }
    // `on` is PostgreSQL's default, but a server or role may lower it; `append` promises a
    // durable commit.
    let options = options.options([("synchronous_commit", "on")]);
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .context("cannot connect to the audit database (MIJNZAKEN_DATABASE_URL)")?;
    POSTGRES_MIGRATIONS
        .run(&pool)
        .await
        .context("cannot bring the audit database schema up to date")?;
    Ok(pool)
}

/// The columns both backends read alike; `at` is read by the caller.
fn from_row<R>(
    row: &R,
    at: impl FnOnce(i64) -> Result<OffsetDateTime, AuditError>,
) -> Result<AuditRecord, AuditError>
where
    R: sqlx::Row,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
{
    let text = |column: &str| row.try_get::<String, _>(column).map_err(AuditError::Read);
    let optional = |column: &str| {
        row.try_get::<Option<String>, _>(column)
            .map_err(AuditError::Read)
    };
    let id: i64 = row.try_get("id").map_err(AuditError::Read)?;
    let corrupt = || AuditError::Corrupt { id };
    let subject =
        Subject::from_columns(&text("subject_type")?, &text("subject_id")?).ok_or_else(corrupt)?;
    let action = Action::from_column(&text("action")?).ok_or_else(corrupt)?;
    let record = NewRecord {
        medewerker_id: text("medewerker_id")?,
        medewerker_naam: text("medewerker_naam")?,
        medewerker_rol: text("medewerker_rol")?,
        gemeente: text("gemeente")?,
        gemeente_naam: text("gemeente_naam")?,
        subject,
        reden: text("reden")?,
        toelichting: optional("toelichting")?,
        action,
        reference: optional("reference")?,
        request_id: optional("request_id")?,
    };
    Ok(AuditRecord {
        id,
        at: at(id)?,
        record,
    })
}

fn from_sqlite(row: &sqlx::sqlite::SqliteRow) -> Result<AuditRecord, AuditError> {
    from_row(row, |id| {
        let text: String = row.try_get("at").map_err(AuditError::Read)?;
        parse_at(&text).ok_or(AuditError::Corrupt { id })
    })
}

fn from_postgres(row: &sqlx::postgres::PgRow) -> Result<AuditRecord, AuditError> {
    from_row(row, |_| {
        row.try_get::<OffsetDateTime, _>("at")
            .map(|at| at.to_offset(time::UtcOffset::UTC))
            .map_err(AuditError::Read)
    })
}

#[cfg(test)]
mod tests {
    use sqlx::Connection as _;
    use time::macros::datetime;

    use super::*;
    use crate::audit::tests::record;

    async fn open_temp() -> (tempfile::TempDir, std::path::PathBuf, AuditLog) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("audit.sqlite3");
        let config = AuditSettings {
            database: AuditDatabase::Sqlite(path.clone()),
        };
        let log = AuditLog::open(&config).await.unwrap();
        (dir, path, log)
    }

    #[test]
    fn at_is_fixed_width_utc_with_microseconds() {
        let at = datetime!(2026-11-03 10:15:00.123456789 +1);
        assert_eq!(format_at(at), "2026-11-03T09:15:00.123456Z");
        assert_eq!(
            format_at(datetime!(2026-11-03 09:15 UTC)),
            "2026-11-03T09:15:00.000000Z"
        );
        assert_eq!(
            parse_at("2026-11-03T09:15:00.123456Z"),
            Some(datetime!(2026-11-03 09:15:00.123456 UTC))
        );
        assert_eq!(parse_at("2026-11-03 09:15:00"), None);
        assert_eq!(
            truncate_to_micros(at),
            datetime!(2026-11-03 09:15:00.123456 UTC)
        );
        assert_eq!(
            ceil_to_micros(at),
            datetime!(2026-11-03 09:15:00.123457 UTC)
        );
        let whole = datetime!(2026-11-03 09:15:00.123456 UTC);
        assert_eq!(ceil_to_micros(whole), whole);
    }

    #[tokio::test]
    async fn sqlite_is_in_wal_mode_with_full_sync_in_a_private_directory() {
        let (_dir, path, log) = open_temp().await;
        let Pool::Sqlite(pool) = &log.pool else {
            panic!("expected SQLite")
        };
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(journal, "wal");
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(synchronous, 2, "FULL");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(path.parent().unwrap())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        assert!(log.ping().await);
        assert_eq!(format!("{log:?}"), "AuditLog { backend: \"sqlite\", .. }");
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_database_file_is_private_also_in_an_existing_directory() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = dir.path().join("audit.sqlite3");
        let log = AuditLog::open(&AuditSettings {
            database: AuditDatabase::Sqlite(path.clone()),
        })
        .await
        .unwrap();
        log.append(record("111222333")).await.unwrap();
        for file in ["audit.sqlite3", "audit.sqlite3-wal"] {
            let mode = std::fs::metadata(dir.path().join(file))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{file}");
        }
    }

    #[tokio::test]
    async fn an_appended_record_is_committed_and_survives_reopening() {
        let (_dir, path, log) = open_temp().await;
        let stored = log.append(record("111222333")).await.unwrap();
        assert_eq!(stored.at, truncate_to_micros(stored.at));

        // Another connection sees it at once: it was committed, not merely queued.
        let mut other =
            sqlx::SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&path))
                .await
                .unwrap();
        let (id, at): (i64, String) = sqlx::query_as("SELECT id, at FROM audit_records")
            .fetch_one(&mut other)
            .await
            .unwrap();
        assert_eq!((id, at), (stored.id, format_at(stored.at)));
        other.close().await.unwrap();

        drop(log);
        let reopened = AuditLog::open(&AuditSettings {
            database: AuditDatabase::Sqlite(path),
        })
        .await
        .unwrap();
        let subject = stored.subject.clone();
        assert_eq!(reopened.for_subject(&subject).await.unwrap(), vec![stored]);
    }

    #[tokio::test]
    async fn a_closed_log_refuses_to_append_and_is_not_ready() {
        let (_dir, _path, log) = open_temp().await;
        assert!(log.ping().await);
        log.close().await;
        let error = log.append(record("111222333")).await.unwrap_err();
        assert!(matches!(error, AuditError::Write(_)), "{error:?}");
        assert!(!log.ping().await);
    }

    #[tokio::test]
    async fn an_incomplete_record_is_refused_and_blank_options_are_absent() {
        let (_dir, _path, log) = open_temp().await;
        let mut new = record("111222333");
        new.reden = "  ".to_owned();
        let error = log.append(new).await.unwrap_err();
        assert!(matches!(error, AuditError::Incomplete { field: "reden" }));

        let mut new = record("111222333");
        new.toelichting = Some(" ".to_owned());
        new.reference = Some(String::new());
        let stored = log.append(new).await.unwrap();
        assert_eq!((&stored.toelichting, &stored.reference), (&None, &None));
        let subject = stored.subject.clone();
        assert_eq!(log.for_subject(&subject).await.unwrap().len(), 1);
    }
}
