//! The demo ZGW server: Zaken, Catalogi and Documenten under `/demo/zgw/…/api/v1/`.
//!
//! It behaves like Open Zaak wherever the portal can notice: it checks the HS256 JWT
//! (signature, `client_id`, an `iat` at most an hour old), requires `Accept-Crs` on the
//! zaken resource, paginates with absolute `next` links, filters by the rol parameters
//! and `maximaleVertrouwelijkheidaanduiding`, returns statussen newest first, answers
//! `zaakinformatieobjecten` as a bare array, supports `expand` at Open Zaak's cost (it
//! takes longer the more zaken a page holds), sends `""` in empty fields and
//! `"_expand": {}` on every zaak, sets `uiterlijkeEinddatumAfdoening` once (startdatum +
//! doorlooptijd) and does not move it for a verlenging, keeps the whole query in its
//! `next` links, pages by 100, and serves downloads as `<uuid>.bin`, answering 406 to an
//! `Accept` that wants JSON.
//!
//! `GET …/_stats` counts the requests it answered, those that asked for `expand`, and
//! when each arrived, so that tests can count upstream rounds.
//!
//! Switched to a Zaken API without `expand` (`MIJNZAKEN_DEMO_ZGW_EXPAND=0`, for the
//! benchmark and the client's fallback), the zaken list and zaak answer `expand` with a 400
//! validation error, the form Open Zaak uses for a query parameter it does not know.

mod data;
mod json;

