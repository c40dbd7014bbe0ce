//! One zaak, after the ownership check.
//!
//! Round 1 is the ownership check: the zaak and its rollen side by side; its zaaktype
//! comes from the catalogi cache (one more round when it is cold). A zaak without a rol of
//! the betrokkene, or hidden by the visibility rules, ends here as "not found", and nothing
//! more is fetched.
//! Round 2: statussen, the zaaktype's statustypen (cached), the zaakinformatieobjecten and
//! the resultaat in parallel. Round 3: the documents and the resultaattype (cached), with
//! each document's informatieobjecttype (cached).

use time::{Date, OffsetDateTime};
use url::Url;
use uuid::Uuid;

use super::Unavailable;
use crate::{
    content::{Actie, Content},
    domain::{
        dates::to_amsterdam,
        stappen::{place_steps, process_steps, stap_van, Reached, Step, StepState},
        termijn::{is_overdue, needs_reassurance, step_verwacht, verwachte_einddatum, Verwachting},
        visibility::{document_visible, zaak_visible},
        Betrokkene,
    },
    zgw::{
        types::{
            EnkelvoudigInformatieObject, Resultaat, StatusType, Zaak, ZaakInformatieObject,
            ZaakType,
        },
        Zgw, ZgwError,
    },
};

/// Why a zaak cannot be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// It does not exist, or it is not this betrokkene's to see: the same answer for both.
    NotFound,
    /// The ownership could not be checked now (an upstream is down).
    Unavailable,
}

/// A zaak that passed the ownership and visibility checks.
#[derive(Debug, Clone)]
pub struct OwnedZaak {
    /// The zaak.
    pub zaak: Zaak,
    /// Its zaaktype.
    pub zaaktype: ZaakType,
}

/// Fetches the zaak named by `uuid` and checks that `betrokkene` may see it.
pub async fn owned_zaak(
    zgw: &Zgw,
    betrokkene: &Betrokkene,
    uuid: Uuid,
) -> Result<OwnedZaak, Refusal> {
    let url = zgw.zaak_url(uuid);
    let (zaak, rollen) = futures::join!(zgw.zaak(&url), zgw.rollen(&url));
    let zaak = match zaak {
        Ok(zaak) if zaak.url == url => zaak,
        Ok(_) => {
            tracing::warn!("the Zaken API answered with another zaak than asked for");
            return Err(Refusal::NotFound);
        }
        Err(ZgwError::NotFound) => return Err(Refusal::NotFound),
        Err(error) => {
            tracing::warn!(%error, "a zaak could not be fetched");
            return Err(Refusal::Unavailable);
        }
    };
    let rollen = rollen.map_err(|error| {
        tracing::warn!(%error, "the rollen of a zaak could not be fetched");
        Refusal::Unavailable
    })?;
    let zaaktype = zgw.zaaktype(&zaak.zaaktype).await.map_err(|error| {
        tracing::warn!(%error, "a zaaktype could not be fetched");
        Refusal::Unavailable
    })?;
    if !zaak_visible(
        &zaak,
        &zaaktype,
        &rollen,
        betrokkene,
        zgw.client().ceiling(),
    ) {
        return Err(Refusal::NotFound);
    }
    Ok(OwnedZaak { zaak, zaaktype })
}

/// One document in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRegel {
    /// For the portal's download URL.
    pub uuid: Uuid,
    /// The document's title.
    pub titel: String,
    /// The informatieobjecttype's omschrijving ("Besluit", "Brief"), when known.
    pub soort: Option<String>,
    /// Sent, received or created: the date the citizen recognises.
    pub datum: Option<Date>,
    /// Whether the gemeente sent it or received it.
    pub herkomst: Herkomst,
    /// Added in the last [`NEW_DAYS`] days.
    pub nieuw: bool,
    /// Size in bytes.
    pub omvang: Option<u64>,
    /// MIME type as the upstream gives it.
    pub formaat: Option<String>,
}

/// How long a document counts as new: two weeks, about the time between two visits.
pub const NEW_DAYS: i64 = 14;

