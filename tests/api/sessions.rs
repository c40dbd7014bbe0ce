//! The shared session store: several portal instances behind a load balancer accept each
//! other's sessions when `MIJNZAKEN_SESSION_STORE` points them at the same Redis.

use crate::helpers::{csrf_of, spawn_app_with, TestApp};

/// The Redis to test against (`MIJNZAKEN_TEST_REDIS_URL`, default the machine's own). In
/// CI (`CI` set) a missing Redis fails the test; elsewhere the test is skipped, saying so.
async fn redis_url() -> Option<String> {
    let url = std::env::var("MIJNZAKEN_TEST_REDIS_URL")
        .unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned());
    let address = url::Url::parse(&url)
        .ok()
        .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port().unwrap_or(6379))))
        .expect("MIJNZAKEN_TEST_REDIS_URL is a redis:// URL");
    match tokio::net::TcpStream::connect(&address).await {
        Ok(_) => Some(url),
        Err(error) if crate::helpers::skipping_is_a_failure() => {
            panic!("CI needs the Redis at {address} for the session store tests: {error}")
        }
        Err(error) => {
            eprintln!("skipped: no Redis at {address} ({error}); CI runs this test");
            None
        }
    }
}

#[tokio::test]
async fn a_session_made_on_one_instance_is_accepted_by_another_and_ended_everywhere() {
    let Some(redis) = redis_url().await else {
        return;
    };
    let settings = [("MIJNZAKEN_SESSION_STORE", redis.as_str())];
    let first = spawn_app_with(&settings).await;
    let second = spawn_app_with(&settings).await;
    // The browser: one cookie jar. Cookies do not tell ports apart, so it sends the
    // session cookie it got from the first instance to the second too, as a browser
    // behind a load balancer would.
    let second = TestApp {
        address: second.address,
        client: first.client.clone(),
    };

    first.login_as("digid", "bsn:999993653").await;
    let (status, page) = second.get_page("/zaken").await;
    assert_eq!(status, 200, "the second instance knows the session");
    assert!(page
        .texts("[data-testid=ingelogd-als]")
        .join(" ")
        .contains("BSN *****3653"));

    let logout = second
        .client
        .post(second.url("/auth/logout"))
        .header("Origin", &second.address)
        .form(&csrf_of(&page))
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 303);
    assert_ne!(
        first.get("/zaken").await.status(),
        200,
        "logging out on one instance ends the session on all"
    );
}

#[tokio::test]
async fn a_session_in_redis_still_expires_when_idle() {
    let Some(redis) = redis_url().await else {
        return;
    };
    let app = spawn_app_with(&[
        ("MIJNZAKEN_SESSION_STORE", redis.as_str()),
        ("MIJNZAKEN_SESSION_IDLE_SECONDS", "1"),
    ])
    .await;
    app.login_as("digid", "bsn:999993653").await;
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 401);
    assert_eq!(page.h1(), "Uw sessie is verlopen");
    assert_eq!(app.get("/readyz").await.status(), 200, "Redis answers");
}

#[tokio::test]
async fn an_unreachable_session_store_stops_the_start_without_quoting_its_password() {
    let settings = mijnzaken::config::Settings::from_map(&std::collections::HashMap::from([
        ("MIJNZAKEN_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        (
            "MIJNZAKEN_SESSION_STORE".to_owned(),
            // A closed port on loopback.
            "redis://:zeer-geheim@127.0.0.1:9/0".to_owned(),
        ),
    ]))
    .unwrap();
    let error = match mijnzaken::startup::Application::build(settings).await {
        Ok(_) => panic!("the portal must not start without its session store"),
        Err(error) => format!("{error:#}"),
    };
    assert!(error.contains("Redis session store"), "{error}");
    assert!(!error.contains("zeer-geheim"), "{error}");
}

/// How long each request to the demo ZGW takes in the race tests: long enough for a
/// logout to overtake the page that is loading (with the overview cache off, so that the
/// page really asks the upstream again).
const SLOW_UPSTREAM_MS: &str = "700";

