//! The HTTP client for the ZGW APIs.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

use anyhow::Context as _;
use bytes::Bytes;
use futures::{stream::BoxStream, StreamExt as _, TryStreamExt as _};
use reqwest::{header, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use super::{
    allow_list::{redact, Api, ApiRoots},
    auth::TokenSource,
    cache::Cache,
    types::*,
    ZgwError, ZgwSettings,
};

/// The most JSON one response may hold; a larger one is a decode error, not an
/// out-of-memory.
const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

// Open Zaak 1.30 computes an expansion for every zaak on a page; measured for one page of
// 100 zaken: none 158 ms, `status` 565 ms, `zaaktype` 2.2 s,
// `status,status.statustype,zaaktype` 4.0 s. Asking each status on its own is dearer
// still (about 70 ms of the server's time per request). So the full lists are asked for
// without `expand`, catalogi come from our own cache, and the statussen (or resultaten)
// of one overview screen come from one small list that expands only them
// ([`Zgw::newest_zaken`]).

/// What a document download accepts. Open Zaak answers `406 Not Acceptable` to
/// `Accept: application/json` on `…/download`; the content is whatever was uploaded.
const DOWNLOAD_ACCEPT: &str = "*/*";

/// The page size asked for on the long lists (a betrokkene's zaken and rollen): Open
/// Zaak's largest, so that a list of a few hundred zaken takes one request rather than a
/// round trip more per 100. `pageSize` is Open Zaak's, not the standard's; a Zaken API that
/// refuses it is asked without it ([`Zgw::zaken`]).
const LONG_LIST_PAGE_SIZE: &str = "500";

/// Open or closed zaken: a section of the overview, for [`Zgw::newest_zaken`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Without einddatum.
    Open,
    /// With einddatum.
    Closed,
}

/// One rol-based way to find a betrokkene's zaken.
#[derive(Clone, PartialEq, Eq)]
pub enum RolFilter {
    /// `rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn`
    Bsn(String),
    /// `rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId`: an RSIN (Open
    /// Zaak refuses anything else there)
    NnpId(String),
    /// `rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer`: a KVK-nummer.
    /// Open Zaak's (since 1.20, "experimenteel"), not yet Zaken API 1.5.1's.
    Kvk(String),
    /// `rol__betrokkeneIdentificatie__vestiging__vestigingsNummer`
    Vestiging(String),
}

impl std::fmt::Debug for RolFilter {
    // The value may be a BSN: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RolFilter::Bsn(_) => "RolFilter::Bsn(…)",
            RolFilter::NnpId(_) => "RolFilter::NnpId(…)",
            RolFilter::Kvk(_) => "RolFilter::Kvk(…)",
            RolFilter::Vestiging(_) => "RolFilter::Vestiging(…)",
        })
    }
}

impl RolFilter {
    /// A filter of the same kind for an identifier that no one has, so that a Zaken API
    /// that honours the filter must answer with no zaken: a BSN and an RSIN that fail the
    /// elfproef, and a KVK-nummer and a vestigingsnummer of zeros, which the
    /// Handelsregister does not issue.
    pub fn probe(&self) -> RolFilter {
        match self {
            RolFilter::Bsn(_) => RolFilter::Bsn("999999999".to_owned()),
            RolFilter::NnpId(_) => RolFilter::NnpId("999999999".to_owned()),
            RolFilter::Kvk(_) => RolFilter::Kvk("00000000".to_owned()),
            RolFilter::Vestiging(_) => RolFilter::Vestiging("000000000000".to_owned()),
        }
    }

    /// The identifier filtered on (a BSN, KVK, RSIN or vestigingsnummer: never log it).
    pub fn value(&self) -> &str {
        self.param().1
    }

    fn param(&self) -> (&'static str, &str) {
        match self {
            RolFilter::Bsn(v) => ("rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn", v),
            RolFilter::NnpId(v) => (
                "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId",
                v,
            ),
            RolFilter::Kvk(v) => (
                "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer",
                v,
            ),
            RolFilter::Vestiging(v) => (
                "rol__betrokkeneIdentificatie__vestiging__vestigingsNummer",
                v,
            ),
        }
    }
}

/// A document's content on its way through: the length when known, and the bytes as a
/// stream, never buffered whole.
pub struct Download {
    /// `Content-Length` of the upstream answer.
    pub content_length: Option<u64>,
    /// The bytes.
    pub stream: BoxStream<'static, Result<Bytes, std::io::Error>>,
}