pub use crate::content::DocumentHerkomst;

/// Who a document came from, as far as the Documenten API tells: its `verzenddatum` (the
/// gemeente sent it) or its `ontvangstdatum` (the gemeente received it: from the citizen,
/// or from someone else, such as an adviseur); else as the gemeente's texts say for its
/// informatieobjecttype.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Herkomst {
    /// Sent by the gemeente, on the document's date.
    Verzonden,
    /// Received by the gemeente, on the document's date.
    Ontvangen,
    /// Neither date is set; the gemeente's texts say that documents of this type come
    /// from it or from the aanvrager. The document's date is when it was made.
    Soort(DocumentHerkomst),
    /// Neither date is set, and the texts do not say.
    Onbekend,
}

/// The resultaat of a closed zaak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultaatRegel {
    /// The resultaattype's omschrijving.
    pub omschrijving: String,
    /// The resultaat's own toelichting, else the resultaattype's.
    pub toelichting: Option<String>,
    /// The gemeente's plain text for this resultaat, from its texts.
    pub uitleg: Option<String>,
}

impl ResultaatRegel {
    /// What the outcome means, in the plainest words there are: the gemeente's text, else
    /// the toelichting.
    pub fn plain(&self) -> Option<&str> {
        self.uitleg.as_deref().or(self.toelichting.as_deref())
    }
}

/// What `resultaat` of a zaak of `zaaktype` means: its resultaattype (catalogi cache) and
/// the gemeente's text for it. For the zaak page and the overview's cards alike.
pub(crate) async fn resultaat_regel(
    zgw: &Zgw,
    content: &Content,
    zaaktype: &ZaakType,
    resultaat: Resultaat,
) -> Result<ResultaatRegel, ZgwError> {
    let t = zgw.resultaattype(&resultaat.resultaattype).await?;
    Ok(ResultaatRegel {
        uitleg: content
            .resultaat(&zaaktype.identificatie, &t.omschrijving)
            .map(str::to_owned),
        omschrijving: t.omschrijving,
        toelichting: resultaat.toelichting.or(t.toelichting),
    })
}

/// What the citizen must do now, from the gemeente's texts for the current step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActieRegel {
    /// What to do.
    pub wat: String,
    /// The last day, counted from the day the zaak reached the step.
    pub uiterlijk: Option<Date>,
    /// The deadline has passed.
    pub verlopen: bool,
    /// Where to send it by e-mail.
    pub email: Option<String>,
    /// Where to do it online, with its link text.
    pub link: Option<(Url, String)>,
}

/// Everything the detail page shows. A part that could not be fetched is `Err(Unavailable)`, so
/// the page can say so while showing the rest.
#[derive(Debug, Clone)]
pub struct ZaakDetail {
    /// The zaak's uuid, for the links to its documents.
    pub uuid: Uuid,
    /// The zaaknummer.
    pub identificatie: String,
    /// What the zaak is about.
    pub omschrijving: String,
    /// The zaak's explanation, when it has one.
    pub toelichting: Option<String>,
    /// The zaaktype's name for citizens.
    pub zaaktype: String,
    /// The datum aanvraag.
    pub startdatum: Date,
    /// When the zaak was closed.
    pub einddatum: Option<Date>,
    /// The expected end date, when it can be known (open zaken).
    pub verwachting: Option<Verwachting>,
    /// The expected date has passed: the page apologises.
    pub overdue: bool,
    /// No news for a while: the page says the zaak is still being worked on.
    pub reassurance: bool,
    /// The reason, when the zaak was extended (may be empty).
    pub verlengd: Option<String>,
    /// The reason, when the zaak is suspended (may be empty).
    pub opgeschort: Option<String>,
    /// What the citizen must do now, when the gemeente's texts say so for the current step
    /// of an open zaak.
    pub actie: Option<ActieRegel>,
    /// Where the zaak is: the current step's place among the zaaktype's steps, and their
    /// number ("stap 2 van 4"), when known.
    pub stap: Option<(usize, usize)>,
    /// The process steps, reached and to come.
    pub stappen: Result<Vec<Step>, Unavailable>,
    /// The documents the betrokkene may see.
    pub documenten: Result<Vec<DocumentRegel>, Unavailable>,
    /// Some documents could not be fetched; the list is shorter than it should be.
    pub documenten_incomplete: bool,
    /// `None` for open zaken and closed ones without a resultaat.
    pub resultaat: Option<Result<ResultaatRegel, Unavailable>>,
}

