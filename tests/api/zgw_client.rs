//! Contract tests of the ZGW client against a fake upstream (wiremock), with fixtures that
//! are validated against the official schemas by the test command.

use std::time::Duration;

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use futures::StreamExt as _;
use hmac::{Hmac, Mac};
use mijnzaken::zgw::{
    ApiRoots, OwnershipCheck, RolFilter, Section, Vertrouwelijkheid, ZgwClient, ZgwError,
    ZgwSettings,
};
use secrecy::SecretString;
use sha2::Sha256;
use url::Url;
use wiremock::{
    matchers::{header, method, path, query_param, query_param_is_missing},
    Mock, MockServer, ResponseTemplate,
};

const SECRET: &str = "contract-test-secret";
const BSN: &str = "999993653";

fn fixture(server: &MockServer, relative: &str) -> serde_json::Value {
    let path = format!(
        "{}/tests/fixtures/zgw/{relative}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text.replace("http://zgw.test", &server.uri())).unwrap()
}

fn settings(server: &MockServer) -> ZgwSettings {
    let root = |p: &str| Url::parse(&format!("{}/{p}/api/v1/", server.uri())).unwrap();
    ZgwSettings {
        roots: Some(ApiRoots {
            zaken: root("zaken"),
            catalogi: root("catalogi"),
            documenten: root("documenten"),
        }),
        client_id: "mijnzaken-contract".into(),
        secret: SecretString::from(SECRET),
        timeout: Duration::from_millis(500),
        max_vertrouwelijkheid: Vertrouwelijkheid::Zaakvertrouwelijk,
        max_pages: 20,
        cache_ttl: Duration::from_secs(60),
        concurrency: 8,
        dates_include_verlenging: false,
        ownership_check: OwnershipCheck::Probe,
    }
}

fn client(server: &MockServer) -> ZgwClient {
    ZgwClient::new(settings(server)).unwrap()
}

fn bsn_filter() -> RolFilter {
    RolFilter::Bsn(BSN.into())
}

const ZAKEN_PATH: &str = "/zaken/api/v1/zaken";

async fn mount_three_pages(server: &MockServer) {
    for page in 1..=3 {
        let body = fixture(server, &format!("zaken/PaginatedZaakList/page-{page}.json"));
        let mock = Mock::given(method("GET")).and(path(ZAKEN_PATH));
        let mock = if page == 1 {
            mock.and(query_param_is_missing("page"))
        } else {
            mock.and(query_param("page", page.to_string()))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn requests_carry_a_valid_jwt_accept_crs_and_the_request_id() {
    let server = MockServer::start().await;
    let mut page = fixture(&server, "zaken/PaginatedZaakList/page-3.json");
    page["next"] = serde_json::Value::Null;
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(header("Accept-Crs", "EPSG:4326"))
        .and(header("Accept", "application/json"))
        .and(header("x-request-id", "req-42"))
        .and(query_param(
            "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
            BSN,
        ))
        .and(query_param(
            "maximaleVertrouwelijkheidaanduiding",
            "zaakvertrouwelijk",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(1)
        .mount(&server)
        .await;

    let zaken = client(&server)
        .for_request(Some("req-42"))
        .zaken(&bsn_filter())
        .await
        .complete()
        .unwrap();
    assert_eq!(zaken.len(), 2);

    let requests = server.received_requests().await.unwrap();
    let auth = requests[0].headers["authorization"].to_str().unwrap();
    let token = auth.strip_prefix("Bearer ").expect("a bearer token");
    let parts: Vec<&str> = token.split('.').collect();
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "HS256");
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(claims["iss"], "mijnzaken-contract");
    assert_eq!(claims["client_id"], "mijnzaken-contract");
    assert!(claims["user_id"].is_string() && claims["user_representation"].is_string());
    assert!(
        !token.contains(BSN) && !claims.to_string().contains(BSN),
        "the token never names the citizen"
    );
    let age = time::OffsetDateTime::now_utc().unix_timestamp() - claims["iat"].as_i64().unwrap();
    assert!((0..60).contains(&age), "a fresh iat");
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{}.{}", parts[0], parts[1]).as_bytes());
    mac.verify_slice(&URL_SAFE_NO_PAD.decode(parts[2]).unwrap())
        .expect("signed with the shared secret");
}

#[tokio::test]
async fn pagination_follows_next_through_three_pages() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let zaken = client(&server)
        .for_request(None)
        .zaken(&bsn_filter())
        .await
        .complete()
        .unwrap();
    assert_eq!(zaken.len(), 8, "every item of every page");
    let mut urls: Vec<_> = zaken.iter().map(|z| z.url.as_str()).collect();
    urls.dedup();
    assert_eq!(urls.len(), 8);
}

#[tokio::test]
async fn numbered_pages_are_asked_for_side_by_side_not_one_next_after_the_other() {
    // Page 2 claims to be the last, but the count says there are three: the client asked
    // for page 3 on the strength of page 1 alone, in parallel with page 2.
    let server = MockServer::start().await;
    for page in 1..=3 {
        let mut body = fixture(
            &server,
            &format!("zaken/PaginatedZaakList/page-{page}.json"),
        );
        if page == 2 {
            body["next"] = serde_json::Value::Null;
        }
        let mock = Mock::given(method("GET")).and(path(ZAKEN_PATH));
        let mock = if page == 1 {
            mock.and(query_param_is_missing("page"))
        } else {
            mock.and(query_param("page", page.to_string()))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let zaken = client(&server)
        .for_request(None)
        .zaken(&bsn_filter())
        .await
        .complete()
        .unwrap();
    assert_eq!(zaken.len(), 8);
    let pages: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter_map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(pages.len(), 2, "pages 2 and 3: {pages:?}");
}

#[tokio::test]
async fn the_page_cap_is_an_error_not_a_silently_short_list() {
    let server = MockServer::start().await;
    for page in 1..=2 {
        let body = fixture(
            &server,
            &format!("zaken/PaginatedZaakList/page-{page}.json"),
        );
        let mock = Mock::given(method("GET")).and(path(ZAKEN_PATH));
        let mock = if page == 1 {
            mock.and(query_param_is_missing("page"))
        } else {
            mock.and(query_param("page", "2"))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let mut capped = settings(&server);
    capped.max_pages = 2;
    let result = ZgwClient::new(capped)
        .unwrap()
        .for_request(None)
        .zaken(&bsn_filter())
        .await;
    assert_eq!(result.error, Some(ZgwError::TooManyPages(2)));
    assert!(
        !result.items.is_empty(),
        "the pages before the cap are kept"
    );
}

#[tokio::test]
async fn a_hostile_count_is_refused_by_the_page_cap_before_any_page_is_built() {
    // A count of 10^15 would be 10^13 page URLs: the cap is checked first.
    let server = MockServer::start().await;
    let mut page = fixture(&server, "zaken/PaginatedZaakList/page-1.json");
    page["count"] = serde_json::json!(1_000_000_000_000_000u64);
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let listing = client(&server).for_request(None).zaken(&bsn_filter()).await;
    assert_eq!(listing.error, Some(ZgwError::TooManyPages(20)));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "no page after the first was asked for"
    );
}

/// Answers the zaken list with `first`, and its page 2 with a 500.
async fn page_one_then_a_failing_page_two(server: &MockServer, first: serde_json::Value) {
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param_is_missing("page"))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(500))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_list_that_fails_on_page_two_keeps_page_one_and_says_so() {
    let server = MockServer::start().await;
    let first = fixture(&server, "zaken/PaginatedZaakList/page-1.json");
    let on_first = first["results"].as_array().unwrap().len();
    page_one_then_a_failing_page_two(&server, first).await;
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param("page", "3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(fixture(&server, "zaken/PaginatedZaakList/page-3.json")),
        )
        .mount(&server)
        .await;
    let listing = client(&server).for_request(None).zaken(&bsn_filter()).await;
    assert_eq!(listing.items.len(), on_first, "page 1's zaken are kept");
    assert!(
        matches!(listing.error, Some(ZgwError::Upstream { status: 500, .. })),
        "{:?}",
        listing.error
    );
}

#[tokio::test]
async fn a_foreign_next_link_is_refused_without_any_request_to_it() {
    let server = MockServer::start().await;
    let evil = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&evil)
        .await;
    let mut page = fixture(&server, "zaken/PaginatedZaakList/page-1.json");
    page["next"] = format!(
        "{}/zaken/api/v1/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn={BSN}&page=2",
        evil.uri()
    )
    .into();
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let result = client(&server).for_request(None).zaken(&bsn_filter()).await;
    assert!(
        matches!(result.error, Some(ZgwError::ForeignUrl(_))),
        "{:?}",
        result.error
    );
    assert!(
        evil.received_requests().await.unwrap().is_empty(),
        "nothing was sent to the foreign host"
    );
}

#[tokio::test]
async fn foreign_resource_urls_are_refused_before_sending() {
    let server = MockServer::start().await;
    let evil = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&evil)
        .await;
    let zgw = client(&server).for_request(None);
    let foreign = Url::parse(&format!("{}/catalogi/api/v1/zaaktypen/1", evil.uri())).unwrap();
    assert!(matches!(
        zgw.zaaktype(&foreign).await,
        Err(ZgwError::ForeignUrl(_))
    ));
    assert!(matches!(
        zgw.informatieobject(&foreign).await,
        Err(ZgwError::ForeignUrl(_))
    ));
    assert!(matches!(
        zgw.download(&foreign).await,
        Err(ZgwError::ForeignUrl(_))
    ));
    let traversal = Url::parse(&format!("{}/zaken/api/v1/%2e%2e/admin", server.uri())).unwrap();
    assert!(matches!(
        zgw.zaak(&traversal).await,
        Err(ZgwError::ForeignUrl(_))
    ));
    assert!(evil.received_requests().await.unwrap().is_empty());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_url_must_lie_under_the_api_it_belongs_to_not_just_under_some_root() {
    // A document whose `inhoud` points into the Zaken API would be fetched with the
    // portal's credentials and streamed to the citizen as "the document".
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let zgw = client(&server).for_request(None);
    let root = |api: &str, rest: &str| {
        Url::parse(&format!("{}/{api}/api/v1/{rest}", server.uri())).unwrap()
    };
    let zaken_list = root(
        "zaken",
        "zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=1",
    );
    assert!(matches!(
        zgw.download(&zaken_list).await,
        Err(ZgwError::ForeignUrl(_))
    ));
    assert!(matches!(
        zgw.zaaktype(&root("documenten", "enkelvoudiginformatieobjecten/1"))
            .await,
        Err(ZgwError::ForeignUrl(_))
    ));
    assert!(matches!(
        zgw.informatieobject(&root("zaken", "zaken/1")).await,
        Err(ZgwError::ForeignUrl(_))
    ));
    assert!(matches!(
        zgw.status(&root("catalogi", "statustypen/1")).await,
        Err(ZgwError::ForeignUrl(_))
    ));
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was requested"
    );
}

#[tokio::test]
async fn upstream_failures_map_to_the_right_error() {
    let server = MockServer::start().await;
    let problem = |status: u16, detail: &str| {
        ResponseTemplate::new(status)
            .insert_header("content-type", "application/problem+json")
            .set_body_json(serde_json::json!({"title": "fout", "detail": detail, "status": status}))
    };
    let cases: Vec<(&str, ResponseTemplate)> = vec![
        ("unauthorized", problem(401, "Het JWT is verlopen")),
        ("forbidden", problem(403, "Geen scope zaken.lezen")),
        ("missing", problem(404, "Niet gevonden")),
        ("broken", problem(500, "Interne fout")),
        (
            "slow",
            ResponseTemplate::new(200).set_delay(Duration::from_secs(2)),
        ),
        (
            "garbage",
            ResponseTemplate::new(200).set_body_string("<html>proxy error</html>"),
        ),
        (
            "truncated",
            ResponseTemplate::new(200)
                .set_body_string(r#"{"url": "http://x", "omschrijving": "Bezw"#),
        ),
        (
            "wrong-shape",
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"url": 5})),
        ),
    ];
    for (name, response) in cases {
        Mock::given(method("GET"))
            .and(path(format!("/catalogi/api/v1/zaaktypen/{name}")))
            .respond_with(response)
            .mount(&server)
            .await;
    }
    let zgw = client(&server).for_request(None);
    let get = |name: &str| {
        let url = Url::parse(&format!(
            "{}/catalogi/api/v1/zaaktypen/{name}",
            server.uri()
        ))
        .unwrap();
        let zgw = zgw.clone();
        async move { zgw.zaaktype(&url).await.unwrap_err() }
    };
    assert_eq!(
        get("unauthorized").await,
        ZgwError::Unauthorized {
            detail: "Het JWT is verlopen".into()
        }
    );
    assert_eq!(
        get("forbidden").await,
        ZgwError::Forbidden {
            detail: "Geen scope zaken.lezen".into()
        }
    );
    assert_eq!(get("missing").await, ZgwError::NotFound);
    assert_eq!(
        get("broken").await,
        ZgwError::Upstream {
            status: 500,
            detail: "Interne fout".into()
        }
    );
    assert_eq!(get("slow").await, ZgwError::Timeout);
    for name in ["garbage", "truncated", "wrong-shape"] {
        assert!(matches!(get(name).await, ZgwError::Decode(_)), "{name}");
    }
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut unreachable = settings(&server);
    let root = |p: &str| Url::parse(&format!("http://{closed}/{p}/api/v1/")).unwrap();
    unreachable.roots = Some(ApiRoots {
        zaken: root("zaken"),
        catalogi: root("catalogi"),
        documenten: root("documenten"),
    });
    let error = ZgwClient::new(unreachable)
        .unwrap()
        .for_request(None)
        .zaken(&bsn_filter())
        .await
        .complete()
        .unwrap_err();
    assert!(
        matches!(&error, ZgwError::Unreachable(message) if !message.contains(BSN)),
        "{error:?}"
    );
}

#[tokio::test]
async fn concurrent_misses_for_one_catalogi_resource_send_one_request() {
    let server = MockServer::start().await;
    let zaaktype = fixture(&server, "catalogi/ZaakType/zaaktype.json");
    let url = Url::parse(zaaktype["url"].as_str().unwrap()).unwrap();
    Mock::given(method("GET"))
        .and(path(url.path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(zaaktype)
                .set_delay(Duration::from_millis(200)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let zgw = client(&server).for_request(None);
    let calls = (0..20).map(|_| {
        let zgw = zgw.clone();
        let url = url.clone();
        tokio::spawn(async move { zgw.zaaktype(&url).await })
    });
    for result in futures::future::join_all(calls).await {
        assert_eq!(result.unwrap().unwrap().url, url);
    }
    // And a later call is served from the cache.
    zgw.zaaktype(&url).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn the_zaken_list_asks_for_no_expand_by_default() {
    // Open Zaak 1.30 takes seconds to expand a page of 100 zaken; catalogi come from the
    // cache instead.
    let server = MockServer::start().await;
    let mut page = fixture(&server, "zaken/PaginatedZaakList/page-3.json");
    page["next"] = serde_json::Value::Null;
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let zgw = client(&server).for_request(None);
    assert_eq!(zgw.zaken(&bsn_filter()).await.complete().unwrap().len(), 2);
    let requests = server.received_requests().await.unwrap();
    assert!(requests
        .iter()
        .all(|r| !r.url.query().unwrap_or("").contains("expand")));
}

#[tokio::test]
async fn long_lists_are_asked_in_pages_of_500_and_without_page_size_where_it_is_refused() {
    // Open Zaak allows pageSize up to 500: 153 zaken in one request rather than two
    // rounds. A Zaken API that does not know the parameter answers 400 (as Open Zaak does
    // for any unknown one); the list is asked again without it, and from then on never
    // with it.
    let server = MockServer::start().await;
    let mut page = fixture(&server, "zaken/PaginatedZaakList/page-3.json");
    page["next"] = serde_json::Value::Null;
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param("pageSize", "500"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"title": "Onbekende query parameters"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param_is_missing("pageSize"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let zgw = client(&server).for_request(None);
    for _ in 0..2 {
        assert_eq!(zgw.zaken(&bsn_filter()).await.complete().unwrap().len(), 2);
    }
    let sizes: Vec<Option<String>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "pageSize")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(sizes, [Some("500".to_owned()), None, None]);
}

#[tokio::test]
async fn the_filter_probe_asks_for_an_identifier_no_one_has_every_time() {
    let server = MockServer::start().await;
    let mut page = fixture(&server, "zaken/PaginatedZaakList/page-3.json");
    page["next"] = serde_json::Value::Null;
    let filter = |kind: &str| format!("rol__betrokkeneIdentificatie__{kind}");
    // The BSN probe gets no zaken: the filter is honoured.
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param(
            filter("natuurlijkPersoon__inpBsn"),
            "999999999",
        ))
        .and(query_param(
            "maximaleVertrouwelijkheidaanduiding",
            "zaakvertrouwelijk",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"count": 0, "next": null, "previous": null, "results": []}),
        ))
        .expect(3)
        .mount(&server)
        .await;
    // The KVK probe gets zaken: that filter is ignored.
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param(
            filter("nietNatuurlijkPersoon__kvkNummer"),
            "00000000",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(3)
        .mount(&server)
        .await;
    // The RSIN probe gets an empty page that counts zaken: not believed either.
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param(
            filter("nietNatuurlijkPersoon__innNnpId"),
            "999999999",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"count": 7, "next": null, "previous": null, "results": []}),
        ))
        .expect(3)
        .mount(&server)
        .await;
    let zgw = client(&server).for_request(None);
    let kvk = RolFilter::Kvk("69599084".to_owned());
    let rsin = RolFilter::NnpId("002564440".to_owned());
    // Asked on every call: the verdict is about the moment of the list it goes with.
    for _ in 0..3 {
        assert!(zgw.honours_filter(&bsn_filter()).await);
        assert!(!zgw.honours_filter(&kvk).await);
        assert!(!zgw.honours_filter(&rsin).await);
    }
    server.verify().await;
}

#[tokio::test]
async fn a_next_link_that_drops_the_filter_is_not_followed() {
    // A gateway that rewrites next links without the betrokkene filter would hand out
    // everyone's zaken from page 2 on.
    let server = MockServer::start().await;
    let mut first = fixture(&server, "zaken/PaginatedZaakList/page-3.json");
    first["count"] = serde_json::json!(150);
    first["next"] = serde_json::json!(format!("{}{ZAKEN_PATH}?page=2", server.uri()));
    page_one_then_a_failing_page_two(&server, first).await;
    let zgw = client(&server).for_request(None);
    let listing = zgw.zaken(&bsn_filter()).await;
    assert_eq!(listing.items.len(), 2, "page 1 is kept");
    assert!(
        matches!(listing.error, Some(ZgwError::Decode(_))),
        "and the list is incomplete: {:?}",
        listing.error
    );
    let asked = server.received_requests().await.unwrap();
    assert_eq!(asked.len(), 1, "page 2 was never asked for");
}

#[tokio::test]
async fn a_400_for_another_reason_does_not_switch_page_size_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"title": "Ongeldige invoer."})),
        )
        .mount(&server)
        .await;
    let zgw = client(&server).for_request(None);
    for _ in 0..2 {
        assert!(zgw.zaken(&bsn_filter()).await.error.is_some());
    }
    let sizes: Vec<bool> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query_pairs().any(|(k, _)| k == "pageSize"))
        .collect();
    assert_eq!(sizes, [true, false, true, false]);
}

