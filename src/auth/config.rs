//! The logins' and the session's settings (`MIJNZAKEN_DIGID_*`, `MIJNZAKEN_EHERKENNING_*`,
//! `MIJNZAKEN_MEDEWERKER_*`, `MIJNZAKEN_SESSION_*`, `MIJNZAKEN_COOKIE_KEY`; README,
//! "Configuration").

use secrecy::SecretString;
use url::Url;

use super::{store::SessionStoreConfig, ProviderKind};
use crate::env::{parse_base_url, ConfigError, Env};

/// The clients of the demo's logins, which demo mode uses and the demo provider
/// (`src/demo/oidc.rs`) accepts. Public on purpose: they guard demo data only. Here,
/// beside the settings that default to them, so that the settings do not depend on the
/// demo; a build without it has none of them.
#[cfg(feature = "demo")]
pub mod demo {
    /// The demo client of the DigiD login.
    pub const DIGID_CLIENT_ID: &str = "mijnzaken-digid";
    /// Its secret (demo only).
    pub const DIGID_CLIENT_SECRET: &str = "demo-digid-geheim";
    /// The demo client of the eHerkenning login.
    pub const EHERKENNING_CLIENT_ID: &str = "mijnzaken-eherkenning";
    /// Its secret (demo only).
    pub const EHERKENNING_CLIENT_SECRET: &str = "demo-eherkenning-geheim";
    /// The demo client of the medewerker (KCC) login.
    pub const MEDEWERKER_CLIENT_ID: &str = "mijnzaken-medewerker";
    /// Its secret (demo only).
    pub const MEDEWERKER_CLIENT_SECRET: &str = "demo-medewerker-geheim";
}

/// The configured logins and the session's lifetimes and store.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// Every login that is configured (or the demo's), in [`ProviderKind::ALL`] order.
    pub logins: Vec<(ProviderKind, OidcSettings)>,
    /// Session lifetimes, store and cookie key.
    pub session: SessionSettings,
}

impl AuthSettings {
    /// Reads the logins and the session settings; demo mode has the demo's logins only.
    pub fn from_env(env: &Env<'_>, demo: bool) -> Result<Self, ConfigError> {
        let mut logins = Vec::new();
        for kind in ProviderKind::ALL {
            if let Some(login) = login_from_env(env, demo, keys(kind))? {
                logins.push((kind, login));
            }
        }
        Ok(Self {
            logins,
            session: SessionSettings::from_env(env, demo)?,
        })
    }

    /// The login of this kind, when configured.
    pub fn login(&self, kind: ProviderKind) -> Option<&OidcSettings> {
        self.logins.iter().find(|(k, _)| *k == kind).map(|(_, s)| s)
    }

    /// The variables that point a login at a real provider (demo mode refuses them).
    pub fn real_login_variables() -> impl Iterator<Item = &'static str> {
        ProviderKind::ALL.into_iter().flat_map(|kind| {
            let keys = keys(kind);
            [keys.issuer, keys.client_id, keys.client_secret]
        })
    }
}

/// One OIDC login as configured. `issuer: None` means the built-in demo provider.
#[derive(Clone, Debug)]
pub struct OidcSettings {
    /// `MIJNZAKEN_{DIGID,EHERKENNING}_ISSUER_URL`
    pub issuer: Option<Url>,
    /// `…_CLIENT_ID`
    pub client_id: String,
    /// `…_CLIENT_SECRET`
    pub client_secret: SecretString,
    /// `…_SCOPES`
    pub scopes: Vec<String>,
    /// Which claims carry what; `…_BSN_CLAIM`/`…_KVK_CLAIM`, `…_LOA_CLAIM`, `…_MIN_LOA`.
    pub rules: crate::auth::ClaimRules,
    /// `…_LOGOUT_ID_TOKEN_HINT`: send the ID token along to the provider's logout (only
    /// for a broker that requires it: it puts the token, and so the BSN, in the browser's
    /// history and the proxies' logs).
    pub logout_id_token_hint: bool,
}

