//! Typed configuration.
//!
//! Environment variables are the contract (documented in README.md). Every value is parsed
//! once at start-up; a bad or missing value stops start-up with an error that names the
//! variable. Defaults are those of the built-in demo, so `cargo run` works out of the box.
//!
//! Reading goes through a lookup function rather than `std::env` directly, so tests can
//! build settings from a map without touching the process environment.

use std::{collections::HashMap, fmt, net::SocketAddr, path::PathBuf, time::Duration};

use secrecy::SecretString;
use url::Url;

use crate::zgw::{ApiRoots, Vertrouwelijkheid, ZgwOptions, ZgwSettings};

pub use crate::env::ConfigError;
use crate::env::Env;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines, for development.
    Text,
    /// One JSON object per line, for log shippers in production.
    Json,
}

/// Everything the portal needs to start.
#[derive(Clone)]
pub struct Settings {
    /// Address to bind (`MIJNZAKEN_ADDR`); port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// The URL users reach the portal at (`MIJNZAKEN_PUBLIC_URL`), used for redirect URIs
    /// and to decide on `Secure` cookies and HSTS.
    pub public_url: Url,
    /// Whether `MIJNZAKEN_PUBLIC_URL` was set. When it was not, demo mode uses the bound
    /// address, so that a portal on a free port (tests) still links to itself.
    pub public_url_configured: bool,
    /// Whether the built-in demo upstreams run inside this process (`MIJNZAKEN_DEMO`).
    pub demo: bool,
    /// `MIJNZAKEN_LOG_FORMAT`.
    pub log_format: LogFormat,
    /// The gemeente this portal serves.
    pub gemeente: Gemeente,
    /// The gemeente's ZGW APIs.
    pub zgw: ZgwConfig,
    /// The DigiD login, when configured (or the demo's).
    pub digid: Option<OidcSettings>,
    /// The eHerkenning login, when configured (or the demo's).
    pub eherkenning: Option<OidcSettings>,
    /// The other gemeenten of a samenwerkingsverband, for the KCC pages
    /// (`MIJNZAKEN_GEMEENTEN`).
    pub gemeenten: Vec<GemeenteSection>,
    /// The medewerker (KCC) login, when configured (or the demo's).
    pub medewerker: Option<OidcSettings>,
    /// The KCC pages: reasons, team name, what citizens see of the medewerker.
    pub kcc: KccSettings,
    /// Where the audit trail is kept (`MIJNZAKEN_DATA_DIR`, `MIJNZAKEN_DATABASE_URL`).
    pub audit: crate::audit::AuditConfig,
    /// Session lifetimes.
    pub session: SessionSettings,
    /// How long a client may take to send a request's headers, and how long an idle
    /// keep-alive connection stays open (`MIJNZAKEN_HEADER_READ_TIMEOUT_SECONDS`, 10).
    pub header_read_timeout: Duration,
    /// How long a request may take until its response starts, body upload included
    /// (`MIJNZAKEN_REQUEST_TIMEOUT_SECONDS`, 30); a download's streaming is not counted.
    pub request_timeout: Duration,
    /// Rate limits on login starts, callbacks and KCC look-ups.
    pub rate_limit: RateLimitSettings,
    /// How long one user's overview answers are kept (`MIJNZAKEN_OVERZICHT_CACHE_SECONDS`,
    /// default 60; 0 keeps nothing, but identical concurrent loads are still shared).
    pub overzicht_cache: Duration,
    /// Latency the demo ZGW server adds to every request (`MIJNZAKEN_DEMO_LATENCY_MS`),
    /// for the benchmark.
    pub demo_latency: Duration,
    /// Other portals the demo OIDC provider registers as clients besides this one
    /// (`MIJNZAKEN_DEMO_OIDC_PORTALS`, base URLs separated by commas): a production-mode
    /// portal under test can then log in at this demo.
    pub demo_oidc_portals: Vec<Url>,
    /// Whether the demo ZGW server honours `expand` on zaken (`MIJNZAKEN_DEMO_ZGW_EXPAND`);
    /// off, it answers 400 like a Zaken API without expand, so the client's fallback can be
    /// tried and measured.
    pub demo_zgw_expand: bool,
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

/// Rate limits (see `web::limits`).
#[derive(Clone, Debug)]
pub struct RateLimitSettings {
    /// `MIJNZAKEN_RATE_LIMIT`: `peer` (default), `forwarded` or `off`.
    pub client_key: ClientKey,
    /// `MIJNZAKEN_RATE_LIMIT_LOGINS_PER_MINUTE`: login starts and callbacks per client
    /// (default 30; 0: none).
    pub logins_per_minute: u32,
    /// `MIJNZAKEN_RATE_LIMIT_LOOKUPS_PER_MINUTE`: KCC look-ups per medewerker (default 10;
    /// 0: none).
    pub lookups_per_minute: u32,
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

pub use crate::auth::store::SessionStoreConfig;

/// The credentials demo mode uses, and the demo upstreams (`src/demo/`) accept. Public on
/// purpose: they guard demo data only. Here rather than in the demo, so that the settings
/// do not depend on the demo; a build without it has none of them.
#[cfg(feature = "demo")]
pub mod demo_credentials {
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
    /// The client id the demo ZGW server accepts.
    pub const ZGW_CLIENT_ID: &str = "mijnzaken-demo";
    /// The secret the demo ZGW server accepts.
    pub const ZGW_SECRET: &str = "demo-geheim-niet-voor-productie";
}

/// The content type for a logo file, by extension; `None` for anything but SVG and PNG.
pub fn logo_content_type(path: &std::path::Path) -> Option<&'static str> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "svg" => Some("image/svg+xml"),
        "png" => Some("image/png"),
        _ => None,
    }
}

