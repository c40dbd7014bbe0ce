//! The contact page, from the gemeente's configured details.

use leptos::prelude::*;

use crate::{
    app::{components::Telefoon, PageTitle},
    state::AppState,
};

/// `GET /contact`.
#[component]
pub fn Contact() -> impl IntoView {
    let state = expect_context::<AppState>();
    let gemeente = &state.gemeente;
    let email = gemeente.email.clone().map(|email| {
        let href = format!("mailto:{email}");
        view! {
            <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">"E-mail"</dt>
                <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
                    <a class="utrecht-link" href=href>{email}</a>
                </dd>
            </div>
        }
    });
    let website = gemeente.website.to_string();
    view! {
        <PageTitle text="Contact"/>
        <h1 class="utrecht-heading-1">"Contact"</h1>
        <p class="utrecht-paragraph">
            "Hebt u een vraag over uw zaak? Neem contact op met " {gemeente.naam.clone()}
            ". Houd uw zaaknummer bij de hand. Dat staat bij uw zaak in Mijn zaken."
        </p>
        <dl class="utrecht-data-list">
            <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">"Telefoon"</dt>
                <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
                    <Telefoon/>
                </dd>
            </div>
            {email}
            <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">"Website"</dt>
                <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">
                    <a class="utrecht-link" href=website.clone()>{website.clone()}</a>
                </dd>
            </div>
        </dl>
    }
}
