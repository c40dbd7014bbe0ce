//! What a betrokkene may see. One function per rule, so that templates and handlers never
//! decide it themselves.

use crate::zgw::{
    types::{EnkelvoudigInformatieObject, Rol, Zaak, ZaakInformatieObject, ZaakType},
    RolFilter, Vertrouwelijkheid,
};

use super::Betrokkene;

/// Document statuses that mean "not finished": never shown to a citizen. `concept` is not
/// in the normative enum but appears in the release-tag spec; it is hidden too.
const UNFINISHED_DOCUMENT_STATUSES: &[&str] = &["in_bewerking", "ter_vaststelling", "concept"];

/// The rol filters that find a betrokkene's zaken: a BSN, or a company's KVK-nummer (in
/// `kvkNummer`: Open Zaak refuses one in `innNnpId`), RSIN (`innNnpId`) and
/// vestigingsnummer.
pub fn rol_filters(betrokkene: &Betrokkene) -> Vec<RolFilter> {
    match betrokkene {
        Betrokkene::Inwoner { bsn } => vec![RolFilter::Bsn(bsn.expose().to_owned())],
        Betrokkene::Ondernemer {
            kvk,
            rsin,
            vestiging,
        } => {
            let mut filters = vec![RolFilter::Kvk(kvk.as_str().to_owned())];
            filters.extend(rsin.iter().map(|r| RolFilter::NnpId(r.as_str().to_owned())));
            filters.extend(
                vestiging
                    .iter()
                    .map(|v| RolFilter::Vestiging(v.as_str().to_owned())),
            );
            filters
        }
    }
}

/// Whether `rol` names this betrokkene.
pub fn rol_is_of(rol: &Rol, betrokkene: &Betrokkene) -> bool {
    let Some(id) = &rol.betrokkene_identificatie else {
        return false;
    };
    let same = |field: &Option<String>, value: &str| field.as_deref() == Some(value);
    match betrokkene {
        Betrokkene::Inwoner { bsn } => {
            rol.betrokkene_type == "natuurlijk_persoon" && same(&id.inp_bsn, bsn.expose())
        }
        Betrokkene::Ondernemer {
            kvk,
            rsin,
            vestiging,
        } => match rol.betrokkene_type.as_str() {
            "niet_natuurlijk_persoon" => {
                same(&id.kvk_nummer, kvk.as_str())
                    || rsin
                        .as_ref()
                        .is_some_and(|r| same(&id.inn_nnp_id, r.as_str()))
            }
            "vestiging" => vestiging
                .as_ref()
                .is_some_and(|v| same(&id.vestigings_nummer, v.as_str())),
            _ => false,
        },
    }
}

/// The zaak's effective vertrouwelijkheid: its own, else its zaaktype's (the standard's
/// default), else the most secret (fail closed).
pub fn zaak_vertrouwelijkheid(zaak: &Zaak, zaaktype: &ZaakType) -> Vertrouwelijkheid {
    zaak.vertrouwelijkheidaanduiding
        .or(zaaktype.vertrouwelijkheidaanduiding)
        .unwrap_or(Vertrouwelijkheid::ZeerGeheim)
}

/// A zaak is visible to a betrokkene when its zaaktype is `extern`, its vertrouwelijkheid
/// is within the ceiling, and the betrokkene has a rol on it.
pub fn zaak_visible(
    zaak: &Zaak,
    zaaktype: &ZaakType,
    rollen: &[Rol],
    betrokkene: &Betrokkene,
    ceiling: Vertrouwelijkheid,
) -> bool {
    zaaktype.url == zaak.zaaktype
        && zaaktype.indicatie_intern_of_extern == "extern"
        && zaak_vertrouwelijkheid(zaak, zaaktype) <= ceiling
        && rollen
            .iter()
            .any(|rol| rol.zaak == zaak.url && rol_is_of(rol, betrokkene))
}

/// The part of [`zaak_visible`] that needs no rollen: for lists that the upstream already
/// filtered by rol.
pub fn zaak_listable(zaak: &Zaak, zaaktype: &ZaakType, ceiling: Vertrouwelijkheid) -> bool {
    zaaktype.url == zaak.zaaktype
        && zaaktype.indicatie_intern_of_extern == "extern"
        && zaak_vertrouwelijkheid(zaak, zaaktype) <= ceiling
}

