//! Reading settings from the environment: one lookup helper and one error type for every
//! subsystem's settings (the portal's `config`, the audit trail's `audit::config`). It
//! depends on nothing of the portal, so any module can use it.

use std::path::PathBuf;

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

    pub fn required(&self, key: &'static str) -> Result<String, ConfigError> {
        self.string(key).ok_or_else(|| {
            ConfigError::new(
                key,
                "is required when MIJNZAKEN_DEMO=0 (or when the other ZGW credentials are set)",
            )
        })
    }

    pub fn parse<T>(
        &self,
        key: &'static str,
        default: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        let value = self.string(key).unwrap_or_else(|| default.to_owned());
        parse(&value).map_err(|message| ConfigError::new(key, message))
    }

    pub fn bool(&self, key: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.string(key).as_deref() {
            None => Ok(default),
            Some("1" | "true" | "yes") => Ok(true),
            Some("0" | "false" | "no") => Ok(false),
            Some(_) => Err(ConfigError::new(key, "expected 1 or 0")),
        }
    }

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
