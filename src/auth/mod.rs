//! Login with DigiD, eHerkenning and the gemeente's own provider (medewerkers) over
//! OpenID Connect, the typed session, and the access checks.

pub mod access;
pub mod config;
pub mod loa;
pub mod oidc;
pub mod pending;
pub mod session;
pub mod store;
pub mod user;

use std::sync::Arc;

pub use user::User;

use crate::domain::{Betrokkene, Bsn, KvkNummer, Rsin, Vestigingsnummer};
use oidc::OidcProvider;

/// The kinds of login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    /// DigiD, for inwoners.
    Digid,
    /// eHerkenning, for ondernemers.
    Eherkenning,
    /// The gemeente's own provider (Azure AD, Keycloak, …), for KCC medewerkers.
    Medewerker,
}

impl ProviderKind {
    /// Every kind, in the order the logins are set up.
    pub const ALL: [ProviderKind; 3] = [Self::Digid, Self::Eherkenning, Self::Medewerker];

    /// The route name: `/auth/{name}/login`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Digid => "digid",
            Self::Eherkenning => "eherkenning",
            Self::Medewerker => "medewerker",
        }
    }

    /// The name people know.
    pub fn label(self) -> &'static str {
        match self {
            Self::Digid => "DigiD",
            Self::Eherkenning => "eHerkenning",
            Self::Medewerker => "de inlog voor medewerkers",
        }
    }

    /// The family of levels of assurance this login speaks.
    pub fn loa_scheme(self) -> loa::Scheme {
        match self {
            Self::Digid => loa::Scheme::Digid,
            Self::Eherkenning => loa::Scheme::Eherkenning,
            Self::Medewerker => loa::Scheme::Any,
        }
    }

    /// From a route name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "digid" => Some(Self::Digid),
            "eherkenning" => Some(Self::Eherkenning),
            "medewerker" => Some(Self::Medewerker),
            _ => None,
        }
    }
}

/// Which claims carry what, and the minimum level of assurance.
#[derive(Debug, Clone)]
pub struct ClaimRules {
    /// The BSN claim (DigiD) or the KVK claim (eHerkenning); a dotted path.
    pub identity: String,
    /// eHerkenning: the RSIN claim, when the broker sends one.
    pub rsin: Option<String>,
    /// eHerkenning: the vestigingsnummer claim, when the broker sends one.
    pub vestiging: Option<String>,
    /// The level-of-assurance claim.
    pub loa: Option<String>,
    /// The minimum level (a value `loa::rank` knows in the provider's scheme).
    pub min_loa: Option<String>,
    /// Medewerkers: the claim with the display name.
    pub name: Option<String>,
    /// Medewerkers: the claim that lists roles, and the role that gives access.
    pub role: Option<(String, String)>,
    /// Medewerkers: the claim that lists the gemeente codes they work for; without it,
    /// every gemeente the portal serves.
    pub gemeenten: Option<String>,
}

/// A configured provider with its claim rules.
pub struct Provider {
    /// Which login this is.
    pub kind: ProviderKind,
    /// The relying party.
    pub oidc: OidcProvider,
    /// How to read its claims.
    pub rules: ClaimRules,
}

/// Why a login was refused after the provider answered. Carries no claim values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginFailure {
    /// `state` missing, wrong, or no login was in progress (expired, replayed, forged).
    Interrupted,
    /// The provider reported an error, refused the code, or the token did not verify.
    Refused,
    /// The provider could not be reached.
    Unavailable,
    /// The identity claim is missing.
    MissingClaim,
    /// The identity claim is not a valid number.
    InvalidClaim,
    /// The level of assurance is below the minimum, or unknown.
    AssuranceTooLow,
    /// A medewerker without the role that gives access.
    NoAccess,
}

impl LoginFailure {
    /// The HTTP status of the page that says so: the user's doing or the provider's.
    pub fn status(self) -> http::StatusCode {
        match self {
            Self::Interrupted | Self::Refused => http::StatusCode::BAD_REQUEST,
            Self::Unavailable => http::StatusCode::SERVICE_UNAVAILABLE,
            Self::MissingClaim | Self::InvalidClaim | Self::AssuranceTooLow | Self::NoAccess => {
                http::StatusCode::FORBIDDEN
            }
        }
    }
}

