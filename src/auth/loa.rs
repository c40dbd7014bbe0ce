//! Levels of assurance (betrouwbaarheidsniveaus) as brokers report them: DigiD's names and
//! SAML authentication context classes, and eHerkenning's eToegang assurance classes.

/// The rank of a level: higher is stronger. `None` for a value we do not know, which never
/// meets a minimum.
pub fn rank(value: &str) -> Option<u8> {
    const SAML: &str = "urn:oasis:names:tc:SAML:2.0:ac:classes:";
    const ETOEGANG: &str = "urn:etoegang:core:assurance-class:";
    let value = value.trim();
    if let Some(class) = value.strip_prefix(SAML) {
        return match class {
            "PasswordProtectedTransport" => Some(10),
            "MobileTwoFactorContract" => Some(20),
            "Smartcard" => Some(30),
            "SmartcardPKI" => Some(40),
            _ => None,
        };
    }
    let short = value.strip_prefix(ETOEGANG).unwrap_or(value);
    match short.to_ascii_lowercase().as_str() {
        "basis" => Some(10),
        "midden" => Some(20),
        "substantieel" => Some(30),
        "hoog" => Some(40),
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
    use super::rank;

    #[test]
    fn digid_names_and_saml_classes_rank_alike() {
        assert_eq!(
            rank("midden"),
            rank("urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract")
        );
        assert!(rank("basis") < rank("midden"));
        assert!(rank("urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard") < rank("hoog"));
    }

    #[test]
    fn eherkenning_classes_in_order() {
        let order = ["loa1", "loa2", "loa2plus", "loa3", "loa4"]
            .map(|l| rank(&format!("urn:etoegang:core:assurance-class:{l}")));
        assert!(order.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(rank("loa3"), order[3]);
    }

    #[test]
    fn unknown_levels_rank_nothing() {
        assert_eq!(
            rank("urn:oasis:names:tc:SAML:2.0:ac:classes:Kerberos"),
            None
        );
        assert_eq!(rank("superhoog"), None);
        assert_eq!(rank(""), None);
    }
}
