//! The demo OIDC provider, driven by an independent relying party (the `openidconnect`
//! crate): discovery, PKCE, state, nonce, RS256 ID token validation, single-use codes,
//! userinfo and end-session.

use mijnzaken::demo::oidc::{
    DIGID_CLIENT_ID, DIGID_CLIENT_SECRET, EHERKENNING_CLIENT_ID, EHERKENNING_CLIENT_SECRET,
};
use openidconnect::{
    core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata},
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce,
    OAuth2TokenResponse as _, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse as _,
};

use crate::helpers::{demo_login_form, spawn_app, Page, TestApp};

fn http() -> openidconnect::reqwest::Client {
    openidconnect::reqwest::Client::builder()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

struct Login {
    client: CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    authorize_url: url::Url,
    state: CsrfToken,
    nonce: Nonce,
    verifier: PkceCodeVerifier,
}

async fn start(app: &TestApp, client_id: &str, secret: &str, provider: &str, scope: &str) -> Login {
    let issuer = IssuerUrl::new(app.url("/demo/oidc")).unwrap();
    let metadata = CoreProviderMetadata::discover_async(issuer, &http())
        .await
        .expect("discovery works");
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(client_id.into()),
        Some(ClientSecret::new(secret.into())),
    )
    .set_redirect_uri(RedirectUrl::new(app.url(&format!("/auth/{provider}/callback"))).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (authorize_url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new(scope.into()))
        .set_pkce_challenge(challenge)
        .url();
    Login {
        client,
        authorize_url,
        state,
        nonce,
        verifier,
    }
}

/// Opens the authorize page, picks `identiteit` at `niveau`, and returns the redirect.
async fn choose(app: &TestApp, login: &Login, identiteit: &str, niveau: Option<&str>) -> url::Url {
    let page = app
        .client
        .get(login.authorize_url.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let form = demo_login_form(&page.text().await.unwrap(), identiteit, niveau);
    let response = app
        .client
        .post(app.url("/demo/oidc/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap()
}

fn param(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn payload(id_token: &str) -> serde_json::Value {
    use base64::Engine as _;
    let part = id_token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn a_digid_login_yields_a_verified_id_token_with_the_bsn_and_level() {
    let app = spawn_app().await;
    let login = start(&app, DIGID_CLIENT_ID, DIGID_CLIENT_SECRET, "digid", "bsn").await;
    let page = Page::new(
        app.get(
            login
                .authorize_url
                .as_str()
                .trim_start_matches(&app.address),
        )
        .await
        .text()
        .await
        .unwrap(),
    );
    assert!(page.h1().contains("DigiD"));
    assert!(
        page.texts("main").join(" ").contains("niet de echte DigiD"),
        "clearly a test login"
    );
    assert_eq!(page.count("script"), 0);

    let back = choose(
        &app,
        &login,
        "bsn:999993653",
        Some("urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"),
    )
    .await;
    assert!(back.as_str().starts_with(&app.url("/auth/digid/callback")));
    assert_eq!(
        param(&back, "state").as_deref(),
        Some(login.state.secret().as_str())
    );
    let code = param(&back, "code").expect("a code");

    let token = login
        .client
        .exchange_code(AuthorizationCode::new(code.clone()))
        .unwrap()
        .set_pkce_verifier(login.verifier)
        .request_async(&http())
        .await
        .expect("the code is exchanged");
    let id_token = token.id_token().expect("an ID token");
    let claims = id_token
        .claims(&login.client.id_token_verifier(), &login.nonce)
        .expect("signature, issuer, audience, expiry and nonce verify");
    assert_eq!(claims.audiences()[0].as_str(), DIGID_CLIENT_ID);
    let raw = payload(&id_token.to_string());
    assert_eq!(raw["bsn"], "999993653");
    assert_eq!(
        raw["acr"],
        "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"
    );

    let userinfo: serde_json::Value = app
        .client
        .get(app.url("/demo/oidc/userinfo"))
        .bearer_auth(token.access_token().secret())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(userinfo["bsn"], "999993653");
    assert_eq!(userinfo["sub"], raw["sub"]);

    // The nonce binds the token to this login: another nonce fails.
    assert!(id_token
        .claims(
            &login.client.id_token_verifier(),
            &Nonce::new("other".into())
        )
        .is_err());
}

#[tokio::test]
async fn codes_work_once_and_only_with_the_right_pkce_verifier() {
    let app = spawn_app().await;
    let login = start(&app, DIGID_CLIENT_ID, DIGID_CLIENT_SECRET, "digid", "bsn").await;
    let back = choose(&app, &login, "bsn:999991772", None).await;
    let code = param(&back, "code").unwrap();
    let wrong = login
        .client
        .exchange_code(AuthorizationCode::new(code.clone()))
        .unwrap()
        .set_pkce_verifier(PkceCodeVerifier::new("x".repeat(64)))
        .request_async(&http())
        .await;
    assert!(wrong.is_err(), "a wrong verifier is refused");
    let replay = login
        .client
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(login.verifier)
        .request_async(&http())
        .await;
    assert!(replay.is_err(), "the code was spent by the first attempt");
}

#[tokio::test]
async fn an_eherkenning_login_carries_kvk_rsin_and_vestiging() {
    let app = spawn_app().await;
    let login = start(
        &app,
        EHERKENNING_CLIENT_ID,
        EHERKENNING_CLIENT_SECRET,
        "eherkenning",
        "kvk",
    )
    .await;
    let back = choose(
        &app,
        &login,
        "kvk:69599084",
        Some("urn:etoegang:core:assurance-class:loa3"),
    )
    .await;
    let token = login
        .client
        .exchange_code(AuthorizationCode::new(param(&back, "code").unwrap()))
        .unwrap()
        .set_pkce_verifier(login.verifier)
        .request_async(&http())
        .await
        .unwrap();
    let id_token = token.id_token().unwrap();
    id_token
        .claims(&login.client.id_token_verifier(), &login.nonce)
        .unwrap();
    let raw = payload(&id_token.to_string());
    assert_eq!(raw["kvk"], "69599084");
    assert_eq!(raw["rsin"], "002564440");
    assert_eq!(raw["vestiging"], "000037178598");
    assert_eq!(raw["acr"], "urn:etoegang:core:assurance-class:loa3");
}

#[tokio::test]
async fn bad_authorization_requests_are_refused() {
    let app = spawn_app().await;
    let login = start(&app, DIGID_CLIENT_ID, DIGID_CLIENT_SECRET, "digid", "bsn").await;
    // A redirect URI that is not registered: an error page, never a redirect there.
    let mut evil = login.authorize_url.clone();
    let pairs: Vec<(String, String)> = evil
        .query_pairs()
        .map(|(k, v)| {
            let value = if k == "redirect_uri" {
                "https://evil.example/cb".into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), value)
        })
        .collect();
    evil.query_pairs_mut().clear().extend_pairs(pairs);
    let response = app.client.get(evil.as_str()).send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.headers().get("location").is_none());
    // Without PKCE: back to the client with invalid_request.
    let pairs: Vec<(String, String)> = login
        .authorize_url
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("code_challenge"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut no_pkce = login.authorize_url.clone();
    no_pkce.query_pairs_mut().clear().extend_pairs(pairs);
    let response = app.client.get(no_pkce.as_str()).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let location = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(
        param(&location, "error").as_deref(),
        Some("invalid_request")
    );
    // A wrong client secret at the token endpoint.
    let back = choose(&app, &login, "bsn:999993653", None).await;
    let response = app
        .client
        .post(app.url("/demo/oidc/token"))
        .basic_auth(DIGID_CLIENT_ID, Some("wrong"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &param(&back, "code").unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn end_session_returns_to_the_registered_page_only() {
    let app = spawn_app().await;
    let ok = app
        .client
        .get(app.url("/demo/oidc/logout"))
        .query(&[
            ("post_logout_redirect_uri", app.url("/uitgelogd").as_str()),
            ("state", "s1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    assert_eq!(
        ok.headers()["location"].to_str().unwrap(),
        app.url("/uitgelogd?state=s1")
    );
    let other = app
        .client
        .get(app.url("/demo/oidc/logout"))
        .query(&[("post_logout_redirect_uri", "https://evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        other.status(),
        200,
        "an unregistered target gets a page, not a redirect"
    );
}