use std::{
    collections::{HashMap, VecDeque},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use axum::{
    extract::{Path, Query, Request, State},
    http::{header, HeaderMap, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

pub use data::{
    BAKKER_ZAKEN, BSN_BAKKER, BSN_DE_VRIES, BSN_EL_AMRANI, BSN_JANSEN, KVK_BAKKERIJ, RSIN_BAKKERIJ,
    VESTIGING_BAKKERIJ,
};

use crate::zgw::Vertrouwelijkheid;
use data::Seed;

pub use crate::zgw::config::demo::{CLIENT_ID, SECRET};

/// Items per page, as Open Zaak: Bakker's 153 zaken take two pages.
const PAGE_SIZE: usize = 100;

/// The largest `pageSize` Open Zaak accepts.
const MAX_PAGE_SIZE: usize = 500;

/// The query parameters the zaken list knows here (of Zaken API 1.5.1's, and Open Zaak's
/// `pageSize` and `…nietNatuurlijkPersoon__kvkNummer`); Open Zaak answers 400 to one it does not know, so a misspelt filter never
/// returns an unfiltered list.
const ZAKEN_PARAMS: [&str; 13] = [
    "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId",
    "rol__betrokkeneIdentificatie__nietNatuurlijkPersoon__kvkNummer",
    "rol__betrokkeneIdentificatie__vestiging__vestigingsNummer",
    "maximaleVertrouwelijkheidaanduiding",
    "einddatum__isnull",
    "ordering",
    "expand",
    "page",
    "pageSize",
    "identificatie",
    "zaaktype",
    "startdatum",
];

/// What Open Zaak 1.30 spends per zaak on a list page for each expanded resource
/// (measured on one page of 100 zaken: none 158 ms, `status` 565 ms, `zaaktype` 2.2 s,
/// `status,status.statustype,zaaktype` 4.0 s), in microseconds.
/// `resultaat` was not measured; it is taken to cost what `status` does (one row of the
/// same database, found the same way).
const EXPAND_COST_MICROS: [(&str, u64); 4] = [
    ("status", 4_000),
    ("resultaat", 4_000),
    ("status.statustype", 9_500),
    ("zaaktype", 21_000),
];

/// How many request arrivals `_stats` remembers.
const ARRIVALS_KEPT: usize = 10_000;

/// The demo server's state.
pub struct DemoZgw {
    seed: Seed,
    /// Where it is mounted: `/demo/zgw`, or `/demo/buurdorp/zgw` for the second gemeente.
    mount: &'static str,
    latency: Duration,
    expand: bool,
    requests: AtomicU64,
    /// Requests that asked for `expand`.
    expanded: AtomicU64,
    /// When the latest requests arrived, in milliseconds since `started`.
    arrivals: Mutex<VecDeque<u64>>,
    started: Instant,
}

impl DemoZgw {
    /// Seeds the demo data relative to today; `latency` is added to every request (for
    /// the benchmark); `expand: false` makes the zaken resource refuse `expand`.
    pub fn new(latency: Duration, expand: bool) -> Arc<Self> {
        // The gemeente's day, which the pages count from too ("verwacht", "nieuw").
        let today = crate::domain::dates::today_in_amsterdam(time::OffsetDateTime::now_utc());
        Self::with(data::seed(today), "/demo/zgw", latency, expand)
    }

    /// The zaaksysteem of the demo's second gemeente, under `/demo/buurdorp/zgw`.
    pub fn buurdorp(latency: Duration, expand: bool) -> Arc<Self> {
        let today = crate::domain::dates::today_in_amsterdam(time::OffsetDateTime::now_utc());
        Self::with(
            data::seed_buurdorp(today),
            "/demo/buurdorp/zgw",
            latency,
            expand,
        )
    }

    fn with(seed: Seed, mount: &'static str, latency: Duration, expand: bool) -> Arc<Self> {
        Arc::new(Self {
            seed,
            mount,
            latency,
            expand,
            requests: AtomicU64::new(0),
            expanded: AtomicU64::new(0),
            arrivals: Mutex::new(VecDeque::new()),
            started: Instant::now(),
        })
    }
}

/// The routes under `/demo/zgw`.
pub fn router<S: Clone + Send + Sync + 'static>(demo: Arc<DemoZgw>) -> Router<S> {
    let zaken = Router::new()
        .route("/zaken", get(zaken_list))
        .route("/zaken/{uuid}", get(zaak_detail))
        .layer(middleware::from_fn(require_accept_crs))
        .route("/statussen", get(statussen_list))
        .route("/statussen/{uuid}", get(status_detail))
        .route("/rollen", get(rollen_list))
        .route("/zaakinformatieobjecten", get(zio_list))
        .route("/resultaten/{uuid}", get(resultaat_detail));
    let catalogi = Router::new()
        .route("/zaaktypen/{uuid}", get(zaaktype_detail))
        .route("/statustypen", get(statustypen_list))
        .route("/statustypen/{uuid}", get(statustype_detail))
        .route("/resultaattypen/{uuid}", get(resultaattype_detail))
        .route("/informatieobjecttypen/{uuid}", get(iot_detail));
    let documenten = Router::new()
        .route("/enkelvoudiginformatieobjecten/{uuid}", get(eio_detail))
        .route(
            "/enkelvoudiginformatieobjecten/{uuid}/download",
            get(eio_download),
        );
    let apis = Router::new()
        .nest("/zaken/api/v1", zaken)
        .nest("/catalogi/api/v1", catalogi)
        .nest("/documenten/api/v1", documenten)
        .fallback(|| async { problem(StatusCode::NOT_FOUND, "not_found", "Niet gevonden.") })
        .layer(middleware::from_fn(require_jwt))
        .layer(middleware::from_fn_with_state(
            demo.clone(),
            count_and_delay,
        ));
    Router::new()
        .merge(apis)
        .route("/_stats", get(stats))
        .with_state(demo)
}

type Demo = State<Arc<DemoZgw>>;

fn problem(status: StatusCode, code: &str, title: &str) -> Response {
    problem_json(
        status,
        json!({
            "type": format!("https://demo.invalid/ref/fouten/{code}/"),
            "code": code,
            "title": title,
            "status": status.as_u16(),
            "detail": title,
            "instance": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
        }),
    )
}

fn problem_json(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "not_found", "Niet gevonden.")
}

/// The 400 of a Zaken API that does not know `expand`: the `ValidatieFout` Open Zaak sends
/// for a query parameter it does not know (vng-api-common's `unknown-parameters`).
fn expand_refused() -> Response {
    invalid_params("Onbekende query parameters: expand")
}

/// Open Zaak's 400 `ValidatieFout` for query parameters it cannot use.
fn invalid_params(reason: &str) -> Response {
    problem_json(
        StatusCode::BAD_REQUEST,
        json!({
            "type": "https://demo.invalid/ref/fouten/ValidationError/",
            "code": "invalid",
            "title": "Invalid input.",
            "status": 400,
            "detail": "",
            "instance": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
            "invalidParams": [{
                "name": "nonFieldErrors",
                "code": "unknown-parameters",
                "reason": reason,
            }],
        }),
    )
}

/// Whether `expand` is asked for while this demo plays an upstream without it.
fn refuses_expand(demo: &DemoZgw, params: &HashMap<String, String>) -> bool {
    !demo.expand && params.contains_key("expand")
}

/// Counts requests (for the benchmark and the round-trip tests) and adds the configured
/// latency.
async fn count_and_delay(State(demo): Demo, request: Request, next: Next) -> Response {
    demo.requests.fetch_add(1, Ordering::Relaxed);
    if request
        .uri()
        .query()
        .is_some_and(|q| q.split('&').any(|p| p.starts_with("expand=")))
    {
        demo.expanded.fetch_add(1, Ordering::Relaxed);
    }
    {
        let millis = u64::try_from(demo.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let mut arrivals = demo
            .arrivals
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if arrivals.len() == ARRIVALS_KEPT {
            arrivals.pop_front();
        }
        arrivals.push_back(millis);
    }
    if !demo.latency.is_zero() {
        tokio::time::sleep(demo.latency).await;
    }
    next.run(request).await
}

/// `GET /demo/zgw/_stats`: how many API requests the demo server has answered, how many
/// of them asked for `expand`, and when the latest ones arrived (milliseconds since the
/// demo started).
async fn stats(State(demo): Demo) -> Json<Value> {
    let arrivals: Vec<u64> = demo
        .arrivals
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .copied()
        .collect();
    Json(json!({
        "requests": demo.requests.load(Ordering::Relaxed),
        "expanded": demo.expanded.load(Ordering::Relaxed),
        "arrivals_ms": arrivals,
    }))
}

/// Checks the bearer JWT like Open Zaak: HS256 with our secret, our client id, and an
/// `iat` at most an hour old (and not in the future beyond a minute of clock skew).
async fn require_jwt(request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token.map(verify_jwt) {
        Some(Ok(())) => next.run(request).await,
        Some(Err(reason)) => problem(StatusCode::FORBIDDEN, "permission_denied", reason),
        None => problem(
            StatusCode::UNAUTHORIZED,
            "not_authenticated",
            "Authenticatiegegevens zijn niet opgegeven.",
        ),
    }
}

fn verify_jwt(token: &str) -> Result<(), &'static str> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, claims, signature] = parts.as_slice() else {
        return Err("Ongeldig JWT.");
    };
    let decode = |part: &str| -> Result<Value, &'static str> {
        let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| "Ongeldig JWT.")?;
        serde_json::from_slice(&bytes).map_err(|_| "Ongeldig JWT.")
    };
    if decode(header)?["alg"] != "HS256" {
        return Err("Alleen HS256 wordt ondersteund.");
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).map_err(|_| "Ongeldig JWT.")?;
    mac.update(format!("{header}.{claims}").as_bytes());
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| "Ongeldig JWT.")?;
    mac.verify_slice(&signature)
        .map_err(|_| "De JWT-handtekening klopt niet.")?;
    let claims = decode(claims)?;
    if claims["client_id"] != CLIENT_ID {
        return Err("Onbekende client_id.");
    }
    let iat = claims["iat"].as_i64().ok_or("Het JWT mist iat.")?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    if iat < now - 3600 || iat > now + 60 {
        return Err("Het JWT is verlopen (iat).");
    }
    Ok(())
}

