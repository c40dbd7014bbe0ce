//! The URL allow-list: a URL taken from an upstream response is requested only when it
//! lies under one of the configured API roots.
//!
//! ZGW resources link to each other by absolute URL. Following them blindly lets a
//! compromised or misconfigured upstream point the portal — with its credentials — at any
//! host (server-side request forgery), so every URL passes through [`ApiRoots::check`].

use url::Url;

use super::ZgwError;

/// Which API a root belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// The Zaken API.
    Zaken,
    /// The Catalogi API.
    Catalogi,
    /// The Documenten API.
    Documenten,
}

/// The configured API roots, each an absolute URL ending in `/`.
#[derive(Debug, Clone)]
pub struct ApiRoots {
    /// e.g. `https://openzaak.example.nl/zaken/api/v1/`
    pub zaken: Url,
    /// e.g. `https://openzaak.example.nl/catalogi/api/v1/`
    pub catalogi: Url,
    /// e.g. `https://openzaak.example.nl/documenten/api/v1/`
    pub documenten: Url,
}

impl ApiRoots {
    fn all(&self) -> [(Api, &Url); 3] {
        [
            (Api::Zaken, &self.zaken),
            (Api::Catalogi, &self.catalogi),
            (Api::Documenten, &self.documenten),
        ]
    }

    /// The API `url` lies under: same scheme, host and port, and a path that starts with
    /// the root's path. Anything else — another host, `http` for an `https` root, user
    /// info, an encoded dot or slash that a server might decode into `..` — is refused.
    pub fn check(&self, url: &Url) -> Result<Api, ZgwError> {
        let foreign = || ZgwError::ForeignUrl(redact(url));
        if !url.username().is_empty() || url.password().is_some() || url.fragment().is_some() {
            return Err(foreign());
        }
        let path = url.path();
        let lower = path.to_ascii_lowercase();
        if lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") {
            return Err(foreign());
        }
        self.all()
            .into_iter()
            .find(|(_, root)| {
                root.scheme() == url.scheme()
                    && root.host_str().map(str::to_ascii_lowercase)
                        == url.host_str().map(str::to_ascii_lowercase)
                    && root.port_or_known_default() == url.port_or_known_default()
                    && path.starts_with(root.path())
            })
            .map(|(api, _)| api)
            .ok_or_else(foreign)
    }

    /// Checks that `url` lies under the root of `api` in particular: a link to a zaaktype
    /// must be in the Catalogi API, a document's content in the Documenten API. Being under
    /// some other configured root is not enough (the portal's credentials reach all three).
    pub fn check_in(&self, api: Api, url: &Url) -> Result<(), ZgwError> {
        match self.check(url)? {
            found if found == api => Ok(()),
            _ => Err(ZgwError::ForeignUrl(redact(url))),
        }
    }

    /// Parses a URL string from a response and checks it.
    pub fn check_str(&self, url: &str) -> Result<(Url, Api), ZgwError> {
        let parsed =
            Url::parse(url).map_err(|_| ZgwError::ForeignUrl("(unparseable URL)".to_owned()))?;
        let api = self.check(&parsed)?;
        Ok((parsed, api))
    }
}

/// A URL for the log: scheme, host, port and path only; the query might carry identifiers.
pub fn redact(url: &Url) -> String {
    format!(
        "{}://{}{}{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port().map(|p| format!(":{p}")).unwrap_or_default(),
        url.path()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots() -> ApiRoots {
        ApiRoots {
            zaken: Url::parse("https://oz.example.nl/zaken/api/v1/").unwrap(),
            catalogi: Url::parse("https://oz.example.nl/catalogi/api/v1/").unwrap(),
            documenten: Url::parse("https://docs.example.nl:8443/documenten/api/v1/").unwrap(),
        }
    }

    fn check(url: &str) -> Result<Api, ZgwError> {
        roots().check(&Url::parse(url).unwrap())
    }

    #[test]
    fn urls_under_a_root_are_allowed() {
        assert_eq!(
            check("https://oz.example.nl/zaken/api/v1/zaken/1b2c"),
            Ok(Api::Zaken)
        );
        assert_eq!(
            check("https://OZ.example.nl:443/catalogi/api/v1/zaaktypen/x"),
            Ok(Api::Catalogi)
        );
        assert_eq!(
            check("https://docs.example.nl:8443/documenten/api/v1/enkelvoudiginformatieobjecten/x/download?versie=1"),
            Ok(Api::Documenten)
        );
    }

    #[test]
    fn everything_else_is_foreign() {
        for url in [
            "https://evil.example/zaken/api/v1/zaken/1",
            "http://oz.example.nl/zaken/api/v1/zaken/1",
            "https://oz.example.nl:8443/zaken/api/v1/zaken/1",
            "https://oz.example.nl/admin/",
            "https://oz.example.nl/zaken/api/v10/zaken",
            "https://oz.example.nl/zaken/api/v1/../../admin/",
            "https://oz.example.nl/zaken/api/v1/%2e%2e/%2e%2e/admin/",
            "https://oz.example.nl/zaken/api/v1/..%2Fadmin",
            "https://user:pw@oz.example.nl/zaken/api/v1/zaken/1",
            "https://oz.example.nl.evil.example/zaken/api/v1/zaken/1",
            "https://docs.example.nl/documenten/api/v1/enkelvoudiginformatieobjecten/x",
        ] {
            assert!(matches!(check(url), Err(ZgwError::ForeignUrl(_))), "{url}");
        }
        assert!(matches!(
            roots().check_str("not a url"),
            Err(ZgwError::ForeignUrl(_))
        ));
    }

    #[test]
    fn the_log_form_drops_the_query() {
        let url = Url::parse("https://oz.example.nl/zaken/api/v1/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=111222333").unwrap();
        assert_eq!(redact(&url), "https://oz.example.nl/zaken/api/v1/zaken");
    }
}
