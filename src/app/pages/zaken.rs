//! The zaken pages: the overview and one zaak. Pure views over the data of
//! `crate::zaken`; every upstream text is rendered as text (Leptos escapes it).

use leptos::prelude::*;

use crate::{
    app::components::{ContactText, Telefoon},
    domain::{
        dates::{format_date, format_datetime},
        stappen::{Reached, Step, StepState},
        termijn::Verwachting,
    },
    zaken::{
        detail::{
            ActieRegel, DocumentHerkomst, DocumentRegel, Herkomst, ResultaatRegel, ZaakDetail,
        },
        overzicht::{Overzicht, Sectie, StatusRegel, ZaakRegel, PER_SCREEN},
    },
};

/// A Utrecht alert with a heading and text.
fn alert(kind: &'static str, testid: &'static str, heading: String, body: AnyView) -> AnyView {
    let class = format!("utrecht-alert utrecht-alert--{kind} mijnzaken-alert");
    view! {
        <div class=class data-testid=testid>
            <div class="utrecht-alert__content">
                <div class="utrecht-alert__message">
                    <p class="utrecht-paragraph"><strong>{heading}</strong></p>
                    {body}
                </div>
            </div>
        </div>
    }
    .into_any()
}

fn data_item(key: &'static str, value: AnyView) -> AnyView {
    view! {
        <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{key}</dt>
            <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{value}</dd>
        </div>
    }
    .into_any()
}

fn verwachting_text(verwachting: &Verwachting) -> String {
    let date = format_date(verwachting.date);
    if verwachting.includes_verlenging {
        format!("{date} (na verlenging)")
    } else {
        date
    }
}

/// "Stap 2 van 4: ", before the step's label, on the card and in the summary alike.
fn stap_text((x, y): (usize, usize)) -> String {
    format!("Stap {x} van {y}: ")
}

/// A status badge whose colour carries its meaning as well as its words: `warning` for
/// what went wrong, `neutral` (the info colour) for what the citizen should know.
fn badge(text: &'static str, testid: &'static str, kind: &'static str) -> AnyView {
    let class = format!("utrecht-status-badge utrecht-status-badge--{kind} mijnzaken-badge");
    view! { <span class=class data-testid=testid>{text}</span> }.into_any()
}

fn badges(regel: &ZaakRegel) -> Option<AnyView> {
    let ZaakRegel {
        actie_nodig,
        overdue,
        opgeschort,
        verlengd,
        ..
    } = *regel;
    let list: Vec<AnyView> = [
        actie_nodig.then(|| badge("Actie nodig", "badge-actie", "warning")),
        overdue.then(|| badge("Duurt langer dan verwacht", "badge-te-laat", "warning")),
        opgeschort.then(|| badge("Opgeschort", "badge-opgeschort", "neutral")),
        verlengd.then(|| badge("Verlengd", "badge-verlengd", "neutral")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!list.is_empty()).then(|| view! { <p class="mijnzaken-badges">{list}</p> }.into_any())
}

/// Where the zaken pages live: `/zaken` for the citizen, `/kcc/zaken` for a medewerker
/// looking at the citizen's zaken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The inwoner or ondernemer themselves.
    Citizen,
    /// A KCC medewerker during a look-up: the same pages, read-only.
    Medewerker,
}

impl Viewer {
    /// The path the overview lives at.
    pub fn base(self) -> &'static str {
        match self {
            Viewer::Citizen => "/zaken",
            Viewer::Medewerker => "/kcc/zaken",
        }
    }
}

