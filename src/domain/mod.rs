//! The portal's own types and rules, without I/O: identifiers, who is asking, what they
//! may see, and what a citizen reads about a zaak.

pub mod dates;
pub mod identifiers;
pub mod stappen;
pub mod termijn;
pub mod visibility;

pub use identifiers::{Bsn, IdentifierError, KvkNummer, Rsin, Vestigingsnummer};

/// The party whose zaken are shown: a person (by BSN) or a company (by KVK, and where
/// known its RSIN and vestigingsnummer). A medewerker looks at a betrokkene; it is never
/// one itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Betrokkene {
    /// An inwoner, identified by DigiD.
    Inwoner {
        /// Burgerservicenummer.
        bsn: Bsn,
    },
    /// An ondernemer, identified by eHerkenning.
    Ondernemer {
        /// The company's KVK-nummer.
        kvk: KvkNummer,
        /// The company's RSIN, when the broker sends it.
        rsin: Option<Rsin>,
        /// The branch, when the login is for one vestiging.
        vestiging: Option<Vestigingsnummer>,
    },
}

impl Betrokkene {
    /// How a page names the betrokkene: "BSN *****6782" or "KVK-nummer 69599084".
    pub fn label(&self) -> String {
        match self {
            Betrokkene::Inwoner { bsn } => format!("BSN {}", bsn.masked()),
            Betrokkene::Ondernemer { kvk, .. } => format!("KVK-nummer {kvk}"),
        }
    }
}
