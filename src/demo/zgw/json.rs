//! The demo's resources as the ZGW APIs serialise them (Zaken 1.5.1, Catalogi 1.3.1,
//! Documenten 1.5.0), with every field the schemas require. Validated against the official
//! specifications by the test suite.

use serde_json::{json, Value};
use time::{macros::format_description, Date, OffsetDateTime};

use super::data::{
    DocumentSeed, InformatieObjectTypeSeed, ResultaatTypeSeed, RolSeed, Seed, StatusTypeSeed,
    ZaakSeed, ZaakTypeSeed, GEMEENTE_RSIN,
};
use crate::zgw::Vertrouwelijkheid;

pub const ZAAK: u16 = 0x2a01;
pub const STATUS: u16 = 0x5a01;
pub const ROL: u16 = 0x7a01;
pub const ZIO: u16 = 0x3a01;
pub const RESULTAAT: u16 = 0x8a01;
pub const ZAAKTYPE: u16 = 0x1c01;
pub const STATUSTYPE: u16 = 0x5c01;
pub const RESULTAATTYPE: u16 = 0x8c01;
pub const INFORMATIEOBJECTTYPE: u16 = 0x1d01;
pub const DOCUMENT: u16 = 0x9d01;
const CATALOGUS: u16 = 0xca01;

/// A stable uuid per kind and id, so demo URLs do not change between runs.
pub fn uuid(kind: u16, id: u32) -> String {
    format!("{kind:04x}0000-0000-4000-8000-{id:012}")
}

pub fn vertrouwelijkheid(value: &str) -> Vertrouwelijkheid {
    value.parse().expect("seeded vertrouwelijkheid is valid")
}

fn date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .expect("formats")
}

fn opt_date(d: Option<Date>) -> Value {
    d.map_or(Value::Null, |d| Value::String(date(d)))
}

fn datetime(dt: OffsetDateTime) -> String {
    dt.format(&time::format_description::well_known::Rfc3339)
        .expect("formats")
}

pub fn zaak_url(base: &str, id: u32) -> String {
    format!("{base}/zaken/api/v1/zaken/{}", uuid(ZAAK, id))
}

pub fn zaaktype_url(base: &str, id: u32) -> String {
    format!("{base}/catalogi/api/v1/zaaktypen/{}", uuid(ZAAKTYPE, id))
}

fn catalogus_url(base: &str) -> String {
    format!("{base}/catalogi/api/v1/catalogussen/{}", uuid(CATALOGUS, 1))
}

fn statustype_url(base: &str, id: u32) -> String {
    format!(
        "{base}/catalogi/api/v1/statustypen/{}",
        uuid(STATUSTYPE, id)
    )
}

fn resultaattype_url(base: &str, id: u32) -> String {
    format!(
        "{base}/catalogi/api/v1/resultaattypen/{}",
        uuid(RESULTAATTYPE, id)
    )
}

fn iot_url(base: &str, id: u32) -> String {
    format!(
        "{base}/catalogi/api/v1/informatieobjecttypen/{}",
        uuid(INFORMATIEOBJECTTYPE, id)
    )
}

fn document_url(base: &str, id: u32) -> String {
    format!(
        "{base}/documenten/api/v1/enkelvoudiginformatieobjecten/{}",
        uuid(DOCUMENT, id)
    )
}

pub fn status_id(zaak: &ZaakSeed, index: usize) -> u32 {
    zaak.id * 100 + index as u32
}

fn status_url(base: &str, zaak: &ZaakSeed, index: usize) -> String {
    format!(
        "{base}/zaken/api/v1/statussen/{}",
        uuid(STATUS, status_id(zaak, index))
    )
}

fn resultaat_url(base: &str, zaak: &ZaakSeed) -> String {
    format!(
        "{base}/zaken/api/v1/resultaten/{}",
        uuid(RESULTAAT, zaak.id)
    )
}

fn rol_url(base: &str, zaak: &ZaakSeed, index: usize) -> String {
    format!(
        "{base}/zaken/api/v1/rollen/{}",
        uuid(ROL, zaak.id * 100 + index as u32)
    )
}

fn zio_url(base: &str, document: &DocumentSeed) -> String {
    format!(
        "{base}/zaken/api/v1/zaakinformatieobjecten/{}",
        uuid(ZIO, document.id)
    )
}