struct Inner {
    http: reqwest::Client,
    roots: ApiRoots,
    settings: ZgwSettings,
    token: TokenSource,
    /// Cleared when the Zaken API refuses the screen query (400: `expand`, `ordering` or
    /// `pageSize` unknown), so it is not asked again.
    screen_query_supported: AtomicBool,
    /// Cleared when the Zaken API refuses `pageSize` on a long list (400).
    page_size_supported: AtomicBool,
    zaaktypen: Cache<ZaakType>,
    statustypen: Cache<StatusType>,
    statustypen_of_zaaktype: Cache<Arc<Vec<StatusType>>>,
    resultaattypen: Cache<ResultaatType>,
    informatieobjecttypen: Cache<InformatieObjectType>,
}

/// A list as far as it could be fetched: the items of the pages that arrived and, when a
/// page could not be fetched, why. A caller that can show part of a list (the overview)
/// keeps `items` and says that the list is incomplete; one that needs all of it calls
/// [`Listing::complete`].
#[derive(Debug)]
pub struct Listing<T> {
    /// The items of every page that arrived, in order.
    pub items: Vec<T>,
    /// Set when the list is not complete.
    pub error: Option<ZgwError>,
}

impl<T> Listing<T> {
    /// The whole list, or the error that kept part of it away.
    pub fn complete(self) -> Result<Vec<T>, ZgwError> {
        match self.error {
            None => Ok(self.items),
            Some(error) => Err(error),
        }
    }
}

/// The ZGW client, shared by all requests. Cheap to clone.
#[derive(Clone)]
pub struct ZgwClient {
    inner: Arc<Inner>,
}

impl ZgwClient {
    /// A client for these settings, whose roots must be known (see
    /// [`ZgwSettings::or_demo_roots`]).
    pub fn new(settings: ZgwSettings) -> anyhow::Result<Self> {
        let roots = settings
            .roots
            .clone()
            .context("the ZGW API roots are not set")?;
        let http = reqwest::Client::builder()
            .connect_timeout(settings.timeout)
            .read_timeout(settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("MijnZaken/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let ttl = settings.cache_ttl;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                token: TokenSource::new(settings.client_id.clone(), settings.secret.clone()),
                roots,
                screen_query_supported: AtomicBool::new(true),
                page_size_supported: AtomicBool::new(true),
                settings,
                zaaktypen: Cache::new(ttl),
                statustypen: Cache::new(ttl),
                statustypen_of_zaaktype: Cache::new(ttl),
                resultaattypen: Cache::new(ttl),
                informatieobjecttypen: Cache::new(ttl),
            }),
        })
    }

    /// The configured API roots.
    pub fn roots(&self) -> &ApiRoots {
        &self.inner.roots
    }

    /// The configured credentials, limits and upstream habits.
    pub fn settings(&self) -> &ZgwSettings {
        &self.inner.settings
    }

    /// The highest vertrouwelijkheidaanduiding the portal may show.
    pub fn ceiling(&self) -> Vertrouwelijkheid {
        self.inner.settings.max_vertrouwelijkheid
    }

    /// How many requests one page render may have in flight.
    pub fn concurrency(&self) -> usize {
        self.inner.settings.concurrency
    }

    /// The client for one incoming request: its id travels to the upstream.
    pub fn for_request(&self, request_id: Option<&str>) -> Zgw {
        Zgw {
            client: self.clone(),
            request_id: request_id.map(Arc::from),
        }
    }
}

/// The ZGW client within one request. Cheap to clone into concurrent tasks.
#[derive(Clone)]
pub struct Zgw {
    client: ZgwClient,
    request_id: Option<Arc<str>>,
}

impl Zgw {
    fn inner(&self) -> &Inner {
        &self.client.inner
    }

    /// The shared client.
    pub fn client(&self) -> &ZgwClient {
        &self.client
    }

    /// `path` under the API root of `api`. Every path joined here is a fixed resource
    /// name or a UUID, which always joins onto a root that ends in `/`.
    fn endpoint(&self, api: Api, path: &str) -> Url {
        let roots = &self.inner().roots;
        let root = match api {
            Api::Zaken => &roots.zaken,
            Api::Catalogi => &roots.catalogi,
            Api::Documenten => &roots.documenten,
        };
        root.join(path)
            .expect("a resource name or UUID joins onto an API root")
    }

