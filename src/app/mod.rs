//! The Leptos pages and components: HTML and UI only.
//!
//! Pages are rendered on the server and sent whole (`SsrMode::Async`): no hydration, no
//! JavaScript, no data serialised into scripts. `SsrMode::Async` rather than `InOrder`
//! because a page may only know its status code (404 for a zaak the user may not see)
//! after its data has loaded, and the status goes out before the first byte.

pub mod components;
mod layout;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

pub use layout::{Document, LoginAgain, LookupInFrame, PageFrame, PageTitle, SignedIn, StartPage};

use crate::state::AppState;

/// The HTML document around the router, used by leptos_axum for every page.
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    view! {
        <Document head=view! { <MetaTags/> }.into_any()>
            <App/>
        </Document>
    }
}

/// The routes of the portal.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <PageFrame>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=pages::Home ssr=SsrMode::Async/>
                    <Route path=path!("/toegankelijkheid") view=pages::Toegankelijkheid ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=pages::Privacy ssr=SsrMode::Async/>
                    <Route path=path!("/contact") view=pages::Contact ssr=SsrMode::Async/>
                </Routes>
            </PageFrame>
        </Router>
    }
}

/// An error page that a handler outside the router asks for (see `web::error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPage {
    /// 404: the page does not exist, or the user may not know that it does.
    NotFound,
    /// 500: something unexpected; details are in the log under the request id.
    Unexpected,
    /// A refused login.
    Login(crate::auth::ProviderKind, crate::auth::LoginFailure),
    /// 403: a form without a valid CSRF token, or from another site.
    Forbidden,
    /// 4xx: a request the portal cannot read (a malformed or oversized form, a wrong
    /// content type): axum's plain-text rejections, in Dutch.
    BadRequest,
    /// 429: too many attempts for now (login starts, KCC look-ups).
    TooMany,
    /// 503: the request took longer than the portal allows (`MIJNZAKEN_REQUEST_TIMEOUT_SECONDS`).
    TooSlow,
    /// 401: this browser was logged in, and the session ended (idle or too long).
    SessionExpired,
    /// 403: a page for KCC medewerkers, and this user is not one (or not for that gemeente).
    NoAccess,
    /// 403: a KCC page opened from another site: nothing shown or recorded.
    FromAnotherSite,
    /// 503: the zaak's ownership could not be checked because an upstream is down.
    ZaakUnavailable(pages::zaken::Viewer),
    /// 502 or 503: a document passed every check, but its content could not be fetched.
    DocumentUnavailable {
        /// Whose page it is, for the link back to the zaak.
        viewer: pages::zaken::Viewer,
        /// The zaak the document belongs to.
        zaak: uuid::Uuid,
        /// The gemeente's systems did not answer (else they answered without the content).
        unreachable: bool,
    },
    /// 503: a KCC look-up, view or download whose audit record could not be written:
    /// nothing is shown (fail closed).
    AuditFailed,
}

/// Renders `body` as a complete page in the page frame, outside the router: every page a
/// handler renders with its data (`signed_in`: who is logged in, for the frame's session
/// bar and look-up banner), and the error pages.
pub fn render_page(
    state: &AppState,
    signed_in: Option<SignedIn>,
    title: &str,
    body: impl FnOnce() -> AnyView,
) -> String {
    let title = layout::full_title(state, title);
    Owner::new().with(|| {
        provide_context(state.clone());
        if let Some(signed_in) = signed_in {
            provide_context(signed_in);
        }
        let body = body();
        view! {
            <Document head=view! { <title>{title}</title> }.into_any()>
                <PageFrame>{body}</PageFrame>
            </Document>
        }
        .to_html()
    })
}

/// Renders an error page as a complete document (its text: `pages::errors`), with the
/// session bar when the handler said who is logged in.
pub fn render_error_page(
    state: &AppState,
    signed_in: Option<SignedIn>,
    login_again: Option<LoginAgain>,
    page: ErrorPage,
    request_id: Option<&str>,
) -> String {
    let request_id = request_id.map(str::to_owned);
    render_page(state, signed_in, pages::error_title(page), move || {
        if let Some(login_again) = login_again {
            provide_context(login_again);
        }
        pages::error_content(page, request_id)
    })
}

/// Sent when a handler panics: static, so that it cannot fail in turn.
pub const PANIC_PAGE: &str = "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Er ging iets mis</title></head>\
<body><main><h1>Er ging iets mis</h1><p>Er is een fout opgetreden. Probeer het later opnieuw.</p>\
<p><a href=\"/\">Naar de startpagina</a></p></main></body></html>";
