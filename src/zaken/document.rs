//! How a document leaves the portal: a safe file name and a safe content type.

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

/// A file name safe for `Content-Disposition` and every file system: the upstream's
/// `bestandsnaam` (Open Zaak serves `<uuid>.bin` as the download itself), else the title,
/// with path separators, control and quote characters replaced, at most 120 characters.
pub fn file_name(bestandsnaam: Option<&str>, titel: &str) -> String {
    let source = bestandsnaam
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(titel);
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
    let name: String = trimmed.chars().take(120).collect();
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
        assert_eq!(file_name(Some("besluit.pdf"), "Besluit"), "besluit.pdf");
        assert_eq!(file_name(Some("../../etc/passwd"), "x"), "passwd");
        assert_eq!(file_name(Some("a\\b\\c.pdf"), "x"), "c.pdf");
        assert_eq!(
            file_name(Some("x\"; evil=1\r\n.pdf"), "x"),
            "x__ evil=1__.pdf"
        );
        assert_eq!(file_name(None, "Brief aan u"), "Brief aan u");
        assert_eq!(file_name(Some(".."), ""), "document");
        assert_eq!(file_name(Some(&"a".repeat(300)), "").len(), 120);
    }

    #[test]
    fn the_disposition_is_an_attachment_with_a_utf8_name() {
        assert_eq!(
            content_disposition("Besluit WOZ – 2026.pdf"),
            "attachment; filename=\"Besluit WOZ _ 2026.pdf\"; filename*=UTF-8''Besluit%20WOZ%20%E2%80%93%202026.pdf"
        );
    }
}
