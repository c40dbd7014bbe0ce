//! Builds the application: binds the listener, assembles the router and its middleware.

use std::{
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    sync::Arc,
};

use anyhow::Context as _;
use axum::{middleware, Router};
use leptos::config::LeptosOptions;
use leptos_axum::LeptosRoutes as _;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;

use crate::{
    app::{self, App},
    auth::store::Sessions,
    config::Settings,
    state::{AppState, GemeenteContext},
    web::{self, assets::Assets, middleware::SecurityPolicy},
    zgw::ZgwClient,
};

/// A built, bound application, ready to serve.
pub struct Application {
    listener: TcpListener,
    local_addr: SocketAddr,
    router: Router,
    auth: Arc<crate::auth::Auth>,
    header_read_timeout: std::time::Duration,
    public_url: url::Url,
    demo: bool,
}

impl Application {
    /// Binds `settings.addr` (port 0 picks a free port) and builds the router.
    pub async fn build(mut settings: Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("binding MIJNZAKEN_ADDR {}", settings.addr))?;
        let local_addr = listener.local_addr().context("reading the bound address")?;
        if settings.demo && !settings.public_url_configured {
            settings.public_url = url::Url::parse(&format!("http://{}/", loopback(local_addr)))?;
        }
        let sessions = Sessions::open(&settings.auth.session.store).await?;
        let audit = crate::audit::AuditLog::open(&settings.audit)
            .await
            .context("opening the audit trail")?;
        let header_read_timeout = settings.header_read_timeout;
        let public_url = settings.public_url.clone();
        let demo = settings.demo;
        if let (Some(abonnement), Some(webhook)) = (
            &settings.notificaties.abonnement,
            &settings.notificaties.webhook,
        ) {
            if abonnement.at_start {
                crate::notificaties::abonnement::ensure_in_background(
                    abonnement.clone(),
                    webhook.clone(),
                );
            }
        }
        let (router, auth) = build_router(settings, local_addr, sessions, audit)?;
        Ok(Self {
            listener,
            local_addr,
            router,
            auth,
            header_read_timeout,
            public_url,
            demo,
        })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.local_addr.port()
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests under way.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let mode = if self.demo {
            "demo mode: the built-in demo zaaksysteem and logins, never for real data"
        } else {
            "production mode"
        };
        tracing::info!(
            addr = %self.local_addr,
            url = %self.public_url,
            demo = self.demo,
            "MijnZaken is listening on {} ({mode})",
            self.public_url
        );
        // In the background, once we serve (the demo provider is on our own port).
        let auth = self.auth.clone();
        tokio::spawn(async move { auth.discover_all().await });
        serve(
            self.listener,
            self.router,
            self.header_read_timeout,
            shutdown_signal(),
        )
        .await;
        Ok(())
    }
}

/// How long the requests under way may take to finish after a shutdown signal.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(30);

/// Serves `router` over HTTP/1.1 until `shutdown`, then lets the requests under way finish
/// (for at most [`DRAIN`]). Not `axum::serve`: it gives hyper no timer, so hyper cannot
/// close a connection whose headers come slowly or not at all (slowloris); here every
/// connection must send its request headers within `header_read_timeout`, which also ends
/// idle keep-alive connections. HTTP/1.1 only: a reverse proxy speaks it to us, and
/// detecting HTTP/2 would first wait for bytes with no timeout at all.
async fn serve(
    listener: TcpListener,
    router: Router,
    header_read_timeout: std::time::Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper::service::service_fn({
            let router = router.clone();
            move |mut request: http::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                tower::ServiceExt::oneshot(router.clone(), request)
            }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still under way at shutdown were cut off");
    }
}

fn leptos_options() -> anyhow::Result<LeptosOptions> {
    // Leptos.toml sits next to Cargo.toml; a deployed binary may run without it, and then
    // Leptos' defaults apply (we serve no wasm bundle, so they hardly matter).
    if std::path::Path::new("Leptos.toml").is_file() {
        Ok(leptos::config::get_configuration(Some("Leptos.toml"))
            .context("reading Leptos.toml")?
            .leptos_options)
    } else {
        Ok(LeptosOptions::builder().output_name("mijnzaken").build())
    }
}

/// Where the portal reaches its own demo upstreams: over real HTTP on the bound port,
/// through loopback when bound to all interfaces.
fn demo_base(local_addr: SocketAddr) -> anyhow::Result<url::Url> {
    Ok(url::Url::parse(&format!(
        "http://{}/demo/",
        loopback(local_addr)
    ))?)
}

/// The bound address, with loopback for "all interfaces".
fn loopback(local_addr: SocketAddr) -> SocketAddr {
    let ip = match local_addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, local_addr.port())
}

