//! Every error page's text: the 404 page, the page for unexpected failures, a refused
//! login, and the pages behind the login that say what cannot be shown now.

use leptos::prelude::*;

use crate::app::{
    components::{ContactText, Telefoon},
    LoginAgain, PageTitle, SignedIn,
};

/// The router's fallback: every unknown path.
#[component]
pub fn NotFound() -> impl IntoView {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <PageTitle text="Pagina niet gevonden"/>
        <NotFoundContent/>
    }
}

/// The text of the 404 page, shared by the router and the handlers outside it.
#[component]
pub fn NotFoundContent() -> impl IntoView {
    view! {
        <h1 class="utrecht-heading-1">"Pagina niet gevonden"</h1>
        <p class="utrecht-paragraph">
            "De pagina die u zoekt bestaat niet, of bestaat niet meer. Misschien is het adres niet goed overgenomen."
        </p>
        <p class="utrecht-paragraph">{home_link("Ga naar de startpagina van Mijn zaken")}</p>
    }
}

/// The link onward from an error page: to the user's own start page when someone is
/// logged in ("Naar Mijn zaken"), else to the home page with `public_text`.
fn home_link(public_text: &'static str) -> impl IntoView {
    let (href, text) = use_context::<SignedIn>()
        .map(|s| (s.home.href(), s.home.label()))
        .unwrap_or(("/", public_text));
    view! { <a class="utrecht-link" href=href data-testid="verder">{text}</a> }
}

/// The text of the page for unexpected failures. It never shows internals; the request
/// id lets the helpdesk find the log lines.
#[component]
pub fn UnexpectedContent(request_id: Option<String>) -> impl IntoView {
    let code = request_id.map(|id| {
        view! {
            <p class="utrecht-paragraph">
                "Noem dan deze code: " <code class="mijnzaken-code">{id}</code>
            </p>
        }
    });
    view! {
        <h1 class="utrecht-heading-1">"Er ging iets mis"</h1>
        <p class="utrecht-paragraph">
            "Door een fout kunnen we deze pagina nu niet laten zien. Dit ligt niet aan u. Probeer het over een paar minuten opnieuw."
        </p>
        <p class="utrecht-paragraph">"Blijft het misgaan? Bel ons op " <Telefoon/> "."</p>
        {code}
        <p class="utrecht-paragraph">
            {home_link("Ga naar de startpagina van Mijn zaken")}
        </p>
    }
}

/// The Dutch text for a failed login (its status: `LoginFailure::status`).
pub fn login_failure_text(
    kind: crate::auth::ProviderKind,
    failure: crate::auth::LoginFailure,
) -> String {
    use crate::auth::LoginFailure;
    let service = kind.label();
    let text = match failure {
        LoginFailure::Interrupted => {
            "Het inloggen is onderbroken of duurde te lang. Probeer het opnieuw."
        }
        LoginFailure::Refused => {
            return format!("Het inloggen met {service} is niet gelukt. Probeer het opnieuw.")
        }
        LoginFailure::Unavailable => {
            return format!(
                "{service} is op dit moment niet bereikbaar. Probeer het later opnieuw."
            )
        }
        LoginFailure::MissingClaim | LoginFailure::InvalidClaim => {
            super::logins::login_texts(kind).missing_claim
        }
        LoginFailure::AssuranceTooLow => super::logins::login_texts(kind).too_low,
        LoginFailure::NoAccess => {
            "U hebt geen toegang tot Mijn zaken voor medewerkers. Daarvoor hebt u de rol voor \
             het klantcontactcentrum nodig. Vraag die aan bij uw leidinggevende of de servicedesk."
        }
    };
    text.to_owned()
}

/// The title of an error page.
pub fn error_title(page: crate::app::ErrorPage) -> &'static str {
    use crate::app::ErrorPage;
    match page {
        ErrorPage::NotFound => "Pagina niet gevonden",
        ErrorPage::Unexpected => "Er ging iets mis",
        ErrorPage::Login(..) => "Inloggen is niet gelukt",
        ErrorPage::TooMany => "Te veel pogingen",
        ErrorPage::TooSlow => "Dit duurt te lang",
        ErrorPage::BadRequest | ErrorPage::Forbidden => "Dit is niet gelukt",
        ErrorPage::SessionExpired => "Uw sessie is verlopen",
        ErrorPage::NoAccess => "Geen toegang",
        ErrorPage::FromAnotherSite => "Open deze pagina vanuit Mijn zaken",
        ErrorPage::ZaakUnavailable(_) => "Deze zaak kunnen we nu niet laten zien",
        ErrorPage::DocumentUnavailable { .. } => "Dit document kunnen we nu niet laten zien",
        ErrorPage::AuditFailed => "We kunnen deze gegevens nu niet tonen",
    }
}

/// The most error pages are: the heading, one paragraph (with its test id), and maybe a
/// link onward.
fn plain(
    heading: impl IntoView + 'static,
    testid: Option<&'static str>,
    text: impl Into<String>,
    link: Option<(&'static str, &'static str)>,
) -> AnyView {
    let text = text.into();
    let link = link.map(|(href, label)| {
        view! { <p class="utrecht-paragraph"><a class="utrecht-link" href=href>{label}</a></p> }
    });
    view! {
        {heading}
        <p class="utrecht-paragraph" data-testid=testid>{text}</p>
        {link}
    }
    .into_any()
}