/// Whom a per-client rate limit counts (`MIJNZAKEN_RATE_LIMIT`, see `web::limits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientKey {
    /// The TCP peer: the portal faces the internet, or a proxy that passes addresses on
    /// in no other way.
    Peer,
    /// The address the reverse proxy appended last to `X-Forwarded-For` (the earlier ones
    /// come from the client and prove nothing).
    Forwarded,
    /// No per-client limit: the proxy in front limits.
    Off,
}

/// The ZGW settings as configured. In demo mode an unset API root means the built-in demo
/// server, whose address is known only once the listener is bound.
#[derive(Clone, Debug)]
pub struct ZgwConfig {
    /// `MIJNZAKEN_ZAKEN_API_URL`
    pub zaken: Option<Url>,
    /// `MIJNZAKEN_CATALOGI_API_URL`
    pub catalogi: Option<Url>,
    /// `MIJNZAKEN_DOCUMENTEN_API_URL`
    pub documenten: Option<Url>,
    /// Credentials and limits (`MIJNZAKEN_ZGW_*`, `MIJNZAKEN_MAX_VERTROUWELIJKHEID`).
    pub options: ZgwOptions,
}

impl ZgwConfig {
    /// The settings for the client; `demo_base` (`http://127.0.0.1:PORT/demo/zgw/`) fills the
    /// roots left unset in demo mode.
    pub fn resolve(&self, demo_base: Option<&Url>) -> anyhow::Result<ZgwSettings> {
        let root = |configured: &Option<Url>, path: &str, key: &str| -> anyhow::Result<Url> {
            match (configured, demo_base) {
                (Some(url), _) => Ok(url.clone()),
                (None, Some(base)) => Ok(base.join(path)?),
                (None, None) => anyhow::bail!("{key} is required when MIJNZAKEN_DEMO=0"),
            }
        };
        Ok(ZgwSettings {
            roots: ApiRoots {
                zaken: root(&self.zaken, "zaken/api/v1/", "MIJNZAKEN_ZAKEN_API_URL")?,
                catalogi: root(
                    &self.catalogi,
                    "catalogi/api/v1/",
                    "MIJNZAKEN_CATALOGI_API_URL",
                )?,
                documenten: root(
                    &self.documenten,
                    "documenten/api/v1/",
                    "MIJNZAKEN_DOCUMENTEN_API_URL",
                )?,
            },
            options: self.options.clone(),
        })
    }
}

impl fmt::Debug for Settings {
    // Written by hand so that secrets added later cannot leak through a derived Debug.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("addr", &self.addr)
            .field("public_url", &self.public_url.as_str())
            .field("demo", &self.demo)
            .field("log_format", &self.log_format)
            .field("gemeente", &self.gemeente.naam)
            .field("zgw", &self.zgw)
            .finish_non_exhaustive()
    }
}

/// The KCC pages' settings.
#[derive(Debug, Clone)]
pub struct KccSettings {
    /// The reasons a medewerker picks from (`MIJNZAKEN_KCC_REDENEN`, separated by `;`).
    pub redenen: Vec<String>,
    /// How `/inzage` names who looked (`MIJNZAKEN_KCC_TEAM`, default "Klantcontactcentrum").
    pub team: String,
    /// Whether `/inzage` also shows the medewerker's name (`MIJNZAKEN_INZAGE_TOON_NAAM`,
    /// default 0: the team only).
    pub toon_naam: bool,
}

/// Another gemeente the KCC serves: who it is and where its zaaksysteem is.
#[derive(Debug, Clone)]
pub struct GemeenteSection {
    /// Name, contact details, theme class.
    pub gemeente: Gemeente,
    /// Its ZGW APIs.
    pub zgw: ZgwConfig,
}

/// The gemeente's name and contact details, shown in the page frame and on contact blocks.
#[derive(Debug, Clone)]
pub struct Gemeente {
    /// A short stable code, recorded in the audit trail (`MIJNZAKEN_GEMEENTE_CODE`,
    /// default: the name in lowercase with dashes).
    pub code: String,
    /// Display name, e.g. "Gemeente Voorbeeld" (`MIJNZAKEN_GEMEENTE_NAAM`).
    pub naam: String,
    /// An SVG or PNG logo file served by the portal (`MIJNZAKEN_GEMEENTE_LOGO`); `None`
    /// uses the built-in logo in demo mode and no logo otherwise.
    pub logo: Option<PathBuf>,
    /// Telephone number for questions (`MIJNZAKEN_GEMEENTE_TELEFOON`).
    pub telefoon: String,
    /// E-mail address for questions (`MIJNZAKEN_GEMEENTE_EMAIL`).
    pub email: Option<String>,
    /// The gemeente's own website (`MIJNZAKEN_GEMEENTE_WEBSITE`).
    pub website: Url,
    /// Extra stylesheet with the gemeente's own design tokens (`MIJNZAKEN_THEME_CSS`),
    /// loaded after ours so its custom properties win.
    pub theme_css: Option<PathBuf>,
    /// CSS class on `<body>` that activates the token theme (`MIJNZAKEN_THEME_CLASS`).
    pub theme_class: String,
}

impl Settings {
    /// Reads settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads settings from a map (tests).
    pub fn from_map(map: &HashMap<String, String>) -> Result<Self, ConfigError> {
        Self::from_lookup(|key| map.get(key).cloned())
    }