/// One zaak in the overview; `anchor` is its place in the section, for the "Toon meer"
/// link to land on.
fn zaak_card(regel: ZaakRegel, viewer: Viewer, anchor: String) -> AnyView {
    let href = format!("{}/{}", viewer.base(), regel.uuid);
    let badges = badges(&regel);
    let status = regel.status.map(|status| {
        let text = match status {
            StatusRegel::Known(text) => view! { {text} }.into_any(),
            StatusRegel::Ontvangen => view! { "Ontvangen" }.into_any(),
            StatusRegel::Unavailable => {
                view! { <span class="mijnzaken-unavailable">"Nu niet te zien"</span> }.into_any()
            }
        };
        let stap = regel
            .stap
            .map(|stap| view! { <span data-testid="zaak-stap">{stap_text(stap)}</span> });
        data_item(
            "Status",
            view! { {stap} <strong>{text}</strong> }.into_any(),
        )
    });
    // A closed zaak's card leads with its outcome, as its page does.
    let uitkomst = regel.resultaat.map(|resultaat| {
        let value = match resultaat {
            // A sentence, so not in bold as a status is.
            Ok(resultaat) => uitkomst_text(&resultaat),
            Err(crate::zaken::Unavailable) => {
                view! { <span class="mijnzaken-unavailable">"Nu niet te zien"</span> }.into_any()
            }
        };
        data_item(
            "Uitkomst",
            view! { <span data-testid="zaak-uitkomst">{value}</span> }.into_any(),
        )
    });
    let einde = match (regel.einddatum, regel.verwachting) {
        (Some(einddatum), _) => Some(data_item(
            "Afgerond op",
            view! { {format_date(einddatum)} }.into_any(),
        )),
        // The "Verlengd" badge says that the date includes the verlenging; the zaak page
        // says it in words.
        // A date that has passed is not "expected" any more: its badge says it takes
        // longer, the zaak page what happens now.
        (None, Some(verwachting)) => Some(data_item(
            if regel.overdue {
                "Oorspronkelijk verwacht"
            } else {
                "Verwacht klaar"
            },
            view! { {format_date(verwachting.date)} }.into_any(),
        )),
        (None, None) => None,
    };
    // The question people ask first, then when; the numbers for a phone call last, small.
    view! {
        <li class="mijnzaken-zaak" data-testid="zaak" id=anchor>
            <h3 class="utrecht-heading-3">
                <a class="utrecht-link" href=href>{regel.omschrijving}</a>
            </h3>
            <dl class="utrecht-data-list mijnzaken-zaak__data">
                {status}
                {uitkomst}
                {einde}
            </dl>
            {badges}
            <p class="utrecht-paragraph mijnzaken-zaak__meta">
                <span class="mijnzaken-visually-hidden">"Zaaknummer "</span>
                <span class="mijnzaken-nowrap" data-testid="zaaknummer">{regel.identificatie}</span>
                ", aangevraagd "
                <span class="mijnzaken-nowrap">{format_date(regel.startdatum)}</span>
            </p>
        </li>
    }
    .into_any()
}

/// Which section of the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Lopend,
    Afgerond,
}

impl Kind {
    fn id(self) -> &'static str {
        match self {
            Kind::Lopend => "lopend",
            Kind::Afgerond => "afgerond",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Kind::Lopend => "Lopende zaken",
            Kind::Afgerond => "Afgeronde zaken",
        }
    }

    /// "lopende zaken" / "afgeronde zaken", inside a sentence.
    fn words(self) -> &'static str {
        match self {
            Kind::Lopend => "lopende zaken",
            Kind::Afgerond => "afgeronde zaken",
        }
    }
}

/// One section: its heading with the count, the zaken on screen, "Toon meer" when there
/// are more. When the list is incomplete the count is a lower bound and an empty section
/// says that its zaken could not be fetched, never that there are none.
fn section(
    kind: Kind,
    sectie: Sectie,
    incomplete: bool,
    viewer: Viewer,
    more: Option<String>,
) -> AnyView {
    let id = kind.id();
    let shown = sectie.regels.len();
    let totaal = sectie.totaal;
    let heading = if incomplete {
        kind.heading().to_owned()
    } else {
        format!("{} ({totaal})", kind.heading())
    };
    let body = if sectie.regels.is_empty() {
        let text = match (incomplete, viewer) {
            (true, Viewer::Citizen) => format!(
                "We konden uw {} nu niet ophalen. Probeer het later opnieuw.",
                kind.words()
            ),
            (true, Viewer::Medewerker) => format!(
                "De {} konden nu niet worden opgehaald. Probeer het later opnieuw.",
                kind.words()
            ),
            (false, Viewer::Citizen) => format!("U hebt geen {}.", kind.words()),
            (false, Viewer::Medewerker) => format!("Geen {}.", kind.words()),
        };
        view! { <p class="utrecht-paragraph" data-testid=format!("geen-{id}")>{text}</p> }
            .into_any()
    } else {
        let cards: Vec<AnyView> = sectie
            .regels
            .into_iter()
            .enumerate()
            .map(|(i, r)| zaak_card(r, viewer, format!("{id}-{}", i + 1)))
            .collect();
        let testid = match kind {
            Kind::Lopend => "lopende-zaken",
            Kind::Afgerond => "afgeronde-zaken",
        };
        view! { <ul class="mijnzaken-zaken" data-testid=testid>{cards}</ul> }.into_any()
    };
    let more = more.filter(|_| shown < totaal).map(|href| {
        let count = format!("U ziet {shown} van de {totaal} {}.", kind.words());
        view! {
            <p class="utrecht-paragraph" data-testid=format!("{id}-aantal")>{count}</p>
            <p class="utrecht-paragraph">
                <a class="utrecht-link" href=href data-testid=format!("{id}-meer")>
                    "Toon meer " {kind.words()}
                </a>
            </p>
        }
    });
    view! {
        <section aria-labelledby=id>
            <h2 class="utrecht-heading-2" id=id>{heading}</h2>
            {body}
            {more}
        </section>
    }
    .into_any()
}

