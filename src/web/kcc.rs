//! `/kcc`: a medewerker looks up a citizen or company, with a reason, for a gemeente, and
//! then sees that person's zaken exactly as they would, read-only, under a banner. Every
//! look-up, zaak view and download is in the audit trail before anything is shown; when
//! the record cannot be written, nothing is shown. `/inzage`: the citizen's side.

use axum::{
    extract::{FromRequestParts, Path, RawQuery, State},
    http::{request::Parts, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
};
use leptos::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    app::{
        pages::{kcc as pages, zaken as zaken_pages},
        render_page, LookupInFrame, SignedIn,
    },
    audit::{Action, AuditRecord, NewRecord, Subject},
    auth::{
        access::{self, Denied},
        session::ActiveLookup,
        User,
    },
    domain::{Betrokkene, Bsn, KvkNummer},
    state::{AppState, GemeenteContext},
    web::{
        error::AppError,
        extract::{
            signed_in, Citizen, CsrfForm, CurrentRequestId, HasCsrfToken, LoggedIn, TokenOnly,
        },
    },
    zaken::{
        cache::Reader,
        detail::{self, Refusal},
        overzicht,
    },
};

fn denied(why: Denied) -> Response {
    match why {
        Denied::NoLookup => Redirect::to("/kcc").into_response(),
        Denied::NotMedewerker | Denied::WrongGemeente => AppError::NoAccess.into_response(),
    }
}

fn audit_subject(subject: &Betrokkene) -> Subject {
    match subject {
        Betrokkene::Inwoner { bsn } => Subject::Bsn(bsn.clone()),
        Betrokkene::Ondernemer { kvk, .. } => Subject::Kvk(kvk.clone()),
    }
}

/// A medewerker during a look-up: who, their form token, whose zaken, which gemeente.
pub struct Viewing {
    user: User,
    csrf: String,
    lookup: ActiveLookup,
    gemeente: GemeenteContext,
}

/// Writes one audit record; `Err` with the page to show when it could not be written.
async fn record(
    state: &AppState,
    viewing: &Viewing,
    action: Action,
    reference: Option<String>,
    request_id: Option<String>,
) -> Result<(), Response> {
    let Viewing {
        user,
        csrf,
        lookup,
        gemeente,
    } = viewing;
    let User::Medewerker { id, naam, .. } = user else {
        return Err(denied(Denied::NotMedewerker));
    };
    let new = NewRecord {
        medewerker_id: id.clone(),
        medewerker_naam: naam.clone(),
        medewerker_rol: state.settings.kcc.team.clone(),
        gemeente: gemeente.gemeente.code.clone(),
        gemeente_naam: gemeente.gemeente.naam.clone(),
        subject: audit_subject(&lookup.subject),
        reden: lookup.reden.clone(),
        toelichting: lookup.toelichting.clone(),
        action,
        reference,
        request_id,
    };
    match state.audit.append(new).await {
        Ok(_) => Ok(()),
        Err(error) => {
            // The whole cause chain (the database's own message), never the record.
            let error = format!("{:#}", anyhow::Error::new(error));
            tracing::error!(%error, "an audit record could not be written; nothing is shown");
            // The medewerker's own frame: no banner, as nothing of the look-up is shown.
            Err(AppError::AuditFailed.in_frame(signed_in(user, csrf)))
        }
    }
}

fn gemeente_options(state: &AppState, user: &User) -> Vec<pages::GemeenteOption> {
    state
        .gemeenten
        .iter()
        .filter(|g| access::may_look_up(user, &g.gemeente.code).is_ok())
        .map(|g| (g.gemeente.code.clone(), g.gemeente.naam.clone()))
        .collect()
}

/// A logged-in medewerker; anyone else gets "geen toegang".
pub struct Medewerker(LoggedIn);

impl FromRequestParts<AppState> for Medewerker {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let logged_in = LoggedIn::from_request_parts(parts, state).await?;
        if !matches!(logged_in.user, User::Medewerker { .. }) {
            // A citizen keeps their frame, with the way back to their own zaken.
            return Err(AppError::NoAccess.in_frame(logged_in.signed_in()));
        }
        Ok(Self(logged_in))
    }
}

