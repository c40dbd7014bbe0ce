//! The web layer's error type: every failure a handler can meet becomes a Dutch page with
//! the right status code. Internals go to the log, never to the page.

use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};

use crate::app::{self, ErrorPage};

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

/// The page sent when a handler panics. Static, so it cannot fail itself.
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    (StatusCode::INTERNAL_SERVER_ERROR, Html(app::PANIC_PAGE)).into_response()
}
