//! The overview: every zaak of a betrokkene, open ones and closed ones.
//!
//! Upstream economy: round 1 asks, in parallel, per rol filter for the zaken (with
//! `expand=status,status.statustype,zaaktype` where the upstream supports it) and for the
//! rollen of the betrokkene. With expand that is all. Without, round 2 fetches per zaak its
//! status, zaaktype and the zaaktype's statustypen in parallel (catalogi cached).
//!
//! Ownership: a zaak is listed only when one of the betrokkene's rollen points at it, so a
//! zaken list that ignored its filter cannot show someone else's zaak.

use std::collections::HashSet;

use time::Date;
use url::Url;
use uuid::Uuid;

use crate::{
    domain::{
        stappen::status_label,
        termijn::{is_overdue, verwachte_einddatum, Verwachting},
        visibility::{rol_filters, rol_is_of, zaak_listable},
        Betrokkene,
    },
    zgw::{
        types::{Status, StatusType, Zaak},
        Zgw, ZgwError,
    },
};

/// One zaak in the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZaakRegel {
    /// For the portal's own URL of the zaak.
    pub uuid: Uuid,
    /// The zaaknummer.
    pub identificatie: String,
    /// The zaak's omschrijving, else its zaaktype's.
    pub omschrijving: String,
    /// Datum aanvraag.
    pub startdatum: Date,
    /// Set when the zaak is closed.
    pub einddatum: Option<Date>,
    /// The current status in citizen words.
    pub status: StatusRegel,
    /// For open zaken.
    pub verwachting: Option<Verwachting>,
    /// Open and past the expected date.
    pub overdue: bool,
    /// Suspended.
    pub opgeschort: bool,
    /// Extended.
    pub verlengd: bool,
}

/// What the overview says about the current status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusRegel {
    /// The status' text.
    Known(String),
    /// The zaak has no status yet: it was received.
    Ontvangen,
    /// The status could not be fetched now.
    Unavailable,
}

/// The overview page's data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overzicht {
    /// Open zaken, newest first.
    pub lopend: Vec<ZaakRegel>,
    /// Closed zaken, most recently closed first.
    pub afgerond: Vec<ZaakRegel>,
    /// Some zaken could not be fetched, or not completely: the page must say so.
    pub incomplete: bool,
}

/// The overview of `betrokkene`'s zaken, as complete as the upstreams allow.
pub async fn overzicht(zgw: &Zgw, betrokkene: &Betrokkene, today: Date) -> Overzicht {
    let filters = rol_filters(betrokkene);
    let (zaken, rollen) = futures::join!(
        futures::future::join_all(filters.iter().map(|f| zgw.zaken(f))),
        futures::future::join_all(filters.iter().map(|f| zgw.rollen_of(f))),
    );
    let mut incomplete = false;

    let mut owned: HashSet<Url> = HashSet::new();
    for result in rollen {
        match result {
            Ok(rollen) => owned.extend(
                rollen
                    .into_iter()
                    .filter(|rol| rol_is_of(rol, betrokkene))
                    .map(|rol| rol.zaak),
            ),
            Err(error) => {
                tracing::warn!(%error, "the rollen of the betrokkene could not be fetched");
                incomplete = true;
            }
        }
    }

    let mut seen = HashSet::new();
    let mut candidates = Vec::new();
    for result in zaken {
        match result {
            Ok(list) => {
                for zaak in list {
                    if !owned.contains(&zaak.url) {
                        continue;
                    }
                    if seen.insert(zaak.url.clone()) {
                        candidates.push(zaak);
                    }
                }
            }
            Err(error) => {
                tracing::warn!(%error, "a zaken list could not be fetched");
                incomplete = true;
            }
        }
    }

    let ceiling = zgw.client().ceiling();
    let regels = zgw
        .bounded(candidates, |zaak| regel(zgw, zaak, ceiling, today))
        .await;
    let mut overzicht = Overzicht::default();
    for regel in regels {
        match regel {
            Ok(Some(regel)) => {
                incomplete |= regel.status == StatusRegel::Unavailable;
                if regel.einddatum.is_some() {
                    overzicht.afgerond.push(regel);
                } else {
                    overzicht.lopend.push(regel);
                }
            }
            Ok(None) => {}
            Err(()) => incomplete = true,
        }
    }
    overzicht
        .lopend
        .sort_by(|a, b| (b.startdatum, &b.identificatie).cmp(&(a.startdatum, &a.identificatie)));
    overzicht
        .afgerond
        .sort_by(|a, b| (b.einddatum, &b.identificatie).cmp(&(a.einddatum, &a.identificatie)));
    overzicht.incomplete = incomplete;
    overzicht
}

