//! DigiD and eHerkenning logins end to end against the demo provider, through the same
//! code path as any external broker.

use crate::helpers::{
    csrf_of, demo_login_form, get_with_only_cookie, location, spawn_app, spawn_app_with, Page,
};

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    set_cookie(response, "mijnzaken_sessie")
}

#[tokio::test]
async fn an_inwoner_logs_in_with_digid_and_sees_the_masked_bsn() {
    let app = spawn_app().await;
    let (_, home) = app.get_page("/").await;
    assert_eq!(
        home.attr("a[href='/auth/digid/login']", "href").as_deref(),
        Some("/auth/digid/login")
    );
    let page = app.login_as("digid", "bsn:999993653").await;
    let who = page.texts("[data-testid=ingelogd-als]").join(" ");
    assert!(who.contains("BSN *****3653"), "{who}");
    assert!(
        !page.body.contains("999993653"),
        "the BSN never appears in clear"
    );
}

#[tokio::test]
async fn an_ondernemer_logs_in_with_eherkenning() {
    let app = spawn_app().await;
    let page = app.login_as("eherkenning", "kvk:69599084").await;
    assert!(page
        .texts("[data-testid=ingelogd-als]")
        .join(" ")
        .contains("KVK-nummer 69599084"));
}

/// The `Set-Cookie` of the pending login's cookie, if the response sets it.
fn login_cookie(response: &reqwest::Response) -> Option<String> {
    set_cookie(response, "mijnzaken_login")
}

#[tokio::test]
async fn a_login_start_makes_no_session_and_seals_the_login_in_progress() {
    let app = spawn_app().await;
    let start = app.get("/auth/digid/login").await;
    assert_eq!(
        session_cookie(&start),
        None,
        "no session for anonymous visitors"
    );
    let pending = login_cookie(&start).expect("the login in progress, in its own cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/auth/", "Max-Age=600"] {
        assert!(pending.contains(attribute), "{pending}");
    }
    assert!(!pending.contains("Domain="), "host-only: {pending}");
    assert!(!pending.contains("Secure"), "not over http: {pending}");
    // Encrypted: neither the state nor the nonce can be read from it.
    let authorize = location(&start);
    let query: std::collections::HashMap<_, _> = reqwest::Url::parse(&authorize)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    for secret in [&query["state"], &query["nonce"]] {
        assert!(!pending.contains(secret.as_str()), "{pending}");
    }
}

#[tokio::test]
async fn a_changed_login_cookie_is_refused() {
    let app = spawn_app().await;
    let callback = app
        .login_until_callback("digid", "bsn:999993653", None)
        .await;
    // Another browser replays the callback with a cookie it made up.
    let response =
        crate::helpers::get_with_only_cookie(&callback, "mijnzaken_login=eyJwZW5kaW5nIjp7fX0")
            .await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        Page::new(response.text().await.unwrap()).h1(),
        "Inloggen is niet gelukt"
    );
    // The real browser's login still completes.
    let done = app.client.get(&callback).send().await.unwrap();
    assert_eq!(done.status(), 303);
}

#[tokio::test]
async fn the_session_cookie_is_hardened_and_renewed_at_login() {
    let app = spawn_app().await;
    let done = app.finish_login("digid", "bsn:999993653").await;
    let before = session_cookie(&done).expect("a session at login");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(before.contains(attribute), "{before}");
    }
    assert!(!before.contains("Domain="), "host-only: {before}");
    assert!(!before.contains("Secure"), "not over http: {before}");
    // Logging in again in the same browser gives a new session id (against fixation).
    let done = app.finish_login("digid", "bsn:999991772").await;
    let after = session_cookie(&done).expect("a new session id at login");
    let id = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(id(&before), id(&after), "the session id changes at login");
}

