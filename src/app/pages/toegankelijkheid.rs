//! The toegankelijkheidsverklaring, in the structure of the Dutch model statement
//! (digitoegankelijk.nl): intention, status, measures, known problems, contact, complaints.

use leptos::prelude::*;

use crate::{
    app::{components::Telefoon, PageTitle},
    state::AppState,
};

/// `GET /toegankelijkheid`.
#[component]
pub fn Toegankelijkheid() -> impl IntoView {
    let state = expect_context::<AppState>();
    let gemeente = state.gemeente.naam.clone();
    view! {
        <PageTitle text="Toegankelijkheidsverklaring"/>
        <h1 class="utrecht-heading-1">"Toegankelijkheidsverklaring"</h1>
        <p class="utrecht-paragraph utrecht-paragraph--lead">
            {gemeente.clone()} " wil dat iedereen Mijn zaken kan gebruiken. Ook mensen met een beperking."
        </p>
        <p class="utrecht-paragraph">
            "Daarom houden wij ons aan het Besluit digitale toegankelijkheid overheid. Mijn zaken moet voldoen aan de "
            "Europese norm EN 301 549 en aan de richtlijnen WCAG 2.2 op niveau AA."
        </p>

        <h2 class="utrecht-heading-2">"Wat is de status?"</h2>
        <p class="utrecht-paragraph">
            "Status C: eerste maatregelen genomen. Wij testen Mijn zaken zelf op toegankelijkheid. "
            "Een onafhankelijke deskundige heeft Mijn zaken nog niet onderzocht."
        </p>

        <h2 class="utrecht-heading-2">"Wat doen wij om Mijn zaken toegankelijk te maken?"</h2>
        <ul class="utrecht-unordered-list">
            <li class="utrecht-unordered-list__item">
                "Wij bouwen met de onderdelen van het NL Design System. Die zijn gemaakt om voor iedereen te werken."
            </li>
            <li class="utrecht-unordered-list__item">
                "Elke pagina testen wij automatisch met axe, bij elke wijziging, op de regels van WCAG 2.2 niveau AA."
            </li>
            <li class="utrecht-unordered-list__item">
                "Elke pagina werkt zonder JavaScript, op een telefoon en met een toetsenbord."
            </li>
            <li class="utrecht-unordered-list__item">"Wij schrijven in eenvoudige taal (taalniveau B1)."</li>
        </ul>

        <h2 class="utrecht-heading-2">"Wat werkt nog niet goed?"</h2>
        <p class="utrecht-paragraph">
            "Documenten die de gemeente maakt, zoals brieven in PDF, zijn niet altijd toegankelijk. "
            "Kunt u een document niet lezen? Bel ons. Dan helpen wij u op een andere manier."
        </p>

        <h2 class="utrecht-heading-2">"Ziet u een probleem?"</h2>
        <p class="utrecht-paragraph">
            "Kunt u iets niet goed gebruiken of lezen? Laat het ons weten. Bel " <Telefoon/>
            " of kijk op de pagina " <a class="utrecht-link" href="/contact">"Contact"</a>
            ". Wij antwoorden binnen 5 werkdagen."
        </p>

        <h2 class="utrecht-heading-2">"Bent u niet tevreden met ons antwoord?"</h2>
        <p class="utrecht-paragraph">
            "Dan kunt u een klacht indienen bij " {gemeente} ". Bent u daarna nog niet tevreden? "
            "Dan kunt u terecht bij de Nationale ombudsman of de ombudsman van uw gemeente."
        </p>

        <h2 class="utrecht-heading-2">"Over deze verklaring"</h2>
        <p class="utrecht-paragraph">
            "Deze verklaring is opgesteld op 2 december 2026 en geldt voor Mijn zaken."
        </p>
    }
}
