//! Typed configuration.
//!
//! Environment variables are the contract (documented in README.md). Every value is parsed
//! once at start-up; a bad or missing value stops start-up with an error that names the
//! variable. Defaults are those of the built-in demo, so `cargo run` works out of the box.
//!
//! Reading goes through a lookup function rather than `std::env` directly, so tests can
//! build settings from a map without touching the process environment.

use std::{collections::HashMap, fmt, net::SocketAddr, time::Duration};

use url::Url;

mod gemeente;

pub use crate::env::ConfigError;
use crate::{
    auth::config::AuthSettings,
    env::{parse_base_url, Env},
};
pub use gemeente::{logo_content_type, Gemeente, DEMO_OTHER_GEMEENTE};

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
    /// The gemeente this portal serves, with its zaaksysteem.
    pub gemeente: Gemeente,
    /// The other gemeenten of a samenwerkingsverband, for the KCC pages
    /// (`MIJNZAKEN_GEMEENTEN`).
    pub gemeenten: Vec<Gemeente>,
    /// The logins and the session.
    pub auth: AuthSettings,
    /// The KCC pages: reasons, team name, what citizens see of the medewerker.
    pub kcc: KccSettings,
    /// Where the audit trail is kept (`MIJNZAKEN_DATA_DIR`, `MIJNZAKEN_DATABASE_URL`).
    pub audit: crate::audit::AuditSettings,
    /// The webhook for the gemeente's notifications (`MIJNZAKEN_NOTIFICATIES_…`).
    pub notificaties: crate::notificaties::NotificatiesSettings,
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

impl fmt::Debug for Settings {
    // Written by hand so that secrets added later cannot leak through a derived Debug.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("addr", &self.addr)
            .field("public_url", &self.public_url.as_str())
            .field("demo", &self.demo)
            .field("log_format", &self.log_format)
            .field("gemeente", &self.gemeente.naam)
            .field("zgw", &self.gemeente.zgw)
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

        let gemeente = Gemeente::from_env(&env, demo)?;
        let gemeenten = Gemeente::others_from_env(&env, demo, &gemeente)?;
        let auth = AuthSettings::from_env(&env, demo)?;
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
        let audit = crate::audit::AuditSettings::from_lookup(env.lookup)?;
        let notificaties =
            crate::notificaties::NotificatiesSettings::from_lookup(env.lookup, &public_url)?;
        if kcc.redenen.is_empty() {
            return Err(ConfigError::new(
                "MIJNZAKEN_KCC_REDENEN",
                "expected at least one reason",
            ));
        }
        let seconds = |v: &str| match v.parse::<u64>() {
            Ok(n) if n > 0 => Ok(Duration::from_secs(n)),
            _ => Err("expected a whole number of seconds above 0".to_owned()),
        };
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
            env.parse("MIJNZAKEN_HEADER_READ_TIMEOUT_SECONDS", "10", seconds)?;
        let request_timeout = env.parse("MIJNZAKEN_REQUEST_TIMEOUT_SECONDS", "30", seconds)?;
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
            auth,
            kcc,
            audit,
            notificaties,
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

    /// Whether users reach the portal over https: then cookies are `Secure` and HSTS is sent.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

/// Demo mode runs the portal against its own demo zaaksysteem and demo logins, where
/// anyone can pick any identity, a medewerker included. Combined with a real zaaksysteem
/// or a real login that would open the gemeente's data to anyone, so the portal does not
/// start when demo mode meets any variable that points at (or unlocks) a real one.
fn refuse_real_upstreams_in_demo(env: &Env<'_>) -> Result<(), ConfigError> {
    let real: Vec<&str> = crate::zgw::config::REAL_UPSTREAM_VARIABLES
        .into_iter()
        .chain([
            "MIJNZAKEN_GEMEENTEN",
            crate::notificaties::config::API_URL_VAR,
        ])
        .chain(AuthSettings::real_login_variables())
        .filter(|key| env.string(key).is_some())
        .collect();
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
    use crate::auth::store::SessionStoreConfig;

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
        use crate::auth::ProviderKind;
        assert!(s.auth.login(ProviderKind::Digid).is_some());
        assert!(
            s.auth.login(ProviderKind::Eherkenning).is_none(),
            "no fallback to the demo provider"
        );
        assert!(
            s.auth.login(ProviderKind::Medewerker).is_none(),
            "no fallback to the demo provider"
        );
    }

