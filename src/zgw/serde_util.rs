//! Tolerant decoding of the value forms ZGW implementations send.
//!
//! Open Zaak sends `""` where a value is absent in many fields (rol identifications,
//! `statustoelichting`, `next`), others send `null` or leave the field out; all three mean
//! "none" here. Dates are `YYYY-MM-DD`, datetimes RFC 3339 (a few implementations omit the
//! offset; those are read as UTC), durations ISO 8601.

use serde::{Deserialize, Deserializer};
use time::{
    format_description::well_known::Rfc3339, macros::format_description, Date, OffsetDateTime,
    PrimitiveDateTime,
};
use url::Url;

use super::duration::IsoDuration;

fn opt_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|s| !s.trim().is_empty()))
}

/// `""`, `null` or absent → `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    opt_str(d)
}

/// An embedded resource that is only a convenience: anything that does not read as a `T`
/// (`null`, `{}`, a shape of another version) → `None`, instead of failing the whole
/// response it sits in.
pub fn lenient<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}

/// A string that may be `null`: → `""`.
pub fn string_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// An absolute URL; `""` or `null` → `None`.
pub fn opt_url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Url>, D::Error> {
    opt_str(d)?
        .map(|s| Url::parse(&s).map_err(serde::de::Error::custom))
        .transpose()
}

/// A list of URLs; `null` → empty.
pub fn url_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Url>, D::Error> {
    Option::<Vec<String>>::deserialize(d)?
        .unwrap_or_default()
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| Url::parse(s).map_err(serde::de::Error::custom))
        .collect()
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|e| format!("invalid date {s:?}: {e}"))
}

/// Parses an RFC 3339 datetime, or one without offset as UTC.
pub fn parse_datetime(s: &str) -> Result<OffsetDateTime, String> {
    let s = s.trim();
    if let Ok(dt) = OffsetDateTime::parse(s, &Rfc3339) {
        // An instant with no UTC form inside the calendar (9999-12-31T23:30:00-05:00) is
        // no moment anything happened at: refused here, so no page has to handle it.
        return dt
            .checked_to_offset(time::UtcOffset::UTC)
            .map(|_| dt)
            .ok_or_else(|| format!("datetime {s:?} is outside the calendar"));
    }
    PrimitiveDateTime::parse(
        s,
        format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
        ),
    )
    .map(PrimitiveDateTime::assume_utc)
    .map_err(|e| format!("invalid datetime {s:?}: {e}"))
}

/// A required date.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    parse_date(&String::deserialize(d)?).map_err(serde::de::Error::custom)
}

/// An optional date; `""` or `null` → `None`.
pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    opt_str(d)?
        .map(|s| parse_date(&s).map_err(serde::de::Error::custom))
        .transpose()
}

/// A required datetime.
pub fn datetime<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
    parse_datetime(&String::deserialize(d)?).map_err(serde::de::Error::custom)
}

/// An optional datetime; `""` or `null` → `None`.
pub fn opt_datetime<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
    opt_str(d)?
        .map(|s| parse_datetime(&s).map_err(serde::de::Error::custom))
        .transpose()
}

/// An optional ISO 8601 duration; `""` or `null` → `None`.
pub fn opt_duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<IsoDuration>, D::Error> {
    opt_str(d)?
        .map(|s| s.parse::<IsoDuration>().map_err(serde::de::Error::custom))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_datetime_outside_the_calendar_is_refused_not_a_panic_later() {
        assert!(parse_datetime("9999-12-31T23:30:00-05:00").is_err());
        assert!(parse_datetime("2026-03-12T14:05:00+01:00").is_ok());
        assert!(parse_datetime("9999-12-31T23:30:00Z").is_ok());
    }
}
