//! The demo's seeded zaken. They tell the stories of the VNG Startgids MijnZaken pilot
//! cases (bezwaar WOZ-waarde, individuele inkomenstoeslag, subsidie geluidsisolatie,
//! klacht) plus an omgevingsvergunning and a parkeervergunning, and include what the
//! visibility rules must hide. Dates are relative to the day the demo starts, so that
//! "overdue" and "no news for four weeks" stay true whenever the demo runs.

use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};

/// Demo inwoner with most zaken.
pub const BSN_JANSEN: &str = "999993653";
/// Demo inwoner with two zaken.
pub const BSN_EL_AMRANI: &str = "999991772";
/// Demo inwoner with 153 zaken: the long overview, over two upstream pages.
pub const BSN_BAKKER: &str = "999990044";
/// How many zaken Bakker has.
pub const BAKKER_ZAKEN: u32 = 153;
/// Demo inwoner without zaken (the empty overview).
pub const BSN_DE_VRIES: &str = "999990019";
/// Demo company.
pub const KVK_BAKKERIJ: &str = "69599084";
/// The demo company's RSIN.
pub const RSIN_BAKKERIJ: &str = "002564440";
/// The demo company's vestiging.
pub const VESTIGING_BAKKERIJ: &str = "000037178598";

/// The organisation (RSIN) of the fictional gemeente.
pub const GEMEENTE_RSIN: &str = "002220647";

pub struct StatusTypeSeed {
    pub id: u32,
    pub volgnummer: i64,
    pub omschrijving: &'static str,
    pub statustekst: &'static str,
    pub eind: bool,
    /// The norm for reaching the step, from the zaak's start (Catalogi 1.3).
    pub doorlooptijd: Option<&'static str>,
}

pub struct ResultaatTypeSeed {
    pub id: u32,
    pub omschrijving: &'static str,
    pub toelichting: &'static str,
}

pub struct ZaakTypeSeed {
    pub id: u32,
    pub identificatie: &'static str,
    pub omschrijving: &'static str,
    pub extern_: bool,
    pub doorlooptijd: &'static str,
    pub vertrouwelijkheid: &'static str,
    pub statustypen: Vec<StatusTypeSeed>,
    pub resultaattypen: Vec<ResultaatTypeSeed>,
}

pub struct InformatieObjectTypeSeed {
    pub id: u32,
    pub omschrijving: &'static str,
}

pub enum RolSeed {
    Persoon {
        bsn: &'static str,
        naam: &'static str,
    },
    /// A niet-natuurlijk persoon as Open Zaak 1.30 holds one: `innNnpId` is an RSIN only
    /// (it refuses a KVK-nummer there), the KVK-nummer goes in `kvkNummer`; `""` when unknown.
    Bedrijf {
        rsin: &'static str,
        kvk: &'static str,
        naam: &'static str,
    },
    Vestiging {
        nummer: &'static str,
        kvk: &'static str,
        naam: &'static str,
    },
}

pub struct StatusSeed {
    pub statustype: u32,
    pub gezet: OffsetDateTime,
    pub toelichting: &'static str,
}

pub struct DocumentSeed {
    pub id: u32,
    pub titel: &'static str,
    pub informatieobjecttype: u32,
    pub vertrouwelijkheid: &'static str,
    pub status: &'static str,
    pub bestandsnaam: &'static str,
    pub creatiedatum: Date,
    /// When the gemeente received it (an aanvraag, a bezwaarschrift).
    pub ontvangstdatum: Option<Date>,
    /// When the gemeente sent it (a letter, a besluit).
    pub verzenddatum: Option<Date>,
    pub content: Vec<u8>,
}

