//! The demo ZGW server: behaves like Open Zaak where the portal can notice, and every kind
//! of response it sends is written out for validation against the official schemas
//! (`scripts/validate_zgw.py`, run by the test command).

use std::path::PathBuf;

use mijnzaken::{
    demo::zgw::{
        BAKKER_ZAKEN, BSN_BAKKER, BSN_JANSEN, CLIENT_ID, KVK_BAKKERIJ, RSIN_BAKKERIJ, SECRET,
        VESTIGING_BAKKERIJ,
    },
    zgw::auth::sign_hs256,
};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with, TestApp};

fn jwt_at(iat: i64, secret: &str) -> String {
    sign_hs256(
        &json!({"alg": "HS256", "typ": "JWT"}),
        &json!({"iss": CLIENT_ID, "iat": iat, "client_id": CLIENT_ID, "user_id": "test", "user_representation": "test"}),
        secret.as_bytes(),
    )
}

fn jwt() -> String {
    jwt_at(time::OffsetDateTime::now_utc().unix_timestamp(), SECRET)
}

pub async fn api_get(app: &TestApp, url: &str) -> reqwest::Response {
    let url = if url.starts_with("http") {
        url.to_owned()
    } else {
        app.url(url)
    };
    app.client
        .get(url)
        .bearer_auth(jwt())
        .header("Accept-Crs", "EPSG:4326")
        .send()
        .await
        .unwrap()
}

async fn api_json(app: &TestApp, url: &str) -> Value {
    let response = api_get(app, url).await;
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

const ZAKEN: &str = "/demo/zgw/zaken/api/v1";

fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/zgw-samples")
}

fn save(api: &str, schema: &str, name: &str, value: &Value) {
    let dir = samples_dir().join(api).join(schema);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("{name}.json")),
        serde_json::to_vec_pretty(value).unwrap(),
    )
    .unwrap();
}

#[tokio::test]
async fn the_demo_server_checks_the_jwt_like_open_zaak() {
    let app = spawn_app().await;
    let url = app.url(&format!("{ZAKEN}/zaken"));
    let none = app
        .client
        .get(&url)
        .header("Accept-Crs", "EPSG:4326")
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 401);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for token in [
        jwt_at(now, "wrong secret"),
        jwt_at(now - 3700, SECRET),
        "a.b.c".to_owned(),
    ] {
        let response = app
            .client
            .get(&url)
            .bearer_auth(token)
            .header("Accept-Crs", "EPSG:4326")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
    }
    let fresh = jwt_at(now - 3500, SECRET);
    let response = app
        .client
        .get(&url)
        .bearer_auth(fresh)
        .header("Accept-Crs", "EPSG:4326")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "an iat within the hour is accepted");
}

#[tokio::test]
async fn the_zaken_resource_requires_accept_crs() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url(&format!("{ZAKEN}/zaken")))
        .bearer_auth(jwt())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 412);
    let response = api_get(&app, &format!("{ZAKEN}/zaken")).await;
    assert_eq!(response.headers()["content-crs"], "EPSG:4326");
}

