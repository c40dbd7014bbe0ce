//! The overview: every zaak of a betrokkene, open ones and closed ones, a screen at a
//! time.
//!
//! Upstream economy, chosen by measuring a real Open Zaak 1.30 (README, "What the portal
//! asks of the zaaksysteem"):
//! - Round 1 asks, in parallel, per rol filter for the zaken of the betrokkene, without
//!   `expand` (Open Zaak takes seconds to expand a long list) and in pages of 500 (one
//!   request for most lists), and for the screen: the newest open zaken with their current
//!   status embedded and the most recently closed ones with their resultaat
//!   ([`Zgw::newest_zaken`], each a page of [`PER_SCREEN`] plus a margin). A list longer
//!   than a page costs round 2, its remaining pages side by side.
//! - The zaaktypen of the listed zaken (a handful) come from the catalogi cache; on a cold
//!   cache they cost one round.
//! - Only the zaken on the screen need their status (open ones) or resultaat (closed
//!   ones, whose card leads with the outcome). They come from the screen queries; one
//!   that a query did not hold (a tie in dates, a zaaksysteem without the screen query) is
//!   asked for on its own. "Toon meer" asks one larger screen query. Asking for each on
//!   its own would cost Open Zaak a request per zaak, each dearer than a whole list page.
//! - Everything but the catalogi is kept per user for a short while ([`OverzichtCache`]),
//!   so a reload or "Toon meer" asks only for what it has not seen.
//!
//! Ownership: the zaken lists are asked with the betrokkene's rol filter. A Zaken API that
//! ignored that filter would list everyone's zaken, so unless a probe asked beside the
//! lists shows that it honours every filter used ([`OwnershipCheck`],
//! [`Zgw::honours_filter`]), a zaak is listed only when one of the betrokkene's rollen
//! points at it, from their rollen list. Every page after the first must carry the filter
//! in its URL too.
//!
//! Honesty: when a list, a page of it or a zaaktype could not be fetched, the overview
//! keeps what did arrive and says that the list is incomplete; it never claims that there
//! are no zaken.

use std::collections::{HashMap, HashSet};

use time::Date;
use url::Url;
use uuid::Uuid;

use crate::{
    content::Content,
    domain::{
        stappen::{first_statustype, stap_van, status_label, FIRST_VOLGNUMMER},
        termijn::{is_overdue, verwachte_einddatum, UpstreamDates, Verwachting},
        visibility::{rol_filters, rol_is_of, zaak_listable},
        Betrokkene,
    },
    zgw::{
        types::{Resultaat, Status, StatusType, Zaak, ZaakType},
        OwnershipCheck, RolFilter, Section, Zgw, ZgwError,
    },
};

use super::{
    cache::{OverzichtCache, Scope},
    detail::{resultaat_regel, ResultaatRegel},
    Unavailable,
};

/// How many zaken of a section one screen shows; "Toon meer" adds as many again.
pub const PER_SCREEN: usize = 20;

/// The most zaken of a section one page shows, however often "Toon meer" was pressed.
const MAX_SHOWN: usize = 1_000;

/// How many more zaken the screen query asks for than the screen shows: room for hidden
/// zaken (an intern zaaktype) and for zaken with the same startdatum that the upstream
/// orders differently.
const SCREEN_MARGIN: usize = 5;

/// How many zaken of each section to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Toon {
    /// Open zaken.
    pub lopend: usize,
    /// Closed zaken.
    pub afgerond: usize,
}

impl Default for Toon {
    fn default() -> Self {
        Self {
            lopend: PER_SCREEN,
            afgerond: PER_SCREEN,
        }
    }
}

