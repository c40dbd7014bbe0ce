//! The audit trail (`mijnzaken::audit`) on both backends, and the `audit-export` command.
//!
//! Every behaviour runs on SQLite (a temporary file) and on PostgreSQL (a fresh schema in
//! `postgres://postgres@127.0.0.1:5432/test`, or `MIJNZAKEN_TEST_DATABASE_URL`). Without a
//! PostgreSQL server the PostgreSQL tests say why and pass, except when `CI` is set, where
//! they fail.

use std::{path::PathBuf, process::Command, str::FromStr, time::Duration};

use mijnzaken::{
    audit::{Action, AuditDatabase, AuditError, AuditLog, AuditSettings, NewRecord, Subject},
    domain::{Bsn, KvkNummer},
};
use secrecy::SecretString;
use sqlx::{postgres::PgConnectOptions, sqlite::SqliteConnectOptions, Connection as _};
use time::OffsetDateTime;

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

/// `url` as it may be printed.
fn without_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut url) => {
            if url.password().is_some() {
                url.set_password(Some("***")).ok();
            }
            url.to_string()
        }
        Err(_) => "MIJNZAKEN_TEST_DATABASE_URL (not a valid URL)".to_owned(),
    }
}

/// A database for one test: its own SQLite file, or its own PostgreSQL schema.
pub(crate) enum TestDb {
    Sqlite {
        dir: tempfile::TempDir,
    },
    Postgres {
        /// The server's URL, without the schema.
        base: String,
        schema: String,
    },
}

impl TestDb {
    pub(crate) fn sqlite() -> Self {
        Self::Sqlite {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    /// A fresh schema, or `None` (after saying why) when no server answers outside CI.
    pub(crate) async fn postgres() -> Option<Self> {
        let base =
            std::env::var("MIJNZAKEN_TEST_DATABASE_URL").unwrap_or(DEFAULT_POSTGRES.to_owned());
        let connect =
            tokio::time::timeout(Duration::from_secs(5), sqlx::PgConnection::connect(&base)).await;
        let mut connection = match connect {
            Ok(Ok(connection)) => connection,
            failed => {
                let reason = match failed {
                    Ok(Err(error)) => error.to_string(),
                    _ => "no answer within 5 s".to_owned(),
                };
                let shown = without_password(&base);
                if crate::helpers::skipping_is_a_failure() {
                    panic!(
                        "PostgreSQL at {shown} is needed in CI: {reason} (start it with \
                         `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`)"
                    );
                }
                eprintln!("skipping a PostgreSQL audit test: {shown}: {reason}");
                return None;
            }
        };
        let schema = format!("audit_test_{}", uuid::Uuid::new_v4().simple());
        sqlx::raw_sql(&format!("CREATE SCHEMA {schema}"))
            .execute(&mut connection)
            .await
            .expect("CREATE SCHEMA");
        connection.close().await.ok();
        Some(Self::Postgres { base, schema })
    }

    fn sqlite_path(&self) -> Option<PathBuf> {
        match self {
            Self::Sqlite { dir } => Some(dir.path().join("audit.sqlite3")),
            Self::Postgres { .. } => None,
        }
    }

    /// The URL of this test's schema: `search_path` as a startup option.
    fn postgres_url(&self) -> Option<String> {
        match self {
            Self::Postgres { base, schema } => {
                let separator = if base.contains('?') { '&' } else { '?' };
                Some(format!(
                    "{base}{separator}options=-c%20search_path%3D{schema}"
                ))
            }
            Self::Sqlite { .. } => None,
        }
    }

    /// The environment the `mijnzaken` binary reads, as the portal would get it.
    pub(crate) fn env(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Sqlite { dir } => vec![(
                "MIJNZAKEN_DATA_DIR",
                dir.path().to_string_lossy().into_owned(),
            )],
            Self::Postgres { .. } => vec![("MIJNZAKEN_DATABASE_URL", self.postgres_url().unwrap())],
        }
    }

    fn config(&self) -> AuditSettings {
        let env = self.env();
        let config = AuditSettings::from_lookup(&|key| {
            env.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
        })
        .expect("a valid test configuration");
        match (&config.database, self) {
            (AuditDatabase::Sqlite(path), Self::Sqlite { .. }) => {
                assert_eq!(Some(path.clone()), self.sqlite_path());
            }
            (AuditDatabase::Postgres(_), Self::Postgres { .. }) => {}
            _ => panic!("the configuration chose the other backend"),
        }
        config
    }

    async fn open(&self) -> AuditLog {
        AuditLog::open(&self.config())
            .await
            .expect("the audit log opens")
    }

    /// Runs `sql` on a connection of its own, as someone with a database client would.
    async fn raw(&self, sql: &str) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite { .. } => {
                let options = SqliteConnectOptions::new().filename(self.sqlite_path().unwrap());
                let mut connection = sqlx::SqliteConnection::connect_with(&options).await?;
                let result = sqlx::raw_sql(sql).execute(&mut connection).await;
                connection.close().await?;
                result.map(drop)
            }
            Self::Postgres { .. } => {
                let options = PgConnectOptions::from_str(&self.postgres_url().unwrap())?;
                let mut connection = sqlx::PgConnection::connect_with(&options).await?;
                let result = sqlx::raw_sql(sql).execute(&mut connection).await;
                connection.close().await?;
                result.map(drop)
            }
        }
    }

    async fn count(&self) -> i64 {
        self.count_in("audit_records").await
    }

    /// The rows of `table`.
    pub(crate) async fn count_in(&self, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        match self {
            Self::Sqlite { .. } => {
                let options = SqliteConnectOptions::new().filename(self.sqlite_path().unwrap());
                let mut connection = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .unwrap();
                sqlx::query_scalar(&sql)
                    .fetch_one(&mut connection)
                    .await
                    .unwrap()
            }
            Self::Postgres { .. } => {
                let options = PgConnectOptions::from_str(&self.postgres_url().unwrap()).unwrap();
                let mut connection = sqlx::PgConnection::connect_with(&options).await.unwrap();
                sqlx::query_scalar(&sql)
                    .fetch_one(&mut connection)
                    .await
                    .unwrap()
            }
        }
    }

    /// Drops the PostgreSQL schema (the SQLite directory goes with the value).
    async fn cleanup(self, log: AuditLog) {
        drop(log);
        self.remove().await;
    }

    /// Drops the PostgreSQL schema, once nothing uses it any more.
    pub(crate) async fn remove(self) {
        if let Self::Postgres { base, schema } = &self {
            if let Ok(mut connection) = sqlx::PgConnection::connect(base).await {
                sqlx::raw_sql(&format!("DROP SCHEMA {schema} CASCADE"))
                    .execute(&mut connection)
                    .await
                    .ok();
                connection.close().await.ok();
            }
        }
    }
}