#[tokio::test]
async fn the_demo_server_filters_by_rol_and_vertrouwelijkheid_and_paginates() {
    let app = spawn_app().await;
    let by_bsn = format!(
        "{ZAKEN}/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn={BSN_JANSEN}"
    );
    let all = api_json(&app, &by_bsn).await;
    let capped = api_json(
        &app,
        &format!("{by_bsn}&maximaleVertrouwelijkheidaanduiding=zaakvertrouwelijk"),
    )
    .await;
    assert_eq!(all["count"], 8);
    assert_eq!(
        capped["count"], 7,
        "the geheim zaak is filtered by the upstream"
    );
    // Pages of 100, as Open Zaak; the `next` link keeps the whole query, expand too.
    let long = format!(
        "{ZAKEN}/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn={BSN_BAKKER}&maximaleVertrouwelijkheidaanduiding=zaakvertrouwelijk&expand=status"
    );
    let first = api_json(&app, &long).await;
    assert_eq!(first["count"], BAKKER_ZAKEN);
    assert_eq!(first["results"].as_array().unwrap().len(), 100);
    let next = first["next"].as_str().expect("a second page");
    assert!(next.starts_with("http://127.0.0.1:"), "absolute: {next}");
    let query: std::collections::HashMap<String, String> = url::Url::parse(next)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    assert_eq!(
        query["rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"],
        BSN_BAKKER
    );
    assert_eq!(
        query["maximaleVertrouwelijkheidaanduiding"],
        "zaakvertrouwelijk"
    );
    assert_eq!(query["expand"], "status");
    assert_eq!(query["page"], "2");
    let second = api_json(&app, next).await;
    assert_eq!(second["results"].as_array().unwrap().len(), 53);
    assert!(second["next"].is_null());
    assert!(second["previous"].is_string());
    assert!(
        second["results"][0]["_expand"]["status"].is_object(),
        "page 2 is expanded as asked on page 1"
    );

    // The overview's screen query for closed zaken: the most recently closed first, each
    // with its resultaat embedded.
    let closed = api_json(
        &app,
        &format!("{ZAKEN}/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn={BSN_BAKKER}&einddatum__isnull=false&ordering=-einddatum&expand=resultaat&pageSize=5"),
    )
    .await;
    let results = closed["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let ends: Vec<&str> = results
        .iter()
        .map(|z| z["einddatum"].as_str().expect("closed"))
        .collect();
    let mut sorted = ends.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ends, sorted, "newest einddatum first");
    for zaak in results {
        assert_eq!(zaak["_expand"]["resultaat"]["url"], zaak["resultaat"]);
        assert_eq!(zaak["_expand"]["resultaat"]["zaak"], zaak["url"]);
    }

    // As in Open Zaak 1.30: a KVK-nummer is in `kvkNummer`, `innNnpId` holds RSINs only.
    for (param, value, expected) in [
        ("nietNatuurlijkPersoon__kvkNummer", KVK_BAKKERIJ, 1),
        ("nietNatuurlijkPersoon__innNnpId", KVK_BAKKERIJ, 0),
        ("nietNatuurlijkPersoon__innNnpId", RSIN_BAKKERIJ, 1),
        ("vestiging__vestigingsNummer", VESTIGING_BAKKERIJ, 2),
    ] {
        let page = api_json(
            &app,
            &format!("{ZAKEN}/zaken?rol__betrokkeneIdentificatie__{param}={value}"),
        )
        .await;
        assert_eq!(page["count"], expected, "{param}");
    }
}

#[tokio::test]
async fn statussen_come_newest_first_and_zaakinformatieobjecten_as_a_bare_array() {
    let app = spawn_app().await;
    let page = api_json(
        &app,
        &format!(
            "{ZAKEN}/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn={BSN_JANSEN}"
        ),
    )
    .await;
    let zaak = &page["results"][0];
    let zaak_url = zaak["url"].as_str().unwrap();
    let statussen = api_json(&app, &format!("{ZAKEN}/statussen?zaak={zaak_url}")).await;
    let dates: Vec<&str> = statussen["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["datumStatusGezet"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert!(dates.len() >= 2);
    assert_eq!(dates, sorted);
    let zios = api_json(
        &app,
        &format!("{ZAKEN}/zaakinformatieobjecten?zaak={zaak_url}"),
    )
    .await;
    assert!(zios.is_array());
    assert_eq!(
        zaak["_expand"],
        json!({}),
        "no expand asked, an empty _expand like Open Zaak"
    );
}

#[tokio::test]
async fn a_download_with_a_json_accept_is_refused_like_open_zaak_does() {
    let app = spawn_app().await;
    let download = "/demo/zgw/documenten/api/v1/enkelvoudiginformatieobjecten/9d010000-0000-4000-8000-000000000001/download";
    for (accept, expected) in [
        ("application/json", 406),
        ("application/pdf", 406),
        ("*/*", 200),
        ("application/octet-stream", 200),
        ("application/json, application/*", 200),
    ] {
        let response = app
            .client
            .get(app.url(download))
            .bearer_auth(jwt())
            .header("Accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), expected, "{accept}");
        if expected == 200 {
            assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));
        }
    }
}

