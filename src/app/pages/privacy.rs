//! The privacyverklaring: which personal data MijnZaken uses, why, and the user's rights.

use leptos::prelude::*;

use crate::{app::PageTitle, state::AppState};

/// `GET /privacy`.
#[component]
pub fn Privacy() -> impl IntoView {
    let state = expect_context::<AppState>();
    let gemeente = state.gemeente.naam.clone();
    view! {
        <PageTitle text="Privacyverklaring"/>
        <h1 class="utrecht-heading-1">"Privacyverklaring"</h1>
        <p class="utrecht-paragraph utrecht-paragraph--lead">
            "In Mijn zaken ziet u hoe het staat met uw zaken bij " {gemeente.clone()}
            ". Hier leest u welke gegevens wij daarvoor gebruiken."
        </p>

        <h2 class="utrecht-heading-2">"Welke gegevens gebruiken wij?"</h2>
        <ul class="utrecht-unordered-list">
            <li class="utrecht-unordered-list__item">
                "Logt u in met DigiD? Dan krijgen wij uw burgerservicenummer (BSN). Daarmee zoeken wij uw zaken op."
            </li>
            <li class="utrecht-unordered-list__item">
                "Logt u in met eHerkenning? Dan krijgen wij het KVK-nummer van uw bedrijf, en soms het vestigingsnummer."
            </li>
            <li class="utrecht-unordered-list__item">
                "Uw zaken en documenten halen wij op uit het zaaksysteem van de gemeente, op het moment dat u ze bekijkt. "
                "Mijn zaken bewaart die gegevens niet."
            </li>
        </ul>

        <h2 class="utrecht-heading-2">"Cookies"</h2>
        <p class="utrecht-paragraph">
            "Mijn zaken gebruikt één cookie. Die onthoudt dat u bent ingelogd. Na 15 minuten zonder activiteit "
            "logt Mijn zaken u uit. Wij gebruiken geen cookies om u te volgen of voor statistieken."
        </p>

        <h2 class="utrecht-heading-2">"Medewerkers die u helpen"</h2>
        <p class="utrecht-paragraph">
            "Belt u met een vraag over uw zaak? Dan kan een medewerker van de gemeente uw zaken bekijken. "
            "Dat mag alleen met een reden. Wij leggen vast wie uw gegevens bekeek, wanneer en waarom. "
            "Dat kunt u zelf zien in Mijn zaken."
        </p>

        <h2 class="utrecht-heading-2">"Uw rechten"</h2>
        <p class="utrecht-paragraph">
            "U mag vragen welke gegevens de gemeente van u heeft. U mag ook vragen om fouten te verbeteren. "
            "Dat staat in de Algemene verordening gegevensbescherming (AVG). Neem hiervoor "
            <a class="utrecht-link" href="/contact">"contact"</a> " op met " {gemeente} "."
        </p>
        <p class="utrecht-paragraph">
            "Bent u het niet eens met hoe wij met uw gegevens omgaan? Dan kunt u een klacht indienen bij de "
            "Autoriteit Persoonsgegevens."
        </p>
    }
}