/// Open Zaak answers 412 on the zaken resource without `Accept-Crs`.
async fn require_accept_crs(request: Request, next: Next) -> Response {
    match request
        .headers()
        .get("accept-crs")
        .and_then(|v| v.to_str().ok())
    {
        Some("EPSG:4326") => {
            let mut response = next.run(request).await;
            response.headers_mut().insert(
                "content-crs",
                axum::http::HeaderValue::from_static("EPSG:4326"),
            );
            response
        }
        Some(_) => problem(
            StatusCode::NOT_ACCEPTABLE,
            "crs-not-supported",
            "CRS-data wordt niet ondersteund.",
        ),
        None => problem(
            StatusCode::PRECONDITION_FAILED,
            "missing-accept-crs-header",
            "'Accept-Crs' header ontbreekt",
        ),
    }
}

/// The base URL the client used to reach us, so that links point back the same way.
fn base(demo: &DemoZgw, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}{}", demo.mount)
}

type Params = Query<HashMap<String, String>>;

/// Items per page: Open Zaak's `pageSize` (1 to 500) when given and valid, else 100.
fn page_size(params: &HashMap<String, String>) -> usize {
    params
        .get("pageSize")
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
        .unwrap_or(PAGE_SIZE)
}

/// One page of `items` in the ZGW pagination format, with absolute links.
fn paginate(
    base_url: &str,
    path: &str,
    params: &HashMap<String, String>,
    items: Vec<Value>,
) -> Response {
    let page: usize = match params.get("page").map(|p| p.parse::<usize>()) {
        None => 1,
        Some(Ok(p)) if p >= 1 => p,
        Some(_) => return problem(StatusCode::NOT_FOUND, "not_found", "Ongeldige pagina."),
    };
    let size = page_size(params);
    let count = items.len();
    let pages = count.div_ceil(size).max(1);
    if page > pages {
        return problem(StatusCode::NOT_FOUND, "not_found", "Ongeldige pagina.");
    }
    let link = |p: usize| {
        let mut url = url::Url::parse(&format!("{base_url}{path}")).expect("demo URLs are valid");
        {
            let mut query = url.query_pairs_mut();
            let mut keys: Vec<_> = params.keys().filter(|k| *k != "page").collect();
            keys.sort();
            for key in keys {
                query.append_pair(key, &params[key]);
            }
            query.append_pair("page", &p.to_string());
        }
        Value::String(url.to_string())
    };
    let results: Vec<Value> = items
        .into_iter()
        .skip((page - 1) * size)
        .take(size)
        .collect();
    Json(json!({
        "count": count,
        "next": if page < pages { link(page + 1) } else { Value::Null },
        "previous": if page > 1 { link(page - 1) } else { Value::Null },
        "results": results,
    }))
    .into_response()
}