/// Session lifetimes.
#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// `MIJNZAKEN_SESSION_IDLE_SECONDS` (default 900, the DigiD rule).
    pub idle: time::Duration,
    /// `MIJNZAKEN_SESSION_MAX_SECONDS` (default 28800).
    pub max: time::Duration,
    /// `MIJNZAKEN_SESSION_STORE`: `memory` (default) or a `redis://`/`rediss://` URL.
    pub store: SessionStoreConfig,
    /// `MIJNZAKEN_COOKIE_KEY`: at least 64 random bytes, base64, that encrypt the pending
    /// login's cookie; required with Redis outside demo mode (every instance must open the
    /// cookie another made). Unset: a key made at start.
    pub cookie_key: Option<secrecy::SecretSlice<u8>>,
}

impl SessionSettings {
    fn from_env(env: &Env<'_>, demo: bool) -> Result<Self, ConfigError> {
        let seconds = |v: &str| match v.parse::<i64>() {
            Ok(n) if n > 0 => Ok(time::Duration::seconds(n)),
            _ => Err("expected a whole number of seconds above 0".to_owned()),
        };
        let cookie_key = match env.string("MIJNZAKEN_COOKIE_KEY") {
            None => None,
            Some(v) => {
                use base64::Engine as _;
                match base64::engine::general_purpose::STANDARD.decode(v.trim()) {
                    Ok(bytes) if bytes.len() >= 64 => Some(secrecy::SecretSlice::from(bytes)),
                    _ => {
                        return Err(ConfigError::new(
                            "MIJNZAKEN_COOKIE_KEY",
                            "expected at least 64 random bytes in base64 \
                             (openssl rand -base64 64)",
                        ))
                    }
                }
            }
        };
        let session = SessionSettings {
            cookie_key,
            idle: env.parse("MIJNZAKEN_SESSION_IDLE_SECONDS", "900", seconds)?,
            max: env.parse("MIJNZAKEN_SESSION_MAX_SECONDS", "28800", seconds)?,
            store: env.parse("MIJNZAKEN_SESSION_STORE", "memory", |v| {
                if v == "memory" {
                    Ok(SessionStoreConfig::Memory)
                } else if v.starts_with("redis://") || v.starts_with("rediss://") {
                    Ok(SessionStoreConfig::Redis(v.to_owned().into()))
                } else {
                    Err("expected `memory` or a redis:// or rediss:// URL".to_owned())
                }
            })?,
        };
        if !demo
            && session.cookie_key.is_none()
            && matches!(session.store, SessionStoreConfig::Redis(_))
        {
            return Err(ConfigError::new(
                "MIJNZAKEN_COOKIE_KEY",
                "is required with a Redis session store: every instance must read the login \
                 cookie another one wrote (openssl rand -base64 64)",
            ));
        }
        Ok(session)
    }
}

/// The variable names of each login: the one place a new [`ProviderKind`] gets its
/// settings.
fn keys(kind: ProviderKind) -> &'static OidcKeys {
    match kind {
        ProviderKind::Digid => &DIGID_KEYS,
        ProviderKind::Eherkenning => &EHERKENNING_KEYS,
        ProviderKind::Medewerker => &MEDEWERKER_KEYS,
    }
}

/// The variable names of one login.
struct OidcKeys {
    issuer: &'static str,
    client_id: &'static str,
    client_secret: &'static str,
    scopes: &'static str,
    identity_claim: &'static str,
    rsin_claim: Option<&'static str>,
    vestiging_claim: Option<&'static str>,
    loa_claim: &'static str,
    min_loa: &'static str,
    /// The family of levels `min_loa` is read in.
    loa_scheme: super::loa::Scheme,
    logout_id_token_hint: &'static str,
    default_scopes: &'static str,
    default_identity: &'static str,
    #[cfg(feature = "demo")]
    demo_client: (&'static str, &'static str),
    /// Medewerkers: (variable, default) of the name claim.
    name_claim: Option<(&'static str, &'static str)>,
    /// Medewerkers: (variable, default) of the role claim and of the required role.
    role: Option<[(&'static str, &'static str); 2]>,
    /// Medewerkers: the variable of the optional gemeenten claim.
    gemeenten_claim: Option<&'static str>,
}