/// One line of the overview; `Ok(None)` when the zaak may not be listed, `Err` when its
/// zaaktype could not be fetched, so the visibility rules cannot be applied (hidden).
async fn regel(
    zgw: &Zgw,
    zaak: Zaak,
    ceiling: crate::zgw::Vertrouwelijkheid,
    today: Date,
) -> Result<Option<ZaakRegel>, ()> {
    let Some(uuid) = crate::zaken::uuid_of(&zaak.url) else {
        tracing::warn!("a zaak URL does not end in a UUID; not listed");
        return Err(());
    };
    let (zaaktype, status) =
        futures::join!(zgw.zaaktype(&zaak.zaaktype), current_status(zgw, &zaak));
    let zaaktype = match zaaktype {
        Ok(zaaktype) => zaaktype,
        Err(error) => {
            tracing::warn!(%error, "a zaaktype could not be fetched; its zaak is not listed");
            return Err(());
        }
    };
    if !zaak_listable(&zaak, &zaaktype, ceiling) {
        return Ok(None);
    }
    let status = match status {
        Ok(Some(statustype)) => StatusRegel::Known(status_label(&statustype)),
        Ok(None) => StatusRegel::Ontvangen,
        Err(error) => {
            tracing::warn!(%error, "the status of a zaak could not be fetched");
            StatusRegel::Unavailable
        }
    };
    let verwachting = verwachte_einddatum(&zaak, &zaaktype);
    let omschrijving = if zaak.omschrijving.trim().is_empty() {
        zaaktype.omschrijving.clone()
    } else {
        zaak.omschrijving.clone()
    };
    Ok(Some(ZaakRegel {
        uuid,
        identificatie: zaak.identificatie.clone(),
        omschrijving,
        startdatum: zaak.startdatum,
        einddatum: zaak.einddatum,
        status,
        overdue: verwachting.is_some_and(|v| is_overdue(&zaak, &v, today)),
        verwachting,
        opgeschort: zaak.opgeschort().is_some(),
        verlengd: zaak.verlengd().is_some(),
    }))
}

/// The statustype of the zaak's current status: embedded when the upstream expanded it,
/// else its status and the zaaktype's statustypen fetched side by side.
async fn current_status(zgw: &Zgw, zaak: &Zaak) -> Result<Option<StatusType>, ZgwError> {
    let Some(status_url) = &zaak.status else {
        return Ok(None);
    };
    let expanded = zaak
        .expand
        .as_ref()
        .and_then(|e| e.status.as_ref())
        .filter(|s| s.status.url == *status_url);
    let status: Status = match expanded {
        // Its statustype, when embedded too, is in the cache already.
        Some(expanded) => expanded.status.clone(),
        None => {
            let (status, statustypen) =
                futures::join!(zgw.status(status_url), zgw.statustypen(&zaak.zaaktype));
            let status = status?;
            if let Some(found) = statustypen
                .ok()
                .and_then(|all| all.iter().find(|t| t.url == status.statustype).cloned())
            {
                return Ok(Some(found));
            }
            status
        }
    };
    zgw.statustype(&status.statustype).await.map(Some)
}