fn app_state(
    settings: Settings,
    local_addr: SocketAddr,
    sessions: Sessions,
    audit: crate::audit::AuditLog,
) -> anyhow::Result<AppState> {
    let assets = Assets::load(&settings)?;
    let security = Arc::new(SecurityPolicy::new(&[]));
    let demo_base = settings.demo.then(|| demo_base(local_addr)).transpose()?;
    let demo_zgw_base = demo_base.as_ref().map(|b| b.join("zgw/")).transpose()?;
    let auth = Arc::new(build_auth(&settings, demo_base.as_ref(), &security)?);
    let settings = Arc::new(settings);
    let own = GemeenteContext {
        gemeente: Arc::new(settings.gemeente.clone()),
        zgw: ZgwClient::new(
            settings
                .gemeente
                .zgw
                .clone()
                .or_demo_roots(demo_zgw_base.as_ref())?,
        )?,
    };
    let mut gemeenten = vec![own.clone()];
    for gemeente in &settings.gemeenten {
        // Only the demo's own second gemeente has a demo ZGW; others need their roots.
        let base = demo_base
            .as_ref()
            .filter(|_| gemeente.code == crate::config::DEMO_OTHER_GEMEENTE)
            .map(|b| b.join(&format!("{}/zgw/", crate::config::DEMO_OTHER_GEMEENTE)))
            .transpose()?;
        gemeenten.push(GemeenteContext {
            gemeente: Arc::new(gemeente.clone()),
            zgw: ZgwClient::new(gemeente.zgw.clone().or_demo_roots(base.as_ref())?)?,
        });
    }
    let cookie_key = match &settings.auth.session.cookie_key {
        Some(bytes) => {
            use secrecy::ExposeSecret as _;
            tower_cookies::Key::try_from(bytes.expose_secret())
                .context("MIJNZAKEN_COOKIE_KEY is not a usable key")?
        }
        None => tower_cookies::Key::generate(),
    };
    let limits = Arc::new(crate::web::limits::RateLimits::new(
        settings.rate_limit.client_key,
        settings.rate_limit.logins_per_minute,
        settings.rate_limit.lookups_per_minute,
    ));
    let pending_logins = Arc::new(crate::auth::pending::PendingLogins::new(
        cookie_key,
        settings.is_https(),
    ));
    let zaken_cache = Arc::new(crate::zaken::cache::OverzichtCache::new(
        settings.overzicht_cache,
    ));
    Ok(AppState {
        leptos_options: leptos_options()?,
        zaken_cache,
        inbox: crate::notificaties::Inbox::new(&audit),
        settings,
        assets,
        security,
        auth,
        gemeente: own.gemeente,
        zgw: own.zgw,
        gemeenten: Arc::new(gemeenten),
        audit,
        sessions,
        pending_logins,
        limits,
    })
}

/// The configured logins; in demo mode an unset issuer is the demo provider, reached over
/// loopback like any external one.
fn build_auth(
    settings: &Settings,
    demo_base: Option<&url::Url>,
    security: &Arc<SecurityPolicy>,
) -> anyhow::Result<crate::auth::Auth> {
    use crate::auth::{oidc::OidcProvider, Provider};
    let mut providers = Vec::new();
    for &(kind, ref config) in &settings.auth.logins {
        let issuer = match (&config.issuer, demo_base) {
            (Some(issuer), _) => issuer.clone(),
            (None, Some(base)) => base.join("oidc")?,
            (None, None) => anyhow::bail!("{} has no issuer outside demo mode", kind.label()),
        };
        let redirect_uri = settings
            .public_url
            .join(&format!("auth/{}/callback", kind.name()))?;
        let oidc = OidcProvider::new(
            issuer,
            config.client_id.clone(),
            config.client_secret.clone(),
            config.scopes.clone(),
            redirect_uri,
            config.logout_id_token_hint,
            std::time::Duration::from_secs(10),
        )?
        .with_end_session_hook({
            let security = security.clone();
            Arc::new(move |url: &url::Url| security.allow_form_target(url.origin()))
        });
        providers.push(Provider {
            kind,
            oidc,
            rules: config.rules.clone(),
        });
    }
    Ok(crate::auth::Auth::new(providers))
}

