//! The page frame every page shares: document head, skip link, demo banner, header (with
//! the session bar when someone is logged in), the KCC look-up banner, main landmark and
//! footer.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::state::AppState;

/// "Pagina - Mijn zaken - Gemeente X": the page first, so tabs and screen readers lead
/// with what differs; "Mijn zaken - Gemeente X" for the overview itself.
pub fn full_title(state: &AppState, page: &str) -> String {
    if page == "Mijn zaken" {
        format!("Mijn zaken - {}", state.gemeente.naam)
    } else {
        format!("{page} - Mijn zaken - {}", state.gemeente.naam)
    }
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
    let body_class = format!("utrecht-document {}", state.gemeente.theme_class);
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

/// Who is logged in, as the page frame shows it: the session bar with the logout button
/// and, while a medewerker looks at someone's zaken, the look-up banner. A handler behind
/// the login passes it to `render_page` (or attaches it to an error response, see
/// `web::error::AppError::in_frame`); public pages have none.
#[derive(Clone)]
pub struct SignedIn {
    /// Who is logged in: "BSN *****3653", "KVK-nummer 69599084", "Naam (medewerker)".
    pub label: String,
    /// The form token for the logout and stop buttons.
    pub csrf: String,
    /// Their start page.
    pub home: StartPage,
    /// The look-up whose zaken this page shows, for a medewerker.
    pub lookup: Option<LookupInFrame>,
}

/// Where a logged-in user starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartPage {
    /// The citizen's overview.
    Zaken,
    /// The medewerker's look-up form.
    Kcc,
}

impl StartPage {
    /// Its address.
    pub fn href(self) -> &'static str {
        match self {
            StartPage::Zaken => "/zaken",
            StartPage::Kcc => "/kcc",
        }
    }

    /// The link text that leads there.
    pub fn label(self) -> &'static str {
        match self {
            StartPage::Zaken => "Naar Mijn zaken",
            StartPage::Kcc => "Naar zaken opzoeken",
        }
    }
}

/// The way back on the "sessie verlopen" page: the login to start again (returning to the
/// page that was asked for), and whether a form that was posted got lost.
#[derive(Clone)]
pub struct LoginAgain {
    /// Where the "Opnieuw inloggen" button goes.
    pub href: String,
    /// The request was a form: what was filled in is not kept.
    pub form_lost: bool,
}

/// The look-up a medewerker is doing, as its banner names it.
#[derive(Clone)]
pub struct LookupInFrame {
    /// Whose zaken: the same label the citizen's own session bar shows.
    pub subject: String,
    /// The code of the gemeente looked in (the page frame shows that gemeente).
    pub gemeente_code: String,
    /// Its name.
    pub gemeente: String,
    /// The reason the medewerker gave.
    pub reden: String,
}

/// Who is logged in, and the logout button: in the header of every page behind the login.
#[component]
fn SessionBar(label: String, csrf: String, until: String) -> impl IntoView {
    view! {
        // Who beside the button, when the session ends on a line of its own: two short
        // rows on a phone, so that the first screen is for the zaken.
        <div class="mijnzaken-session-bar">
            <p class="utrecht-paragraph mijnzaken-session-bar__who">
                <span data-testid="ingelogd-als">"Ingelogd met " {label}</span>
            </p>
            <form method="post" action="/auth/logout">
                <input type="hidden" name="csrf_token" value=csrf/>
                <button class="utrecht-button utrecht-button--secondary-action" type="submit">
                    "Uitloggen"
                </button>
            </form>
            <p class="utrecht-paragraph mijnzaken-session-bar__until">
                <small data-testid="sessie-tot">
                    "Doet u niets? Dan loggen we u om " {until} " uit."
                </small>
            </p>
        </div>
    }
}

/// Skip link, demo banner, header (with the session bar), `<main>` around the look-up
/// banner and `children`, footer.
#[component]
pub fn PageFrame(children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    // A handler's page says who is logged in through the context; the Leptos router's
    // pages find it on the request (`web::login::known_user`).
    let signed_in = use_context::<SignedIn>().or_else(|| {
        use_context::<http::request::Parts>()?
            .extensions
            .get::<SignedIn>()
            .cloned()
    });
    if let Some(signed_in) = &signed_in {
        provide_context(signed_in.clone());
    }
    // Every page is activity: the session lasts this long from now.
    let until = crate::domain::dates::format_time(
        time::OffsetDateTime::now_utc() + state.settings.auth.session.idle,
    );
    let session_bar = signed_in
        .clone()
        .map(|s| view! { <SessionBar label=s.label csrf=s.csrf until=until/> });
    let lookup_banner = signed_in.and_then(|s| {
        let lookup = s.lookup?;
        Some(view! {
            <crate::app::pages::kcc::LookupBanner
                subject=lookup.subject
                gemeente=lookup.gemeente
                reden=lookup.reden
                csrf=s.csrf
            />
        })
    });
    let gemeente = &state.gemeente;
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
                    {session_bar}
                </div>
            </header>
            <main id="inhoud" tabindex="-1" class="utrecht-page-body mijnzaken-main">
                <div class="utrecht-page-body__content">{lookup_banner}{children()}</div>
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
                            <li class="utrecht-link-list__item">
                                <a class="utrecht-link utrecht-link-list__link" href="/kcc">
                                    "Voor medewerkers"
                                </a>
                            </li>
                        </ul>
                    </nav>
                </div>
            </footer>
        </div>
    }
}
