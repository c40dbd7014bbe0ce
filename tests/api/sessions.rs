//! The shared session store: several portal instances behind a load balancer accept each
//! other's sessions when `MIJNZAKEN_SESSION_STORE` points them at the same Redis.

use crate::helpers::{spawn_app_with, TestApp};

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
        Err(error) if std::env::var_os("CI").is_some() => {
            panic!("CI needs the Redis at {address} for the session store tests: {error}")
        }
        Err(error) => {
            eprintln!("skipped: no Redis at {address} ({error}); CI runs this test");
            None
        }
    }
}

fn csrf_of(page: &crate::helpers::Page) -> Vec<(String, String)> {
    vec![(
        "csrf_token".into(),
        page.attr("input[name=csrf_token]", "value")
            .expect("a CSRF token"),
    )]
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