    /// Runs `fetch` over `items` with at most [`ZgwClient::concurrency`] requests in
    /// flight, and returns the results in the order of `items`. Independent requests of
    /// one page go through here, so a page with 80 zaken makes 40 requests at a time (the
    /// default), not 80 at once and not one after the other.
    pub async fn bounded<I, T, F, Fut>(&self, items: I, fetch: F) -> Vec<T>
    where
        I: IntoIterator,
        F: FnMut(I::Item) -> Fut,
        Fut: std::future::Future<Output = T>,
    {
        futures::stream::iter(items)
            .map(fetch)
            .buffered(self.client.concurrency())
            .collect()
            .await
    }

    /// The URL of a zaak in the configured Zaken API.
    pub fn zaak_url(&self, uuid: uuid::Uuid) -> Url {
        self.endpoint(Api::Zaken, &format!("zaken/{uuid}"))
    }

    /// The zaken on which `filter` has a rol, within the vertrouwelijkheid ceiling, all
    /// pages, as far as they could be fetched; no `expand` (see [`Zgw::newest_zaken`]).
    #[tracing::instrument(skip_all, fields(filter = ?filter))]
    pub async fn zaken(&self, filter: &RolFilter) -> Listing<Zaak> {
        let url = self.endpoint(Api::Zaken, "zaken");
        let (key, value) = filter.param();
        let ceiling = self.client.ceiling().as_str();
        self.list_long(
            Api::Zaken,
            &url,
            &[
                (key, value),
                ("maximaleVertrouwelijkheidaanduiding", ceiling),
            ],
            (key, value),
        )
        .await
    }

    /// Whether the Zaken API honours the kind of zaken filter `filter` is: it asks for the
    /// zaken of an identifier that no one has ([`RolFilter::probe`]); a Zaken API that
    /// lists any ignores the filter and would list everyone's zaken for everyone. Asked on
    /// every overview load, beside the list itself, so that the verdict is about the same
    /// moment as the list (an empty page costs the zaaksysteem little). `false` also when
    /// the probe could not be made, so that the caller then checks every zaak against the
    /// user's rollen.
    #[tracing::instrument(skip_all, fields(filter = ?filter))]
    pub async fn honours_filter(&self, filter: &RolFilter) -> bool {
        let probe = filter.probe();
        let (key, value) = probe.param();
        let url = self.endpoint(Api::Zaken, "zaken");
        let ceiling = self.client.ceiling().as_str();
        let query = [
            (key, value),
            ("maximaleVertrouwelijkheidaanduiding", ceiling),
        ];
        match self
            .get::<Page<serde::de::IgnoredAny>>(Api::Zaken, &url, &query)
            .await
        {
            Ok(page) if page.results.is_empty() && page.count.unwrap_or(0) == 0 => true,
            Ok(_) => {
                tracing::error!(
                    filter = key,
                    "the Zaken API ignores this zaken filter: it lists zaken for an \
                     identifier that no one has; the overview checks every zaak against the \
                     user's rollen"
                );
                false
            }
            Err(error) => {
                tracing::warn!(
                    %error,
                    "could not ask whether the Zaken API honours a zaken filter; the overview \
                     checks every zaak against the user's rollen"
                );
                false
            }
        }
    }

