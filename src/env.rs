//! Reading settings from the environment: one lookup helper and one error type for every
//! subsystem's settings (`config` and the gemeente's, `zgw::config`, `auth::config`,
//! `audit::config`). It depends on nothing of the portal, so any module can use it.

use std::path::PathBuf;

use url::Url;

/// A configuration error: which variable, and what is wrong with it.
#[derive(Debug, thiserror::Error)]
#[error("configuration error in {key}: {message}")]
pub struct ConfigError {
    /// The environment variable that holds the bad value.
    pub key: String,
    /// What is wrong, in English, for the operator.
    pub message: String,
}

impl ConfigError {
    /// The error for `key`.
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            message: message.into(),
        }
    }
}

/// The environment, read through `lookup` (the process environment, or a map in tests):
/// every setting is read the same way, blank counting as unset.
pub struct Env<'a> {
    /// The raw value of a variable.
    pub lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl Env<'_> {
    /// A non-empty, trimmed value.
    pub fn string(&self, key: &str) -> Option<String> {
        (self.lookup)(key)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// A value that must be there outside demo mode.
    pub fn required(&self, key: &'static str) -> Result<String, ConfigError> {
        self.string(key).ok_or_else(|| {
            ConfigError::new(
                key,
                "is required when MIJNZAKEN_DEMO=0 (or when the other ZGW credentials are set)",
            )
        })
    }

    /// The value (or `default`) through `parse`, whose message becomes the error's.
    pub fn parse<T>(
        &self,
        key: &'static str,
        default: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        let value = self.string(key).unwrap_or_else(|| default.to_owned());
        parse(&value).map_err(|message| ConfigError::new(key, message))
    }

    /// `1`/`true`/`yes` or `0`/`false`/`no`.
    pub fn bool(&self, key: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.string(key).as_deref() {
            None => Ok(default),
            Some("1" | "true" | "yes") => Ok(true),
            Some("0" | "false" | "no") => Ok(false),
            Some(_) => Err(ConfigError::new(key, "expected 1 or 0")),
        }
    }

    /// A path to a file that exists now.
    pub fn existing_file(&self, key: &'static str) -> Result<Option<PathBuf>, ConfigError> {
        match self.string(key) {
            None => Ok(None),
            Some(v) => {
                let path = PathBuf::from(v);
                if path.is_file() {
                    Ok(Some(path))
                } else {
                    Err(ConfigError::new(
                        key,
                        format!("no readable file at {}", path.display()),
                    ))
                }
            }
        }
    }
}

/// An absolute http(s) URL, normalised to end in `/` so paths can be joined onto it.
pub fn parse_base_url(value: &str) -> Result<Url, String> {
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