/// What an error page says: every error text of the portal is here.
pub fn error_content(page: crate::app::ErrorPage, request_id: Option<String>) -> AnyView {
    use crate::app::ErrorPage;
    let title = error_title(page);
    let heading = view! { <h1 class="utrecht-heading-1">{title}</h1> };
    match page {
        ErrorPage::NotFound => view! { <NotFoundContent/> }.into_any(),
        ErrorPage::Unexpected => view! { <UnexpectedContent request_id=request_id/> }.into_any(),
        ErrorPage::Login(kind, failure) => {
            // A citizen can call the gemeente; a medewerker has the servicedesk (their
            // texts say so).
            let call = (kind != crate::auth::ProviderKind::Medewerker).then(|| {
                view! { <p class="utrecht-paragraph">"Lukt het niet? Bel ons op " <Telefoon/> "."</p> }
            });
            view! {
                {plain(heading, Some("login-fout"), login_failure_text(kind, failure), None)}
                {call}
                <p class="utrecht-paragraph">
                    <a class="utrecht-link" href="/">"Terug naar de startpagina"</a>
                </p>
            }
            .into_any()
        }
        ErrorPage::TooMany => plain(
            heading,
            Some("te-veel"),
            "Er zijn in korte tijd te veel pogingen gedaan. \
             Wacht een minuut en probeer het dan opnieuw.",
            None,
        ),
        ErrorPage::TooSlow => plain(
            heading,
            Some("te-traag"),
            "Het ophalen van deze pagina duurde te lang. Dat ligt niet aan u. \
             Probeer het over een paar minuten opnieuw.",
            Some(("/zaken", "Naar Mijn zaken")),
        ),
        ErrorPage::BadRequest => plain(
            heading,
            Some("verzoek-onleesbaar"),
            "We konden uw verzoek niet verwerken. Ga terug naar de vorige pagina, \
             laad die opnieuw en probeer het nog eens.",
            None,
        ),
        ErrorPage::Forbidden => plain(
            heading,
            None,
            "Voor uw veiligheid hebben we dit verzoek niet uitgevoerd. Ga terug naar de \
             vorige pagina, laad die opnieuw en probeer het nog eens.",
            None,
        ),
        ErrorPage::SessionExpired => {
            let again = use_context::<LoginAgain>();
            let lost = again.as_ref().filter(|a| a.form_lost).map(|_| {
                view! {
                    <p class="utrecht-paragraph" data-testid="formulier-kwijt">
                        "Wat u in het formulier had ingevuld, is niet bewaard. \
                         Vul het na het inloggen opnieuw in."
                    </p>
                }
            });
            let href = again.map(|a| a.href).unwrap_or_else(|| "/".to_owned());
            view! {
                {plain(
                    heading,
                    None,
                    "U was een tijd niet actief. Daarom hebben we u voor uw veiligheid \
                     uitgelogd. Log opnieuw in om verder te gaan.",
                    None,
                )}
                {lost}
                <p class="utrecht-paragraph">
                    <a
                        class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
                        href=href
                        data-testid="opnieuw-inloggen"
                    >
                        "Opnieuw inloggen"
                    </a>
                </p>
            }
            .into_any()
        }
        ErrorPage::NoAccess => view! {
            {plain(
                heading,
                None,
                "Deze pagina is alleen voor medewerkers van het klantcontactcentrum.",
                None,
            )}
            <p class="utrecht-paragraph">{home_link("Naar de startpagina")}</p>
        }
        .into_any(),
        ErrorPage::FromAnotherSite => plain(
            heading,
            Some("van-andere-site"),
            "Deze pagina werd geopend vanaf een andere website. \
             Daarom tonen we hier nog niets en leggen we niets vast.",
            Some(("/kcc/zaken", "Naar de zaken die u bekijkt")),
        ),
        ErrorPage::ZaakUnavailable(viewer) => view! {
            <p class="utrecht-paragraph mijnzaken-back">
                <a class="utrecht-link" href=viewer.base()>"Terug naar Mijn zaken"</a>
            </p>
            {heading}
            <p class="utrecht-paragraph">
                "De gegevens van de gemeente zijn op dit moment niet bereikbaar. Dit ligt niet \
                 aan u. Probeer het over een paar minuten opnieuw."
            </p>
            <ContactText/>
        }
        .into_any(),
        ErrorPage::DocumentUnavailable {
            viewer,
            zaak,
            unreachable,
        } => {
            let back = format!("{}/{zaak}", viewer.base());
            let why = if unreachable {
                "De gegevens van de gemeente zijn op dit moment niet bereikbaar. \
                 Dit ligt niet aan u."
            } else {
                "Het document is op dit moment niet beschikbaar bij de gemeente. \
                 Dit ligt niet aan u."
            };
            view! {
                <p class="utrecht-paragraph mijnzaken-back">
                    <a class="utrecht-link" href=back>"Terug naar de zaak"</a>
                </p>
                {heading}
                <p class="utrecht-paragraph" data-testid="document-niet-beschikbaar">{why}</p>
                <p class="utrecht-paragraph">
                    "Probeer het later opnieuw. Lukt het dan nog niet? Neem contact met ons op."
                </p>
                <ContactText/>
            }
            .into_any()
        }
        ErrorPage::AuditFailed => view! {
            {heading}
            <p class="utrecht-paragraph" data-testid="audit-fout">
                "We konden niet vastleggen dat u deze gegevens bekijkt. Zonder die vastlegging \
                 tonen we niets. Probeer het over een paar minuten opnieuw. Blijft het misgaan? \
                 Meld het bij de servicedesk."
            </p>
            <p class="utrecht-paragraph">
                <a class="utrecht-link" href="/kcc">"Terug naar zaken opzoeken"</a>
            </p>
        }
        .into_any(),
    }
}
