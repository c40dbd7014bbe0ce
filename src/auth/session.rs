//! The typed session: the keys stay in here; handlers see a `User` or nothing.
//!
//! The cookie is `HttpOnly`, `SameSite=Lax` (not `Strict`: after the redirect back from
//! DigiD, a cross-site navigation, a `Strict` cookie would be withheld and the login would
//! loop), `Secure` over https, host-only with path `/`. The store keeps a session for the
//! idle timeout (renewed on every request); the absolute lifetime is checked here.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::User;

const LOGIN: &str = "login";
const CSRF: &str = "csrf";
const LOOKUP: &str = "kcc_lookup";

/// A medewerker's look-up in progress: whose zaken, for which gemeente, and why. It is
/// written to the audit trail before it is stored here.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActiveLookup {
    /// The medewerker who started it (their id at the provider). Only they may use it; a
    /// session from before this field has none, and its look-up is refused.
    #[serde(default)]
    pub medewerker: String,
    /// The person or company looked up (an ondernemer by KVK-nummer only).
    pub subject: crate::domain::Betrokkene,
    /// The gemeente's code.
    pub gemeente: String,
    /// The chosen reason.
    pub reden: String,
    /// The medewerker's own words, when given.
    pub toelichting: Option<String>,
}

/// The session cookie's name. Over https it has the `__Host-` prefix: the browser then
/// takes it only when it is `Secure`, has path `/` and no `Domain`, so a sibling site on
/// another subdomain (or a network attacker over plain http) cannot plant or shadow it.
pub fn session_cookie(https: bool) -> &'static str {
    if https {
        "__Host-mijnzaken_sessie"
    } else {
        "mijnzaken_sessie"
    }
}

/// The name of the cookie that tells an expired session from no session (prefixed like
/// the session cookie). It says only "was logged in on this browser"; it holds nothing
/// else.
pub fn marker_cookie(https: bool) -> &'static str {
    if https {
        "__Host-mijnzaken_ingelogd"
    } else {
        "mijnzaken_ingelogd"
    }
}

/// What the session holds after a login.
#[derive(Clone, Serialize, Deserialize)]
struct Login {
    user: User,
    provider: String,
    id_token: String,
    at: i64,
}

/// A new CSRF token: 32 random bytes, hex.
fn fresh_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// Session access with typed keys.
pub struct TypedSession(pub Session);

impl TypedSession {
    /// Stores a completed login under a new session id (against session fixation), in a
    /// session emptied first: nothing of a previous login in this browser (a medewerker's
    /// look-up, a CSRF token) carries over to the new one.
    pub async fn log_in(&self, user: User, provider: &str, id_token: String) -> anyhow::Result<()> {
        self.0.clear().await;
        self.0.cycle_id().await?;
        let login = Login {
            user,
            provider: provider.to_owned(),
            id_token,
            at: time::OffsetDateTime::now_utc().unix_timestamp(),
        };
        self.0.insert(LOGIN, login).await?;
        // The CSRF token is made now, not on first use: two pages loading side by side
        // would each make one, and only one of their saves can win (see `store`).
        self.0.insert(CSRF, fresh_token()).await?;
        Ok(())
    }

    /// The logged-in user, unless the absolute lifetime of `max_seconds` has passed (then
    /// the session is ended).
    pub async fn user(&self, max_seconds: i64) -> anyhow::Result<Option<User>> {
        let login = match self.0.get::<Login>(LOGIN).await {
            Ok(login) => login,
            // A login stored by an earlier version, in a shape this one cannot read: the
            // user logs in again rather than meeting an error page.
            Err(tower_sessions::session::Error::SerdeJson(_)) => {
                tracing::info!("a session from an earlier version was ended");
                self.0.flush().await?;
                return Ok(None);
            }
            Err(error) => return Err(error.into()),
        };
        let Some(login) = login else {
            return Ok(None);
        };
        if time::OffsetDateTime::now_utc().unix_timestamp() - login.at > max_seconds {
            self.0.flush().await?;
            return Ok(None);
        }
        Ok(Some(login.user))
    }

    /// Ends the session; returns the provider and ID token, for the provider's logout.
    pub async fn log_out(&self) -> anyhow::Result<Option<(String, String)>> {
        // A login this version cannot read still ends here (without its provider logout).
        let login = self.0.get::<Login>(LOGIN).await.ok().flatten();
        self.0.flush().await?;
        Ok(login.map(|l| (l.provider, l.id_token)))
    }

    /// The medewerker's active look-up.
    pub async fn lookup(&self) -> anyhow::Result<Option<ActiveLookup>> {
        Ok(self.0.get(LOOKUP).await?)
    }

    /// Starts (or replaces) the medewerker's look-up.
    pub async fn set_lookup(&self, lookup: ActiveLookup) -> anyhow::Result<()> {
        Ok(self.0.insert(LOOKUP, lookup).await?)
    }

    /// Ends the medewerker's look-up.
    pub async fn end_lookup(&self) -> anyhow::Result<()> {
        self.0.remove::<ActiveLookup>(LOOKUP).await?;
        Ok(())
    }

    /// The synchronizer token for forms, made on first use.
    pub async fn csrf_token(&self) -> anyhow::Result<String> {
        if let Some(token) = self.0.get::<String>(CSRF).await? {
            return Ok(token);
        }
        let token = fresh_token();
        self.0.insert(CSRF, token.clone()).await?;
        Ok(token)
    }

    /// Whether `token` is this session's CSRF token (constant-time comparison).
    pub async fn csrf_matches(&self, token: &str) -> anyhow::Result<bool> {
        let Some(expected) = self.0.get::<String>(CSRF).await? else {
            return Ok(false);
        };
        let (a, b) = (expected.as_bytes(), token.as_bytes());
        Ok(a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[tokio::test]
    async fn a_login_stored_in_an_older_shape_is_logged_out_not_an_error() {
        let store = Arc::new(crate::auth::store::MemoryStore::default());
        let session = Session::new(None, store, None);
        // What an earlier version stored: `User::Inwoner { bsn }` instead of `Citizen`.
        session
            .insert(
                LOGIN,
                serde_json::json!({
                    "user": {"Inwoner": {"bsn": "999993653"}},
                    "provider": "digid",
                    "id_token": "x",
                    "at": 0
                }),
            )
            .await
            .unwrap();
        let typed = TypedSession(session);
        assert!(typed.user(i64::MAX).await.unwrap().is_none());
        assert!(typed.log_out().await.unwrap().is_none());
    }
}