impl Toon {
    /// From the page's query (`?lopend=40&afgerond=20`): whole screens, at least one, at
    /// most [`MAX_SHOWN`]; anything unreadable is one screen.
    pub fn from_query(lopend: Option<&str>, afgerond: Option<&str>) -> Self {
        let screens = |value: Option<&str>| {
            value
                .and_then(|v| v.trim().parse::<usize>().ok())
                .map_or(PER_SCREEN, |n| {
                    n.clamp(PER_SCREEN, MAX_SHOWN).div_ceil(PER_SCREEN) * PER_SCREEN
                })
        };
        Self {
            lopend: screens(lopend),
            afgerond: screens(afgerond),
        }
    }
}

/// A zaak the betrokkene may see, with its zaaktype: what the per-user cache keeps.
#[derive(Debug, Clone)]
pub struct Gevonden {
    /// The zaak as the Zaken API sent it.
    pub zaak: Zaak,
    /// Its zaaktype.
    pub zaaktype: ZaakType,
    /// For the portal's own URL of the zaak.
    pub uuid: Uuid,
}

/// Every zaak the betrokkene may see, as far as it could be fetched.
#[derive(Debug, Clone, Default)]
pub struct ZakenLijst {
    /// The zaken, each once.
    pub zaken: Vec<Gevonden>,
    /// A list, a page of one, or a zaaktype could not be fetched: there may be more.
    pub incomplete: bool,
    /// What the first screen queries brought along.
    pub screen: Screen,
}

/// What screen queries embedded, by zaak URL: current statussen of open zaken, resultaten
/// of closed ones.
#[derive(Debug, Clone, Default)]
pub struct Screen {
    /// Current statussen.
    pub statussen: HashMap<Url, Status>,
    /// Resultaten.
    pub resultaten: HashMap<Url, Resultaat>,
}

impl Screen {
    /// Whether this holds something of the zaak at `zaak`.
    pub fn holds(&self, zaak: &Url) -> bool {
        self.statussen.contains_key(zaak) || self.resultaten.contains_key(zaak)
    }

    fn extend(&mut self, other: Screen) {
        self.statussen.extend(other.statussen);
        self.resultaten.extend(other.resultaten);
    }

    /// The status embedded for `zaak`, when it is the zaak's own current one.
    fn status(&self, zaak: &Zaak) -> Option<&Status> {
        self.statussen
            .get(&zaak.url)
            .filter(|status| Some(&status.url) == zaak.status.as_ref() && status.zaak == zaak.url)
    }

    /// The resultaat embedded for `zaak`, when it is the zaak's own.
    fn resultaat(&self, zaak: &Zaak) -> Option<&Resultaat> {
        self.resultaten.get(&zaak.url).filter(|resultaat| {
            Some(&resultaat.url) == zaak.resultaat.as_ref() && resultaat.zaak == zaak.url
        })
    }
}

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
    /// The current status in citizen words; `None` for a closed zaak, whose card gives
    /// its outcome instead (so the overview asks no status for it).
    pub status: Option<StatusRegel>,
    /// A closed zaak's outcome; `None` for an open zaak and for one closed without a
    /// resultaat.
    pub resultaat: Option<Result<ResultaatRegel, Unavailable>>,
    /// For open zaken.
    pub verwachting: Option<Verwachting>,
    /// Open and past the expected date.
    pub overdue: bool,
    /// Suspended.
    pub opgeschort: bool,
    /// Extended.
    pub verlengd: bool,
    /// The gemeente's texts ask the citizen to do something at the zaak's current step.
    pub actie_nodig: bool,
    /// For an open zaak, where it is: "stap 2 van 4", when the catalogue tells.
    pub stap: Option<(usize, usize)>,
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

/// One section of the overview: the zaken on screen and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sectie {
    /// The zaken shown, in order.
    pub regels: Vec<ZaakRegel>,
    /// How many zaken the section has (as far as the list could be fetched).
    pub totaal: usize,
}

