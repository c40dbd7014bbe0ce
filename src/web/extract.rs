//! Extractors: what a handler needs from the request, ready to use. Their rejections are
//! the responses to give instead (the login page, the "sessie verlopen" page, a redirect,
//! a Dutch error page), so a handler reads: extract, call one use case, render or stream.

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::de::DeserializeOwned;
use tower_sessions::Session;

use crate::{
    app::{SignedIn, StartPage},
    auth::{session::TypedSession, User},
    domain::Betrokkene,
    state::AppState,
    web::{error::AppError, login::require_user, middleware::RequestId},
    zgw::Zgw,
};

/// This request's id (made or taken by `middleware::request_id`), for the upstream calls
/// and the audit trail; `None` outside the middleware (unit tests of a router).
pub struct CurrentRequestId(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for CurrentRequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts.extensions.get::<RequestId>().map(|id| id.0.clone()),
        ))
    }
}

impl CurrentRequestId {
    /// `zgw` for this request: its id goes upstream with every call.
    pub fn zgw(&self, client: &crate::zgw::ZgwClient) -> Zgw {
        client.for_request(self.0.as_deref())
    }
}

/// The portal's own gemeente's ZGW APIs for this request.
pub struct RequestZgw(pub Zgw);

impl FromRequestParts<AppState> for RequestZgw {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let id = CurrentRequestId::from_request_parts(parts, state).await?;
        Ok(Self(id.zgw(&state.zgw)))
    }
}

/// The logged-in user and their form token; rejected with the login or "sessie verlopen"
/// page.
pub struct LoggedIn {
    /// Who.
    pub user: User,
    /// Their form token.
    pub csrf: String,
    /// Their session, for what a handler changes in it.
    pub session: TypedSession,
}

impl FromRequestParts<AppState> for LoggedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let (user, csrf) = require_user(state, session.clone(), parts).await?;
        Ok(Self {
            user,
            csrf,
            session: TypedSession(session),
        })
    }
}

impl LoggedIn {
    /// Who is logged in, for the page frame.
    pub fn signed_in(&self) -> SignedIn {
        signed_in(&self.user, &self.csrf)
    }
}

/// Where `user` starts: the citizen's overview, the medewerker's look-up form.
pub fn start_page(user: &User) -> StartPage {
    match user {
        User::Citizen(_) => StartPage::Zaken,
        User::Medewerker { .. } => StartPage::Kcc,
    }
}

/// Who is logged in, for the page frame's session bar.
pub fn signed_in(user: &User, csrf: &str) -> SignedIn {
    SignedIn {
        label: user.label(),
        csrf: csrf.to_owned(),
        home: start_page(user),
        lookup: None,
    }
}

/// The logged-in citizen (an inwoner or an ondernemer) and whose zaken they see; a
/// medewerker is sent to the KCC pages.
pub struct Citizen {
    /// Who is logged in.
    pub user: User,
    /// Whose zaken they see.
    pub betrokkene: Betrokkene,
    /// Their form token.
    pub csrf: String,
}

impl FromRequestParts<AppState> for Citizen {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let LoggedIn { user, csrf, .. } = LoggedIn::from_request_parts(parts, state).await?;
        match crate::auth::access::own_zaken(&user) {
            Some(betrokkene) => Ok(Self {
                user,
                betrokkene,
                csrf,
            }),
            None => Err(Redirect::to("/kcc").into_response()),
        }
    }
}

impl Citizen {
    /// Who is logged in, for the page frame.
    pub fn signed_in(&self) -> SignedIn {
        signed_in(&self.user, &self.csrf)
    }
}

/// A form that only carries its CSRF token (it changes the session and nothing else).
#[derive(serde::Deserialize)]
pub struct TokenOnly {
    csrf_token: String,
}

impl HasCsrfToken for TokenOnly {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// A form posted from one of our pages: its `csrf_token` is this session's, or the request
/// is refused (403) before the handler runs.
pub struct CsrfForm<T>(pub T);

/// A form that carries the synchronizer token.
pub trait HasCsrfToken {
    /// The `csrf_token` field as posted.
    fn csrf_token(&self) -> &str;
}

impl<T> FromRequest<AppState> for CsrfForm<T>
where
    T: DeserializeOwned + HasCsrfToken + Send,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let session = Session::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let req = Request::from_parts(parts, body);
        let Form(form) = Form::<T>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match TypedSession(session).csrf_matches(form.csrf_token()).await {
            Ok(true) => Ok(Self(form)),
            Ok(false) => Err(AppError::Forbidden.into_response()),
            Err(error) => Err(AppError::Unexpected(error).into_response()),
        }
    }
}
