//! The demo OpenID Connect provider under `/demo/oidc/`: discovery, JWKS (RS256), a Dutch
//! authorize page to pick a demo identity (clearly a test login), token, userinfo and
//! end-session endpoints. It speaks the protocol as brokers for DigiD and eHerkenning do:
//! authorization code with PKCE (S256 only), `state` and `nonce`, client authentication
//! `client_secret_basic` or `client_secret_post`, codes that work once and for a minute.
//!
//! The identity claims are `bsn` (DigiD) or `kvk`, `rsin`, `vestiging` (eHerkenning); the
//! level of assurance is in `acr`, as the SAML context class (DigiD) or the eToegang
//! assurance class (eHerkenning).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    routing::get,
    Extension, Form, Json, Router,
};
use base64::{
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
    Engine as _,
};
use leptos::prelude::*;
use rsa::{
    pkcs1v15::SigningKey,
    pkcs8::DecodePrivateKey,
    signature::{SignatureEncoding, Signer},
    traits::PublicKeyParts,
    RsaPrivateKey,
};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use url::Url;

use super::zgw::{
    BSN_BAKKER, BSN_DE_VRIES, BSN_EL_AMRANI, BSN_JANSEN, KVK_BAKKERIJ, RSIN_BAKKERIJ,
    VESTIGING_BAKKERIJ,
};
use crate::state::AppState;

/// The demo signing key: public on purpose, it signs demo identities only.
const KEY_DER: &[u8] = include_bytes!("oidc-demo-key.der");
const KEY_ID: &str = "mijnzaken-demo-1";
pub use crate::auth::config::demo::{
    DIGID_CLIENT_ID, DIGID_CLIENT_SECRET, EHERKENNING_CLIENT_ID, EHERKENNING_CLIENT_SECRET,
    MEDEWERKER_CLIENT_ID, MEDEWERKER_CLIENT_SECRET,
};
/// The demo medewerkers: id, name, roles.
pub const MEDEWERKERS: [(&str, &str, &[&str]); 2] = [
    ("anna.visser", "Anna Visser", &["kcc"]),
    ("bram.de.wit", "Bram de Wit", &["burgerzaken"]),
];
/// A BSN that fails the elfproef, to try the portal's refusal.
pub const BSN_INVALID: &str = "123456789";

const CODE_LIFETIME: Duration = Duration::from_secs(60);
const TOKEN_LIFETIME: Duration = Duration::from_secs(300);

