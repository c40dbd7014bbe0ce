//! The ZGW client's settings: where the gemeente's APIs are, the credentials, and the
//! limits (`MIJNZAKEN_ZAKEN_API_URL`, `MIJNZAKEN_ZGW_*`, …; README, "Configuration").

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use super::{ApiRoots, Vertrouwelijkheid};
use crate::env::{parse_base_url, ConfigError, Env};

/// How to reach and use one gemeente's ZGW APIs.
#[derive(Clone)]
pub struct ZgwSettings {
    /// The API roots; nothing outside them is ever requested. `None` in demo mode (which
    /// refuses real roots): the built-in demo's, known once the listener is bound
    /// ([`ZgwSettings::or_demo_roots`]).
    pub roots: Option<ApiRoots>,
    /// The portal's client id at the ZGW APIs (`MIJNZAKEN_ZGW_CLIENT_ID`).
    pub client_id: String,
    /// The shared secret for the HS256 JWT (`MIJNZAKEN_ZGW_SECRET`).
    pub secret: SecretString,
    /// Connect, read and total timeout of one request (`MIJNZAKEN_ZGW_TIMEOUT_SECONDS`, 10).
    pub timeout: Duration,
    /// The highest vertrouwelijkheidaanduiding the portal may show a citizen
    /// (`MIJNZAKEN_MAX_VERTROUWELIJKHEID`, zaakvertrouwelijk).
    pub max_vertrouwelijkheid: Vertrouwelijkheid,
    /// The most pages one list may have (`MIJNZAKEN_ZGW_MAX_PAGES`, 20).
    pub max_pages: usize,
    /// How long catalogi resources are cached (`MIJNZAKEN_ZGW_CACHE_SECONDS`, 3600).
    pub cache_ttl: Duration,
    /// How many upstream requests one page render may have in flight
    /// (`MIJNZAKEN_ZGW_CONCURRENCY`, 40: the cards of one overview page, two screens of 20).
    pub concurrency: usize,
    /// What a date the zaaksysteem set (`einddatumGepland`, `uiterlijkeEinddatumAfdoening`)
    /// means after a verlenging when the portal cannot tell from the dates themselves:
    /// `true` when the zaaksysteem moves it (the verlenging is in it), `false` when it does
    /// not (Open Zaak). See `domain::termijn`. (`MIJNZAKEN_ZGW_DATUM_INCLUSIEF_VERLENGING`)
    pub dates_include_verlenging: bool,
    /// How the overview makes sure that every zaak it lists is the user's
    /// (`MIJNZAKEN_ZGW_OWNERSHIP_CHECK`, `probe`).
    pub ownership_check: OwnershipCheck,
}

/// How the overview makes sure that the zaken it lists are the user's. It asks the Zaken
/// API for the zaken with a rol of the user (`rol__betrokkeneIdentificatie__…`); a Zaken
/// API that ignored that filter would list everyone's zaken. (A zaak page and a download
/// always check the zaak's own rollen; this is about the overview's long lists.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnershipCheck {
    /// Trust the filter when a probe, asked beside the list on every load, shows that the
    /// Zaken API honours it: the zaken of an identifier that no one has must be none. When
    /// the probe lists zaken or cannot be made, as [`OwnershipCheck::Rollen`]. Measured on
    /// Open Zaak 1.30 for 153 zaken, this almost halves the overview's time (the rollen
    /// list costs it more than the zaken list; the probe's empty page little).
    Probe,
    /// On every load, also fetch the user's rollen and list a zaak only when one of them
    /// points at it, whatever the zaken filter did.
    Rollen,
}

impl std::fmt::Debug for ZgwSettings {
    // By hand, so that the secret can never be printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZgwSettings")
            .field("roots", &self.roots)
            .field("client_id", &self.client_id)
            .field("timeout", &self.timeout)
            .field("max_vertrouwelijkheid", &self.max_vertrouwelijkheid)
            .field("max_pages", &self.max_pages)
            .field("concurrency", &self.concurrency)
            .field("dates_include_verlenging", &self.dates_include_verlenging)
            .field("ownership_check", &self.ownership_check)
            .finish_non_exhaustive()
    }
}

/// The credentials demo mode uses and the demo ZGW server (`src/demo/zgw/`) accepts.
/// Public on purpose: they guard demo data only. Here, beside the settings that default
/// to them, so that the settings do not depend on the demo.
#[cfg(feature = "demo")]
pub mod demo {
    /// The client id the demo ZGW server accepts.
    pub const CLIENT_ID: &str = "mijnzaken-demo";
    /// The secret the demo ZGW server accepts.
    pub const SECRET: &str = "demo-geheim-niet-voor-productie";
}

