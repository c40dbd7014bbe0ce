//! Cross-cutting middleware: request id, security headers and Dutch error pages.

use axum::{
    extract::{Request, State},
    http::{header, HeaderName, HeaderValue},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};
use tracing::Instrument as _;

use crate::{app::ErrorPage, state::AppState};

/// The header that carries the request id, in and out and on to upstreams.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of one request, for logs and for the error page the user can quote.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

impl RequestId {
    /// Accepts a caller's id only when it is short and plain, so it cannot forge log lines.
    fn from_header(value: Option<&HeaderValue>) -> Option<Self> {
        let value = value?.to_str().ok()?;
        let plain = !value.is_empty()
            && value.len() <= 64
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        plain.then(|| Self(value.to_owned()))
    }
}

/// Takes the caller's `x-request-id` or makes one, runs the request inside a span that
/// carries it, and returns it on the response.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = RequestId::from_header(req.headers().get(&X_REQUEST_ID))
        .unwrap_or_else(|| RequestId(uuid::Uuid::new_v4().to_string()));
    req.extensions_mut().insert(id.clone());
    // Only the path is logged: our URLs never carry a BSN, but query strings may carry
    // an OIDC code or state.
    let span = tracing::info_span!(
        "request",
        request_id = %id.0,
        method = %req.method(),
        path = %req.uri().path(),
    );
    async move {
        let started = std::time::Instant::now();
        let mut response = next.run(req).await;
        tracing::info!(
            status = response.status().as_u16(),
            latency_ms = started.elapsed().as_millis() as u64,
            "response"
        );
        if let Ok(value) = HeaderValue::from_str(&id.0) {
            response.headers_mut().insert(X_REQUEST_ID.clone(), value);
        }
        response
    }
    .instrument(span)
    .await
}

/// Sets the security headers every response carries.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, state.security.csp());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    if state.settings.is_https() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    // Pages may hold personal data: no shared cache and no copy after logout. Static
    // assets set their own long cache header.
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// The Content-Security-Policy: fixed, except the origins forms may go to, which grow as
/// identity providers are discovered.
#[derive(Debug)]
pub struct SecurityPolicy {
    /// The origins forms may go to besides our own, and the header made from them.
    form_targets: std::sync::RwLock<(Vec<url::Origin>, HeaderValue)>,
}

impl SecurityPolicy {
    /// A strict policy: our own origin only, no script at all (every page works without
    /// JavaScript), no inline styles, no framing. `form-action` also lists the identity
    /// providers' end-session origins (see [`Self::allow_form_target`]).
    pub fn new(form_targets: &[url::Origin]) -> Self {
        let targets = form_targets.to_vec();
        let header = Self::header(&targets);
        Self {
            form_targets: std::sync::RwLock::new((targets, header)),
        }
    }

    fn header(form_targets: &[url::Origin]) -> HeaderValue {
        let mut form_action = String::from("'self'");
        for origin in form_targets {
            form_action.push(' ');
            form_action.push_str(&origin.ascii_serialization());
        }
        let csp = format!(
            "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; \
             font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action {form_action}; frame-ancestors 'none'"
        );
        HeaderValue::from_str(&csp).expect("CSP consists of visible ASCII")
    }

    /// Lets forms go to `origin` too. The logout form is answered with a redirect to the
    /// identity provider's end-session endpoint, and browsers apply `form-action` to that
    /// redirect: without its origin here the provider's session would stay alive. Called
    /// when a provider's metadata is discovered; an opaque origin is never added.
    pub fn allow_form_target(&self, origin: url::Origin) {
        if !origin.is_tuple() {
            return;
        }
        let mut guard = self
            .form_targets
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !guard.0.contains(&origin) {
            guard.0.push(origin);
            guard.1 = Self::header(&guard.0);
        }
    }

    /// The `Content-Security-Policy` header value.
    pub fn csp(&self) -> HeaderValue {
        self.form_targets
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .1
            .clone()
    }
}

/// Ends a request that takes longer than `MIJNZAKEN_REQUEST_TIMEOUT_SECONDS` until its
/// response starts (reading its body included) with the Dutch "too slow" page, so that no
/// request, however slow its client or upstream, holds the portal's resources for ever.
/// A download's body streams after this, without this limit.
pub async fn request_timeout(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(state.settings.request_timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a request took too long and was ended");
            crate::web::error::AppError::TooSlow.into_response()
        }
    }
}

