//! Levels of assurance (betrouwbaarheidsniveaus) as brokers report them: DigiD's names and
//! SAML authentication context classes, and eHerkenning's eToegang assurance classes.

/// Which family of levels a login speaks. A level ranks only within its own family, so
/// that an eHerkenning `loa2` in a DigiD token cannot pass a DigiD minimum of `midden`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// DigiD: `basis` … `hoog` and their SAML authentication context classes.
    Digid,
    /// eHerkenning: the eToegang assurance classes `loa1` … `loa4` (and `loa2plus`).
    Eherkenning,
    /// The gemeente's own provider for medewerkers: either family.
    Any,
}

/// The rank of a level in `scheme`: higher is stronger. `None` for a value that scheme
/// does not know, which never meets a minimum.
pub fn rank(scheme: Scheme, value: &str) -> Option<u8> {
    let value = value.trim();
    match scheme {
        Scheme::Digid => digid(value),
        Scheme::Eherkenning => eherkenning(value),
        Scheme::Any => digid(value).or_else(|| eherkenning(value)),
    }
}

fn digid(value: &str) -> Option<u8> {
    const SAML: &str = "urn:oasis:names:tc:SAML:2.0:ac:classes:";
    if let Some(class) = value.strip_prefix(SAML) {
        return match class {
            "PasswordProtectedTransport" => Some(10),
            "MobileTwoFactorContract" => Some(20),
            "Smartcard" => Some(30),
            "SmartcardPKI" => Some(40),
            _ => None,
        };
    }
    match value.to_ascii_lowercase().as_str() {
        "basis" => Some(10),
        "midden" => Some(20),
        "substantieel" => Some(30),
        "hoog" => Some(40),
        _ => None,
    }
}

fn eherkenning(value: &str) -> Option<u8> {
    const ETOEGANG: &str = "urn:etoegang:core:assurance-class:";
    let short = value.strip_prefix(ETOEGANG).unwrap_or(value);
    match short.to_ascii_lowercase().as_str() {
        "loa1" => Some(10),
        "loa2" => Some(20),
        "loa2plus" => Some(25),
        "loa3" => Some(30),
        "loa4" => Some(40),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{rank, Scheme};

    #[test]
    fn digid_names_and_saml_classes_rank_alike() {
        let rank = |v| rank(Scheme::Digid, v);
        assert_eq!(
            rank("midden"),
            rank("urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract")
        );
        assert!(rank("basis") < rank("midden"));
        assert!(rank("urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard") < rank("hoog"));
    }

    #[test]
    fn eherkenning_classes_in_order() {
        let order = ["loa1", "loa2", "loa2plus", "loa3", "loa4"].map(|l| {
            rank(
                Scheme::Eherkenning,
                &format!("urn:etoegang:core:assurance-class:{l}"),
            )
        });
        assert!(order.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(rank(Scheme::Eherkenning, "loa3"), order[3]);
    }

    #[test]
    fn unknown_levels_rank_nothing() {
        for scheme in [Scheme::Digid, Scheme::Eherkenning, Scheme::Any] {
            assert_eq!(
                rank(scheme, "urn:oasis:names:tc:SAML:2.0:ac:classes:Kerberos"),
                None
            );
            assert_eq!(rank(scheme, "superhoog"), None);
            assert_eq!(rank(scheme, ""), None);
        }
    }

    #[test]
    fn levels_rank_only_within_their_own_scheme() {
        let loa2 = "urn:etoegang:core:assurance-class:loa2";
        assert_eq!(rank(Scheme::Digid, loa2), None);
        assert_eq!(rank(Scheme::Digid, "loa4"), None);
        assert_eq!(rank(Scheme::Eherkenning, "midden"), None);
        assert_eq!(
            rank(
                Scheme::Eherkenning,
                "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"
            ),
            None
        );
        assert_eq!(rank(Scheme::Any, loa2), Some(20));
        assert_eq!(rank(Scheme::Any, "midden"), Some(20));
    }
}
