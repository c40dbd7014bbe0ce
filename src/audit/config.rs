//! Where the audit trail is kept: two environment variables.

use std::path::PathBuf;

use secrecy::SecretString;

use crate::env::{ConfigError, Env};

/// `MIJNZAKEN_DATA_DIR`: the directory of the SQLite file (default `./data`).
pub const DATA_DIR_VAR: &str = "MIJNZAKEN_DATA_DIR";
/// `MIJNZAKEN_DATABASE_URL`: a PostgreSQL URL; when set, it replaces the SQLite file.
pub const DATABASE_URL_VAR: &str = "MIJNZAKEN_DATABASE_URL";

const DEFAULT_DATA_DIR: &str = "./data";
const SQLITE_FILE: &str = "audit.sqlite3";

/// The audit trail's configuration.
#[derive(Debug, Clone)]
pub struct AuditSettings {
    /// The database that holds it.
    pub database: AuditDatabase,
}

/// The database of the audit trail. `Debug` never shows the URL (it may hold a password).
#[derive(Debug, Clone)]
pub enum AuditDatabase {
    /// A SQLite file; its directory is created when the log is opened.
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(SecretString),
}

impl AuditSettings {
    /// `MIJNZAKEN_DATABASE_URL=postgres://…` (or `postgresql://…`) → PostgreSQL; otherwise
    /// SQLite at `MIJNZAKEN_DATA_DIR` (default `./data`) + `/audit.sqlite3`.
    ///
    /// Blank values count as unset. The error names the variable and what is wrong, in
    /// English; it never repeats the value, which may hold a password.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env { lookup };
        if let Some(url) = env.string(DATABASE_URL_VAR) {
            return postgres_url(url).map(|url| Self {
                database: AuditDatabase::Postgres(url),
            });
        }
        let dir = env
            .string(DATA_DIR_VAR)
            .unwrap_or_else(|| DEFAULT_DATA_DIR.to_owned());
        Ok(Self {
            database: AuditDatabase::Sqlite(PathBuf::from(dir).join(SQLITE_FILE)),
        })
    }
}

/// Checks the form of the URL only; whether the server answers is for `AuditLog::open`.
/// The URL is parsed with the `url` crate rather than sqlx's own parser because that one
/// also reads `PG*` variables and `~/.pgpass`, which a configuration check should not.
fn postgres_url(url: String) -> Result<SecretString, ConfigError> {
    let lowercase = url.to_ascii_lowercase();
    if !(lowercase.starts_with("postgres://") || lowercase.starts_with("postgresql://")) {
        return Err(ConfigError::new(
            DATABASE_URL_VAR,
            "expected a postgres:// or postgresql:// URL; leave it unset to keep the audit \
             trail in SQLite under MIJNZAKEN_DATA_DIR",
        ));
    }
    // `url::ParseError` names the kind of mistake, never the input.
    if let Err(error) = url::Url::parse(&url) {
        return Err(ConfigError::new(
            DATABASE_URL_VAR,
            format!(
                "is not a valid URL ({error}); percent-encode special characters in the \
                 user name and password"
            ),
        ));
    }
    Ok(SecretString::from(url))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use secrecy::ExposeSecret;

    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<AuditSettings, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        AuditSettings::from_lookup(&|key| map.get(key).cloned())
    }

    fn sqlite_path(config: AuditSettings) -> PathBuf {
        match config.database {
            AuditDatabase::Sqlite(path) => path,
            AuditDatabase::Postgres(_) => panic!("expected SQLite"),
        }
    }

    #[test]
    fn the_default_is_sqlite_in_data() {
        assert_eq!(
            sqlite_path(config(&[]).unwrap()),
            PathBuf::from("./data/audit.sqlite3")
        );
        assert_eq!(
            sqlite_path(config(&[(DATA_DIR_VAR, " "), (DATABASE_URL_VAR, "")]).unwrap()),
            PathBuf::from("./data/audit.sqlite3"),
            "blank values count as unset"
        );
        assert_eq!(
            sqlite_path(config(&[(DATA_DIR_VAR, "/var/lib/mijnzaken")]).unwrap()),
            PathBuf::from("/var/lib/mijnzaken/audit.sqlite3")
        );
    }

    #[test]
    fn a_postgres_url_selects_postgres_and_never_prints() {
        for url in [
            "postgres://mijnzaken:geheim-wachtwoord@db.example:5432/audit",
            "postgresql://mijnzaken:geheim-wachtwoord@db.example/audit?sslmode=require",
            "POSTGRES://mijnzaken:geheim-wachtwoord@db.example/audit",
        ] {
            let config = config(&[(DATABASE_URL_VAR, url), (DATA_DIR_VAR, "/ignored")]).unwrap();
            assert!(!format!("{config:?}").contains("geheim"), "{config:?}");
            match config.database {
                AuditDatabase::Postgres(secret) => assert_eq!(secret.expose_secret(), url),
                AuditDatabase::Sqlite(_) => panic!("expected PostgreSQL for {url}"),
            }
        }
    }

    #[test]
    fn another_scheme_names_the_variable_and_not_the_value() {
        for url in [
            "mysql://root:geheim@db.example/audit",
            "sqlite://./data/audit.sqlite3",
            "db.example:5432",
        ] {
            let ConfigError { key, message } = config(&[(DATABASE_URL_VAR, url)]).unwrap_err();
            assert_eq!(key, "MIJNZAKEN_DATABASE_URL");
            assert!(message.contains("postgres://"), "{message}");
            assert!(!message.contains("geheim") && !message.contains("db.example"));
        }
    }

    #[test]
    fn a_malformed_url_names_the_variable_and_not_the_value() {
        let ConfigError { key, message } = config(&[(
            DATABASE_URL_VAR,
            "postgres://user:geheim@db.example:99999/x",
        )])
        .unwrap_err();
        assert_eq!(key, "MIJNZAKEN_DATABASE_URL");
        assert!(message.starts_with("is not a valid URL"), "{message}");
        assert!(!message.contains("geheim"), "{message}");
    }
}