fn expand_set(params: &HashMap<String, String>) -> Vec<String> {
    params
        .get("expand")
        .map(|e| e.split(',').map(|s| s.trim().to_owned()).collect())
        .unwrap_or_default()
}

/// The zaak id in a zaak URL passed as a filter (`?zaak=…`).
fn zaak_param(demo: &DemoZgw, base_url: &str, params: &HashMap<String, String>) -> Option<u32> {
    let url = params.get("zaak")?;
    demo.seed
        .zaken
        .iter()
        .find(|z| json::zaak_url(base_url, z.id) == *url)
        .map(|z| z.id)
}

/// Whether a rol passes the betrokkene filters given (each `None` when not asked for); a
/// filter on one kind of betrokkene excludes rollen of the other kinds, as in Open Zaak.
/// The rol filters of a zaken query (`rol__betrokkeneIdentificatie__…`) or a rollen query
/// (`betrokkeneIdentificatie__…`); a rol matches when it meets every one given.
struct RolQuery<'a> {
    bsn: Option<&'a String>,
    rsin: Option<&'a String>,
    kvk: Option<&'a String>,
    vestiging: Option<&'a String>,
}

impl<'a> RolQuery<'a> {
    fn from(params: &'a HashMap<String, String>, prefix: &str) -> Self {
        let get = |name: &str| params.get(&format!("{prefix}betrokkeneIdentificatie__{name}"));
        Self {
            bsn: get("natuurlijkPersoon__inpBsn"),
            rsin: get("nietNatuurlijkPersoon__innNnpId"),
            kvk: get("nietNatuurlijkPersoon__kvkNummer"),
            vestiging: get("vestiging__vestigingsNummer"),
        }
    }

