//! The page frame every page shares: document head, skip link, demo banner, header,
//! main landmark and footer.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::state::AppState;

/// "Pagina - Mijn zaken - Gemeente X": the page first, so tabs and screen readers lead
/// with what differs.
pub fn full_title(state: &AppState, page: &str) -> String {
    format!("{page} - Mijn zaken - {}", state.settings.gemeente.naam)
}

/// Sets the document title of a routed page.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! { <Title text=full_title(&state, &text)/> }
}

/// `<!DOCTYPE html>` and `<html lang="nl">` with the head; `head` adds the title.
#[component]
pub fn Document(head: AnyView, children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    let assets = &state.assets;
    let theme = assets
        .theme
        .as_ref()
        .map(|theme| view! { <link rel="stylesheet" href=theme.url.clone()/> });
    let body_class = format!("utrecht-document {}", state.settings.gemeente.theme_class);
    view! {
        <!DOCTYPE html>
        <html lang="nl">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href=assets.stylesheet.url.clone()/>
                {theme}
                <link rel="icon" type="image/svg+xml" href=assets.favicon.url.clone()/>
                {head}
            </head>
            <body class=body_class>{children()}</body>
        </html>
    }
}

/// Skip link, demo banner, header, `<main>` around `children`, footer.
#[component]
pub fn PageFrame(children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    let gemeente = &state.settings.gemeente;
    let logo = state
        .assets
        .logo
        .as_ref()
        .map(|logo| view! { <img class="mijnzaken-header__logo" src=logo.url.clone() alt="" width="48" height="48"/> });
    let demo_banner = state.settings.demo.then(|| {
        view! {
            <div class="utrecht-alert utrecht-alert--warning mijnzaken-demo-banner" data-testid="demo-banner">
                <div class="utrecht-alert__content">
                    <div class="utrecht-alert__message">
                        <p class="utrecht-paragraph">
                            <strong>"Demo-omgeving — dit zijn geen echte gegevens"</strong>
                        </p>
                    </div>
                </div>
            </div>
        }
    });
    view! {
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">
            "Direct naar de inhoud"
        </a>
        <div class="utrecht-page-layout mijnzaken-page">
            {demo_banner}
            <header class="utrecht-page-header">
                <div class="utrecht-page-header__content mijnzaken-header">
                    <a class="utrecht-link mijnzaken-header__home" href="/">
                        {logo}
                        <span class="mijnzaken-header__text">
                            <span class="mijnzaken-header__name">{gemeente.naam.clone()}</span>
                            <span class="mijnzaken-header__product">"Mijn zaken"</span>
                        </span>
                    </a>
                </div>
            </header>
            <main id="inhoud" tabindex="-1" class="utrecht-page-body mijnzaken-main">
                <div class="utrecht-page-body__content">{children()}</div>
            </main>
            <footer class="utrecht-page-footer">
                <div class="utrecht-page-footer__content">
                    <nav aria-label="Over deze website">
                        <ul class="utrecht-link-list utrecht-link-list--html-ul mijnzaken-footer-links">
                            <li class="utrecht-link-list__item">
                                <a class="utrecht-link utrecht-link-list__link" href="/toegankelijkheid">
                                    "Toegankelijkheidsverklaring"
                                </a>
                            </li>
                            <li class="utrecht-link-list__item">
                                <a class="utrecht-link utrecht-link-list__link" href="/privacy">
                                    "Privacyverklaring"
                                </a>
                            </li>
                            <li class="utrecht-link-list__item">
                                <a class="utrecht-link utrecht-link-list__link" href="/contact">
                                    "Contact"
                                </a>
                            </li>
                        </ul>
                    </nav>
                </div>
            </footer>
        </div>
    }
}
