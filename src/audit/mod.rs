//! The audit trail of KCC look-ups: the AVG verwerkingenlogging.
//!
//! When a klantcontactcentrum medewerker looks up a citizen (BSN) or a company (KVK), views
//! one of their zaken or downloads a document, the portal appends an [`AuditRecord`]
//! *before* it shows anything: [`AuditLog::append`] returns `Ok` only once the record is
//! committed, and a caller that gets an `Err` shows nothing (fail closed). The citizen
//! reads the records about them on `/inzage` ([`AuditLog::for_subject`]); the gemeente's
//! privacy officer exports a period with `mijnzaken audit-export` ([`export`]).
//!
//! The trail is append-only. This module has no way to change or remove a record, and the
//! database refuses it too: triggers abort every `UPDATE` and `DELETE` (and, in
//! PostgreSQL, `TRUNCATE`). The records live in SQLite (one file, the default) or in
//! PostgreSQL (`MIJNZAKEN_DATABASE_URL`); see [`AuditSettings`].
//!
//! The database holds the BSN in clear: /inzage has to find a person's records by it, and
//! the privacy officer has to be able to answer "who looked at me". Everything that prints
//! (`Debug`, `Display`, errors, logs) masks it; only the database and the export see it.

mod config;
pub mod export;
mod store;

use std::fmt;

use time::OffsetDateTime;

use crate::domain::{Bsn, KvkNummer};

pub use config::{AuditDatabase, AuditSettings, DATABASE_URL_VAR, DATA_DIR_VAR};
pub use store::AuditLog;
pub(crate) use store::{format_at, Pool};

/// Whose data was looked at: a person by BSN or a company by KVK-nummer.
///
/// `Debug` masks a BSN (`Bsn(*****6782)`); a KVK-nummer is public and prints in full.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    /// An inwoner.
    Bsn(Bsn),
    /// An ondernemer.
    Kvk(KvkNummer),
}

impl Subject {
    /// The `subject_type` column: `bsn` or `kvk`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Bsn(_) => "bsn",
            Self::Kvk(_) => "kvk",
        }
    }

    /// The `subject_id` column: the digits in clear, for the database and the export only.
    fn id(&self) -> &str {
        match self {
            Self::Bsn(bsn) => bsn.expose(),
            Self::Kvk(kvk) => kvk.as_str(),
        }
    }

    /// Reads the two columns back; `None` for a value no [`Subject`] can have.
    fn from_columns(kind: &str, id: &str) -> Option<Self> {
        match kind {
            "bsn" => Bsn::parse(id).ok().map(Self::Bsn),
            "kvk" => KvkNummer::parse(id).ok().map(Self::Kvk),
            _ => None,
        }
    }
}

/// What the medewerker did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Looked up the person or company (the list of their zaken).
    Lookup,
    /// Opened one zaak; [`NewRecord::reference`] holds its identificatie.
    ViewZaak,
    /// Downloaded one document; [`NewRecord::reference`] holds its uuid.
    DownloadDocument,
}

impl Action {
    /// The `action` column: `lookup`, `view_zaak` or `download_document`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lookup => "lookup",
            Self::ViewZaak => "view_zaak",
            Self::DownloadDocument => "download_document",
        }
    }

    fn from_column(value: &str) -> Option<Self> {
        match value {
            "lookup" => Some(Self::Lookup),
            "view_zaak" => Some(Self::ViewZaak),
            "download_document" => Some(Self::DownloadDocument),
            _ => None,
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One look-up to record, as the caller knows it. [`AuditLog::append`] adds the id and
/// the time.
///
/// `Debug` masks the BSN and leaves out the free-text `toelichting`, which may hold
/// anything the medewerker typed.
#[derive(Clone, PartialEq, Eq)]
pub struct NewRecord {
    /// The medewerker's stable id (the `sub` of their login).
    pub medewerker_id: String,
    /// The medewerker's name, as the citizen will read it on /inzage.
    pub medewerker_naam: String,
    /// The team or role shown to the citizen, e.g. "Klantcontactcentrum".
    pub medewerker_rol: String,
    /// The gemeente's code for this look-up (e.g. the CBS gemeentecode).
    pub gemeente: String,
    /// The gemeente's name.
    pub gemeente_naam: String,
    /// Whose data was looked at.
    pub subject: Subject,
    /// Why (the doelbinding), e.g. "Vraag van de klant aan de telefoon".
    pub reden: String,
    /// Optional free text with the reason.
    pub toelichting: Option<String>,
    /// What was done.
    pub action: Action,
    /// The zaak identificatie ([`Action::ViewZaak`]) or document uuid
    /// ([`Action::DownloadDocument`]).
    pub reference: Option<String>,
    /// The request id (`x-request-id`), to find the log lines of the look-up.
    pub request_id: Option<String>,
}

/// A committed record: what was appended, with its id and time. Its fields read through
/// to the [`NewRecord`] (`record.reden`), which it is.
///
/// `Debug` masks the BSN and leaves out the `toelichting`, as for [`NewRecord`].
#[derive(Clone, PartialEq, Eq)]
pub struct AuditRecord {
    /// Increasing with every record.
    pub id: i64,
    /// When it was appended, in UTC, to the microsecond.
    pub at: OffsetDateTime,
    /// What was appended.
    pub record: NewRecord,
}

impl AuditRecord {
    fn new(id: i64, at: OffsetDateTime, record: NewRecord) -> Self {
        Self { id, at, record }
    }
}

impl std::ops::Deref for AuditRecord {
    type Target = NewRecord;

    fn deref(&self) -> &NewRecord {
        &self.record
    }
}

/// `Some(..)` for a toelichting, without its text.
fn redacted(value: &Option<String>) -> Option<&'static str> {
    value.as_ref().map(|_| "…")
}

impl fmt::Debug for NewRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewRecord")
            .field("medewerker_id", &self.medewerker_id)
            .field("medewerker_naam", &self.medewerker_naam)
            .field("medewerker_rol", &self.medewerker_rol)
            .field("gemeente", &self.gemeente)
            .field("gemeente_naam", &self.gemeente_naam)
            .field("subject", &self.subject)
            .field("reden", &self.reden)
            .field("toelichting", &redacted(&self.toelichting))
            .field("action", &self.action)
            .field("reference", &self.reference)
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl fmt::Debug for AuditRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditRecord")
            .field("id", &self.id)
            .field("at", &self.at)
            .field("record", &self.record)
            .finish()
    }
}

