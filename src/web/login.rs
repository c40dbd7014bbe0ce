//! `/auth/{provider}/login`, `/auth/{provider}/callback`, `POST /auth/logout`, and the
//! pages around them.

use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue},
    response::{Html, IntoResponse, Redirect, Response},
};
use leptos::prelude::*;
use serde::Deserialize;
use tower_sessions::Session;

use crate::{
    app::render_page,
    auth::{
        oidc::OidcError,
        session::{self, TypedSession},
        user_from_claims, LoginFailure, ProviderKind, User,
    },
    state::AppState,
    web::{
        error::AppError,
        extract::{CsrfForm, TokenOnly},
    },
};

/// The login routes; starting a login and its callback are rate-limited per client.
pub fn router(state: &AppState) -> axum::Router<AppState> {
    use axum::routing::{get, post};
    let limited =
        || axum::middleware::from_fn_with_state(state.clone(), super::limits::limit_logins);
    axum::Router::new()
        .route("/auth/{provider}/login", get(login).route_layer(limited()))
        .route(
            "/auth/{provider}/callback",
            get(callback).route_layer(limited()),
        )
        .route("/auth/logout", post(logout))
        .route("/uitgelogd", get(logged_out))
}

/// Where a logged-in user starts: the citizen's overview, the medewerker's look-up form.
pub fn home_of(user: &User) -> &'static str {
    super::extract::signed_in(user, "").home.0
}

/// Middleware around the pages of the Leptos router (home, contact, privacy,
/// toegankelijkheid, 404): for a logged-in user, `/` is their own start page, and every
/// other page shows their session bar (the frame reads [`SignedIn`] from the request).
pub async fn known_user(
    State(state): State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    let session = TypedSession(session);
    let max = state.settings.auth.session.max.whole_seconds();
    if let Ok(Some(user)) = session.user(max).await {
        if request.uri().path() == "/" {
            return Redirect::to(home_of(&user)).into_response();
        }
        if let Ok(csrf) = session.csrf_token().await {
            request
                .extensions_mut()
                .insert(super::extract::signed_in(&user, &csrf));
        }
    }
    next.run(request).await
}

/// `GET /auth/{provider}/login`: starts the login and sends the browser to the provider.
pub async fn login(
    State(state): State<AppState>,
    Path(name): Path<String>,
    cookies: tower_cookies::Cookies,
) -> Result<Response, AppError> {
    let kind = ProviderKind::from_name(&name).ok_or(AppError::NotFound)?;
    let provider = state.auth.provider(kind).ok_or(AppError::NotFound)?;
    let (url, pending) = provider.oidc.start(kind.name()).await.map_err(|error| {
        tracing::warn!(provider = kind.name(), %error, "cannot start a login");
        AppError::Login(kind, LoginFailure::Unavailable)
    })?;
    state.pending_logins.store(&cookies, pending)?;
    Ok(Redirect::to(url.as_str()).into_response())
}

/// What the provider sends back.
#[derive(Deserialize)]
pub struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    /// RFC 9207: the issuer that answered, when the provider says (oidc-provider,
    /// Keycloak do). Another issuer than ours means a mix-up attack: refused.
    iss: Option<String>,
}

/// `GET /auth/{provider}/callback`: checks `state`, exchanges the code, verifies the ID
/// token, turns the claims into a user and starts a fresh session.
pub async fn callback(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(params): Query<CallbackParams>,
    session: Session,
    cookies: tower_cookies::Cookies,
) -> Result<Response, AppError> {
    let kind = ProviderKind::from_name(&name).ok_or(AppError::NotFound)?;
    let provider = state.auth.provider(kind).ok_or(AppError::NotFound)?;
    let session = TypedSession(session);
    let fail = |failure: LoginFailure| {
        // The kind of failure only: never a claim value, code or token.
        tracing::warn!(provider = kind.name(), ?failure, "login refused");
        AppError::Login(kind, failure)
    };
    let pending = state
        .pending_logins
        .take(&cookies)
        .filter(|p| p.provider == kind.name());
    let Some(pending) =
        pending.filter(|p| params.state.as_deref().is_some_and(|s| p.state_matches(s)))
    else {
        return Err(fail(LoginFailure::Interrupted));
    };
    if params
        .iss
        .as_deref()
        .is_some_and(|iss| !provider.oidc.is_issuer(iss))
    {
        return Err(fail(LoginFailure::Refused));
    }
    if params.error.is_some() {
        return Err(fail(LoginFailure::Refused));
    }
    let code = params.code.ok_or_else(|| fail(LoginFailure::Refused))?;
    let verified = provider.oidc.finish(code, pending).await.map_err(|error| {
        tracing::warn!(provider = kind.name(), %error, "login did not verify");
        match error {
            OidcError::Provider(_) => AppError::Login(kind, LoginFailure::Unavailable),
            OidcError::Rejected(_) => AppError::Login(kind, LoginFailure::Refused),
        }
    })?;
    let user = user_from_claims(
        kind,
        &provider.rules,
        &verified.claims,
        &verified.id_token_claims,
    )
    .map_err(fail)?;
    let home = home_of(&user);
    session.log_in(user, kind.name(), verified.id_token).await?;
    tracing::info!(provider = kind.name(), "login");
    let mut response = Redirect::to(home).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, marker_cookie(&state, true));
    Ok(response)
}