/// What Open Zaak puts in `uiterlijkeEinddatumAfdoening` when a zaak is created without
/// one: startdatum + the zaaktype's doorlooptijd. It never moves it afterwards, not for a
/// verlenging either; the demo does the same.
fn creation_deadline(z: &ZaakSeed, zaaktype: &ZaakTypeSeed) -> Option<Date> {
    zaaktype
        .doorlooptijd
        .parse::<crate::zgw::duration::IsoDuration>()
        .ok()?
        .add_to(z.startdatum)
}

/// A zaak, with `_expand` filled for what `expand` names.
pub fn zaak(base: &str, seed: &Seed, z: &ZaakSeed, expand: &[String]) -> Value {
    let zaaktype = seed.zaaktype(z.zaaktype);
    let latest = z.statussen.len().checked_sub(1);
    let mut expanded = serde_json::Map::new();
    if expand.iter().any(|e| e == "zaaktype") {
        expanded.insert("zaaktype".into(), self::zaaktype(base, zaaktype));
    }
    if expand.iter().any(|e| e == "status") {
        if let Some(i) = latest {
            let mut status = status(base, seed, z, i);
            if expand.iter().any(|e| e == "status.statustype") {
                let st = zaaktype
                    .statustypen
                    .iter()
                    .find(|s| s.id == z.statussen[i].statustype)
                    .expect("seeded statustype");
                status["_expand"] = json!({ "statustype": statustype(base, zaaktype, st) });
            }
            expanded.insert("status".into(), status);
        }
    }
    if expand.iter().any(|e| e == "resultaat") && z.resultaat.is_some() {
        expanded.insert("resultaat".into(), resultaat(base, z));
    }
    json!({
        "url": zaak_url(base, z.id),
        "uuid": uuid(ZAAK, z.id),
        "identificatie": z.identificatie,
        "bronorganisatie": GEMEENTE_RSIN,
        "omschrijving": z.omschrijving,
        "toelichting": z.toelichting,
        "zaaktype": zaaktype_url(base, z.zaaktype),
        "registratiedatum": date(z.startdatum),
        "verantwoordelijkeOrganisatie": GEMEENTE_RSIN,
        "startdatum": date(z.startdatum),
        "einddatum": opt_date(z.einddatum),
        "einddatumGepland": opt_date(z.einddatum_gepland),
        "uiterlijkeEinddatumAfdoening": opt_date(z.uiterlijke_einddatum.or_else(|| creation_deadline(z, zaaktype))),
        "publicatiedatum": null,
        "communicatiekanaal": "",
        "communicatiekanaalNaam": "",
        "productenOfDiensten": [],
        "vertrouwelijkheidaanduiding": z.vertrouwelijkheid,
        "betalingsindicatie": "",
        "betalingsindicatieWeergave": "",
        "laatsteBetaaldatum": null,
        "verlenging": match z.verlenging {
            Some((reden, duur)) => json!({ "reden": reden, "duur": duur }),
            None => Value::Null,
        },
        "opschorting": match z.opschorting {
            Some(reden) => json!({ "indicatie": true, "reden": reden }),
            None => json!({ "indicatie": false, "reden": "" }),
        },
        "selectielijstklasse": "",
        "hoofdzaak": null,
        "deelzaken": [],
        "relevanteAndereZaken": [],
        "eigenschappen": [],
        "rollen": (0..z.rollen.len()).map(|i| rol_url(base, z, i)).collect::<Vec<_>>(),
        "status": latest.map(|i| status_url(base, z, i)),
        "zaakinformatieobjecten": z.documenten.iter().map(|d| zio_url(base, d)).collect::<Vec<_>>(),
        "zaakobjecten": [],
        "kenmerken": [],
        "archiefnominatie": "",
        "archiefstatus": "nog_te_archiveren",
        "archiefactiedatum": null,
        "resultaat": z.resultaat.map(|_| resultaat_url(base, z)),
        "opdrachtgevendeOrganisatie": "",
        "processobjectaard": "",
        "startdatumBewaartermijn": null,
        "processobject": { "datumkenmerk": "", "identificatie": "", "objecttype": "", "registratie": "" },
        "_expand": expanded,
    })
}

pub fn status(base: &str, seed: &Seed, z: &ZaakSeed, index: usize) -> Value {
    let s = &z.statussen[index];
    let _ = seed;
    json!({
        "url": status_url(base, z, index),
        "uuid": uuid(STATUS, status_id(z, index)),
        "zaak": zaak_url(base, z.id),
        "statustype": statustype_url(base, s.statustype),
        "datumStatusGezet": datetime(s.gezet),
        "statustoelichting": s.toelichting,
        "indicatieLaatstGezetteStatus": index + 1 == z.statussen.len(),
        "zaakinformatieobjecten": [],
    })
}

