//! The Leptos pages and components: HTML and UI only.
//!
//! Pages are rendered on the server and sent whole (`SsrMode::Async`): no hydration, no
//! JavaScript, no data serialised into scripts. `SsrMode::Async` rather than `InOrder`
//! because a page may only know its status code (404 for a zaak the user may not see)
//! after its data has loaded, and the status goes out before the first byte.

mod layout;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

pub use layout::{Document, PageFrame, PageTitle};

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
}

/// Renders `body` as a complete page in the page frame, outside the router (handlers that
/// answer with a page of their own, such as the demo login page).
pub fn render_page(state: &AppState, title: &str, body: impl FnOnce() -> AnyView) -> String {
    let title = layout::full_title(state, title);
    Owner::new().with(|| {
        provide_context(state.clone());
        let body = body();
        view! {
            <Document head=view! { <title>{title}</title> }.into_any()>
                <PageFrame>{body}</PageFrame>
            </Document>
        }
        .to_html()
    })
}

/// Renders an error page as a complete document (its text: `pages::errors`).
pub fn render_error_page(state: &AppState, page: ErrorPage, request_id: Option<&str>) -> String {
    let request_id = request_id.map(str::to_owned);
    render_page(state, pages::error_title(page), move || {
        pages::error_content(page, request_id)
    })
}

/// Sent when a handler panics: static, so that it cannot fail in turn.
pub const PANIC_PAGE: &str = "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Er ging iets mis</title></head>\
<body><main><h1>Er ging iets mis</h1><p>Er is een fout opgetreden. Probeer het later opnieuw.</p>\
<p><a href=\"/\">Naar de startpagina</a></p></main></body></html>";
