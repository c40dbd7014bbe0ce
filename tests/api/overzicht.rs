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
async fn a_long_overview_costs_one_round_and_expands_only_one_screen() {
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
    // Warm: the whole list (153 zaken in one page of 500) beside the screen queries (the
    // open zaken on screen with their statussen, the closed ones with their resultaten)
    // and the filter probe, which the demo honours, so no rollen list is needed.
    let (requests, warm) = measure(&app, latency, async {
        let (status, page) = app.get_page("/zaken").await;
        assert_eq!(status, 200);
        assert_eq!(page.count("[data-testid=deels-opgehaald]"), 0, "complete");
        assert_eq!(shown(&page, "lopende-zaken"), 20);
        assert_eq!(shown(&page, "afgeronde-zaken"), 20);
        assert_eq!(page.count("[data-testid=zaak-uitkomst]"), 20);
    })
    .await;
    assert_eq!(warm, 1, "warm: {warm} rounds");
    assert_eq!(
        requests,
        1 + 2 + 1,
        "one page of the list, two screen queries, one probe"
    );
    assert_eq!(
        stats(&app).await["expanded"],
        2 * 3,
        "three loads (the login's, the cold, the warm): expand only on their two screen \
         queries, never on a whole list"
    );
}

#[tokio::test]
async fn without_the_screen_query_the_statussen_are_asked_one_by_one_in_one_round() {
    // A Zaken API that refuses expand (400): the overview is still complete, with one
    // more round for the statussen and resultaten of the screen (and one for the
    // resultaattypen, which the login's load already asked for).
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
        assert_eq!(page.count("[data-testid=zaak-uitkomst]"), 20);
        assert_eq!(page.count(".mijnzaken-unavailable"), 0);
    })
    .await;
    assert_eq!(rounds, 2, "{rounds} rounds");
    assert_eq!(
        requests,
        1 + 1 + 20 + 20,
        "one page of the list, the probe, 20 statussen, 20 resultaten, no second try"
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
    // A closed zaak's card leads with its outcome, then says when it closed; no status
    // is fetched for it.
    assert_eq!(
        page.texts("[data-testid=afgeronde-zaken] [data-testid=zaak] dt"),
        ["Uitkomst", "Afgerond op"].repeat(20)
    );
    assert_eq!(
        page.count("[data-testid=afgeronde-zaken] [data-testid=zaak-stap]"),
        0
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

mod ownership {
    //! Whose zaken the overview lists when the Zaken API does, or does not, honour the
    //! betrokkene filter: a probe for an identifier no one has decides whether the user's
    //! rollen must be checked too.

    use super::*;
    use crate::zaken::fake_upstream;

    const BSN_FILTER: &str = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn";
    /// Fails the elfproef: no one has it.
    const PROBE_BSN: &str = "999999999";

    fn someone_elses_zaak(base: &str) -> Value {
        let mut zaak = fake_upstream::zaak(base, "Bijstand van de buurman", "");
        zaak["url"] = json!(format!(
            "{base}/zaken/api/v1/zaken/6a1f0000-0000-4000-8000-000000000099"
        ));
        zaak["identificatie"] = json!("ZAAK-BUURMAN");
        zaak
    }

    /// Requests to `path` so far, and those of them with `param=value` in their query.
    async fn asked(server: &MockServer, at: &str, param: &str, value: &str) -> (usize, usize) {
        let requests = server.received_requests().await.unwrap();
        let to_path: Vec<_> = requests.iter().filter(|r| r.url.path() == at).collect();
        let with = to_path
            .iter()
            .filter(|r| r.url.query_pairs().any(|(k, v)| k == param && v == value))
            .count();
        (to_path.len(), with)
    }

    /// A Zaken API that answers the probe (and only the probe) with no zaken.
    async fn honour_the_probe(server: &MockServer) {
        Mock::given(method("GET"))
            .and(path("/zaken/api/v1/zaken"))
            .and(query_param(BSN_FILTER, PROBE_BSN))
            .respond_with(ResponseTemplate::new(200).set_body_json(fake_upstream::page(vec![])))
            .with_priority(1)
            .mount(server)
            .await;
    }

    fn titles(page: &Page) -> Vec<String> {
        page.texts("[data-testid=zaak] h3")
    }

    #[tokio::test]
    async fn a_zaken_api_that_ignores_the_filter_shows_no_one_else_s_zaak() {
        let server = MockServer::start().await;
        let base = server.uri();
        let mine = fake_upstream::zaak(&base, "Dakkapel", "");
        // Every zaken query, the probe's too, gets everyone's zaken; the rollen list only
        // Jansen's rol.
        Mock::given(method("GET"))
            .and(path("/zaken/api/v1/zaken"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(fake_upstream::page(vec![
                    mine.clone(),
                    someone_elses_zaak(&base),
                ])),
            )
            .with_priority(1)
            .mount(&server)
            .await;
        fake_upstream::mount(&server, mine).await;
        let app = fake_upstream::portal(&server).await;

        let (status, page) = app.get_page("/zaken").await;
        assert_eq!(status, 200);
        assert_eq!(titles(&page), ["Dakkapel"]);
        assert!(!page.body.contains("buurman"), "{}", page.body);
        assert_eq!(page.count("[data-testid=deels-opgehaald]"), 0, "complete");
        let (_, probes) = asked(&server, "/zaken/api/v1/zaken", BSN_FILTER, PROBE_BSN).await;
        assert!(probes >= 1, "the filter was probed");
        let (_, rollen) = asked(
            &server,
            "/zaken/api/v1/rollen",
            "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
            "999993653",
        )
        .await;
        assert!(rollen >= 1, "the user's rollen were checked");
    }

    #[tokio::test]
    async fn a_zaken_api_that_honours_the_filter_is_probed_beside_each_list_and_asked_no_rollen() {
        let server = MockServer::start().await;
        honour_the_probe(&server).await;
        let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
        fake_upstream::mount(&server, zaak).await;
        let app =
            fake_upstream::portal_with(&server, &[("MIJNZAKEN_OVERZICHT_CACHE_SECONDS", "0")])
                .await;
        for _ in 0..3 {
            let (status, page) = app.get_page("/zaken").await;
            assert_eq!(status, 200);
            assert_eq!(titles(&page), ["Dakkapel"]);
        }
        let (lists, probes) = asked(&server, "/zaken/api/v1/zaken", BSN_FILTER, PROBE_BSN).await;
        assert_eq!(
            probes,
            1 + 3,
            "the login's landing and three loads, each probed"
        );
        assert!(lists > probes, "the lists themselves were asked");
        let (rollen, _) = asked(&server, "/zaken/api/v1/rollen", "", "").await;
        assert_eq!(rollen, 0, "no rollen list while the filter is honoured");
    }

    #[tokio::test]
    async fn a_probe_that_fails_is_not_trusted_and_asked_again() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/zaken/api/v1/zaken"))
            .and(query_param(BSN_FILTER, PROBE_BSN))
            .respond_with(ResponseTemplate::new(503))
            .with_priority(1)
            .mount(&server)
            .await;
        let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
        fake_upstream::mount(&server, zaak).await;
        let app =
            fake_upstream::portal_with(&server, &[("MIJNZAKEN_OVERZICHT_CACHE_SECONDS", "0")])
                .await;
        // The login's landing on /zaken was the first load.
        for _ in 0..2 {
            let (status, page) = app.get_page("/zaken").await;
            assert_eq!(status, 200);
            assert_eq!(titles(&page), ["Dakkapel"]);
            assert_eq!(page.count("[data-testid=deels-opgehaald]"), 0, "complete");
        }
        let (_, probes) = asked(&server, "/zaken/api/v1/zaken", BSN_FILTER, PROBE_BSN).await;
        assert_eq!(probes, 3, "a failed probe is not remembered");
        let (rollen, _) = asked(&server, "/zaken/api/v1/rollen", "", "").await;
        assert_eq!(rollen, 3, "without a verdict, every load checks the rollen");
    }

    #[tokio::test]
    async fn one_ignored_filter_of_a_company_is_enough_to_check_the_rollen() {
        // A company has three filters (KVK, RSIN, vestiging). This Zaken API honours the
        // first two and ignores the vestiging filter: everyone's zaken come through that one.
        let server = MockServer::start().await;
        let base = server.uri();
        let ours = fake_upstream::zaak(&base, "Terras aan de Markt", "");
        for (kind, probe) in [
            ("nietNatuurlijkPersoon__kvkNummer", "00000000"),
            ("nietNatuurlijkPersoon__innNnpId", "999999999"),
        ] {
            Mock::given(method("GET"))
                .and(path("/zaken/api/v1/zaken"))
                .and(query_param(
                    format!("rol__betrokkeneIdentificatie__{kind}"),
                    probe,
                ))
                .respond_with(ResponseTemplate::new(200).set_body_json(fake_upstream::page(vec![])))
                .with_priority(1)
                .mount(&server)
                .await;
        }
        Mock::given(method("GET"))
            .and(path("/zaken/api/v1/zaken"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(fake_upstream::page(vec![
                    ours.clone(),
                    someone_elses_zaak(&base),
                ])),
            )
            .with_priority(2)
            .mount(&server)
            .await;
        let rol = json!({
            "url": format!("{base}/zaken/api/v1/rollen/2"),
            "zaak": ours["url"],
            "betrokkeneType": "niet_natuurlijk_persoon",
            "omschrijvingGeneriek": "initiator",
            "betrokkeneIdentificatie": {"innNnpId": "", "kvkNummer": "69599084"}
        });
        Mock::given(method("GET"))
            .and(path("/zaken/api/v1/rollen"))
            .respond_with(ResponseTemplate::new(200).set_body_json(fake_upstream::page(vec![rol])))
            .with_priority(1)
            .mount(&server)
            .await;
        fake_upstream::mount(&server, ours).await;
        let app = fake_upstream::portal(&server).await;
        let page = app.login_as("eherkenning", "kvk:69599084").await;
        assert_eq!(titles(&page), ["Terras aan de Markt"]);
        assert!(!page.body.contains("buurman"), "{}", page.body);
    }

    #[tokio::test]
    async fn a_gemeente_can_have_every_load_check_the_rollen() {
        let server = MockServer::start().await;
        honour_the_probe(&server).await;
        let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
        fake_upstream::mount(&server, zaak).await;
        let app = fake_upstream::portal_with(
            &server,
            &[
                ("MIJNZAKEN_OVERZICHT_CACHE_SECONDS", "0"),
                ("MIJNZAKEN_ZGW_OWNERSHIP_CHECK", "rollen"),
            ],
        )
        .await;
        for _ in 0..2 {
            let (_, page) = app.get_page("/zaken").await;
            assert_eq!(titles(&page), ["Dakkapel"]);
        }
        let (_, probes) = asked(&server, "/zaken/api/v1/zaken", BSN_FILTER, PROBE_BSN).await;
        assert_eq!(probes, 0);
        let (rollen, _) = asked(&server, "/zaken/api/v1/rollen", "", "").await;
        assert_eq!(rollen, 3, "the login's landing and two loads");
    }
}