/// Replaces the empty body of an error response (marked with [`ErrorPage`]) by the full
/// Dutch page, which needs the request id and the gemeente's details.
pub async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let request_id = req.extensions().get::<RequestId>().cloned();
    let response = next.run(req).await;
    let page = match response.extensions().get::<ErrorPage>() {
        Some(page) => *page,
        // A bare 5xx from a layer (the session store down, say) still gets the Dutch page.
        None if response.status().is_server_error()
            && !response.headers().contains_key(header::CONTENT_TYPE) =>
        {
            tracing::error!(status = %response.status(), "a layer answered with a bare error");
            ErrorPage::Unexpected
        }
        // axum's rejections ("Failed to deserialize form body", "length limit exceeded")
        // are plain text: the user gets the Dutch page, with the same status.
        None if (response.status().is_client_error() || response.status().is_server_error())
            && is_plain_text(&response) =>
        {
            tracing::info!(
                status = %response.status(),
                "a request was rejected before its handler"
            );
            if response.status().is_server_error() {
                ErrorPage::Unexpected
            } else {
                ErrorPage::BadRequest
            }
        }
        None => return response,
    };
    // A page behind the login keeps its frame: the session bar, and for a medewerker the
    // look-up banner in the frame of the gemeente looked in.
    let signed_in = response.extensions().get::<crate::app::SignedIn>().cloned();
    let looked_in = signed_in
        .as_ref()
        .and_then(|s| s.lookup.as_ref())
        .and_then(|lookup| state.gemeente(&lookup.gemeente_code))
        .map(|gemeente| state.for_gemeente(gemeente));
    let login_again = response
        .extensions()
        .get::<crate::app::LoginAgain>()
        .cloned();
    let html = crate::app::render_error_page(
        looked_in.as_ref().unwrap_or(&state),
        signed_in,
        login_again,
        page,
        request_id.as_ref().map(|id| id.0.as_str()),
    );
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    (parts, Html(html)).into_response()
}

fn is_plain_text(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"))
}

/// The most HTML a page may have before we refuse to post-process it.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// Drops what Leptos appends after `</html>`: inline `<script>` tags that carry hydration
/// state. We do not hydrate, so they are dead weight, and a strict CSP (`script-src
/// 'none'`) would report them as violations. Removing them here also guarantees that no
/// page data ever reaches the browser inside a script element.
///
/// The rejected alternative, allowing them with a per-response nonce, would keep scripts
/// we do not need and loosen the policy for nothing.
pub async fn strip_hydration_scripts(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "cannot read a rendered page");
            parts.status = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
            parts.extensions.insert(ErrorPage::Unexpected);
            return (parts, Html(String::new())).into_response();
        }
    };
    const END: &[u8] = b"</html>";
    let bytes = match bytes.windows(END.len()).rposition(|w| w == END) {
        Some(at) => bytes.slice(..at + END.len()),
        None => bytes,
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    (parts, bytes).into_response()
}

/// Refuses a state-changing request that does not come from our own pages: its `Origin`
/// (or, when a browser sends none, its `Referer`) must be the portal's public origin. The
/// CSRF token in the form is the second check, in the handler.
pub async fn same_origin_posts(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    use axum::http::Method;
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let ours = state.settings.public_url.origin().ascii_serialization();
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok());
    let referer = req
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok());
    let same = match (origin, referer) {
        (Some(origin), _) => origin == ours,
        (None, Some(referer)) => {
            url::Url::parse(referer).is_ok_and(|r| r.origin().ascii_serialization() == ours)
        }
        (None, None) => false,
    };
    if same {
        next.run(req).await
    } else {
        tracing::warn!("refused a state-changing request from another origin");
        crate::web::error::AppError::Forbidden.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::SecurityPolicy;

    fn form_action(policy: &SecurityPolicy) -> String {
        let csp = policy.csp();
        csp.to_str()
            .unwrap()
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix("form-action "))
            .unwrap()
            .to_owned()
    }

    #[test]
    fn forms_may_go_to_our_own_origin_and_each_discovered_end_session_origin_once() {
        let policy = SecurityPolicy::new(&[]);
        assert_eq!(form_action(&policy), "'self'");
        let broker = url::Url::parse("https://broker.example:8443/oidc/logout").unwrap();
        policy.allow_form_target(broker.origin());
        policy.allow_form_target(broker.origin());
        assert_eq!(form_action(&policy), "'self' https://broker.example:8443");
        // An origin that cannot be written in a CSP is never added.
        let opaque = url::Url::parse("data:text/plain,x").unwrap();
        policy.allow_form_target(opaque.origin());
        assert_eq!(form_action(&policy), "'self' https://broker.example:8443");
        assert!(policy.csp().to_str().unwrap().contains("script-src 'none'"));
    }
}
