//! `/zaken`, `/zaken/{uuid}` and `/zaken/{uuid}/documenten/{uuid}`: the handlers behind
//! the login. Each one finds the user in the session, lets `crate::zaken` fetch and check
//! the data, and renders the page; a document streams through after the same checks.

use axum::{
    body::Body,
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
    Extension,
};
use leptos::prelude::*;
use tower_sessions::Session;
use uuid::Uuid;

use crate::{
    app::{pages::zaken as pages, render_page},
    auth::{routes::require_user, User},
    domain::Betrokkene,
    state::AppState,
    web::{error::AppError, middleware::RequestId},
    zaken::{
        detail::{self, Refusal},
        document, overzicht,
    },
    zgw::{types::EnkelvoudigInformatieObject, Zgw},
};

fn zgw(state: &AppState, request_id: &Option<Extension<RequestId>>) -> Zgw {
    state
        .zgw
        .for_request(request_id.as_ref().map(|Extension(id)| id.0.as_str()))
}

/// The citizen behind this request: the user from the session, who must be an inwoner or
/// an ondernemer; a medewerker is sent to the KCC pages.
async fn citizen(
    state: &AppState,
    session: Session,
    headers: &HeaderMap,
) -> Result<(User, Betrokkene, String), Response> {
    let (user, csrf) = require_user(state, session, headers).await?;
    match crate::auth::access::own_zaken(&user) {
        Some(betrokkene) => Ok((user, betrokkene, csrf)),
        None => Err(axum::response::Redirect::to("/kcc").into_response()),
    }
}

/// Who is logged in, with the logout button: at the top of every page behind the login.
pub(crate) fn session_bar(user: &User, csrf: &str) -> AnyView {
    let label = user.label();
    let csrf = csrf.to_owned();
    view! { <pages::SessionBar label=label csrf=csrf/> }.into_any()
}

/// `GET /zaken`: the overview.
pub async fn overview(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    request_id: Option<Extension<RequestId>>,
) -> Response {
    let (user, betrokkene, csrf) = match citizen(&state, session, &headers).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let today = crate::domain::dates::today_in_amsterdam(time::OffsetDateTime::now_utc());
    let data = overzicht::overzicht(&zgw(&state, &request_id), &betrokkene, today).await;
    Html(render_page(&state, "Mijn zaken", move || {
        pages::overview(data, session_bar(&user, &csrf), pages::Viewer::Citizen)
    }))
    .into_response()
}

/// `GET /zaken/{uuid}`: one zaak, or the 404 page for a zaak that is not the user's.
pub async fn zaak(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    request_id: Option<Extension<RequestId>>,
    Path(uuid): Path<String>,
) -> Response {
    let (user, betrokkene, csrf) = match citizen(&state, session, &headers).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Ok(uuid) = Uuid::parse_str(&uuid) else {
        return AppError::NotFound.into_response();
    };
    let zgw = zgw(&state, &request_id);
    match detail::owned_zaak(&zgw, &betrokkene, uuid).await {
        Ok(owned) => {
            let data = detail::detail(&zgw, owned, time::OffsetDateTime::now_utc()).await;
            let title = data.omschrijving.clone();
            Html(render_page(&state, &title, move || {
                pages::detail(data, session_bar(&user, &csrf), pages::Viewer::Citizen)
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
                    move || pages::zaak_unavailable(top, viewer),
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
    session: Session,
    headers: HeaderMap,
    request_id: Option<Extension<RequestId>>,
    Path((zaak, document)): Path<(String, String)>,
) -> Response {
    let (user, betrokkene, csrf) = match citizen(&state, session, &headers).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (Ok(zaak), Ok(document)) = (Uuid::parse_str(&zaak), Uuid::parse_str(&document)) else {
        return AppError::NotFound.into_response();
    };
    let zgw = zgw(&state, &request_id);
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
    match stream_document(&zgw, &informatieobject).await {
        Some(response) => response,
        None => refused(Refusal::Unavailable),
    }
}

/// Streams a checked document: our own `Content-Type` (safe types only), an attachment
/// with a safe name, the upstream's length. `None` when the content cannot be fetched.
pub(crate) async fn stream_document(
    zgw: &Zgw,
    informatieobject: &EnkelvoudigInformatieObject,
) -> Option<Response> {
    let Some(inhoud) = informatieobject.inhoud.clone() else {
        tracing::warn!("a document has no inhoud URL");
        return None;
    };
    let download = match zgw.download(&inhoud).await {
        Ok(download) => download,
        Err(error) => {
            tracing::warn!(%error, "a document's content could not be fetched");
            return None;
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
    Some(response)
}
