//! The logged-in user, as the session holds it.

use serde::{Deserialize, Serialize};

use crate::domain::{Betrokkene, Bsn, KvkNummer, Rsin, Vestigingsnummer};

/// Who is logged in. Built only from validated claims, so "logged in without an
/// identifier" cannot be represented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum User {
    /// Logged in with DigiD.
    Inwoner {
        /// The BSN (masked in every print).
        bsn: Bsn,
    },
    /// Logged in with eHerkenning.
    Ondernemer {
        /// The company.
        kvk: KvkNummer,
        /// Its RSIN, when the broker sent it.
        rsin: Option<Rsin>,
        /// The branch, when the broker sent one.
        vestiging: Option<Vestigingsnummer>,
    },
    /// A KCC medewerker, logged in with the gemeente's own provider. Sees a betrokkene's
    /// zaken only during a look-up; is never a betrokkene.
    Medewerker {
        /// The provider's identifier for this person.
        id: String,
        /// The display name.
        naam: String,
        /// The gemeente codes from the provider's claim; `None`: every gemeente served.
        gemeenten: Option<Vec<String>>,
    },
}

impl User {
    /// The betrokkene whose zaken this user sees as their own; none for a medewerker.
    pub fn betrokkene(&self) -> Option<Betrokkene> {
        match self.clone() {
            User::Inwoner { bsn } => Some(Betrokkene::Inwoner { bsn }),
            User::Ondernemer {
                kvk,
                rsin,
                vestiging,
            } => Some(Betrokkene::Ondernemer {
                kvk,
                rsin,
                vestiging,
            }),
            User::Medewerker { .. } => None,
        }
    }

    /// How the page names the login: "BSN *****6782" or "KVK-nummer 69599084".
    pub fn label(&self) -> String {
        match self {
            User::Medewerker { naam, .. } => format!("{naam} (medewerker)"),
            User::Inwoner { .. } | User::Ondernemer { .. } => self
                .betrokkene()
                .map(|betrokkene| betrokkene.label())
                .unwrap_or_default(),
        }
    }
}