/// The variables that point the portal at a real zaaksysteem (demo mode refuses them).
pub const REAL_UPSTREAM_VARIABLES: [&str; 5] = [
    "MIJNZAKEN_ZAKEN_API_URL",
    "MIJNZAKEN_CATALOGI_API_URL",
    "MIJNZAKEN_DOCUMENTEN_API_URL",
    "MIJNZAKEN_ZGW_CLIENT_ID",
    "MIJNZAKEN_ZGW_SECRET",
];

impl ZgwSettings {
    /// Reads the settings; in demo mode the roots are left to the demo and the
    /// credentials are the demo's.
    pub fn from_env(env: &Env<'_>, demo: bool) -> Result<Self, ConfigError> {
        let root = |key: &'static str| -> Result<Url, ConfigError> {
            let value = env.required(key)?;
            parse_base_url(&value).map_err(|m| ConfigError::new(key, m))
        };
        let roots = if demo {
            None
        } else {
            Some(ApiRoots {
                zaken: root("MIJNZAKEN_ZAKEN_API_URL")?,
                catalogi: root("MIJNZAKEN_CATALOGI_API_URL")?,
                documenten: root("MIJNZAKEN_DOCUMENTEN_API_URL")?,
            })
        };
        #[cfg(feature = "demo")]
        let demo_credentials = demo.then(|| {
            (
                self::demo::CLIENT_ID.to_owned(),
                self::demo::SECRET.to_owned(),
            )
        });
        #[cfg(not(feature = "demo"))]
        let demo_credentials: Option<(String, String)> = None;
        let (client_id, secret) = match demo_credentials {
            Some(demo) => demo,
            None => (
                env.required("MIJNZAKEN_ZGW_CLIENT_ID")?,
                env.required("MIJNZAKEN_ZGW_SECRET")?,
            ),
        };
        let positive = |v: &str| match v.parse::<u64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err("expected a whole number above 0".to_owned()),
        };
        let vertrouwelijkheid = |v: &str| {
            v.parse::<Vertrouwelijkheid>().map_err(|_| {
                "expected openbaar, beperkt_openbaar, intern, zaakvertrouwelijk, \
                 vertrouwelijk, confidentieel, geheim or zeer_geheim"
                    .to_owned()
            })
        };
        let seconds = |key, default| env.parse(key, default, positive).map(Duration::from_secs);
        Ok(ZgwSettings {
            roots,
            client_id,
            secret: SecretString::from(secret),
            timeout: seconds("MIJNZAKEN_ZGW_TIMEOUT_SECONDS", "10")?,
            max_vertrouwelijkheid: env.parse(
                "MIJNZAKEN_MAX_VERTROUWELIJKHEID",
                "zaakvertrouwelijk",
                vertrouwelijkheid,
            )?,
            max_pages: env.parse("MIJNZAKEN_ZGW_MAX_PAGES", "20", positive)? as usize,
            cache_ttl: seconds("MIJNZAKEN_ZGW_CACHE_SECONDS", "3600")?,
            concurrency: env.parse("MIJNZAKEN_ZGW_CONCURRENCY", "40", positive)? as usize,
            dates_include_verlenging: env
                .bool("MIJNZAKEN_ZGW_DATUM_INCLUSIEF_VERLENGING", false)?,
            ownership_check: env.parse("MIJNZAKEN_ZGW_OWNERSHIP_CHECK", "probe", |v| match v {
                "probe" => Ok(OwnershipCheck::Probe),
                "rollen" => Ok(OwnershipCheck::Rollen),
                _ => Err("expected probe or rollen".to_owned()),
            })?,
        })
    }

    /// These settings with the demo's roots under `demo_base`
    /// (`http://127.0.0.1:PORT/demo/zgw/`) when none are configured.
    pub fn or_demo_roots(mut self, demo_base: Option<&Url>) -> anyhow::Result<Self> {
        if let (None, Some(base)) = (&self.roots, demo_base) {
            self.roots = Some(ApiRoots {
                zaken: base.join("zaken/api/v1/")?,
                catalogi: base.join("catalogi/api/v1/")?,
                documenten: base.join("documenten/api/v1/")?,
            });
        }
        Ok(self)
    }
}