/// Each test once per backend: `name::sqlite` and `name::postgres`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(super::TestDb::sqlite()).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(db) = super::TestDb::postgres().await {
                    super::$name(db).await;
                }
            }
        }
    )*};
}

on_both_backends!(
    append_then_for_subject_returns_every_field,
    for_subject_returns_only_that_subject_newest_first,
    between_includes_from_and_excludes_to,
    the_database_refuses_update_and_delete,
    a_failing_append_is_an_error,
    concurrent_appends_all_commit,
    the_export_holds_exactly_the_records_of_the_period,
);

fn bsn(digits: &str) -> Subject {
    Subject::Bsn(Bsn::parse(digits).unwrap())
}

fn new_record(subject: Subject, action: Action, reference: Option<&str>) -> NewRecord {
    NewRecord {
        medewerker_id: "kcc-0042".to_owned(),
        medewerker_naam: "Fatima Bakker".to_owned(),
        medewerker_rol: "Klantcontactcentrum".to_owned(),
        gemeente: "0363".to_owned(),
        gemeente_naam: "Gemeente Voorbeeld".to_owned(),
        subject,
        reden: "Vraag van de klant aan de telefoon".to_owned(),
        toelichting: Some("Belt over het bezwaar; \"spoed\", graag".to_owned()),
        action,
        reference: reference.map(str::to_owned),
        request_id: Some(uuid::Uuid::new_v4().to_string()),
    }
}

