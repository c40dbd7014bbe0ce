//! Rate limits where a login or a look-up costs someone else something: login starts and
//! callbacks per client (each start asks the identity provider for work, and a callback
//! spends a code at its token endpoint), and KCC look-ups per medewerker (each one writes
//! an audit record in the citizen's name). GCRA from the `governor` crate, per key in
//! memory, per instance.

use std::{net::IpAddr, num::NonZeroU32, time::Duration};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{clock::Clock as _, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::{state::AppState, web::error::AppError};

/// Above this many remembered keys, forget the ones whose limit has fully recovered.
const RETAIN_ABOVE: usize = 10_000;

pub use crate::config::ClientKey;

/// The limits and what they remember.
pub struct RateLimits {
    client_key: ClientKey,
    logins: Option<DefaultKeyedRateLimiter<IpAddr>>,
    lookups: Option<DefaultKeyedRateLimiter<String>>,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("client_key", &self.client_key)
            .finish_non_exhaustive()
    }
}

/// A request refused for now; try again after `retry_after`.
#[derive(Debug, Clone, Copy)]
pub struct TooMany {
    /// When the next attempt is allowed (the `Retry-After` header).
    pub retry_after: Duration,
}

fn limiter<K: std::hash::Hash + Eq + Clone>(per_minute: u32) -> Option<DefaultKeyedRateLimiter<K>> {
    NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

fn check<K: std::hash::Hash + Eq + Clone>(
    limiter: &Option<DefaultKeyedRateLimiter<K>>,
    key: &K,
) -> Result<(), TooMany> {
    let Some(limiter) = limiter else {
        return Ok(());
    };
    if limiter.len() > RETAIN_ABOVE {
        limiter.retain_recent();
    }
    limiter.check_key(key).map_err(|not_until| TooMany {
        retry_after: not_until.wait_time_from(governor::clock::DefaultClock::default().now()),
    })
}

impl RateLimits {
    /// Login starts and callbacks per client and look-ups per medewerker, each per
    /// minute (0: no limit).
    pub fn new(client_key: ClientKey, logins_per_minute: u32, lookups_per_minute: u32) -> Self {
        Self {
            client_key,
            logins: match client_key {
                ClientKey::Off => None,
                ClientKey::Peer | ClientKey::Forwarded => limiter(logins_per_minute),
            },
            lookups: limiter(lookups_per_minute),
        }
    }

    /// The client a request comes from, as configured; `None` when it cannot be told.
    fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        match self.client_key {
            ClientKey::Off => None,
            ClientKey::Peer => peer,
            ClientKey::Forwarded => headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|last| last.trim().parse().ok()),
        }
    }

    /// One login start or callback from this client.
    pub fn check_login(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Result<(), TooMany> {
        match self.client(peer, headers) {
            Some(client) => check(&self.logins, &client),
            None => Ok(()),
        }
    }

    /// One look-up by this medewerker.
    pub fn check_lookup(&self, medewerker: &str) -> Result<(), TooMany> {
        check(&self.lookups, &medewerker.to_owned())
    }
}

/// Route layer for `/auth/{provider}/login` and `/callback`.
pub async fn limit_logins(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    match state.limits.check_login(peer, req.headers()) {
        Ok(()) => next.run(req).await,
        Err(too_many) => {
            tracing::warn!("login attempts from one client over the limit");
            too_many.into_response()
        }
    }
}

impl IntoResponse for TooMany {
    fn into_response(self) -> Response {
        let mut response = AppError::TooMany.into_response();
        let seconds = self.retry_after.as_secs().max(1);
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(seconds));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn behind_a_proxy_the_address_it_added_counts_not_what_the_client_wrote() {
        let limits = RateLimits::new(ClientKey::Forwarded, 1, 0);
        let proxy = Some("10.0.0.2".parse().unwrap());
        assert!(limits
            .check_login(proxy, &forwarded("1.1.1.1, 192.0.2.7"))
            .is_ok());
        // The same client, whatever it claims first: refused.
        assert!(limits
            .check_login(proxy, &forwarded("8.8.8.8, 192.0.2.7"))
            .is_err());
        // Another client behind the same proxy: its own limit.
        assert!(limits.check_login(proxy, &forwarded("192.0.2.8")).is_ok());
        // Look-ups unlimited (0).
        for _ in 0..5 {
            assert!(limits.check_lookup("anna").is_ok());
        }
    }

    #[test]
    fn each_medewerker_has_their_own_look_up_limit_and_off_means_off() {
        let limits = RateLimits::new(ClientKey::Off, 1, 2);
        assert!(limits.check_lookup("anna").is_ok());
        assert!(limits.check_lookup("anna").is_ok());
        let refused = limits.check_lookup("anna").unwrap_err();
        assert!(refused.retry_after > Duration::ZERO);
        assert!(limits.check_lookup("bram").is_ok());
        let peer = Some("192.0.2.1".parse().unwrap());
        for _ in 0..5 {
            assert!(limits.check_login(peer, &HeaderMap::new()).is_ok());
        }
    }
}