/// `GET /zaken`.
#[component]
pub fn OverviewPage(
    /// The zaken, as far as they could be fetched.
    data: Overzicht,
    /// The citizen, or a medewerker looking.
    viewer: Viewer,
) -> impl IntoView {
    let statussen_missing = data.statussen_missing();
    let nothing = data.lopend.totaal == 0 && data.afgerond.totaal == 0;
    let notice = if data.incomplete {
        let heading = if nothing {
            "We konden uw zaken nu niet ophalen. Probeer het later opnieuw."
        } else {
            "We kunnen op dit moment niet al uw zaken ophalen. Probeer het later opnieuw."
        };
        let body = (!nothing).then(|| {
            view! { <p class="utrecht-paragraph">"Hieronder staan de zaken die we wel konden ophalen."</p> }
        });
        Some(alert(
            "warning",
            "deels-opgehaald",
            heading.into(),
            view! { {body} }.into_any(),
        ))
    } else if statussen_missing {
        Some(alert(
            "warning",
            "deels-opgehaald",
            "Van sommige zaken kunnen we de status of de uitkomst nu niet laten zien. Probeer het later opnieuw."
                .into(),
            view! { <p class="utrecht-paragraph">"Uw zaken staan er wel allemaal."</p> }.into_any(),
        ))
    } else {
        None
    };
    let body = if nothing && !data.incomplete && viewer == Viewer::Medewerker {
        view! {
            <div data-testid="geen-zaken">
                <h2 class="utrecht-heading-2">"Geen zaken gevonden"</h2>
                <p class="utrecht-paragraph">
                    "De gemeente heeft voor deze persoon of dit bedrijf geen zaken die de inwoner of ondernemer zelf ook kan zien. Een zaak die net is aangevraagd, kan een paar dagen later pas in het zaaksysteem staan."
                </p>
            </div>
        }
        .into_any()
    } else if nothing && !data.incomplete {
        view! {
            <div data-testid="geen-zaken">
                <h2 class="utrecht-heading-2">"U hebt nog geen zaken"</h2>
                <p class="utrecht-paragraph">
                    "Hier ziet u uw aanvragen, meldingen en bezwaren bij de gemeente. Op dit moment hebt u er geen."
                </p>
                <p class="utrecht-paragraph">
                    "Hebt u iets aangevraagd en ziet u het hier niet? Het kan een paar dagen duren voordat uw zaak hier staat. Hebt u een vraag?"
                </p>
                <ContactText/>
            </div>
        }
        .into_any()
    } else {
        let toon = data.toon;
        // "Toon meer" keeps the other section as it is and lands on the first new zaak.
        let link = |lopend: usize, afgerond: usize, anchor: String| {
            format!(
                "{}?lopend={lopend}&afgerond={afgerond}#{anchor}",
                viewer.base()
            )
        };
        let more_lopend = link(
            toon.lopend + PER_SCREEN,
            toon.afgerond,
            format!("lopend-{}", data.lopend.regels.len() + 1),
        );
        let more_afgerond = link(
            toon.lopend,
            toon.afgerond + PER_SCREEN,
            format!("afgerond-{}", data.afgerond.regels.len() + 1),
        );
        let incomplete = data.incomplete;
        // The contact block speaks to the citizen; a medewerker is the contact.
        let vragen = (viewer == Viewer::Citizen).then(|| {
            view! {
                <h2 class="utrecht-heading-2">"Vragen?"</h2>
                <ContactText/>
            }
        });
        view! {
            {section(Kind::Lopend, data.lopend, incomplete, viewer, Some(more_lopend))}
            {section(Kind::Afgerond, data.afgerond, incomplete, viewer, Some(more_afgerond))}
            {vragen}
        }
        .into_any()
    };
    let inzage = (viewer == Viewer::Citizen).then(|| {
        view! {
            <h2 class="utrecht-heading-2">"Wie heeft uw gegevens bekeken?"</h2>
            <p class="utrecht-paragraph">
                "Medewerkers van de gemeente kunnen uw zaken bekijken als u hen belt of mailt. Dat leggen we vast. "
                <a class="utrecht-link" href="/inzage">"Bekijk wie uw gegevens heeft bekeken"</a>
            </p>
        }
    });
    // A medewerker reads about the person looked up, in the third person: whose zaken
    // comes from the frame's look-up (the same label as the banner's).
    let title = match viewer {
        Viewer::Citizen => "Mijn zaken".to_owned(),
        Viewer::Medewerker => use_context::<crate::app::layout::SignedIn>()
            .and_then(|signed_in| signed_in.lookup)
            .map_or_else(
                || "Zaken".to_owned(),
                |lookup| format!("Zaken van {}", lookup.subject),
            ),
    };
    view! {
        <h1 class="utrecht-heading-1">{title}</h1>
        {notice}
        {body}
        {inzage}
    }
    .into_any()
}

