//! The built-in demo: upstream services that stand in for a gemeente's identity broker and
//! zaaksysteem, served under `/demo/` only when `MIJNZAKEN_DEMO=1`.
//!
//! The portal reaches them over real HTTP through the same code it uses for external
//! services; nothing outside this module knows they are fake. This module depends on the
//! portal's public types, never the other way round.

pub mod oidc;
pub mod zgw;

use std::sync::Arc;

use axum::{routing::get, Router};

use crate::state::AppState;

/// The routes under `/demo`.
pub fn router(
    zgw: Arc<zgw::DemoZgw>,
    buurdorp: Arc<zgw::DemoZgw>,
    oidc: Arc<oidc::DemoOidc>,
) -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .nest("/zgw", zgw::router(zgw))
        .nest("/buurdorp/zgw", zgw::router(buurdorp))
        .nest("/oidc", oidc::router(oidc))
}

async fn index() -> &'static str {
    "MijnZaken demo-diensten: dit zijn geen echte gegevens."
}