async fn append_then_for_subject_returns_every_field(db: TestDb) {
    let log = db.open().await;
    let before = OffsetDateTime::now_utc();
    let new = new_record(bsn("111222333"), Action::ViewZaak, Some("ZAAK-2026-0001"));
    let stored = log.append(new.clone()).await.expect("append");
    let after = OffsetDateTime::now_utc();

    assert!(stored.id > 0);
    assert!(
        before - Duration::from_micros(1) <= stored.at && stored.at <= after,
        "at is now"
    );
    assert_eq!(stored.at.offset(), time::UtcOffset::UTC);
    assert_eq!(stored.medewerker_id, new.medewerker_id);
    assert_eq!(stored.medewerker_naam, new.medewerker_naam);
    assert_eq!(stored.medewerker_rol, new.medewerker_rol);
    assert_eq!(stored.gemeente, new.gemeente);
    assert_eq!(stored.gemeente_naam, new.gemeente_naam);
    assert_eq!(stored.subject, new.subject);
    assert_eq!(stored.reden, new.reden);
    assert_eq!(stored.toelichting, new.toelichting);
    assert_eq!(stored.action, new.action);
    assert_eq!(stored.reference, new.reference);
    assert_eq!(stored.request_id, new.request_id);

    // Read back through a new pool: every field, `at` to the microsecond.
    let reopened = db.open().await;
    let found = reopened.for_subject(&new.subject).await.expect("read");
    assert_eq!(found, vec![stored.clone()]);

    // A company, with the optional fields absent.
    let mut company = new_record(
        Subject::Kvk(KvkNummer::parse("69599084").unwrap()),
        Action::Lookup,
        None,
    );
    company.toelichting = None;
    company.request_id = None;
    let stored_company = log.append(company.clone()).await.expect("append");
    let found = log.for_subject(&company.subject).await.expect("read");
    assert_eq!(found, vec![stored_company]);
    assert!(found[0].toelichting.is_none() && found[0].reference.is_none());
    assert!(log.ping().await);

    drop(reopened);
    db.cleanup(log).await;
}

async fn for_subject_returns_only_that_subject_newest_first(db: TestDb) {
    let log = db.open().await;
    let jansen = bsn("999993653");
    let el_amrani = bsn("999991772");
    let korenschoof = Subject::Kvk(KvkNummer::parse("69599084").unwrap());
    let mut jansens = Vec::new();
    for (subject, action, reference) in [
        (&jansen, Action::Lookup, None),
        (&el_amrani, Action::Lookup, None),
        (&jansen, Action::ViewZaak, Some("ZAAK-1")),
        (&korenschoof, Action::Lookup, None),
        (&jansen, Action::DownloadDocument, Some("0b6f6a0e-doc")),
    ] {
        let stored = log
            .append(new_record(subject.clone(), action, reference))
            .await
            .unwrap();
        if *subject == jansen {
            jansens.push(stored);
        }
    }
    jansens.reverse();
    let found = log.for_subject(&jansen).await.unwrap();
    assert_eq!(found, jansens, "Jansen's three, newest first");
    assert!(found
        .windows(2)
        .all(|w| w[0].at >= w[1].at && w[0].id > w[1].id));
    assert_eq!(log.for_subject(&el_amrani).await.unwrap().len(), 1);
    assert_eq!(log.for_subject(&korenschoof).await.unwrap().len(), 1);
    assert!(log.for_subject(&bsn("999990019")).await.unwrap().is_empty());
    db.cleanup(log).await;
}