/// The check mark in a reached step's marker.
fn check_icon() -> AnyView {
    view! {
        <svg class="mijnzaken-step-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="16" height="16">
            <path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z" fill="currentColor"/>
        </svg>
    }
    .into_any()
}

/// The Den Haag modifier of a step. A skipped step looks like one not reached, and its
/// text says that it was not needed.
fn step_state_class(state: StepState) -> &'static str {
    match state {
        StepState::Done => "checked",
        StepState::Current => "current",
        StepState::Upcoming | StepState::Skipped => "not-checked",
    }
}

/// The step's state for tests and styling (`data-state`).
fn step_state_name(state: StepState) -> &'static str {
    match state {
        StepState::Skipped => "skipped",
        other => step_state_class(other),
    }
}

/// The statussen as process steps (the Den Haag process-steps pattern, server-rendered).
fn process_steps_view(steps: Vec<Step>) -> AnyView {
    let count = steps.len();
    // The line to a step is drawn as passed when the zaak is at or beyond it; a skipped
    // step always has a reached one after it.
    let passed: Vec<bool> = steps
        .iter()
        .map(|s| s.state != StepState::Upcoming)
        .collect();
    let items: Vec<AnyView> = steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let state = step_state_class(step.state);
            // A reached final step is where the zaak is (its heading stays the current
            // one, with aria-current) and it is done: a filled marker, and said so.
            let finished = step.state == StepState::Current && step.is_final;
            let marked = if finished { "checked" } else { state };
            let li_class = format!("denhaag-process-steps__step denhaag-process-steps__step--{marked}");
            let marker_class = format!("denhaag-step-marker denhaag-step-marker--{marked}");
            let heading_class = format!(
                "denhaag-process-steps__step-heading denhaag-process-steps__step-heading--{state}"
            );
            let spoken = match step.state {
                StepState::Done => "Afgerond: ",
                StepState::Current if finished => "Afgerond, laatste stap: ",
                StepState::Current => "Huidige stap: ",
                StepState::Upcoming => "Nog niet gedaan: ",
                StepState::Skipped => "Overgeslagen: ",
            };
            let data_state = step_state_name(step.state);
            let skipped = (step.state == StepState::Skipped).then(|| {
                view! {
                    <p class="denhaag-process-steps__step-meta utrecht-paragraph" data-testid="stap-overgeslagen">"Deze stap was niet nodig."</p>
                }
            });
            // A reached final step (the zaak is done) gets the check mark too.
            let marker = match step.state {
                StepState::Done => check_icon(),
                StepState::Current if step.is_final => check_icon(),
                // Its place in the catalogue, as "stap x van y" says; a step the catalogue
                // does not know keeps its place in the list.
                _ => view! { {step.plaats.unwrap_or(i + 1)} }.into_any(),
            };
            let when = step.reached.map(|reached| {
                let text = match reached {
                    Reached::At(at) => format_datetime(at),
                    Reached::On(date) => format_date(date),
                };
                view! {
                    <p class="denhaag-process-steps__step-meta denhaag-process-steps__step-meta--date utrecht-paragraph">{text}</p>
                }
            });
            // The gemeente's explanation of what happens at the step; not for a step that
            // was not needed.
            let uitleg = step.uitleg.filter(|_| step.state != StepState::Skipped).map(|text| {
                view! { <p class="denhaag-process-steps__step-meta utrecht-paragraph" data-testid="stap-uitleg">{text}</p> }
            });
            let toelichting = step.toelichting.map(|text| {
                view! { <p class="denhaag-process-steps__step-meta utrecht-paragraph" data-testid="stap-toelichting">{text}</p> }
            });
            let verwacht = step.verwacht.map(|date| {
                view! {
                    <p class="denhaag-process-steps__step-meta denhaag-process-steps__step-meta--date utrecht-paragraph" data-testid="stap-verwacht">
                        "Verwacht: " {format_date(date)}
                    </p>
                }
            });
            let connector = (i + 1 < count).then(|| {
                let next = if passed[i + 1] { "checked" } else { "not-checked" };
                let class = format!(
                    "denhaag-step-marker__connector denhaag-step-marker__connector--main-to-main denhaag-step-marker__connector--{next}"
                );
                view! { <div class=class aria-hidden="true"></div> }
            });
            let current = (step.state == StepState::Current).then_some("step");
            view! {
                <li class=li_class aria-current=current data-testid="stap" data-state=data_state>
                    <div class="denhaag-process-steps__step-header">
                        <span class=marker_class aria-hidden="true">{marker}</span>
                        <p class=heading_class>
                            <span class="mijnzaken-visually-hidden">{spoken}</span>
                            {step.label}
                        </p>
                    </div>
                    <div class="denhaag-process-steps__step-body">
                        {when}
                        {verwacht}
                        {skipped}
                        {uitleg}
                        {toelichting}
                        {connector}
                    </div>
                </li>
            }
            .into_any()
        })
        .collect();
    view! { <ol class="denhaag-process-steps mijnzaken-steps" data-testid="stappen">{items}</ol> }
        .into_any()
}