/// A level of assurance: its Dutch label and its `acr` value.
type Level = (&'static str, &'static str);
/// A demo identity: its label and the form value that selects it.
type Identity = (&'static str, String);

/// The levels of assurance the demo offers per kind of login.
const DIGID_LEVELS: [Level; 4] = [
    (
        "Basis (gebruikersnaam en wachtwoord)",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    ),
    (
        "Midden (DigiD app of sms)",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
    ),
    (
        "Substantieel (DigiD app met identiteitsbewijs)",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
    ),
    (
        "Hoog (identiteitsbewijs met chip)",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI",
    ),
];
const MEDEWERKER_LEVELS: [Level; 1] =
    [("Wachtwoord en authenticator-app", "urn:mijnzaken:demo:mfa")];
const EHERKENNING_LEVELS: [Level; 4] = [
    ("EH2", "urn:etoegang:core:assurance-class:loa2"),
    ("EH2+", "urn:etoegang:core:assurance-class:loa2plus"),
    ("EH3", "urn:etoegang:core:assurance-class:loa3"),
    ("EH4", "urn:etoegang:core:assurance-class:loa4"),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Digid,
    Eherkenning,
    Medewerker,
}

struct Client {
    id: &'static str,
    secret: &'static str,
    kind: Kind,
    /// The portal's own callback first, then those of `MIJNZAKEN_DEMO_OIDC_PORTALS`.
    redirect_uris: Vec<String>,
    post_logout_redirect_uris: Vec<String>,
}

/// The claims behind an access token, and when it was issued.
type IssuedToken = (serde_json::Map<String, Value>, Instant);

struct Grant {
    client_id: &'static str,
    redirect_uri: String,
    code_challenge: String,
    nonce: Option<String>,
    claims: serde_json::Map<String, Value>,
    issued: Instant,
}

/// The demo provider's state.
pub struct DemoOidc {
    signing_key: SigningKey<Sha256>,
    jwk: Value,
    /// Where browsers reach the portal (and so this provider's authorize page).
    public_url: Url,
    clients: Vec<Client>,
    codes: Mutex<HashMap<String, Grant>>,
    tokens: Mutex<HashMap<String, IssuedToken>>,
}

impl DemoOidc {
    /// The provider, with clients registered for the portal at `public_url` and for the
    /// portals at `other_portals` (production-mode portals that use this demo as their
    /// provider, in tests).
    pub fn new(public_url: &Url, other_portals: &[Url]) -> anyhow::Result<Arc<Self>> {
        let key = RsaPrivateKey::from_pkcs8_der(KEY_DER)?;
        let public = key.to_public_key();
        let jwk = json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": KEY_ID,
            "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
        });
        let portals: Vec<&Url> = std::iter::once(public_url).chain(other_portals).collect();
        let client = |id, secret, kind, path: &str| -> anyhow::Result<Client> {
            let uris = |path: &str| -> anyhow::Result<Vec<String>> {
                portals
                    .iter()
                    .map(|portal| Ok(portal.join(path)?.to_string()))
                    .collect()
            };
            Ok(Client {
                id,
                secret,
                kind,
                redirect_uris: uris(path)?,
                post_logout_redirect_uris: uris("uitgelogd")?,
            })
        };
        Ok(Arc::new(Self {
            signing_key: SigningKey::<Sha256>::new(key),
            jwk,
            public_url: public_url.clone(),
            clients: vec![
                client(
                    DIGID_CLIENT_ID,
                    DIGID_CLIENT_SECRET,
                    Kind::Digid,
                    "auth/digid/callback",
                )?,
                client(
                    EHERKENNING_CLIENT_ID,
                    EHERKENNING_CLIENT_SECRET,
                    Kind::Eherkenning,
                    "auth/eherkenning/callback",
                )?,
                client(
                    MEDEWERKER_CLIENT_ID,
                    MEDEWERKER_CLIENT_SECRET,
                    Kind::Medewerker,
                    "auth/medewerker/callback",
                )?,
            ],
            codes: Mutex::new(HashMap::new()),
            tokens: Mutex::new(HashMap::new()),
        }))
    }

    fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    fn sign(&self, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "typ": "JWT", "kid": KEY_ID});
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = self.signing_key.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// The routes under `/demo/oidc`.
pub fn router(demo: Arc<DemoOidc>) -> Router<AppState> {
    Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/jwks", get(jwks))
        .route("/authorize", get(authorize_page).post(authorize_submit))
        .route("/token", axum::routing::post(token))
        .route("/userinfo", get(userinfo))
        .route("/logout", get(end_session))
        .layer(Extension(demo))
}

/// The provider, as the handlers receive it.
type Demo = Extension<Arc<DemoOidc>>;

/// The issuer as the caller reached it (the portal reaches it over loopback).
fn issuer(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}/demo/oidc")
}

