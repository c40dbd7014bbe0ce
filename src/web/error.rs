//! The web layer's error type: every failure a handler can meet becomes a Dutch page with
//! the right status code. Internals go to the log, never to the page.

use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use crate::app::{self, ErrorPage, SignedIn};

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The page or resource does not exist (or the user may not know it exists).
    #[error("not found")]
    NotFound,
    /// A login that was refused, and why.
    #[error("login refused: {1:?}")]
    Login(crate::auth::ProviderKind, crate::auth::LoginFailure),
    /// A state-changing request without a valid CSRF token or from another origin.
    #[error("forbidden")]
    Forbidden,
    /// This browser's session ended (the "sessie verlopen" page).
    #[error("session expired")]
    SessionExpired,
    /// A KCC page for someone who is not a KCC medewerker (for that gemeente).
    #[error("no access")]
    NoAccess,
    /// A KCC page opened from another site.
    #[error("opened from another site")]
    FromAnotherSite,
    /// Too many attempts from one client or medewerker for now.
    #[error("rate limited")]
    TooMany,
    /// The request took longer than the portal allows.
    #[error("request timed out")]
    TooSlow,
    /// The zaak's ownership could not be checked: an upstream is down.
    #[error("zaak unavailable")]
    ZaakUnavailable(crate::app::pages::zaken::Viewer),
    /// A document passed every check, but the Documenten API did not hand over its
    /// content (`unreachable`: it did not answer at all).
    #[error("document content unavailable")]
    DocumentUnavailable {
        /// Whose page it is.
        viewer: crate::app::pages::zaken::Viewer,
        /// The document's zaak, for the way back.
        zaak: uuid::Uuid,
        /// No answer (503) rather than an answer without the content (502).
        unreachable: bool,
    },
    /// A KCC look-up, view or download whose audit record could not be written.
    #[error("audit record not written")]
    AuditFailed,
    /// Anything unexpected; the cause chain is logged, the user sees a generic page.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, page) = match &self {
            AppError::NotFound => (StatusCode::NOT_FOUND, ErrorPage::NotFound),
            AppError::Login(kind, failure) => (failure.status(), ErrorPage::Login(*kind, *failure)),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ErrorPage::Forbidden),
            AppError::SessionExpired => (StatusCode::UNAUTHORIZED, ErrorPage::SessionExpired),
            AppError::NoAccess => (StatusCode::FORBIDDEN, ErrorPage::NoAccess),
            AppError::FromAnotherSite => (StatusCode::FORBIDDEN, ErrorPage::FromAnotherSite),
            AppError::TooSlow => (StatusCode::SERVICE_UNAVAILABLE, ErrorPage::TooSlow),
            AppError::TooMany => (StatusCode::TOO_MANY_REQUESTS, ErrorPage::TooMany),
            AppError::ZaakUnavailable(viewer) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorPage::ZaakUnavailable(*viewer),
            ),
            AppError::DocumentUnavailable {
                viewer,
                zaak,
                unreachable,
            } => (
                if *unreachable {
                    StatusCode::SERVICE_UNAVAILABLE
                } else {
                    StatusCode::BAD_GATEWAY
                },
                ErrorPage::DocumentUnavailable {
                    viewer: *viewer,
                    zaak: *zaak,
                    unreachable: *unreachable,
                },
            ),
            AppError::AuditFailed => (StatusCode::SERVICE_UNAVAILABLE, ErrorPage::AuditFailed),
            AppError::Unexpected(error) => {
                tracing::error!(error = format!("{error:#}"), "unexpected error");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorPage::Unexpected)
            }
        };
        // The body is rendered later by the error-page middleware, which knows the
        // request id and the gemeente; here we only mark the response.
        let mut response = (status, Html(String::new())).into_response();
        response.extensions_mut().insert(page);
        response
    }
}

impl AppError {
    /// The error page with the session bar (and the look-up banner) of whoever is logged
    /// in, so that a page behind the login keeps its frame when something fails.
    pub fn in_frame(self, signed_in: SignedIn) -> Response {
        let mut response = self.into_response();
        response.extensions_mut().insert(signed_in);
        response
    }
}

/// The page sent when a handler panics. Static, so it cannot fail itself.
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    (StatusCode::INTERNAL_SERVER_ERROR, Html(app::PANIC_PAGE)).into_response()
}