/// Turns verified claims into the session user, or says why not. The level of assurance
/// is read from `id_token_claims` only (the signed ID token's own claims); identity claims
/// may come from userinfo too (`claims`).
pub fn user_from_claims(
    kind: ProviderKind,
    rules: &ClaimRules,
    claims: &serde_json::Map<String, serde_json::Value>,
    id_token_claims: &serde_json::Map<String, serde_json::Value>,
) -> Result<User, LoginFailure> {
    if let Some(minimum) = &rules.min_loa {
        let scheme = kind.loa_scheme();
        let needed = loa::rank(scheme, minimum);
        let got = rules
            .loa
            .as_deref()
            .and_then(|c| oidc::claim(id_token_claims, c))
            .and_then(|v| loa::rank(scheme, &v));
        if got.is_none() || got < needed {
            return Err(LoginFailure::AssuranceTooLow);
        }
    }
    let identity = oidc::claim(claims, &rules.identity).ok_or(LoginFailure::MissingClaim)?;
    match kind {
        ProviderKind::Medewerker => {
            if let Some((claim, role)) = &rules.role {
                if !oidc::claim_values(claims, claim).iter().any(|r| r == role) {
                    return Err(LoginFailure::NoAccess);
                }
            }
            let naam = rules
                .name
                .as_deref()
                .and_then(|c| oidc::claim(claims, c))
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| identity.clone());
            let gemeenten = rules
                .gemeenten
                .as_deref()
                .map(|c| oidc::claim_values(claims, c));
            Ok(User::Medewerker {
                id: identity,
                naam,
                gemeenten,
            })
        }
        ProviderKind::Digid => Ok(User::Citizen(Betrokkene::Inwoner {
            bsn: Bsn::parse(&identity).map_err(|_| LoginFailure::InvalidClaim)?,
        })),
        ProviderKind::Eherkenning => {
            let optional =
                |path: &Option<String>| path.as_deref().and_then(|p| oidc::claim(claims, p));
            Ok(User::Citizen(Betrokkene::Ondernemer {
                kvk: KvkNummer::parse(&identity).map_err(|_| LoginFailure::InvalidClaim)?,
                rsin: optional(&rules.rsin)
                    .map(|v| Rsin::parse(&v))
                    .transpose()
                    .map_err(|_| LoginFailure::InvalidClaim)?,
                vestiging: optional(&rules.vestiging)
                    .map(|v| Vestigingsnummer::parse(&v))
                    .transpose()
                    .map_err(|_| LoginFailure::InvalidClaim)?,
            }))
        }
    }
}

/// The configured logins.
#[derive(Default)]
pub struct Auth {
    providers: Vec<Arc<Provider>>,
}

impl Auth {
    /// The logins, as configured.
    pub fn new(providers: Vec<Provider>) -> Self {
        Self {
            providers: providers.into_iter().map(Arc::new).collect(),
        }
    }

    /// The provider of this kind, when configured.
    pub fn provider(&self, kind: ProviderKind) -> Option<Arc<Provider>> {
        self.providers.iter().find(|p| p.kind == kind).cloned()
    }