/// Why the audit trail could not be written or read.
///
/// Neither `Display` nor `Debug` carries personal data: the database's own error is kept
/// as the [`source`](std::error::Error::source) and printed by its message only, never by
/// its `Debug`, which for PostgreSQL includes the failing row.
#[derive(thiserror::Error)]
pub enum AuditError {
    /// A required field of the [`NewRecord`] is empty; nothing was written.
    #[error("the audit record is incomplete: {field} is empty")]
    Incomplete {
        /// The empty field.
        field: &'static str,
    },
    /// The database did not commit the record. The look-up must not go ahead.
    #[error("the audit record could not be written")]
    Write(#[source] sqlx::Error),
    /// The database could not be read.
    #[error("the audit trail could not be read")]
    Read(#[source] sqlx::Error),
    /// A stored record has a value this version cannot read (not one of ours).
    #[error("audit record {id} holds a value that is not valid")]
    Corrupt {
        /// The record's id.
        id: i64,
    },
}

impl fmt::Debug for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Incomplete { field } => {
                f.debug_struct("Incomplete").field("field", field).finish()
            }
            Self::Write(error) => f.debug_tuple("Write").field(&error.to_string()).finish(),
            Self::Read(error) => f.debug_tuple("Read").field(&error.to_string()).finish(),
            Self::Corrupt { id } => f.debug_struct("Corrupt").field("id", id).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn record(bsn: &str) -> NewRecord {
        NewRecord {
            medewerker_id: "kcc-0042".to_owned(),
            medewerker_naam: "Fatima Bakker".to_owned(),
            medewerker_rol: "Klantcontactcentrum".to_owned(),
            gemeente: "0363".to_owned(),
            gemeente_naam: "Gemeente Voorbeeld".to_owned(),
            subject: Subject::Bsn(Bsn::parse(bsn).unwrap()),
            reden: "Vraag van de klant aan de telefoon".to_owned(),
            toelichting: Some("belt over zijn bezwaar".to_owned()),
            action: Action::ViewZaak,
            reference: Some("ZAAK-2026-0001".to_owned()),
            request_id: Some("req-1".to_owned()),
        }
    }

    #[test]
    fn debug_masks_the_bsn_and_leaves_out_the_toelichting() {
        let new = record("111222333");
        let printed = format!("{new:?}");
        assert!(!printed.contains("111222333"), "{printed}");
        assert!(printed.contains("*****2333"), "{printed}");
        assert!(!printed.contains("bezwaar"), "{printed}");
        assert!(printed.contains("Fatima Bakker"), "{printed}");

        let stored = AuditRecord::new(7, OffsetDateTime::UNIX_EPOCH, new);
        let printed = format!("{stored:?} {stored:#?}");
        assert!(!printed.contains("111222333"), "{printed}");
        assert!(!printed.contains("bezwaar"), "{printed}");
        assert!(printed.contains("ZAAK-2026-0001"), "{printed}");
    }

    #[test]
    fn subjects_and_actions_read_back_from_their_columns() {
        let bsn = Subject::Bsn(Bsn::parse("111222333").unwrap());
        let kvk = Subject::Kvk(KvkNummer::parse("69599084").unwrap());
        for subject in [bsn, kvk] {
            assert_eq!(
                Subject::from_columns(subject.kind(), subject.id()),
                Some(subject.clone())
            );
        }
        assert_eq!(Subject::from_columns("bsn", "111222334"), None);
        assert_eq!(Subject::from_columns("rsin", "002564440"), None);
        for action in [Action::Lookup, Action::ViewZaak, Action::DownloadDocument] {
            assert_eq!(Action::from_column(action.as_str()), Some(action));
        }
        assert_eq!(Action::DownloadDocument.to_string(), "download_document");
        assert_eq!(Action::from_column("update"), None);
    }

    #[test]
    fn errors_print_no_personal_data() {
        let error = AuditError::Incomplete { field: "reden" };
        assert_eq!(
            error.to_string(),
            "the audit record is incomplete: reden is empty"
        );
        let error = AuditError::Write(sqlx::Error::PoolTimedOut);
        assert_eq!(error.to_string(), "the audit record could not be written");
        assert!(format!("{error:?}").starts_with("Write(\""));
    }
}