    fn matches(&self, rol: &data::RolSeed) -> bool {
        // Like Django's filters: an empty stored value matches no filter value.
        let is = |filter: Option<&String>, value: &str| {
            filter.is_none_or(|x| !value.is_empty() && x == value)
        };
        let Self {
            bsn,
            rsin,
            kvk,
            vestiging,
        } = self;
        match rol {
            data::RolSeed::Persoon { bsn: b, .. } => {
                is(*bsn, b) && rsin.is_none() && kvk.is_none() && vestiging.is_none()
            }
            data::RolSeed::Bedrijf {
                rsin: r, kvk: k, ..
            } => is(*rsin, r) && is(*kvk, k) && bsn.is_none() && vestiging.is_none(),
            data::RolSeed::Vestiging { nummer, .. } => {
                is(*vestiging, nummer) && bsn.is_none() && rsin.is_none() && kvk.is_none()
            }
        }
    }
}

async fn zaken_list(State(demo): Demo, headers: HeaderMap, Query(params): Params) -> Response {
    let base_url = base(&demo, &headers);
    let ceiling = match params.get("maximaleVertrouwelijkheidaanduiding") {
        None => Vertrouwelijkheid::ZeerGeheim,
        Some(v) => match v.parse::<Vertrouwelijkheid>() {
            Ok(v) => v,
            Err(_) => {
                return problem(
                    StatusCode::BAD_REQUEST,
                    "invalid",
                    "Ongeldige maximaleVertrouwelijkheidaanduiding.",
                )
            }
        },
    };
    let rol_query = RolQuery::from(&params, "rol__");
    if refuses_expand(&demo, &params) {
        return expand_refused();
    }
    if let Some(unknown) = params.keys().find(|k| !ZAKEN_PARAMS.contains(&k.as_str())) {
        return invalid_params(&format!("Onbekende query parameters: {unknown}"));
    }
    let closed = match params.get("einddatum__isnull").map(String::as_str) {
        None => None,
        Some("true") => Some(false),
        Some("false") => Some(true),
        Some(_) => return invalid_params("einddatum__isnull: true of false"),
    };
    // By which date, and newest first.
    let ordering = match params.get("ordering").map(String::as_str) {
        None => None,
        Some("-startdatum") => Some((false, true)),
        Some("startdatum") => Some((false, false)),
        Some("-einddatum") => Some((true, true)),
        Some("einddatum") => Some((true, false)),
        Some(_) => return invalid_params("Ongeldige ordering."),
    };
    let expand = expand_set(&params);
    let mut found: Vec<&data::ZaakSeed> = demo
        .seed
        .zaken
        .iter()
        .filter(|z| json::vertrouwelijkheid(z.vertrouwelijkheid) <= ceiling)
        .filter(|z| z.rollen.iter().any(|r| rol_query.matches(r)))
        .filter(|z| closed.is_none_or(|c| z.einddatum.is_some() == c))
        .collect();
    if let Some((by_einddatum, newest_first)) = ordering {
        // The overview asks for einddatum order only among closed zaken, so where a zaak
        // without one would go (PostgreSQL: first when descending) does not matter here.
        let date = |z: &data::ZaakSeed| {
            if by_einddatum {
                z.einddatum
            } else {
                Some(z.startdatum)
            }
        };
        // A stable sort, so zaken on the same day keep their order either way.
        found.sort_by(|a, b| {
            let order = date(a).cmp(&date(b));
            if newest_first {
                order.reverse()
            } else {
                order
            }
        });
    }
    let items: Vec<Value> = found
        .into_iter()
        .map(|z| json::zaak(&base_url, &demo.seed, z, &expand))
        .collect();
    let on_page = items
        .len()
        .saturating_sub(page_offset(&params))
        .min(page_size(&params));
    let per_zaak: u64 = EXPAND_COST_MICROS
        .iter()
        .filter(|(name, _)| expand.iter().any(|e| e == name))
        .map(|(_, micros)| micros)
        .sum();
    if per_zaak > 0 {
        tokio::time::sleep(Duration::from_micros(per_zaak * on_page as u64)).await;
    }
    paginate(&base_url, "/zaken/api/v1/zaken", &params, items)
}