#[tokio::test]
async fn https_deployments_get_secure_cookies() {
    let app =
        spawn_app_with(&[("MIJNZAKEN_PUBLIC_URL", "https://mijnzaken.zuidstad.example")]).await;
    let start = app.get("/auth/digid/login").await;
    let pending = set_cookie(&start, "__Secure-mijnzaken_login").expect("a __Secure- login cookie");
    assert!(pending.contains("Secure"), "{pending}");
    // Finish the login by hand, at the test's own address: a client over http does not
    // send a Secure cookie back.
    let here = |url: String| url.replace("https://mijnzaken.zuidstad.example", &app.address);
    let page = app
        .client
        .get(here(location(&start)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = demo_login_form(&page, "bsn:999993653", None);
    let chosen = app.post_form(&app.url("/demo/oidc/authorize"), &form).await;
    let pair = pending.split(';').next().unwrap();
    let done = crate::helpers::get_with_only_cookie(&here(location(&chosen)), pair).await;
    assert_eq!(done.status(), 303);
    // __Host-: Secure, path /, no Domain, so no other site can plant or shadow them.
    for name in ["__Host-mijnzaken_sessie", "__Host-mijnzaken_ingelogd"] {
        let cookie = set_cookie(&done, name).unwrap_or_else(|| panic!("{name}"));
        assert!(
            cookie.contains("Secure") && cookie.contains("Path=/"),
            "{cookie}"
        );
        assert!(!cookie.contains("Domain="), "{cookie}");
    }
}

/// The `Set-Cookie` for the cookie `name`, if the response sets it.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

#[tokio::test]
async fn a_wrong_or_replayed_state_is_refused() {
    let app = spawn_app().await;
    let callback = app
        .login_until_callback("digid", "bsn:999993653", None)
        .await;
    let forged = callback.replace("state=", "state=x");
    let response = app.client.get(&forged).send().await.unwrap();
    assert_eq!(response.status(), 400);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(page.h1(), "Inloggen is niet gelukt");
    // The pending login was spent by that attempt: the real callback no longer works.
    let replay = app.client.get(&callback).send().await.unwrap();
    assert_eq!(replay.status(), 400);
    assert_ne!(app.get("/zaken").await.status(), 200);
}

#[tokio::test]
async fn a_callback_from_another_issuer_is_refused() {
    // RFC 9207 mix-up defence: the `iss` the provider adds must be our provider's.
    let app = spawn_app().await;
    let callback = app
        .login_until_callback("digid", "bsn:999993653", None)
        .await;
    let forged = format!("{callback}&iss=https%3A%2F%2Fevil.example");
    let response = app.client.get(&forged).send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert_ne!(app.get("/zaken").await.status(), 200);
    // With our own issuer it goes through.
    let callback = app
        .login_until_callback("digid", "bsn:999993653", None)
        .await;
    let own = format!(
        "{callback}&iss={}",
        url::form_urlencoded::byte_serialize(app.url("/demo/oidc").as_bytes()).collect::<String>()
    );
    assert_eq!(app.client.get(&own).send().await.unwrap().status(), 303);
}

#[tokio::test]
async fn a_replayed_callback_after_a_good_login_is_refused() {
    let app = spawn_app().await;
    let callback = app
        .login_until_callback("digid", "bsn:999993653", None)
        .await;
    assert_eq!(
        app.client.get(&callback).send().await.unwrap().status(),
        303
    );
    let again = app.client.get(&callback).send().await.unwrap();
    assert_eq!(again.status(), 400, "a code and state work once");
}

#[tokio::test]
async fn an_invalid_bsn_ends_the_login_with_a_dutch_page() {
    let app = spawn_app().await;
    let response = app.finish_login("digid", "bsn:123456789").await;
    assert_eq!(response.status(), 403);
    let page = Page::new(response.text().await.unwrap());
    assert!(page.texts("[data-testid=login-fout]")[0]
        .contains("burgerservicenummer niet goed ontvangen"));
    assert!(!page.body.contains("123456789"));
}

#[tokio::test]
async fn a_level_of_assurance_below_the_minimum_is_refused() {
    let app = spawn_app_with(&[("MIJNZAKEN_DIGID_MIN_LOA", "substantieel")]).await;
    let callback = app
        .login_until_callback(
            "digid",
            "bsn:999993653",
            Some("urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"),
        )
        .await;
    let response = app.client.get(&callback).send().await.unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("te laag niveau"));
    let callback = app
        .login_until_callback(
            "digid",
            "bsn:999993653",
            Some("urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"),
        )
        .await;
    assert_eq!(
        app.client.get(&callback).send().await.unwrap().status(),
        303,
        "substantieel is enough"
    );
}

#[tokio::test]
async fn logout_ends_the_session_and_the_old_cookie_no_longer_works() {
    let app = spawn_app().await;
    let page = app.login_as("digid", "bsn:999993653").await;
    let cookie = crate::helpers::session_id(&app.get("/zaken").await)
        .expect("the session cookie is refreshed on activity");

    let response = app
        .post_form(&app.url("/auth/logout"), &csrf_of(&page))
        .await;
    assert_eq!(response.status(), 303);
    let target = url::Url::parse(&location(&response)).unwrap();
    assert_eq!(
        target.path(),
        "/demo/oidc/logout",
        "on to the provider's end-session endpoint"
    );
    let params: std::collections::HashMap<_, _> = target.query_pairs().into_owned().collect();
    assert!(
        !params.contains_key("id_token_hint"),
        "no ID token in the browser's history"
    );
    assert_eq!(params["client_id"], "mijnzaken-digid");
    assert_eq!(params["post_logout_redirect_uri"], app.url("/uitgelogd"));

    let response = get_with_only_cookie(&app.url("/zaken"), &cookie).await;
    assert_ne!(response.status(), 200, "the old session cookie is dead");
    assert_ne!(app.get("/zaken").await.status(), 200);
}

#[tokio::test]
async fn logout_needs_the_csrf_token_and_our_origin() {
    let app = spawn_app().await;
    let page = app.login_as("digid", "bsn:999993653").await;
    let wrong = vec![("csrf_token".to_owned(), "0".repeat(64))];
    assert_eq!(
        app.post_form(&app.url("/auth/logout"), &wrong)
            .await
            .status(),
        403
    );
    let foreign = app
        .client
        .post(app.url("/auth/logout"))
        .header("Origin", "https://evil.example")
        .form(&csrf_of(&page))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    let no_origin = app
        .client
        .post(app.url("/auth/logout"))
        .form(&csrf_of(&page))
        .send()
        .await
        .unwrap();
    assert_eq!(no_origin.status(), 403);
    assert_eq!(app.get("/zaken").await.status(), 200, "still logged in");
}

#[tokio::test]
async fn an_idle_session_expires_and_says_so() {
    let app = spawn_app_with(&[("MIJNZAKEN_SESSION_IDLE_SECONDS", "1")]).await;
    app.login_as("digid", "bsn:999993653").await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 401);
    assert_eq!(page.h1(), "Uw sessie is verlopen");
    assert!(
        page.attr("a[href='/']", "href").is_some(),
        "offers to log in again"
    );
}