/// Logs in, starts loading `/zaken` against a slow upstream, logs out while it loads,
/// and lets it finish: the session must stay ended, whatever the late page saves.
async fn logout_while_a_page_loads(app: TestApp) {
    let old_cookie = log_in_and_keep_the_cookie(&app, "digid", "bsn:999993653").await;
    let (_, page) = app.get_page("/zaken").await;
    let csrf = csrf_of(&page);

    let (logout, late) = app
        .post_while_loading("/zaken", "/auth/logout", &csrf)
        .await;
    assert_eq!(logout.status(), 303);
    assert_eq!(
        late.status(),
        200,
        "the page that was loading still arrives"
    );

    // Logged out, the browser is sent to log in (no "sessie verlopen" page: the logout
    // removed the marker cookie too).
    let after = app.get("/zaken").await;
    assert_eq!(after.status(), 303, "the logout holds");
    let replayed = crate::helpers::get_with_only_cookie(&app.url("/zaken"), &old_cookie).await;
    assert_eq!(replayed.status(), 303, "the old cookie stays dead");
}

/// Logs in and returns the session cookie the callback set, as a `Cookie` header value.
pub async fn log_in_and_keep_the_cookie(app: &TestApp, provider: &str, who: &str) -> String {
    let done = app.finish_login(provider, who).await;
    assert_eq!(done.status(), 303);
    done.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|c| c.to_str().ok())
        .find(|c| c.starts_with("mijnzaken_sessie="))
        .and_then(|c| c.split(';').next())
        .expect("the callback sets the session cookie")
        .to_owned()
}

#[tokio::test]
async fn a_logout_holds_against_a_page_still_loading_in_memory() {
    logout_while_a_page_loads(
        spawn_app_with(&[
            ("MIJNZAKEN_DEMO_LATENCY_MS", SLOW_UPSTREAM_MS),
            ("MIJNZAKEN_OVERZICHT_CACHE_SECONDS", "0"),
        ])
        .await,
    )
    .await;
}

#[tokio::test]
async fn a_logout_holds_against_a_page_still_loading_in_redis() {
    let Some(redis) = redis_url().await else {
        return;
    };
    logout_while_a_page_loads(
        spawn_app_with(&[
            ("MIJNZAKEN_SESSION_STORE", redis.as_str()),
            ("MIJNZAKEN_DEMO_LATENCY_MS", SLOW_UPSTREAM_MS),
            ("MIJNZAKEN_OVERZICHT_CACHE_SECONDS", "0"),
        ])
        .await,
    )
    .await;
}

/// The store itself: a save never brings back a session that was deleted, and a save of
/// an older state never overwrites a newer one.
async fn stale_saves_are_ignored(store: mijnzaken::auth::store::Sessions) {
    use tower_sessions::{
        session::{Id, Record},
        SessionStore as _,
    };
    let mut record = Record {
        id: Id::default(),
        data: [("a".to_owned(), serde_json::json!(1))].into(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::minutes(15),
    };
    store.create(&mut record).await.unwrap();
    // Two requests load the same state.
    let mut first = store.load(&record.id).await.unwrap().expect("created");
    let mut second = store.load(&record.id).await.unwrap().expect("created");
    first.data.insert("a".to_owned(), serde_json::json!(2));
    store.save(&first).await.unwrap();
    second.data.insert("a".to_owned(), serde_json::json!(3));
    store.save(&second).await.unwrap();
    let now = store.load(&record.id).await.unwrap().expect("still there");
    assert_eq!(
        now.data["a"], 2,
        "the stale save did not overwrite the newer state"
    );
    // A request that loaded before the delete saves after it.
    store.delete(&record.id).await.unwrap();
    store.save(&now).await.unwrap();
    assert_eq!(
        store.load(&record.id).await.unwrap(),
        None,
        "not resurrected"
    );
}

#[tokio::test]
async fn the_memory_store_ignores_stale_saves() {
    let store =
        mijnzaken::auth::store::Sessions::open(&mijnzaken::auth::store::SessionStoreConfig::Memory)
            .await
            .unwrap();
    stale_saves_are_ignored(store).await;
}

#[tokio::test]
async fn the_redis_store_ignores_stale_saves() {
    let Some(redis) = redis_url().await else {
        return;
    };
    let store = mijnzaken::auth::store::Sessions::open(
        &mijnzaken::auth::store::SessionStoreConfig::Redis(redis.into()),
    )
    .await
    .unwrap();
    stale_saves_are_ignored(store).await;
}