/// "PDF, 24 kB".
fn format_and_size(document: &DocumentRegel) -> Option<String> {
    let format =
        document
            .formaat
            .as_deref()
            .map(|f| match f.split(';').next().unwrap_or_default().trim() {
                "application/pdf" => "PDF".to_owned(),
                "image/png" => "PNG".to_owned(),
                "image/jpeg" => "JPG".to_owned(),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                | "application/msword" => "Word".to_owned(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                | "application/vnd.ms-excel" => "Excel".to_owned(),
                "text/plain" => "Tekst".to_owned(),
                other => other.rsplit('/').next().unwrap_or(other).to_uppercase(),
            });
    let size = document.omvang.map(|bytes| match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{} kB", b.div_ceil(1024)),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)).replace('.', ","),
    });
    match (format, size) {
        (Some(f), Some(s)) => Some(format!("{f}, {s}")),
        (Some(f), None) => Some(f),
        (None, Some(s)) => Some(s),
        (None, None) => None,
    }
}

fn documents_view(
    zaak_uuid: uuid::Uuid,
    documenten: Vec<DocumentRegel>,
    viewer: Viewer,
) -> AnyView {
    if documenten.is_empty() {
        return view! { <p class="utrecht-paragraph" data-testid="geen-documenten">"Er zijn nog geen documenten bij deze zaak."</p> }
            .into_any();
    }
    let items: Vec<AnyView> = documenten
        .into_iter()
        .map(|document| {
            let href = format!("{}/{zaak_uuid}/documenten/{}", viewer.base(), document.uuid);
            // Who it came from, so the citizen can tell what they sent in from what the
            // gemeente sent them.
            // By its dates when the Documenten API has them; else by its type, as the
            // gemeente's texts say, with the date it was made.
            let date = document.datum.map(format_date);
            let (van, wanneer) = match document.herkomst {
                Herkomst::Verzonden => (
                    None,
                    date.map(|d| format!("verstuurd door de gemeente op {d}")),
                ),
                Herkomst::Ontvangen => (
                    None,
                    date.map(|d| format!("ontvangen door de gemeente op {d}")),
                ),
                Herkomst::Soort(DocumentHerkomst::Gemeente) => {
                    (Some("gestuurd door de gemeente".to_owned()), date)
                }
                Herkomst::Soort(DocumentHerkomst::Aanvrager) => (
                    Some(
                        match viewer {
                            Viewer::Citizen => "gestuurd door u",
                            Viewer::Medewerker => "gestuurd door de aanvrager",
                        }
                        .to_owned(),
                    ),
                    date,
                ),
                Herkomst::Onbekend => (None, date),
            };
            let nieuw = document
                .nieuw
                .then(|| view! { " " {badge("Nieuw", "document-nieuw", "neutral")} });
            let details: Vec<String> = [
                document.soort.clone(),
                van,
                wanneer,
                format_and_size(&document),
            ]
            .into_iter()
            .flatten()
            .collect();
            let details = details.join(" · ");
            view! {
                <li class="mijnzaken-document" data-testid="document">
                    <a class="utrecht-link" href=href download="">
                        {document.titel}
                        <span class="mijnzaken-visually-hidden">" (downloaden)"</span>
                    </a>
                    {nieuw}
                    <p class="utrecht-paragraph mijnzaken-document__details">{details}</p>
                </li>
            }
            .into_any()
        })
        .collect();
    view! { <ul class="mijnzaken-documenten" data-testid="documenten">{items}</ul> }.into_any()
}