/// A document is visible with a zaak when a zaakinformatieobject links the two, its
/// vertrouwelijkheid is set and within the ceiling, and it is finished.
pub fn document_visible(
    document: &EnkelvoudigInformatieObject,
    zaak: &Zaak,
    links: &[ZaakInformatieObject],
    ceiling: Vertrouwelijkheid,
) -> bool {
    let linked = links
        .iter()
        .any(|zio| zio.zaak == zaak.url && zio.informatieobject == document.url);
    let within = document
        .vertrouwelijkheidaanduiding
        .is_some_and(|v| v <= ceiling);
    let finished = !document
        .status
        .as_deref()
        .is_some_and(|s| UNFINISHED_DOCUMENT_STATUSES.contains(&s));
    linked && within && finished
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::domain::{Bsn, KvkNummer, Rsin, Vestigingsnummer};

    const ZAAK: &str = "https://oz.example/zaken/api/v1/zaken/1";
    const ZAAKTYPE: &str = "https://oz.example/catalogi/api/v1/zaaktypen/1";
    const DOC: &str = "https://oz.example/documenten/api/v1/enkelvoudiginformatieobjecten/1";

    #[test]
    fn the_filter_probes_ask_for_identifiers_that_no_one_has() {
        let bsn = Betrokkene::Inwoner {
            bsn: Bsn::parse("999993653").unwrap(),
        };
        let ondernemer = Betrokkene::Ondernemer {
            kvk: KvkNummer::parse("69599084").unwrap(),
            rsin: Some(Rsin::parse("002564440").unwrap()),
            vestiging: Some(Vestigingsnummer::parse("000037178598").unwrap()),
        };
        let probes: Vec<_> = rol_filters(&bsn)
            .into_iter()
            .chain(rol_filters(&ondernemer))
            .map(|f| f.probe())
            .collect();
        let value = |i: usize| probes[i].value();
        assert!(Bsn::parse(value(0)).is_err(), "fails the elfproef");
        assert!(KvkNummer::parse(value(1)).is_err(), "not issued");
        assert!(Rsin::parse(value(2)).is_err(), "fails the elfproef");
        assert!(Vestigingsnummer::parse(value(3)).is_err(), "not issued");
    }

    fn zaak(vertrouwelijkheid: &str) -> Zaak {
        serde_json::from_value(json!({
            "url": ZAAK, "identificatie": "Z-1", "zaaktype": ZAAKTYPE,
            "startdatum": "2026-03-01", "vertrouwelijkheidaanduiding": vertrouwelijkheid
        }))
        .unwrap()
    }

    fn zaaktype(intern_of_extern: &str) -> ZaakType {
        serde_json::from_value(json!({
            "url": ZAAKTYPE, "omschrijving": "Bezwaar", "indicatieInternOfExtern": intern_of_extern,
            "vertrouwelijkheidaanduiding": "zaakvertrouwelijk"
        }))
        .unwrap()
    }

    fn rol(betrokkene_type: &str, identificatie: serde_json::Value) -> Rol {
        serde_json::from_value(json!({
            "url": "https://oz.example/zaken/api/v1/rollen/1", "zaak": ZAAK,
            "betrokkeneType": betrokkene_type, "omschrijvingGeneriek": "initiator",
            "betrokkeneIdentificatie": identificatie
        }))
        .unwrap()
    }

    fn inwoner() -> Betrokkene {
        Betrokkene::Inwoner {
            bsn: Bsn::parse("111222333").unwrap(),
        }
    }

    fn ondernemer() -> Betrokkene {
        Betrokkene::Ondernemer {
            kvk: KvkNummer::parse("69599084").unwrap(),
            rsin: Some(Rsin::parse("002564440").unwrap()),
            vestiging: Some(Vestigingsnummer::parse("000037178598").unwrap()),
        }
    }

    const CEILING: Vertrouwelijkheid = Vertrouwelijkheid::Zaakvertrouwelijk;

    #[test]
    fn an_extern_zaak_within_the_ceiling_with_the_persons_rol_is_visible() {
        let rollen = [rol("natuurlijk_persoon", json!({"inpBsn": "111222333"}))];
        assert!(zaak_visible(
            &zaak("zaakvertrouwelijk"),
            &zaaktype("extern"),
            &rollen,
            &inwoner(),
            CEILING
        ));
    }

    #[test]
    fn an_intern_zaaktype_a_secret_zaak_or_someone_elses_zaak_is_not() {
        let mine = [rol("natuurlijk_persoon", json!({"inpBsn": "111222333"}))];
        assert!(!zaak_visible(
            &zaak("openbaar"),
            &zaaktype("intern"),
            &mine,
            &inwoner(),
            CEILING
        ));
        assert!(!zaak_visible(
            &zaak("geheim"),
            &zaaktype("extern"),
            &mine,
            &inwoner(),
            CEILING
        ));
        let theirs = [rol("natuurlijk_persoon", json!({"inpBsn": "999993653"}))];
        assert!(!zaak_visible(
            &zaak("openbaar"),
            &zaaktype("extern"),
            &theirs,
            &inwoner(),
            CEILING
        ));
        // Open Zaak's empty strings never match anything.
        let empty = [rol("natuurlijk_persoon", json!({"inpBsn": ""}))];
        assert!(!zaak_visible(
            &zaak("openbaar"),
            &zaaktype("extern"),
            &empty,
            &inwoner(),
            CEILING
        ));
        // A BSN in a rol of another type does not count.
        let wrong_type = [rol("medewerker", json!({"inpBsn": "111222333"}))];
        assert!(!zaak_visible(
            &zaak("openbaar"),
            &zaaktype("extern"),
            &wrong_type,
            &inwoner(),
            CEILING
        ));
    }

    #[test]
    fn a_zaak_without_its_own_vertrouwelijkheid_takes_the_zaaktypes() {
        let mut z = zaak("openbaar");
        z.vertrouwelijkheidaanduiding = None;
        let mut zt = zaaktype("extern");
        assert_eq!(
            zaak_vertrouwelijkheid(&z, &zt),
            Vertrouwelijkheid::Zaakvertrouwelijk
        );
        zt.vertrouwelijkheidaanduiding = None;
        assert_eq!(
            zaak_vertrouwelijkheid(&z, &zt),
            Vertrouwelijkheid::ZeerGeheim
        );
    }

    #[test]
    fn a_company_is_found_by_kvk_rsin_or_vestiging() {
        let z = zaak("openbaar");
        let zt = zaaktype("extern");
        // As Open Zaak 1.30 holds them: the KVK-nummer in `kvkNummer`, `innNnpId` an RSIN.
        for r in [
            rol(
                "niet_natuurlijk_persoon",
                json!({"kvkNummer": "69599084", "innNnpId": ""}),
            ),
            rol("niet_natuurlijk_persoon", json!({"innNnpId": "002564440"})),
            rol("vestiging", json!({"vestigingsNummer": "000037178598"})),
        ] {
            assert!(zaak_visible(&z, &zt, &[r], &ondernemer(), CEILING));
        }
        for other in [
            rol("niet_natuurlijk_persoon", json!({"kvkNummer": "12345678"})),
            // A KVK-nummer is not an RSIN: not matched in the RSIN's place.
            rol("niet_natuurlijk_persoon", json!({"innNnpId": "69599084"})),
        ] {
            assert!(!zaak_visible(&z, &zt, &[other], &ondernemer(), CEILING));
        }
        assert_eq!(
            rol_filters(&ondernemer()),
            vec![
                RolFilter::Kvk("69599084".into()),
                RolFilter::NnpId("002564440".into()),
                RolFilter::Vestiging("000037178598".into())
            ]
        );
        assert_eq!(
            rol_filters(&inwoner()),
            vec![RolFilter::Bsn("111222333".into())]
        );
    }

    fn document(vertrouwelijkheid: &str, status: &str) -> EnkelvoudigInformatieObject {
        serde_json::from_value(json!({
            "url": DOC, "titel": "Besluit", "vertrouwelijkheidaanduiding": vertrouwelijkheid,
            "status": status, "informatieobjecttype": "https://oz.example/catalogi/api/v1/informatieobjecttypen/1"
        }))
        .unwrap()
    }

    fn link(zaak: &str, document: &str) -> ZaakInformatieObject {
        serde_json::from_value(json!({
            "url": "https://oz.example/zaken/api/v1/zaakinformatieobjecten/1",
            "zaak": zaak, "informatieobject": document
        }))
        .unwrap()
    }

    #[test]
    fn documents_must_be_linked_within_the_ceiling_and_finished() {
        let z = zaak("openbaar");
        let links = [link(ZAAK, DOC)];
        assert!(document_visible(
            &document("openbaar", "definitief"),
            &z,
            &links,
            CEILING
        ));
        assert!(document_visible(
            &document("zaakvertrouwelijk", ""),
            &z,
            &links,
            CEILING
        ));
        assert!(!document_visible(
            &document("geheim", "definitief"),
            &z,
            &links,
            CEILING
        ));
        assert!(!document_visible(
            &document("openbaar", "in_bewerking"),
            &z,
            &links,
            CEILING
        ));
        assert!(!document_visible(
            &document("openbaar", "ter_vaststelling"),
            &z,
            &links,
            CEILING
        ));
        let elsewhere = [link("https://oz.example/zaken/api/v1/zaken/2", DOC)];
        assert!(!document_visible(
            &document("openbaar", "definitief"),
            &z,
            &elsewhere,
            CEILING
        ));
        assert!(!document_visible(
            &document("openbaar", "definitief"),
            &z,
            &[],
            CEILING
        ));
    }
}
