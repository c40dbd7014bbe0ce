//! The logged-in user, as the session holds it.

use serde::{Deserialize, Serialize};

use crate::domain::Betrokkene;

/// Who is logged in. Built only from validated claims, so "logged in without an
/// identifier" cannot be represented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum User {
    /// An inwoner (DigiD: the BSN) or an ondernemer (eHerkenning: KVK, RSIN, vestiging),
    /// who sees the zaken of that betrokkene as their own. (A gemachtigde, acting for
    /// someone else, is to come.)
    Citizen(Betrokkene),
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
    pub fn betrokkene(&self) -> Option<&Betrokkene> {
        match self {
            User::Citizen(betrokkene) => Some(betrokkene),
            User::Medewerker { .. } => None,
        }
    }

    /// How the page names the login: "BSN *****6782" or "KVK-nummer 69599084".
    pub fn label(&self) -> String {
        match self {
            User::Medewerker { naam, .. } => format!("{naam} (medewerker)"),
            User::Citizen(betrokkene) => betrokkene.label(),
        }
    }
}