/// The detail of an owned zaak, with the gemeente's texts for its zaaktype.
pub async fn detail(
    zgw: &Zgw,
    content: &Content,
    owned: OwnedZaak,
    now: OffsetDateTime,
) -> ZaakDetail {
    let OwnedZaak { zaak, zaaktype } = owned;
    let ceiling = zgw.client().ceiling();
    let resultaat_url = zaak.resultaat.clone();
    let (statussen, statustypen, links, resultaat) = futures::join!(
        zgw.statussen(&zaak.url),
        zgw.statustypen(&zaak.zaaktype),
        zgw.zaakinformatieobjecten(&zaak.url),
        async {
            match &resultaat_url {
                Some(url) => Some(zgw.resultaat(url).await),
                None => None,
            }
        },
    );

    let registered = zaak.registratiedatum.unwrap_or(zaak.startdatum);
    let unclear = super::upstream_dates(zgw);
    let verwachting = verwachte_einddatum(&zaak, &zaaktype, unclear);
    let today = crate::domain::dates::today_in_amsterdam(now);
    let (stappen, latest_status, asked, stap) = match (statussen, statustypen) {
        (Ok(statussen), Ok(statustypen)) => {
            let statussen: Vec<_> = statussen
                .into_iter()
                .filter(|s| s.zaak == zaak.url)
                .collect();
            let latest = statussen.iter().map(|s| s.datum_status_gezet).max();
            let mut steps = process_steps(&statussen, &statustypen, registered);
            annotate_steps(
                &mut steps,
                &statustypen,
                &zaak,
                &zaaktype,
                content,
                verwachting.as_ref(),
                today,
            );
            let asked = asked_now(&steps, &statustypen, &zaaktype, content);
            let stap = steps
                .iter()
                .find(|s| s.state == StepState::Current)
                .and_then(|s| s.statustype_in(&statustypen))
                .and_then(|t| stap_van(&statustypen, t.volgnummer));
            (Ok(steps), latest, asked, stap)
        }
        (Err(error), _) | (_, Err(error)) => {
            tracing::warn!(%error, "the statussen of a zaak could not be shown");
            (Err(Unavailable), None, None, None)
        }
    };

    let ((documenten, documenten_incomplete), resultaat) = futures::join!(
        async {
            match links {
                Ok(links) => {
                    let (list, incomplete) =
                        documenten(zgw, content, &zaak, &links, ceiling, today).await;
                    (Ok(list), incomplete)
                }
                Err(error) => {
                    tracing::warn!(%error, "the documents of a zaak could not be listed");
                    (Err(Unavailable), false)
                }
            }
        },
        async {
            match resultaat {
                None => None,
                Some(Err(error)) => {
                    tracing::warn!(%error, "the resultaat of a zaak could not be fetched");
                    Some(Err(Unavailable))
                }
                Some(Ok(resultaat)) => Some(
                    resultaat_regel(zgw, content, &zaaktype, resultaat)
                        .await
                        .map_err(|error| {
                            tracing::warn!(%error, "a resultaattype could not be fetched");
                            Unavailable
                        }),
                ),
            }
        },
    );

    // A suspended zaak waits for something (usually the citizen): no "we are still
    // working on it".
    let running = zaak.einddatum.is_none() && zaak.opgeschort().is_none();
    let actie = asked
        .filter(|_| zaak.einddatum.is_none())
        .map(|(actie, reached)| {
            let uiterlijk = actie.uiterlijk(reached);
            ActieRegel {
                wat: actie.wat.clone(),
                uiterlijk,
                verlopen: uiterlijk.is_some_and(|d| d < today),
                email: actie.email.clone(),
                link: actie
                    .link
                    .as_ref()
                    .map(|l| (l.url.clone(), l.tekst.clone())),
            }
        });
    ZaakDetail {
        uuid: crate::zaken::uuid_of(&zaak.url).expect("owned zaken are named by their UUID"),
        identificatie: zaak.identificatie.clone(),
        omschrijving: if zaak.omschrijving.trim().is_empty() {
            zaaktype.omschrijving.clone()
        } else {
            zaak.omschrijving.clone()
        },
        toelichting: zaak.toelichting.clone(),
        zaaktype: zaaktype.omschrijving.clone(),
        startdatum: zaak.startdatum,
        einddatum: zaak.einddatum,
        overdue: verwachting.is_some_and(|v| is_overdue(&zaak, &v, today)),
        verwachting,
        reassurance: stappen.is_ok() && needs_reassurance(latest_status, registered, now, running),
        verlengd: zaak.verlengd().map(|v| v.reden.clone()),
        opgeschort: zaak.opgeschort().map(|o| o.reden.clone()),
        actie,
        stap,
        stappen,
        documenten,
        documenten_incomplete,
        resultaat,
    }
}

