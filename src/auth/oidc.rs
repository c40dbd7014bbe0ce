//! The OpenID Connect relying party, on the `openidconnect` crate: discovery from the
//! issuer, authorization code flow with PKCE (S256), `state` and `nonce`, and ID token
//! validation (signature, issuer, audience, expiry, nonce). Identity claims are read from
//! the verified ID token and, when absent there, from userinfo.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use openidconnect::{
    core::{CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod},
    AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IssuerUrl, LogoutRequest, Nonce, OAuth2TokenResponse as _,
    PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout,
    RedirectUrl, Scope, TokenResponse as _,
};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

/// How long discovered metadata (and keys) are reused before asking the issuer again.
const METADATA_TTL: Duration = Duration::from_secs(3600);

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

struct Discovered {
    client: Client,
    end_session: Option<Url>,
    at: Instant,
}

/// One configured identity provider.
pub struct OidcProvider {
    issuer: Url,
    client_id: String,
    client_secret: SecretString,
    scopes: Vec<String>,
    redirect_uri: Url,
    /// Whether the logout sends `id_token_hint` (else `client_id`).
    logout_id_token_hint: bool,
    http: openidconnect::reqwest::Client,
    discovered: tokio::sync::Mutex<Option<Arc<Discovered>>>,
    /// Told the end-session endpoint whenever the metadata is (re)discovered.
    on_end_session: Option<EndSessionHook>,
}

/// What is told a provider's end-session endpoint (the CSP's `form-action` list).
pub type EndSessionHook = Arc<dyn Fn(&Url) + Send + Sync>;

/// How far in the future an ID token's `iat` may lie: the provider's clock may run a little
/// ahead of ours, no more.
const MAX_CLOCK_SKEW_SECONDS: i64 = 300;

/// Whether an ID token issued at `iat` (unix seconds) may be used `now`: not from the
/// future beyond the clock skew (a token minted ahead of time, or a provider whose clock is
/// wrong). Its `exp` limits the other side.
fn issued_at_acceptable(iat: i64, now: i64) -> Result<(), String> {
    if iat > now.saturating_add(MAX_CLOCK_SKEW_SECONDS) {
        Err(format!(
            "issued {} s in the future",
            iat.saturating_sub(now)
        ))
    } else {
        Ok(())
    }
}

/// What a login in progress keeps until the callback (in an encrypted cookie, see
/// `auth::pending`).
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    /// The provider's route name (`digid`, `eherkenning`).
    pub provider: String,
    state: String,
    nonce: String,
    verifier: String,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

impl PendingLogin {
    /// A login in progress with made-up secrets, for tests.
    #[cfg(test)]
    pub(crate) fn example(provider: &str) -> Self {
        Self {
            provider: provider.to_owned(),
            state: "state-1".to_owned(),
            nonce: "nonce-1".to_owned(),
            verifier: "verifier-1".to_owned(),
        }
    }