    /// Discovers every provider's metadata, retrying a provider that cannot be reached
    /// every 30 seconds until it answers (a login would discover it too). Run in the
    /// background at start.
    pub async fn discover_all(&self) {
        let pending = self.providers.iter().map(|provider| async move {
            loop {
                match provider.oidc.discover().await {
                    Ok(()) => break,
                    Err(error) => {
                        tracing::warn!(
                            provider = provider.kind.name(),
                            %error,
                            "identity provider not discovered yet; retrying in 30 s"
                        );
                        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
                    }
                }
            }
        });
        futures::future::join_all(pending).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(min: Option<&str>) -> ClaimRules {
        ClaimRules {
            identity: "bsn".into(),
            rsin: None,
            vestiging: None,
            loa: Some("acr".into()),
            min_loa: min.map(str::to_owned),
            name: None,
            role: None,
            gemeenten: None,
        }
    }

    #[test]
    fn a_medewerker_needs_the_role() {
        let rules = ClaimRules {
            identity: "sub".into(),
            rsin: None,
            vestiging: None,
            loa: None,
            min_loa: None,
            name: Some("name".into()),
            role: Some(("roles".into(), "kcc".into())),
            gemeenten: None,
        };
        let kcc = claims(
            serde_json::json!({"sub": "anna", "name": "Anna Visser", "roles": ["kcc", "x"]}),
        );
        assert_eq!(
            user_from_claims(ProviderKind::Medewerker, &rules, &kcc, &kcc),
            Ok(User::Medewerker {
                id: "anna".into(),
                naam: "Anna Visser".into(),
                gemeenten: None
            })
        );
        let single = claims(serde_json::json!({"sub": "anna", "roles": "kcc"}));
        assert!(user_from_claims(ProviderKind::Medewerker, &rules, &single, &single).is_ok());
        for other in [
            serde_json::json!({"sub": "bram", "roles": ["burgerzaken"]}),
            serde_json::json!({"sub": "bram"}),
            serde_json::json!({"sub": "bram", "roles": "kcc-extra"}),
        ] {
            let other = claims(other);
            assert_eq!(
                user_from_claims(ProviderKind::Medewerker, &rules, &other, &other),
                Err(LoginFailure::NoAccess)
            );
        }
    }

    fn claims(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_valid_bsn_at_a_sufficient_level_logs_in() {
        let c = claims(
            serde_json::json!({"bsn": "999993653", "acr": "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"}),
        );
        let user = user_from_claims(ProviderKind::Digid, &rules(Some("midden")), &c, &c).unwrap();
        assert_eq!(user.label(), "BSN *****3653");
    }

    #[test]
    fn the_level_counts_only_from_the_id_token_not_from_userinfo() {
        let merged = claims(
            serde_json::json!({"bsn": "999993653", "acr": "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"}),
        );
        let id_token = claims(serde_json::json!({"sub": "x"}));
        assert_eq!(
            user_from_claims(
                ProviderKind::Digid,
                &rules(Some("midden")),
                &merged,
                &id_token
            ),
            Err(LoginFailure::AssuranceTooLow)
        );
        assert!(user_from_claims(
            ProviderKind::Digid,
            &rules(Some("midden")),
            &merged,
            &merged
        )
        .is_ok());
    }

    #[test]
    fn an_eherkenning_level_in_a_digid_token_meets_no_digid_minimum() {
        let c = claims(
            serde_json::json!({"bsn": "999993653", "acr": "urn:etoegang:core:assurance-class:loa4"}),
        );
        assert_eq!(
            user_from_claims(ProviderKind::Digid, &rules(Some("midden")), &c, &c),
            Err(LoginFailure::AssuranceTooLow)
        );
    }

    #[test]
    fn missing_invalid_or_weak_logins_are_refused() {
        let weak = claims(
            serde_json::json!({"bsn": "999993653", "acr": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"}),
        );
        assert_eq!(
            user_from_claims(ProviderKind::Digid, &rules(Some("midden")), &weak, &weak),
            Err(LoginFailure::AssuranceTooLow)
        );
        let no_level = claims(serde_json::json!({"bsn": "999993653"}));
        assert_eq!(
            user_from_claims(
                ProviderKind::Digid,
                &rules(Some("basis")),
                &no_level,
                &no_level
            ),
            Err(LoginFailure::AssuranceTooLow)
        );
        assert!(user_from_claims(ProviderKind::Digid, &rules(None), &no_level, &no_level).is_ok());
        let missing = claims(serde_json::json!({"acr": "midden"}));
        assert_eq!(
            user_from_claims(ProviderKind::Digid, &rules(None), &missing, &missing),
            Err(LoginFailure::MissingClaim)
        );
        let invalid = claims(serde_json::json!({"bsn": "123456789"}));
        assert_eq!(
            user_from_claims(ProviderKind::Digid, &rules(None), &invalid, &invalid),
            Err(LoginFailure::InvalidClaim)
        );
    }
}