async fn discovery(Extension(demo): Demo, headers: HeaderMap) -> Json<Value> {
    let issuer = issuer(&headers);
    let browser = demo.public_url.join("demo/oidc/").expect("static path");
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{browser}authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "userinfo_endpoint": format!("{issuer}/userinfo"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{browser}logout"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "bsn", "kvk", "profile", "email"],
        "claims_supported": ["sub", "acr", "bsn", "kvk", "rsin", "vestiging", "name", "email", "roles"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

async fn jwks(Extension(demo): Demo) -> Json<Value> {
    Json(json!({ "keys": [demo.jwk] }))
}

#[derive(Deserialize)]
struct AuthorizeParams {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

fn error_page(state: &AppState, status: StatusCode, text: &'static str) -> Response {
    let html = crate::app::render_page(state, None, "Demo-inlogdienst", move || {
        view! {
            <h1 class="utrecht-heading-1">"Demo-inlogdienst"</h1>
            <p class="utrecht-paragraph">{text}</p>
        }
        .into_any()
    });
    (status, Html(html)).into_response()
}

/// Redirects an error back to the client, as OAuth 2.0 prescribes once the redirect URI
/// is known to be the client's.
fn redirect_error(redirect_uri: &str, error: &str, state: Option<&str>) -> String {
    let mut url = Url::parse(redirect_uri).expect("registered redirect URIs are valid");
    url.query_pairs_mut().append_pair("error", error);
    if let Some(state) = state {
        url.query_pairs_mut().append_pair("state", state);
    }
    url.into()
}

/// Why an authorization request is refused: with a page of our own while the client is
/// unknown, else by sending the error back to the client.
enum Refusal {
    Page(&'static str),
    Redirect(String),
}

impl Refusal {
    fn respond(self, state: &AppState) -> Response {
        match self {
            Refusal::Page(text) => error_page(state, StatusCode::BAD_REQUEST, text),
            Refusal::Redirect(url) => Redirect::to(&url).into_response(),
        }
    }
}

/// Checks the authorization request; on success the client it is for.
fn check_request<'a>(demo: &'a DemoOidc, p: &AuthorizeParams) -> Result<&'a Client, Refusal> {
    let client = p
        .client_id
        .as_deref()
        .and_then(|id| demo.client(id))
        .ok_or(Refusal::Page("Onbekende client_id."))?;
    let Some(redirect_uri) = p
        .redirect_uri
        .as_deref()
        .filter(|uri| client.redirect_uris.iter().any(|r| r == uri))
    else {
        return Err(Refusal::Page(
            "De redirect_uri is niet geregistreerd voor deze client.",
        ));
    };
    let back = |error| {
        Err(Refusal::Redirect(redirect_error(
            redirect_uri,
            error,
            p.state.as_deref(),
        )))
    };
    if p.response_type.as_deref() != Some("code") {
        return back("unsupported_response_type");
    }
    if !p
        .scope
        .as_deref()
        .unwrap_or("")
        .split(' ')
        .any(|s| s == "openid")
    {
        return back("invalid_scope");
    }
    if p.code_challenge.as_deref().is_none_or(str::is_empty)
        || p.code_challenge_method.as_deref() != Some("S256")
    {
        return back("invalid_request");
    }
    Ok(client)
}

async fn authorize_page(
    State(state): State<AppState>,
    Extension(demo): Demo,
    Query(p): Query<AuthorizeParams>,
) -> Response {
    let client = match check_request(&demo, &p) {
        Ok(client) => client,
        Err(refusal) => return refusal.respond(&state),
    };
    let hidden = [
        ("response_type", p.response_type.clone()),
        ("client_id", p.client_id.clone()),
        ("redirect_uri", p.redirect_uri.clone()),
        ("scope", p.scope.clone()),
        ("state", p.state.clone()),
        ("nonce", p.nonce.clone()),
        ("code_challenge", p.code_challenge.clone()),
        ("code_challenge_method", p.code_challenge_method.clone()),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| view! { <input type="hidden" name=name value=v/> }))
    .collect_view();
    let (service, identities, levels): (&str, Vec<Identity>, &[Level]) = match client.kind {
        Kind::Digid => (
            "DigiD",
            vec![
                ("Jansen", format!("bsn:{BSN_JANSEN}")),
                ("El Amrani", format!("bsn:{BSN_EL_AMRANI}")),
                ("De Vries (geen zaken)", format!("bsn:{BSN_DE_VRIES}")),
                ("Bakker (153 zaken)", format!("bsn:{BSN_BAKKER}")),
                (
                    "Ongeldig BSN (test van de foutmelding)",
                    format!("bsn:{BSN_INVALID}"),
                ),
            ],
            &DIGID_LEVELS,
        ),
        Kind::Eherkenning => (
            "eHerkenning",
            vec![(
                "Bakkerij De Korenschoof B.V.",
                format!("kvk:{KVK_BAKKERIJ}"),
            )],
            &EHERKENNING_LEVELS,
        ),
        Kind::Medewerker => (
            "medewerkerslogin",
            MEDEWERKERS
                .iter()
                .map(|(id, _, roles)| {
                    (
                        if roles.contains(&"kcc") {
                            "Anna Visser (klantcontactcentrum, rol kcc)"
                        } else {
                            "Bram de Wit (burgerzaken, zonder rol kcc)"
                        },
                        format!("medewerker:{id}"),
                    )
                })
                .collect(),
            &MEDEWERKER_LEVELS,
        ),
    };
    let preselected = 1.min(levels.len() - 1);
    let options = identities
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| {
            let id = format!("identiteit-{i}");
            view! {
                <div class="utrecht-form-field utrecht-form-field--radio">
                    <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" name="identiteit" id=id.clone() value=value checked=i == 0/>
                    <label class="utrecht-form-label utrecht-form-label--radio" for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let level_options = levels
        .iter()
        .enumerate()
        .map(|(i, (label, value))| view! { <option value=*value selected=i == preselected>{*label}</option> })
        .collect_view();
    let html = crate::app::render_page(&state, None, "Demo-inlogdienst", move || {
        view! {
            <h1 class="utrecht-heading-1">{format!("Testlogin {service}")}</h1>
            <div class="utrecht-alert utrecht-alert--warning">
                <div class="utrecht-alert__content">
                    <div class="utrecht-alert__message">
                        <p class="utrecht-paragraph">
                            {format!("Dit is niet de echte {service}. Het is een demo-inlogdienst met verzonnen personen en bedrijven.")}
                        </p>
                    </div>
                </div>
            </div>
            <form method="post" action="/demo/oidc/authorize">
                {hidden}
                <fieldset class="utrecht-form-fieldset">
                    <legend class="utrecht-form-fieldset__legend">"Als wie wilt u inloggen?"</legend>
                    {options}
                </fieldset>
                <div class="utrecht-form-field">
                    <label class="utrecht-form-label" for="niveau">"Betrouwbaarheidsniveau"</label>
                    <select class="utrecht-select" id="niveau" name="niveau">{level_options}</select>
                </div>
                <button class="utrecht-button utrecht-button--primary-action" type="submit">"Inloggen"</button>
            </form>
        }
        .into_any()
    });
    Html(html).into_response()
}

#[derive(Deserialize)]
struct AuthorizeForm {
    #[serde(flatten)]
    request: AuthorizeParams,
    identiteit: String,
    niveau: String,
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

async fn authorize_submit(
    State(state): State<AppState>,
    Extension(demo): Demo,
    Form(form): Form<AuthorizeForm>,
) -> Response {
    let client = match check_request(&demo, &form.request) {
        Ok(client) => client,
        Err(refusal) => return refusal.respond(&state),
    };
    // Checked against the client's registered ones just now.
    let redirect_uri = form.request.redirect_uri.clone().unwrap_or_default();
    let levels: &[(&str, &str)] = match client.kind {
        Kind::Digid => &DIGID_LEVELS,
        Kind::Eherkenning => &EHERKENNING_LEVELS,
        Kind::Medewerker => &MEDEWERKER_LEVELS,
    };
    if !levels.iter().any(|(_, v)| *v == form.niveau) {
        return error_page(
            &state,
            StatusCode::BAD_REQUEST,
            "Kies een betrouwbaarheidsniveau uit de lijst.",
        );
    }
    let mut claims = serde_json::Map::new();
    match (client.kind, form.identiteit.split_once(':')) {
        (Kind::Digid, Some(("bsn", bsn))) => {
            claims.insert("bsn".into(), bsn.into());
        }
        (Kind::Eherkenning, Some(("kvk", kvk))) if kvk == KVK_BAKKERIJ => {
            claims.insert("kvk".into(), KVK_BAKKERIJ.into());
            claims.insert("rsin".into(), RSIN_BAKKERIJ.into());
            claims.insert("vestiging".into(), VESTIGING_BAKKERIJ.into());
        }
        (Kind::Medewerker, Some(("medewerker", id))) => {
            let Some((id, naam, roles)) = MEDEWERKERS.iter().find(|(m, _, _)| *m == id) else {
                return error_page(
                    &state,
                    StatusCode::BAD_REQUEST,
                    "Kies een medewerker uit de lijst.",
                );
            };
            claims.insert("medewerker".into(), (*id).into());
            claims.insert("name".into(), (*naam).into());
            claims.insert("email".into(), format!("{id}@gemeente.example").into());
            claims.insert("roles".into(), json!(roles));
        }
        _ => {
            return error_page(
                &state,
                StatusCode::BAD_REQUEST,
                "Kies een persoon of bedrijf uit de lijst.",
            )
        }
    }
    claims.insert("acr".into(), form.niveau.clone().into());
    // A medewerker's sub is their id in the gemeente's directory; a citizen's is opaque.
    let sub = match claims.remove("medewerker") {
        Some(Value::String(id)) => id,
        _ => hex::encode(&Sha256::digest(form.identiteit.as_bytes())[..16]),
    };
    claims.insert("sub".into(), sub.into());
    let code = random_token();
    let mut codes = demo
        .codes
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    codes.retain(|_, g| g.issued.elapsed() < CODE_LIFETIME);
    codes.insert(
        code.clone(),
        Grant {
            client_id: client.id,
            redirect_uri: redirect_uri.clone(),
            code_challenge: form.request.code_challenge.clone().unwrap_or_default(),
            nonce: form.request.nonce.clone(),
            claims,
            issued: Instant::now(),
        },
    );
    drop(codes);
    let mut url = Url::parse(&redirect_uri).expect("registered redirect URIs are valid");
    url.query_pairs_mut().append_pair("code", &code);
    if let Some(s) = &form.request.state {
        url.query_pairs_mut().append_pair("state", s);
    }
    Redirect::to(url.as_str()).into_response()
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn token_error(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

/// The client from `Authorization: Basic` or from the form.
fn client_credentials(headers: &HeaderMap, form: &TokenForm) -> Option<(String, String)> {
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = String::from_utf8(STANDARD.decode(basic).ok()?).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        let unescape = |s: &str| {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
        };
        return Some((unescape(id)?, unescape(secret)?));
    }
    Some((form.client_id.clone()?, form.client_secret.clone()?))
}

async fn token(Extension(demo): Demo, headers: HeaderMap, Form(form): Form<TokenForm>) -> Response {
    let Some((client_id, secret)) = client_credentials(&headers, &form) else {
        return token_error(StatusCode::UNAUTHORIZED, "invalid_client");
    };
    let Some(client) = demo.client(&client_id).filter(|c| c.secret == secret) else {
        return token_error(StatusCode::UNAUTHORIZED, "invalid_client");
    };
    if form.grant_type.as_deref() != Some("authorization_code") {
        return token_error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    // A code works once: it is removed before anything else is checked.
    let grant = form.code.as_deref().and_then(|code| {
        demo.codes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(code)
    });
    let Some(grant) =
        grant.filter(|g| g.issued.elapsed() < CODE_LIFETIME && g.client_id == client.id)
    else {
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
    };
    if form.redirect_uri.as_deref() != Some(grant.redirect_uri.as_str()) {
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let challenge = form
        .code_verifier
        .as_deref()
        .map(|v| URL_SAFE_NO_PAD.encode(Sha256::digest(v.as_bytes())));
    if challenge.as_deref() != Some(grant.code_challenge.as_str()) {
        return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut id_claims = grant.claims.clone();
    id_claims.insert("iss".into(), issuer(&headers).into());
    id_claims.insert("aud".into(), client.id.into());
    id_claims.insert("iat".into(), now.into());
    id_claims.insert("exp".into(), (now + TOKEN_LIFETIME.as_secs() as i64).into());
    if let Some(nonce) = &grant.nonce {
        id_claims.insert("nonce".into(), nonce.clone().into());
    }
    let id_token = demo.sign(&Value::Object(id_claims));
    let access_token = random_token();
    let mut tokens = demo
        .tokens
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    tokens.retain(|_, (_, issued)| issued.elapsed() < TOKEN_LIFETIME);
    tokens.insert(access_token.clone(), (grant.claims, Instant::now()));
    drop(tokens);
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME.as_secs(),
            "id_token": id_token,
        })),
    )
        .into_response()
}

async fn userinfo(Extension(demo): Demo, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let tokens = demo
        .tokens
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match token
        .and_then(|t| tokens.get(t))
        .filter(|(_, issued)| issued.elapsed() < TOKEN_LIFETIME)
    {
        Some((claims, _)) => Json(Value::Object(claims.clone())).into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")],
        )
            .into_response(),
    }
}

#[derive(Deserialize)]
struct EndSessionParams {
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

async fn end_session(
    State(state): State<AppState>,
    Extension(demo): Demo,
    Query(p): Query<EndSessionParams>,
) -> Response {
    match p.post_logout_redirect_uri.as_deref().filter(|uri| {
        demo.clients
            .iter()
            .any(|c| c.post_logout_redirect_uris.iter().any(|r| r == uri))
    }) {
        Some(uri) => {
            let mut url = Url::parse(uri).expect("registered URIs are valid");
            if let Some(s) = &p.state {
                url.query_pairs_mut().append_pair("state", s);
            }
            Redirect::to(url.as_str()).into_response()
        }
        None => error_page(
            &state,
            StatusCode::OK,
            "U bent uitgelogd bij de demo-inlogdienst.",
        ),
    }
}
