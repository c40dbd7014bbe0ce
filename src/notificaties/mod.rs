//! Proactief informeren, the first step: the gemeente's notifications taken in. The
//! Notificaties API posts a message (a *kennisgeving*) to the portal's webhook for every
//! change on a zaak or document; the portal checks the `Authorization` value it
//! registered, checks the message against the Notificaties API's schema, stores it durably
//! (the [`inbox`]) and only then answers 204, so a message the sender saw accepted is never
//! lost. A zaak's message also drops the per-user overview answers that list it, so the
//! next load shows the change.
//!
//! What to tell whom, and the e-mail itself, are the next steps (issue "proactief
//! informeren"); they read the inbox.

pub mod abonnement;
pub mod config;
pub mod inbox;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use url::Url;

pub use config::{AbonnementSettings, NotificatiesSettings, Webhook};
pub use inbox::Inbox;

/// A notification as the Notificaties API sends it (`Kennisgeving`, Notificaties API
/// 1.0), checked against its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kennisgeving {
    /// The channel: `zaken`, `documenten`, …
    pub kanaal: String,
    /// The main object the change belongs to (for `zaken`, the zaak).
    pub hoofd_object: Url,
    /// What kind of resource changed: `zaak`, `status`, `zaakinformatieobject`, …
    pub resource: String,
    /// The resource that changed.
    pub resource_url: Url,
    /// What happened: `create`, `update`, `partial_update`, `destroy`, …
    pub actie: String,
    /// When the change happened.
    pub aanmaakdatum: OffsetDateTime,
    /// The channel's filter attributes (`zaaktype`, `vertrouwelijkheidaanduiding`, …).
    pub kenmerken: BTreeMap<String, String>,
}

/// One field of a message that does not match the schema, as a `ValidatieFout` names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidParam {
    /// The field.
    pub name: String,
    /// What kind of error (`required`, `invalid`, `max_length`, …).
    pub code: &'static str,
    /// What is wrong, in Dutch, as Open Notificaties says it.
    pub reason: String,
}

impl InvalidParam {
    fn new(name: impl Into<String>, code: &'static str, reason: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            code,
            reason: reason.into(),
        }
    }
}

