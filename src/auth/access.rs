//! Who may see what, in one place. Handlers ask here; they never decide themselves.
//!
//! - An inwoner or ondernemer sees their own zaken (`/zaken`, `/inzage`), and never `/kcc`.
//! - A medewerker sees nothing of anyone without an active look-up, and during one only
//!   that person's zaken, only in the gemeente chosen for the look-up, only a gemeente
//!   they work for, and read-only (the KCC pages have no form but "stop").

use super::{session::ActiveLookup, User};
use crate::domain::Betrokkene;

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Not a medewerker: `/kcc` is not for inwoners or ondernemers.
    NotMedewerker,
    /// A medewerker without an active look-up: back to the look-up form.
    NoLookup,
    /// The look-up is for a gemeente this medewerker does not work for.
    WrongGemeente,
}

/// The citizen's own betrokkene, for the pages under `/zaken` and `/inzage`.
pub fn own_zaken(user: &User) -> Option<Betrokkene> {
    user.betrokkene().cloned()
}

/// Whether `user` is a medewerker who may look up for the gemeente `code`.
pub fn may_look_up(user: &User, code: &str) -> Result<(), Denied> {
    match user {
        User::Medewerker { gemeenten, .. } => match gemeenten {
            Some(list) if !list.iter().any(|g| g == code) => Err(Denied::WrongGemeente),
            _ => Ok(()),
        },
        User::Citizen(_) => Err(Denied::NotMedewerker),
    }
}

/// Whose zaken a medewerker may see now, and in which gemeente: those of the active look-up.
pub fn kcc_view<'a>(
    user: &User,
    lookup: Option<&'a ActiveLookup>,
) -> Result<&'a ActiveLookup, Denied> {
    if !matches!(user, User::Medewerker { .. }) {
        return Err(Denied::NotMedewerker);
    }
    let lookup = lookup.ok_or(Denied::NoLookup)?;
    // A look-up is its medewerker's: never one left in the session by someone else.
    let User::Medewerker { id, .. } = user else {
        return Err(Denied::NotMedewerker);
    };
    if lookup.medewerker != *id {
        return Err(Denied::NoLookup);
    }
    may_look_up(user, &lookup.gemeente)?;
    Ok(lookup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Bsn;

    fn medewerker(gemeenten: Option<Vec<&str>>) -> User {
        User::Medewerker {
            id: "anna".into(),
            naam: "Anna".into(),
            gemeenten: gemeenten.map(|g| g.into_iter().map(str::to_owned).collect()),
        }
    }

    fn lookup(gemeente: &str) -> ActiveLookup {
        ActiveLookup {
            medewerker: "anna".into(),
            subject: Betrokkene::Inwoner {
                bsn: Bsn::parse("999993653").unwrap(),
            },
            gemeente: gemeente.into(),
            reden: "Terugbelverzoek".into(),
            toelichting: None,
        }
    }

    #[test]
    fn citizens_never_reach_the_kcc_pages() {
        let inwoner = User::Citizen(crate::domain::Betrokkene::Inwoner {
            bsn: Bsn::parse("999993653").unwrap(),
        });
        assert_eq!(may_look_up(&inwoner, "x"), Err(Denied::NotMedewerker));
        let active = lookup("x");
        assert_eq!(
            kcc_view(&inwoner, Some(&active)).unwrap_err(),
            Denied::NotMedewerker
        );
        assert!(own_zaken(&inwoner).is_some());
        assert!(
            own_zaken(&medewerker(None)).is_none(),
            "a medewerker has no zaken of their own"
        );
    }

    #[test]
    fn a_medewerker_sees_only_during_a_look_up_and_only_for_their_gemeenten() {
        let anna = medewerker(None);
        assert_eq!(kcc_view(&anna, None).unwrap_err(), Denied::NoLookup);
        let active = lookup("buurdorp");
        assert!(kcc_view(&anna, Some(&active)).is_ok());
        let only_voorbeeld = medewerker(Some(vec!["gemeente-voorbeeld"]));
        assert_eq!(
            kcc_view(&only_voorbeeld, Some(&active)).unwrap_err(),
            Denied::WrongGemeente
        );
        assert!(may_look_up(&only_voorbeeld, "gemeente-voorbeeld").is_ok());
    }

    #[test]
    fn a_look_up_is_only_its_own_medewerkers() {
        let bram = User::Medewerker {
            id: "bram".into(),
            naam: "Bram".into(),
            gemeenten: None,
        };
        let annas = lookup("buurdorp");
        assert_eq!(kcc_view(&bram, Some(&annas)).unwrap_err(), Denied::NoLookup);
        let mut old = lookup("buurdorp");
        old.medewerker = String::new();
        assert_eq!(
            kcc_view(&medewerker(None), Some(&old)).unwrap_err(),
            Denied::NoLookup,
            "a look-up from before the medewerker was recorded"
        );
    }
}