/// Gives every step its place in the catalogue and the gemeente's explanation, where its
/// texts have one, and a step still to come the day it is expected.
fn annotate_steps(
    steps: &mut [Step],
    statustypen: &[StatusType],
    zaak: &Zaak,
    zaaktype: &ZaakType,
    content: &Content,
    verwachting: Option<&Verwachting>,
    today: Date,
) {
    place_steps(steps, statustypen);
    for step in steps {
        let Some(statustype) = step.statustype_in(statustypen) else {
            continue;
        };
        step.uitleg = content
            .step(
                &zaaktype.identificatie,
                statustype.volgnummer,
                &statustype.omschrijving,
            )
            .and_then(|c| c.uitleg.clone());
        if step.state == StepState::Upcoming {
            step.verwacht = step_verwacht(zaak, statustype, step.is_final, verwachting, today);
        }
    }
}

/// What the gemeente's texts ask of the citizen at the current step, and the day (in
/// Amsterdam) the zaak reached it, from which the deadline counts.
fn asked_now<'c>(
    steps: &[Step],
    statustypen: &[StatusType],
    zaaktype: &ZaakType,
    content: &'c Content,
) -> Option<(&'c Actie, Date)> {
    let current = steps.iter().find(|s| s.state == StepState::Current)?;
    let statustype = current.statustype_in(statustypen)?;
    let actie = content
        .step(
            &zaaktype.identificatie,
            statustype.volgnummer,
            &statustype.omschrijving,
        )?
        .actie
        .as_ref()?;
    let reached = match current.reached? {
        Reached::At(at) => to_amsterdam(at).date(),
        Reached::On(day) => day,
    };
    Some((actie, reached))
}

/// The visible documents of a zaak, newest first, and whether some could not be fetched.
async fn documenten(
    zgw: &Zgw,
    content: &Content,
    zaak: &Zaak,
    links: &[ZaakInformatieObject],
    ceiling: crate::zgw::Vertrouwelijkheid,
    today: Date,
) -> (Vec<DocumentRegel>, bool) {
    let links: Vec<ZaakInformatieObject> = links
        .iter()
        .filter(|l| l.zaak == zaak.url)
        .cloned()
        .collect();
    let urls: Vec<Url> = links.iter().map(|l| l.informatieobject.clone()).collect();
    let fetched = zgw
        .bounded(urls, |url| async move {
            let document = zgw.informatieobject(&url).await?;
            let soort = zgw
                .informatieobjecttype(&document.informatieobjecttype)
                .await
                .ok()
                .map(|t| t.omschrijving)
                .filter(|s| !s.trim().is_empty());
            Ok::<_, ZgwError>((document, soort))
        })
        .await;
    let mut incomplete = false;
    let mut list = Vec::new();
    for result in fetched {
        match result {
            Ok((document, soort)) => {
                if !document_visible(&document, zaak, &links, ceiling) {
                    continue;
                }
                if let Some(regel) = document_regel(&document, soort, content, today) {
                    list.push(regel);
                }
            }
            // Not ours to see (Open Zaak answers 403 for a document above the portal's
            // autorisaties, while its link stays listed) or gone: hidden, like a document
            // the visibility rules hide, and the list is not "incomplete" for it.
            Err(error @ (ZgwError::Forbidden { .. } | ZgwError::NotFound)) => {
                tracing::info!(%error, "a document linked to a zaak is not visible to the portal");
            }
            Err(error) => {
                tracing::warn!(%error, "a document of a zaak could not be fetched");
                incomplete = true;
            }
        }
    }
    list.sort_by(|a, b| b.datum.cmp(&a.datum).then_with(|| a.titel.cmp(&b.titel)));
    (list, incomplete)
}