async fn between_includes_from_and_excludes_to(db: TestDb) {
    let log = db.open().await;
    let mut stored = Vec::new();
    for i in 0..4 {
        let reference = format!("ZAAK-{i}");
        stored.push(
            log.append(new_record(
                bsn("111222333"),
                Action::ViewZaak,
                Some(&reference),
            ))
            .await
            .unwrap(),
        );
        // Distinct times, so that a bound can fall between two records.
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    let micro = Duration::from_micros(1);
    let ids = |records: Vec<mijnzaken::audit::AuditRecord>| -> Vec<i64> {
        records.iter().map(|r| r.id).collect()
    };
    let all: Vec<i64> = stored.iter().map(|r| r.id).collect();

    // [first, last]: the first is in, the last is not.
    assert_eq!(
        ids(log.between(stored[0].at, stored[3].at).await.unwrap()),
        all[..3],
        "oldest first, `to` excluded"
    );
    assert_eq!(
        ids(log
            .between(stored[0].at, stored[3].at + micro)
            .await
            .unwrap()),
        all
    );
    assert_eq!(
        ids(log.between(stored[1].at, stored[2].at).await.unwrap()),
        all[1..2]
    );
    // A bound a nanosecond after a record leaves it out.
    assert_eq!(
        ids(log
            .between(stored[1].at + Duration::from_nanos(1), stored[3].at)
            .await
            .unwrap()),
        all[2..3]
    );
    assert!(log
        .between(stored[1].at, stored[1].at)
        .await
        .unwrap()
        .is_empty());
    assert!(log
        .between(stored[3].at, stored[0].at)
        .await
        .unwrap()
        .is_empty());
    // Bounds in another offset mean the same instants.
    let amsterdam = time::UtcOffset::from_hms(1, 0, 0).unwrap();
    assert_eq!(
        ids(log
            .between(
                stored[0].at.to_offset(amsterdam),
                stored[2].at.to_offset(amsterdam)
            )
            .await
            .unwrap()),
        all[..2]
    );
    db.cleanup(log).await;
}

async fn the_database_refuses_update_and_delete(db: TestDb) {
    let log = db.open().await;
    let stored = log
        .append(new_record(bsn("111222333"), Action::Lookup, None))
        .await
        .unwrap();
    let mut statements = vec![
        format!(
            "UPDATE audit_records SET reden = 'iets anders' WHERE id = {}",
            stored.id
        ),
        "UPDATE audit_records SET medewerker_naam = 'niemand'".to_owned(),
        format!("DELETE FROM audit_records WHERE id = {}", stored.id),
        "DELETE FROM audit_records".to_owned(),
    ];
    if matches!(db, TestDb::Postgres { .. }) {
        statements.push("TRUNCATE audit_records".to_owned());
    }
    for sql in &statements {
        let error = db
            .raw(sql)
            .await
            .expect_err(&format!("the database refuses {sql}"));
        assert!(error.to_string().contains("append-only"), "{sql}: {error}");
    }
    assert_eq!(db.count().await, 1);
    assert_eq!(
        log.for_subject(&stored.subject).await.unwrap(),
        vec![stored]
    );
    // Appending still works.
    log.append(new_record(bsn("111222333"), Action::Lookup, None))
        .await
        .unwrap();
    assert_eq!(db.count().await, 2);
    db.cleanup(log).await;
}

async fn a_failing_append_is_an_error(db: TestDb) {
    let log = db.open().await;
    log.append(new_record(bsn("111222333"), Action::Lookup, None))
        .await
        .unwrap();
    let trigger = match db {
        TestDb::Sqlite { .. } => {
            "CREATE TRIGGER test_refuse_insert BEFORE INSERT ON audit_records \
             BEGIN SELECT RAISE(ABORT, 'test: insert refused'); END;"
        }
        TestDb::Postgres { .. } => {
            "CREATE FUNCTION test_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'test: insert refused'; END; $$; \
             CREATE TRIGGER test_refuse_insert BEFORE INSERT ON audit_records \
             FOR EACH ROW EXECUTE FUNCTION test_refuse_insert();"
        }
    };
    db.raw(trigger).await.expect("install the test trigger");

    let error = log
        .append(new_record(
            bsn("111222333"),
            Action::ViewZaak,
            Some("ZAAK-1"),
        ))
        .await
        .expect_err("the insert is refused, so append must fail");
    assert!(matches!(error, AuditError::Write(_)), "{error:?}");
    let chain = format!("{:#}", anyhow::Error::new(error));
    assert!(chain.contains("insert refused"), "{chain}");
    let debug = format!(
        "{:?}",
        log.append(new_record(bsn("111222333"), Action::Lookup, None))
            .await
    );
    assert!(
        !chain.contains("111222333") && !debug.contains("111222333"),
        "{chain} {debug}"
    );
    assert_eq!(db.count().await, 1, "nothing was written");
    db.cleanup(log).await;
}

async fn concurrent_appends_all_commit(db: TestDb) {
    // Writers queue (SQLite's busy timeout, PostgreSQL's pool) instead of failing: a
    // spurious error would keep a medewerker from working, since the portal fails closed.
    let log = db.open().await;
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let log = log.clone();
            tokio::spawn(async move {
                let reference = format!("ZAAK-{i}");
                log.append(new_record(
                    bsn("111222333"),
                    Action::ViewZaak,
                    Some(&reference),
                ))
                .await
            })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().expect("every append commits").id);
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 40);
    assert_eq!(db.count().await, 40);
    db.cleanup(log).await;
}

