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
}

impl User {
    /// The betrokkene whose zaken this user sees.
    pub fn betrokkene(&self) -> Betrokkene {
        match self.clone() {
            User::Inwoner { bsn } => Betrokkene::Inwoner { bsn },
            User::Ondernemer {
                kvk,
                rsin,
                vestiging,
            } => Betrokkene::Ondernemer {
                kvk,
                rsin,
                vestiging,
            },
        }
    }

    /// How the page names the login: "BSN *****6782" or "KVK-nummer 69599084".
    pub fn label(&self) -> String {
        match self {
            User::Inwoner { bsn } => format!("BSN {}", bsn.masked()),
            User::Ondernemer { kvk, .. } => format!("KVK-nummer {kvk}"),
        }
    }
}
