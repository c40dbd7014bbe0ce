//! The overview against a long list and a slow or failing zaaksysteem: rounds that do not
//! grow with the number of zaken, a screen at a time with "Toon meer", one set of upstream
//! requests for concurrent loads, the per-user cache, and honesty when a list is cut short.

use serde_json::{json, Value};
use wiremock::{
    matchers::{method, path, query_param, query_param_is_missing},
    Mock, MockServer, ResponseTemplate,
};

use crate::helpers::{spawn_app_with, Page, TestApp};

const BAKKER: &str = "bsn:999990044";
const JANSEN: &str = "bsn:999993653";

/// The demo ZGW's counters.
async fn stats(app: &TestApp) -> Value {
    app.get("/demo/zgw/_stats").await.json().await.unwrap()
}

/// Upstream requests and sequential rounds caused by `load`: requests that arrive within
/// half the demo latency of the first of a round belong to it; a request that had to wait
/// for an answer arrives a whole latency later.
async fn measure<F: std::future::Future>(app: &TestApp, latency_ms: u64, load: F) -> (u64, usize) {
    let before = stats(app).await;
    load.await;
    let after = stats(app).await;
    let known = before["arrivals_ms"].as_array().unwrap().len();
    let arrivals: Vec<u64> = after["arrivals_ms"].as_array().unwrap()[known..]
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let mut rounds = 0;
    let mut round_start = None;
    for at in arrivals {
        if round_start.is_none_or(|start| at > start + latency_ms / 2) {
            rounds += 1;
            round_start = Some(at);
        }
    }
    let requests = after["requests"].as_u64().unwrap() - before["requests"].as_u64().unwrap();
    (requests, rounds)
}

fn shown(page: &Page, section: &str) -> usize {
    page.count(&format!("[data-testid={section}] [data-testid=zaak]"))
}

#[tokio::test]
async fn a_long_overview_costs_two_rounds_and_expands_only_one_screen() {
    let latency = 300;
    let app = spawn_app_with(&[
        ("MIJNZAKEN_DEMO_LATENCY_MS", &latency.to_string()),
        // Nothing kept per user, so that every load goes upstream.
        ("MIJNZAKEN_OVERZICHT_CACHE_SECONDS", "0"),
    ])
    .await;
    app.login_as("digid", BAKKER).await;

    // Cold catalogi: the lists (2 pages), the zaaktypen, the statussen.
    let (_, cold) = measure(&app, latency, app.get_page("/zaken")).await;
    assert!(cold <= 4, "cold: {cold} rounds");
    // Warm: page 1 of zaken and rollen with the screen query (the open zaken on screen
    // with their statussen), then page 2 of both lists.
    let (requests, warm) = measure(&app, latency, async {
        let (status, page) = app.get_page("/zaken").await;
        assert_eq!(status, 200);
        assert_eq!(page.count("[data-testid=deels-opgehaald]"), 0, "complete");
        assert_eq!(shown(&page, "lopende-zaken"), 20);
        assert_eq!(shown(&page, "afgeronde-zaken"), 20);
    })
    .await;
    assert_eq!(warm, 2, "warm: {warm} rounds");
    assert_eq!(requests, 4 + 1, "two pages of two lists, one screen query");
    assert_eq!(
        stats(&app).await["expanded"],
        3,
        "three loads (the login's, the cold, the warm): expand only on their screen \
         queries, never on a whole list"
    );
}

#[tokio::test]
async fn without_the_screen_query_the_statussen_are_asked_one_by_one_in_one_round() {
    // A Zaken API that refuses expand (400): the overview is still complete, with one
    // more round for the statussen of the screen.
    let latency = 300;
    let app = spawn_app_with(&[
        ("MIJNZAKEN_DEMO_LATENCY_MS", &latency.to_string()),
        ("MIJNZAKEN_OVERZICHT_CACHE_SECONDS", "0"),
        ("MIJNZAKEN_DEMO_ZGW_EXPAND", "0"),
    ])
    .await;
    app.login_as("digid", BAKKER).await;
    let (requests, rounds) = measure(&app, latency, async {
        let (_, page) = app.get_page("/zaken").await;
        assert_eq!(page.count("[data-testid=deels-opgehaald]"), 0, "complete");
        assert_eq!(
            page.count("[data-testid=lopende-zaken] .mijnzaken-unavailable"),
            0
        );
        assert_eq!(shown(&page, "lopende-zaken"), 20);
    })
    .await;
    assert_eq!(rounds, 3, "{rounds} rounds");
    assert_eq!(
        requests,
        4 + 20,
        "two pages of two lists, 20 statussen, no second try"
    );
}

