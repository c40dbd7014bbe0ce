//! A short per-user memory of the overview's upstream answers, so that a reload, "Toon
//! meer" or the way back from a zaak does not make the zaaksysteem do the same work again.
//!
//! - **Per user, never shared.** An entry belongs to one reader (the citizen, or one
//!   medewerker during a look-up) and one subject in one gemeente. A medewerker never reads
//!   the citizen's entry, nor the other way round.
//! - **No BSN in the clear.** Keys are HMAC-SHA256 digests under a key made at random when
//!   the process starts; a digest cannot be turned back into a BSN by trying them all.
//! - **Short.** A time to live (`MIJNZAKEN_OVERZICHT_CACHE_SECONDS`, default 60 s), a size
//!   bound, and gone at logout ([`OverzichtCache::forget`]). This is a cache of answers,
//!   not a store of zaak data.
//! - **Single flight.** Concurrent loads of the same entry (a reload while the first load
//!   runs) share one set of upstream requests, also when the time to live is 0.
//! - **Invalidation.** [`OverzichtCache::forget_zaak`] drops every entry that lists a zaak:
//!   the hook for notifications ("proactief informeren") when a zaak changes.
//!
//! Built on `moka` (TTL, size bound, single flight through `get_with`, and predicates for
//! invalidation) rather than by hand.

use std::{sync::Arc, time::Duration};

use hmac::{Hmac, Mac};
use rand::RngCore as _;
use sha2::Sha256;
use url::Url;

use crate::{
    domain::Betrokkene,
    zgw::{
        types::{Resultaat, Status},
        Section, ZgwError,
    },
};

use super::overzicht::{Screen, ZakenLijst};

/// At most this many users' lists at once; past it the least used go first.
const MAX_LISTS: u64 = 10_000;
/// At most this many statussen, and as many resultaten, at once (a screen holds 20 per
/// section).
const MAX_STATUSSEN: u64 = 200_000;

/// Who reads the overview: the entry's owner.
#[derive(Debug, Clone, Copy)]
pub enum Reader<'a> {
    /// The inwoner or ondernemer themselves.
    Citizen(&'a Betrokkene),
    /// A KCC medewerker (their identifier at the gemeente's provider).
    Medewerker(&'a str),
}

/// One reader's view of one subject in one gemeente, as an opaque key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope {
    reader: [u8; 32],
    subject: [u8; 32],
}

/// The per-user cache of the overview's upstream answers.
pub struct OverzichtCache {
    secret: [u8; 32],
    lists: moka::future::Cache<Scope, Arc<ZakenLijst>>,
    statussen: moka::future::Cache<(Scope, String), Status>,
    resultaten: moka::future::Cache<(Scope, String), Resultaat>,
    screens: moka::future::Cache<(Scope, Section, usize), Arc<Screen>>,
}

impl OverzichtCache {
    /// A cache whose entries live for `ttl` (0: nothing is kept beyond the load itself).
    pub fn new(ttl: Duration) -> Self {
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        Self {
            secret,
            lists: moka::future::Cache::builder()
                .max_capacity(MAX_LISTS)
                .time_to_live(ttl)
                .support_invalidation_closures()
                .build(),
            statussen: moka::future::Cache::builder()
                .max_capacity(MAX_STATUSSEN)
                .time_to_live(ttl)
                .support_invalidation_closures()
                .build(),
            resultaten: moka::future::Cache::builder()
                .max_capacity(MAX_STATUSSEN)
                .time_to_live(ttl)
                .support_invalidation_closures()
                .build(),
            screens: moka::future::Cache::builder()
                .max_capacity(MAX_LISTS)
                .time_to_live(ttl)
                .support_invalidation_closures()
                .build(),
        }
    }