const DIGID_KEYS: OidcKeys = OidcKeys {
    issuer: "MIJNZAKEN_DIGID_ISSUER_URL",
    client_id: "MIJNZAKEN_DIGID_CLIENT_ID",
    client_secret: "MIJNZAKEN_DIGID_CLIENT_SECRET",
    scopes: "MIJNZAKEN_DIGID_SCOPES",
    identity_claim: "MIJNZAKEN_DIGID_BSN_CLAIM",
    rsin_claim: None,
    vestiging_claim: None,
    loa_claim: "MIJNZAKEN_DIGID_LOA_CLAIM",
    min_loa: "MIJNZAKEN_DIGID_MIN_LOA",
    loa_scheme: super::loa::Scheme::Digid,
    logout_id_token_hint: "MIJNZAKEN_DIGID_LOGOUT_ID_TOKEN_HINT",
    default_scopes: "openid bsn",
    default_identity: "bsn",
    #[cfg(feature = "demo")]
    demo_client: (demo::DIGID_CLIENT_ID, demo::DIGID_CLIENT_SECRET),
    name_claim: None,
    role: None,
    gemeenten_claim: None,
};

const EHERKENNING_KEYS: OidcKeys = OidcKeys {
    issuer: "MIJNZAKEN_EHERKENNING_ISSUER_URL",
    client_id: "MIJNZAKEN_EHERKENNING_CLIENT_ID",
    client_secret: "MIJNZAKEN_EHERKENNING_CLIENT_SECRET",
    scopes: "MIJNZAKEN_EHERKENNING_SCOPES",
    identity_claim: "MIJNZAKEN_EHERKENNING_KVK_CLAIM",
    rsin_claim: Some("MIJNZAKEN_EHERKENNING_RSIN_CLAIM"),
    vestiging_claim: Some("MIJNZAKEN_EHERKENNING_VESTIGING_CLAIM"),
    loa_claim: "MIJNZAKEN_EHERKENNING_LOA_CLAIM",
    min_loa: "MIJNZAKEN_EHERKENNING_MIN_LOA",
    loa_scheme: super::loa::Scheme::Eherkenning,
    logout_id_token_hint: "MIJNZAKEN_EHERKENNING_LOGOUT_ID_TOKEN_HINT",
    default_scopes: "openid kvk",
    default_identity: "kvk",
    #[cfg(feature = "demo")]
    demo_client: (demo::EHERKENNING_CLIENT_ID, demo::EHERKENNING_CLIENT_SECRET),
    name_claim: None,
    role: None,
    gemeenten_claim: None,
};

const MEDEWERKER_KEYS: OidcKeys = OidcKeys {
    issuer: "MIJNZAKEN_MEDEWERKER_ISSUER_URL",
    client_id: "MIJNZAKEN_MEDEWERKER_CLIENT_ID",
    client_secret: "MIJNZAKEN_MEDEWERKER_CLIENT_SECRET",
    scopes: "MIJNZAKEN_MEDEWERKER_SCOPES",
    identity_claim: "MIJNZAKEN_MEDEWERKER_ID_CLAIM",
    rsin_claim: None,
    vestiging_claim: None,
    loa_claim: "MIJNZAKEN_MEDEWERKER_LOA_CLAIM",
    min_loa: "MIJNZAKEN_MEDEWERKER_MIN_LOA",
    loa_scheme: super::loa::Scheme::Any,
    logout_id_token_hint: "MIJNZAKEN_MEDEWERKER_LOGOUT_ID_TOKEN_HINT",
    default_scopes: "openid profile email",
    default_identity: "sub",
    #[cfg(feature = "demo")]
    demo_client: (demo::MEDEWERKER_CLIENT_ID, demo::MEDEWERKER_CLIENT_SECRET),
    name_claim: Some(("MIJNZAKEN_MEDEWERKER_NAME_CLAIM", "name")),
    role: Some([
        ("MIJNZAKEN_MEDEWERKER_ROLE_CLAIM", "roles"),
        ("MIJNZAKEN_MEDEWERKER_ROLE", "kcc"),
    ]),
    gemeenten_claim: Some("MIJNZAKEN_MEDEWERKER_GEMEENTEN_CLAIM"),
};

