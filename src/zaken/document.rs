//! How a document leaves the portal: a safe file name and a safe content type.

/// The longest file name the portal gives a download.
const MAX_NAME: usize = 120;

/// Content types the browser may be told as they are. Anything else is sent as
/// `application/octet-stream`, so an upstream cannot make the portal serve HTML or SVG
/// (script) under its own origin.
const SAFE_TYPES: &[&str] = &[
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
    "text/csv",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/zip",
];

/// The `Content-Type` for a document whose `formaat` is `formaat`.
pub fn content_type(formaat: Option<&str>) -> &'static str {
    let Some(formaat) = formaat else {
        return "application/octet-stream";
    };
    let essence = formaat
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    SAFE_TYPES
        .iter()
        .find(|t| **t == essence)
        .copied()
        .unwrap_or("application/octet-stream")
}

/// A file name safe for `Content-Disposition` and every file system: the zaaknummer, so
/// that a document in the downloads folder says which zaak it belongs to, then the
/// upstream's `bestandsnaam` (Open Zaak serves `<uuid>.bin` as the download itself), else
/// the title; path separators, control and quote characters replaced, at most 120
/// characters.
pub fn file_name(zaaknummer: &str, bestandsnaam: Option<&str>, titel: &str) -> String {
    let source = bestandsnaam
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(titel);
    let name = clean(source);
    // A zaaknummer is one name, whatever it holds ("2026/0001" is not a path).
    let zaaknummer = clean(
        zaaknummer
            .replace(['/', '\\'], "-")
            .trim_start_matches(['-', '.']),
    );
    let already = name
        .strip_prefix(zaaknummer.as_str())
        .is_some_and(|rest| rest.is_empty() || !rest.starts_with(char::is_alphanumeric));
    if zaaknummer == "document" || already {
        return name;
    }
    shorten(&format!("{zaaknummer} {name}"))
}

/// `name` cut to [`MAX_NAME`] characters, keeping a short extension (".pdf") at its end.
fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_NAME {
        return name.to_owned();
    }
    let extension = name
        .rfind('.')
        .map(|dot| &name[dot..])
        .filter(|e| e.chars().count() <= 10);
    match extension {
        Some(extension) => {
            let keep = MAX_NAME - extension.chars().count();
            let stem: String = name.chars().take(keep).collect();
            format!("{}{extension}", stem.trim_end())
        }
        None => name.chars().take(MAX_NAME).collect(),
    }
}

/// `source` made safe as a file name: its last path component, without control, quote and
/// reserved characters, not starting with a dot, at most 120 characters; "document" when
/// nothing is left.
fn clean(source: &str) -> String {
    // Only the last path component: "../../etc/passwd" becomes "passwd".
    let last = source.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '"' | ';' | ':' | '*' | '?' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let name = shorten(trimmed);
    if name.is_empty() {
        "document".to_owned()
    } else {
        name
    }
}

/// `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266, RFC 8187).
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii() && c != '\\' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_types_are_passed_on() {
        assert_eq!(content_type(Some("application/pdf")), "application/pdf");
        assert_eq!(
            content_type(Some("Application/PDF; charset=binary")),
            "application/pdf"
        );
        for unsafe_type in [
            "text/html",
            "image/svg+xml",
            "application/xhtml+xml",
            "",
            "pdf",
        ] {
            assert_eq!(content_type(Some(unsafe_type)), "application/octet-stream");
        }
        assert_eq!(content_type(None), "application/octet-stream");
    }

    #[test]
    fn file_names_cannot_escape_or_break_the_header() {
        let z = "ZAAK-2026-0000101";
        assert_eq!(
            file_name(z, Some("besluit.pdf"), "Besluit"),
            "ZAAK-2026-0000101 besluit.pdf"
        );
        assert_eq!(
            file_name(z, Some("../../etc/passwd"), "x"),
            "ZAAK-2026-0000101 passwd"
        );
        assert_eq!(
            file_name(z, Some("a\\b\\c.pdf"), "x"),
            "ZAAK-2026-0000101 c.pdf"
        );
        assert_eq!(
            file_name(z, Some("x\"; evil=1\r\n.pdf"), "x"),
            "ZAAK-2026-0000101 x__ evil=1__.pdf"
        );
        assert_eq!(
            file_name(z, None, "Brief aan u"),
            "ZAAK-2026-0000101 Brief aan u"
        );
        assert_eq!(file_name(z, Some(".."), ""), "ZAAK-2026-0000101 document");
        assert_eq!(file_name(z, Some(&"a".repeat(300)), "").len(), 120);
        // The zaaknummer comes from upstream too, and is cleaned the same way; a name
        // that already starts with it does not get it twice.
        assert_eq!(
            file_name("../ZAAK\"1", Some("brief.pdf"), ""),
            "ZAAK_1 brief.pdf"
        );
        assert_eq!(
            file_name(z, Some("ZAAK-2026-0000101-besluit.pdf"), ""),
            "ZAAK-2026-0000101-besluit.pdf"
        );
        assert_eq!(file_name("", Some("besluit.pdf"), ""), "besluit.pdf");
        // Another zaak's number in the name is not this one's.
        assert_eq!(
            file_name("ZAAK-1", Some("ZAAK-12 besluit.pdf"), ""),
            "ZAAK-1 ZAAK-12 besluit.pdf"
        );
        // A zaaknummer with a slash stays whole.
        assert_eq!(
            file_name("2026/0001", Some("besluit.pdf"), ""),
            "2026-0001 besluit.pdf"
        );
        // A long name keeps its extension.
        let long = file_name(z, Some(&format!("{}.pdf", "b".repeat(200))), "");
        assert_eq!(long.chars().count(), 120);
        assert!(
            long.starts_with("ZAAK-2026-0000101 bbb") && long.ends_with("b.pdf"),
            "{long}"
        );
    }

    #[test]
    fn the_disposition_is_an_attachment_with_a_utf8_name() {
        assert_eq!(
            content_disposition("Besluit WOZ – 2026.pdf"),
            "attachment; filename=\"Besluit WOZ _ 2026.pdf\"; filename*=UTF-8''Besluit%20WOZ%20%E2%80%93%202026.pdf"
        );
    }
}