/// The look-up form with `values` and `errors`, and the notice of a look-up still active.
async fn form_page(
    state: &AppState,
    logged_in: &LoggedIn,
    values: pages::LookupValues,
    errors: pages::LookupErrors,
) -> Response {
    let LoggedIn {
        user,
        csrf,
        session,
    } = logged_in;
    let active: Option<ActiveLookup> = session.lookup().await.ok().flatten();
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let redenen = state.settings.kcc.redenen.clone();
    let gemeenten = gemeente_options(state, user);
    let active = active.as_ref().map(|lookup| {
        let naam = state
            .gemeente(&lookup.gemeente)
            .map(|g| g.gemeente.naam.clone())
            .unwrap_or_default();
        view! { <pages::ActiveLookupNotice subject=lookup.subject.label() gemeente=naam csrf=csrf.to_owned()/> }
            .into_any()
    });
    let frame = signed_in(user, csrf);
    let csrf = csrf.to_owned();
    let html = render_page(state, Some(frame), "Zaken opzoeken", move || {
        view! {
            <pages::LookupFormPage
                active=active
                redenen=redenen
                gemeenten=gemeenten
                values=values
                errors=errors
                csrf=csrf
            />
        }
        .into_any()
    });
    (status, Html(html)).into_response()
}

/// The KCC pages, and the citizen's /inzage.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/inzage", get(inzage))
        .route("/kcc", get(form).post(start))
        .route("/kcc/stoppen", post(stop))
        .route("/kcc/zaken", get(overview))
        .route("/kcc/zaken/{zaak}", get(zaak))
        .route("/kcc/zaken/{zaak}/documenten/{document}", get(download))
}

/// `GET /kcc`: the look-up form.
pub async fn form(State(state): State<AppState>, Medewerker(logged_in): Medewerker) -> Response {
    let values = pages::LookupValues {
        gemeente: state.gemeente.code.clone(),
        ..Default::default()
    };
    form_page(&state, &logged_in, values, Default::default()).await
}

/// The look-up form as posted.
#[derive(Deserialize)]
pub struct LookupForm {
    csrf_token: String,
    #[serde(default)]
    soort: String,
    #[serde(default)]
    nummer: String,
    #[serde(default)]
    reden: String,
    #[serde(default)]
    toelichting: String,
    #[serde(default)]
    gemeente: String,
}

/// `POST /kcc`: checks the form, writes the audit record, then starts the look-up.
pub async fn start(
    State(state): State<AppState>,
    Medewerker(logged_in): Medewerker,
    request: CurrentRequestId,
    CsrfForm(form): CsrfForm<LookupForm>,
) -> Response {
    let nummer: String = form.nummer.chars().filter(|c| !c.is_whitespace()).collect();
    let mut errors = pages::LookupErrors::default();
    let subject = if form.soort == "kvk" {
        KvkNummer::parse(&nummer)
            .map(|kvk| Betrokkene::Ondernemer {
                kvk,
                rsin: None,
                vestiging: None,
            })
            .map_err(|_| "Vul een KVK-nummer van 8 cijfers in.")
    } else {
        Bsn::parse(&nummer)
            .map(|bsn| Betrokkene::Inwoner { bsn })
            .map_err(|_| "Vul een geldig burgerservicenummer van 9 cijfers in.")
    };
    let subject = subject.map_err(|e| errors.nummer = Some(e)).ok();
    if !state.settings.kcc.redenen.contains(&form.reden) {
        errors.reden = Some("Kies een reden uit de lijst.");
    }
    let gemeente = state
        .gemeente(&form.gemeente)
        .filter(|g| access::may_look_up(&logged_in.user, &g.gemeente.code).is_ok());
    if gemeente.is_none() {
        errors.gemeente = Some("Kies een gemeente uit de lijst.");
    }
    let (Some(subject), Some(gemeente), false) = (subject, gemeente, errors.any()) else {
        let values = pages::LookupValues {
            soort: form.soort,
            // Never echo a rejected number back into the page source: it may be a BSN.
            nummer: String::new(),
            reden: form.reden,
            toelichting: form.toelichting,
            gemeente: form.gemeente,
        };
        return form_page(&state, &logged_in, values, errors).await;
    };
    let toelichting = Some(
        form.toelichting
            .trim()
            .chars()
            .take(500)
            .collect::<String>(),
    )
    .filter(|t| !t.is_empty());
    let LoggedIn {
        user,
        csrf,
        session,
    } = logged_in;
    // Checked once the form is valid, before anything is written: every look-up writes
    // an audit record in the citizen's name.
    if let Err(too_many) = state.limits.check_lookup(medewerker_id(&user)) {
        tracing::warn!("kcc look-ups by one medewerker over the limit");
        return too_many.into_response();
    }
    let viewing = Viewing {
        lookup: ActiveLookup {
            medewerker: medewerker_id(&user).to_owned(),
            subject,
            gemeente: gemeente.gemeente.code.clone(),
            reden: form.reden,
            toelichting,
        },
        gemeente: gemeente.clone(),
        user,
        csrf,
    };
    if let Err(response) = record(&state, &viewing, Action::Lookup, None, request.0.clone()).await {
        return response;
    }
    if let Err(error) = session.set_lookup(viewing.lookup).await {
        return AppError::Unexpected(error).into_response();
    }
    tracing::info!(gemeente = %viewing.gemeente.gemeente.code, "kcc look-up started");
    Redirect::to("/kcc/zaken").into_response()
}

