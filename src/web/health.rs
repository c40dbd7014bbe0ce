//! Liveness and readiness probes for the platform (Kubernetes, a load balancer).

use axum::{extract::State, http::StatusCode};

use crate::state::AppState;

/// `GET /healthz`: the process is alive and serving.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: the portal can do its work. Once started it is ready; upstream checks
/// join here as upstreams are configured.
pub async fn readyz(State(_state): State<AppState>) -> (StatusCode, &'static str) {
    (StatusCode::OK, "ready")
}