pub struct ZaakSeed {
    pub id: u32,
    pub identificatie: String,
    pub omschrijving: &'static str,
    pub toelichting: &'static str,
    pub zaaktype: u32,
    pub startdatum: Date,
    pub einddatum: Option<Date>,
    pub einddatum_gepland: Option<Date>,
    pub uiterlijke_einddatum: Option<Date>,
    pub vertrouwelijkheid: &'static str,
    pub verlenging: Option<(&'static str, &'static str)>,
    pub opschorting: Option<&'static str>,
    pub statussen: Vec<StatusSeed>,
    pub resultaat: Option<(u32, &'static str)>,
    pub rollen: Vec<RolSeed>,
    pub documenten: Vec<DocumentSeed>,
}

pub struct Seed {
    pub zaaktypen: Vec<ZaakTypeSeed>,
    pub informatieobjecttypen: Vec<InformatieObjectTypeSeed>,
    pub zaken: Vec<ZaakSeed>,
}

impl Seed {
    pub fn zaaktype(&self, id: u32) -> &ZaakTypeSeed {
        self.zaaktypen
            .iter()
            .find(|z| z.id == id)
            .expect("seeded zaaktype")
    }
}

fn st(
    id: u32,
    volgnummer: i64,
    omschrijving: &'static str,
    statustekst: &'static str,
    eind: bool,
) -> StatusTypeSeed {
    StatusTypeSeed {
        id,
        volgnummer,
        omschrijving,
        statustekst,
        eind,
        doorlooptijd: None,
    }
}

fn rt(id: u32, omschrijving: &'static str, toelichting: &'static str) -> ResultaatTypeSeed {
    ResultaatTypeSeed {
        id,
        omschrijving,
        toelichting,
    }
}

/// A minimal, valid one-page PDF that shows `lines`.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)")
    };
    let mut text = String::from("BT /F1 14 Tf 72 770 Td 18 TL");
    for line in lines {
        // PDF's standard fonts use Latin-1 here; the demo texts avoid other characters.
        text.push_str(&format!(" ({}) '", escape(line)));
    }
    text.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{}\nendstream", text.len(), text),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{}\nendobj\n", i + 1, object).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The demo data, with dates relative to `today`.
