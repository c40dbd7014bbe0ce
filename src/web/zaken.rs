//! `/zaken`, `/zaken/{uuid}` and `/zaken/{uuid}/documenten/{uuid}`: the handlers behind
//! the login. Each one finds the user in the session, lets `crate::zaken` fetch and check
//! the data, and renders the page; a document streams through after the same checks.

use axum::{
    body::Body,
    extract::{Path, RawQuery, State},
    http::{header, HeaderValue},
    response::{Html, IntoResponse, Response},
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    app::{pages::zaken as pages, render_page, SignedIn},
    state::AppState,
    web::{
        error::AppError,
        extract::{Citizen, RequestZgw},
    },
    zaken::{
        cache::Reader,
        detail::{self, Refusal},
        document,
        overzicht::{self, Toon},
    },
    zgw::{types::EnkelvoudigInformatieObject, Zgw, ZgwError},
};

/// How many zaken of each section the overview shows: `?lopend=40&afgerond=20`, as the
/// "Toon meer" links write it; anything else is the first screen.
pub(crate) fn toon(query: Option<&str>) -> Toon {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    Toon::from_query(get("lopend"), get("afgerond"))
}

/// The citizen's pages behind the login.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/zaken", get(overview))
        .route("/zaken/{zaak}", get(zaak))
        .route("/zaken/{zaak}/documenten/{document}", get(download))
}

/// `GET /zaken`: the overview.
pub async fn overview(
    State(state): State<AppState>,
    citizen: Citizen,
    RequestZgw(zgw): RequestZgw,
    RawQuery(query): RawQuery,
) -> Response {
    let betrokkene = &citizen.betrokkene;
    let today = crate::domain::dates::today_in_amsterdam(time::OffsetDateTime::now_utc());
    let scope = state.zaken_cache.scope(
        &state.gemeente.code,
        Reader::Citizen(betrokkene),
        betrokkene,
    );
    let data = overzicht::overzicht(
        &zgw,
        &state.gemeente.content,
        &state.zaken_cache,
        scope,
        betrokkene,
        today,
        toon(query.as_deref()),
    )
    .await;
    Html(render_page(
        &state,
        Some(citizen.signed_in()),
        "Mijn zaken",
        move || view! { <pages::OverviewPage data=data viewer=pages::Viewer::Citizen/> }.into_any(),
    ))
    .into_response()
}

/// `GET /zaken/{uuid}`: one zaak, or the 404 page for a zaak that is not the user's.
pub async fn zaak(
    State(state): State<AppState>,
    citizen: Citizen,
    RequestZgw(zgw): RequestZgw,
    Path(uuid): Path<String>,
) -> Response {
    let Ok(uuid) = Uuid::parse_str(&uuid) else {
        return AppError::NotFound.in_frame(citizen.signed_in());
    };
    match detail::owned_zaak(&zgw, &citizen.betrokkene, uuid).await {
        Ok(owned) => {
            let data = detail::detail(
                &zgw,
                &state.gemeente.content,
                owned,
                time::OffsetDateTime::now_utc(),
            )
            .await;
            let title = data.omschrijving.clone();
            Html(render_page(
                &state,
                Some(citizen.signed_in()),
                &title,
                move || {
                    view! { <pages::ZaakPage zaak=data viewer=pages::Viewer::Citizen/> }.into_any()
                },
            ))
            .into_response()
        }
        Err(why) => refusal(why, pages::Viewer::Citizen, citizen.signed_in()),
    }
}

/// The answer when a zaak or document cannot be shown: the 404 page (not theirs, or not
/// there), or the "cannot show now" page in the user's frame (an upstream is down).
pub(crate) fn refusal(why: Refusal, viewer: pages::Viewer, signed_in: SignedIn) -> Response {
    match why {
        // The same 404 page as for any unknown address, in the user's frame.
        Refusal::NotFound => AppError::NotFound.in_frame(signed_in),
        Refusal::Unavailable => AppError::ZaakUnavailable(viewer).in_frame(signed_in),
    }
}

/// `GET /zaken/{zaak}/documenten/{document}`: streams the document after checking that
/// the zaak is the user's and the document is linked to it and may be seen.
pub async fn download(
    citizen: Citizen,
    RequestZgw(zgw): RequestZgw,
    Path((zaak, document)): Path<(String, String)>,
) -> Response {
    let (Ok(zaak), Ok(document)) = (Uuid::parse_str(&zaak), Uuid::parse_str(&document)) else {
        return AppError::NotFound.in_frame(citizen.signed_in());
    };
    let viewer = pages::Viewer::Citizen;
    let informatieobject =
        match detail::owned_zaak_document(&zgw, &citizen.betrokkene, zaak, document).await {
            Ok(found) => found,
            Err(why) => return refusal(why, viewer, citizen.signed_in()),
        };
    let (owned, informatieobject) = informatieobject;
    stream_document(&zgw, &owned.zaak.identificatie, &informatieobject)
        .await
        .unwrap_or_else(|problem| problem.page(viewer, zaak).in_frame(citizen.signed_in()))
}

/// Why a checked document's content could not be streamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentProblem {
    /// The Documenten API answered, but not with the content (404, 406, 500, …) or the
    /// document has no content.
    NotAvailable,
    /// The Documenten API could not be reached in time.
    Unreachable,
}

impl DocumentProblem {
    /// The page that says so honestly, with the way back to the zaak.
    pub(crate) fn page(self, viewer: pages::Viewer, zaak: Uuid) -> AppError {
        AppError::DocumentUnavailable {
            viewer,
            zaak,
            unreachable: self == DocumentProblem::Unreachable,
        }
    }
}

/// Streams a checked document: our own `Content-Type` (safe types only), an attachment
/// with a safe name, the upstream's length; or why the content could not be fetched.
pub(crate) async fn stream_document(
    zgw: &Zgw,
    zaaknummer: &str,
    informatieobject: &EnkelvoudigInformatieObject,
) -> Result<Response, DocumentProblem> {
    let Some(inhoud) = informatieobject.inhoud.clone() else {
        tracing::warn!("a document has no inhoud URL");
        return Err(DocumentProblem::NotAvailable);
    };
    let download = match zgw.download(&inhoud).await {
        Ok(download) => download,
        Err(error) => {
            // The error names the upstream status (406, 404, 500, …) for the operator.
            tracing::warn!(%error, "a document's content could not be fetched");
            return Err(match error {
                ZgwError::Timeout | ZgwError::Unreachable(_) => DocumentProblem::Unreachable,
                _ => DocumentProblem::NotAvailable,
            });
        }
    };
    let name = document::file_name(
        zaaknummer,
        informatieobject.bestandsnaam.as_deref(),
        &informatieobject.titel,
    );
    let mut response = Response::new(Body::from_stream(download.stream));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(document::content_type(informatieobject.formaat.as_deref())),
    );
    if let Ok(value) = HeaderValue::from_str(&document::content_disposition(&name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Some(length) = download.content_length {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
