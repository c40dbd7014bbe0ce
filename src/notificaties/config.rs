//! The webhook's settings: where the gemeente's Notificaties API delivers, and the
//! `Authorization` value it must send (the one registered with the abonnement).

use secrecy::{ExposeSecret as _, SecretString};
use url::Url;

use crate::env::{parse_base_url, ConfigError, Env};

/// `MIJNZAKEN_NOTIFICATIES_AUTH`: the `Authorization` header value the Notificaties API
/// sends with every notification; the webhook is off without it.
pub const AUTH_VAR: &str = "MIJNZAKEN_NOTIFICATIES_AUTH";
/// `MIJNZAKEN_NOTIFICATIES_PATH`: the webhook's path.
pub const PATH_VAR: &str = "MIJNZAKEN_NOTIFICATIES_PATH";

/// `MIJNZAKEN_NOTIFICATIES_API_URL`: the gemeente's Notificaties API, to subscribe at.
pub const API_URL_VAR: &str = "MIJNZAKEN_NOTIFICATIES_API_URL";
/// `MIJNZAKEN_NOTIFICATIES_CLIENT_ID`: the portal's client id there.
pub const CLIENT_ID_VAR: &str = "MIJNZAKEN_NOTIFICATIES_CLIENT_ID";
/// `MIJNZAKEN_NOTIFICATIES_SECRET`: its secret.
pub const SECRET_VAR: &str = "MIJNZAKEN_NOTIFICATIES_SECRET";
/// `MIJNZAKEN_NOTIFICATIES_CALLBACK_URL`: where the Notificaties API reaches the webhook,
/// when that is not the public URL (an internal address, say).
pub const CALLBACK_URL_VAR: &str = "MIJNZAKEN_NOTIFICATIES_CALLBACK_URL";
/// `MIJNZAKEN_NOTIFICATIES_ABONNEREN`: ensure the subscription when the portal starts.
pub const SUBSCRIBE_AT_START_VAR: &str = "MIJNZAKEN_NOTIFICATIES_ABONNEREN";

const DEFAULT_PATH: &str = "/api/notificaties";

/// The shortest `Authorization` value accepted: it is the webhook's only credential.
const MIN_AUTH_LEN: usize = 32;

/// The paths the portal's own pages use; the webhook may not sit under one of them.
const TAKEN: [&str; 12] = [
    "/zaken",
    "/kcc",
    "/auth",
    "/static",
    "/demo",
    "/inzage",
    "/healthz",
    "/readyz",
    "/uitgelogd",
    "/contact",
    "/privacy",
    "/toegankelijkheid",
];

/// The webhook's settings.
#[derive(Debug, Clone, Default)]
pub struct NotificatiesSettings {
    /// `None`: no webhook (the portal does not take notifications).
    pub webhook: Option<Webhook>,
    /// Where to subscribe; `None` when the gemeente registers the abonnement itself.
    pub abonnement: Option<AbonnementSettings>,
}

/// The subscription at the gemeente's Notificaties API. `Debug` never shows the secret.
#[derive(Debug, Clone)]
pub struct AbonnementSettings {
    /// The Notificaties API's root (ends in `/`), such as
    /// `https://notificaties.gemeente.nl/api/v1/`.
    pub api: Url,
    /// The portal's client id at the Notificaties API.
    pub client_id: String,
    /// The secret that signs its JWTs.
    pub secret: SecretString,
    /// The webhook's URL as the Notificaties API reaches it.
    pub callback: Url,
    /// Ensure the subscription when the portal starts (and keep trying in the background
    /// until it is there).
    pub at_start: bool,
}

/// Where and how notifications are taken. `Debug` never shows the secret.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The path of the `POST` route, such as `/api/notificaties`.
    pub path: String,
    /// The exact `Authorization` header value to expect.
    pub auth: SecretString,
}

impl NotificatiesSettings {
    /// From the `MIJNZAKEN_NOTIFICATIES_…` variables; the callback URL defaults to the
    /// webhook's path under `public_url`. The error never repeats a secret.
    pub fn from_lookup(
        lookup: &dyn Fn(&str) -> Option<String>,
        public_url: &Url,
    ) -> Result<Self, ConfigError> {
        let env = Env { lookup };
        let Some(auth) = env.string(AUTH_VAR) else {
            for var in [API_URL_VAR, CLIENT_ID_VAR, SECRET_VAR, CALLBACK_URL_VAR] {
                if env.string(var).is_some() {
                    return Err(ConfigError::new(
                        AUTH_VAR,
                        format!("is required with {var}: the subscription registers it"),
                    ));
                }
            }
            return Ok(Self::default());
        };
        if auth.chars().count() < MIN_AUTH_LEN || auth.chars().any(char::is_control) {
            return Err(ConfigError::new(
                AUTH_VAR,
                format!(
                    "expected at least {MIN_AUTH_LEN} characters without line breaks, such as \
                     \"Token \" followed by a long random value (`openssl rand -hex 32`)"
                ),
            ));
        }
        let path = env.parse(PATH_VAR, DEFAULT_PATH, parse_path)?;
        let abonnement = match env.string(API_URL_VAR) {
            None => None,
            Some(api) => {
                let api = parse_base_url(&api).map_err(|m| ConfigError::new(API_URL_VAR, m))?;
                let required = |var: &'static str| {
                    env.string(var).ok_or_else(|| {
                        ConfigError::new(var, format!("is required with {API_URL_VAR}"))
                    })
                };
                let client_id = required(CLIENT_ID_VAR)?;
                let secret = SecretString::from(required(SECRET_VAR)?);
                let callback = match env.string(CALLBACK_URL_VAR) {
                    Some(url) => Url::parse(&url)
                        .ok()
                        .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
                        .ok_or_else(|| {
                            ConfigError::new(CALLBACK_URL_VAR, "expected an absolute http(s) URL")
                        })?,
                    None => public_url
                        .join(path.trim_start_matches('/'))
                        .map_err(|e| ConfigError::new(PATH_VAR, e.to_string()))?,
                };
                Some(AbonnementSettings {
                    api,
                    client_id,
                    secret,
                    callback,
                    at_start: env.bool(SUBSCRIBE_AT_START_VAR, false)?,
                })
            }
        };
        if abonnement.is_none() && env.bool(SUBSCRIBE_AT_START_VAR, false)? {
            return Err(ConfigError::new(
                SUBSCRIBE_AT_START_VAR,
                format!("needs {API_URL_VAR}: where to subscribe"),
            ));
        }
        Ok(Self {
            webhook: Some(Webhook {
                path,
                auth: SecretString::from(auth),
            }),
            abonnement,
        })
    }
}

