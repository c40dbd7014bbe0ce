//! `POST {MIJNZAKEN_NOTIFICATIES_PATH}`: the webhook of the Notificaties consumer API
//! (`notificaties-consumer-1.0.0-rc1`). Outside the session and the same-origin check: the
//! caller is the gemeente's Notificaties API, server to server, and its credential is the
//! `Authorization` value registered with the abonnement.
//!
//! Missing `Authorization` → 401, another value → 403, a body that is not a `Kennisgeving`
//! → 400 with a `ValidatieFout`, all `application/problem+json`, nothing stored. 204 only
//! once the message is committed to the inbox ([`crate::notificaties::inbox`]).

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse as _, Response},
    routing::post,
    Router,
};
use serde_json::json;

use crate::{
    notificaties::{abonnement::KANALEN, inbox::Stored, InvalidParam, Kennisgeving},
    state::AppState,
};

/// The largest message taken: a kennisgeving is a few hundred bytes.
const MAX_BODY: usize = 64 * 1024;

/// The Notificaties API version this webhook speaks.
const API_VERSION: &str = "1.0.0";

/// The webhook's route, when one is configured.
pub fn router(state: &AppState) -> Router<AppState> {
    match &state.settings.notificaties.webhook {
        Some(webhook) => Router::new().route(&webhook.path, post(receive)),
        None => Router::new(),
    }
}

async fn receive(State(state): State<AppState>, request: Request) -> Response {
    let Some(webhook) = &state.settings.notificaties.webhook else {
        return problem(StatusCode::NOT_FOUND, "not_found", "Niet gevonden.", None);
    };
    match request.headers().get(header::AUTHORIZATION) {
        None => {
            tracing::warn!("a notification without Authorization was refused");
            return problem(
                StatusCode::UNAUTHORIZED,
                "not_authenticated",
                "Authenticatiegegevens zijn niet opgegeven.",
                None,
            );
        }
        Some(value) if !webhook.authorizes(value.as_bytes()) => {
            tracing::warn!("a notification with a wrong Authorization was refused");
            return problem(
                StatusCode::FORBIDDEN,
                "permission_denied",
                "U heeft geen toestemming om deze actie uit te voeren.",
                None,
            );
        }
        Some(_) => {}
    }
    let body = match axum::body::to_bytes(request.into_body(), MAX_BODY).await {
        Ok(body) => body,
        Err(error) if is_too_large(&error) => {
            return problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "Het bericht is te groot.",
                None,
            )
        }
        Err(error) => {
            tracing::info!(%error, "a notification's body could not be read");
            return problem(
                StatusCode::BAD_REQUEST,
                "incomplete",
                "Het bericht kwam niet helemaal aan.",
                None,
            );
        }
    };
    let message = match Kennisgeving::from_json(&body) {
        Ok(message) => message,
        Err(invalid) => {
            tracing::warn!(
                fields = invalid.len(),
                "a notification did not match the schema"
            );
            return problem(
                StatusCode::BAD_REQUEST,
                "invalid",
                "Invalid input.",
                Some(invalid),
            );
        }
    };
    // Only the kanalen the portal subscribes to are kept; Open Notificaties also posts a
    // `test` message when an abonnement is made, which is answered and dropped.
    if !KANALEN.contains(&message.kanaal.as_str()) {
        tracing::info!("a notification on another kanaal was answered and not stored");
        return no_content();
    }
    match state.inbox.store(&message).await {
        Ok(stored) => {
            // The overview answers that list this zaak are stale now.
            if message.kanaal == "zaken" {
                state.zaken_cache.forget_zaak(&message.hoofd_object).await;
            }
            if let Stored::New(id) = stored {
                tracing::debug!(id, "notification accepted");
            }
            no_content()
        }
        Err(error) => {
            // Not stored, so not accepted: the sender tries again later.
            tracing::error!(%error, "a notification could not be stored");
            problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Het bericht kan nu niet worden opgeslagen. Probeer het later opnieuw.",
                None,
            )
        }
    }
}

/// Whether reading a body failed because it was over the limit (not cut off, say).
fn is_too_large(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = source {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = error.source();
    }
    false
}

fn no_content() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert("API-version", HeaderValue::from_static(API_VERSION));
    response
}

/// A `Fout` (or, with `invalid`, a `ValidatieFout`) as the ZGW APIs send it.
fn problem(
    status: StatusCode,
    code: &str,
    title: &str,
    invalid: Option<Vec<InvalidParam>>,
) -> Response {
    let mut body = json!({
        "type": format!("https://mijnzaken/fouten/{code}"),
        "code": code,
        "title": title,
        "status": status.as_u16(),
        "detail": title,
        "instance": format!("urn:uuid:{}", uuid::Uuid::new_v4()),
    });
    if let Some(invalid) = invalid {
        // The consumer API (1.0.0-rc1) names the list `invalid-params`, the other ZGW
        // APIs `invalidParams`: both, so a sender of either kind reads it.
        body["invalid-params"] = json!(invalid);
        body["invalidParams"] = json!(invalid);
    }
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    headers.insert("API-version", HeaderValue::from_static(API_VERSION));
    response
}
