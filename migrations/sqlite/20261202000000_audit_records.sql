-- The audit trail of KCC look-ups (AVG verwerkingenlogging); see src/audit/mod.rs.
-- Released migrations are never edited (sqlx checks their checksums): add a new file.

CREATE TABLE audit_records (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- UTC with microseconds, fixed width (2026-11-03T09:15:00.123456Z), so that the
    -- order of the text is the order in time and `between` can compare strings.
    at              TEXT NOT NULL CHECK (at GLOB
        '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    medewerker_id   TEXT NOT NULL CHECK (medewerker_id <> ''),
    medewerker_naam TEXT NOT NULL CHECK (medewerker_naam <> ''),
    medewerker_rol  TEXT NOT NULL CHECK (medewerker_rol <> ''),
    gemeente        TEXT NOT NULL CHECK (gemeente <> ''),
    gemeente_naam   TEXT NOT NULL CHECK (gemeente_naam <> ''),
    subject_type    TEXT NOT NULL CHECK (subject_type IN ('bsn', 'kvk')),
    subject_id      TEXT NOT NULL CHECK (subject_id NOT GLOB '*[^0-9]*'),
    reden           TEXT NOT NULL CHECK (reden <> ''),
    toelichting     TEXT,
    action          TEXT NOT NULL CHECK (action IN ('lookup', 'view_zaak', 'download_document')),
    reference       TEXT,
    request_id      TEXT,
    CHECK ((subject_type = 'bsn' AND length(subject_id) = 9)
        OR (subject_type = 'kvk' AND length(subject_id) = 8))
) STRICT;

-- /inzage: the records about one person or company, newest first.
CREATE INDEX audit_records_subject ON audit_records (subject_type, subject_id, at);
-- The export of a period.
CREATE INDEX audit_records_at ON audit_records (at);

-- Append-only: the database itself refuses to change or remove a record, whoever asks.
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit_records is append-only: UPDATE refused');
END;

CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit_records is append-only: DELETE refused');
END;