/// The overview page's data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overzicht {
    /// Open zaken, newest first.
    pub lopend: Sectie,
    /// Closed zaken, most recently closed first.
    pub afgerond: Sectie,
    /// The list is not complete: some zaken could not be fetched, so the page must say so
    /// and may not say that there are none.
    pub incomplete: bool,
    /// What was asked to be shown, for the "Toon meer" links.
    pub toon: Toon,
}

impl Overzicht {
    /// Whether some zaak on screen has no status (open) or outcome (closed) to show.
    pub fn statussen_missing(&self) -> bool {
        self.lopend
            .regels
            .iter()
            .any(|r| r.status == Some(StatusRegel::Unavailable))
            || self
                .afgerond
                .regels
                .iter()
                .any(|r| r.resultaat == Some(Err(Unavailable)))
    }
}

/// The overview of `betrokkene`'s zaken for the reader of `scope`, as complete as the
/// upstreams allow, with the first `toon` zaken of each section; on screen, the open zaken
/// whose current step asks something of the citizen (the gemeente's `content`) first.
pub async fn overzicht(
    zgw: &Zgw,
    content: &Content,
    cache: &OverzichtCache,
    scope: Scope,
    betrokkene: &Betrokkene,
    today: Date,
    toon: Toon,
) -> Overzicht {
    let lijst = cache.list(scope, zaken_van(zgw, betrokkene)).await;
    let (mut lopend, mut afgerond): (Vec<&Gevonden>, Vec<&Gevonden>) =
        lijst.zaken.iter().partition(|g| g.zaak.einddatum.is_none());
    lopend.sort_by(|a, b| {
        (b.zaak.startdatum, &b.zaak.identificatie).cmp(&(a.zaak.startdatum, &a.zaak.identificatie))
    });
    afgerond.sort_by(|a, b| {
        (b.zaak.einddatum, &b.zaak.identificatie).cmp(&(a.zaak.einddatum, &a.zaak.identificatie))
    });
    let totals = (lopend.len(), afgerond.len());
    lopend.truncate(toon.lopend);
    afgerond.truncate(toon.afgerond);
    let shown = lopend.len();
    let unclear = super::upstream_dates(zgw);
    // What the first screen queries did not bring: one larger screen query per section
    // when more than one is missing ("Toon meer"), then one by one for what is left.
    let statussen_missing = lopend
        .iter()
        .filter(|g| lijst.screen.status(&g.zaak).is_none())
        .filter(|g| {
            g.zaak
                .status
                .as_ref()
                .is_some_and(|url| !cache.has_status(scope, url))
        })
        .count();
    let resultaten_missing = afgerond
        .iter()
        .filter(|g| lijst.screen.resultaat(&g.zaak).is_none())
        .filter(|g| {
            g.zaak
                .resultaat
                .as_ref()
                .is_some_and(|url| !cache.has_resultaat(scope, url))
        })
        .count();
    let larger = |section: Section, missing: usize, shown: usize| async move {
        if missing > 1 {
            let count = shown + SCREEN_MARGIN;
            cache
                .screen(
                    scope,
                    section,
                    count,
                    screen_query(zgw, betrokkene, section, count),
                )
                .await
        } else {
            Default::default()
        }
    };
    let (more_open, more_closed) = futures::join!(
        larger(Section::Open, statussen_missing, toon.lopend),
        larger(Section::Closed, resultaten_missing, toon.afgerond),
    );
    let on_screen: Vec<Gevonden> = lopend.into_iter().chain(afgerond).cloned().collect();
    let screens = [&lijst.screen, &*more_open, &*more_closed];
    let mut regels = zgw
        .bounded(on_screen, |gevonden| async move {
            match gevonden.zaak.einddatum {
                None => {
                    let embedded = screens
                        .iter()
                        .find_map(|s| s.status(&gevonden.zaak))
                        .cloned();
                    let status = current_status(zgw, cache, scope, &gevonden.zaak, embedded).await;
                    regel(&gevonden, Some(status), None, content, today, unclear)
                }
                Some(_) => {
                    let embedded = screens
                        .iter()
                        .find_map(|s| s.resultaat(&gevonden.zaak))
                        .cloned();
                    let resultaat = outcome(zgw, cache, scope, content, &gevonden, embedded).await;
                    regel(&gevonden, None, resultaat, content, today, unclear)
                }
            }
        })
        .await;
    let afgerond = regels.split_off(shown);
    // Only the zaken on screen have their status, so only they can move up, and only
    // within the first screen (20, which holds every open zaak of nearly every citizen):
    // "Toon meer" lands on the first zaak it adds (`#lopend-21`), which must not be one
    // seen already. A stable sort keeps the rest in date order.
    let first_screen = regels.len().min(PER_SCREEN);
    regels[..first_screen].sort_by_key(|r| !r.actie_nodig);
    Overzicht {
        lopend: Sectie {
            regels,
            totaal: totals.0,
        },
        afgerond: Sectie {
            regels: afgerond,
            totaal: totals.1,
        },
        incomplete: lijst.incomplete,
        toon,
    }
}

