//! Security headers, request ids and probes.

use crate::helpers::{spawn_app, spawn_app_with, spawn_production};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let (_, home) = app.get_page("/").await;
    let css = home.attr("link[rel=stylesheet]", "href").unwrap();
    for path in [
        "/",
        "/privacy",
        "/bestaat-niet",
        css.as_str(),
        "/healthz",
        "/readyz",
        "/static/x",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert!(
            headers.get("strict-transport-security").is_none(),
            "no HSTS over http: {path}"
        );
    }
}

#[tokio::test]
async fn pages_are_never_cached() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn https_deployments_send_hsts() {
    let app =
        spawn_app_with(&[("MIJNZAKEN_PUBLIC_URL", "https://mijnzaken.zuidstad.example")]).await;
    let response = app.get("/").await;
    assert!(response.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("max-age=31536000"));
}

#[tokio::test]
async fn a_request_id_is_made_or_kept_and_returned() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert!(
        uuid::Uuid::parse_str(id).is_ok(),
        "a fresh id is a uuid: {id}"
    );

    let response = app
        .client
        .get(app.url("/"))
        .header("x-request-id", "kcc-1234.abc")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "kcc-1234.abc");

    // An id that could forge log lines or bloat them is replaced.
    let long = "a".repeat(200);
    for bad in ["has space", "quote\"d", long.as_str()] {
        let response = app
            .client
            .get(app.url("/"))
            .header("x-request-id", bad)
            .send()
            .await
            .unwrap();
        let id = response.headers()["x-request-id"].to_str().unwrap();
        assert_ne!(id, bad);
        assert!(uuid::Uuid::parse_str(id).is_ok());
    }
}

#[tokio::test]
async fn probes_answer() {
    let upstream = wiremock::MockServer::start().await;
    for app in [spawn_app().await, spawn_production(&upstream.uri()).await] {
        assert_eq!(app.get("/healthz").await.status(), 200);
        assert_eq!(app.get("/readyz").await.status(), 200);
    }
}

#[tokio::test]
async fn production_is_not_ready_while_the_zgw_apis_do_not_answer() {
    // A port nothing listens on: bound and dropped.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let app = spawn_production(&format!("http://{closed}")).await;
    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "alive all the same"
    );
    assert_eq!(app.get("/readyz").await.status(), 503);
}

#[tokio::test]
async fn a_request_the_portal_cannot_read_gets_the_dutch_page_not_axums_text() {
    let app = spawn_app().await;
    app.login_as("digid", "bsn:999993653").await;
    let origin = app.address.clone();
    let post = |body: Vec<u8>, content_type: &'static str| {
        app.client
            .post(app.url("/auth/logout"))
            .header("Origin", &origin)
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    for (body, content_type) in [
        // No csrf_token field.
        (b"iets=anders".to_vec(), "application/x-www-form-urlencoded"),
        // Not a form at all.
        (b"{}".to_vec(), "application/json"),
        // Far more than any form of ours.
        (
            vec![b'a'; 3 * 1024 * 1024],
            "application/x-www-form-urlencoded",
        ),
    ] {
        let response = post(body, content_type).await.unwrap();
        let status = response.status();
        assert!(status.is_client_error(), "{status}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            content_type.starts_with("text/html"),
            "{status} {content_type}"
        );
        let page = crate::helpers::Page::new(response.text().await.unwrap());
        assert_eq!(page.h1(), "Dit is niet gelukt", "{status}");
        assert_eq!(page.count("[data-testid=verzoek-onleesbaar]"), 1);
        assert!(!page.body.contains("Failed to"), "{}", page.body);
        assert!(!page.body.contains("length limit"), "{}", page.body);
    }
}

/// Reads from `stream` until the server closes it (or `limit` passes); returns whether it
/// was closed in time, and what it sent.
async fn closed_within(
    stream: &mut tokio::net::TcpStream,
    limit: std::time::Duration,
) -> (bool, String) {
    use tokio::io::AsyncReadExt as _;
    let mut received = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut buffer = [0u8; 1024];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    (
        read.is_ok(),
        String::from_utf8_lossy(&received).into_owned(),
    )
}

#[tokio::test]
async fn a_client_that_sends_its_headers_slowly_or_not_at_all_is_cut_off() {
    use tokio::io::AsyncWriteExt as _;
    let app = spawn_app_with(&[("MIJNZAKEN_HEADER_READ_TIMEOUT_SECONDS", "1")]).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let limit = std::time::Duration::from_secs(4);

    // Slowloris: a request line and one header, then nothing.
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: portal\r\n")
        .await
        .unwrap();
    let (closed, _) = closed_within(&mut slow, limit).await;
    assert!(closed, "a connection stuck in its headers is closed");

    // A connection that never says anything.
    let mut silent = tokio::net::TcpStream::connect(&address).await.unwrap();
    let (closed, _) = closed_within(&mut silent, limit).await;
    assert!(closed, "a silent connection is closed");

    // A complete request on a keep-alive connection is answered; the idle connection
    // after it is closed too.
    let mut kept = tokio::net::TcpStream::connect(&address).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n")
        .await
        .unwrap();
    let (closed, answer) = closed_within(&mut kept, limit).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed, "an idle keep-alive connection is closed");

    assert_eq!(app.get("/healthz").await.status(), 200, "still serving");
}

#[tokio::test]
async fn a_request_that_takes_too_long_gets_a_dutch_page_and_the_portal_serves_on() {
    let app = spawn_app_with(&[
        ("MIJNZAKEN_REQUEST_TIMEOUT_SECONDS", "1"),
        ("MIJNZAKEN_DEMO_LATENCY_MS", "1500"),
    ])
    .await;
    assert_eq!(
        app.finish_login("digid", "bsn:999993653").await.status(),
        303
    );
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 503);
    assert_eq!(page.h1(), "Dit duurt te lang");
    assert_eq!(page.count("[data-testid=te-traag]"), 1);
    assert!(
        page.body.contains("Gemeente Voorbeeld"),
        "inside the page frame"
    );
    // (Not `/`: for someone logged in, that leads on to /zaken.)
    let (status, _) = app.get_page("/contact").await;
    assert_eq!(status, 200, "the portal serves on");
}
