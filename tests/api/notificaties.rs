//! The webhook for the gemeente's Notificaties API: who may post, what is taken, that it
//! is stored once before the answer, and that a zaak's notification refreshes the overview.

use serde_json::{json, Value};

use crate::{
    audit::TestDb,
    helpers::{spawn_app_with, TestApp},
};

const AUTH: &str = "Token e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const PATH: &str = "/api/notificaties";
const JANSEN: &str = "bsn:999993653";

/// A portal with the webhook on, its database `db`.
async fn portal(db: &TestDb) -> TestApp {
    let env = db.env();
    let mut settings: Vec<(&str, &str)> = vec![("MIJNZAKEN_NOTIFICATIES_AUTH", AUTH)];
    settings.extend(env.iter().map(|(k, v)| (*k, v.as_str())));
    spawn_app_with(&settings).await
}

/// How many notifications the portal stored, read from its database.
async fn stored(db: &TestDb) -> i64 {
    db.count_in("notificaties").await
}

/// A status notification for demo zaak `id` of `app`'s demo ZGW, as Open Notificaties
/// sends it.
fn status_message(app: &TestApp, id: u32) -> Value {
    let zaken = app.url("/demo/zgw/zaken/api/v1");
    json!({
        "kanaal": "zaken",
        "hoofdObject": format!("{zaken}/zaken/2a010000-0000-4000-8000-{id:012}"),
        "resource": "status",
        "resourceUrl": format!("{zaken}/statussen/5a010000-0000-4000-8000-000000000099"),
        "actie": "create",
        "aanmaakdatum": "2026-12-03T10:15:00.123456Z",
        "kenmerken": {
            "bronorganisatie": "002220647",
            "zaaktype": app.url("/demo/zgw/catalogi/api/v1/zaaktypen/1"),
            "vertrouwelijkheidaanduiding": "openbaar"
        }
    })
}

/// Posts `body` as the Notificaties API does: server to server, no Origin, no cookie.
async fn post(app: &TestApp, auth: Option<&str>, body: &Value) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(app.url(PATH))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    request.send().await.unwrap()
}

/// The problem body of `response`, kept for the schema check (`scripts/validate_zgw.py`
/// on `target/zgw-samples`) as the consumer API's `schema` (`Fout`, `ValidatieFout`).
async fn problem(response: reqwest::Response, schema: &str) -> Value {
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/zgw-samples/notificaties")
        .join(schema);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("webhook-{}.json", body["code"].as_str().unwrap())),
        serde_json::to_vec_pretty(&body).unwrap(),
    )
    .unwrap();
    body
}

/// The message as Open Notificaties sends it (a fixture checked against the schema).
fn fixture() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/zgw/notificaties/Notificatie/zaak-status.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[tokio::test]
async fn only_the_registered_authorization_is_taken_and_only_then_stored() {
    only_the_registered_authorization_is_taken_on(TestDb::sqlite()).await;
    if let Some(db) = TestDb::postgres().await {
        only_the_registered_authorization_is_taken_on(db).await;
    }
}

async fn only_the_registered_authorization_is_taken_on(db: TestDb) {
    let app = portal(&db).await;
    let message = fixture();

    let none = post(&app, None, &message).await;
    assert_eq!(none.status(), 401);
    assert_eq!(problem(none, "Fout").await["code"], "not_authenticated");
    let wrong = post(&app, Some(&AUTH.replace('e', "f")), &message).await;
    assert_eq!(wrong.status(), 403);
    assert_eq!(problem(wrong, "Fout").await["status"], 403);
    // Longer or shorter than the right value: refused the same way.
    for near in [&AUTH[..AUTH.len() - 1], &format!("{AUTH}x"), "Token"] {
        assert_eq!(
            post(&app, Some(near), &message).await.status(),
            403,
            "{near}"
        );
    }
    // A large body without credentials is refused before it is read.
    let huge = json!({ "kanaal": "x".repeat(70 * 1024) });
    assert_eq!(post(&app, None, &huge).await.status(), 401);
    assert_eq!(stored(&db).await, 0, "nothing stored for a refused caller");

    let right = post(&app, Some(AUTH), &message).await;
    assert_eq!(right.status(), 204);
    assert_eq!(right.headers()["api-version"], "1.0.0");
    assert_eq!(stored(&db).await, 1, "stored before the 204");

    // Delivered again (the sender did not see our answer): accepted, stored once.
    let again = post(&app, Some(AUTH), &message).await;
    assert_eq!(again.status(), 204);
    assert_eq!(stored(&db).await, 1);
    // Another kanaal is taken the same way.
    let mut document = message.clone();
    document["kanaal"] = "documenten".into();
    document["resource"] = "enkelvoudiginformatieobject".into();
    assert_eq!(post(&app, Some(AUTH), &document).await.status(), 204);
    assert_eq!(stored(&db).await, 2);
    // Open Notificaties' test message when an abonnement is made: answered, not kept.
    let mut test = message.clone();
    test["kanaal"] = "test".into();
    assert_eq!(post(&app, Some(AUTH), &test).await.status(), 204);
    assert_eq!(stored(&db).await, 2);
    // A NUL (PostgreSQL refuses it in text) or a line break is a 400, not a 503 that
    // the sender would retry for ever.
    for control in ["create\u{0}", "create\nforged log line"] {
        let mut bad = message.clone();
        bad["actie"] = control.into();
        let response = post(&app, Some(AUTH), &bad).await;
        assert_eq!(response.status(), 400, "{control:?}");
    }
    assert_eq!(stored(&db).await, 2);
    db.remove().await;
}