    /// The newest zaken of one overview section on which `filter` has a rol (at most
    /// `count`, up to 100), each with what its card needs embedded: open zaken by startdatum
    /// with their current status, closed ones by einddatum with their resultaat. One
    /// overview screen in one request, where asking for each costs a request per zaak.
    ///
    /// Uses `einddatum__isnull`, `ordering` and `expand` (Zaken API 1.5) and Open Zaak's
    /// `pageSize`. `Ok(None)` when the Zaken API does not support this: it answered 400
    /// once (Open Zaak does so for a parameter it does not know), after which it is not
    /// asked again. A Zaken API that ignores `pageSize` sends a page of its own size:
    /// slower, still right.
    #[tracing::instrument(skip_all, fields(filter = ?filter, section = ?section, count))]
    pub async fn newest_zaken(
        &self,
        filter: &RolFilter,
        section: Section,
        count: usize,
    ) -> Result<Option<Vec<Zaak>>, ZgwError> {
        if !self.inner().screen_query_supported.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let url = self.endpoint(Api::Zaken, "zaken");
        let (key, value) = filter.param();
        // Within every page size Open Zaak accepts (its default page is 100, its largest
        // 500), so that a long "Toon meer" cannot make it answer 400 and switch this off.
        let count = count.clamp(1, 100).to_string();
        let (open, ordering, expand) = match section {
            Section::Open => ("true", "-startdatum", "status"),
            Section::Closed => ("false", "-einddatum", "resultaat"),
        };
        let query = [
            (key, value),
            (
                "maximaleVertrouwelijkheidaanduiding",
                self.client.ceiling().as_str(),
            ),
            ("einddatum__isnull", open),
            ("ordering", ordering),
            ("expand", expand),
            ("pageSize", count.as_str()),
        ];
        match self.get::<Page<Zaak>>(Api::Zaken, &url, &query).await {
            Ok(page) => Ok(Some(page.results)),
            Err(ZgwError::Upstream { status: 400, .. }) => {
                tracing::warn!(
                    "the Zaken API refused the screen query; statussen and resultaten are asked for one by one"
                );
                self.inner()
                    .screen_query_supported
                    .store(false, Ordering::Relaxed);
                Ok(None)
            }
            Err(error) => Err(error),
        }
    }

    /// One zaak.
    pub async fn zaak(&self, url: &Url) -> Result<Zaak, ZgwError> {
        self.get(Api::Zaken, url, &[]).await
    }

    /// The rollen of a zaak.
    pub async fn rollen(&self, zaak: &Url) -> Result<Vec<Rol>, ZgwError> {
        let url = self.endpoint(Api::Zaken, "rollen");
        self.get_all(Api::Zaken, &url, &[("zaak", zaak.as_str())])
            .await
    }

    /// The rollen that name this betrokkene, on any zaak: one list query, as far as it
    /// could be fetched. The overview uses it, unless the Zaken API is known to honour its
    /// zaken filters ([`OwnershipCheck`](super::OwnershipCheck)), to list a zaak only when a
    /// rol of the user points at it, whatever the zaken filter did.
    #[tracing::instrument(skip_all, fields(filter = ?filter))]
    pub async fn rollen_of(&self, filter: &RolFilter) -> Listing<Rol> {
        let url = self.endpoint(Api::Zaken, "rollen");
        let (key, value) = filter.param();
        let key = key
            .strip_prefix("rol__")
            .expect("every zaken filter is a rol filter");
        self.list_long(Api::Zaken, &url, &[(key, value)], (key, value))
            .await
    }

    /// The statussen of a zaak, in the order the upstream sends them.
    pub async fn statussen(&self, zaak: &Url) -> Result<Vec<Status>, ZgwError> {
        let url = self.endpoint(Api::Zaken, "statussen");
        self.get_all(Api::Zaken, &url, &[("zaak", zaak.as_str())])
            .await
    }

    /// One status.
    pub async fn status(&self, url: &Url) -> Result<Status, ZgwError> {
        self.get(Api::Zaken, url, &[]).await
    }

    /// The documents linked to a zaak.
    pub async fn zaakinformatieobjecten(
        &self,
        zaak: &Url,
    ) -> Result<Vec<ZaakInformatieObject>, ZgwError> {
        let url = self.endpoint(Api::Zaken, "zaakinformatieobjecten");
        match self
            .get::<ListOrPage<ZaakInformatieObject>>(Api::Zaken, &url, &[("zaak", zaak.as_str())])
            .await?
        {
            ListOrPage::List(list) => Ok(list),
            ListOrPage::Page(page) => self
                .rest_of(Api::Zaken, page, Some(("zaak", zaak.as_str())))
                .await
                .complete(),
        }
    }

    /// A resultaat.
    pub async fn resultaat(&self, url: &Url) -> Result<Resultaat, ZgwError> {
        self.get(Api::Zaken, url, &[]).await
    }

    /// A zaaktype (cached).
    pub async fn zaaktype(&self, url: &Url) -> Result<ZaakType, ZgwError> {
        self.cached(&self.inner().zaaktypen, url).await
    }

    /// A statustype (cached).
    pub async fn statustype(&self, url: &Url) -> Result<StatusType, ZgwError> {
        self.cached(&self.inner().statustypen, url).await
    }

