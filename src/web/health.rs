//! Liveness and readiness probes for the platform (Kubernetes, a load balancer).

use axum::{extract::State, http::StatusCode};

use crate::state::AppState;

/// `GET /healthz`: the process is alive and serving.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The probes' routes.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/healthz", axum::routing::get(healthz))
        .route("/readyz", axum::routing::get(readyz))
}

/// `GET /readyz`: the portal can do its work. The session store must answer; in demo mode
/// it is then ready, otherwise the configured ZGW APIs must answer too.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if !state.sessions.ping().await {
        tracing::warn!("not ready: the session store does not answer");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the session store does not answer",
        );
    }
    if !state.audit.ping().await {
        tracing::warn!("not ready: the audit trail does not answer");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the audit trail does not answer",
        );
    }
    if state.settings.demo {
        return (StatusCode::OK, "ready");
    }
    match state.zgw.for_request(None).ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "not ready: a ZGW API does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "a ZGW API does not answer")
        }
    }
}