fn unavailable(text: impl Into<String>, testid: &'static str) -> AnyView {
    alert(
        "warning",
        testid,
        text.into(),
        view! { <p class="utrecht-paragraph">"Probeer het later opnieuw."</p> }.into_any(),
    )
}

/// A resultaat, led by its plain explanation with the catalogue's term after it, or the
/// term alone.
fn uitkomst_text(resultaat: &ResultaatRegel) -> AnyView {
    match resultaat.plain() {
        Some(uitleg) => {
            let term = resultaat.omschrijving.clone();
            view! { {uitleg.to_owned()} " (" {term} ")" }.into_any()
        }
        None => view! { {resultaat.omschrijving.clone()} }.into_any(),
    }
}

/// What the citizen must do, by when, and where: one value of the summary.
fn actie_text(actie: &ActieRegel) -> AnyView {
    let deadline = actie.uiterlijk.map(|date| {
        if actie.verlopen {
            format!(
                " Dit had uiterlijk {} gemoeten. Doe het zo snel mogelijk.",
                format_date(date)
            )
        } else {
            format!(" Doe dit uiterlijk {}.", format_date(date))
        }
    });
    let link = actie.link.clone().map(|(url, tekst)| {
        view! { <a class="utrecht-link" href=url.to_string() data-testid="actie-link">{tekst}</a> }
    });
    let email = actie.email.clone().map(|email| {
        let href = format!("mailto:{email}");
        let lead = if link.is_some() {
            " of mail naar "
        } else {
            "Mail naar "
        };
        view! { {lead} <a class="utrecht-link" href=href data-testid="actie-email">{email}</a> "." }
    });
    let how = (link.is_some() || email.is_some()).then(|| {
        view! { <br/> {link} {email} }
    });
    view! {
        <span data-testid="samenvatting-actie">
            <strong>{actie.wat.clone()}</strong>
            {deadline}
            {how}
        </span>
    }
    .into_any()
}