/// A record at a given instant, written as someone with database access would: `append`
/// always uses now, and the export needs records at the edges of a past period.
async fn insert_at(db: &TestDb, at: &str, reference: &str) {
    let at = match db {
        TestDb::Sqlite { .. } => format!("'{at}'"),
        TestDb::Postgres { .. } => format!("'{at}'::timestamptz"),
    };
    db.raw(&format!(
        "INSERT INTO audit_records (at, medewerker_id, medewerker_naam, medewerker_rol, \
         gemeente, gemeente_naam, subject_type, subject_id, reden, toelichting, action, \
         reference, request_id) VALUES ({at}, 'kcc-7', 'Jan de Boer', 'Klantcontactcentrum', \
         '0363', 'Gemeente Voorbeeld', 'bsn', '999993653', 'Balie', NULL, 'view_zaak', \
         '{reference}', NULL)"
    ))
    .await
    .expect("insert a record in the past");
}

fn export(db: &TestDb, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mijnzaken"))
        .arg("audit-export")
        .args(args)
        .env_remove("MIJNZAKEN_DATABASE_URL")
        .env_remove("MIJNZAKEN_DATA_DIR")
        .envs(db.env())
        .output()
        .expect("the binary runs")
}

fn references_in_csv(stdout: &[u8]) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(stdout);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.len(), 14);
    let column = headers.iter().position(|h| h == "reference").unwrap();
    reader
        .records()
        .map(|row| row.unwrap()[column].to_owned())
        .collect()
}

fn references_in_json(stdout: &[u8]) -> Vec<String> {
    let rows: Vec<serde_json::Value> = serde_json::from_slice(stdout).unwrap();
    rows.iter()
        .map(|row| row["reference"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_export_holds_exactly_the_records_of_the_period(db: TestDb) {
    let log = db.open().await;
    // March 2025 in Amsterdam: from 28 February 23:00 UTC (CET) to 31 March 22:00 UTC
    // (CEST since 30 March); each edge with its neighbour a microsecond outside.
    for (at, reference) in [
        ("2025-02-28T22:59:59.999999Z", "out-before"),
        ("2025-02-28T23:00:00.000000Z", "in-first"),
        ("2025-03-30T01:30:00.000000Z", "in-summer-time"),
        ("2025-03-31T21:59:59.999999Z", "in-last"),
        ("2025-03-31T22:00:00.000000Z", "out-after"),
    ] {
        insert_at(&db, at, reference).await;
    }
    // And today's, through the library.
    let mut today = Vec::new();
    for reference in ["today-1", "today-2"] {
        today.push(
            log.append(new_record(
                bsn("111222333"),
                Action::ViewZaak,
                Some(reference),
            ))
            .await
            .unwrap(),
        );
    }

    let march = ["--from", "2025-03-01", "--to", "2025-03-31"];
    let output = export(&db, &march);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        references_in_csv(&output.stdout),
        ["in-first", "in-summer-time", "in-last"]
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("3 records"), "{stderr}");

    let output = export(&db, &[&march[..], &["--format", "json"]].concat());
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        references_in_json(&output.stdout),
        ["in-first", "in-summer-time", "in-last"]
    );

    // Yesterday to tomorrow (Amsterdam), so that a run at midnight still holds today's.
    let now = mijnzaken::domain::dates::to_amsterdam(OffsetDateTime::now_utc()).date();
    let (from, to) = (
        now.previous_day().unwrap().to_string(),
        now.next_day().unwrap().to_string(),
    );
    let output = export(&db, &["--from", &from, "--to", &to, "--format=json"]);
    assert!(output.status.success(), "{output:?}");
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows.len(), 2);
    for (row, stored) in rows.iter().zip(&today) {
        assert_eq!(row["id"], stored.id);
        assert_eq!(row["subject_type"], "bsn");
        assert_eq!(row["subject_id"], "111222333");
        assert_eq!(row["action"], "view_zaak");
        assert_eq!(row["medewerker_naam"], "Fatima Bakker");
        assert_eq!(row["toelichting"], stored.toelichting.as_deref().unwrap());
        assert_eq!(row["request_id"], stored.request_id.as_deref().unwrap());
    }
    let output = export(&db, &["--from", &from, "--to", &to]);
    assert_eq!(references_in_csv(&output.stdout), ["today-1", "today-2"]);

    // A period without records: the header row only, or an empty array.
    let output = export(&db, &["--from", "2024-01-01", "--to", "2024-12-31"]);
    assert!(output.status.success(), "{output:?}");
    assert!(references_in_csv(&output.stdout).is_empty());
    let output = export(
        &db,
        &["--from=2024-01-01", "--to=2024-12-31", "--format=json"],
    );
    assert!(references_in_json(&output.stdout).is_empty());
    db.cleanup(log).await;
}

