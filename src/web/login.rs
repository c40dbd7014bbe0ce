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
    app::{render_page, LoginAgain},
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
    super::extract::start_page(user).href()
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

/// A page to return to after a login: a path on this portal behind the login (`/zaken…`,
/// `/inzage`, `/kcc…`), never another site (`//host`, `/\host`, a scheme); else `None`.
pub fn return_path(value: &str) -> Option<String> {
    let plain = value.len() <= 512
        && value.starts_with('/')
        && !value.starts_with("//")
        && !value.starts_with("/\\")
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./?=&%".contains(&b));
    let behind_login = ["/zaken", "/inzage", "/kcc"]
        .iter()
        .any(|base| under(value, base));
    (plain && behind_login).then(|| value.to_owned())
}

/// Whether `path` is `base` or below it (`/zaken`, `/zaken/…`, `/zaken?…`).
fn under(path: &str, base: &str) -> bool {
    path.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
}

/// Whether `user` may land on `path` after the login: a citizen on their own pages, a
/// medewerker on the KCC pages.
fn lands_on(user: &User, path: &str) -> bool {
    match user {
        User::Citizen(_) => under(path, "/zaken") || under(path, "/inzage"),
        User::Medewerker { .. } => under(path, "/kcc"),
    }
}

/// `GET /auth/{provider}/login`: starts the login; `?terug=/zaken/…` names the page to
/// return to afterwards (kept only when [`return_path`] accepts it).
#[derive(Deserialize)]
pub struct LoginParams {
    terug: Option<String>,
}

/// `GET /auth/{provider}/login`: starts the login and sends the browser to the provider.
pub async fn login(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(params): Query<LoginParams>,
    cookies: tower_cookies::Cookies,
) -> Result<Response, AppError> {
    let kind = ProviderKind::from_name(&name).ok_or(AppError::NotFound)?;
    let provider = state.auth.provider(kind).ok_or(AppError::NotFound)?;
    let (url, pending) = provider.oidc.start(kind.name()).await.map_err(|error| {
        tracing::warn!(provider = kind.name(), %error, "cannot start a login");
        AppError::Login(kind, LoginFailure::Unavailable)
    })?;
    let back = params.terug.as_deref().and_then(return_path);
    state.pending_logins.store(&cookies, pending, back)?;
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
    let taken = state
        .pending_logins
        .take(&cookies)
        .filter(|t| t.pending.provider == kind.name());
    let Some(taken) = taken.filter(|t| {
        params
            .state
            .as_deref()
            .is_some_and(|s| t.pending.state_matches(s))
    }) else {
        return Err(fail(LoginFailure::Interrupted));
    };
    let (pending, back) = (taken.pending, taken.back);
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
    // Back to the page asked for before the login, when it is one of this user's.
    let home = match back {
        Some(back) if lands_on(&user, &back) => back,
        _ => home_of(&user).to_owned(),
    };
    session.log_in(user, kind.name(), verified.id_token).await?;
    tracing::info!(provider = kind.name(), "login");
    let mut response = Redirect::to(&home).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, marker_cookie(&state, Some(kind)));
    Ok(response)
}

/// The cookie that says "this browser was logged in, with this provider", so that a
/// request after the session ended gets the "sessie verlopen" page with the way back.
fn marker_cookie(state: &AppState, set: Option<ProviderKind>) -> HeaderValue {
    let secure = if state.settings.is_https() {
        "; Secure"
    } else {
        ""
    };
    let name = session::marker_cookie(state.settings.is_https());
    let value = if let Some(kind) = set {
        format!(
            "{name}={}; Path=/; HttpOnly; SameSite=Lax{secure}",
            kind.name()
        )
    } else {
        format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
    };
    HeaderValue::from_str(&value).expect("cookie text is ASCII")
}

/// The marker's value: `Some(None)` when this browser was logged in with a provider this
/// portal no longer has (or an older marker), `None` when it was not logged in.
fn marker(state: &AppState, headers: &HeaderMap) -> Option<Option<ProviderKind>> {
    let prefix = format!("{}=", session::marker_cookie(state.settings.is_https()));
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(prefix.as_str()))
        .find(|value| !value.is_empty())
        .map(ProviderKind::from_name)
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
        .append(header::SET_COOKIE, marker_cookie(&state, None));
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
    request: &axum::http::request::Parts,
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
        None => match marker(state, &request.headers) {
            Some(provider) => {
                let mut response = AppError::SessionExpired.into_response();
                response
                    .extensions_mut()
                    .insert(login_again(request, provider));
                response
                    .headers_mut()
                    .append(header::SET_COOKIE, marker_cookie(state, None));
                Err(response)
            }
            None => Err(Redirect::to(&start_for(state, request)).into_response()),
        },
    }
}

/// Where someone who is not logged in starts for this page: the KCC pages at the
/// medewerker login (returning here), the citizens' pages at the home page.
fn start_for(state: &AppState, request: &axum::http::request::Parts) -> String {
    let kcc = under(request.uri.path(), "/kcc");
    if kcc && state.auth.provider(ProviderKind::Medewerker).is_some() {
        login_url(ProviderKind::Medewerker, request)
    } else {
        "/".to_owned()
    }
}

/// The start of `kind`'s login, returning to the page `request` asked for when that is a
/// GET of a page behind the login (a form that was posted cannot be repeated).
fn login_url(kind: ProviderKind, request: &axum::http::request::Parts) -> String {
    let asked = request.uri.path_and_query().map_or("/", |p| p.as_str());
    let back = (request.method == axum::http::Method::GET)
        .then(|| return_path(asked))
        .flatten();
    match back {
        Some(back) => format!(
            "/auth/{}/login?terug={}",
            kind.name(),
            url::form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
        ),
        None => format!("/auth/{}/login", kind.name()),
    }
}

/// The way back after the session ended: the same login again, returning to the page
/// that was asked for (a GET; a form that was posted is lost, and the page says so).
fn login_again(request: &axum::http::request::Parts, provider: Option<ProviderKind>) -> LoginAgain {
    LoginAgain {
        href: provider.map_or_else(|| "/".to_owned(), |kind| login_url(kind, request)),
        form_lost: request.method != axum::http::Method::GET,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_page_behind_the_login_on_this_portal_is_returned_to() {
        for ok in [
            "/zaken",
            "/zaken/2a01-x",
            "/zaken?lopend=40",
            "/inzage",
            "/kcc/zaken/1",
        ] {
            assert_eq!(return_path(ok).as_deref(), Some(ok), "{ok}");
        }
        for bad in [
            "//evil.example/zaken",
            "/\\evil.example/zaken",
            "https://evil.example/zaken",
            "zaken",
            "/zakenx",
            "/",
            "/contact",
            "/zaken/<script>",
            "/zaken\r\nSet-Cookie:x",
            "/zaken#x",
        ] {
            assert_eq!(return_path(bad), None, "{bad}");
        }
        let citizen = User::Citizen(crate::domain::Betrokkene::Inwoner {
            bsn: crate::domain::Bsn::parse("999993653").unwrap(),
        });
        assert!(lands_on(&citizen, "/zaken/1"));
        assert!(lands_on(&citizen, "/inzage"));
        assert!(!lands_on(&citizen, "/kcc/zaken"), "not a medewerker's page");
    }
}