#[tokio::test]
async fn the_overview_shows_a_screen_at_a_time_with_toon_meer() {
    let app = spawn_app_with(&[]).await;
    app.login_as("digid", BAKKER).await;
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 200);
    // 153 zaken: every third one closed.
    let headings = page.texts("h2");
    assert!(
        headings.contains(&"Lopende zaken (102)".to_owned()),
        "{headings:?}"
    );
    assert!(
        headings.contains(&"Afgeronde zaken (51)".to_owned()),
        "{headings:?}"
    );
    assert_eq!(shown(&page, "lopende-zaken"), 20);
    assert_eq!(shown(&page, "afgeronde-zaken"), 20);
    assert_eq!(
        page.texts("[data-testid=lopend-aantal]"),
        ["U ziet 20 van de 102 lopende zaken."]
    );
    // A closed zaak's card says when it closed; no status is fetched for it.
    assert_eq!(
        page.count("[data-testid=afgeronde-zaken] [data-testid=zaak] dt"),
        20 * 3
    );

    let more = page
        .attr("[data-testid=lopend-meer]", "href")
        .expect("a Toon meer link");
    assert_eq!(more, "/zaken?lopend=40&afgerond=20#lopend-21");
    let (status, page) = app.get_page(more.split('#').next().unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(shown(&page, "lopende-zaken"), 40);
    assert_eq!(shown(&page, "afgeronde-zaken"), 20);
    assert_eq!(
        page.count("#lopend-21"),
        1,
        "the link lands on the first new zaak"
    );

    // Everything: no more link. Nonsense in the query is one screen.
    let (_, all) = app.get_page("/zaken?lopend=200&afgerond=60").await;
    assert_eq!(shown(&all, "lopende-zaken"), 102);
    assert_eq!(shown(&all, "afgeronde-zaken"), 51);
    assert_eq!(
        all.count("[data-testid=lopend-meer], [data-testid=afgerond-meer]"),
        0
    );
    let (status, odd) = app.get_page("/zaken?lopend=-1&afgerond=%zz&x").await;
    assert_eq!(status, 200);
    assert_eq!(shown(&odd, "lopende-zaken"), 20);
}

#[tokio::test]
async fn concurrent_loads_share_one_set_of_upstream_requests_and_a_reload_is_served_from_the_cache()
{
    let app = spawn_app_with(&[("MIJNZAKEN_DEMO_LATENCY_MS", "100")]).await;
    // The first login's overview warms the catalogi; logging out empties the user's cache.
    app.login_as("digid", JANSEN).await;
    logout(&app).await;
    log_in_only(&app, JANSEN).await;

    let (two, _) = measure(&app, 100, async {
        let (a, b) = futures::join!(app.get_page("/zaken"), app.get_page("/zaken"));
        assert_eq!(a.0, 200);
        assert_eq!(b.0, 200);
        assert_eq!(a.1.count("[data-testid=zaak]"), 6);
        assert_eq!(b.1.count("[data-testid=zaak]"), 6);
    })
    .await;
    let (reload, _) = measure(&app, 100, app.get_page("/zaken")).await;
    assert_eq!(
        reload, 0,
        "a reload within the time to live asks nothing upstream"
    );

    // Logging out drops the user's answers: the next load asks again, exactly as much as
    // the two concurrent loads together did.
    logout(&app).await;
    log_in_only(&app, JANSEN).await;
    let (one, _) = measure(&app, 100, app.get_page("/zaken")).await;
    assert!(one > 0, "nothing was left after logout");
    assert_eq!(two, one, "two concurrent loads made the requests of one");
}

#[tokio::test]
async fn toon_meer_asks_only_for_the_new_screen() {
    let latency = 300;
    let app = spawn_app_with(&[("MIJNZAKEN_DEMO_LATENCY_MS", &latency.to_string())]).await;
    app.login_as("digid", BAKKER).await;
    // The lists and the first screen's statussen are kept: one larger screen query.
    let (requests, rounds) = measure(&app, latency, async {
        let (_, page) = app.get_page("/zaken?lopend=40").await;
        assert_eq!(shown(&page, "lopende-zaken"), 40);
        assert_eq!(page.count(".mijnzaken-unavailable"), 0);
    })
    .await;
    assert_eq!((requests, rounds), (1, 1));
}