impl Kennisgeving {
    /// The message in `body`, or every field that does not match the schema.
    pub fn from_json(body: &[u8]) -> Result<Self, Vec<InvalidParam>> {
        let value: Value = serde_json::from_slice(body).map_err(|_| {
            vec![InvalidParam::new(
                "nonFieldErrors",
                "parse_error",
                "Het bericht is geen geldige JSON.",
            )]
        })?;
        let Value::Object(object) = value else {
            return Err(vec![InvalidParam::new(
                "nonFieldErrors",
                "invalid",
                "Het bericht is geen JSON-object.",
            )]);
        };
        let mut errors = Vec::new();
        let mut text = |name: &str, max: usize| -> Option<String> {
            match object.get(name) {
                None | Some(Value::Null) => {
                    errors.push(InvalidParam::new(name, "required", "Dit veld is vereist."));
                    None
                }
                Some(Value::String(s)) if s.is_empty() => {
                    errors.push(InvalidParam::new(
                        name,
                        "blank",
                        "Dit veld mag niet leeg zijn.",
                    ));
                    None
                }
                Some(Value::String(s)) if s.chars().any(char::is_control) => {
                    // PostgreSQL refuses NUL in text, and a line break would forge log
                    // lines: refused here, so the sender gets a 400, not endless 503s.
                    errors.push(InvalidParam::new(
                        name,
                        "invalid",
                        "Dit veld mag geen stuurtekens bevatten.",
                    ));
                    None
                }
                Some(Value::String(s)) if s.chars().count() > max => {
                    errors.push(InvalidParam::new(
                        name,
                        "max_length",
                        format!("Zorg ervoor dat dit veld niet meer dan {max} tekens bevat."),
                    ));
                    None
                }
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => {
                    errors.push(InvalidParam::new(name, "invalid", "Geen geldige tekst."));
                    None
                }
            }
        };
        let kanaal = text("kanaal", 50);
        let hoofd_object = text("hoofdObject", 1_000);
        let resource = text("resource", 100);
        let resource_url = text("resourceUrl", 1_000);
        let actie = text("actie", 100);
        let aanmaakdatum = text("aanmaakdatum", 100);
        // An absent or blank value was named by `text` already.
        let url =
            |name: &str, value: Option<String>, errors: &mut Vec<InvalidParam>| match Url::parse(
                &value?,
            ) {
                Ok(url) if matches!(url.scheme(), "http" | "https") => Some(url),
                _ => {
                    errors.push(InvalidParam::new(
                        name,
                        "invalid",
                        "Voer een geldige URL in.",
                    ));
                    None
                }
            };
        let hoofd_object = url("hoofdObject", hoofd_object, &mut errors);
        let resource_url = url("resourceUrl", resource_url, &mut errors);
        let aanmaakdatum = match aanmaakdatum {
            Some(raw) => match crate::zgw::serde_util::parse_datetime(&raw) {
                Ok(at) => Some(at),
                Err(_) => {
                    errors.push(InvalidParam::new(
                        "aanmaakdatum",
                        "invalid",
                        "Datetime heeft een ongeldig formaat.",
                    ));
                    None
                }
            },
            None => None,
        };
        let kenmerken = match object.get("kenmerken") {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(map)) => {
                let mut kenmerken = BTreeMap::new();
                for (key, value) in map {
                    match value {
                        Value::String(s)
                            if !s.is_empty()
                                && s.chars().count() <= 1_000
                                && !s.chars().any(char::is_control)
                                && !key.chars().any(char::is_control) =>
                        {
                            kenmerken.insert(key.clone(), s.clone());
                        }
                        _ => errors.push(InvalidParam::new(
                            format!("kenmerken.{key}"),
                            "invalid",
                            "Een kenmerk is een tekst van 1 tot 1000 tekens, zonder stuurtekens.",
                        )),
                    }
                }
                kenmerken
            }
            Some(_) => {
                errors.push(InvalidParam::new(
                    "kenmerken",
                    "invalid",
                    "Kenmerken zijn een object met teksten.",
                ));
                BTreeMap::new()
            }
        };
        match (
            kanaal,
            hoofd_object,
            resource,
            resource_url,
            actie,
            aanmaakdatum,
        ) {
            (
                Some(kanaal),
                Some(hoofd_object),
                Some(resource),
                Some(resource_url),
                Some(actie),
                Some(aanmaakdatum),
            ) if errors.is_empty() => Ok(Self {
                kanaal,
                hoofd_object,
                resource,
                resource_url,
                actie,
                aanmaakdatum,
                kenmerken,
            }),
            _ => Err(errors),
        }
    }

    /// The same for every delivery of this message, different for any other: what makes a
    /// second delivery (the sender retries when it did not see our 204) a duplicate.
    pub fn dedupe_key(&self) -> String {
        use sha2::{Digest as _, Sha256};
        let canonical = serde_json::json!([
            self.kanaal,
            self.hoofd_object.as_str(),
            self.resource,
            self.resource_url.as_str(),
            self.actie,
            self.aanmaakdatum.unix_timestamp_nanos().to_string(),
            self.kenmerken,
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> Value {
        serde_json::json!({
            "kanaal": "zaken",
            "hoofdObject": "https://oz.example/zaken/api/v1/zaken/6f1f5c3e-1111-4a4a-9a9a-0123456789ab",
            "resource": "status",
            "resourceUrl": "https://oz.example/zaken/api/v1/statussen/7a1f5c3e-1111-4a4a-9a9a-0123456789ab",
            "actie": "create",
            "aanmaakdatum": "2026-12-03T10:15:00.123456Z",
            "kenmerken": {
                "bronorganisatie": "002220647",
                "zaaktype": "https://oz.example/catalogi/api/v1/zaaktypen/1",
                "vertrouwelijkheidaanduiding": "openbaar"
            }
        })
    }

    #[test]
    fn a_message_as_open_notificaties_sends_it_is_read() {
        let k = Kennisgeving::from_json(message().to_string().as_bytes()).unwrap();
        assert_eq!(k.kanaal, "zaken");
        assert_eq!(k.resource, "status");
        assert_eq!(k.kenmerken["vertrouwelijkheidaanduiding"], "openbaar");
        // The same message with its fields and kenmerken in another order and the time
        // in another offset: the same key.
        let again = r#"{"kenmerken": {"vertrouwelijkheidaanduiding": "openbaar",
            "zaaktype": "https://oz.example/catalogi/api/v1/zaaktypen/1",
            "bronorganisatie": "002220647"},
            "aanmaakdatum": "2026-12-03T11:15:00.123456+01:00", "actie": "create",
            "resourceUrl": "https://oz.example/zaken/api/v1/statussen/7a1f5c3e-1111-4a4a-9a9a-0123456789ab",
            "resource": "status",
            "hoofdObject": "https://oz.example/zaken/api/v1/zaken/6f1f5c3e-1111-4a4a-9a9a-0123456789ab",
            "kanaal": "zaken"}"#;
        let again = Kennisgeving::from_json(again.as_bytes()).unwrap();
        assert_eq!(k.dedupe_key(), again.dedupe_key());
        let mut other = message();
        other["actie"] = "update".into();
        let other = Kennisgeving::from_json(other.to_string().as_bytes()).unwrap();
        assert_ne!(k.dedupe_key(), other.dedupe_key());
    }

    #[test]
    fn every_field_that_breaks_the_schema_is_named() {
        let mut bad = message();
        bad.as_object_mut().unwrap().remove("kanaal");
        bad["hoofdObject"] = "geen url".into();
        bad["resource"] = "".into();
        bad["actie"] = serde_json::json!(3);
        bad["aanmaakdatum"] = "gisteren".into();
        bad["kenmerken"]["zaaktype"] = serde_json::json!(["lijst"]);
        bad["resourceUrl"] = "ftp://oz.example/x".into();
        let errors = Kennisgeving::from_json(bad.to_string().as_bytes()).unwrap_err();
        let names: Vec<&str> = errors.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "kanaal",
                "resource",
                "actie",
                "hoofdObject",
                "resourceUrl",
                "aanmaakdatum",
                "kenmerken.zaaktype"
            ]
        );
        assert_eq!(
            Kennisgeving::from_json(b"[1]").unwrap_err()[0].code,
            "invalid"
        );
        assert_eq!(
            Kennisgeving::from_json(b"{").unwrap_err()[0].code,
            "parse_error"
        );
        let mut long = message();
        long["kanaal"] = "k".repeat(51).into();
        assert_eq!(
            Kennisgeving::from_json(long.to_string().as_bytes()).unwrap_err()[0].code,
            "max_length"
        );
    }
}