impl HasCsrfToken for LookupForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// `POST /kcc/stoppen`: ends the look-up.
pub async fn stop(
    State(state): State<AppState>,
    Medewerker(LoggedIn { user, session, .. }): Medewerker,
    CsrfForm(_): CsrfForm<TokenOnly>,
) -> Response {
    if let Err(error) = session.end_lookup().await {
        return AppError::Unexpected(error).into_response();
    }
    state
        .zaken_cache
        .forget(Reader::Medewerker(medewerker_id(&user)));
    Redirect::to("/kcc").into_response()
}

/// Whether the browser says this request came from another site (`Sec-Fetch-Site`
/// `cross-site` or `same-site`): a link or redirect elsewhere, not the medewerker's own
/// click in the portal or a URL they typed (`same-origin`, `none`). A browser that does not
/// send the header cannot be told apart and is let through.
fn from_another_site(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-site")
        .is_some_and(|v| v == "cross-site" || v == "same-site")
}

/// The medewerker, the active look-up and its gemeente, as `access` allows. Only for a
/// request from our own pages: each view is recorded in the medewerker's name, so another
/// site must not be able to make one happen (their session cookie is `Lax`, which a
/// top-level link from elsewhere still carries).
impl FromRequestParts<AppState> for Viewing {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        if from_another_site(&parts.headers) {
            tracing::warn!("a kcc page was opened from another site; nothing shown or recorded");
            return Err(AppError::FromAnotherSite.into_response());
        }
        let Medewerker(LoggedIn {
            user,
            csrf,
            session,
        }) = Medewerker::from_request_parts(parts, state).await?;
        let lookup = session
            .lookup()
            .await
            .map_err(|e| AppError::Unexpected(e).into_response())?;
        let lookup = access::kcc_view(&user, lookup.as_ref())
            .map_err(denied)?
            .clone();
        let gemeente = state
            .gemeente(&lookup.gemeente)
            .cloned()
            .ok_or_else(|| denied(Denied::WrongGemeente))?;
        Ok(Viewing {
            user,
            csrf,
            lookup,
            gemeente,
        })
    }
}

impl Viewing {
    /// Who is logged in and whose zaken they look at, for the page frame.
    fn signed_in(&self) -> SignedIn {
        SignedIn {
            lookup: Some(LookupInFrame {
                subject: self.lookup.subject.label(),
                gemeente_code: self.gemeente.gemeente.code.clone(),
                gemeente: self.gemeente.gemeente.naam.clone(),
                reden: self.lookup.reden.clone(),
            }),
            ..signed_in(&self.user, &self.csrf)
        }
    }
}

/// `GET /kcc/zaken`: the overview as the citizen sees it (the look-up record covers it).
pub async fn overview(
    State(state): State<AppState>,
    viewing: Viewing,
    request: CurrentRequestId,
    RawQuery(query): RawQuery,
) -> Response {
    let view_state = state.for_gemeente(&viewing.gemeente);
    let zgw = request.zgw(&view_state.zgw);
    let today = crate::domain::dates::today_in_amsterdam(time::OffsetDateTime::now_utc());
    let subject = &viewing.lookup.subject;
    let scope = state.zaken_cache.scope(
        &viewing.gemeente.gemeente.code,
        Reader::Medewerker(medewerker_id(&viewing.user)),
        subject,
    );
    let data = overzicht::overzicht(
        &zgw,
        &view_state.gemeente.content,
        &state.zaken_cache,
        scope,
        subject,
        today,
        crate::web::zaken::toon(query.as_deref()),
    )
    .await;
    Html(render_page(
        &view_state,
        Some(viewing.signed_in()),
        "Zaken bekijken",
        move || {
            view! { <zaken_pages::OverviewPage data=data viewer=zaken_pages::Viewer::Medewerker/> }
                .into_any()
        },
    ))
    .into_response()
}