impl Webhook {
    /// Whether `value` is the configured `Authorization` value, compared in constant time
    /// (of the value's length), so that the time of an answer does not tell how much of a
    /// guess was right.
    pub fn authorizes(&self, value: &[u8]) -> bool {
        use subtle::ConstantTimeEq as _;
        self.auth.expose_secret().as_bytes().ct_eq(value).into()
    }
}

fn parse_path(value: &str) -> Result<String, String> {
    let valid = value.starts_with('/')
        && value.len() > 1
        && !value.ends_with('/')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        && !value.contains("//")
        && !value.contains("/.");
    if !valid {
        return Err("expected a path such as /api/notificaties".to_owned());
    }
    if TAKEN
        .iter()
        .any(|taken| value == *taken || value.starts_with(&format!("{taken}/")))
    {
        return Err(format!("{value} is under a path of the portal's own pages"));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<NotificatiesSettings, ConfigError> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let public = Url::parse("https://mijnzaken.example.nl/").unwrap();
        NotificatiesSettings::from_lookup(&|key| map.get(key).cloned(), &public)
    }

    const AUTH: &str = "Token 0123456789abcdef0123456789abcdef";

    #[test]
    fn without_an_auth_value_there_is_no_webhook() {
        assert!(settings(&[]).unwrap().webhook.is_none());
        let webhook = settings(&[(AUTH_VAR, AUTH)]).unwrap().webhook.unwrap();
        assert_eq!(webhook.path, "/api/notificaties");
        assert!(webhook.authorizes(AUTH.as_bytes()));
        assert!(!webhook.authorizes(b"Token 0123456789abcdef0123456789abcdeF"));
        assert!(!webhook.authorizes(b""));
        assert!(
            !format!("{webhook:?}").contains("0123456789"),
            "no secret in Debug"
        );
    }

    #[test]
    fn a_short_secret_or_a_path_of_the_portal_is_refused() {
        let short = settings(&[(AUTH_VAR, "Token kort")]).unwrap_err();
        assert_eq!(short.key, AUTH_VAR);
        assert!(
            !short.message.contains("kort"),
            "the secret is not repeated"
        );
        for path in [
            "/zaken/notificaties",
            "api",
            "/api/",
            "/a//b",
            "/a/../b",
            "/demo",
            "/",
            "/privacy",
        ] {
            let error = settings(&[(AUTH_VAR, AUTH), (PATH_VAR, path)]).unwrap_err();
            assert_eq!(error.key, PATH_VAR, "{path}");
        }
        let other = settings(&[(AUTH_VAR, AUTH), (PATH_VAR, "/hooks/zgw-notificaties")])
            .unwrap()
            .webhook
            .unwrap();
        assert_eq!(other.path, "/hooks/zgw-notificaties");
    }

    #[test]
    fn the_subscription_needs_its_credentials_and_calls_back_on_the_public_url() {
        let api = (API_URL_VAR, "https://nrc.example.nl/api/v1");
        let with = |extra: &[(&str, &str)]| {
            let mut pairs = vec![(AUTH_VAR, AUTH), api];
            pairs.extend_from_slice(extra);
            settings(&pairs)
        };
        assert_eq!(with(&[]).unwrap_err().key, CLIENT_ID_VAR);
        assert_eq!(
            with(&[(CLIENT_ID_VAR, "mijnzaken")]).unwrap_err().key,
            SECRET_VAR
        );
        let full = with(&[(CLIENT_ID_VAR, "mijnzaken"), (SECRET_VAR, "geheim-geheim")])
            .unwrap()
            .abonnement
            .unwrap();
        assert_eq!(full.api.as_str(), "https://nrc.example.nl/api/v1/");
        assert_eq!(
            full.callback.as_str(),
            "https://mijnzaken.example.nl/api/notificaties"
        );
        assert!(!full.at_start);
        assert!(!format!("{full:?}").contains("geheim-geheim"));
        let internal = with(&[
            (CLIENT_ID_VAR, "mijnzaken"),
            (SECRET_VAR, "geheim-geheim"),
            (
                CALLBACK_URL_VAR,
                "http://mijnzaken.intern:8080/api/notificaties",
            ),
            (SUBSCRIBE_AT_START_VAR, "1"),
        ])
        .unwrap()
        .abonnement
        .unwrap();
        assert_eq!(
            internal.callback.as_str(),
            "http://mijnzaken.intern:8080/api/notificaties"
        );
        assert!(internal.at_start);
        // Subscribing without the value to register, or at start without an API: refused.
        assert_eq!(settings(&[api]).unwrap_err().key, AUTH_VAR);
        assert_eq!(
            settings(&[(AUTH_VAR, AUTH), (SUBSCRIBE_AT_START_VAR, "1")])
                .unwrap_err()
                .key,
            SUBSCRIBE_AT_START_VAR
        );
    }
}
