//! The login in progress (state, nonce, PKCE verifier) between `/auth/…/login` and the
//! callback, kept in the browser in an encrypted, authenticated cookie (AES-256-GCM, the
//! `cookie` crate's private jar) rather than in a server-side session. So starting a login
//! costs the portal no memory: anonymous visitors create no sessions at all, and a session
//! exists only after a verified login.
//!
//! The cookie is `HttpOnly`, `SameSite=Lax` (the provider's redirect back is a top-level
//! cross-site GET, which Lax allows), `Secure` over https, limited to `/auth/`, and lives
//! [`LIFETIME`]; the time it was made is inside, encrypted, and checked at the callback.
//! The callback removes it: a login in progress can be used once.

use serde::{Deserialize, Serialize};
use tower_cookies::{
    cookie::{time::Duration as CookieDuration, SameSite},
    Cookie, Cookies, Key,
};

use super::oidc::PendingLogin;

/// The cookie's name (over https with the `__Secure-` prefix: the browser takes it only
/// when it is `Secure`; `__Host-` would need path `/`).
pub const COOKIE: &str = "mijnzaken_login";
const SECURE_COOKIE: &str = "__Secure-mijnzaken_login";

/// How long a login may take at the provider.
pub const LIFETIME: time::Duration = time::Duration::minutes(10);

/// What the cookie holds.
#[derive(Serialize, Deserialize)]
struct Sealed {
    pending: PendingLogin,
    /// Unix seconds when the login started.
    started: i64,
    /// The page to return to after the login (checked before it was sealed).
    #[serde(default)]
    back: Option<String>,
}

/// A login in progress as the callback takes it.
pub struct Taken {
    /// State, nonce and PKCE verifier.
    pub pending: PendingLogin,
    /// The page to return to after the login, when one was asked for.
    pub back: Option<String>,
}

/// Seals and opens the pending-login cookie with the portal's cookie key.
pub struct PendingLogins {
    key: Key,
    secure: bool,
}

impl std::fmt::Debug for PendingLogins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogins")
            .field("secure", &self.secure)
            .finish_non_exhaustive()
    }
}

impl PendingLogins {
    fn name(&self) -> &'static str {
        if self.secure {
            SECURE_COOKIE
        } else {
            COOKIE
        }
    }

    /// With `key` (64 bytes: `MIJNZAKEN_COOKIE_KEY`, or made at start), `Secure` cookies
    /// when the portal is reached over https.
    pub fn new(key: Key, secure: bool) -> Self {
        Self { key, secure }
    }

    /// Remembers `pending` (and the page to return to) in the browser, replacing a login
    /// started before.
    pub fn store(
        &self,
        cookies: &Cookies,
        pending: PendingLogin,
        back: Option<String>,
    ) -> anyhow::Result<()> {
        let sealed = Sealed {
            pending,
            started: time::OffsetDateTime::now_utc().unix_timestamp(),
            back,
        };
        let cookie = Cookie::build((self.name(), serde_json::to_string(&sealed)?))
            .path("/auth/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .max_age(CookieDuration::seconds(LIFETIME.whole_seconds()))
            .build();
        cookies.private(&self.key).add(cookie);
        Ok(())
    }

    /// Takes the login in progress: removes the cookie, and returns what it held when it
    /// opens with our key (so it was made by us and not changed) and is not too old.
    pub fn take(&self, cookies: &Cookies) -> Option<Taken> {
        let private = cookies.private(&self.key);
        let cookie = private.get(self.name());
        let removal = Cookie::build((self.name(), ""))
            .path("/auth/")
            .secure(self.secure)
            .build();
        cookies.remove(removal);
        let sealed: Sealed = serde_json::from_str(cookie?.value()).ok()?;
        let age = time::OffsetDateTime::now_utc().unix_timestamp() - sealed.started;
        (0..=LIFETIME.whole_seconds())
            .contains(&age)
            .then_some(Taken {
                pending: sealed.pending,
                back: sealed.back,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The login cookie as the browser sends it back with its next request.
    fn sent_back(cookies: &Cookies) -> Cookies {
        let browser = Cookies::default();
        if let Some(cookie) = cookies.get(SECURE_COOKIE) {
            browser.add(Cookie::new(SECURE_COOKIE, cookie.value().to_owned()));
        }
        browser
    }

    #[test]
    fn a_login_in_progress_is_sealed_taken_once_and_expires() {
        let logins = PendingLogins::new(Key::generate(), true);
        let cookies = Cookies::default();
        logins
            .store(
                &cookies,
                PendingLogin::example("digid"),
                Some("/zaken/1".into()),
            )
            .unwrap();
        let sealed = cookies.get(SECURE_COOKIE).unwrap();
        assert!(!sealed.value().contains("state-1"), "encrypted");
        assert_eq!(sealed.secure(), Some(true));

        let browser = sent_back(&cookies);
        let taken = logins.take(&browser).expect("it opens");
        assert!(taken.pending.state_matches("state-1"));
        assert_eq!(taken.back.as_deref(), Some("/zaken/1"));
        assert!(logins.take(&browser).is_none(), "taken once");

        // Another portal's key, or a changed value, does not open it.
        let other = PendingLogins::new(Key::generate(), true);
        assert!(other.take(&sent_back(&cookies)).is_none());
        let changed = Cookies::default();
        changed.add(Cookie::new(SECURE_COOKIE, "eyJ9"));
        assert!(logins.take(&changed).is_none());

        // Sealed longer ago than its lifetime (the browser kept it anyway): refused.
        let old = Cookies::default();
        let sealed = Sealed {
            pending: PendingLogin::example("digid"),
            started: time::OffsetDateTime::now_utc().unix_timestamp()
                - LIFETIME.whole_seconds()
                - 1,
            back: None,
        };
        old.private(&logins.key).add(Cookie::new(
            SECURE_COOKIE,
            serde_json::to_string(&sealed).unwrap(),
        ));
        assert!(logins.take(&sent_back(&old)).is_none(), "too old");
    }
}