/// `GET /kcc/zaken/{uuid}`: one zaak, recorded before it is shown.
pub async fn zaak(
    State(state): State<AppState>,
    viewing: Viewing,
    request: CurrentRequestId,
    Path(uuid): Path<String>,
) -> Response {
    let Ok(uuid) = Uuid::parse_str(&uuid) else {
        return AppError::NotFound.in_frame(viewing.signed_in());
    };
    let view_state = state.for_gemeente(&viewing.gemeente);
    let zgw = request.zgw(&view_state.zgw);
    let owned = match detail::owned_zaak(&zgw, &viewing.lookup.subject, uuid).await {
        Ok(owned) => owned,
        Err(why) => return refused(&viewing, why),
    };
    let data = detail::detail(
        &zgw,
        &view_state.gemeente.content,
        owned,
        time::OffsetDateTime::now_utc(),
    )
    .await;
    if let Err(response) = record(
        &state,
        &viewing,
        Action::ViewZaak,
        Some(data.identificatie.clone()),
        request.0.clone(),
    )
    .await
    {
        return response;
    }
    let title = data.omschrijving.clone();
    Html(render_page(
        &view_state,
        Some(viewing.signed_in()),
        &title,
        move || {
            view! { <zaken_pages::ZaakPage zaak=data viewer=zaken_pages::Viewer::Medewerker/> }
                .into_any()
        },
    ))
    .into_response()
}

fn refused(viewing: &Viewing, why: Refusal) -> Response {
    crate::web::zaken::refusal(why, zaken_pages::Viewer::Medewerker, viewing.signed_in())
}

/// `GET /kcc/zaken/{zaak}/documenten/{document}`: recorded, then streamed.
pub async fn download(
    State(state): State<AppState>,
    viewing: Viewing,
    request: CurrentRequestId,
    Path((zaak, document)): Path<(String, String)>,
) -> Response {
    let (Ok(zaak), Ok(document)) = (Uuid::parse_str(&zaak), Uuid::parse_str(&document)) else {
        return AppError::NotFound.in_frame(viewing.signed_in());
    };
    let view_state = state.for_gemeente(&viewing.gemeente);
    let zgw = request.zgw(&view_state.zgw);
    let (owned, informatieobject) =
        match detail::owned_zaak_document(&zgw, &viewing.lookup.subject, zaak, document).await {
            Ok(found) => found,
            Err(why) => return refused(&viewing, why),
        };
    let reference = format!("{} / {}", owned.zaak.identificatie, informatieobject.titel);
    if let Err(response) = record(
        &state,
        &viewing,
        Action::DownloadDocument,
        Some(reference),
        request.0.clone(),
    )
    .await
    {
        return response;
    }
    crate::web::zaken::stream_document(&zgw, &owned.zaak.identificatie, &informatieobject)
        .await
        .unwrap_or_else(|problem| {
            problem
                .page(zaken_pages::Viewer::Medewerker, zaak)
                .in_frame(viewing.signed_in())
        })
}

/// The medewerker's identifier, for the per-user cache.
fn medewerker_id(user: &User) -> &str {
    match user {
        User::Medewerker { id, .. } => id,
        // `viewing` lets only medewerkers through.
        User::Citizen(_) => "",
    }
}

/// `GET /inzage`: the citizen reads every look-up of their data.
pub async fn inzage(
    State(state): State<AppState>,
    Citizen {
        user,
        betrokkene,
        csrf,
    }: Citizen,
) -> Response {
    let regels = state
        .audit
        .for_subject(&audit_subject(&betrokkene))
        .await
        .map(|records| {
            records
                .into_iter()
                .map(|AuditRecord { at, record: r, .. }| pages::InzageRegel {
                    at,
                    gemeente: r.gemeente_naam,
                    wie: if state.settings.kcc.toon_naam {
                        format!("{} ({})", r.medewerker_naam, r.medewerker_rol)
                    } else {
                        r.medewerker_rol
                    },
                    reden: r.reden,
                    wat: match r.action {
                        Action::Lookup => "Uw zaken opgezocht".to_owned(),
                        Action::ViewZaak => {
                            format!("Zaak {} bekeken", r.reference.unwrap_or_default())
                        }
                        Action::DownloadDocument => {
                            format!("Document gedownload: {}", r.reference.unwrap_or_default())
                        }
                    },
                })
                .collect()
        })
        .map_err(|error| {
            let error = format!("{:#}", anyhow::Error::new(error));
            tracing::warn!(%error, "the audit trail could not be read for /inzage");
            crate::zaken::Unavailable
        });
    Html(render_page(
        &state,
        Some(signed_in(&user, &csrf)),
        "Wie heeft mijn gegevens bekeken",
        move || view! { <pages::InzagePage regels=regels/> }.into_any(),
    ))
    .into_response()
}