#[tokio::test]
async fn the_screen_query_asks_the_newest_open_zaken_with_their_status_and_gives_up_on_a_400() {
    let server = MockServer::start().await;
    let mut page = fixture(&server, "zaken/PaginatedZaakList/page-3.json");
    page["next"] = serde_json::Value::Null;
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param("einddatum__isnull", "true"))
        .and(query_param("ordering", "-startdatum"))
        .and(query_param("expand", "status"))
        .and(query_param("pageSize", "25"))
        .and(query_param(
            "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
            BSN,
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"title": "Onbekende query parameters"})),
        )
        .mount(&server)
        .await;
    let zgw = client(&server).for_request(None);
    let zaken = zgw
        .newest_zaken(&bsn_filter(), Section::Open, 25)
        .await
        .unwrap();
    assert_eq!(zaken.map(|z| z.len()), Some(2));
    // Refused once: not asked again.
    assert_eq!(
        zgw.newest_zaken(&bsn_filter(), Section::Open, 25)
            .await
            .unwrap()
            .map(|z| z.len()),
        None
    );
    assert_eq!(
        zgw.newest_zaken(&bsn_filter(), Section::Open, 25)
            .await
            .unwrap()
            .map(|z| z.len()),
        None
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_closed_screen_query_asks_the_last_closed_zaken_with_their_resultaat() {
    let server = MockServer::start().await;
    let mut page = fixture(&server, "zaken/PaginatedZaakList/page-3.json");
    page["next"] = serde_json::Value::Null;
    let base = server.uri();
    let results = page["results"].as_array_mut().unwrap();
    for (i, zaak) in results.iter_mut().enumerate() {
        let zaak_url = zaak["url"].as_str().unwrap().to_owned();
        let resultaat = format!("{base}/zaken/api/v1/resultaten/{i}");
        zaak["einddatum"] = "2026-11-02".into();
        zaak["resultaat"] = resultaat.clone().into();
        // The first as Open Zaak embeds it; the second as `{}`, which some implementations
        // send for "none": it must not fail the list.
        zaak["_expand"] = if i == 0 {
            serde_json::json!({ "resultaat": {
                "url": resultaat,
                "uuid": "0c1a7c3e-6d0e-4a38-9d1a-2b3c4d5e6f70",
                "zaak": zaak_url,
                "resultaattype": format!("{base}/catalogi/api/v1/resultaattypen/1"),
                "toelichting": "U krijgt de vergunning."
            }})
        } else {
            serde_json::json!({ "resultaat": {} })
        };
    }
    Mock::given(method("GET"))
        .and(path(ZAKEN_PATH))
        .and(query_param("einddatum__isnull", "false"))
        .and(query_param("ordering", "-einddatum"))
        .and(query_param("expand", "resultaat"))
        .and(query_param("pageSize", "25"))
        .and(query_param(
            "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
            BSN,
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(1)
        .mount(&server)
        .await;
    let zgw = client(&server).for_request(None);
    let zaken = zgw
        .newest_zaken(&bsn_filter(), Section::Closed, 25)
        .await
        .unwrap()
        .unwrap();
    let embedded: Vec<Option<String>> = zaken
        .iter()
        .map(|z| {
            z.expand
                .clone()
                .and_then(|e| e.resultaat)
                .and_then(|r| r.toelichting)
        })
        .collect();
    assert_eq!(embedded, [Some("U krijgt de vergunning.".to_owned()), None]);
}

#[tokio::test]
async fn a_download_accepts_any_type_because_open_zaak_refuses_json_there() {
    // Open Zaak 1.30 answers 406 to `Accept: application/json` on /download.
    let server = MockServer::start().await;
    let document = fixture(
        &server,
        "documenten/EnkelvoudigInformatieObject/informatieobject.json",
    );
    let inhoud = Url::parse(document["inhoud"].as_str().unwrap()).unwrap();
    Mock::given(method("GET"))
        .and(path(inhoud.path()))
        .and(header("Accept", "application/json"))
        .respond_with(ResponseTemplate::new(406))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(inhoud.path()))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"%PDF-1.4 ...".to_vec()))
        .mount(&server)
        .await;
    let zgw = client(&server).for_request(None);
    let download = zgw.download(&inhoud).await.unwrap();
    let bytes: Vec<u8> = download
        .stream
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .flat_map(|c| c.unwrap().to_vec())
        .collect();
    assert_eq!(bytes, b"%PDF-1.4 ...");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["accept"], "*/*");
}

