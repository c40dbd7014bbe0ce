//! The home page: what MijnZaken is, and how to log in.

use leptos::prelude::*;

use super::logins::login_texts;
use crate::{
    app::{components::Telefoon, PageTitle},
    auth::ProviderKind,
    state::AppState,
};

/// `GET /`.
#[component]
pub fn Home() -> impl IntoView {
    let state = expect_context::<AppState>();
    let gemeente = state.gemeente.naam.clone();
    // The citizens' logins; medewerkers start at /kcc (the footer links there).
    let citizens = ProviderKind::ALL
        .into_iter()
        .filter(|kind| login_texts(*kind).on_home_page);
    let choices = citizens.map(|kind| {
        // Where the login starts; `None` while the login is not available.
        let href = state
            .auth
            .provider(kind)
            .map(|_| format!("/auth/{}/login", kind.name()));
        (login_texts(kind), href)
    });
    let choices = choices
        .into_iter()
        .map(|(choice, href)| {
            let action = match href {
                Some(href) => view! {
                    <a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href=href>
                        {choice.button}
                    </a>
                }
                .into_any(),
                None => view! { <p class="utrecht-paragraph mijnzaken-unavailable">"Binnenkort beschikbaar"</p> }.into_any(),
            };
            view! {
                <li class="mijnzaken-login-choice">
                    <h3 class="utrecht-heading-3">{choice.heading}</h3>
                    <p class="utrecht-paragraph">{choice.text}</p>
                    {action}
                </li>
            }
        })
        .collect_view();

    view! {
        <PageTitle text="Volg uw zaak"/>
        <h1 class="utrecht-heading-1">"Mijn zaken"</h1>
        <p class="utrecht-paragraph utrecht-paragraph--lead">
            "Hier ziet u hoe het staat met uw aanvraag, bezwaar, melding of klacht bij " {gemeente} "."
        </p>
        <h2 class="utrecht-heading-2">"Inloggen"</h2>
        <ul class="mijnzaken-login-choices">{choices}</ul>
        <h2 class="utrecht-heading-2">"Wat ziet u in Mijn zaken?"</h2>
        <ul class="utrecht-unordered-list">
            <li class="utrecht-unordered-list__item">"het zaaknummer van uw aanvraag"</li>
            <li class="utrecht-unordered-list__item">"wat u hebt aangevraagd, en wanneer"</li>
            <li class="utrecht-unordered-list__item">"wanneer u een besluit kunt verwachten"</li>
            <li class="utrecht-unordered-list__item">"welke stappen klaar zijn en welke nog komen"</li>
            <li class="utrecht-unordered-list__item">"brieven en andere documenten over uw zaak"</li>
        </ul>
        <h2 class="utrecht-heading-2">"Vragen?"</h2>
        <p class="utrecht-paragraph">
            "Bel ons op " <Telefoon/> ". Of kijk op de pagina " <a class="utrecht-link" href="/contact">"Contact"</a> "."
        </p>
    }
}