/// How many items come before the page asked for (0 for a page number that is not one).
fn page_offset(params: &HashMap<String, String>) -> usize {
    params
        .get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .map_or(0, |p| p.saturating_sub(1).saturating_mul(page_size(params)))
}

async fn zaak_detail(
    State(demo): Demo,
    headers: HeaderMap,
    Path(uuid): Path<String>,
    Query(params): Params,
) -> Response {
    let base_url = base(&demo, &headers);
    if refuses_expand(&demo, &params) {
        return expand_refused();
    }
    let expand = expand_set(&params);
    match demo
        .seed
        .zaken
        .iter()
        .find(|z| json::uuid(json::ZAAK, z.id) == uuid)
    {
        Some(z) => Json(json::zaak(&base_url, &demo.seed, z, &expand)).into_response(),
        None => not_found(),
    }
}

async fn statussen_list(State(demo): Demo, headers: HeaderMap, Query(params): Params) -> Response {
    let base_url = base(&demo, &headers);
    let Some(id) = zaak_param(&demo, &base_url, &params) else {
        return paginate(&base_url, "/zaken/api/v1/statussen", &params, vec![]);
    };
    let zaak = demo
        .seed
        .zaken
        .iter()
        .find(|z| z.id == id)
        .expect("found above");
    // Newest first, as Open Zaak does.
    let items = zaak
        .statussen
        .iter()
        .enumerate()
        .rev()
        .map(|(i, _)| json::status(&base_url, &demo.seed, zaak, i))
        .collect();
    paginate(&base_url, "/zaken/api/v1/statussen", &params, items)
}

