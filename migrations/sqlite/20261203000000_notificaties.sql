-- The gemeente's notifications as they arrived (Notificaties API, kanalen zaken and
-- documenten): stored before the webhook answers 204, so that none is lost; what to tell
-- whom is decided from here. No zaak data: URLs, the action and the kenmerken the sender
-- put in the message (kenmerken as a JSON object in text). The same message delivered
-- twice is stored once (dedupe_key). Times as fixed-width UTC text, as in audit_records.
CREATE TABLE notificaties (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received_at TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    kanaal TEXT NOT NULL,
    hoofd_object TEXT NOT NULL,
    resource TEXT NOT NULL,
    resource_url TEXT NOT NULL,
    actie TEXT NOT NULL,
    aanmaakdatum TEXT NOT NULL,
    kenmerken TEXT NOT NULL,
    processed_at TEXT
);

CREATE INDEX notificaties_unprocessed ON notificaties (id) WHERE processed_at IS NULL;