    /// All statustypen of a zaaktype (cached), in the order the upstream sends them.
    pub async fn statustypen(&self, zaaktype: &Url) -> Result<Arc<Vec<StatusType>>, ZgwError> {
        let this = self.clone();
        let zaaktype_owned = zaaktype.clone();
        self.inner()
            .statustypen_of_zaaktype
            .get_or_fetch(zaaktype.as_str(), async move {
                let url = this.endpoint(Api::Catalogi, "statustypen");
                this.get_all::<StatusType>(
                    Api::Catalogi,
                    &url,
                    &[("zaaktype", zaaktype_owned.as_str())],
                )
                .await
                .map(Arc::new)
            })
            .await
    }

    /// The statustype of a status: from the zaaktype's statustypen (one cached list per
    /// zaaktype serves every zaak of that type), else on its own (cached).
    pub async fn statustype_of(
        &self,
        status: &Status,
        zaaktype: &Url,
    ) -> Result<StatusType, ZgwError> {
        if let Ok(all) = self.statustypen(zaaktype).await {
            if let Some(found) = all.iter().find(|t| t.url == status.statustype) {
                return Ok(found.clone());
            }
        }
        self.statustype(&status.statustype).await
    }

    /// A resultaattype (cached).
    pub async fn resultaattype(&self, url: &Url) -> Result<ResultaatType, ZgwError> {
        self.cached(&self.inner().resultaattypen, url).await
    }

    /// An informatieobjecttype (cached).
    pub async fn informatieobjecttype(&self, url: &Url) -> Result<InformatieObjectType, ZgwError> {
        self.cached(&self.inner().informatieobjecttypen, url).await
    }

    /// A catalogi resource through its cache (single flight, TTL); only from the Catalogi
    /// API.
    async fn cached<V>(&self, cache: &Cache<V>, url: &Url) -> Result<V, ZgwError>
    where
        V: DeserializeOwned + Clone + Send + Sync + 'static,
    {
        let this = self.clone();
        let owned = url.clone();
        cache
            .get_or_fetch(url.as_str(), async move {
                this.get(Api::Catalogi, &owned, &[]).await
            })
            .await
    }

    /// A document's metadata.
    pub async fn informatieobject(
        &self,
        url: &Url,
    ) -> Result<EnkelvoudigInformatieObject, ZgwError> {
        self.get(Api::Documenten, url, &[]).await
    }

    /// Streams a document's content from its `inhoud` URL, asking for any media type
    /// (see [`DOWNLOAD_ACCEPT`]).
    pub async fn download(&self, inhoud: &Url) -> Result<Download, ZgwError> {
        let response = self
            .send(Api::Documenten, inhoud, &[], None, DOWNLOAD_ACCEPT)
            .await?;
        let content_length = response.content_length();
        let stream = response
            .bytes_stream()
            .map_err(std::io::Error::other)
            .boxed();
        Ok(Download {
            content_length,
            stream,
        })
    }

    /// Whether every configured API answers at all (any HTTP status below 500).
    pub async fn ping(&self) -> Result<(), ZgwError> {
        let roots = &self.inner().roots;
        let timeout = Some(self.inner().settings.timeout);
        let checks = [
            (Api::Zaken, &roots.zaken),
            (Api::Catalogi, &roots.catalogi),
            (Api::Documenten, &roots.documenten),
        ]
        .map(|(api, root)| async move {
            match self.send(api, root, &[], timeout, JSON).await {
                Ok(_)
                | Err(
                    ZgwError::Unauthorized { .. } | ZgwError::Forbidden { .. } | ZgwError::NotFound,
                ) => Ok(()),
                Err(ZgwError::Upstream { status, .. }) if status < 500 => Ok(()),
                Err(error) => Err(error),
            }
        });
        futures::future::try_join_all(checks).await.map(|_| ())
    }

    async fn get_all<T: DeserializeOwned>(
        &self,
        api: Api,
        url: &Url,
        query: &[(&str, &str)],
    ) -> Result<Vec<T>, ZgwError> {
        self.list_all(api, url, query).await.complete()
    }

    /// Every page of a list, as far as it could be fetched.
    async fn list_all<T: DeserializeOwned>(
        &self,
        api: Api,
        url: &Url,
        query: &[(&str, &str)],
    ) -> Listing<T> {
        self.list_filtered(api, url, query, None).await
    }