#[tokio::test]
async fn the_deadline_is_set_at_creation_and_not_moved_by_a_verlenging() {
    // Open Zaak 1.30: uiterlijkeEinddatumAfdoening = startdatum + doorlooptijd, set once;
    // a verlenging leaves it (and einddatumGepland) where it was.
    let app = spawn_app().await;
    let zaak = api_json(
        &app,
        &format!("{ZAKEN}/zaken/2a010000-0000-4000-8000-000000000001"),
    )
    .await;
    assert_eq!(
        zaak["verlenging"]["duur"], "P6W",
        "the WOZ-bezwaar is verlengd"
    );
    let date = |key: &str| {
        time::Date::parse(
            zaak[key].as_str().unwrap(),
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .unwrap()
    };
    let zaaktype = api_json(&app, zaak["zaaktype"].as_str().unwrap()).await;
    assert_eq!(zaaktype["doorlooptijd"], "P6W");
    assert_eq!(
        date("uiterlijkeEinddatumAfdoening"),
        date("startdatum") + time::Duration::weeks(6),
        "startdatum + doorlooptijd, without the verlenging"
    );
    assert!(zaak["einddatumGepland"].is_null());
}

#[tokio::test]
async fn switched_off_expand_is_refused_and_the_pages_fall_back_to_the_same_content() {
    let without = spawn_app_with(&[("MIJNZAKEN_DEMO_ZGW_EXPAND", "0")]).await;
    let by_bsn = format!(
        "{ZAKEN}/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn={BSN_JANSEN}"
    );
    let refused = api_get(&without, &format!("{by_bsn}&expand=zaaktype")).await;
    assert_eq!(refused.status(), 400);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["status"], 400);
    assert_eq!(problem["invalidParams"][0]["code"], "unknown-parameters");
    let zaak_url = api_json(&without, &by_bsn).await["results"][0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = api_get(&without, &format!("{zaak_url}?expand=status")).await;
    assert_eq!(refused.status(), 400, "the zaak resource refuses it too");
    assert_eq!(api_get(&without, &zaak_url).await.status(), 200);

    // The client falls back, and the pages show what they show with expand.
    let with = spawn_app().await;
    let mut pages = Vec::new();
    for app in [&with, &without] {
        let overview = app.login_as("digid", "bsn:999993653").await;
        assert_eq!(overview.count("[data-testid=deels-opgehaald]"), 0);
        // The WOZ-bezwaar: statussen and documents.
        let link = scraper::Selector::parse("[data-testid=zaak] a").unwrap();
        let zaak = overview
            .html
            .select(&link)
            .find(|a| a.text().collect::<String>().contains("WOZ"))
            .and_then(|a| a.value().attr("href"))
            .expect("the WOZ-bezwaar is listed")
            .to_owned();
        let (status, detail) = app.get_page(&zaak).await;
        assert_eq!(status, 200);
        pages.push((
            overview.texts("[data-testid=zaak]"),
            detail.texts(
                "[data-testid=zaakgegevens], [data-testid=stappen], [data-testid=documenten]",
            ),
        ));
    }
    assert!(pages[0].0.len() >= 5, "{:?}", pages[0].0);
    assert_eq!(pages[0].1.len(), 3, "{:?}", pages[0].1);
    assert_eq!(pages[1], pages[0]);
}

/// Fetches one of every kind of resource and writes it out for schema validation.
#[tokio::test]
async fn every_kind_of_demo_response_is_written_out_for_schema_validation() {
    let app = spawn_app().await;
    // Only the demo's own samples: the webhook's tests put theirs beside them.
    for api in ["zaken", "catalogi", "documenten"] {
        let _ = std::fs::remove_dir_all(samples_dir().join(api));
    }
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    let mut save_counted = |api: &'static str, schema: &'static str, value: &Value| {
        let n = counts.entry(schema).or_default();
        *n += 1;
        save(api, schema, &format!("demo-{n}"), value);
    };

    for (param, value) in [
        ("natuurlijkPersoon__inpBsn", BSN_JANSEN),
        ("nietNatuurlijkPersoon__innNnpId", KVK_BAKKERIJ),
        ("vestiging__vestigingsNummer", VESTIGING_BAKKERIJ),
    ] {
        let mut next = Some(app.url(&format!(
            "{ZAKEN}/zaken?rol__betrokkeneIdentificatie__{param}={value}&expand=status,status.statustype,zaaktype,resultaat"
        )));
        while let Some(url) = next {
            let page = api_json(&app, &url).await;
            save_counted("zaken", "PaginatedZaakList", &page);
            for zaak in page["results"].as_array().unwrap() {
                let mut plain = zaak.clone();
                plain["_expand"] = json!({});
                save_counted("zaken", "Zaak", &plain);
                if let Some(zaaktype) = zaak["_expand"].get("zaaktype") {
                    save_counted("catalogi", "ZaakType", zaaktype);
                }
                if let Some(resultaat) = zaak["_expand"].get("resultaat") {
                    save_counted("zaken", "Resultaat", resultaat);
                }
                if let Some(status) = zaak["_expand"].get("status") {
                    let mut plain = status.clone();
                    if let Some(statustype) = status["_expand"].get("statustype") {
                        save_counted("catalogi", "StatusType", statustype);
                    }
                    plain.as_object_mut().unwrap().remove("_expand");
                    save_counted("zaken", "Status", &plain);
                }
                let zaak_url = zaak["url"].as_str().unwrap();
                let detail = api_json(&app, zaak_url).await;
                save_counted("zaken", "Zaak", &detail);
                let statussen = api_json(&app, &format!("{ZAKEN}/statussen?zaak={zaak_url}")).await;
                save_counted("zaken", "PaginatedStatusList", &statussen);
                for status in statussen["results"].as_array().unwrap() {
                    save_counted(
                        "zaken",
                        "Status",
                        &api_json(&app, status["url"].as_str().unwrap()).await,
                    );
                    save_counted(
                        "catalogi",
                        "StatusType",
                        &api_json(&app, status["statustype"].as_str().unwrap()).await,
                    );
                }
                let rollen = api_json(&app, &format!("{ZAKEN}/rollen?zaak={zaak_url}")).await;
                save_counted("zaken", "PaginatedRolList", &rollen);
                for rol in rollen["results"].as_array().unwrap() {
                    save_counted("zaken", "Rol", rol);
                    match rol["betrokkeneType"].as_str().unwrap() {
                        "natuurlijk_persoon" => {
                            save_counted("zaken", "natuurlijk_persoon_Rol", rol)
                        }
                        "niet_natuurlijk_persoon" => {
                            save_counted("zaken", "niet_natuurlijk_persoon_Rol", rol)
                        }
                        "vestiging" => save_counted("zaken", "vestiging_Rol", rol),
                        other => panic!("unexpected betrokkeneType {other}"),
                    }
                }
                let zaaktype_url = detail["zaaktype"].as_str().unwrap();
                save_counted("catalogi", "ZaakType", &api_json(&app, zaaktype_url).await);
                let statustypen = api_json(
                    &app,
                    &app.url(&format!(
                        "/demo/zgw/catalogi/api/v1/statustypen?zaaktype={zaaktype_url}"
                    )),
                )
                .await;
                save_counted("catalogi", "PaginatedStatusTypeList", &statustypen);
                if let Some(resultaat) = detail["resultaat"].as_str() {
                    let resultaat = api_json(&app, resultaat).await;
                    save_counted("zaken", "Resultaat", &resultaat);
                    save_counted(
                        "catalogi",
                        "ResultaatType",
                        &api_json(&app, resultaat["resultaattype"].as_str().unwrap()).await,
                    );
                }
                let zios = api_json(
                    &app,
                    &format!("{ZAKEN}/zaakinformatieobjecten?zaak={zaak_url}"),
                )
                .await;
                for zio in zios.as_array().unwrap() {
                    save_counted("zaken", "ZaakInformatieObject", zio);
                    let document = api_json(&app, zio["informatieobject"].as_str().unwrap()).await;
                    save_counted("documenten", "EnkelvoudigInformatieObject", &document);
                    save_counted(
                        "catalogi",
                        "InformatieObjectType",
                        &api_json(&app, document["informatieobjecttype"].as_str().unwrap()).await,
                    );
                    let download = api_get(&app, document["inhoud"].as_str().unwrap()).await;
                    assert_eq!(download.status(), 200);
                    let bytes = download.bytes().await.unwrap();
                    assert_eq!(
                        bytes.len() as u64,
                        document["bestandsomvang"].as_u64().unwrap()
                    );
                    assert!(bytes.starts_with(b"%PDF-1.4"));
                }
            }
            next = page["next"].as_str().map(str::to_owned);
        }
    }
    let without_expand = spawn_app_with(&[("MIJNZAKEN_DEMO_ZGW_EXPAND", "0")]).await;
    let refused = api_get(&without_expand, &format!("{ZAKEN}/zaken?expand=zaaktype")).await;
    assert_eq!(refused.status(), 400);
    save_counted("zaken", "ValidatieFout", &refused.json().await.unwrap());
    for schema in [
        "ValidatieFout",
        "Zaak",
        "Status",
        "Rol",
        "Resultaat",
        "ZaakInformatieObject",
        "ZaakType",
        "StatusType",
        "ResultaatType",
        "InformatieObjectType",
        "EnkelvoudigInformatieObject",
    ] {
        assert!(
            counts.get(schema).copied().unwrap_or(0) > 0,
            "no sample of {schema}"
        );
    }
}