pub fn seed(today: Date) -> Seed {
    let ago = |days: i64| today - Duration::days(days);
    let at = |days: i64, hour: u8, minute: u8| {
        // Amsterdam wall-clock time in winter; good enough for demo data.
        ago(days)
            .with_time(Time::from_hms(hour, minute, 0).expect("valid demo time"))
            .assume_offset(UtcOffset::from_hms(1, 0, 0).expect("valid offset"))
    };
    let year = today.year();
    let nummer = |n: u32| format!("ZAAK-{year}-{n:07}");
    let doc =
        |id, titel, iot, vertrouwelijkheid, status, bestandsnaam, days_ago: i64, lines: &[&str]| {
            DocumentSeed {
                id,
                titel,
                informatieobjecttype: iot,
                vertrouwelijkheid,
                status,
                bestandsnaam,
                creatiedatum: ago(days_ago),
                // What came in (informatieobjecttype 1, "Aanvraag") has an
                // ontvangstdatum; what the gemeente sent (2 to 4) a verzenddatum; an
                // intern memo neither.
                ontvangstdatum: (iot == 1).then(|| ago(days_ago)),
                verzenddatum: (2..=4).contains(&iot).then(|| ago(days_ago)),
                content: pdf(lines),
            }
        };
    let jansen = || RolSeed::Persoon {
        bsn: BSN_JANSEN,
        naam: "Jansen",
    };

    let zaaktypen = vec![
        ZaakTypeSeed {
            id: 1,
            identificatie: "BEZWAAR-WOZ",
            omschrijving: "Bezwaar WOZ-waarde",
            extern_: true,
            doorlooptijd: "P6W",
            vertrouwelijkheid: "zaakvertrouwelijk",
            statustypen: vec![
                st(
                    101,
                    1,
                    "Registratie bezwaar",
                    "We hebben uw bezwaar ontvangen",
                    false,
                ),
                st(
                    102,
                    2,
                    "Beoordeling taxatie",
                    "We bekijken uw bezwaar en de taxatie van uw woning",
                    false,
                ),
                st(
                    103,
                    3,
                    "Besluit vastgesteld",
                    "We hebben een besluit genomen over uw bezwaar",
                    true,
                ),
            ],
            resultaattypen: vec![
                rt(
                    151,
                    "Gegrond",
                    "Uw bezwaar is terecht. De WOZ-waarde is aangepast.",
                ),
                rt(152, "Ongegrond", "De WOZ-waarde blijft hetzelfde."),
            ],
        },
        ZaakTypeSeed {
            id: 2,
            identificatie: "INKOMENSTOESLAG",
            omschrijving: "Aanvraag individuele inkomenstoeslag",
            extern_: true,
            doorlooptijd: "P8W",
            vertrouwelijkheid: "vertrouwelijk",
            statustypen: vec![
                st(
                    201,
                    1,
                    "Aanvraag geregistreerd",
                    "We hebben uw aanvraag ontvangen",
                    false,
                ),
                st(
                    202,
                    2,
                    "Wacht op gegevens",
                    "We hebben meer informatie van u nodig",
                    false,
                ),
                st(203, 3, "Beoordeling", "We beoordelen uw aanvraag", false),
                st(
                    204,
                    4,
                    "Beschikking verzonden",
                    "We hebben een besluit genomen",
                    true,
                ),
            ],
            resultaattypen: vec![rt(251, "Toegekend", "U krijgt de inkomenstoeslag.")],
        },
        ZaakTypeSeed {
            id: 3,
            identificatie: "SUBSIDIE-GELUID",
            omschrijving: "Subsidie geluidsisolatie",
            extern_: true,
            doorlooptijd: "P13W",
            vertrouwelijkheid: "zaakvertrouwelijk",
            statustypen: vec![
                st(
                    301,
                    1,
                    "Ontvangen",
                    "We hebben uw aanvraag ontvangen",
                    false,
                ),
                StatusTypeSeed {
                    doorlooptijd: Some("P3W"),
                    ..st(
                        302,
                        2,
                        "Toets voorwaarden",
                        "We controleren of u subsidie kunt krijgen",
                        false,
                    )
                },
                StatusTypeSeed {
                    doorlooptijd: Some("P8W"),
                    ..st(
                        303,
                        3,
                        "Opname woning",
                        "Een medewerker komt uw woning bekijken",
                        false,
                    )
                },
                st(
                    304,
                    4,
                    "Beschikking",
                    "We hebben een besluit genomen over de subsidie",
                    true,
                ),
            ],
            resultaattypen: vec![rt(
                351,
                "Verleend",
                "U krijgt subsidie voor geluidsisolatie.",
            )],
        },
        ZaakTypeSeed {
            id: 4,
            identificatie: "KLACHT",
            omschrijving: "Klacht",
            extern_: true,
            doorlooptijd: "P6W",
            vertrouwelijkheid: "zaakvertrouwelijk",
            statustypen: vec![
                st(
                    401,
                    1,
                    "Klacht geregistreerd",
                    "We hebben uw klacht ontvangen",
                    false,
                ),
                st(
                    402,
                    2,
                    "Klachtbehandeling",
                    "Een klachtbehandelaar bekijkt uw klacht",
                    false,
                ),
                st(
                    403,
                    3,
                    "Afgehandeld",
                    "We hebben uw klacht afgehandeld",
                    true,
                ),
            ],
            resultaattypen: vec![rt(
                451,
                "Gegrond",
                "Wij vinden dat u gelijk hebt. Onze excuses.",
            )],
        },
        ZaakTypeSeed {
            id: 5,
            identificatie: "OMGEVINGSVERGUNNING",
            omschrijving: "Aanvraag omgevingsvergunning",
            extern_: true,
            doorlooptijd: "P8W",
            vertrouwelijkheid: "zaakvertrouwelijk",
            statustypen: vec![
                st(
                    501,
                    1,
                    "Ontvangen",
                    "We hebben uw aanvraag ontvangen",
                    false,
                ),
                st(
                    502,
                    2,
                    "Ontvankelijkheid",
                    "We hebben gecontroleerd of uw aanvraag compleet is",
                    false,
                ),
                st(503, 3, "Inhoudelijke toets", "We beoordelen uw plan", false),
                st(
                    504,
                    4,
                    "Besluit",
                    "We hebben een besluit genomen over uw vergunning",
                    true,
                ),
            ],
            resultaattypen: vec![rt(551, "Verleend", "U krijgt de vergunning.")],
        },
        ZaakTypeSeed {
            id: 6,
            identificatie: "PARKEERVERGUNNING",
            omschrijving: "Aanvraag parkeervergunning",
            extern_: true,
            doorlooptijd: "P2W",
            vertrouwelijkheid: "zaakvertrouwelijk",
            statustypen: vec![
                st(
                    601,
                    1,
                    "Ontvangen",
                    "We hebben uw aanvraag ontvangen",
                    false,
                ),
                st(602, 2, "Besluit", "We hebben een besluit genomen", true),
            ],
            resultaattypen: vec![rt(651, "Verleend", "U krijgt een parkeervergunning.")],
        },
        ZaakTypeSeed {
            id: 7,
            identificatie: "INTERN-KWALITEIT",
            omschrijving: "Interne kwaliteitscontrole",
            extern_: false,
            doorlooptijd: "P4W",
            vertrouwelijkheid: "intern",
            statustypen: vec![st(701, 1, "Gestart", "Gestart", false)],
            resultaattypen: vec![],
        },
    ];

    let informatieobjecttypen = vec![
        InformatieObjectTypeSeed {
            id: 1,
            omschrijving: "Aanvraag",
        },
        InformatieObjectTypeSeed {
            id: 2,
            omschrijving: "Ontvangstbevestiging",
        },
        InformatieObjectTypeSeed {
            id: 3,
            omschrijving: "Besluit",
        },
        InformatieObjectTypeSeed {
            id: 4,
            omschrijving: "Brief",
        },
        InformatieObjectTypeSeed {
            id: 5,
            omschrijving: "Intern memo",
        },
    ];

    let zaken = vec![
        ZaakSeed {
            id: 1,
            identificatie: nummer(101),
            omschrijving: "Bezwaar tegen WOZ-waarde Dorpsstraat 12",
            toelichting: "U vindt de WOZ-waarde van uw woning te hoog.",
            zaaktype: 1,
            startdatum: ago(50),
            einddatum: None,
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: Some(("We hebben meer tijd nodig, omdat een taxateur uw woning komt bekijken.", "P6W")),
            opschorting: None,
            statussen: vec![
                StatusSeed { statustype: 101, gezet: at(50, 9, 12), toelichting: "" },
                StatusSeed {
                    statustype: 102,
                    gezet: at(12, 14, 5),
                    toelichting: "De taxateur neemt contact met u op voor een afspraak.",
                },
            ],
            resultaat: None,
            rollen: vec![jansen()],
            documenten: vec![
                doc(1, "Uw bezwaarschrift", 1, "zaakvertrouwelijk", "definitief", "bezwaarschrift.pdf", 50, &["Bezwaarschrift WOZ-waarde", "Dorpsstraat 12"]),
                doc(2, "Ontvangstbevestiging bezwaar", 2, "zaakvertrouwelijk", "definitief", "ontvangstbevestiging.pdf", 49, &["Wij hebben uw bezwaar ontvangen."]),
                doc(3, "Conceptbesluit bezwaar", 3, "zaakvertrouwelijk", "in_bewerking", "conceptbesluit.pdf", 3, &["CONCEPT - niet verzenden"]),
            ],
        },
        ZaakSeed {
            id: 2,
            identificatie: nummer(102),
            omschrijving: "",
            toelichting: "",
            zaaktype: 2,
            startdatum: ago(35),
            einddatum: None,
            einddatum_gepland: Some(ago(35) + Duration::weeks(8)),
            uiterlijke_einddatum: Some(ago(35) + Duration::weeks(12)),
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: Some("We wachten op uw bankafschriften van de laatste 3 maanden."),
            statussen: vec![
                StatusSeed { statustype: 201, gezet: at(35, 10, 30), toelichting: "" },
                StatusSeed {
                    statustype: 202,
                    gezet: at(30, 11, 45),
                    toelichting: "Stuur ons uw bankafschriften. Zolang wij die niet hebben, staat de behandeling stil.",
                },
            ],
            resultaat: None,
            rollen: vec![jansen()],
            documenten: vec![doc(4, "Brief: wij missen gegevens", 4, "zaakvertrouwelijk", "definitief", "brief-gegevens.pdf", 20, &["Wij hebben meer gegevens nodig."])],
        },
        ZaakSeed {
            id: 3,
            identificatie: nummer(103),
            omschrijving: "Dakkapel aan de achterkant van Dorpsstraat 12",
            toelichting: "",
            zaaktype: 5,
            startdatum: ago(75),
            einddatum: None,
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: None,
            statussen: vec![
                StatusSeed { statustype: 501, gezet: at(75, 8, 50), toelichting: "" },
                StatusSeed { statustype: 502, gezet: at(60, 15, 20), toelichting: "Uw aanvraag is compleet." },
                StatusSeed { statustype: 503, gezet: at(45, 9, 0), toelichting: "" },
            ],
            resultaat: None,
            rollen: vec![jansen()],
            documenten: vec![doc(5, "Bouwtekening dakkapel", 1, "zaakvertrouwelijk", "definitief", "bouwtekening.pdf", 75, &["Bouwtekening dakkapel"])],
        },
        ZaakSeed {
            id: 4,
            identificatie: nummer(104),
            omschrijving: "Parkeervergunning voor bewoners",
            toelichting: "",
            zaaktype: 6,
            startdatum: ago(200),
            einddatum: Some(ago(188)),
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: None,
            statussen: vec![
                StatusSeed { statustype: 601, gezet: at(200, 13, 10), toelichting: "" },
                StatusSeed { statustype: 602, gezet: at(188, 10, 0), toelichting: "" },
            ],
            resultaat: Some((651, "De vergunning geldt voor kenteken XX-123-X.")),
            rollen: vec![jansen()],
            documenten: vec![
                doc(6, "Besluit parkeervergunning", 3, "zaakvertrouwelijk", "definitief", "besluit-parkeervergunning.pdf", 188, &["Besluit: parkeervergunning verleend."]),
                doc(7, "Intern memo handhaving", 5, "geheim", "definitief", "memo.pdf", 190, &["GEHEIM"]),
            ],
        },
        ZaakSeed {
            id: 5,
            identificatie: nummer(105),
            omschrijving: "Klacht over de behandeling aan de balie",
            toelichting: "",
            zaaktype: 4,
            startdatum: ago(120),
            einddatum: Some(ago(95)),
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: None,
            statussen: vec![
                // Settled by phone: the step "Klachtbehandeling" was not needed.
                StatusSeed { statustype: 401, gezet: at(120, 16, 40), toelichting: "" },
                StatusSeed { statustype: 403, gezet: at(95, 14, 0), toelichting: "We hebben u gebeld en de afspraken in een brief gezet." },
            ],
            resultaat: Some((451, "")),
            rollen: vec![jansen()],
            documenten: vec![doc(8, "Brief: afhandeling van uw klacht", 4, "zaakvertrouwelijk", "definitief", "afhandeling-klacht.pdf", 95, &["Afhandeling van uw klacht"])],
        },
        ZaakSeed {
            id: 6,
            identificatie: nummer(106),
            omschrijving: "Geluidsisolatie slaapkamers",
            toelichting: "",
            zaaktype: 3,
            startdatum: ago(1),
            einddatum: None,
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: None,
            statussen: vec![],
            resultaat: None,
            rollen: vec![jansen()],
            documenten: vec![],
        },
        // Hidden: an intern zaaktype, even though Jansen has a rol on it.
        ZaakSeed {
            id: 7,
            identificatie: nummer(107),
            omschrijving: "Steekproef kwaliteit WOZ-bezwaren",
            toelichting: "",
            zaaktype: 7,
            startdatum: ago(10),
            einddatum: None,
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "intern",
            verlenging: None,
            opschorting: None,
            statussen: vec![StatusSeed { statustype: 701, gezet: at(10, 9, 0), toelichting: "" }],
            resultaat: None,
            rollen: vec![jansen()],
            documenten: vec![],
        },
        // Hidden: geheim, above the portal's ceiling.
        ZaakSeed {
            id: 8,
            identificatie: nummer(108),
            omschrijving: "Onderzoek naar fraude met toeslag",
            toelichting: "",
            zaaktype: 2,
            startdatum: ago(30),
            einddatum: None,
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "geheim",
            verlenging: None,
            opschorting: None,
            statussen: vec![StatusSeed { statustype: 201, gezet: at(30, 9, 0), toelichting: "" }],
            resultaat: None,
            rollen: vec![jansen()],
            documenten: vec![],
        },
        ZaakSeed {
            id: 9,
            identificatie: nummer(109),
            omschrijving: "Geluidsisolatie woning aan de spoorlijn",
            toelichting: "",
            zaaktype: 3,
            startdatum: ago(40),
            einddatum: None,
            einddatum_gepland: Some(ago(40) + Duration::weeks(13)),
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: None,
            statussen: vec![
                StatusSeed { statustype: 301, gezet: at(40, 10, 0), toelichting: "" },
                StatusSeed { statustype: 302, gezet: at(30, 10, 0), toelichting: "" },
                StatusSeed { statustype: 303, gezet: at(5, 11, 15), toelichting: "De opname is gepland. U krijgt een brief met de datum." },
            ],
            resultaat: None,
            rollen: vec![RolSeed::Persoon { bsn: BSN_EL_AMRANI, naam: "El Amrani" }],
            documenten: vec![doc(9, "Uitnodiging opname woning", 4, "zaakvertrouwelijk", "definitief", "uitnodiging.pdf", 5, &["Uitnodiging opname woning"])],
        },
        ZaakSeed {
            id: 10,
            identificatie: nummer(110),
            omschrijving: "Klacht over afvalinzameling",
            toelichting: "De container is drie keer niet geleegd.",
            zaaktype: 4,
            startdatum: ago(3),
            einddatum: None,
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: None,
            statussen: vec![StatusSeed { statustype: 401, gezet: at(3, 12, 0), toelichting: "" }],
            resultaat: None,
            rollen: vec![RolSeed::Persoon { bsn: BSN_EL_AMRANI, naam: "El Amrani" }],
            documenten: vec![],
        },
        // The company: found by KVK and also by vestiging (one zaak, two rollen).
        ZaakSeed {
            id: 11,
            identificatie: nummer(111),
            omschrijving: "Verbouwing bedrijfspand Marktplein 3",
            toelichting: "",
            zaaktype: 5,
            startdatum: ago(21),
            einddatum: None,
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: None,
            statussen: vec![
                StatusSeed { statustype: 501, gezet: at(21, 9, 30), toelichting: "" },
                StatusSeed { statustype: 502, gezet: at(14, 14, 0), toelichting: "" },
            ],
            resultaat: None,
            rollen: vec![
                RolSeed::Bedrijf { rsin: "", kvk: KVK_BAKKERIJ, naam: "Bakkerij De Korenschoof B.V." },
                RolSeed::Vestiging { nummer: VESTIGING_BAKKERIJ, kvk: KVK_BAKKERIJ, naam: "Bakkerij De Korenschoof" },
            ],
            documenten: vec![doc(10, "Ontvangstbevestiging aanvraag", 2, "zaakvertrouwelijk", "definitief", "ontvangst.pdf", 21, &["Wij hebben uw aanvraag ontvangen."])],
        },
        ZaakSeed {
            id: 12,
            identificatie: nummer(112),
            omschrijving: "Parkeervergunning bedrijfsauto",
            toelichting: "",
            zaaktype: 6,
            startdatum: ago(90),
            einddatum: Some(ago(80)),
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: None,
            statussen: vec![
                StatusSeed { statustype: 601, gezet: at(90, 9, 0), toelichting: "" },
                StatusSeed { statustype: 602, gezet: at(80, 9, 0), toelichting: "" },
            ],
            resultaat: Some((651, "")),
            rollen: vec![RolSeed::Vestiging { nummer: VESTIGING_BAKKERIJ, kvk: KVK_BAKKERIJ, naam: "Bakkerij De Korenschoof" }],
            documenten: vec![],
        },
        ZaakSeed {
            id: 13,
            identificatie: nummer(113),
            omschrijving: "Bezwaar WOZ-waarde bedrijfspand Marktplein 3",
            toelichting: "",
            zaaktype: 1,
            startdatum: ago(8),
            einddatum: None,
            einddatum_gepland: None,
            uiterlijke_einddatum: None,
            vertrouwelijkheid: "zaakvertrouwelijk",
            verlenging: None,
            opschorting: None,
            statussen: vec![StatusSeed { statustype: 101, gezet: at(8, 10, 0), toelichting: "" }],
            resultaat: None,
            rollen: vec![RolSeed::Bedrijf { rsin: RSIN_BAKKERIJ, kvk: "", naam: "Bakkerij De Korenschoof B.V." }],
            documenten: vec![],
        },
    ];

    let mut zaken = zaken;
    zaken.extend(bakker(today, &zaaktypen));
    Seed {
        zaaktypen,
        informatieobjecttypen,
        zaken,
    }
}