fn document_regel(
    document: &EnkelvoudigInformatieObject,
    soort: Option<String>,
    content: &Content,
    today: Date,
) -> Option<DocumentRegel> {
    let datum = document
        .verzenddatum
        .or(document.ontvangstdatum)
        .or(document.creatiedatum);
    let herkomst = match (document.verzenddatum, document.ontvangstdatum) {
        (Some(_), _) => Herkomst::Verzonden,
        (None, Some(_)) => Herkomst::Ontvangen,
        (None, None) => soort
            .as_deref()
            .and_then(|soort| content.herkomst(soort))
            .map_or(Herkomst::Onbekend, Herkomst::Soort),
    };
    Some(DocumentRegel {
        uuid: crate::zaken::uuid_of(&document.url)?,
        titel: if document.titel.trim().is_empty() {
            document
                .bestandsnaam
                .clone()
                .unwrap_or_else(|| "Document".to_owned())
        } else {
            document.titel.clone()
        },
        soort,
        datum,
        herkomst,
        // A date in the future (a clock off upstream) is not "new" for ever.
        nieuw: datum.is_some_and(|d| d <= today && (today - d).whole_days() < NEW_DAYS),
        omvang: document.bestandsomvang,
        formaat: document.formaat.clone(),
    })
}

/// The document named by `uuid` among the zaak's links, when it may be seen: what the
/// download needs. `None` when it is not linked to this zaak or is hidden.
pub async fn owned_document(
    zgw: &Zgw,
    owned: &OwnedZaak,
    uuid: Uuid,
) -> Result<EnkelvoudigInformatieObject, Refusal> {
    let links = zgw
        .zaakinformatieobjecten(&owned.zaak.url)
        .await
        .map_err(|error| {
            tracing::warn!(%error, "the documents of a zaak could not be listed");
            Refusal::Unavailable
        })?;
    let wanted: Option<Url> = links
        .iter()
        .filter(|l| l.zaak == owned.zaak.url)
        .map(|l| &l.informatieobject)
        .find(|url| crate::zaken::uuid_of(url) == Some(uuid))
        .cloned();
    let Some(url) = wanted else {
        return Err(Refusal::NotFound);
    };
    let document = match zgw.informatieobject(&url).await {
        Ok(document) => document,
        Err(ZgwError::NotFound | ZgwError::Forbidden { .. }) => return Err(Refusal::NotFound),
        Err(error) => {
            tracing::warn!(%error, "a document could not be fetched");
            return Err(Refusal::Unavailable);
        }
    };
    if document.url != url
        || !document_visible(&document, &owned.zaak, &links, zgw.client().ceiling())
    {
        return Err(Refusal::NotFound);
    }
    Ok(document)
}

/// The zaak and document named by the two UUIDs, when both pass their checks: what a
/// download needs, in one call for the citizen's and the medewerker's routes.
pub async fn owned_zaak_document(
    zgw: &Zgw,
    betrokkene: &Betrokkene,
    zaak: Uuid,
    document: Uuid,
) -> Result<(OwnedZaak, EnkelvoudigInformatieObject), Refusal> {
    let owned = owned_zaak(zgw, betrokkene, zaak).await?;
    let document = owned_document(zgw, &owned, document).await?;
    Ok((owned, document))
}
