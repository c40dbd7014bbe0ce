//! What the pages say about each login: its choice on the home page, and what a refused
//! login tells the user. The one place a new login provider gets its words.

use crate::auth::ProviderKind;

/// The texts of one login.
pub struct LoginTexts {
    /// Who it is for, the heading of its choice on the home page.
    pub heading: &'static str,
    /// What they see after logging in.
    pub text: &'static str,
    /// The button that starts it.
    pub button: &'static str,
    /// The provider did not send (or sent a malformed) identity.
    pub missing_claim: &'static str,
    /// The level of assurance was below the gemeente's minimum.
    pub too_low: &'static str,
    /// Whether the home page offers it (the citizens' logins); a medewerker starts at
    /// `/kcc`.
    pub on_home_page: bool,
}

/// The texts of `kind`'s login.
pub fn login_texts(kind: ProviderKind) -> LoginTexts {
    match kind {
        ProviderKind::Digid => LoginTexts {
            heading: "Inwoners",
            text: "Log in met DigiD. U ziet dan uw eigen zaken.",
            button: "Inloggen met DigiD",
            missing_claim: "We hebben uw burgerservicenummer niet goed ontvangen van DigiD. \
                            Neem contact met ons op.",
            too_low: "U hebt ingelogd op een te laag niveau. \
                      Log opnieuw in met de DigiD app (niveau Midden of hoger).",
            on_home_page: true,
        },
        ProviderKind::Eherkenning => LoginTexts {
            heading: "Ondernemers",
            text: "Log in met eHerkenning. U ziet dan de zaken van uw bedrijf.",
            button: "Inloggen met eHerkenning",
            missing_claim: "We hebben het KVK-nummer van uw bedrijf niet goed ontvangen van \
                            eHerkenning. Neem contact met ons op.",
            too_low: "U hebt ingelogd met een te laag eHerkenningsniveau. \
                      Log opnieuw in met een hoger niveau.",
            on_home_page: true,
        },
        ProviderKind::Medewerker => LoginTexts {
            heading: "Medewerkers van de gemeente",
            text: "Log in met uw werkaccount om een inwoner of ondernemer te helpen.",
            button: "Inloggen als medewerker",
            missing_claim: "We hebben uw gegevens niet goed ontvangen van de inlogdienst van \
                            de gemeente. Neem contact op met de servicedesk.",
            too_low: "U hebt ingelogd op een te laag niveau. \
                      Log opnieuw in met uw authenticator-app.",
            on_home_page: false,
        },
    }
}