/// Every zaak `betrokkene` may see: the zaken and rollen lists per rol filter side by side,
/// the zaken that a rol of theirs points at, each once, and the zaaktypen to apply the
/// visibility rules with.
async fn zaken_van(zgw: &Zgw, betrokkene: &Betrokkene) -> ZakenLijst {
    let filters = rol_filters(betrokkene);
    let count = PER_SCREEN + SCREEN_MARGIN;
    let (zaken, (owned, mut incomplete), mut screen, closed) = futures::join!(
        futures::future::join_all(filters.iter().map(|f| zgw.zaken(f))),
        owned_zaken(zgw, betrokkene, &filters),
        screen_query(zgw, betrokkene, Section::Open, count),
        screen_query(zgw, betrokkene, Section::Closed, count),
    );
    screen.extend(closed);

    let mut seen = HashSet::new();
    let mut candidates = Vec::new();
    for listing in zaken {
        if let Some(error) = listing.error {
            tracing::warn!(%error, "a zaken list could not all be fetched");
            incomplete = true;
        }
        for zaak in listing.items {
            let is_owned = owned.as_ref().is_none_or(|owned| owned.contains(&zaak.url));
            if is_owned && seen.insert(zaak.url.clone()) {
                candidates.push(zaak);
            }
        }
    }

    // A handful of zaaktypen serve every zaak: each is asked for once, side by side.
    let urls: Vec<Url> = candidates
        .iter()
        .map(|z| z.zaaktype.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let fetched = zgw
        .bounded(urls, |url| async move {
            let zaaktype = zgw.zaaktype(&url).await;
            (url, zaaktype)
        })
        .await;
    let mut zaaktypen: HashMap<Url, ZaakType> = HashMap::new();
    for (url, result) in fetched {
        match result {
            Ok(zaaktype) => {
                zaaktypen.insert(url, zaaktype);
            }
            Err(error) => {
                tracing::warn!(%error, "a zaaktype could not be fetched; its zaken are not listed");
                incomplete = true;
            }
        }
    }

    let ceiling = zgw.client().ceiling();
    let mut lijst = Vec::new();
    for zaak in candidates {
        let Some(zaaktype) = zaaktypen.get(&zaak.zaaktype) else {
            continue;
        };
        if !zaak_listable(&zaak, zaaktype, ceiling) {
            continue;
        }
        let Some(uuid) = crate::zaken::uuid_of(&zaak.url) else {
            tracing::warn!("a zaak URL does not end in a UUID; not listed");
            incomplete = true;
            continue;
        };
        lijst.push(Gevonden {
            zaaktype: zaaktype.clone(),
            zaak,
            uuid,
        });
    }
    ZakenLijst {
        zaken: lijst,
        incomplete,
        screen,
    }
}

/// The zaken that a rol of `betrokkene` points at, from their rollen list, and whether that
/// list is incomplete. `None` when the zaken filters need no second check: the gemeente
/// trusts a probe ([`OwnershipCheck::Probe`]) and the Zaken API honours every filter used.
async fn owned_zaken(
    zgw: &Zgw,
    betrokkene: &Betrokkene,
    filters: &[RolFilter],
) -> (Option<HashSet<Url>>, bool) {
    if zgw.client().settings().ownership_check == OwnershipCheck::Probe {
        let honoured =
            futures::future::join_all(filters.iter().map(|f| zgw.honours_filter(f))).await;
        if honoured.into_iter().all(|h| h) {
            return (None, false);
        }
    }
    let rollen = futures::future::join_all(filters.iter().map(|f| zgw.rollen_of(f))).await;
    let mut incomplete = false;
    let mut owned = HashSet::new();
    for listing in rollen {
        if let Some(error) = listing.error {
            tracing::warn!(%error, "the rollen of the betrokkene could not all be fetched");
            incomplete = true;
        }
        owned.extend(
            listing
                .items
                .into_iter()
                .filter(|rol| rol_is_of(rol, betrokkene))
                .map(|rol| rol.zaak),
        );
    }
    (Some(owned), incomplete)
}

/// What the cards of the newest `count` zaken of `section` of every rol filter need: the
/// current statussen of open zaken, the resultaten of closed ones. Used only for zaken that
/// passed the ownership and visibility checks, and only when it is the zaak's own (see
/// [`Screen::status`]); a failure leaves them to be asked for one by one.
async fn screen_query(
    zgw: &Zgw,
    betrokkene: &Betrokkene,
    section: Section,
    count: usize,
) -> Screen {
    let filters = rol_filters(betrokkene);
    let results =
        futures::future::join_all(filters.iter().map(|f| zgw.newest_zaken(f, section, count)))
            .await;
    let mut screen = Screen::default();
    for result in results {
        match result {
            Ok(zaken) => {
                for zaak in zaken.into_iter().flatten() {
                    let expand = zaak.expand.unwrap_or_default();
                    if let Some(status) = expand.status {
                        screen.statussen.insert(zaak.url.clone(), status);
                    }
                    if let Some(resultaat) = expand.resultaat {
                        screen.resultaten.insert(zaak.url, resultaat);
                    }
                }
            }
            Err(error) => {
                tracing::warn!(
                    %error,
                    "a screen query failed; its zaken are asked for one by one"
                );
            }
        }
    }
    screen
}

/// A closed zaak's outcome: `embedded` when a screen query brought its resultaat, else
/// fetched (kept per user); its resultaattype from the catalogi cache. `None` when the
/// zaak was closed without a resultaat.
async fn outcome(
    zgw: &Zgw,
    cache: &OverzichtCache,
    scope: Scope,
    content: &Content,
    gevonden: &Gevonden,
    embedded: Option<Resultaat>,
) -> Option<Result<ResultaatRegel, Unavailable>> {
    let url = gevonden.zaak.resultaat.as_ref()?;
    let resultaat = match embedded {
        Some(resultaat) => Ok(resultaat),
        None => cache.resultaat(scope, url, zgw.resultaat(url)).await,
    };
    let regel = match resultaat {
        Ok(resultaat) => resultaat_regel(zgw, content, &gevonden.zaaktype, resultaat).await,
        Err(error) => Err(error),
    };
    Some(regel.map_err(|error| {
        tracing::warn!(%error, "the resultaat of a zaak could not be fetched");
        Unavailable
    }))
}

/// One line of the overview.
fn regel(
    gevonden: &Gevonden,
    status: Option<Result<CurrentStatus, ZgwError>>,
    resultaat: Option<Result<ResultaatRegel, Unavailable>>,
    content: &Content,
    today: Date,
    unclear: UpstreamDates,
) -> ZaakRegel {
    let Gevonden {
        zaak,
        zaaktype,
        uuid,
    } = gevonden;
    // The step the zaak is at, as on the zaak page: its current statustype, or the first
    // one for a zaak without a status.
    let step = match &status {
        Some(Ok(current)) => current
            .at
            .statustype()
            .and_then(|t| content.step(&zaaktype.identificatie, t.volgnummer, &t.omschrijving)),
        _ => None,
    };
    let stap = match &status {
        Some(Ok(current)) => current.stap,
        _ => None,
    };
    let actie_nodig = zaak.einddatum.is_none() && step.is_some_and(|s| s.actie.is_some());
    let status = status.map(|status| match status {
        Ok(CurrentStatus {
            at: At::Received(_),
            ..
        }) => StatusRegel::Ontvangen,
        Ok(CurrentStatus {
            at: At::Status(statustype),
            ..
        }) => StatusRegel::Known(status_label(&statustype)),
        Err(error) => {
            tracing::warn!(%error, "the status of a zaak could not be fetched");
            StatusRegel::Unavailable
        }
    });
    let verwachting = verwachte_einddatum(zaak, zaaktype, unclear);
    let omschrijving = if zaak.omschrijving.trim().is_empty() {
        zaaktype.omschrijving.clone()
    } else {
        zaak.omschrijving.clone()
    };
    ZaakRegel {
        uuid: *uuid,
        identificatie: zaak.identificatie.clone(),
        omschrijving,
        startdatum: zaak.startdatum,
        einddatum: zaak.einddatum,
        status,
        resultaat,
        overdue: verwachting.is_some_and(|v| is_overdue(zaak, &v, today)),
        verwachting,
        opgeschort: zaak.opgeschort().is_some(),
        verlengd: zaak.verlengd().is_some(),
        actie_nodig,
        stap,
    }
}

/// An open zaak's current step as the overview shows it.
struct CurrentStatus {
    /// The step it is at.
    at: At,
    /// Where that is among the zaaktype's steps.
    stap: Option<(usize, usize)>,
}

/// The step a zaak is at.
enum At {
    /// No status yet: "Ontvangen", the zaaktype's first step (its statustype, when the
    /// catalogue has it, for the gemeente's texts as on the zaak page).
    Received(Option<StatusType>),
    /// The statustype of its current status.
    Status(StatusType),
}

impl At {
    fn statustype(&self) -> Option<&StatusType> {
        match self {
            At::Received(first) => first.as_ref(),
            At::Status(statustype) => Some(statustype),
        }
    }
}

/// The statustype of the zaak's current status: `embedded` when a screen query brought it,
/// else fetched (kept per user); its statustype from the catalogi cache. With it, where the
/// zaak is among the zaaktype's steps (`None` when the catalogue cannot say).
async fn current_status(
    zgw: &Zgw,
    cache: &OverzichtCache,
    scope: Scope,
    zaak: &Zaak,
    embedded: Option<Status>,
) -> Result<CurrentStatus, ZgwError> {
    // The statustypen of a zaaktype are in the catalogi cache: one request per zaaktype,
    // shared by every card and by `statustype_of`.
    let all = zgw.statustypen(&zaak.zaaktype).await.ok();
    let stap = |volgnummer: i64| all.as_ref().and_then(|all| stap_van(all, volgnummer));
    let Some(status_url) = &zaak.status else {
        // No status yet: the zaak is at the first step.
        return Ok(CurrentStatus {
            at: At::Received(all.as_ref().and_then(|all| first_statustype(all)).cloned()),
            stap: stap(FIRST_VOLGNUMMER),
        });
    };
    let status = match embedded {
        Some(status) => status,
        None => {
            cache
                .status(scope, status_url, zgw.status(status_url))
                .await?
        }
    };
    let statustype = zgw.statustype_of(&status, &zaak.zaaktype).await?;
    Ok(CurrentStatus {
        stap: stap(statustype.volgnummer),
        at: At::Status(statustype),
    })
}