#[tokio::test]
async fn a_message_that_breaks_the_schema_is_a_400_that_names_the_fields() {
    let db = TestDb::sqlite();
    let app = portal(&db).await;
    let mut bad = status_message(&app, 1);
    bad.as_object_mut().unwrap().remove("actie");
    bad["aanmaakdatum"] = "gisteren".into();
    let response = post(&app, Some(AUTH), &bad).await;
    assert_eq!(response.status(), 400);
    let body = problem(response, "ValidatieFout").await;
    assert_eq!(body["invalidParams"], body["invalid-params"]);
    let names: Vec<&str> = body["invalid-params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["actie", "aanmaakdatum"]);
    let not_json = reqwest::Client::new()
        .post(app.url(PATH))
        .header("authorization", AUTH)
        .body("kanaal=zaken")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    let huge = json!({ "kanaal": "x".repeat(70 * 1024) });
    let too_large = post(&app, Some(AUTH), &huge).await;
    assert_eq!(too_large.status(), 413);
    assert_eq!(problem(too_large, "Fout").await["code"], "too_large");
    assert_eq!(stored(&db).await, 0);
}

#[tokio::test]
async fn without_a_configured_authorization_there_is_no_webhook() {
    let app = spawn_app_with(&[]).await;
    let message = status_message(&app, 1);
    let response = post(&app, Some(AUTH), &message).await;
    // No such route: the same-origin check refuses a POST from elsewhere before the 404.
    assert_eq!(response.status(), 403);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
}

#[tokio::test]
async fn a_notification_about_a_zaak_refreshes_the_overview_that_lists_it() {
    let db = TestDb::sqlite();
    let app = portal(&db).await;
    app.login_as("digid", JANSEN).await;
    let requests = |app: &TestApp| {
        let url = app.url("/demo/zgw/_stats");
        async move {
            let stats: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
            stats["requests"].as_u64().unwrap()
        }
    };
    // Within the cache's time to live a reload asks nothing upstream ...
    let before = requests(&app).await;
    assert_eq!(app.get_page("/zaken").await.0, 200);
    assert_eq!(
        requests(&app).await,
        before,
        "served from the per-user cache"
    );
    // ... a notification about another zaak changes nothing ...
    let elsewhere = status_message(&app, 999);
    assert_eq!(post(&app, Some(AUTH), &elsewhere).await.status(), 204);
    assert_eq!(app.get_page("/zaken").await.0, 200);
    assert_eq!(requests(&app).await, before);
    // ... one about a zaak on it makes the next load ask again.
    assert_eq!(
        post(&app, Some(AUTH), &status_message(&app, 1))
            .await
            .status(),
        204
    );
    assert_eq!(app.get_page("/zaken").await.0, 200);
    assert!(requests(&app).await > before, "the overview asked again");
}

mod abonnement {
    //! The subscription at the Notificaties API, against a wiremock stand-in.

    use mijnzaken::notificaties::{
        abonnement::{ensure, Outcome},
        AbonnementSettings, Webhook,
    };
    use serde_json::{json, Value};
    use wiremock::{
        matchers::{header_exists, method, path},
        Mock, MockServer, ResponseTemplate,
    };

    const CALLBACK: &str = "https://mijnzaken.example.nl/api/notificaties";

    fn settings(server: &MockServer) -> (AbonnementSettings, Webhook) {
        (
            AbonnementSettings {
                api: url::Url::parse(&format!("{}/api/v1/", server.uri())).unwrap(),
                client_id: "mijnzaken".to_owned(),
                secret: "nrc-geheim".to_owned().into(),
                callback: url::Url::parse(CALLBACK).unwrap(),
                at_start: false,
            },
            Webhook {
                path: "/api/notificaties".to_owned(),
                auth: super::AUTH.to_owned().into(),
            },
        )
    }

    async fn list(server: &MockServer, abonnementen: Value) {
        Mock::given(method("GET"))
            .and(path("/api/v1/abonnement"))
            .and(header_exists("authorization"))
            .respond_with(ResponseTemplate::new(200).set_body_json(abonnementen))
            .mount(server)
            .await;
    }

    /// The body of the one request with `verb`, kept for the schema check as an
    /// `Abonnement` of the Notificaties API.
    async fn sent(server: &MockServer, verb: &str) -> Value {
        let requests = server.received_requests().await.unwrap();
        let mut bodies: Vec<Value> = requests
            .iter()
            .filter(|r| r.method.as_str() == verb)
            .map(|r| {
                let auth = r.headers["authorization"].to_str().unwrap();
                assert!(auth.starts_with("Bearer ey"), "a ZGW JWT: {auth}");
                serde_json::from_slice(&r.body).unwrap()
            })
            .collect();
        assert_eq!(bodies.len(), 1, "one {verb}");
        let body = bodies.remove(0);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/zgw-samples/notificaties/Abonnement");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("portal-{}.json", verb.to_lowercase())),
            serde_json::to_vec_pretty(&body).unwrap(),
        )
        .unwrap();
        body
    }

    #[tokio::test]
    async fn a_first_subscription_registers_the_callback_the_auth_and_both_kanalen() {
        let server = MockServer::start().await;
        list(&server, json!([])).await;
        let created = format!(
            "{}/api/v1/abonnement/6f1f5c3e-1111-4a4a-9a9a-0123456789ab",
            server.uri()
        );
        Mock::given(method("POST"))
            .and(path("/api/v1/abonnement"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({
                "url": created,
                "callbackUrl": CALLBACK,
                "kanalen": [{"naam": "zaken", "filters": {}}, {"naam": "documenten", "filters": {}}]
            })))
            .expect(1)
            .mount(&server)
            .await;
        let (settings, webhook) = settings(&server);
        let outcome = ensure(&settings, &webhook).await.unwrap();
        assert_eq!(
            outcome,
            Outcome::Created(url::Url::parse(&created).unwrap())
        );
        let body = sent(&server, "POST").await;
        assert_eq!(body["callbackUrl"], CALLBACK);
        assert_eq!(body["auth"], super::AUTH);
        assert_eq!(
            body["kanalen"],
            json!([{"naam": "zaken", "filters": {}}, {"naam": "documenten", "filters": {}}])
        );
    }

    #[tokio::test]
    async fn an_existing_subscription_is_updated_not_doubled() {
        let server = MockServer::start().await;
        let ours = format!("{}/api/v1/abonnement/1", server.uri());
        list(
            &server,
            json!([
                {"url": format!("{}/api/v1/abonnement/0", server.uri()), "callbackUrl": "https://ander.example.nl/hook", "kanalen": []},
                {"url": ours, "callbackUrl": format!("{CALLBACK}/"), "kanalen": [{"naam": "zaken", "filters": {}}]}
            ]),
        )
        .await;
        Mock::given(method("PUT"))
            .and(path("/api/v1/abonnement/1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201))
            .expect(0)
            .mount(&server)
            .await;
        let (settings, webhook) = settings(&server);
        assert_eq!(
            ensure(&settings, &webhook).await.unwrap(),
            Outcome::Updated(url::Url::parse(&ours).unwrap())
        );
        assert_eq!(sent(&server, "PUT").await["auth"], super::AUTH);
    }

    #[tokio::test]
    async fn an_abonnement_outside_the_configured_root_is_not_followed() {
        let server = MockServer::start().await;
        not_followed(&server, "https://elders.example.nl/api/v1/abonnement/1").await;
        // The same host, a path that only starts like the root.
        let server = MockServer::start().await;
        let sibling = format!("{}/api/v1evil/abonnement/1", server.uri());
        not_followed(&server, &sibling).await;
    }

    async fn not_followed(server: &MockServer, outside: &str) {
        list(
            server,
            json!([{"url": outside, "callbackUrl": CALLBACK, "kanalen": []}]),
        )
        .await;
        let (settings, webhook) = settings(server);
        let error = ensure(&settings, &webhook).await.unwrap_err();
        assert!(
            error.to_string().contains("not followed"),
            "{outside}: {error}"
        );
        let writes = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.method.as_str() != "GET")
            .count();
        assert_eq!(writes, 0);
    }

    #[tokio::test]
    async fn ours_is_found_on_a_later_page_past_an_entry_that_is_not_an_abonnement() {
        let server = MockServer::start().await;
        let base = server.uri();
        Mock::given(method("GET"))
            .and(path("/api/v1/abonnement"))
            .and(wiremock::matchers::query_param("page", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "count": 2, "next": null, "previous": null,
                "results": [{"url": format!("{base}/api/v1/abonnement/7"), "callbackUrl": CALLBACK, "kanalen": []}]
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v1/abonnement"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "count": 2, "next": format!("{base}/api/v1/abonnement?page=2"), "previous": null,
                "results": [{"url": "geen url", "callbackUrl": 3}]
            })))
            .mount(&server)
            .await;
        Mock::given(method("PUT"))
            .and(path("/api/v1/abonnement/7"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .expect(1)
            .mount(&server)
            .await;
        let (settings, webhook) = settings(&server);
        assert!(matches!(
            ensure(&settings, &webhook).await.unwrap(),
            Outcome::Updated(_)
        ));
    }

    #[tokio::test]
    async fn a_redirect_is_not_taken_for_success() {
        let server = MockServer::start().await;
        list(&server, json!([])).await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(307).insert_header("location", "https://elders.example.nl/"),
            )
            .mount(&server)
            .await;
        let (settings, webhook) = settings(&server);
        let error = ensure(&settings, &webhook).await.unwrap_err();
        assert!(error.to_string().contains("307"), "{error}");
    }

    #[tokio::test]
    async fn the_command_subscribes_and_says_where() {
        let server = MockServer::start().await;
        list(&server, json!([])).await;
        Mock::given(method("POST"))
            .and(path("/api/v1/abonnement"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({
                "url": format!("{}/api/v1/abonnement/3", server.uri()),
                "callbackUrl": "https://mijnzaken.zuidstad.nl/api/notificaties",
                "kanalen": []
            })))
            .expect(1)
            .mount(&server)
            .await;
        let run = |args: &[&str], env: &[(&str, String)]| {
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mijnzaken"));
            command.arg("notificaties").args(args);
            for (key, _) in std::env::vars() {
                if key.starts_with("MIJNZAKEN_") {
                    command.env_remove(key);
                }
            }
            command.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
            command.output().expect("the binary runs")
        };
        let env = [
            (
                "MIJNZAKEN_PUBLIC_URL",
                "https://mijnzaken.zuidstad.nl".to_owned(),
            ),
            ("MIJNZAKEN_NOTIFICATIES_AUTH", super::AUTH.to_owned()),
            (
                "MIJNZAKEN_NOTIFICATIES_API_URL",
                format!("{}/api/v1", server.uri()),
            ),
            ("MIJNZAKEN_NOTIFICATIES_CLIENT_ID", "mijnzaken".to_owned()),
            ("MIJNZAKEN_NOTIFICATIES_SECRET", "nrc-geheim".to_owned()),
        ];
        let output = tokio::task::spawn_blocking(move || run(&["abonneren"], &env))
            .await
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{output:?}");
        assert!(
            stdout.contains("Abonnement aangemaakt")
                && stdout.contains("https://mijnzaken.zuidstad.nl/api/notificaties"),
            "{stdout}"
        );
        assert!(!stdout.contains(super::AUTH), "the secret is not printed");
        let body = sent(&server, "POST").await;
        assert_eq!(
            body["callbackUrl"],
            "https://mijnzaken.zuidstad.nl/api/notificaties"
        );
        // Without an API to subscribe at it says what is missing, and fails.
        let missing = tokio::task::spawn_blocking(move || run(&["abonneren"], &[]))
            .await
            .unwrap();
        assert_eq!(missing.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&missing.stderr).contains("MIJNZAKEN_NOTIFICATIES_API_URL"));
    }

    #[tokio::test]
    async fn with_abonneren_the_portal_subscribes_when_it_starts() {
        let server = MockServer::start().await;
        list(&server, json!([])).await;
        Mock::given(method("POST"))
            .and(path("/api/v1/abonnement"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({
                "url": format!("{}/api/v1/abonnement/2", server.uri()),
                "callbackUrl": "https://mijnzaken.example.nl/api/notificaties",
                "kanalen": []
            })))
            .mount(&server)
            .await;
        let api = format!("{}/api/v1/", server.uri());
        let _app = crate::helpers::spawn_production_with_zaaksysteem_down(&[
            ("MIJNZAKEN_NOTIFICATIES_AUTH", super::AUTH),
            ("MIJNZAKEN_NOTIFICATIES_API_URL", &api),
            ("MIJNZAKEN_NOTIFICATIES_CLIENT_ID", "mijnzaken"),
            ("MIJNZAKEN_NOTIFICATIES_SECRET", "nrc-geheim"),
            ("MIJNZAKEN_NOTIFICATIES_ABONNEREN", "1"),
        ])
        .await;
        for _ in 0..100 {
            let posts = server
                .received_requests()
                .await
                .unwrap()
                .iter()
                .filter(|r| r.method.as_str() == "POST")
                .count();
            if posts == 1 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the portal did not subscribe within 5 s");
    }
}