pub fn rol(base: &str, z: &ZaakSeed, index: usize) -> Value {
    let (betrokkene_type, identificatie) = match &z.rollen[index] {
        RolSeed::Persoon { bsn, naam } => (
            "natuurlijk_persoon",
            json!({
                "inpBsn": bsn, "anpIdentificatie": "",
                "geslachtsnaam": naam, "voorvoegselGeslachtsnaam": "", "voorletters": "",
                "voornamen": "", "geslachtsaanduiding": "", "geboortedatum": "",
            }),
        ),
        RolSeed::Bedrijf { rsin, kvk, naam } => (
            "niet_natuurlijk_persoon",
            json!({
                "innNnpId": rsin, "annIdentificatie": "", "kvkNummer": kvk,
                "vestigingsNummer": "", "statutaireNaam": naam,
                "innRechtsvorm": "besloten_vennootschap", "bezoekadres": "",
            }),
        ),
        RolSeed::Vestiging { nummer, kvk, naam } => (
            "vestiging",
            json!({
                "vestigingsNummer": nummer, "handelsnaam": [naam], "kvkNummer": kvk,
            }),
        ),
    };
    json!({
        "url": rol_url(base, z, index),
        "uuid": uuid(ROL, z.id * 100 + index as u32),
        "zaak": zaak_url(base, z.id),
        "betrokkene": "",
        "betrokkeneType": betrokkene_type,
        "afwijkendeNaamBetrokkene": "",
        "roltype": format!("{base}/catalogi/api/v1/roltypen/{}", uuid(0x7c01, z.zaaktype)),
        "omschrijving": "Aanvrager",
        "omschrijvingGeneriek": "initiator",
        "roltoelichting": "",
        "registratiedatum": datetime(z.startdatum.midnight().assume_utc()),
        "indicatieMachtiging": "",
        "contactpersoonRol": null,
        "statussen": [],
        "betrokkeneIdentificatie": identificatie,
    })
}

pub fn zaakinformatieobject(base: &str, z: &ZaakSeed, d: &DocumentSeed) -> Value {
    json!({
        "url": zio_url(base, d),
        "uuid": uuid(ZIO, d.id),
        "informatieobject": document_url(base, d.id),
        "zaak": zaak_url(base, z.id),
        "aardRelatieWeergave": "Hoort bij, omgekeerd: kent",
        "titel": "",
        "beschrijving": "",
        "registratiedatum": datetime(d.creatiedatum.midnight().assume_utc()),
        "vernietigingsdatum": null,
        "status": null,
    })
}

pub fn resultaat(base: &str, z: &ZaakSeed) -> Value {
    let (resultaattype, toelichting) = z.resultaat.expect("only zaken with a resultaat");
    json!({
        "url": resultaat_url(base, z),
        "uuid": uuid(RESULTAAT, z.id),
        "zaak": zaak_url(base, z.id),
        "resultaattype": resultaattype_url(base, resultaattype),
        "toelichting": toelichting,
    })
}

pub fn zaaktype(base: &str, t: &ZaakTypeSeed) -> Value {
    json!({
        "url": zaaktype_url(base, t.id),
        "identificatie": t.identificatie,
        "omschrijving": t.omschrijving,
        "omschrijvingGeneriek": "",
        "vertrouwelijkheidaanduiding": t.vertrouwelijkheid,
        "doel": format!("Het behandelen van: {}", t.omschrijving),
        "aanleiding": "Een verzoek van een inwoner of ondernemer.",
        "toelichting": "",
        "indicatieInternOfExtern": if t.extern_ { "extern" } else { "intern" },
        "handelingInitiator": "indienen",
        "onderwerp": t.omschrijving,
        "handelingBehandelaar": "behandelen",
        "doorlooptijd": t.doorlooptijd,
        "servicenorm": null,
        "opschortingEnAanhoudingMogelijk": true,
        "verlengingMogelijk": true,
        "verlengingstermijn": t.doorlooptijd,
        "trefwoorden": [],
        "publicatieIndicatie": false,
        "publicatietekst": "",
        "verantwoordingsrelatie": [],
        "productenOfDiensten": [],
        "selectielijstProcestype": "",
        "referentieproces": { "naam": t.omschrijving, "link": "" },
        "concept": false,
        "verantwoordelijke": GEMEENTE_RSIN,
        "beginGeldigheid": "2024-01-01",
        "eindeGeldigheid": null,
        "versiedatum": "2024-01-01",
        "beginObject": null,
        "eindeObject": null,
        "catalogus": catalogus_url(base),
        "statustypen": t.statustypen.iter().map(|s| statustype_url(base, s.id)).collect::<Vec<_>>(),
        "resultaattypen": t.resultaattypen.iter().map(|r| resultaattype_url(base, r.id)).collect::<Vec<_>>(),
        "eigenschappen": [],
        "informatieobjecttypen": [],
        "roltypen": [],
        "besluittypen": [],
        "zaakobjecttypen": [],
        "deelzaaktypen": [],
        "gerelateerdeZaaktypen": [],
    })
}