    fn digest(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.secret).expect("HMAC takes a key of any size");
        for part in parts {
            // Length-prefixed, so that no two different part lists give the same input.
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    fn reader_digest(&self, reader: Reader<'_>) -> [u8; 32] {
        match reader {
            Reader::Citizen(betrokkene) => self.digest(&[b"citizen", &identity(betrokkene)]),
            Reader::Medewerker(id) => self.digest(&[b"medewerker", id.as_bytes()]),
        }
    }

    /// The key for `reader` looking at `subject`'s zaken in `gemeente`.
    pub fn scope(&self, gemeente: &str, reader: Reader<'_>, subject: &Betrokkene) -> Scope {
        Scope {
            reader: self.reader_digest(reader),
            subject: self.digest(&[b"subject", gemeente.as_bytes(), &identity(subject)]),
        }
    }

    /// The list of `scope`, or the result of `load`, run once however many requests ask
    /// at the same time. An incomplete list is handed to those waiting but not kept, so
    /// the next request tries again.
    pub(crate) async fn list<F>(&self, scope: Scope, load: F) -> Arc<ZakenLijst>
    where
        F: std::future::Future<Output = ZakenLijst>,
    {
        let list = self
            .lists
            .get_with(scope, async move { Arc::new(load.await) })
            .await;
        if list.incomplete {
            self.lists.invalidate(&scope).await;
        }
        list
    }

    /// The status at `url` for `scope`, or the result of `fetch` (single flight; failures
    /// are not kept). A status never changes: a new one gets a new URL.
    pub(crate) async fn status<F>(
        &self,
        scope: Scope,
        url: &Url,
        fetch: F,
    ) -> Result<Status, ZgwError>
    where
        F: std::future::Future<Output = Result<Status, ZgwError>>,
    {
        kept(&self.statussen, scope, url, fetch).await
    }

    /// Whether the status at `url` is kept for `scope`.
    pub(crate) fn has_status(&self, scope: Scope, url: &Url) -> bool {
        self.statussen
            .contains_key(&(scope, url.as_str().to_owned()))
    }

    /// The resultaat at `url` for `scope`, or the result of `fetch` (single flight;
    /// failures are not kept). Like a status, a resultaat is not edited in place in
    /// practice; the time to live bounds the rare correction.
    pub(crate) async fn resultaat<F>(
        &self,
        scope: Scope,
        url: &Url,
        fetch: F,
    ) -> Result<Resultaat, ZgwError>
    where
        F: std::future::Future<Output = Result<Resultaat, ZgwError>>,
    {
        kept(&self.resultaten, scope, url, fetch).await
    }

    /// Whether the resultaat at `url` is kept for `scope`.
    pub(crate) fn has_resultaat(&self, scope: Scope, url: &Url) -> bool {
        self.resultaten
            .contains_key(&(scope, url.as_str().to_owned()))
    }

    /// A screen query for `count` zaken of `section` of `scope`, or the result of `load`
    /// (single flight).
    pub(crate) async fn screen<F>(
        &self,
        scope: Scope,
        section: Section,
        count: usize,
        load: F,
    ) -> Arc<Screen>
    where
        F: std::future::Future<Output = Screen>,
    {
        self.screens
            .get_with((scope, section, count), async move { Arc::new(load.await) })
            .await
    }

    /// Drops everything `reader` has cached: at logout, and when a medewerker ends a
    /// look-up.
    pub fn forget(&self, reader: Reader<'_>) {
        let digest = self.reader_digest(reader);
        // Only fails when invalidation closures are not enabled, which `new` does.
        let _ = self
            .lists
            .invalidate_entries_if(move |scope, _| scope.reader == digest);
        let _ = self
            .statussen
            .invalidate_entries_if(move |(scope, _), _| scope.reader == digest);
        let _ = self
            .resultaten
            .invalidate_entries_if(move |(scope, _), _| scope.reader == digest);
        let _ = self
            .screens
            .invalidate_entries_if(move |(scope, _, _), _| scope.reader == digest);
    }

    /// Drops every list that holds the zaak at `zaak`, whoever's it is: for a notification
    /// that the zaak changed. It looks through the entries now rather than leaving a
    /// predicate behind (`invalidate_entries_if`): moka checks every pending predicate on
    /// every read, so a burst of notifications would slow every overview.
    pub async fn forget_zaak(&self, zaak: &Url) {
        let lists: Vec<Scope> = self
            .lists
            .iter()
            .filter(|(_, list)| list.zaken.iter().any(|z| &z.zaak.url == zaak))
            .map(|(scope, _)| *scope)
            .collect();
        for scope in lists {
            self.lists.invalidate(&scope).await;
        }
        let screens: Vec<(Scope, Section, usize)> = self
            .screens
            .iter()
            .filter(|(_, screen)| screen.holds(zaak))
            .map(|(key, _)| *key)
            .collect();
        for key in screens {
            self.screens.invalidate(&key).await;
        }
    }
}

/// The resource at `url` kept in `cache` for `scope`, or the result of `fetch` (single
/// flight; failures are not kept).
async fn kept<T, F>(
    cache: &moka::future::Cache<(Scope, String), T>,
    scope: Scope,
    url: &Url,
    fetch: F,
) -> Result<T, ZgwError>
where
    T: Clone + Send + Sync + 'static,
    F: std::future::Future<Output = Result<T, ZgwError>>,
{
    cache
        .try_get_with((scope, url.as_str().to_owned()), fetch)
        .await
        .map_err(|shared| (*shared).clone())
}

/// The betrokkene's identifiers as bytes, for hashing only.
fn identity(betrokkene: &Betrokkene) -> Vec<u8> {
    serde_json::to_vec(betrokkene).expect("a betrokkene serialises")
}