/// Bakker's [`BAKKER_ZAKEN`] zaken over the last two years, about a third of them closed:
/// the long overview that Open Zaak pages as two pages of 100.
fn bakker(today: Date, zaaktypen: &[ZaakTypeSeed]) -> Vec<ZaakSeed> {
    const KINDS: [(u32, &str); 5] = [
        (1, "Bezwaar WOZ-waarde Havenstraat"),
        (3, "Geluidsisolatie Havenstraat"),
        (4, "Klacht over het onderhoud van de straat"),
        (5, "Verbouwing pand Havenstraat"),
        (6, "Parkeervergunning bezoekers"),
    ];
    let year = today.year();
    let at = |date: Date, hour: u8| {
        date.with_time(Time::from_hms(hour, 0, 0).expect("valid demo time"))
            .assume_offset(UtcOffset::from_hms(1, 0, 0).expect("valid offset"))
    };
    (0..BAKKER_ZAKEN)
        .map(|i| {
            let (zaaktype, omschrijving) = KINDS[(i % 5) as usize];
            let kind = zaaktypen
                .iter()
                .find(|t| t.id == zaaktype)
                .expect("seeded zaaktype");
            let age = 2 + i64::from(i) * 4;
            let start = today - Duration::days(age);
            let closed = i % 3 == 2;
            let first = &kind.statustypen[0];
            let last = kind
                .statustypen
                .last()
                .expect("every zaaktype has statustypen");
            let mut statussen = vec![StatusSeed {
                statustype: first.id,
                gezet: at(start, 9),
                toelichting: "",
            }];
            // Closed within 20 days, and never after yesterday.
            let einddatum = closed.then(|| start + Duration::days(20.min(age - 1)));
            if let Some(end) = einddatum {
                statussen.push(StatusSeed {
                    statustype: last.id,
                    gezet: at(end, 15),
                    toelichting: "",
                });
            } else if i % 2 == 1 && kind.statustypen.len() > 2 {
                statussen.push(StatusSeed {
                    statustype: kind.statustypen[1].id,
                    gezet: at(start + Duration::days(1), 11),
                    toelichting: "",
                });
            }
            ZaakSeed {
                id: 1000 + i,
                identificatie: format!("ZAAK-{year}-{:07}", 1000 + i),
                omschrijving,
                toelichting: "",
                zaaktype,
                startdatum: start,
                einddatum,
                einddatum_gepland: None,
                uiterlijke_einddatum: None,
                vertrouwelijkheid: "zaakvertrouwelijk",
                verlenging: None,
                opschorting: None,
                statussen,
                resultaat: closed
                    .then(|| kind.resultaattypen.first().map(|r| (r.id, "")))
                    .flatten(),
                rollen: vec![RolSeed::Persoon {
                    bsn: BSN_BAKKER,
                    naam: "Bakker",
                }],
                documenten: vec![],
            }
        })
        .collect()
}