#[tokio::test]
async fn too_many_login_starts_from_one_client_are_refused_for_a_while() {
    let app = spawn_app_with(&[("MIJNZAKEN_RATE_LIMIT_LOGINS_PER_MINUTE", "3")]).await;
    for _ in 0..3 {
        assert_eq!(app.get("/auth/digid/login").await.status(), 303);
    }
    let refused = app.get("/auth/digid/login").await;
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        Page::new(refused.text().await.unwrap()).h1(),
        "Te veel pogingen"
    );
    // The callback counts too; pages do not.
    assert_eq!(app.get("/auth/digid/callback?state=x").await.status(), 429);
    assert_eq!(app.get("/").await.status(), 200);

    // Behind a proxy: each client by the address the proxy added, whatever came before.
    let app = spawn_app_with(&[
        ("MIJNZAKEN_RATE_LIMIT", "forwarded"),
        ("MIJNZAKEN_RATE_LIMIT_LOGINS_PER_MINUTE", "1"),
    ])
    .await;
    let start = |forwarded: &'static str| {
        app.client
            .get(app.url("/auth/digid/login"))
            .header("x-forwarded-for", forwarded)
            .send()
    };
    assert_eq!(start("192.0.2.7").await.unwrap().status(), 303);
    assert_eq!(start("1.1.1.1, 192.0.2.7").await.unwrap().status(), 429);
    assert_eq!(start("192.0.2.8").await.unwrap().status(), 303);
}

