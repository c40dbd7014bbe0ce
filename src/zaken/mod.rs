//! What a betrokkene sees of their zaken, assembled live from the ZGW APIs: the overview,
//! one zaak, one document. Every function here checks ownership and visibility itself
//! (through `domain::visibility`) before it returns anything, and says what it could not
//! fetch instead of failing the whole page.

pub mod cache;
pub mod detail;
pub mod document;
pub mod overzicht;

use url::Url;
use uuid::Uuid;

use crate::{domain::termijn::UpstreamDates, zgw::Zgw};

/// What the gemeente's setting says about dates its zaaksysteem set after a verlenging.
fn upstream_dates(zgw: &Zgw) -> UpstreamDates {
    if zgw.client().settings().dates_include_verlenging {
        UpstreamDates::IncludeVerlenging
    } else {
        UpstreamDates::ExcludeVerlenging
    }
}

/// The UUID at the end of a ZGW resource URL: how the portal's own URLs name a zaak or a
/// document.
pub fn uuid_of(url: &Url) -> Option<Uuid> {
    url.path_segments()?
        .rfind(|s| !s.is_empty())
        .and_then(|s| Uuid::parse_str(s).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uuid_is_the_last_path_segment() {
        let url = Url::parse(
            "https://oz.example/zaken/api/v1/zaken/6f1f5c3e-1111-4a4a-9a9a-0123456789ab/",
        )
        .unwrap();
        assert_eq!(
            uuid_of(&url).unwrap().to_string(),
            "6f1f5c3e-1111-4a4a-9a9a-0123456789ab"
        );
        assert_eq!(
            uuid_of(&Url::parse("https://oz.example/zaken/api/v1/zaken/ZAAK-1").unwrap()),
            None
        );
    }
}

/// A part of a page that could not be fetched now (an upstream down or answering
/// garbage): the page shows the rest and says this part is missing. Why is in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable;