/// The demo data of the second demo gemeente (Buurdorp), for the KCC's samenwerkingsverband
/// flow: the same catalogue, and one zaak for inwoner Jansen and one for the bakkerij.
pub fn seed_buurdorp(today: Date) -> Seed {
    let mut seed = seed(today);
    let year = today.year();
    seed.zaken.retain(|z| z.id == 10 || z.id == 11);
    for zaak in &mut seed.zaken {
        zaak.identificatie = format!("BUUR-{year}-{:07}", 200 + zaak.id);
        if zaak.id == 10 {
            zaak.omschrijving = "Melding kapotte lantaarnpaal Kerkpad";
            zaak.toelichting = "De lamp brandt al twee weken niet.";
            zaak.rollen = vec![RolSeed::Persoon {
                bsn: BSN_JANSEN,
                naam: "Jansen",
            }];
        }
    }
    seed
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn no_demo_zaak_ends_or_changes_after_today() {
        let today = date!(2026 - 12 - 03);
        for seed in [seed(today), seed_buurdorp(today)] {
            for zaak in &seed.zaken {
                assert!(zaak.startdatum <= today, "{}", zaak.identificatie);
                if let Some(end) = zaak.einddatum {
                    assert!(
                        zaak.startdatum <= end && end < today,
                        "{}",
                        zaak.identificatie
                    );
                }
                for status in &zaak.statussen {
                    assert!(status.gezet.date() <= today, "{}", zaak.identificatie);
                }
            }
        }
        let bakker = seed(today)
            .zaken
            .iter()
            .filter(|z| {
                z.rollen
                    .iter()
                    .any(|r| matches!(r, RolSeed::Persoon { bsn, .. } if *bsn == BSN_BAKKER))
            })
            .count();
        assert_eq!(bakker, BAKKER_ZAKEN as usize);
    }
}