#[tokio::test]
async fn downloads_stream_the_upstream_bytes_unchanged() {
    let server = MockServer::start().await;
    let body: Vec<u8> = (0..3_000_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let document = fixture(
        &server,
        "documenten/EnkelvoudigInformatieObject/informatieobject.json",
    );
    let inhoud = Url::parse(document["inhoud"].as_str().unwrap()).unwrap();
    Mock::given(method("GET"))
        .and(path(inhoud.path()))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body.clone()))
        .mount(&server)
        .await;
    let download = client(&server)
        .for_request(None)
        .download(&inhoud)
        .await
        .unwrap();
    assert_eq!(download.content_length, Some(body.len() as u64));
    let chunks: Vec<_> = download.stream.collect().await;
    assert!(chunks.len() > 1, "arrives in pieces, not as one buffer");
    let received: Vec<u8> = chunks
        .into_iter()
        .flat_map(|c| c.unwrap().to_vec())
        .collect();
    assert_eq!(received, body);
}

#[tokio::test]
async fn independent_requests_run_concurrently_within_the_limit_and_keep_their_order() {
    use std::sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    };
    let server = MockServer::start().await;
    let mut limited = settings(&server);
    limited.concurrency = 4;
    let zgw = ZgwClient::new(limited).unwrap().for_request(None);
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let results = zgw
        .bounded(0..20, |i| {
            let in_flight = in_flight.clone();
            let peak = peak.clone();
            async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                i * 10
            }
        })
        .await;
    assert_eq!(results, (0..20).map(|i| i * 10).collect::<Vec<_>>());
    assert_eq!(
        peak.load(Ordering::SeqCst),
        4,
        "four at a time: concurrent, and never more"
    );
}
