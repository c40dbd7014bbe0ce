//! Small pieces several pages share: how to reach the gemeente.

use leptos::prelude::*;

use crate::state::AppState;

/// The gemeente's telephone number as a link that dials it on a phone, with when it is
/// answered when the gemeente configured that.
#[component]
pub fn Telefoon() -> impl IntoView {
    let state = expect_context::<AppState>();
    let gemeente = &state.gemeente;
    let hours = gemeente
        .bereikbaar
        .clone()
        .map(|hours| view! { " (" {hours} ")" });
    view! {
        <a class="utrecht-link" href=gemeente.tel_href() data-testid="telefoon">
            {gemeente.telefoon.clone()}
        </a>
        {hours}
    }
}

/// How to reach the gemeente, optionally about one zaak.
#[component]
pub fn ContactText(
    /// The zaak to name when calling, if the text is about one.
    #[prop(optional)]
    zaaknummer: Option<String>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let gemeente = &state.gemeente;
    let email = gemeente.email.clone().map(|email| {
        let href = format!("mailto:{email}");
        view! { " of mail naar " <a class="utrecht-link" href=href>{email}</a> }
    });
    let noem = zaaknummer.map(|nummer| {
        view! { " Noem dan uw zaaknummer: " <strong class="mijnzaken-nowrap">{nummer}</strong> "." }
    });
    view! {
        <p class="utrecht-paragraph">
            "Bel " {gemeente.naam.clone()} " op " <Telefoon/> {email} "." {noem}
        </p>
    }
}