fn build_router(
    settings: Settings,
    local_addr: SocketAddr,
    sessions: Sessions,
    audit: crate::audit::AuditLog,
) -> anyhow::Result<(Router, Arc<crate::auth::Auth>)> {
    let state = app_state(settings, local_addr, sessions, audit)?;
    let auth = state.auth.clone();

    let context_state = state.clone();
    let provide_state = move || leptos::prelude::provide_context(context_state.clone());
    // Route discovery renders the app once, so it needs the same context as a request.
    let (routes, _static_routes) =
        leptos_axum::generate_route_list_with_exclusions_and_ssg_and_context(
            App,
            None,
            provide_state.clone(),
        );
    let shell_state = state.clone();
    let shell = move || app::shell(shell_state.leptos_options.clone());

    // Each module of the web layer brings its own routes; the static pages and the 404
    // come from the Leptos router.
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, provide_state.clone(), shell.clone())
        .fallback(leptos_axum::render_app_async_with_context(
            provide_state,
            shell,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::login::known_user,
        ));
    let router = Router::new()
        .merge(web::health::router())
        .merge(web::assets::router())
        .merge(web::login::router(&state))
        .merge(web::zaken::router())
        .merge(web::kcc::router())
        .merge(pages);
    let sessions = tower_sessions::SessionManagerLayer::new(state.sessions.clone())
        .with_name(crate::auth::session::session_cookie(
            state.settings.is_https(),
        ))
        .with_http_only(true)
        // Lax, not Strict: the return from DigiD is a cross-site navigation.
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_secure(state.settings.is_https())
        .with_path("/")
        .with_expiry(tower_sessions::Expiry::OnInactivity(
            state.settings.auth.session.idle,
        ))
        .with_always_save(true);
    // Sessions and the same-origin check guard the portal's own routes; the demo
    // upstreams, nested after, are other parties (their token endpoint is called
    // server to server, without an Origin).
    let router = router
        .layer(sessions)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::middleware::same_origin_posts,
        ))
        // The gemeente's Notificaties API: another party, with its own credential.
        .merge(web::notificaties::router(&state));
    #[cfg(feature = "demo")]
    let router = if state.settings.demo {
        let settings = &state.settings;
        router.nest(
            "/demo",
            crate::demo::router(
                crate::demo::zgw::DemoZgw::new(settings.demo_latency, settings.demo_zgw_expand),
                crate::demo::zgw::DemoZgw::buurdorp(
                    settings.demo_latency,
                    settings.demo_zgw_expand,
                ),
                crate::demo::oidc::DemoOidc::new(
                    &settings.public_url,
                    &settings.demo_oidc_portals,
                )?,
            ),
        )
    } else {
        router
    };

    Ok((with_middleware(router, state), auth))
}

/// Wraps the routes in the middleware every response passes through. Each `layer` wraps
/// the ones before it, so the request id (last) is outermost: even a panic's error page
/// and the security headers are logged with it.
fn with_middleware(router: Router<AppState>, state: AppState) -> Router {
    router
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::middleware::request_timeout,
        ))
        .layer(CatchPanicLayer::custom(web::error::panic_response))
        .layer(middleware::from_fn(
            web::middleware::strip_hydration_scripts,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::middleware::error_pages,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::middleware::security_headers,
        ))
        .layer(middleware::from_fn(web::middleware::request_id))
        .with_state(state)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use axum::{body::Body, http::Request, routing::get};
    use tower::ServiceExt as _;

    use super::*;
    use crate::web::error::AppError;

    async fn body_of(router: Router, path: &str) -> (axum::http::StatusCode, String) {
        let request = Request::get(path)
            .header("x-request-id", "test-request-7")
            .body(Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    async fn demo_state() -> AppState {
        let dir = std::env::temp_dir().join(format!("mijnzaken-unit-{}", uuid::Uuid::new_v4()));
        let audit = crate::audit::AuditLog::open(&crate::audit::AuditSettings {
            database: crate::audit::AuditDatabase::Sqlite(dir.join("audit.sqlite3")),
        })
        .await
        .unwrap();
        app_state(
            Settings::for_unit_tests(),
            "127.0.0.1:1".parse().unwrap(),
            Sessions::Memory(Default::default()),
            audit,
        )
        .unwrap()
    }

    #[tokio::test]
    async fn an_unexpected_error_shows_a_dutch_page_with_the_request_id_and_no_internals() {
        async fn failing() -> Result<(), AppError> {
            Err(anyhow::anyhow!("database password rejected for user portal").into())
        }
        let router = with_middleware(
            Router::new().route("/kapot", get(failing)),
            demo_state().await,
        );
        let (status, body) = body_of(router, "/kapot").await;
        assert_eq!(status, 500);
        assert!(body.contains("Er ging iets mis"), "{body}");
        assert!(
            body.contains("test-request-7"),
            "the page quotes the request id"
        );
        let gemeente = Settings::for_unit_tests().gemeente.naam;
        assert!(body.contains(&gemeente), "inside the page frame");
        assert!(!body.contains("password"), "no internals on the page");
    }

    #[tokio::test]
    async fn a_bare_server_error_from_a_layer_gets_the_dutch_page() {
        // What tower-sessions answers when its store is down: a 500 without a body.
        async fn store_down() -> axum::http::StatusCode {
            axum::http::StatusCode::INTERNAL_SERVER_ERROR
        }
        let router = with_middleware(
            Router::new().route("/sessie", get(store_down)),
            demo_state().await,
        );
        let (status, body) = body_of(router, "/sessie").await;
        assert_eq!(status, 500);
        assert!(body.contains("Er ging iets mis"), "{body}");
        assert!(body.contains("test-request-7"));
    }

    #[tokio::test]
    async fn a_panic_shows_a_dutch_page_and_the_server_keeps_serving() {
        async fn panics() -> &'static str {
            panic!("index out of bounds in secret module")
        }
        let router = with_middleware(
            Router::new()
                .route("/paniek", get(panics))
                .route("/ok", get(|| async { "ok" })),
            demo_state().await,
        );
        let (status, body) = body_of(router.clone(), "/paniek").await;
        assert_eq!(status, 500);
        assert!(body.contains("Er ging iets mis"));
        assert!(!body.contains("secret"));
        let (status, _) = body_of(router, "/ok").await;
        assert_eq!(status, 200);
    }
}