    /// [`Zgw::list_all`], where every page after the first must still carry `filter` in
    /// its URL: a zaaksysteem or gateway whose `next` link dropped the betrokkene filter
    /// would hand out everyone's zaken from page 2 on.
    async fn list_filtered<T: DeserializeOwned>(
        &self,
        api: Api,
        url: &Url,
        query: &[(&str, &str)],
        filter: Option<(&str, &str)>,
    ) -> Listing<T> {
        match self.get::<Page<T>>(api, url, query).await {
            Ok(first) => self.rest_of(api, first, filter).await,
            Err(error) => Listing {
                items: Vec::new(),
                error: Some(error),
            },
        }
    }

    /// Every page of a long list filtered on `filter`, in pages of
    /// [`LONG_LIST_PAGE_SIZE`]. A Zaken API that refuses `pageSize` (400, as Open Zaak
    /// answers a parameter it does not know) is asked again without it, and when that
    /// works, never with it again (a 400 for another reason leaves `pageSize` alone).
    async fn list_long<T: DeserializeOwned>(
        &self,
        api: Api,
        url: &Url,
        query: &[(&str, &str)],
        filter: (&str, &str),
    ) -> Listing<T> {
        let supported = &self.inner().page_size_supported;
        if !supported.load(Ordering::Relaxed) {
            return self.list_filtered(api, url, query, Some(filter)).await;
        }
        let mut with_size = query.to_vec();
        with_size.push(("pageSize", LONG_LIST_PAGE_SIZE));
        let listing = self.list_filtered(api, url, &with_size, Some(filter)).await;
        if !(listing.items.is_empty()
            && matches!(listing.error, Some(ZgwError::Upstream { status: 400, .. })))
        {
            return listing;
        }
        let without = self.list_filtered(api, url, query, Some(filter)).await;
        if without.error.is_none() || !without.items.is_empty() {
            tracing::warn!("the Zaken API refused pageSize; long lists come in its own pages");
            supported.store(false, Ordering::Relaxed);
        }
        without
    }

    /// Follows `next` from the first page `page` to the end, within the page cap. A page
    /// that fails ends the list there: the items of the pages before it are kept.
    ///
    /// When the upstream numbers its pages (`?page=N`, as the ZGW APIs do) and says how
    /// many items there are, the remaining pages are asked for side by side (at most
    /// [`ZgwClient::concurrency`] at a time), so a list of any length costs two round trips
    /// rather than one per page. Otherwise, or when the list grew meanwhile, `next` is
    /// followed one page after the other.
    async fn rest_of<T: DeserializeOwned>(
        &self,
        api: Api,
        mut page: Page<T>,
        filter: Option<(&str, &str)>,
    ) -> Listing<T> {
        let max_pages = self.inner().settings.max_pages;
        let mut items = std::mem::take(&mut page.results);
        let mut pages = 1;
        let stop = |items, error| Listing {
            items,
            error: Some(error),
        };
        let keeps_filter = |next: &Url| {
            filter
                .is_none_or(|(key, value)| next.query_pairs().any(|(k, v)| k == key && v == value))
        };
        let dropped = |next: &Url| {
            tracing::warn!(url = %redact(next), "a next link without the list's filter; not followed");
            ZgwError::Decode("a next link without the list's filter".to_owned())
        };
        if let Some(next) = page.next.as_ref().filter(|next| !keeps_filter(next)) {
            return stop(items, dropped(next));
        }
        if let Some(numbers) = numbered_pages(&page, items.len()) {
            // Checked against the cap before any URL is built: `count` comes from upstream
            // and may be anything.
            let wanted = numbers.end() - numbers.start() + 1;
            if wanted > (max_pages - pages) as u64 {
                tracing::warn!(max_pages, "pagination cap reached");
                return stop(items, ZgwError::TooManyPages(max_pages));
            }
            let next = page
                .next
                .clone()
                .expect("numbered pages follow a next link");
            let fetched = self
                .bounded(numbers, |n| {
                    let url = page_url(&next, n);
                    async move { self.get::<Page<T>>(api, &url, &[]).await }
                })
                .await;
            let mut shrank = false;
            for result in fetched {
                match result {
                    // A page missing before one that arrived: not a list that shrank.
                    Ok(_) if shrank => {
                        return stop(
                            items,
                            ZgwError::Decode("a page missing in the middle of a list".to_owned()),
                        )
                    }
                    Ok(fetched) => page = fetched,
                    // The list shrank meanwhile: Open Zaak answers 404 past the last page.
                    Err(ZgwError::NotFound) => {
                        shrank = true;
                        page.next = None;
                        continue;
                    }
                    Err(error) => return stop(items, error),
                }
                items.append(&mut page.results);
                pages += 1;
            }
        }
        while let Some(next) = page.next.take() {
            if !keeps_filter(&next) {
                return stop(items, dropped(&next));
            }
            if pages >= max_pages {
                tracing::warn!(max_pages, url = %redact(&next), "pagination cap reached");
                return stop(items, ZgwError::TooManyPages(max_pages));
            }
            page = match self.get(api, &next, &[]).await {
                Ok(page) => page,
                Err(error) => return stop(items, error),
            };
            items.append(&mut page.results);
            pages += 1;
        }
        Listing { items, error: None }
    }

