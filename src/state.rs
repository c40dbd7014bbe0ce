//! The shared state every handler and page can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::{
    config::{Gemeente, Settings},
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
    /// The gemeente a page is for: the portal's own, or on a KCC page the one looked in
    /// (see [`AppState::for_gemeente`]). Its name, contact details and theme fill the frame.
    pub gemeente: Arc<Gemeente>,
    /// The client for that gemeente's ZGW APIs.
    pub zgw: ZgwClient,
    /// Every gemeente the KCC may look up for: the portal's own first, then the others of
    /// a samenwerkingsverband, each with its own ZGW client.
    pub gemeenten: Arc<Vec<GemeenteContext>>,
    /// The audit trail of KCC look-ups.
    pub audit: crate::audit::AuditLog,
    /// Rate limits on login starts, callbacks and KCC look-ups.
    pub limits: Arc<crate::web::limits::RateLimits>,
    /// The logins in progress, in their encrypted cookie.
    pub pending_logins: Arc<crate::auth::pending::PendingLogins>,
    /// The session store (memory or Redis).
    pub sessions: crate::auth::store::Sessions,
    /// Each user's overview answers, kept for a short while (every gemeente's, keyed by
    /// gemeente, reader and subject).
    pub zaken_cache: Arc<crate::zaken::cache::OverzichtCache>,
    /// The notifications the webhook accepted (in the audit trail's database).
    pub inbox: crate::notificaties::Inbox,
}

/// One gemeente the portal serves, ready to query: its settings and its ZGW client.
#[derive(Clone)]
pub struct GemeenteContext {
    /// Name, code, contact details, theme class, ZGW settings.
    pub gemeente: Arc<Gemeente>,
    /// Its ZGW APIs.
    pub zgw: ZgwClient,
}

impl AppState {
    /// The gemeente with this code.
    pub fn gemeente(&self, code: &str) -> Option<&GemeenteContext> {
        self.gemeenten.iter().find(|g| g.gemeente.code == code)
    }

    /// This state as seen from `gemeente`: its name, contact details and theme in the page
    /// frame, and its ZGW APIs. For the KCC pages, which may show another gemeente.
    pub fn for_gemeente(&self, gemeente: &GemeenteContext) -> Self {
        Self {
            gemeente: gemeente.gemeente.clone(),
            zgw: gemeente.zgw.clone(),
            ..self.clone()
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