/// One login: enabled when its issuer is set, or in demo mode (then the demo provider,
/// with its claim names).
fn login_from_env(
    env: &Env<'_>,
    #[cfg_attr(
        not(feature = "demo"),
        expect(unused_variables, reason = "only demo mode has logins of its own")
    )]
    demo: bool,
    keys: &OidcKeys,
) -> Result<Option<OidcSettings>, ConfigError> {
    let need = |key: &'static str| {
        env.string(key).ok_or_else(|| {
            ConfigError::new(key, format!("is required when {} is set", keys.issuer))
        })
    };
    // Demo mode has only the demo's logins (`refuse_real_upstreams_in_demo` saw to it);
    // outside it an unset issuer means the login is off. Never a mix.
    let (issuer, client_id, client_secret) = match env.string(keys.issuer) {
        Some(v) => (
            Some(parse_base_url(&v).map_err(|m| ConfigError::new(keys.issuer, m))?),
            need(keys.client_id)?,
            need(keys.client_secret)?,
        ),
        #[cfg(feature = "demo")]
        None if demo => (
            None,
            keys.demo_client.0.to_owned(),
            keys.demo_client.1.to_owned(),
        ),
        None => return Ok(None),
    };
    let scopes: Vec<String> = env
        .string(keys.scopes)
        .unwrap_or_else(|| keys.default_scopes.to_owned())
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if !scopes.iter().any(|s| s == "openid") {
        return Err(ConfigError::new(keys.scopes, "must include openid"));
    }
    let loa = env
        .string(keys.loa_claim)
        .or_else(|| issuer.is_none().then(|| "acr".to_owned()));
    let min_loa = env.string(keys.min_loa);
    // A citizen's login needs a minimum level the gemeente chose (DigiD Substantieel for
    // zaken with personal data, for example): no silent "any level" outside the demo.
    if issuer.is_some() && min_loa.is_none() && keys.loa_scheme != super::loa::Scheme::Any {
        return Err(ConfigError::new(
            keys.min_loa,
            format!(
                "is required when {} is set: the lowest level of assurance the gemeente accepts",
                keys.issuer
            ),
        ));
    }
    if let Some(min) = &min_loa {
        if super::loa::rank(keys.loa_scheme, min).is_none() {
            let known = match keys.loa_scheme {
                super::loa::Scheme::Digid => {
                    "basis, midden, substantieel, hoog or a SAML context class"
                }
                super::loa::Scheme::Eherkenning => {
                    "urn:etoegang:core:assurance-class:loa1 … loa4 (or loa2plus)"
                }
                super::loa::Scheme::Any => {
                    "a DigiD level or SAML context class, or an eToegang assurance class"
                }
            };
            return Err(ConfigError::new(
                keys.min_loa,
                format!("expected a level of this login's scheme: {known}"),
            ));
        }
        if loa.is_none() {
            return Err(ConfigError::new(
                keys.loa_claim,
                format!("is required when {} is set", keys.min_loa),
            ));
        }
    }
    let is_demo = issuer.is_none();
    let demo_claim = |name: &str| is_demo.then(|| name.to_owned());
    let logout_id_token_hint = env.bool(keys.logout_id_token_hint, false)?;
    Ok(Some(OidcSettings {
        issuer,
        client_id,
        client_secret: SecretString::from(client_secret),
        scopes,
        logout_id_token_hint,
        rules: super::ClaimRules {
            identity: env
                .string(keys.identity_claim)
                .unwrap_or_else(|| keys.default_identity.to_owned()),
            rsin: keys
                .rsin_claim
                .and_then(|k| env.string(k))
                .or_else(|| keys.rsin_claim.and_then(|_| demo_claim("rsin"))),
            vestiging: keys
                .vestiging_claim
                .and_then(|k| env.string(k))
                .or_else(|| keys.vestiging_claim.and_then(|_| demo_claim("vestiging"))),
            loa,
            min_loa,
            name: keys
                .name_claim
                .map(|(key, default)| env.string(key).unwrap_or_else(|| default.to_owned())),
            role: keys
                .role
                .map(|[(claim, claim_default), (role, role_default)]| {
                    (
                        env.string(claim)
                            .unwrap_or_else(|| claim_default.to_owned()),
                        env.string(role).unwrap_or_else(|| role_default.to_owned()),
                    )
                }),
            gemeenten: keys.gemeenten_claim.and_then(|key| env.string(key)),
        },
    }))
}