    async fn get<T: DeserializeOwned>(
        &self,
        api: Api,
        url: &Url,
        query: &[(&str, &str)],
    ) -> Result<T, ZgwError> {
        let response = self
            .send(api, url, query, Some(self.inner().settings.timeout), JSON)
            .await?;
        let bytes = read_capped(response).await?;
        serde_json::from_slice(&bytes).map_err(|e| {
            // Position and kind only: serde's message can quote the value, which may be a BSN.
            let error = ZgwError::Decode(format!(
                "{:?} error at line {} column {}",
                e.classify(),
                e.line(),
                e.column()
            ));
            tracing::warn!(url = %redact(url), %error, "cannot decode a ZGW response");
            error
        })
    }

    /// Sends a GET to `url` after the allow-list check — it must lie under the root of
    /// `api`, the API the resource belongs to, so that a document's `inhoud` pointing into
    /// the Zaken API is refused — with our headers and `accept`; maps every failure to a
    /// [`ZgwError`].
    async fn send(
        &self,
        api: Api,
        url: &Url,
        query: &[(&str, &str)],
        timeout: Option<Duration>,
        accept: &'static str,
    ) -> Result<reqwest::Response, ZgwError> {
        self.client
            .roots()
            .check_in(api, url)
            .inspect_err(|error| {
                tracing::warn!(%error, "refused a URL outside the API root it belongs to");
            })?;
        let mut request = self
            .inner()
            .http
            .get(url.clone())
            .query(query)
            .bearer_auth(self.inner().token.token())
            .header(header::ACCEPT, accept);
        if api == Api::Zaken {
            // Open Zaak answers 412 on /zaken without it (zaakgeometrie); harmless elsewhere.
            request = request.header("Accept-Crs", "EPSG:4326");
        }
        if let Some(id) = &self.request_id {
            request = request.header("x-request-id", id.as_ref());
        }
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let response = request.send().await.map_err(|e| map_transport(&e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let detail = problem_detail(response).await;
        let error = match status {
            StatusCode::UNAUTHORIZED => ZgwError::Unauthorized { detail },
            StatusCode::FORBIDDEN => ZgwError::Forbidden { detail },
            StatusCode::NOT_FOUND => return Err(ZgwError::NotFound),
            _ => ZgwError::Upstream {
                status: status.as_u16(),
                detail,
            },
        };
        tracing::warn!(url = %redact(url), %error, "ZGW request failed");
        Err(error)
    }
}

/// What every API request but a download accepts.
const JSON: &str = "application/json";

/// The page numbers after the first page `page` (holding `per_page` items), when the
/// upstream numbers them: its `next` carries `page=2` and `count` says how many items
/// there are. `None` means "follow `next`". A range, not a list: a hostile `count` costs
/// nothing until the caller has compared its length with the page cap.
fn numbered_pages<T>(page: &Page<T>, per_page: usize) -> Option<std::ops::RangeInclusive<u64>> {
    let next = page.next.as_ref()?;
    let count = page.count?;
    let number: u64 = next
        .query_pairs()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.parse().ok())?;
    if number != 2 || per_page == 0 {
        return None;
    }
    let total = count.div_ceil(per_page as u64);
    (total >= number).then_some(number..=total)
}

/// `next` with its page number set to `n`, every other query parameter kept.
fn page_url(next: &Url, n: u64) -> Url {
    let others: Vec<(String, String)> = next
        .query_pairs()
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut url = next.clone();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(&others)
        .append_pair("page", &n.to_string());
    url
}

fn map_transport(error: &reqwest::Error) -> ZgwError {
    if error.is_timeout() {
        ZgwError::Timeout
    } else {
        // Without the URL: its query may hold a BSN.
        let mut message = error.to_string();
        if let Some(url) = error.url() {
            message = message.replace(url.as_str(), &redact(url));
        }
        ZgwError::Unreachable(message)
    }
}

/// The `detail` (or `title`) of a problem-JSON body, for the log; at most 300 characters.
async fn problem_detail(response: reqwest::Response) -> String {
    let bytes = read_capped(response).await.unwrap_or_default();
    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let text = value
        .get("detail")
        .or_else(|| value.get("title"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    text.chars().take(300).collect()
}

async fn read_capped(response: reqwest::Response) -> Result<Bytes, ZgwError> {
    if response
        .content_length()
        .is_some_and(|len| len > MAX_JSON_BYTES as u64)
    {
        return Err(ZgwError::Decode("response too large".to_owned()));
    }
    let mut stream = response.bytes_stream();
    let mut buffer = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            if e.is_timeout() {
                ZgwError::Timeout
            } else {
                ZgwError::Decode("body interrupted".to_owned())
            }
        })?;
        if buffer.len() + chunk.len() > MAX_JSON_BYTES {
            return Err(ZgwError::Decode("response too large".to_owned()));
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(buffer.into())
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// Fuzz: whatever `count` and `next` a list page carries, the pages to fetch are a
        /// range worked out without a panic, never past what `count` allows.
        #[test]
        fn no_list_page_panics(
            count in proptest::prelude::any::<Option<u64>>(),
            next in proptest::option::of("(https?://[a-z.]{1,12}/zaken\\?)?(page=[0-9]{1,25}&?)?[a-z=&]{0,10}"),
            per_page in 0usize..=1000,
        ) {
            let page: Page<u8> = Page {
                count,
                next: next.and_then(|n| Url::parse(&n).ok()),
                results: Vec::new(),
            };
            if let Some(range) = numbered_pages(&page, per_page) {
                proptest::prop_assert_eq!(*range.start(), 2);
                proptest::prop_assert!(*range.end() <= count.unwrap_or(0));
                let _ = page_url(page.next.as_ref().unwrap(), *range.end());
            }
        }
    }

    use super::*;

    fn page(next: Option<&str>, count: Option<u64>) -> Page<u8> {
        Page {
            count,
            next: next.map(|n| Url::parse(n).unwrap()),
            results: vec![1, 2, 3, 4, 5],
        }
    }

    #[test]
    fn numbered_pages_keep_the_query_and_stop_at_the_count() {
        let first = page(
            Some("https://oz.example/zaken/api/v1/zaken?rol__x=1&page=2"),
            Some(12),
        );
        let numbers = numbered_pages(&first, 5).unwrap();
        assert_eq!(numbers, 2..=3);
        let next = first.next.as_ref().unwrap();
        let pages: Vec<String> = numbers
            .map(|n| page_url(next, n).query().unwrap().to_owned())
            .collect();
        assert_eq!(pages, ["rol__x=1&page=2", "rol__x=1&page=3"]);
        // Without a count, without page numbers, or out of step: follow `next`.
        assert!(numbered_pages(&page(Some("https://oz.example/z?page=2"), None), 5).is_none());
        assert!(
            numbered_pages(&page(Some("https://oz.example/z?cursor=abc"), Some(12)), 5).is_none()
        );
        assert!(numbered_pages(&page(Some("https://oz.example/z?page=4"), Some(12)), 5).is_none());
        assert!(numbered_pages(&page(None, Some(12)), 5).is_none());
    }

    #[test]
    fn a_hostile_count_is_a_range_not_an_allocation() {
        let huge = page(Some("https://oz.example/z?page=2"), Some(u64::MAX));
        let numbers = numbered_pages(&huge, 5).unwrap();
        assert_eq!(*numbers.start(), 2);
        assert_eq!(*numbers.end(), u64::MAX.div_ceil(5));
        // A count below what the first page holds: nothing more to ask for by number.
        assert!(numbered_pages(&page(Some("https://oz.example/z?page=2"), Some(3)), 5).is_none());
    }
}
