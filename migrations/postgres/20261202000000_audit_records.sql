-- The audit trail of KCC look-ups (AVG verwerkingenlogging); see src/audit/mod.rs.
-- Released migrations are never edited (sqlx checks their checksums): add a new file.
-- Objects are created in the first schema of the search_path.

CREATE TABLE audit_records (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL,
    medewerker_id   text NOT NULL CHECK (medewerker_id <> ''),
    medewerker_naam text NOT NULL CHECK (medewerker_naam <> ''),
    medewerker_rol  text NOT NULL CHECK (medewerker_rol <> ''),
    gemeente        text NOT NULL CHECK (gemeente <> ''),
    gemeente_naam   text NOT NULL CHECK (gemeente_naam <> ''),
    subject_type    text NOT NULL CHECK (subject_type IN ('bsn', 'kvk')),
    subject_id      text NOT NULL CHECK (subject_id ~ '^[0-9]+$'),
    reden           text NOT NULL CHECK (reden <> ''),
    toelichting     text,
    action          text NOT NULL CHECK (action IN ('lookup', 'view_zaak', 'download_document')),
    reference       text,
    request_id      text,
    CHECK ((subject_type = 'bsn' AND length(subject_id) = 9)
        OR (subject_type = 'kvk' AND length(subject_id) = 8))
);

-- /inzage: the records about one person or company, newest first.
CREATE INDEX audit_records_subject ON audit_records (subject_type, subject_id, at);
-- The export of a period.
CREATE INDEX audit_records_at ON audit_records (at);

-- Append-only: the database itself refuses to change or remove a record, whoever asks.
-- Row triggers do not fire on TRUNCATE, so that has a statement trigger of its own.
CREATE FUNCTION audit_records_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_records is append-only: % refused', TG_OP;
END;
$$;

CREATE TRIGGER audit_records_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_records
    FOR EACH ROW EXECUTE FUNCTION audit_records_refuse_change();

CREATE TRIGGER audit_records_no_truncate
    BEFORE TRUNCATE ON audit_records
    FOR EACH STATEMENT EXECUTE FUNCTION audit_records_refuse_change();