async fn status_detail(
    State(demo): Demo,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> Response {
    let base_url = base(&demo, &headers);
    for zaak in &demo.seed.zaken {
        for i in 0..zaak.statussen.len() {
            if json::uuid(json::STATUS, json::status_id(zaak, i)) == uuid {
                return Json(json::status(&base_url, &demo.seed, zaak, i)).into_response();
            }
        }
    }
    not_found()
}

async fn rollen_list(State(demo): Demo, headers: HeaderMap, Query(params): Params) -> Response {
    let base_url = base(&demo, &headers);
    let zaak = params.get("zaak");
    let zaak_id = zaak_param(&demo, &base_url, &params);
    let rol_query = RolQuery::from(&params, "");
    let mut items = Vec::new();
    for z in &demo.seed.zaken {
        if zaak.is_some() && zaak_id != Some(z.id) {
            continue;
        }
        for (i, rol) in z.rollen.iter().enumerate() {
            if rol_query.matches(rol) {
                items.push(json::rol(&base_url, z, i));
            }
        }
    }
    paginate(&base_url, "/zaken/api/v1/rollen", &params, items)
}

async fn zio_list(State(demo): Demo, headers: HeaderMap, Query(params): Params) -> Response {
    let base_url = base(&demo, &headers);
    let items: Vec<Value> = match zaak_param(&demo, &base_url, &params) {
        Some(id) => {
            let zaak = demo
                .seed
                .zaken
                .iter()
                .find(|z| z.id == id)
                .expect("found above");
            zaak.documenten
                .iter()
                .map(|d| json::zaakinformatieobject(&base_url, zaak, d))
                .collect()
        }
        None => vec![],
    };
    Json(items).into_response()
}

async fn resultaat_detail(
    State(demo): Demo,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> Response {
    let base_url = base(&demo, &headers);
    match demo
        .seed
        .zaken
        .iter()
        .find(|z| z.resultaat.is_some() && json::uuid(json::RESULTAAT, z.id) == uuid)
    {
        Some(z) => Json(json::resultaat(&base_url, z)).into_response(),
        None => not_found(),
    }
}

async fn zaaktype_detail(
    State(demo): Demo,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> Response {
    let base_url = base(&demo, &headers);
    match demo
        .seed
        .zaaktypen
        .iter()
        .find(|t| json::uuid(json::ZAAKTYPE, t.id) == uuid)
    {
        Some(t) => Json(json::zaaktype(&base_url, t)).into_response(),
        None => not_found(),
    }
}

async fn statustypen_list(
    State(demo): Demo,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let base_url = base(&demo, &headers);
    let b = base_url.as_str();
    let items = demo
        .seed
        .zaaktypen
        .iter()
        .filter(|t| {
            params
                .get("zaaktype")
                .is_none_or(|u| *u == json::zaaktype_url(b, t.id))
        })
        .flat_map(|t| t.statustypen.iter().map(move |s| json::statustype(b, t, s)))
        .collect();
    paginate(&base_url, "/catalogi/api/v1/statustypen", &params, items)
}

async fn statustype_detail(
    State(demo): Demo,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> Response {
    let base_url = base(&demo, &headers);
    for t in &demo.seed.zaaktypen {
        if let Some(s) = t
            .statustypen
            .iter()
            .find(|s| json::uuid(json::STATUSTYPE, s.id) == uuid)
        {
            return Json(json::statustype(&base_url, t, s)).into_response();
        }
    }
    not_found()
}

async fn resultaattype_detail(
    State(demo): Demo,
    headers: HeaderMap,
    Path(uuid): Path<String>,
) -> Response {
    let base_url = base(&demo, &headers);
    for t in &demo.seed.zaaktypen {
        if let Some(r) = t
            .resultaattypen
            .iter()
            .find(|r| json::uuid(json::RESULTAATTYPE, r.id) == uuid)
        {
            return Json(json::resultaattype(&base_url, t, r)).into_response();
        }
    }
    not_found()
}

async fn iot_detail(State(demo): Demo, headers: HeaderMap, Path(uuid): Path<String>) -> Response {
    let base_url = base(&demo, &headers);
    match demo
        .seed
        .informatieobjecttypen
        .iter()
        .find(|t| json::uuid(json::INFORMATIEOBJECTTYPE, t.id) == uuid)
    {
        Some(t) => Json(json::informatieobjecttype(&base_url, &demo.seed, t)).into_response(),
        None => not_found(),
    }
}

fn find_document<'a>(demo: &'a DemoZgw, uuid: &str) -> Option<&'a data::DocumentSeed> {
    demo.seed
        .zaken
        .iter()
        .flat_map(|z| z.documenten.iter())
        .find(|d| json::uuid(json::DOCUMENT, d.id) == uuid)
}

async fn eio_detail(State(demo): Demo, headers: HeaderMap, Path(uuid): Path<String>) -> Response {
    let base_url = base(&demo, &headers);
    match find_document(&demo, &uuid) {
        Some(d) => Json(json::informatieobject(&base_url, d)).into_response(),
        None => not_found(),
    }
}

/// Whether an `Accept` header lets a download answer with the document's bytes: Open Zaak
/// answers 406 to `application/json`, the header every other request of a client sends,
/// and to `application/pdf`; it serves `*/*`, `application/*` and
/// `application/octet-stream` (measured on 1.30).
fn accepts_content(headers: &HeaderMap) -> bool {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    accept.split(',').any(|range| {
        let media = range.split(';').next().unwrap_or_default().trim();
        // Open Zaak 1.30 also refuses the document's own type (`application/pdf`).
        matches!(media, "*/*" | "application/*" | "application/octet-stream")
    })
}

async fn eio_download(State(demo): Demo, headers: HeaderMap, Path(uuid): Path<String>) -> Response {
    if !accepts_content(&headers) {
        return problem(
            StatusCode::NOT_ACCEPTABLE,
            "not_acceptable",
            "Kon niet voldoen aan de opgegeven Accept header.",
        );
    }
    match find_document(&demo, &uuid) {
        Some(d) => (
            [
                (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename={uuid}.bin"),
                ),
            ],
            d.content.clone(),
        )
            .into_response(),
        None => not_found(),
    }
}