/// What people come for, in one glance under the title on a phone: where the zaak is now
/// (step x of y), what the citizen must do, when it should be ready or how it ended, and
/// why it stands still.
fn summary(zaak: &ZaakDetail, viewer: Viewer) -> AnyView {
    let not_now =
        || view! { <span class="mijnzaken-unavailable">"Nu niet te zien"</span> }.into_any();
    let mut items: Vec<AnyView> = Vec::new();
    if let Some(einddatum) = zaak.einddatum {
        // Outcome first, as on the zaak's card.
        if let Some(resultaat) = &zaak.resultaat {
            let value = match resultaat {
                Ok(resultaat) => uitkomst_text(resultaat),
                Err(crate::zaken::Unavailable) => not_now(),
            };
            items.push(data_item(
                "Uitkomst",
                view! { <span data-testid="samenvatting-uitkomst">{value}</span> }.into_any(),
            ));
        }
        items.push(data_item(
            "Afgerond op",
            view! { {format_date(einddatum)} }.into_any(),
        ));
    } else {
        let nu = match &zaak.stappen {
            Ok(steps) => {
                let current = steps.iter().find(|s| s.state == StepState::Current);
                let stap = zaak.stap.map(stap_text);
                current.map_or_else(not_now, |step| {
                    view! { {stap} <strong>{step.label.clone()}</strong> }.into_any()
                })
            }
            Err(crate::zaken::Unavailable) => not_now(),
        };
        items.push(data_item(
            "Nu",
            view! { <span data-testid="samenvatting-nu">{nu}</span> }.into_any(),
        ));
        if let Some(actie) = &zaak.actie {
            let key = match viewer {
                Viewer::Citizen => "Wat u moet doen",
                Viewer::Medewerker => "Wat de aanvrager moet doen",
            };
            items.push(data_item(key, actie_text(actie)));
        }
        if let Some(verwachting) = zaak.verwachting {
            let (key, after) = if zaak.opgeschort.is_some() {
                (
                    "Verwacht klaar",
                    ", maar deze datum schuift op zolang de behandeling stilstaat",
                )
            } else if zaak.overdue {
                (
                    "Oorspronkelijk verwacht",
                    ". Het duurt langer dan verwacht.",
                )
            } else {
                ("Verwacht klaar", "")
            };
            let date = verwachting_text(&verwachting);
            items.push(data_item(
                key,
                view! {
                    <span data-testid="samenvatting-datum">
                        <span data-testid="verwachte-einddatum">{date}</span>
                        {after}
                    </span>
                }
                .into_any(),
            ));
        }
        // What it waits for; not when the gemeente's texts already say what to do (the
        // same thing in other words), and the opgeschort notice below gives it anyway.
        if let Some(reden) = zaak
            .opgeschort
            .clone()
            .filter(|r| !r.trim().is_empty() && zaak.actie.is_none())
        {
            items.push(data_item(
                "Waarom het stilstaat",
                view! { <span data-testid="samenvatting-reden">{reden}</span> }.into_any(),
            ));
        }
    }
    view! {
        <dl class="utrecht-data-list utrecht-data-list--rows mijnzaken-samenvatting" data-testid="samenvatting">
            {items}
        </dl>
    }
    .into_any()
}