    #[test]
    fn the_gemeentes_texts_are_checked_at_start_and_a_mistake_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| -> &'static str {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            Box::leak(path.to_string_lossy().into_owned().into_boxed_str())
        };
        let good = write(
            "teksten.toml",
            "[zaaktype.KLACHT.resultaat.Gegrond]\nuitleg = \"U hebt gelijk.\"\n",
        );
        let s = production(&[("MIJNZAKEN_CONTENT_FILE", good)]).unwrap();
        assert_eq!(
            s.gemeente.content.resultaat("KLACHT", "Gegrond"),
            Some("U hebt gelijk.")
        );
        // Without the file, no texts of its own: the zaaksysteem's are used.
        let none = production(&[]).unwrap();
        assert_eq!(none.gemeente.content.resultaat("KLACHT", "Gegrond"), None);

        let bad = write(
            "fout.toml",
            "[zaaktype.KLACHT.stap.2]\nuitleg = \"Goed.\"\n[zaaktype.KLACHT.stap.2.actie]\nwat = \"Bel ons.\"\nemail = \"klachten\"\n",
        );
        let error = production(&[("MIJNZAKEN_CONTENT_FILE", bad)]).unwrap_err();
        assert_eq!(error.key, "MIJNZAKEN_CONTENT_FILE");
        assert!(
            error.message.contains("fout.toml")
                && error.message.contains("line 5")
                && error.message.contains("e-mail"),
            "{error}"
        );
        let missing = production(&[("MIJNZAKEN_CONTENT_FILE", "/nergens/teksten.toml")]);
        assert_eq!(missing.unwrap_err().key, "MIJNZAKEN_CONTENT_FILE");
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
        assert!(s.auth.session.cookie_key.is_some());
        assert!(!format!("{s:?}").contains(key), "never printed");
        // One instance in memory makes its own key.
        assert!(production(&[]).unwrap().auth.session.cookie_key.is_none());
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
            assert_eq!(demo.gemeenten[0].code, DEMO_OTHER_GEMEENTE);
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
        assert_eq!(other.code, "noord-oost");
        assert_eq!(other.naam, "Gemeente Noord-Oost");
        assert_eq!(
            other.zgw.roots.as_ref().unwrap().zaken.as_str(),
            "https://oz.noordoost.example/zaken/api/v1/"
        );
        let dup = settings(&[("MIJNZAKEN_GEMEENTEN", "gemeente-zuidstad")]).unwrap_err();
        assert_eq!(dup.key, "MIJNZAKEN_GEMEENTEN");
        assert_eq!(
            gemeente::slug("Gemeente Súdwest-Fryslân"),
            "gemeente-sudwest-fryslan"
        );
    }

    #[test]
    fn the_telephone_number_is_checked_and_dials_as_written() {
        let with = |number: &'static str| production(&[("MIJNZAKEN_GEMEENTE_TELEFOON", number)]);
        for (number, href) in [
            ("14 0123", "tel:140123"),
            ("020 - 123 45 67", "tel:0201234567"),
            ("+31 (0)20 123 4567", "tel:+31201234567"),
        ] {
            assert_eq!(with(number).unwrap().gemeente.tel_href(), href, "{number}");
        }
        for bad in ["bel ons", "14", "14 0123 (lokaal tarief)"] {
            assert_eq!(
                with(bad).unwrap_err().key,
                "MIJNZAKEN_GEMEENTE_TELEFOON",
                "{bad}"
            );
        }
    }

    #[test]
    fn sessions_are_in_memory_unless_a_redis_url_is_given() {
        let memory = any_mode(&[]).unwrap();
        assert!(matches!(
            memory.auth.session.store,
            SessionStoreConfig::Memory
        ));
        let redis = any_mode(&[
            ("MIJNZAKEN_SESSION_STORE", "rediss://:pw@redis.internal/2"),
            ("MIJNZAKEN_COOKIE_KEY", TEST_COOKIE_KEY),
        ])
        .unwrap();
        assert!(matches!(
            redis.auth.session.store,
            SessionStoreConfig::Redis(_)
        ));
        assert!(
            !format!("{:?}", redis.auth.session).contains("pw@"),
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
            s.gemeente.zgw.roots.as_ref().unwrap().zaken.as_str(),
            "https://oz.zuidstad.nl/zaken/api/v1/"
        );
        assert!(!format!("{:?}", s).contains("s3cret"));
        assert!(!s.demo);
        assert!(s.is_https());
        assert_eq!(s.gemeente.website.as_str(), "https://www.zuidstad.nl/");
    }
}