#[tokio::test]
async fn a_logged_in_user_is_led_to_their_own_pages_with_the_session_bar() {
    let app = spawn_app().await;
    // Before the login, `/` is the home page.
    assert_eq!(app.get("/").await.status(), 200);
    app.login_as("digid", "bsn:999993653").await;
    // After it, `/` (also the header's link) leads to the overview.
    let home = app.get("/").await;
    assert_eq!(home.status(), 303);
    assert_eq!(crate::helpers::location(&home), "/zaken");
    // The other pages keep the session bar, with a working logout.
    let (_, contact) = app.get_page("/contact").await;
    let who = contact.texts("header [data-testid=ingelogd-als]").join(" ");
    assert!(who.contains("BSN *****3653"), "{who}");
    // A page that does not exist, and a zaak that is not theirs, lead back to their zaken.
    for path in [
        "/bestaat-niet".to_owned(),
        "/zaken/00000000-0000-4000-8000-000000000000".to_owned(),
    ] {
        let (status, page) = app.get_page(&path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(page.h1(), "Pagina niet gevonden", "{path}");
        assert_eq!(
            page.attr("[data-testid=verder]", "href").as_deref(),
            Some("/zaken"),
            "{path}"
        );
        assert_eq!(page.texts("[data-testid=verder]"), ["Naar Mijn zaken"]);
        assert_eq!(page.count("header [data-testid=ingelogd-als]"), 1, "{path}");
    }
    // A citizen on a KCC page: no access, and the way back to their own zaken.
    let (status, page) = app.get_page("/kcc").await;
    assert_eq!(status, 403);
    assert_eq!(
        page.attr("[data-testid=verder]", "href").as_deref(),
        Some("/zaken")
    );
    let form = crate::helpers::csrf_of(&contact);
    let out = app.post_form(&app.url("/auth/logout"), &form).await;
    assert_eq!(out.status(), 303);
    assert_eq!(
        app.get("/").await.status(),
        200,
        "logged out: the home page"
    );

    // A medewerker's start is the look-up form.
    let staff = app.other_browser();
    staff.login_medewerker("medewerker:anna.visser").await;
    let home = staff.get("/").await;
    assert_eq!(crate::helpers::location(&home), "/kcc");
}

#[tokio::test]
async fn the_session_bar_says_until_when_the_session_lasts_without_activity() {
    let app = spawn_app().await;
    let before = time::OffsetDateTime::now_utc();
    let page = app.login_as("digid", "bsn:999993653").await;
    let after = time::OffsetDateTime::now_utc();
    let text = page.texts("[data-testid=sessie-tot]").join(" ");
    // The idle timeout is 15 minutes (the DigiD rule), from this page on, in Dutch time.
    let idle = time::Duration::minutes(15);
    let expected = [before + idle, after + idle].map(mijnzaken::domain::dates::format_time);
    assert!(
        expected.iter().any(|hhmm| text.contains(hhmm.as_str())),
        "{text} names {expected:?}"
    );
    assert!(text.contains("uit"), "{text}");
}

#[tokio::test]
async fn after_an_expired_session_the_login_returns_to_the_page_asked_for() {
    let app = spawn_app_with(&[("MIJNZAKEN_SESSION_IDLE_SECONDS", "1")]).await;
    let overview = app.login_as("digid", "bsn:999993653").await;
    let zaak = overview.attr("a[href^='/zaken/']", "href").expect("a zaak");
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (status, page) = app.get_page(&zaak).await;
    assert_eq!(status, 401);
    let again = page
        .attr("[data-testid=opnieuw-inloggen]", "href")
        .expect("a button to log in again");
    assert!(
        again.starts_with("/auth/digid/login?terug="),
        "the same login: {again}"
    );
    assert_eq!(page.count("[data-testid=formulier-kwijt]"), 0, "a GET");
    let callback = app.callback_from(&again, "bsn:999993653", None).await;
    let done = app.client.get(&callback).send().await.unwrap();
    assert_eq!(done.status(), 303);
    assert_eq!(location(&done), zaak, "back where the user was");
}

#[tokio::test]
async fn the_login_never_returns_to_another_site_or_another_audience() {
    let app = spawn_app().await;
    for terug in [
        "//evil.example/zaken",
        "https://evil.example/zaken",
        "/%2Fevil.example/zaken",
        "/kcc/zaken",
    ] {
        let start = format!(
            "/auth/digid/login?terug={}",
            url::form_urlencoded::byte_serialize(terug.as_bytes()).collect::<String>()
        );
        let browser = app.other_browser();
        let callback = browser.callback_from(&start, "bsn:999993653", None).await;
        let done = browser.client.get(&callback).send().await.unwrap();
        assert_eq!(location(&done), "/zaken", "{terug}");
    }
}

#[tokio::test]
async fn a_form_posted_after_the_session_ended_says_that_it_was_not_kept() {
    let app = spawn_app_with(&[("MIJNZAKEN_SESSION_IDLE_SECONDS", "1")]).await;
    app.login_medewerker("medewerker:anna.visser").await;
    let csrf = app.csrf("/kcc").await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let form = vec![
        ("csrf_token".to_owned(), csrf),
        ("soort".to_owned(), "bsn".to_owned()),
        ("nummer".to_owned(), "999993653".to_owned()),
        ("reden".to_owned(), "Terugbelverzoek".to_owned()),
        (
            "toelichting".to_owned(),
            "Belt terug over de dakkapel".to_owned(),
        ),
    ];
    let response = app.post_form(&app.url("/kcc"), &form).await;
    assert_eq!(response.status(), 401);
    let page = crate::helpers::Page::new(response.text().await.unwrap());
    assert_eq!(page.h1(), "Uw sessie is verlopen");
    assert_eq!(page.count("[data-testid=formulier-kwijt]"), 1);
    assert_eq!(
        page.attr("[data-testid=opnieuw-inloggen]", "href")
            .as_deref(),
        Some("/auth/medewerker/login")
    );
}