/// `GET /zaken/{uuid}`.
#[component]
pub fn ZaakPage(
    /// The zaak, each part as far as it could be fetched.
    zaak: ZaakDetail,
    /// The citizen, or a medewerker looking.
    viewer: Viewer,
) -> impl IntoView {
    let nummer = zaak.identificatie.clone();
    let summary = summary(&zaak, viewer);

    // A medewerker reads about the zaak, not to its owner: "deze zaak", no apology to them,
    // no "bel ons".
    let citizen = viewer == Viewer::Citizen;
    let uw = if citizen { "uw" } else { "deze" };
    let mut alerts: Vec<AnyView> = Vec::new();
    if zaak.overdue {
        let date = zaak
            .verwachting
            .map(|v| format_date(v.date))
            .unwrap_or_default();
        let nummer = nummer.clone();
        let body = if citizen {
            view! {
                <p class="utrecht-paragraph">
                    "We hadden verwacht dat uw zaak op " {date} " klaar zou zijn. Dat is niet gelukt. Onze excuses daarvoor."
                </p>
                <p class="utrecht-paragraph">
                    "Wilt u weten hoe het staat? Bel ons op " <Telefoon/> " en noem uw zaaknummer: " <strong class="mijnzaken-nowrap">{nummer}</strong> "."
                </p>
            }
            .into_any()
        } else {
            view! {
                <p class="utrecht-paragraph">
                    "Verwacht was dat deze zaak op " {date} " klaar zou zijn. De aanvrager ziet hier een excuus en het verzoek om te bellen."
                </p>
            }
            .into_any()
        };
        alerts.push(alert(
            "warning",
            "te-laat",
            "De behandeling duurt langer dan verwacht".into(),
            body,
        ));
    }
    if let Some(reden) = zaak.opgeschort.clone() {
        let reden = (!reden.trim().is_empty())
            .then(|| view! { <p class="utrecht-paragraph">"Reden: " {reden}</p> });
        let tijd =
            format!("Zolang de behandeling stilstaat, telt de tijd voor {uw} zaak niet mee.");
        alerts.push(alert(
            "info",
            "opgeschort",
            "Opgeschort: de behandeling staat tijdelijk stil".into(),
            view! {
                <p class="utrecht-paragraph">{tijd}</p>
                {reden}
            }
            .into_any(),
        ));
    }
    if let Some(reden) = zaak.verlengd.clone() {
        let reden = (!reden.trim().is_empty())
            .then(|| view! { <p class="utrecht-paragraph">"Reden: " {reden}</p> });
        // The new date where the news is, not only in the summary.
        let nieuw = zaak
            .verwachting
            .filter(|v| v.includes_verlenging && !zaak.overdue)
            .map(|v| {
                view! {
                    <p class="utrecht-paragraph" data-testid="verlengd-datum">
                        "Nu verwacht klaar: " {format_date(v.date)} "."
                    </p>
                }
            });
        alerts.push(alert(
            "info",
            "verlengd",
            format!("Verlengd: de gemeente neemt meer tijd voor {uw} zaak"),
            view! { {nieuw} {reden} }.into_any(),
        ));
    }
    if zaak.reassurance {
        let (heading, body) = if citizen {
            (
                "U hebt een tijd niets van ons gehoord",
                "We werken nog aan uw zaak. Zodra er iets verandert, ziet u dat hier.",
            )
        } else {
            (
                "Al vier weken geen nieuwe stap",
                "De aanvrager leest hier dat de gemeente nog aan de zaak werkt.",
            )
        };
        alerts.push(alert(
            "info",
            "geruststelling",
            heading.into(),
            view! { <p class="utrecht-paragraph">{body}</p> }.into_any(),
        ));
    }

    let toelichting = zaak.toelichting.clone().map(|t| {
        data_item(
            "Toelichting",
            view! { <span class="utrecht-data-list__item-value--multiline">{t}</span> }.into_any(),
        )
    });
    let stappen = match zaak.stappen {
        Ok(steps) => process_steps_view(steps),
        Err(crate::zaken::Unavailable) => unavailable(
            format!("We kunnen de stappen van {uw} zaak nu niet laten zien."),
            "stappen-niet-beschikbaar",
        ),
    };
    // The outcome is in the summary (outcome first); below the steps only the notice
    // when it cannot be shown now.
    let resultaat = match zaak.resultaat {
        Some(Err(crate::zaken::Unavailable)) => Some(unavailable(
            format!("We kunnen het resultaat van {uw} zaak nu niet laten zien."),
            "resultaat-niet-beschikbaar",
        )),
        _ => None,
    };
    let documenten_incomplete = zaak.documenten_incomplete.then(|| {
        unavailable(
            "We kunnen nu niet alle documenten van deze zaak laten zien.",
            "documenten-deels",
        )
    });
    let documenten = match zaak.documenten {
        Ok(list) => documents_view(zaak.uuid, list, viewer),
        Err(crate::zaken::Unavailable) => unavailable(
            format!("We kunnen de documenten van {uw} zaak nu niet laten zien."),
            "documenten-niet-beschikbaar",
        ),
    };
    // The contact block speaks to the citizen; a medewerker is the contact.
    let vragen = (viewer == Viewer::Citizen).then(|| {
        view! {
            <h2 class="utrecht-heading-2">"Vragen over deze zaak?"</h2>
            <ContactText zaaknummer=nummer/>
        }
    });
    let back = match viewer {
        Viewer::Citizen => "Terug naar Mijn zaken",
        Viewer::Medewerker => "Terug naar alle zaken",
    };
    view! {
        <p class="utrecht-paragraph mijnzaken-back">
            <a class="utrecht-link" href=viewer.base()>{back}</a>
        </p>
        <h1 class="utrecht-heading-1">{zaak.omschrijving.clone()}</h1>
        {summary}
        {alerts}
        <dl class="utrecht-data-list utrecht-data-list--rows mijnzaken-zaak__data" data-testid="zaakgegevens">
            {data_item("Zaaknummer", view! { <span data-testid="zaaknummer">{zaak.identificatie.clone()}</span> }.into_any())}
            {data_item("Soort zaak", view! { {zaak.zaaktype} }.into_any())}
            {data_item("Datum aanvraag", view! { {format_date(zaak.startdatum)} }.into_any())}
            {toelichting}
        </dl>
        <h2 class="utrecht-heading-2">"Status"</h2>
        {stappen}
        {resultaat}
        <h2 class="utrecht-heading-2">"Documenten"</h2>
        {documenten_incomplete}
        {documenten}
        {vragen}
    }
    .into_any()
}