/// Logs in without opening the overview.
async fn log_in_only(app: &TestApp, identiteit: &str) {
    let callback = app.login_until_callback("digid", identiteit, None).await;
    let done = app.client.get(&callback).send().await.unwrap();
    assert_eq!(done.status(), 303);
}

#[tokio::test]
async fn the_per_user_cache_is_never_shared_between_users() {
    let app = spawn_app_with(&[]).await;
    app.login_as("digid", JANSEN).await;
    let (_, jansen) = app.get_page("/zaken").await;
    let other = app.other_browser();
    other.login_as("digid", "bsn:999991772").await;
    let (_, el_amrani) = other.get_page("/zaken").await;
    let numbers = |page: &Page| page.texts("[data-testid=zaaknummer]");
    assert_eq!(numbers(&el_amrani).len(), 2);
    for nummer in numbers(&jansen) {
        assert!(!numbers(&el_amrani).contains(&nummer), "{nummer}");
    }
}

async fn logout(app: &TestApp) {
    let (_, page) = app.get_page("/zaken").await;
    let csrf = page
        .attr("input[name=csrf_token]", "value")
        .expect("the logout form");
    let response = app
        .post_form(&app.url("/auth/logout"), &[("csrf_token".into(), csrf)])
        .await;
    assert_eq!(response.status(), 303);
}

mod failing_upstream {
    //! The portal with its ZGW APIs on a wiremock server that cuts lists short.

    use super::*;
    use crate::zaken::fake_upstream;

    async fn portal_with_zaken_list(server: &MockServer, first_page: Value) -> TestApp {
        Mock::given(method("GET"))
            .and(path("/zaken/api/v1/zaken"))
            .and(query_param_is_missing("page"))
            .respond_with(ResponseTemplate::new(200).set_body_json(first_page))
            .with_priority(1)
            .mount(server)
            .await;
        Mock::given(method("GET"))
            .and(path("/zaken/api/v1/zaken"))
            .and(query_param("page", "2"))
            .respond_with(ResponseTemplate::new(500))
            .with_priority(1)
            .mount(server)
            .await;
        let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
        fake_upstream::mount(server, zaak).await;
        fake_upstream::portal(server).await
    }

    #[tokio::test]
    async fn a_list_that_fails_on_page_two_keeps_page_one_and_says_so() {
        let server = MockServer::start().await;
        let base = server.uri();
        let zaak = fake_upstream::zaak(&base, "Dakkapel", "");
        let first = json!({
            "count": 150,
            "next": format!("{base}/zaken/api/v1/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=999993653&page=2"),
            "previous": null,
            "results": [zaak],
        });
        let app = portal_with_zaken_list(&server, first).await;
        let (status, page) = app.get_page("/zaken").await;
        assert_eq!(status, 200);
        assert_eq!(
            page.texts("[data-testid=zaak] h3"),
            ["Dakkapel"],
            "page 1 is kept"
        );
        let notice = page.texts("[data-testid=deels-opgehaald]").join(" ");
        assert!(
            notice.contains("We kunnen op dit moment niet al uw zaken ophalen"),
            "{notice}"
        );
        // The counts are not claimed, and the empty section does not say "none".
        assert!(page.texts("h2").contains(&"Lopende zaken".to_owned()));
        assert!(!page.body.contains("U hebt geen"), "{}", page.body);
        assert_eq!(
            page.texts("[data-testid=geen-afgerond]"),
            ["We konden uw afgeronde zaken nu niet ophalen. Probeer het later opnieuw."]
        );
        // Not kept: the next load asks the zaaksysteem again.
        let before = server.received_requests().await.unwrap().len();
        app.get_page("/zaken").await;
        assert!(server.received_requests().await.unwrap().len() > before);
    }

    #[tokio::test]
    async fn a_timed_out_list_never_says_that_there_are_no_zaken() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/zaken/api/v1/zaken"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(fake_upstream::page(vec![]))
                    .set_delay(std::time::Duration::from_secs(3)),
            )
            .with_priority(1)
            .mount(&server)
            .await;
        let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
        fake_upstream::mount(&server, zaak).await;
        let app = fake_upstream::portal(&server).await;
        let (status, page) = app.get_page("/zaken").await;
        assert_eq!(status, 200);
        assert_eq!(
            page.texts("[data-testid=deels-opgehaald] strong"),
            ["We konden uw zaken nu niet ophalen. Probeer het later opnieuw."]
        );
        assert!(!page.body.contains("U hebt geen"), "{}", page.body);
        assert!(!page.body.contains("U hebt nog geen zaken"));
        assert!(!page.body.contains("Lopende zaken (0)"));
    }
}
