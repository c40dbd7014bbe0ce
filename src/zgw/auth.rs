//! The JWT the ZGW APIs expect: HS256 over `iss`, `iat`, `client_id`, `user_id` and
//! `user_representation`, signed with the shared secret.
//!
//! Open Zaak refuses a token whose `iat` is more than an hour old, so tokens are made
//! fresh and reused for at most [`REUSE`]. The claims name the portal, never the citizen:
//! the BSN goes only into the query that needs it.

use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret as _, SecretString};
use sha2::Sha256;

/// How long one token is reused: well inside Open Zaak's one-hour `iat` window, and short
/// enough that clock skew between us and the upstream cannot push it over.
pub const REUSE: Duration = Duration::from_secs(300);

/// Signs `header.payload` with HS256 and returns the compact JWT.
pub fn sign_hs256(header: &serde_json::Value, claims: &serde_json::Value, secret: &[u8]) -> String {
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// Makes and caches the bearer token.
pub struct TokenSource {
    client_id: String,
    secret: SecretString,
    cached: Mutex<Option<(Instant, String)>>,
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSource")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl TokenSource {
    /// A token source for this client id and secret.
    pub fn new(client_id: String, secret: SecretString) -> Self {
        Self {
            client_id,
            secret,
            cached: Mutex::new(None),
        }
    }

    /// A valid token: the cached one while it is younger than [`REUSE`], else a new one.
    pub fn token(&self) -> String {
        let mut cached = self
            .cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((made, token)) = cached.as_ref() {
            if made.elapsed() < REUSE {
                return token.clone();
            }
        }
        let token = self.make();
        *cached = Some((Instant::now(), token.clone()));
        token
    }

    fn make(&self) -> String {
        let iat = time::OffsetDateTime::now_utc().unix_timestamp();
        let header =
            serde_json::json!({"alg": "HS256", "typ": "JWT", "client_identifier": self.client_id});
        let claims = serde_json::json!({
            "iss": self.client_id,
            "iat": iat,
            "client_id": self.client_id,
            "user_id": self.client_id,
            "user_representation": "MijnZaken",
        });
        sign_hs256(&header, &claims, self.secret.expose_secret().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_a_valid_hs256_jwt_with_the_portal_claims() {
        let source = TokenSource::new("mijnzaken".into(), SecretString::from("geheim"));
        let token = source.token();
        let parts: Vec<_> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["alg"], "HS256");
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["iss"], "mijnzaken");
        assert_eq!(claims["client_id"], "mijnzaken");
        assert_eq!(claims["user_representation"], "MijnZaken");
        let age =
            time::OffsetDateTime::now_utc().unix_timestamp() - claims["iat"].as_i64().unwrap();
        assert!((0..5).contains(&age));
        let mut mac = Hmac::<Sha256>::new_from_slice(b"geheim").unwrap();
        mac.update(format!("{}.{}", parts[0], parts[1]).as_bytes());
        mac.verify_slice(&URL_SAFE_NO_PAD.decode(parts[2]).unwrap())
            .expect("signature verifies");
        assert_eq!(source.token(), token, "reused within the window");
    }
}