    /// Whether `state` is the one this login sent, compared in constant time.
    pub fn state_matches(&self, state: &str) -> bool {
        let (a, b) = (self.state.as_bytes(), state.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// A verified login: the claims and the ID token (for the logout hint).
pub struct Verified {
    /// ID token claims, completed from userinfo where the ID token lacks them.
    pub claims: Map<String, Value>,
    /// The signed ID token's own claims: where the level of assurance is read, never from
    /// userinfo, which is not signed.
    pub id_token_claims: Map<String, Value>,
    /// The raw ID token.
    pub id_token: String,
}

/// Why a login with the provider failed.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// Discovery, the token endpoint or userinfo could not be used.
    #[error("the identity provider cannot be used: {0}")]
    Provider(String),
    /// The provider refused the code, or the ID token did not verify.
    #[error("the login did not verify: {0}")]
    Rejected(String),
}

impl OidcProvider {
    /// A provider; nothing is fetched until the first login.
    pub fn new(
        issuer: Url,
        client_id: String,
        client_secret: SecretString,
        scopes: Vec<String>,
        redirect_uri: Url,
        logout_id_token_hint: bool,
        timeout: Duration,
    ) -> anyhow::Result<Self> {
        let http = openidconnect::reqwest::Client::builder()
            // Following redirects from the provider would open the door to SSRF.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(timeout)
            .build()?;
        Ok(Self {
            issuer,
            client_id,
            client_secret,
            scopes,
            redirect_uri,
            logout_id_token_hint,
            http,
            discovered: tokio::sync::Mutex::new(None),
            on_end_session: None,
        })
    }

    /// Tells `hook` the end-session endpoint each time the metadata is discovered.
    pub fn with_end_session_hook(mut self, hook: EndSessionHook) -> Self {
        self.on_end_session = Some(hook);
        self
    }

    /// Fetches the provider's metadata now rather than at the first login, so that its
    /// end-session endpoint is known (and allowed by the CSP) before the first logout.
    pub async fn discover(&self) -> Result<(), OidcError> {
        self.discovered().await.map(|_| ())
    }

    /// Whether `iss` names this provider's issuer (trailing slashes aside).
    pub fn is_issuer(&self, iss: &str) -> bool {
        iss.trim_end_matches('/') == self.issuer.as_str().trim_end_matches('/')
    }

    async fn discovered(&self) -> Result<Arc<Discovered>, OidcError> {
        let mut cached = self.discovered.lock().await;
        if let Some(d) = cached.as_ref().filter(|d| d.at.elapsed() < METADATA_TTL) {
            return Ok(d.clone());
        }
        // The issuer URL is configured without a trailing slash as brokers publish it.
        let issuer = IssuerUrl::new(self.issuer.as_str().trim_end_matches('/').to_owned())
            .map_err(|e| OidcError::Provider(e.to_string()))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Provider(format!("discovery failed: {e}")))?;
        let end_session = metadata
            .additional_metadata()
            .end_session_endpoint
            .as_ref()
            .map(|u| u.url().clone());
        if let (Some(hook), Some(url)) = (&self.on_end_session, &end_session) {
            hook(url);
        }
        let post_only = metadata
            .token_endpoint_auth_methods_supported()
            .is_some_and(|methods| {
                methods.contains(&CoreClientAuthMethod::ClientSecretPost)
                    && !methods.contains(&CoreClientAuthMethod::ClientSecretBasic)
            });
        let redirect = RedirectUrl::from_url(self.redirect_uri.clone());
        let mut client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.client_id.clone()),
            Some(ClientSecret::new(
                self.client_secret.expose_secret().to_owned(),
            )),
        )
        .set_redirect_uri(redirect);
        if post_only {
            client = client.set_auth_type(AuthType::RequestBody);
        }
        let discovered = Arc::new(Discovered {
            client,
            end_session,
            at: Instant::now(),
        });
        *cached = Some(discovered.clone());
        Ok(discovered)
    }

    /// The URL to send the browser to, and what to keep until the callback.
    pub async fn start(&self, provider: &str) -> Result<(Url, PendingLogin), OidcError> {
        let discovered = self.discovered().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = discovered
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok((
            url,
            PendingLogin {
                provider: provider.to_owned(),
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                verifier: verifier.secret().clone(),
            },
        ))
    }

    /// Exchanges the code and verifies the ID token against the pending login.
    pub async fn finish(&self, code: String, pending: PendingLogin) -> Result<Verified, OidcError> {
        let discovered = self.discovered().await?;
        let token = discovered
            .client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Provider(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Rejected(format!("token request: {e}")))?;
        let id_token = token
            .id_token()
            .ok_or_else(|| OidcError::Rejected("no ID token".into()))?;
        let verifier = discovered
            .client
            .id_token_verifier()
            .set_issue_time_verifier_fn(|iat| {
                issued_at_acceptable(
                    iat.timestamp(),
                    time::OffsetDateTime::now_utc().unix_timestamp(),
                )
            });
        let verified = id_token
            .claims(&verifier, &Nonce::new(pending.nonce))
            .map_err(|e| OidcError::Rejected(format!("ID token: {e}")))?;
        let subject = verified.subject().clone();
        let raw = id_token.to_string();
        // The token verified, so its payload can be read for the claims the typed
        // verifier does not model (bsn, kvk, acr as the broker names them).
        let id_token_claims = jwt_payload(&raw)
            .ok_or_else(|| OidcError::Rejected("unreadable ID token payload".into()))?;
        let mut claims = id_token_claims.clone();
        if let Ok(request) = discovered
            .client
            .user_info(token.access_token().clone(), Some(subject))
        {
            let info: Result<
                openidconnect::UserInfoClaims<AllClaims, openidconnect::core::CoreGenderClaim>,
                _,
            > = request.request_async(&self.http).await;
            match info {
                Ok(info) => {
                    for (key, value) in info.additional_claims().0.iter() {
                        claims.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
                Err(error) => {
                    let message = "userinfo failed; using the ID token's claims only";
                    tracing::warn!(error = %error, message)
                }
            }
        }
        Ok(Verified {
            claims,
            id_token_claims,
            id_token: raw,
        })
    }

    /// Where to send the browser to end the session at the provider, if it supports that.
    ///
    /// RP-initiated logout with `client_id` and `post_logout_redirect_uri`: the provider
    /// knows the user from its own session. The ID token goes along as `id_token_hint`
    /// only when configured for a broker that requires it, because a GET puts it (and the
    /// BSN in it) in the browser's history and in proxy logs.
    pub async fn logout_url(&self, id_token: &str, post_logout: &Url) -> Option<Url> {
        let discovered = self.discovered().await.ok()?;
        let end_session = discovered.end_session.clone()?;
        let request = LogoutRequest::from(openidconnect::EndSessionUrl::from_url(end_session))
            .set_post_logout_redirect_uri(PostLogoutRedirectUrl::from_url(post_logout.clone()));
        let request = if self.logout_id_token_hint {
            let hint: openidconnect::core::CoreIdToken = id_token.parse().ok()?;
            request.set_id_token_hint(&hint)
        } else {
            request.set_client_id(ClientId::new(self.client_id.clone()))
        };
        Some(request.http_get_url())
    }
}

/// Every claim, as a map.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(transparent)]
struct AllClaims(Map<String, Value>);
impl openidconnect::AdditionalClaims for AllClaims {}

fn jwt_payload(token: &str) -> Option<Map<String, Value>> {
    use base64::Engine as _;
    let part = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The value at a dotted path (`aanvrager.bsn`), as a string; numbers are accepted.
pub fn claim(claims: &Map<String, Value>, path: &str) -> Option<String> {
    let mut parts = path.split('.');
    let mut value = claims.get(parts.next()?)?;
    for part in parts {
        value = value.get(part)?;
    }
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A claim that may be one string or a list of strings (roles, groups), as strings.
pub fn claim_values(claims: &Map<String, Value>, path: &str) -> Vec<String> {
    let mut parts = path.split('.');
    let Some(mut value) = parts.next().and_then(|first| claims.get(first)) else {
        return Vec::new();
    };
    for part in parts {
        match value.get(part) {
            Some(v) => value = v,
            None => return Vec::new(),
        }
    }
    match value {
        Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_id_token_from_the_future_is_refused_beyond_the_clock_skew() {
        let now = 1_800_000_000;
        assert!(issued_at_acceptable(now, now).is_ok());
        assert!(
            issued_at_acceptable(now - 3600, now).is_ok(),
            "exp judges age"
        );
        assert!(issued_at_acceptable(now + MAX_CLOCK_SKEW_SECONDS, now).is_ok());
        assert!(issued_at_acceptable(now + MAX_CLOCK_SKEW_SECONDS + 1, now).is_err());
        assert!(issued_at_acceptable(i64::MAX, now).is_err());
        assert!(
            issued_at_acceptable(i64::MIN, i64::MAX).is_ok(),
            "no overflow"
        );
    }

    use super::*;

    #[test]
    fn claims_are_found_by_dotted_path() {
        let claims: Map<String, Value> = serde_json::from_value(
            serde_json::json!({"bsn": "999993653", "aanvrager": {"bsn": 999991772}, "x": [1]}),
        )
        .unwrap();
        assert_eq!(claim(&claims, "bsn").as_deref(), Some("999993653"));
        assert_eq!(
            claim(&claims, "aanvrager.bsn").as_deref(),
            Some("999991772")
        );
        assert_eq!(claim(&claims, "aanvrager.kvk"), None);
        assert_eq!(claim(&claims, "x"), None);
    }

    #[test]
    fn state_is_compared_exactly() {
        let pending = PendingLogin {
            provider: "digid".into(),
            state: "abc".into(),
            nonce: "n".into(),
            verifier: "v".into(),
        };
        assert!(pending.state_matches("abc"));
        assert!(!pending.state_matches("abd"));
        assert!(!pending.state_matches("ab"));
    }
}
