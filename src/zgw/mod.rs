//! The upstream ZGW client: typed resources, JWT auth, pagination, the URL allow-list and
//! the catalogi cache. See `client::Zgw` for the queries.

pub mod allow_list;
pub mod auth;
mod cache;
mod client;
pub mod duration;
mod error;
pub mod serde_util;
pub mod types;

use std::time::Duration;

use secrecy::SecretString;

pub use allow_list::{Api, ApiRoots};
pub use client::{Download, Listing, RolFilter, Zgw, ZgwClient};
pub use error::ZgwError;
pub use types::Vertrouwelijkheid;

/// How to reach and use the gemeente's ZGW APIs.
#[derive(Clone, Debug)]
pub struct ZgwSettings {
    /// The API roots; nothing outside them is ever requested.
    pub roots: ApiRoots,
    /// Credentials and limits.
    pub options: ZgwOptions,
}

/// The ZGW client's credentials and limits.
#[derive(Clone)]
pub struct ZgwOptions {
    /// The portal's client id at the ZGW APIs.
    pub client_id: String,
    /// The shared secret for the HS256 JWT.
    pub secret: SecretString,
    /// Connect, read and total timeout of one request.
    pub timeout: Duration,
    /// The highest vertrouwelijkheidaanduiding the portal may show a citizen.
    pub max_vertrouwelijkheid: Vertrouwelijkheid,
    /// The most pages one list may have.
    pub max_pages: usize,
    /// How long catalogi resources are cached.
    pub cache_ttl: Duration,
    /// How many upstream requests one page render may have in flight.
    pub concurrency: usize,
    /// What a date the zaaksysteem set (`einddatumGepland`, `uiterlijkeEinddatumAfdoening`)
    /// means after a verlenging when the portal cannot tell from the dates themselves:
    /// `true` when the zaaksysteem moves it (the verlenging is in it), `false` when it does
    /// not (Open Zaak). See `domain::termijn`.
    pub dates_include_verlenging: bool,
}

impl std::fmt::Debug for ZgwOptions {
    // By hand, so that the secret can never be printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZgwOptions")
            .field("client_id", &self.client_id)
            .field("timeout", &self.timeout)
            .field("max_vertrouwelijkheid", &self.max_vertrouwelijkheid)
            .field("max_pages", &self.max_pages)
            .field("concurrency", &self.concurrency)
            .field("dates_include_verlenging", &self.dates_include_verlenging)
            .finish_non_exhaustive()
    }
}