pub fn statustype(base: &str, t: &ZaakTypeSeed, s: &StatusTypeSeed) -> Value {
    json!({
        "url": statustype_url(base, s.id),
        "omschrijving": s.omschrijving,
        "omschrijvingGeneriek": "",
        "statustekst": s.statustekst,
        "zaaktype": zaaktype_url(base, t.id),
        "zaaktypeIdentificatie": t.identificatie,
        "catalogus": catalogus_url(base),
        "volgnummer": s.volgnummer,
        "isEindstatus": s.eind,
        "informeren": false,
        "doorlooptijd": s.doorlooptijd,
        "toelichting": null,
        "checklistitemStatustype": [],
        "eigenschappen": [],
        "beginGeldigheid": null,
        "eindeGeldigheid": null,
        "beginObject": null,
        "eindeObject": null,
    })
}

pub fn resultaattype(base: &str, t: &ZaakTypeSeed, r: &ResultaatTypeSeed) -> Value {
    json!({
        "url": resultaattype_url(base, r.id),
        "zaaktype": zaaktype_url(base, t.id),
        "zaaktypeIdentificatie": t.identificatie,
        "omschrijving": r.omschrijving,
        "resultaattypeomschrijving": "https://selectielijst.openzaak.nl/api/v1/resultaattypeomschrijvingen/demo",
        "omschrijvingGeneriek": r.omschrijving,
        "selectielijstklasse": "https://selectielijst.openzaak.nl/api/v1/resultaten/demo",
        "toelichting": r.toelichting,
        "archiefnominatie": "blijvend_bewaren",
        "archiefactietermijn": "P10Y",
        "brondatumArchiefprocedure": null,
        "procesobjectaard": "",
        "catalogus": catalogus_url(base),
        "beginGeldigheid": null,
        "eindeGeldigheid": null,
        "beginObject": null,
        "eindeObject": null,
        "indicatieSpecifiek": null,
        "procestermijn": null,
        "besluittypen": [],
        "besluittypeOmschrijving": [],
        "informatieobjecttypen": [],
        "informatieobjecttypeOmschrijving": [],
        "zaakobjecttypen": [],
    })
}

pub fn informatieobjecttype(base: &str, seed: &Seed, t: &InformatieObjectTypeSeed) -> Value {
    let _ = seed;
    json!({
        "url": iot_url(base, t.id),
        "catalogus": catalogus_url(base),
        "omschrijving": t.omschrijving,
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        "beginGeldigheid": "2024-01-01",
        "eindeGeldigheid": null,
        "beginObject": null,
        "eindeObject": null,
        "concept": false,
        "zaaktypen": [],
        "besluittypen": [],
        "informatieobjectcategorie": "Brief",
        "trefwoord": [],
    })
}

pub fn informatieobject(base: &str, d: &DocumentSeed) -> Value {
    let url = document_url(base, d.id);
    json!({
        "url": url,
        "identificatie": format!("DOC-{:06}", d.id),
        "bronorganisatie": GEMEENTE_RSIN,
        "creatiedatum": date(d.creatiedatum),
        "titel": d.titel,
        "vertrouwelijkheidaanduiding": d.vertrouwelijkheid,
        "auteur": "Gemeente Voorbeeld",
        "status": d.status,
        "formaat": "application/pdf",
        "taal": "nld",
        "versie": 1,
        "beginRegistratie": datetime(d.creatiedatum.midnight().assume_utc()),
        "bestandsnaam": d.bestandsnaam,
        "inhoud": format!("{url}/download?versie=1"),
        "bestandsomvang": d.content.len(),
        "link": "",
        "beschrijving": "",
        "ontvangstdatum": d.ontvangstdatum.map(date),
        "verzenddatum": d.verzenddatum.map(date),
        "indicatieGebruiksrecht": false,
        "verschijningsvorm": "",
        "informatieobjecttype": iot_url(base, d.informatieobjecttype),
        "locked": false,
        "bestandsdelen": [],
        "trefwoorden": [],
        "inhoudIsVervallen": false,
    })
}
