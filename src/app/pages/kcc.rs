//! The KCC pages: the look-up form and the banner above a citizen's zaken (which the page
//! frame shows). And `/inzage`, where the citizen reads the look-ups of their data.

use leptos::prelude::*;

use crate::domain::dates::{format_date, format_time};

/// The escaped text for inside a `<textarea>`. Leptos' server rendering writes a
/// textarea's children unescaped, so `</textarea><script>` typed in the field would come
/// back as markup; the browser decodes entities inside a textarea, so the field shows
/// exactly what was typed.
fn textarea_text(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// What the medewerker filled in, for showing the form again.
#[derive(Debug, Clone, Default)]
pub struct LookupValues {
    /// `bsn` or `kvk`.
    pub soort: String,
    /// The BSN or KVK-nummer (left empty when the form comes back: it may be a BSN).
    pub nummer: String,
    /// The chosen reason.
    pub reden: String,
    /// The optional explanation.
    pub toelichting: String,
    /// The code of the chosen gemeente.
    pub gemeente: String,
}

/// What is wrong with the form, per field.
#[derive(Debug, Clone, Default)]
pub struct LookupErrors {
    /// Not a valid BSN or KVK-nummer.
    pub nummer: Option<&'static str>,
    /// Not one of the configured reasons.
    pub reden: Option<&'static str>,
    /// Not a gemeente this medewerker may look in.
    pub gemeente: Option<&'static str>,
}

impl LookupErrors {
    /// Whether any field is wrong.
    pub fn any(&self) -> bool {
        self.nummer.is_some() || self.reden.is_some() || self.gemeente.is_some()
    }
}

/// A gemeente to choose: code and name.
pub type GemeenteOption = (String, String);

/// `GET /kcc` and a refused `POST /kcc`.
#[component]
pub fn LookupFormPage(
    /// The notice of a look-up that is still active, if any.
    active: Option<AnyView>,
    /// The reasons to choose from.
    redenen: Vec<String>,
    /// The gemeenten this medewerker may look in.
    gemeenten: Vec<GemeenteOption>,
    /// What was filled in.
    values: LookupValues,
    /// What is wrong with it.
    errors: LookupErrors,
    /// The form token.
    csrf: String,
) -> impl IntoView {
    let summary = errors.any().then(|| {
        let items: Vec<AnyView> = [
            errors.nummer.map(|e| ("nummer", e)),
            errors.reden.map(|e| ("reden", e)),
            errors.gemeente.map(|e| ("gemeente", e)),
        ]
        .into_iter()
        .flatten()
        .map(|(field, text)| {
            let href = format!("#{field}");
            view! { <li><a class="utrecht-link" href=href>{text}</a></li> }.into_any()
        })
        .collect();
        view! {
            <div class="utrecht-alert utrecht-alert--error mijnzaken-alert" role="alert" data-testid="formulier-fouten">
                <div class="utrecht-alert__content">
                    <div class="utrecht-alert__message">
                        <p class="utrecht-paragraph"><strong>"Controleer het formulier"</strong></p>
                        <ul class="utrecht-unordered-list">{items}</ul>
                    </div>
                </div>
            </div>
        }
    });
    let soort_bsn = values.soort != "kvk";
    let nummer_error = errors.nummer.map(|e| {
        view! { <p class="utrecht-form-field-error-message" id="nummer-fout">{e}</p> }
    });
    let nummer_described = if errors.nummer.is_some() {
        "nummer-uitleg nummer-fout"
    } else {
        "nummer-uitleg"
    };
    let reden_error = errors.reden.map(|e| {
        view! { <p class="utrecht-form-field-error-message" id="reden-fout">{e}</p> }
    });
    let reden_options: Vec<AnyView> = redenen
        .into_iter()
        .map(|r| {
            let selected = r == values.reden;
            view! { <option value=r.clone() selected=selected>{r.clone()}</option> }.into_any()
        })
        .collect();
    let gemeente_field = (gemeenten.len() > 1).then(|| {
        let gemeente_error = errors.gemeente.map(|e| {
            view! { <p class="utrecht-form-field-error-message" id="gemeente-fout">{e}</p> }
        });
        let options: Vec<AnyView> = gemeenten
            .into_iter()
            .map(|(code, naam)| {
                let selected = code == values.gemeente;
                view! { <option value=code selected=selected>{naam}</option> }.into_any()
            })
            .collect();
        view! {
            <div class="utrecht-form-field utrecht-form-field--select">
                <div class="utrecht-form-field__label">
                    <label class="utrecht-form-label" for="gemeente">"Voor welke gemeente?"</label>
                </div>
                {gemeente_error}
                <div class="utrecht-form-field__input">
                    <select class="utrecht-select" id="gemeente" name="gemeente">{options}</select>
                </div>
            </div>
        }
    });
    let hidden_gemeente = (gemeente_field.is_none()).then(|| {
        view! { <input type="hidden" name="gemeente" value=values.gemeente.clone()/> }
    });
    view! {
        <h1 class="utrecht-heading-1">"Zaken opzoeken"</h1>
        {active}
        {summary}
        <p class="utrecht-paragraph">
            "U ziet daarna precies wat de inwoner of ondernemer zelf ziet. U kunt niets wijzigen. We leggen vast wie u opzoekt, wanneer en waarom. De inwoner of ondernemer kan dat zelf terugzien."
        </p>
        <form class="mijnzaken-kcc-form" method="post" action="/kcc" novalidate="">
            <input type="hidden" name="csrf_token" value=csrf/>
            <fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
                <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">"Wie zoekt u op?"</legend>
                <div class="utrecht-form-field utrecht-form-field--radio">
                    <div class="utrecht-form-field__input">
                        <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" name="soort" id="soort-bsn" value="bsn" checked=soort_bsn/>
                    </div>
                    <div class="utrecht-form-field__label">
                        <label class="utrecht-form-label utrecht-form-label--radio" for="soort-bsn">"Inwoner (burgerservicenummer)"</label>
                    </div>
                </div>
                <div class="utrecht-form-field utrecht-form-field--radio">
                    <div class="utrecht-form-field__input">
                        <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" name="soort" id="soort-kvk" value="kvk" checked=!soort_bsn/>
                    </div>
                    <div class="utrecht-form-field__label">
                        <label class="utrecht-form-label utrecht-form-label--radio" for="soort-kvk">"Ondernemer (KVK-nummer)"</label>
                    </div>
                </div>
            </fieldset>
            <div class="utrecht-form-field utrecht-form-field--text">
                <div class="utrecht-form-field__label">
                    <label class="utrecht-form-label" for="nummer">"Burgerservicenummer of KVK-nummer"</label>
                </div>
                <p class="utrecht-form-field-description" id="nummer-uitleg">"9 cijfers (BSN) of 8 cijfers (KVK-nummer)"</p>
                {nummer_error}
                <div class="utrecht-form-field__input">
                    <input class="utrecht-textbox utrecht-textbox--html-input" type="text" id="nummer" name="nummer" inputmode="numeric" autocomplete="off"
                        value=values.nummer.clone() aria-describedby=nummer_described aria-invalid=errors.nummer.is_some().then_some("true")/>
                </div>
            </div>
            <div class="utrecht-form-field utrecht-form-field--select">
                <div class="utrecht-form-field__label">
                    <label class="utrecht-form-label" for="reden">"Reden"</label>
                </div>
                {reden_error}
                <div class="utrecht-form-field__input">
                    <select class="utrecht-select" id="reden" name="reden">{reden_options}</select>
                </div>
            </div>
            <div class="utrecht-form-field utrecht-form-field--textarea">
                <div class="utrecht-form-field__label">
                    <label class="utrecht-form-label" for="toelichting">"Toelichting (niet verplicht)"</label>
                </div>
                <div class="utrecht-form-field__input">
                    <textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="toelichting" name="toelichting" rows="3" maxlength="500" inner_html=textarea_text(&values.toelichting)></textarea>
                </div>
            </div>
            {gemeente_field}
            {hidden_gemeente}
            <button class="utrecht-button utrecht-button--primary-action" type="submit">"Zaken bekijken"</button>
        </form>
    }
    .into_any()
}

/// The persistent banner above the citizen's zaken while a medewerker looks.
#[component]
pub fn LookupBanner(
    /// Whose zaken: "BSN *****3653", "KVK-nummer 69599084".
    subject: String,
    /// The name of the gemeente looked in.
    gemeente: String,
    /// The reason the medewerker gave.
    reden: String,
    /// The form token for "Stoppen met bekijken".
    csrf: String,
) -> impl IntoView {
    let message = view! {
        <strong>"U bekijkt de zaken van " {subject} " voor " {gemeente}</strong>
        " — reden: " {reden}
    };
    with_stop_form(
        "info mijnzaken-kcc-banner",
        "kcc-banner",
        message.into_any(),
        csrf,
    )
}

/// On the look-up form, while a look-up is still active: a way back to it, or to stop.
#[component]
pub fn ActiveLookupNotice(
    /// Whose zaken.
    subject: String,
    /// The name of the gemeente looked in.
    gemeente: String,
    /// The form token for "Stoppen met bekijken".
    csrf: String,
) -> impl IntoView {
    let message = view! {
        "U bekijkt nu de zaken van " {subject} " voor " {gemeente} ". "
        <a class="utrecht-link" href="/kcc/zaken">"Verder bekijken"</a>
    };
    with_stop_form("info", "kcc-actief", message.into_any(), csrf)
}

/// A Utrecht alert (`kind`: its modifier and any extra class) about the look-up, with the
/// button that ends it.
fn with_stop_form(kind: &str, testid: &'static str, message: AnyView, csrf: String) -> AnyView {
    let class = format!("utrecht-alert utrecht-alert--{kind} mijnzaken-alert");
    view! {
        <div class=class data-testid=testid>
            <div class="utrecht-alert__content">
                <div class="utrecht-alert__message">
                    <p class="utrecht-paragraph">{message}</p>
                    {stop_form(csrf)}
                </div>
            </div>
        </div>
    }
    .into_any()
}

/// "Stoppen met bekijken": ends the look-up.
fn stop_form(csrf: String) -> AnyView {
    view! {
        <form method="post" action="/kcc/stoppen">
            <input type="hidden" name="csrf_token" value=csrf/>
            <button class="utrecht-button utrecht-button--secondary-action" type="submit">"Stoppen met bekijken"</button>
        </form>
    }
    .into_any()
}

/// One look-up as the citizen reads it on `/inzage`.
#[derive(Debug, Clone)]
pub struct InzageRegel {
    /// When.
    pub at: time::OffsetDateTime,
    /// In which gemeente's zaaksysteem.
    pub gemeente: String,
    /// Who: the team, or the medewerker's name and team when the gemeente shows names.
    pub wie: String,
    /// The reason the medewerker gave.
    pub reden: String,
    /// What was looked at: the look-up, a zaak, a document.
    pub wat: String,
}

/// `GET /inzage`.
#[component]
pub fn InzagePage(
    /// Every look-up of the citizen's data, newest first; unavailable when the audit
    /// trail could not be read.
    regels: Result<Vec<InzageRegel>, crate::zaken::Unavailable>,
) -> impl IntoView {
    let body = match regels {
        Err(crate::zaken::Unavailable) => view! {
            <div class="utrecht-alert utrecht-alert--warning mijnzaken-alert" data-testid="inzage-niet-beschikbaar">
                <div class="utrecht-alert__content">
                    <div class="utrecht-alert__message">
                        <p class="utrecht-paragraph"><strong>"We kunnen dit overzicht nu niet laten zien."</strong></p>
                        <p class="utrecht-paragraph">"Probeer het later opnieuw."</p>
                    </div>
                </div>
            </div>
        }
        .into_any(),
        Ok(regels) if regels.is_empty() => view! {
            <p class="utrecht-paragraph" data-testid="inzage-leeg">
                "Er heeft nog geen medewerker van de gemeente uw zaken bekeken."
            </p>
        }
        .into_any(),
        Ok(regels) => {
            let rows: Vec<AnyView> = regels
                .into_iter()
                .map(|r| {
                    let local = crate::domain::dates::to_amsterdam(r.at);
                    view! {
                        <tr class="utrecht-table__row" role="row" data-testid="inzage-regel">
                            <td class="utrecht-table__cell" role="cell" data-label="Wanneer">{format_date(local.date())} " om " {format_time(r.at)}</td>
                            <td class="utrecht-table__cell" role="cell" data-label="Gemeente">{r.gemeente}</td>
                            <td class="utrecht-table__cell" role="cell" data-label="Wie">{r.wie}</td>
                            <td class="utrecht-table__cell" role="cell" data-label="Reden">{r.reden}</td>
                            <td class="utrecht-table__cell" role="cell" data-label="Wat">{r.wat}</td>
                        </tr>
                    }
                    .into_any()
                })
                .collect();
            view! {
                // Below 48em each record is a card (style: .mijnzaken-inzage); the explicit
                // roles keep it a table for screen readers when its display changes.
                <div class="mijnzaken-table-scroll mijnzaken-inzage" role="region" aria-labelledby="inzage-titel" tabindex="0">
                    <table class="utrecht-table" role="table">
                        <caption class="utrecht-table__caption" id="inzage-titel">"Wie heeft uw zaken bekeken"</caption>
                        <thead class="utrecht-table__header" role="rowgroup">
                            <tr class="utrecht-table__row" role="row">
                                <th class="utrecht-table__header-cell" role="columnheader" scope="col">"Wanneer"</th>
                                <th class="utrecht-table__header-cell" role="columnheader" scope="col">"Gemeente"</th>
                                <th class="utrecht-table__header-cell" role="columnheader" scope="col">"Wie"</th>
                                <th class="utrecht-table__header-cell" role="columnheader" scope="col">"Reden"</th>
                                <th class="utrecht-table__header-cell" role="columnheader" scope="col">"Wat"</th>
                            </tr>
                        </thead>
                        <tbody class="utrecht-table__body" role="rowgroup">{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <p class="utrecht-paragraph mijnzaken-back">
            <a class="utrecht-link" href="/zaken">"Terug naar Mijn zaken"</a>
        </p>
        <h1 class="utrecht-heading-1">"Wie heeft uw gegevens bekeken"</h1>
        <p class="utrecht-paragraph">
            "Belt of mailt u met de gemeente? Dan kan een medewerker uw zaken bekijken om u te helpen. Dat mag alleen met een reden. Hier ziet u wanneer dat gebeurde, door wie en waarom."
        </p>
        {body}
    }
    .into_any()
}
