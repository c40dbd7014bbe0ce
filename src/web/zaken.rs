//! `/zaken`, `/zaken/{uuid}` and `/zaken/{uuid}/documenten/{uuid}`: the handlers behind
//! the login. Each one finds the user in the session, lets `crate::zaken` fetch and check
//! the data, and renders the page; a document streams through after the same checks.

use axum::{
    body::Body,
    extract::{Path, RawQuery, State},
    http::{header, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::{
    app::{pages::zaken as pages, render_page},
    auth::User,
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

/// Who is logged in, with the logout button: at the top of every page behind the login.
pub(crate) fn session_bar(user: &User, csrf: &str) -> AnyView {
    let label = user.label();
    let csrf = csrf.to_owned();
    view! { <pages::SessionBar label=label csrf=csrf/> }.into_any()
}

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
    Citizen {
        user,
        betrokkene,
        csrf,
    }: Citizen,
    RequestZgw(zgw): RequestZgw,
    RawQuery(query): RawQuery,
) -> Response {
    let today = crate::domain::dates::today_in_amsterdam(time::OffsetDateTime::now_utc());
    let scope = state.zaken_cache.scope(
        &state.settings.gemeente.code,
        Reader::Citizen(&betrokkene),
        &betrokkene,
    );
    let data = overzicht::overzicht(
        &zgw,
        &state.zaken_cache,
        scope,
        &betrokkene,
        today,
        toon(query.as_deref()),
    )
    .await;
    Html(render_page(&state, "Mijn zaken", move || {
        let session = session_bar(&user, &csrf);
        view! { <pages::OverviewPage data=data session=session viewer=pages::Viewer::Citizen/> }
            .into_any()
    }))
    .into_response()
}

/// `GET /zaken/{uuid}`: one zaak, or the 404 page for a zaak that is not the user's.
pub async fn zaak(
    State(state): State<AppState>,
    Citizen {
        user,
        betrokkene,
        csrf,
    }: Citizen,
    RequestZgw(zgw): RequestZgw,
    Path(uuid): Path<String>,
) -> Response {
    let Ok(uuid) = Uuid::parse_str(&uuid) else {
        return AppError::NotFound.into_response();
    };
    match detail::owned_zaak(&zgw, &betrokkene, uuid).await {
        Ok(owned) => {
            let data = detail::detail(&zgw, owned, time::OffsetDateTime::now_utc()).await;
            let title = data.omschrijving.clone();
            Html(render_page(&state, &title, move || {
                let session = session_bar(&user, &csrf);
                view! { <pages::ZaakPage zaak=data session=session viewer=pages::Viewer::Citizen/> }
                    .into_any()
            }))
            .into_response()
        }
        Err(why) => refusal(&state, why, pages::Viewer::Citizen, || {
            session_bar(&user, &csrf)
        }),
    }
}

/// The answer when a zaak or document cannot be shown: the 404 page (not theirs, or not
/// there), or the "cannot show now" page under `top` (an upstream is down).
pub(crate) fn refusal(
    state: &AppState,
    why: Refusal,
    viewer: pages::Viewer,
    top: impl FnOnce() -> AnyView,
) -> Response {
    match why {
        Refusal::NotFound => AppError::NotFound.into_response(),
        Refusal::Unavailable => {
            let top = top();
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html(render_page(
                    state,
                    "Deze zaak kunnen we nu niet laten zien",
                    move || {
                        view! { <pages::ZaakUnavailablePage session=top viewer=viewer/> }.into_any()
                    },
                )),
            )
                .into_response()
        }
    }
}

/// `GET /zaken/{zaak}/documenten/{document}`: streams the document after checking that
/// the zaak is the user's and the document is linked to it and may be seen.
pub async fn download(
    State(state): State<AppState>,
    Citizen {
        user,
        betrokkene,
        csrf,
    }: Citizen,
    RequestZgw(zgw): RequestZgw,
    Path((zaak, document)): Path<(String, String)>,
) -> Response {
    let (Ok(zaak), Ok(document)) = (Uuid::parse_str(&zaak), Uuid::parse_str(&document)) else {
        return AppError::NotFound.into_response();
    };
    let refused = |why| {
        refusal(&state, why, pages::Viewer::Citizen, || {
            session_bar(&user, &csrf)
        })
    };
    let informatieobject =
        match detail::owned_zaak_document(&zgw, &betrokkene, zaak, document).await {
            Ok((_, found)) => found,
            Err(why) => return refused(why),
        };
    stream_document(&zgw, &informatieobject)
        .await
        .unwrap_or_else(|problem| {
            document_unavailable(&state, problem, pages::Viewer::Citizen, zaak, || {
                session_bar(&user, &csrf)
            })
        })
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

/// The page when a document passed every check but its content could not be fetched:
/// honest about what happened, with the way back to the zaak.
pub(crate) fn document_unavailable(
    state: &AppState,
    problem: DocumentProblem,
    viewer: pages::Viewer,
    zaak: Uuid,
    top: impl FnOnce() -> AnyView,
) -> Response {
    let top = top();
    let status = match problem {
        DocumentProblem::NotAvailable => StatusCode::BAD_GATEWAY,
        DocumentProblem::Unreachable => StatusCode::SERVICE_UNAVAILABLE,
    };
    (
        status,
        Html(render_page(
            state,
            "Dit document kunnen we nu niet laten zien",
            move || {
                let unreachable = problem == DocumentProblem::Unreachable;
                view! {
                    <pages::DocumentUnavailablePage
                        session=top
                        viewer=viewer
                        zaak=zaak
                        unreachable=unreachable
                    />
                }
                .into_any()
            },
        )),
    )
        .into_response()
}

/// Streams a checked document: our own `Content-Type` (safe types only), an attachment
/// with a safe name, the upstream's length; or why the content could not be fetched.
pub(crate) async fn stream_document(
    zgw: &Zgw,
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