fn marker_cookie(state: &AppState, set: bool) -> HeaderValue {
    let secure = if state.settings.is_https() {
        "; Secure"
    } else {
        ""
    };
    let name = session::marker_cookie(state.settings.is_https());
    let value = if set {
        format!("{name}=1; Path=/; HttpOnly; SameSite=Lax{secure}")
    } else {
        format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
    };
    HeaderValue::from_str(&value).expect("cookie text is ASCII")
}

fn has_marker(state: &AppState, headers: &HeaderMap) -> bool {
    let set = format!("{}=1", session::marker_cookie(state.settings.is_https()));
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim() == set)
}

/// `POST /auth/logout`: ends the session here and, when the provider supports it, there.
pub async fn logout(
    State(state): State<AppState>,
    session: Session,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Result<Response, AppError> {
    let session = TypedSession(session);
    // This reader's overview answers go with the session.
    if let Some(user) = session.user(i64::MAX).await? {
        forget_cached(&state, &user);
    }
    let ended = session.log_out().await?;
    let back = state
        .settings
        .public_url
        .join("uitgelogd")
        .expect("static path");
    let mut target = back.to_string();
    if let Some((provider, id_token)) = ended {
        if let Some(provider) =
            ProviderKind::from_name(&provider).and_then(|k| state.auth.provider(k))
        {
            if let Some(url) = provider.oidc.logout_url(&id_token, &back).await {
                target = url.to_string();
            }
        }
    }
    let mut response = Redirect::to(&target).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, marker_cookie(&state, false));
    Ok(response)
}

/// Drops what the portal keeps of `user`'s overview for a short while.
fn forget_cached(state: &AppState, user: &User) {
    use crate::zaken::cache::Reader;
    match user {
        User::Medewerker { id, .. } => state.zaken_cache.forget(Reader::Medewerker(id)),
        User::Citizen(betrokkene) => state.zaken_cache.forget(Reader::Citizen(betrokkene)),
    }
}

/// `GET /uitgelogd`.
pub async fn logged_out(State(state): State<AppState>) -> Html<String> {
    Html(render_page(&state, None, "U bent uitgelogd", || {
        view! {
            <h1 class="utrecht-heading-1">"U bent uitgelogd"</h1>
            <p class="utrecht-paragraph">"U bent uitgelogd bij Mijn zaken. Sluit de browser als u een computer met anderen deelt."</p>
            <p class="utrecht-paragraph"><a class="utrecht-link" href="/">"Opnieuw inloggen"</a></p>
        }
        .into_any()
    }))
}

/// The logged-in user for a page that needs one; otherwise the response to send: the
/// "sessie verlopen" page when this browser was logged in, else the home page.
pub async fn require_user(
    state: &AppState,
    session: Session,
    headers: &HeaderMap,
) -> Result<(User, String), Response> {
    let session = TypedSession(session);
    let user = session
        .user(state.settings.auth.session.max.whole_seconds())
        .await
        .map_err(|e| AppError::Unexpected(e).into_response())?;
    match user {
        Some(user) => {
            let csrf = session
                .csrf_token()
                .await
                .map_err(|e| AppError::Unexpected(e).into_response())?;
            Ok((user, csrf))
        }
        None if has_marker(state, headers) => {
            let mut response = AppError::SessionExpired.into_response();
            response
                .headers_mut()
                .append(header::SET_COOKIE, marker_cookie(state, false));
            Err(response)
        }
        None => Err(Redirect::to("/").into_response()),
    }
}
