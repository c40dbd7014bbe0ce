//! The gemeente's settings: who it is (name, contact details, theme) and where its
//! zaaksysteem is; the portal's own and the others of a samenwerkingsverband
//! (`MIJNZAKEN_GEMEENTE_*`, `MIJNZAKEN_THEME_*`, `MIJNZAKEN_GEMEENTEN`; README,
//! "Configuration").

use std::{path::PathBuf, sync::Arc};

use url::Url;

use crate::{
    content::Content,
    env::{parse_base_url, ConfigError, Env},
    zgw::ZgwSettings,
};

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
    /// Telephone number for questions (`MIJNZAKEN_GEMEENTE_TELEFOON`), as people write it.
    pub telefoon: String,
    /// When the telephone is answered (`MIJNZAKEN_GEMEENTE_BEREIKBAAR`, e.g. "maandag tot en
    /// met vrijdag van 8.30 tot 17.00 uur"), shown beside the number.
    pub bereikbaar: Option<String>,
    /// E-mail address for questions (`MIJNZAKEN_GEMEENTE_EMAIL`).
    pub email: Option<String>,
    /// The gemeente's own website (`MIJNZAKEN_GEMEENTE_WEBSITE`).
    pub website: Url,
    /// Extra stylesheet with the gemeente's own design tokens (`MIJNZAKEN_THEME_CSS`),
    /// loaded after ours so its custom properties win.
    pub theme_css: Option<PathBuf>,
    /// CSS class on `<body>` that activates the token theme (`MIJNZAKEN_THEME_CLASS`).
    pub theme_class: String,
    /// Its zaaksysteem's ZGW APIs.
    pub zgw: ZgwSettings,
    /// Its own texts for its zaaktypen (`MIJNZAKEN_CONTENT_FILE`); without the file, none
    /// (the demo's in demo mode).
    pub content: Arc<Content>,
}

/// The code of the demo's second gemeente, so that the samenwerkingsverband flow of the
/// KCC pages can be tried; its demo ZGW lives under `/demo/buurdorp/zgw/`.
pub const DEMO_OTHER_GEMEENTE: &str = "buurdorp";

impl Gemeente {
    /// The gemeente: name, contact details, theme and zaaksysteem (the unprefixed variables
    /// for the portal's own gemeente; `MIJNZAKEN_<CODE>_…` for the others, see
    /// [`Gemeente::others_from_env`]).
    pub fn from_env(env: &Env<'_>, demo: bool) -> Result<Gemeente, ConfigError> {
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
        let dialable = telefoon.chars().filter(char::is_ascii_digit).count() >= 3
            && telefoon
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()/".contains(c));
        if !dialable {
            return Err(ConfigError::new(
                "MIJNZAKEN_GEMEENTE_TELEFOON",
                "expected a telephone number: digits, spaces, +, -, ( and )",
            ));
        }
        let bereikbaar = env.string("MIJNZAKEN_GEMEENTE_BEREIKBAAR");
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
        let zgw = ZgwSettings::from_env(env, demo)?;
        let content = Arc::new(content_from_env(env, demo)?);
        Ok(Gemeente {
            code,
            naam,
            logo,
            telefoon,
            bereikbaar,
            email,
            website,
            theme_css,
            theme_class,
            zgw,
            content,
        })
    }
}

/// The texts in the file `MIJNZAKEN_CONTENT_FILE` names, checked now: a mistake stops the
/// start with the file, the line and what is wrong, rather than showing wrong texts.
fn content_from_env(env: &Env<'_>, demo: bool) -> Result<Content, ConfigError> {
    const KEY: &str = "MIJNZAKEN_CONTENT_FILE";
    let Some(path) = env.existing_file(KEY)? else {
        return Ok(default_content(demo));
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ConfigError::new(KEY, format!("cannot read {}: {e}", path.display())))?;
    Content::parse(&text).map_err(|e| ConfigError::new(KEY, format!("{}: {e}", path.display())))
}

#[cfg(feature = "demo")]
fn default_content(demo: bool) -> Content {
    if demo {
        Content::demo()
    } else {
        Content::default()
    }
}

#[cfg(not(feature = "demo"))]
fn default_content(_demo: bool) -> Content {
    Content::default()
}

impl Gemeente {
    /// The telephone number as a `tel:` URL: its digits, with a leading `+` kept.
    pub fn tel_href(&self) -> String {
        let plus = if self.telefoon.trim_start().starts_with('+') {
            "+"
        } else {
            ""
        };
        // "+31 (0)20 …": the trunk zero in brackets is not dialled from abroad.
        let number = if plus.is_empty() {
            self.telefoon.clone()
        } else {
            self.telefoon.replace("(0)", "")
        };
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        format!("tel:{plus}{digits}")
    }
}

/// "Gemeente Súdwest-Fryslân" → "gemeente-sudwest-fryslan" (ASCII letters and digits).
pub(super) fn slug(naam: &str) -> String {
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

impl Gemeente {
    /// The other gemeenten a samenwerkingsverband's KCC serves: `MIJNZAKEN_GEMEENTEN` lists
    /// their codes; each is configured with the same variables as the portal's own gemeente,
    /// with its code (upper case, `-` as `_`) after `MIJNZAKEN_`:
    /// `MIJNZAKEN_BUURDORP_GEMEENTE_NAAM`,
    /// `MIJNZAKEN_BUURDORP_ZAKEN_API_URL`, … In demo mode the default is one demo gemeente.
    pub(super) fn others_from_env(
        env: &Env<'_>,
        demo: bool,
        own: &Gemeente,
    ) -> Result<Vec<Gemeente>, ConfigError> {
        let Some(list) = env.string("MIJNZAKEN_GEMEENTEN") else {
            if !demo {
                return Ok(Vec::new());
            }
            // Its demo ZGW takes the same credentials and limits; startup points its unset
            // roots at /demo/buurdorp/zgw/.
            return Ok(vec![Gemeente {
                code: DEMO_OTHER_GEMEENTE.to_owned(),
                naam: "Gemeente Buurdorp".to_owned(),
                logo: None,
                telefoon: "14 0999".to_owned(),
                bereikbaar: None,
                email: None,
                website: Url::parse("https://buurdorp.example.org/").expect("static URL is valid"),
                theme_css: None,
                theme_class: "voorbeeld-theme".to_owned(),
                zgw: own.zgw.clone(),
                content: own.content.clone(),
            }]);
        };
        let mut others = Vec::new();
        for code in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let valid = code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid || code == own.code || others.iter().any(|g: &Gemeente| g.code == code) {
                return Err(ConfigError::new(
                    "MIJNZAKEN_GEMEENTEN",
                    "expected distinct codes of lowercase letters, digits and '-', \
                     other than MIJNZAKEN_GEMEENTE_CODE",
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
            // Every other gemeente has its own zaaksysteem: its roots and credentials are
            // required (demo mode, which refuses this list, has its own second gemeente).
            let mut gemeente = Gemeente::from_env(&scoped, false).map_err(rename)?;
            gemeente.code = code.to_owned();
            others.push(gemeente);
        }
        Ok(others)
    }
}

/// The content type for a logo file, by extension; `None` for anything but SVG and PNG.
pub fn logo_content_type(path: &std::path::Path) -> Option<&'static str> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "svg" => Some("image/svg+xml"),
        "png" => Some("image/png"),
        _ => None,
    }
}