#[test]
fn the_export_refuses_bad_arguments_with_usage_and_exit_code_2() {
    let db = TestDb::sqlite();
    for args in [
        &[][..],
        &["--from", "2026-11-01"],
        &["--from", "01-11-2026", "--to", "2026-12-01"],
        &["--from", "2026-12-01", "--to", "2026-11-01"],
        &[
            "--from",
            "2026-11-01",
            "--to",
            "2026-12-01",
            "--format",
            "xml",
        ],
        &["--from", "2026-11-01", "--to", "2026-12-01", "--verbose"],
    ] {
        let output = export(&db, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("Usage: mijnzaken audit-export"), "{stderr}");
    }
    assert!(
        !db.sqlite_path().unwrap().exists(),
        "no database is opened for bad arguments"
    );

    let help = export(&db, &["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--format csv|json"));

    let unknown = Command::new(env!("CARGO_BIN_EXE_mijnzaken"))
        .arg("audit-exprot")
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("Usage: mijnzaken"));
}

#[test]
fn the_export_names_a_bad_variable_without_its_value() {
    let output = Command::new(env!("CARGO_BIN_EXE_mijnzaken"))
        .args(["audit-export", "--from", "2026-11-01", "--to", "2026-11-30"])
        .env(
            "MIJNZAKEN_DATABASE_URL",
            "mysql://root:geheim@db.example/audit",
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("MIJNZAKEN_DATABASE_URL"), "{stderr}");
    assert!(!stderr.contains("geheim"), "{stderr}");
}

#[tokio::test]
async fn an_unreachable_postgres_fails_to_open_without_showing_the_password() {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    let config = AuditSettings {
        database: AuditDatabase::Postgres(SecretString::from(
            "postgres://mijnzaken:zeer-geheim-wachtwoord@127.0.0.1:1/audit",
        )),
    };
    let error = AuditLog::open(&config).await.expect_err("nothing listens");
    let printed = format!("{error:#} {error:?}");
    assert!(printed.contains("MIJNZAKEN_DATABASE_URL"), "{printed}");
    assert!(!printed.contains("zeer-geheim"), "{printed}");

    let config = AuditSettings {
        database: AuditDatabase::Postgres(SecretString::from(
            "postgres://mijnzaken:zeer-geheim-wachtwoord@127.0.0.1:5432/audit?sslmode=sometimes",
        )),
    };
    let error = AuditLog::open(&config).await.expect_err("a bad sslmode");
    let printed = format!("{error:#} {error:?}");
    assert!(!printed.contains("zeer-geheim"), "{printed}");
}

#[tokio::test]
async fn sqlite_opens_in_a_directory_it_creates() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("var").join("mijnzaken");
    let config = AuditSettings::from_lookup(&|key| {
        (key == "MIJNZAKEN_DATA_DIR").then(|| data_dir.to_string_lossy().into_owned())
    })
    .unwrap();
    let log = AuditLog::open(&config).await.unwrap();
    assert!(data_dir.join("audit.sqlite3").is_file());
    assert!(log.ping().await);
}
