//! The shared state every handler and page can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::{
    config::Settings,
    demo::{oidc::DemoOidc, zgw::DemoZgw},
    web::assets::Assets,
    web::middleware::SecurityPolicy,
    zgw::ZgwClient,
};

/// Cheap to clone: everything inside is shared.
#[derive(Clone)]
pub struct AppState {
    /// Leptos' own options (from `Leptos.toml`).
    pub leptos_options: LeptosOptions,
    /// The validated settings.
    pub settings: Arc<Settings>,
    /// Stylesheet, logo and favicon.
    pub assets: Arc<Assets>,
    /// The security headers' values.
    pub security: Arc<SecurityPolicy>,
    /// The configured logins.
    pub auth: Arc<crate::auth::Auth>,
    /// The client for the gemeente's ZGW APIs.
    pub zgw: ZgwClient,
    /// The demo ZGW server, in demo mode only.
    pub demo_zgw: Option<Arc<DemoZgw>>,
    /// The demo OIDC provider, in demo mode only.
    pub demo_oidc: Option<Arc<DemoOidc>>,
    /// The session store (memory or Redis).
    pub sessions: crate::auth::store::Sessions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