    /// Reads settings through `lookup`, which returns the raw value of a variable.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = Env { lookup: &lookup };
        // A build without the demo starts in production mode when nothing is said.
        let demo = env.bool("MIJNZAKEN_DEMO", cfg!(feature = "demo"))?;
        if demo && !cfg!(feature = "demo") {
            return Err(ConfigError::new(
                "MIJNZAKEN_DEMO",
                "this build has no demo (it was built without the `demo` feature); \
                 leave MIJNZAKEN_DEMO unset or set it to 0",
            ));
        }
        if demo {
            refuse_real_upstreams_in_demo(&env)?;
        }
        let addr = env.parse("MIJNZAKEN_ADDR", "127.0.0.1:3000", |v| {
            v.parse::<SocketAddr>()
                .map_err(|e| format!("expected host:port such as 0.0.0.0:3000 ({e})"))
        })?;
        let public_url = env.parse(
            "MIJNZAKEN_PUBLIC_URL",
            "http://127.0.0.1:3000",
            parse_base_url,
        )?;
        let log_format = env.parse("MIJNZAKEN_LOG_FORMAT", "text", |v| match v {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err("expected text or json".to_owned()),
        })?;

        let gemeente = gemeente_config(&env, demo)?;
        let zgw = zgw_config(&env, demo)?;
        let gemeenten = other_gemeenten(&env, demo, &gemeente.code, &zgw)?;
        let digid = oidc_config(&env, demo, &DIGID_KEYS)?;
        let eherkenning = oidc_config(&env, demo, &EHERKENNING_KEYS)?;
        let medewerker = oidc_config(&env, demo, &MEDEWERKER_KEYS)?;
        let kcc = KccSettings {
            redenen: env
                .string("MIJNZAKEN_KCC_REDENEN")
                .unwrap_or_else(|| {
                    "Vraag van inwoner of ondernemer over eigen zaak;Terugbelverzoek".to_owned()
                })
                .split(';')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect(),
            team: env
                .string("MIJNZAKEN_KCC_TEAM")
                .unwrap_or_else(|| "Klantcontactcentrum".to_owned()),
            toon_naam: env.bool("MIJNZAKEN_INZAGE_TOON_NAAM", false)?,
        };
        let audit = crate::audit::AuditConfig::from_lookup(env.lookup)?;
        if kcc.redenen.is_empty() {
            return Err(ConfigError::new(
                "MIJNZAKEN_KCC_REDENEN",
                "expected at least one reason",
            ));
        }
        let seconds = |v: &str| match v.parse::<i64>() {
            Ok(n) if n > 0 => Ok(time::Duration::seconds(n)),
            _ => Err("expected a whole number of seconds above 0".to_owned()),
        };
        let cookie_key =
            match env.string("MIJNZAKEN_COOKIE_KEY") {
                None => None,
                Some(v) => {
                    use base64::Engine as _;
                    match base64::engine::general_purpose::STANDARD.decode(v.trim()) {
                        Ok(bytes) if bytes.len() >= 64 => Some(secrecy::SecretSlice::from(bytes)),
                        _ => return Err(ConfigError::new(
                            "MIJNZAKEN_COOKIE_KEY",
                            "expected at least 64 random bytes in base64 (openssl rand -base64 64)",
                        )),
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
        let demo_latency =
            Duration::from_millis(env.parse("MIJNZAKEN_DEMO_LATENCY_MS", "0", |v| {
                v.parse::<u64>()
                    .map_err(|_| "expected milliseconds".to_owned())
            })?);
        let demo_zgw_expand = env.bool("MIJNZAKEN_DEMO_ZGW_EXPAND", true)?;
        let demo_oidc_portals = env
            .string("MIJNZAKEN_DEMO_OIDC_PORTALS")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| {
                parse_base_url(v).map_err(|m| ConfigError::new("MIJNZAKEN_DEMO_OIDC_PORTALS", m))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let whole_seconds =
            |v: &str| seconds(v).and_then(|d| Duration::try_from(d).map_err(|e| e.to_string()));
        let per_minute = |v: &str| {
            v.parse::<u32>()
                .map_err(|_| "expected a whole number per minute (0: no limit)".to_owned())
        };
        let rate_limit = RateLimitSettings {
            client_key: env.parse("MIJNZAKEN_RATE_LIMIT", "peer", |v| match v {
                "peer" => Ok(ClientKey::Peer),
                "forwarded" => Ok(ClientKey::Forwarded),
                "off" => Ok(ClientKey::Off),
                _ => Err("expected peer, forwarded or off".to_owned()),
            })?,
            logins_per_minute: env.parse(
                "MIJNZAKEN_RATE_LIMIT_LOGINS_PER_MINUTE",
                "30",
                per_minute,
            )?,
            lookups_per_minute: env.parse(
                "MIJNZAKEN_RATE_LIMIT_LOOKUPS_PER_MINUTE",
                "10",
                per_minute,
            )?,
        };
        let header_read_timeout =
            env.parse("MIJNZAKEN_HEADER_READ_TIMEOUT_SECONDS", "10", whole_seconds)?;
        let request_timeout =
            env.parse("MIJNZAKEN_REQUEST_TIMEOUT_SECONDS", "30", whole_seconds)?;
        let overzicht_cache =
            Duration::from_secs(env.parse("MIJNZAKEN_OVERZICHT_CACHE_SECONDS", "60", |v| {
                v.parse::<u64>()
                    .map_err(|_| "expected a whole number of seconds".to_owned())
            })?);

        let public_url_configured = env.string("MIJNZAKEN_PUBLIC_URL").is_some();
        Ok(Settings {
            addr,
            public_url,
            public_url_configured,
            demo,
            log_format,
            zgw,
            digid,
            eherkenning,
            medewerker,
            kcc,
            audit,
            session,
            header_read_timeout,
            request_timeout,
            rate_limit,
            overzicht_cache,
            demo_latency,
            demo_zgw_expand,
            demo_oidc_portals,
            gemeente,
            gemeenten,
        })
    }

    /// The logins that are configured, each with its kind: the one list a new login
    /// provider joins (with its `OidcKeys` and field here).
    pub fn logins(&self) -> impl Iterator<Item = (crate::auth::ProviderKind, &OidcSettings)> {
        use crate::auth::ProviderKind;
        [
            (ProviderKind::Digid, &self.digid),
            (ProviderKind::Eherkenning, &self.eherkenning),
            (ProviderKind::Medewerker, &self.medewerker),
        ]
        .into_iter()
        .filter_map(|(kind, login)| Some((kind, login.as_ref()?)))
    }

    /// Whether users reach the portal over https: then cookies are `Secure` and HSTS is sent.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

/// The gemeente section: name, contact details, theme (the unprefixed variables for the
/// portal's own gemeente; `MIJNZAKEN_<CODE>_…` for the others, see [`other_gemeenten`]).
fn gemeente_config(env: &Env<'_>, demo: bool) -> Result<Gemeente, ConfigError> {
    // Outside demo mode the gemeente must say who it is: a portal that calls itself
    // "Gemeente Voorbeeld" in production would mislead residents.
    let naam = if demo {
        env.string("MIJNZAKEN_GEMEENTE_NAAM")
            .unwrap_or_else(|| "Gemeente Voorbeeld".to_owned())
    } else {
        env.required("MIJNZAKEN_GEMEENTE_NAAM")?
    };
    let telefoon = if demo {
        env.string("MIJNZAKEN_GEMEENTE_TELEFOON")
            .unwrap_or_else(|| "14 0000".to_owned())
    } else {
        env.required("MIJNZAKEN_GEMEENTE_TELEFOON")?
    };
    let website = match env.string("MIJNZAKEN_GEMEENTE_WEBSITE") {
        Some(v) => {
            parse_base_url(&v).map_err(|m| ConfigError::new("MIJNZAKEN_GEMEENTE_WEBSITE", m))?
        }
        None if demo => Url::parse("https://www.example.org/").expect("static URL is valid"),
        None => {
            return Err(ConfigError::new(
                "MIJNZAKEN_GEMEENTE_WEBSITE",
                "is required when MIJNZAKEN_DEMO=0",
            ))
        }
    };
    let email = env.string("MIJNZAKEN_GEMEENTE_EMAIL");
    if let Some(email) = &email {
        if !email.contains('@') || email.contains(char::is_whitespace) {
            return Err(ConfigError::new(
                "MIJNZAKEN_GEMEENTE_EMAIL",
                "expected an e-mail address",
            ));
        }
    }
    let logo = env.existing_file("MIJNZAKEN_GEMEENTE_LOGO")?;
    if let Some(logo) = &logo {
        if logo_content_type(logo).is_none() {
            return Err(ConfigError::new(
                "MIJNZAKEN_GEMEENTE_LOGO",
                "expected an .svg or .png file",
            ));
        }
    }
    let theme_css = env.existing_file("MIJNZAKEN_THEME_CSS")?;
    let theme_class = env.parse("MIJNZAKEN_THEME_CLASS", "voorbeeld-theme", |v| {
        let ok = !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok {
            Ok(v.to_owned())
        } else {
            Err("expected a CSS class name".to_owned())
        }
    })?;

    let code = env.parse("MIJNZAKEN_GEMEENTE_CODE", &slug(&naam), |v| {
        let ok = !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(v.to_owned())
        } else {
            Err("expected lowercase letters, digits and '-'".to_owned())
        }
    })?;
    Ok(Gemeente {
        code,
        naam,
        logo,
        telefoon,
        email,
        website,
        theme_css,
        theme_class,
    })
}

/// "Gemeente Súdwest-Fryslân" → "gemeente-sudwest-fryslan" (ASCII letters and digits).
fn slug(naam: &str) -> String {
    let mut out = String::new();
    for c in naam.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Demo mode runs the portal against its own demo zaaksysteem and demo logins, where
/// anyone can pick any identity, a medewerker included. Combined with a real zaaksysteem
/// or a real login that would open the gemeente's data to anyone, so the portal does not
/// start when demo mode meets any variable that points at (or unlocks) a real one.
fn refuse_real_upstreams_in_demo(env: &Env<'_>) -> Result<(), ConfigError> {
    let mut real: Vec<&str> = vec![
        "MIJNZAKEN_ZAKEN_API_URL",
        "MIJNZAKEN_CATALOGI_API_URL",
        "MIJNZAKEN_DOCUMENTEN_API_URL",
        "MIJNZAKEN_ZGW_CLIENT_ID",
        "MIJNZAKEN_ZGW_SECRET",
        "MIJNZAKEN_GEMEENTEN",
    ];
    for keys in [&DIGID_KEYS, &EHERKENNING_KEYS, &MEDEWERKER_KEYS] {
        real.extend([keys.issuer, keys.client_id, keys.client_secret]);
    }
    real.retain(|key| env.string(key).is_some());
    if real.is_empty() {
        return Ok(());
    }
    Err(ConfigError::new(
        "MIJNZAKEN_DEMO",
        format!(
            "demo mode (the default of a development build) cannot be combined with a real \
             zaaksysteem or login, but {} {} set; set MIJNZAKEN_DEMO=0 to run against them",
            real.join(", "),
            if real.len() == 1 { "is" } else { "are" }
        ),
    ))
}

/// The code of the demo's second gemeente, so that the samenwerkingsverband flow of the
/// KCC pages can be tried; its demo ZGW lives under `/demo/buurdorp/zgw/`.
pub const DEMO_OTHER_GEMEENTE: &str = "buurdorp";

/// The other gemeenten a samenwerkingsverband's KCC serves: `MIJNZAKEN_GEMEENTEN` lists
/// their codes; each is configured with the same variables as the portal's own gemeente,
/// with its code (upper case, `-` as `_`) after `MIJNZAKEN_`: `MIJNZAKEN_BUURDORP_GEMEENTE_NAAM`,
/// `MIJNZAKEN_BUURDORP_ZAKEN_API_URL`, … In demo mode the default is one demo gemeente.
fn other_gemeenten(
    env: &Env<'_>,
    demo: bool,
    own_code: &str,
    own_zgw: &ZgwConfig,
) -> Result<Vec<GemeenteSection>, ConfigError> {
    let Some(list) = env.string("MIJNZAKEN_GEMEENTEN") else {
        if !demo {
            return Ok(Vec::new());
        }
        let gemeente = Gemeente {
            code: DEMO_OTHER_GEMEENTE.to_owned(),
            naam: "Gemeente Buurdorp".to_owned(),
            logo: None,
            telefoon: "14 0999".to_owned(),
            email: None,
            website: Url::parse("https://buurdorp.example.org/").expect("static URL is valid"),
            theme_css: None,
            theme_class: "voorbeeld-theme".to_owned(),
        };
        // Its demo ZGW takes the same credentials and limits; startup points its unset
        // roots at /demo/buurdorp/zgw/.
        return Ok(vec![GemeenteSection {
            gemeente,
            zgw: own_zgw.clone(),
        }]);
    };
    let mut sections = Vec::new();
    for code in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let valid = code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid
            || code == own_code
            || sections
                .iter()
                .any(|s: &GemeenteSection| s.gemeente.code == code)
        {
            return Err(ConfigError::new(
                "MIJNZAKEN_GEMEENTEN",
                "expected distinct codes of lowercase letters, digits and '-', other than MIJNZAKEN_GEMEENTE_CODE",
            ));
        }
        let infix = format!("MIJNZAKEN_{}_", code.to_ascii_uppercase().replace('-', "_"));
        let prefixed = |key: &str| {
            key.strip_prefix("MIJNZAKEN_")
                .and_then(|rest| (env.lookup)(&format!("{infix}{rest}")))
        };
        let scoped = Env { lookup: &prefixed };
        let rename = |mut e: ConfigError| {
            e.key = e.key.replacen("MIJNZAKEN_", &infix, 1);
            e
        };
        let mut gemeente = gemeente_config(&scoped, false).map_err(rename)?;
        gemeente.code = code.to_owned();
        // Every other gemeente has its own zaaksysteem: its roots and credentials are
        // required (demo mode, which refuses this list, has its own second gemeente).
        let zgw = zgw_config(&scoped, false).map_err(rename)?;
        sections.push(GemeenteSection { gemeente, zgw });
    }
    Ok(sections)
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
    loa_scheme: crate::auth::loa::Scheme,
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
    loa_scheme: crate::auth::loa::Scheme::Digid,
    logout_id_token_hint: "MIJNZAKEN_DIGID_LOGOUT_ID_TOKEN_HINT",
    default_scopes: "openid bsn",
    default_identity: "bsn",
    #[cfg(feature = "demo")]
    demo_client: (
        demo_credentials::DIGID_CLIENT_ID,
        demo_credentials::DIGID_CLIENT_SECRET,
    ),
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
    loa_scheme: crate::auth::loa::Scheme::Eherkenning,
    logout_id_token_hint: "MIJNZAKEN_EHERKENNING_LOGOUT_ID_TOKEN_HINT",
    default_scopes: "openid kvk",
    default_identity: "kvk",
    #[cfg(feature = "demo")]
    demo_client: (
        demo_credentials::EHERKENNING_CLIENT_ID,
        demo_credentials::EHERKENNING_CLIENT_SECRET,
    ),
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
    loa_scheme: crate::auth::loa::Scheme::Any,
    logout_id_token_hint: "MIJNZAKEN_MEDEWERKER_LOGOUT_ID_TOKEN_HINT",
    default_scopes: "openid profile email",
    default_identity: "sub",
    #[cfg(feature = "demo")]
    demo_client: (
        demo_credentials::MEDEWERKER_CLIENT_ID,
        demo_credentials::MEDEWERKER_CLIENT_SECRET,
    ),
    name_claim: Some(("MIJNZAKEN_MEDEWERKER_NAME_CLAIM", "name")),
    role: Some([
        ("MIJNZAKEN_MEDEWERKER_ROLE_CLAIM", "roles"),
        ("MIJNZAKEN_MEDEWERKER_ROLE", "kcc"),
    ]),
    gemeenten_claim: Some("MIJNZAKEN_MEDEWERKER_GEMEENTEN_CLAIM"),
};

/// One login: enabled when its issuer is set, or in demo mode (then the demo provider,
/// with its claim names).
fn oidc_config(
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
    if issuer.is_some() && min_loa.is_none() && keys.loa_scheme != crate::auth::loa::Scheme::Any {
        return Err(ConfigError::new(
            keys.min_loa,
            format!(
                "is required when {} is set: the lowest level of assurance the gemeente accepts",
                keys.issuer
            ),
        ));
    }
    if let Some(min) = &min_loa {
        if crate::auth::loa::rank(keys.loa_scheme, min).is_none() {
            let known = match keys.loa_scheme {
                crate::auth::loa::Scheme::Digid => {
                    "basis, midden, substantieel, hoog or a SAML context class"
                }
                crate::auth::loa::Scheme::Eherkenning => {
                    "urn:etoegang:core:assurance-class:loa1 … loa4 (or loa2plus)"
                }
                crate::auth::loa::Scheme::Any => {
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
        rules: crate::auth::ClaimRules {
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

fn zgw_config(env: &Env<'_>, demo: bool) -> Result<ZgwConfig, ConfigError> {
    let root = |key: &'static str| -> Result<Option<Url>, ConfigError> {
        match env.string(key) {
            Some(v) => parse_base_url(&v)
                .map(Some)
                .map_err(|m| ConfigError::new(key, m)),
            None if demo => Ok(None),
            None => Err(ConfigError::new(key, "is required when MIJNZAKEN_DEMO=0")),
        }
    };
    let zaken = root("MIJNZAKEN_ZAKEN_API_URL")?;
    let catalogi = root("MIJNZAKEN_CATALOGI_API_URL")?;
    let documenten = root("MIJNZAKEN_DOCUMENTEN_API_URL")?;
    #[cfg(feature = "demo")]
    let demo_credentials = demo.then(|| {
        (
            demo_credentials::ZGW_CLIENT_ID.to_owned(),
            demo_credentials::ZGW_SECRET.to_owned(),
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
    Ok(ZgwConfig {
        zaken,
        catalogi,
        documenten,
        options: ZgwOptions {
        client_id,
        secret: SecretString::from(secret),
        timeout: Duration::from_secs(env.parse("MIJNZAKEN_ZGW_TIMEOUT_SECONDS", "10", positive)?),
        max_vertrouwelijkheid: env.parse("MIJNZAKEN_MAX_VERTROUWELIJKHEID", "zaakvertrouwelijk", |v| {
            v.parse::<Vertrouwelijkheid>()
                .map_err(|_| "expected openbaar, beperkt_openbaar, intern, zaakvertrouwelijk, vertrouwelijk, confidentieel, geheim or zeer_geheim".to_owned())
        })?,
        max_pages: env.parse("MIJNZAKEN_ZGW_MAX_PAGES", "20", positive)? as usize,
        cache_ttl: Duration::from_secs(env.parse("MIJNZAKEN_ZGW_CACHE_SECONDS", "3600", positive)?),
        concurrency: env.parse("MIJNZAKEN_ZGW_CONCURRENCY", "20", positive)? as usize,
        dates_include_verlenging: env.bool("MIJNZAKEN_ZGW_DATUM_INCLUSIEF_VERLENGING", false)?,
        },
    })
}

/// An absolute http(s) URL, normalised to end in `/` so paths can be joined onto it.
fn parse_base_url(value: &str) -> Result<Url, String> {
    let mut url = Url::parse(value).map_err(|e| format!("expected an absolute URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("expected an http or https URL".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("expected a URL without query or fragment".to_owned());
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// A complete production configuration, for unit tests.
#[cfg(test)]
const PRODUCTION_FOR_TESTS: [(&str, &str); 9] = [
    ("MIJNZAKEN_DEMO", "0"),
    ("MIJNZAKEN_GEMEENTE_NAAM", "Gemeente Zuidstad"),
    ("MIJNZAKEN_GEMEENTE_TELEFOON", "14 0123"),
    ("MIJNZAKEN_GEMEENTE_WEBSITE", "https://www.zuidstad.nl"),
    (
        "MIJNZAKEN_ZAKEN_API_URL",
        "https://oz.zuidstad.nl/zaken/api/v1/",
    ),
    (
        "MIJNZAKEN_CATALOGI_API_URL",
        "https://oz.zuidstad.nl/catalogi/api/v1/",
    ),
    (
        "MIJNZAKEN_DOCUMENTEN_API_URL",
        "https://oz.zuidstad.nl/documenten/api/v1/",
    ),
    ("MIJNZAKEN_ZGW_CLIENT_ID", "mijnzaken"),
    ("MIJNZAKEN_ZGW_SECRET", "s3cret"),
];

#[cfg(test)]
impl Settings {
    /// This build's defaults for unit tests: the demo, or without it a complete
    /// production configuration.
    pub(crate) fn for_unit_tests() -> Self {
        let pairs: &[(&str, &str)] = if cfg!(feature = "demo") {
            &[]
        } else {
            &PRODUCTION_FOR_TESTS
        };
        let map = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Self::from_map(&map).expect("the unit tests' settings are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Settings::from_map(&map)
    }

    /// 64 bytes in base64, for `MIJNZAKEN_COOKIE_KEY`.
    const TEST_COOKIE_KEY: &str =
        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODkrLw==";

    /// A complete production configuration, with `pairs` on top.
    fn production(pairs: &[(&'static str, &'static str)]) -> Result<Settings, ConfigError> {
        let mut all = PRODUCTION_FOR_TESTS.to_vec();
        all.extend_from_slice(pairs);
        settings(&all)
    }

    /// The defaults of this build (the demo, when it has it) with `pairs` on top.
    fn any_mode(pairs: &[(&'static str, &'static str)]) -> Result<Settings, ConfigError> {
        if cfg!(feature = "demo") {
            settings(pairs)
        } else {
            production(pairs)
        }
    }

    #[cfg(feature = "demo")]
    #[test]
    fn demo_mode_refuses_a_real_zaaksysteem_or_login_and_names_what_it_saw() {
        for pairs in [
            &[(
                "MIJNZAKEN_ZAKEN_API_URL",
                "https://oz.zuidstad.nl/zaken/api/v1/",
            )][..],
            &[("MIJNZAKEN_ZGW_SECRET", "s3cret")],
            &[(
                "MIJNZAKEN_MEDEWERKER_ISSUER_URL",
                "https://idp.zuidstad.nl/",
            )],
            &[("MIJNZAKEN_DIGID_CLIENT_SECRET", "geheim")],
            &[("MIJNZAKEN_GEMEENTEN", "noord-oost")],
        ] {
            let error = settings(pairs).unwrap_err();
            assert_eq!(error.key, "MIJNZAKEN_DEMO");
            assert!(error.message.contains(pairs[0].0), "{error}");
            assert!(
                !error.message.contains(pairs[0].1),
                "never the value: {error}"
            );
            // Said explicitly, the same.
            let mut explicit = pairs.to_vec();
            explicit.push(("MIJNZAKEN_DEMO", "1"));
            assert_eq!(settings(&explicit).unwrap_err().key, "MIJNZAKEN_DEMO");
        }
        // Production mode takes them, and has no demo login for what is not configured.
        let s = production(&[
            ("MIJNZAKEN_DIGID_ISSUER_URL", "https://broker.zuidstad.nl/"),
            ("MIJNZAKEN_DIGID_CLIENT_ID", "portal"),
            ("MIJNZAKEN_DIGID_CLIENT_SECRET", "s"),
            ("MIJNZAKEN_DIGID_MIN_LOA", "substantieel"),
            ("MIJNZAKEN_DIGID_LOA_CLAIM", "acr"),
        ])
        .unwrap();
        assert!(s.digid.is_some());
        assert!(s.eherkenning.is_none(), "no fallback to the demo provider");
        assert!(s.medewerker.is_none(), "no fallback to the demo provider");
    }

    #[test]
    fn several_instances_need_one_cookie_key() {
        let redis = ("MIJNZAKEN_SESSION_STORE", "redis://redis.internal/2");
        let error = production(&[redis]).unwrap_err();
        assert_eq!(error.key, "MIJNZAKEN_COOKIE_KEY");
        let short = ("MIJNZAKEN_COOKIE_KEY", "c2hvcnQ=");
        assert_eq!(
            production(&[redis, short]).unwrap_err().key,
            "MIJNZAKEN_COOKIE_KEY"
        );
        let key = TEST_COOKIE_KEY;
        let s = production(&[redis, ("MIJNZAKEN_COOKIE_KEY", key)]).unwrap();
        assert!(s.session.cookie_key.is_some());
        assert!(!format!("{s:?}").contains(key), "never printed");
        // One instance in memory makes its own key.
        assert!(production(&[]).unwrap().session.cookie_key.is_none());
    }

    #[cfg(not(feature = "demo"))]
    #[test]
    fn a_build_without_the_demo_starts_in_production_mode_and_refuses_the_demo() {
        let error = settings(&[]).unwrap_err();
        assert_ne!(error.key, "MIJNZAKEN_DEMO", "production mode: {error}");
        let error = settings(&[("MIJNZAKEN_DEMO", "1")]).unwrap_err();
        assert_eq!(error.key, "MIJNZAKEN_DEMO");
        assert!(error.message.contains("no demo"), "{error}");
        assert!(!production(&[]).unwrap().demo);
    }

    #[cfg(feature = "demo")]
    #[test]
    fn defaults_are_the_demo() {
        let s = settings(&[]).unwrap();
        assert!(s.demo);
        assert_eq!(s.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(s.public_url.as_str(), "http://127.0.0.1:3000/");
        assert_eq!(s.gemeente.naam, "Gemeente Voorbeeld");
        assert!(!s.is_https());
        assert!(s.demo_zgw_expand);
        assert!(
            !settings(&[("MIJNZAKEN_DEMO_ZGW_EXPAND", "0")])
                .unwrap()
                .demo_zgw_expand
        );
    }

    #[test]
    fn a_bad_value_names_the_variable() {
        let err = any_mode(&[("MIJNZAKEN_ADDR", "not-an-address")]).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_ADDR");
        assert!(err.to_string().contains("MIJNZAKEN_ADDR"));

        let err = any_mode(&[("MIJNZAKEN_DEMO", "maybe")]).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_DEMO");

        let err = any_mode(&[("MIJNZAKEN_PUBLIC_URL", "ftp://x.example")]).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_PUBLIC_URL");

        let err = any_mode(&[("MIJNZAKEN_DEMO_ZGW_EXPAND", "maybe")]).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_DEMO_ZGW_EXPAND");

        let err = any_mode(&[("MIJNZAKEN_LOG_FORMAT", "xml")]).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_LOG_FORMAT");

        let err = any_mode(&[("MIJNZAKEN_THEME_CSS", "/does/not/exist.css")]).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_THEME_CSS");

        let err = any_mode(&[("MIJNZAKEN_SESSION_STORE", "memcached://x:1")]).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_SESSION_STORE");
        assert!(!err.to_string().contains("memcached"), "never the value");
    }

    #[test]
    fn other_gemeenten_are_configured_with_their_code_in_the_variable_names() {
        #[cfg(feature = "demo")]
        {
            let demo = settings(&[]).unwrap();
            assert_eq!(demo.gemeente.code, "gemeente-voorbeeld");
            assert_eq!(demo.gemeenten.len(), 1, "the demo's second gemeente");
            assert_eq!(demo.gemeenten[0].gemeente.code, DEMO_OTHER_GEMEENTE);
        }
        let settings = production;

        let mut vars = vec![
            ("MIJNZAKEN_GEMEENTEN", "noord-oost"),
            ("MIJNZAKEN_NOORD_OOST_GEMEENTE_NAAM", "Gemeente Noord-Oost"),
            ("MIJNZAKEN_NOORD_OOST_GEMEENTE_TELEFOON", "14 0555"),
            (
                "MIJNZAKEN_NOORD_OOST_GEMEENTE_WEBSITE",
                "https://noordoost.example",
            ),
            (
                "MIJNZAKEN_NOORD_OOST_ZAKEN_API_URL",
                "https://oz.noordoost.example/zaken/api/v1",
            ),
            (
                "MIJNZAKEN_NOORD_OOST_CATALOGI_API_URL",
                "https://oz.noordoost.example/catalogi/api/v1",
            ),
        ];
        let err = settings(&vars).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_NOORD_OOST_DOCUMENTEN_API_URL", "{err}");
        vars.extend([
            (
                "MIJNZAKEN_NOORD_OOST_DOCUMENTEN_API_URL",
                "https://oz.noordoost.example/documenten/api/v1",
            ),
            ("MIJNZAKEN_NOORD_OOST_ZGW_CLIENT_ID", "kcc"),
            ("MIJNZAKEN_NOORD_OOST_ZGW_SECRET", "geheim"),
        ]);
        let ok = settings(&vars).unwrap();
        assert_eq!(ok.gemeenten.len(), 1);
        let other = &ok.gemeenten[0];
        assert_eq!(other.gemeente.code, "noord-oost");
        assert_eq!(other.gemeente.naam, "Gemeente Noord-Oost");
        assert_eq!(
            other.zgw.zaken.as_ref().unwrap().as_str(),
            "https://oz.noordoost.example/zaken/api/v1/"
        );
        let dup = settings(&[("MIJNZAKEN_GEMEENTEN", "gemeente-zuidstad")]).unwrap_err();
        assert_eq!(dup.key, "MIJNZAKEN_GEMEENTEN");
        assert_eq!(slug("Gemeente Súdwest-Fryslân"), "gemeente-sudwest-fryslan");
    }

    #[test]
    fn sessions_are_in_memory_unless_a_redis_url_is_given() {
        let memory = any_mode(&[]).unwrap();
        assert!(matches!(memory.session.store, SessionStoreConfig::Memory));
        let redis = any_mode(&[
            ("MIJNZAKEN_SESSION_STORE", "rediss://:pw@redis.internal/2"),
            ("MIJNZAKEN_COOKIE_KEY", TEST_COOKIE_KEY),
        ])
        .unwrap();
        assert!(matches!(redis.session.store, SessionStoreConfig::Redis(_)));
        assert!(
            !format!("{:?}", redis.session).contains("pw@"),
            "the URL may hold a password"
        );
    }

    #[test]
    fn production_requires_every_zgw_setting() {
        // PRODUCTION_FOR_TESTS in its order: the gemeente, the three roots, the client id,
        // the secret. Each prefix misses the next one.
        let expected_missing = [
            (4, "MIJNZAKEN_ZAKEN_API_URL"),
            (5, "MIJNZAKEN_CATALOGI_API_URL"),
            (6, "MIJNZAKEN_DOCUMENTEN_API_URL"),
            (7, "MIJNZAKEN_ZGW_CLIENT_ID"),
            (8, "MIJNZAKEN_ZGW_SECRET"),
        ];
        for (given, missing) in expected_missing {
            let err = settings(&PRODUCTION_FOR_TESTS[..given]).unwrap_err();
            assert_eq!(err.key, missing);
        }
        let err = production(&[("MIJNZAKEN_MAX_VERTROUWELIJKHEID", "heel_geheim")]).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_MAX_VERTROUWELIJKHEID");
    }

    #[test]
    fn a_citizen_login_at_a_real_provider_needs_a_minimum_level_of_its_own_scheme() {
        let settings = production;
        let digid = [
            ("MIJNZAKEN_DIGID_ISSUER_URL", "https://broker.example/"),
            ("MIJNZAKEN_DIGID_CLIENT_ID", "portal"),
            ("MIJNZAKEN_DIGID_CLIENT_SECRET", "s"),
            ("MIJNZAKEN_DIGID_LOA_CLAIM", "acr"),
        ];
        let error = settings(&digid).unwrap_err();
        assert_eq!(error.key, "MIJNZAKEN_DIGID_MIN_LOA");
        let with = |min: &'static str| {
            let mut pairs = digid.to_vec();
            pairs.push(("MIJNZAKEN_DIGID_MIN_LOA", min));
            settings(&pairs)
        };
        assert!(with("substantieel").is_ok());
        let error = with("urn:etoegang:core:assurance-class:loa3").unwrap_err();
        assert_eq!(error.key, "MIJNZAKEN_DIGID_MIN_LOA", "an eHerkenning level");
        // The medewerker login may go without (the gemeente's own provider).
        assert!(settings(&[
            ("MIJNZAKEN_MEDEWERKER_ISSUER_URL", "https://idp.example/"),
            ("MIJNZAKEN_MEDEWERKER_CLIENT_ID", "portal"),
            ("MIJNZAKEN_MEDEWERKER_CLIENT_SECRET", "s"),
        ])
        .is_ok());
    }

    #[test]
    fn production_requires_the_gemeente_to_name_itself() {
        let err = settings(&[("MIJNZAKEN_DEMO", "0")]).unwrap_err();
        assert_eq!(err.key, "MIJNZAKEN_GEMEENTE_NAAM");

        let s = production(&[
            ("MIJNZAKEN_PUBLIC_URL", "https://mijnzaken.zuidstad.nl"),
            // A root without its trailing slash gets one.
            (
                "MIJNZAKEN_ZAKEN_API_URL",
                "https://oz.zuidstad.nl/zaken/api/v1",
            ),
        ])
        .unwrap();
        assert_eq!(
            s.zgw.zaken.as_ref().unwrap().as_str(),
            "https://oz.zuidstad.nl/zaken/api/v1/"
        );
        assert!(!format!("{:?}", s).contains("s3cret"));
        assert!(!s.demo);
        assert!(s.is_https());
        assert_eq!(s.gemeente.website.as_str(), "https://www.zuidstad.nl/");
    }
}
