//! DigiD and eHerkenning logins against an independent, certified OpenID Provider: panva's
//! `oidc-provider`, wrapped by the harness in `tests/oidc-provider/` (its README has the
//! process contract and the exact HTTP sequence). `login.rs` runs the same cases against the
//! built-in demo provider; here the other side is code we did not write.
//!
//! Each test starts its own provider and portal, because tests run in parallel and the
//! provider must know the portal's redirect URIs when it starts. Demo mode stays on (the
//! zaken come from the demo ZGW server); only the logins go to the external issuer.
//!
//! Without `node` or the harness' `node_modules` the tests are skipped with a message, or
//! fail when `CI` is set, so a developer without Node.js can still run `cargo test`.

use std::{
    io::{BufRead as _, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use reqwest::StatusCode;

use crate::helpers::{
    absolute_location, get_with_only_cookie, jwt_claims, param, session_id, spawn_app_with, text,
    with_param, Page, TestApp,
};

const DIGID_CLIENT: (&str, &str) = ("mijnzaken-digid", "digid-test-geheim");
const EHERKENNING_CLIENT: (&str, &str) = ("mijnzaken-eherkenning", "eherkenning-test-geheim");

const MIDDEN: &str = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract";
const BASIS: &str = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
const LOA3: &str = "urn:etoegang:core:assurance-class:loa3";
const LOA4: &str = "urn:etoegang:core:assurance-class:loa4";

/// The provider's accounts (the id is the `sub`) and the claims each one has.
fn accounts() -> serde_json::Value {
    serde_json::json!({
        "jansen": {"bsn": "999993653", "loa": MIDDEN},
        "jansen-basis": {"bsn": "999993653", "loa": BASIS},
        "ongeldig-bsn": {"bsn": "123456789", "loa": MIDDEN},
        "bakkerij": {"kvk": "69599084", "rsin": "002564440", "vestiging": "000037178598", "loa": LOA3},
        "bakkerij-loa4": {"kvk": "69599084", "rsin": "002564440", "vestiging": "000037178598", "loa": LOA4},
        "zonder-claims": {},
        "zonder-bsn": {"loa": MIDDEN},
        "zonder-kvk": {"loa": LOA3},
    })
}

/// The one who logs in with each provider when any good account will do.
const USERS: [(&str, &str, &str); 2] = [
    ("digid", "jansen", "BSN *****3653"),
    ("eherkenning", "bakkerij", "KVK-nummer 69599084"),
];

// ------------------------------------------------------------------ the provider ---

/// A running `node tests/oidc-provider/server.js`; killed when dropped.
struct TestOp {
    issuer: String,
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Drop for TestOp {
    fn drop(&mut self) {
        // std's Child has no kill_on_drop; this is it. (tokio::process would need tokio's
        // `process` feature, which would rebuild tokio and everything above it for tests.)
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn harness_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc-provider")
}

/// Why the provider cannot run here, if it cannot.
fn missing_prerequisite(dir: &Path) -> Option<String> {
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => return Some(format!("`node --version` failed: {}", out.status)),
        Err(e) => return Some(format!("node is not on PATH ({e})")),
    }
    if !dir
        .join("node_modules/oidc-provider/package.json")
        .is_file()
    {
        return Some(format!(
            "{}/node_modules is missing: run `cd tests/oidc-provider && npm ci`",
            dir.display()
        ));
    }
    None
}

impl TestOp {
    /// Starts the provider with these `OP_*` variables; `None` when it cannot run here and
    /// the test should be skipped (never on CI).
    async fn start(env: &[(&str, String)]) -> Option<Self> {
        let dir = harness_dir();
        if let Some(reason) = missing_prerequisite(&dir) {
            if crate::helpers::skipping_is_a_failure() {
                panic!("the oidc-provider tests must run on CI, but {reason}");
            }
            eprintln!("skipping an oidc-provider test: {reason}");
            return None;
        }
        let log = std::env::var_os("TEST_LOG").is_some();
        let mut child = Command::new("node")
            .arg(dir.join("server.js"))
            .current_dir(&dir)
            // Explicit values, so that OP_* variables in the developer's shell do not leak in.
            .env("OP_PORT", "0")
            .env("OP_CLAIMS_IN_ID_TOKEN", "1")
            .env("OP_TOKEN_AUTH_METHODS", "")
            .env("OP_LOGOUT_CONFIRM", "0")
            .env("OP_EXIT_ON_STDIN_CLOSE", "1")
            .env("OP_LOG", if log { "1" } else { "0" })
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            // Held open by us: if this test process dies, the pipe closes and so does the OP.
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("node starts");

        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_reader = {
            let pipe = child.stderr.take().expect("piped stderr");
            let buffer = stderr.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    if log {
                        eprintln!("[oidc-provider] {line}");
                    }
                    let mut buffer = buffer.lock().unwrap();
                    buffer.push_str(&line);
                    buffer.push('\n');
                }
            })
        };
        let (tx, rx) = tokio::sync::oneshot::channel();
        let pipe = child.stdout.take().expect("piped stdout");
        std::thread::spawn(move || {
            let mut lines = BufReader::new(pipe).lines();
            let _ = tx.send(lines.next().and_then(Result::ok));
            lines.for_each(drop); // the contract says nothing follows; drain it anyway
        });

        // Generous: twelve of these start side by side with the rest of the suite on two
        // cores, and Node takes seconds to load oidc-provider under that load.
        let first_line = tokio::time::timeout(Duration::from_secs(60), rx).await;
        let problem = match first_line {
            Ok(Ok(Some(line))) => match line.strip_prefix("LISTENING ") {
                Some(issuer) => {
                    return Some(Self {
                        issuer: issuer.to_owned(),
                        child,
                        stderr,
                    })
                }
                None => format!("its first line on stdout was {line:?}, not `LISTENING <issuer>`"),
            },
            Ok(_) => "it closed stdout without printing `LISTENING <issuer>`".to_owned(),
            Err(_) => "it printed no `LISTENING <issuer>` line within 60 s".to_owned(),
        };
        let _ = child.kill();
        let status = child
            .wait()
            .map_or_else(|e| e.to_string(), |s| s.to_string());
        // The process is gone, so its stderr is at EOF and the reader finishes.
        let _ = stderr_reader.join();
        panic!(
            "the oidc-provider did not start: {problem} ({status})\n--- its stderr ---\n{}",
            stderr.lock().unwrap()
        );
    }

    /// Everything the provider wrote to stderr so far.
    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (up to 2 s) until the provider's stderr contains `text`: it logs an event just
    /// before it answers, and the reader thread may lag behind the HTTP response.
    async fn wait_for_log(&self, text: &str) {
        for _ in 0..40 {
            if self.stderr().contains(text) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the provider never logged {text:?}; its stderr:\n{}",
            self.stderr()
        );
    }
}

// ---------------------------------------------------------- provider + portal ---

/// One provider and one portal registered at it.
struct Rig {
    op: TestOp,
    address: String,
}

/// How a rig is started; `Default` is the plain case.
#[derive(Default)]
struct Options<'a> {
    /// Extra `OP_*` variables for the provider.
    op_env: &'a [(&'a str, &'a str)],
    /// The clients' `token_endpoint_auth_method`; `None` leaves oidc-provider's default
    /// (`client_secret_basic`).
    client_auth: Option<&'a str>,
    /// Extra `MIJNZAKEN_*` variables for the portal.
    portal_env: &'a [(&'a str, &'a str)],
}

impl Rig {
    async fn start() -> Option<Self> {
        Self::start_with(Options::default()).await
    }

    async fn start_with(options: Options<'_>) -> Option<Self> {
        let port = crate::helpers::reserve_port();
        let address = format!("http://127.0.0.1:{port}");
        let client = |(id, secret): (&str, &str), provider: &str| {
            let mut metadata = serde_json::json!({
                "client_id": id,
                "client_secret": secret,
                "redirect_uris": [format!("{address}/auth/{provider}/callback")],
                "post_logout_redirect_uris": [format!("{address}/uitgelogd")],
            });
            if let Some(method) = options.client_auth {
                metadata["token_endpoint_auth_method"] = method.into();
            }
            metadata
        };
        let clients = serde_json::json!([
            client(DIGID_CLIENT, "digid"),
            client(EHERKENNING_CLIENT, "eherkenning"),
        ]);
        let mut op_env = vec![
            ("OP_CLIENTS", clients.to_string()),
            ("OP_ACCOUNTS", accounts().to_string()),
        ];
        op_env.extend(options.op_env.iter().map(|(k, v)| (*k, (*v).to_owned())));
        let op = TestOp::start(&op_env).await?;

        let addr = format!("127.0.0.1:{port}");
        let zaaksysteem = crate::helpers::demo_zaaksysteem().await;
        let mut env: Vec<(&str, &str)> =
            zaaksysteem.iter().map(|(k, v)| (*k, v.as_str())).collect();
        env.extend_from_slice(&[
            ("MIJNZAKEN_ADDR", addr.as_str()),
            ("MIJNZAKEN_PUBLIC_URL", address.as_str()),
            ("MIJNZAKEN_DIGID_ISSUER_URL", op.issuer.as_str()),
            ("MIJNZAKEN_DIGID_CLIENT_ID", DIGID_CLIENT.0),
            ("MIJNZAKEN_DIGID_CLIENT_SECRET", DIGID_CLIENT.1),
            ("MIJNZAKEN_DIGID_LOA_CLAIM", "loa"),
            ("MIJNZAKEN_EHERKENNING_ISSUER_URL", op.issuer.as_str()),
            ("MIJNZAKEN_EHERKENNING_CLIENT_ID", EHERKENNING_CLIENT.0),
            ("MIJNZAKEN_EHERKENNING_CLIENT_SECRET", EHERKENNING_CLIENT.1),
            ("MIJNZAKEN_EHERKENNING_LOA_CLAIM", "loa"),
            ("MIJNZAKEN_EHERKENNING_RSIN_CLAIM", "rsin"),
            ("MIJNZAKEN_EHERKENNING_VESTIGING_CLAIM", "vestiging"),
            // Required outside the demo; the lowest levels, which a test may raise.
            ("MIJNZAKEN_DIGID_MIN_LOA", "basis"),
            ("MIJNZAKEN_EHERKENNING_MIN_LOA", "loa1"),
        ]);
        env.extend_from_slice(options.portal_env);
        let app = spawn_app_with(&env).await;
        assert_eq!(app.address, address, "the portal runs on the reserved port");
        Some(Self { op, address })
    }

    /// A browser with its own, empty cookie jar: the provider does single sign-on, so each
    /// simulated person needs one.
    fn browser(&self) -> TestApp {
        TestApp::at(&self.address)
    }
}

/// What the portal says when the provider refused or the token did not verify.
fn refused(provider: &str) -> String {
    let kind = mijnzaken::auth::ProviderKind::from_name(provider).expect("a provider");
    format!("Het inloggen met {} is niet gelukt", kind.label())
}

fn who(page: &Page) -> String {
    page.texts("[data-testid=ingelogd-als]").join(" ")
}

/// The portal's Dutch login error page with `status`, whose message contains `message`.
async fn assert_refused(response: reqwest::Response, status: u16, message: &str) -> Page {
    let got = response.status();
    let page = Page::new(text(response).await);
    assert_eq!(got, status, "{}", page.body);
    assert_eq!(page.h1(), "Inloggen is niet gelukt");
    let said = page.texts("[data-testid=login-fout]").join(" ");
    assert!(
        said.contains(message),
        "{said:?} should contain {message:?}"
    );
    page
}

async fn assert_not_logged_in(browser: &TestApp) {
    let status = browser.get("/zaken").await.status();
    assert_ne!(status, StatusCode::OK, "no one is logged in");
}

// --------------------------------------------------------------------- the tests ---

#[tokio::test]
async fn an_inwoner_and_an_ondernemer_log_in_at_oidc_provider() {
    let Some(rig) = Rig::start().await else {
        return;
    };
    let inwoner = rig.browser();
    let page = inwoner.op_login("digid", "jansen").await;
    assert!(who(&page).contains("BSN *****3653"), "{}", who(&page));
    assert!(
        !page.body.contains("999993653"),
        "the BSN never appears in clear"
    );

    let ondernemer = rig.browser();
    let page = ondernemer.op_login("eherkenning", "bakkerij").await;
    assert!(who(&page).contains("KVK-nummer 69599084"), "{}", who(&page));
    // Each has their own session: the inwoner is still the inwoner.
    let (_, page) = inwoner.get_page("/zaken").await;
    assert!(who(&page).contains("BSN *****3653"));
}

#[tokio::test]
async fn a_session_exists_only_after_a_verified_login() {
    let Some(rig) = Rig::start().await else {
        return;
    };
    for (provider, account, _) in USERS {
        let browser = rig.browser();
        let start = browser.get(&format!("/auth/{provider}/login")).await;
        assert_eq!(
            session_id(&start),
            None,
            "{provider}: no session for a login start"
        );
        let callback = browser
            .op_authorize(&absolute_location(&start), account)
            .await;
        let done = browser.hop(&callback).await;
        assert_eq!(done.status(), 303);
        assert!(
            session_id(&done).is_some(),
            "{provider}: a session at login"
        );
    }
}

#[tokio::test]
async fn a_wrong_state_at_the_callback_is_refused() {
    let Some(rig) = Rig::start().await else {
        return;
    };
    for (provider, account, _) in USERS {
        let browser = rig.browser();
        let callback = browser.op_until_callback(provider, account).await;
        let state = param(&callback, "state").expect("the provider returns state");
        let forged = with_param(&callback, "state", &format!("x{state}"));
        let response = browser.hop(&forged).await;
        assert_refused(response, 400, "onderbroken").await;
        assert_not_logged_in(&browser).await;
        // That attempt used up the pending login: the real callback no longer works either.
        assert_refused(browser.hop(&callback).await, 400, "onderbroken").await;
        assert_not_logged_in(&browser).await;
    }
}

#[tokio::test]
async fn cancelling_at_the_provider_ends_with_a_dutch_page() {
    let Some(rig) = Rig::start().await else {
        return;
    };
    for (provider, _, _) in USERS {
        let browser = rig.browser();
        let authorize = browser.op_start(provider).await;
        let callback = browser.op_interaction(&authorize, "abort", &[]).await;
        assert_eq!(param(&callback, "error").as_deref(), Some("access_denied"));
        assert_refused(browser.hop(&callback).await, 400, &refused(provider)).await;
        assert_not_logged_in(&browser).await;
    }
}

#[tokio::test]
async fn a_replayed_code_is_refused_by_the_provider_and_the_portal() {
    let Some(rig) = Rig::start().await else {
        return;
    };
    for (provider, account, label) in USERS {
        let browser = rig.browser();
        let callback = browser.op_until_callback(provider, account).await;
        let done = browser.hop(&callback).await;
        assert_eq!(done.status(), 303);
        let logged_in = session_id(&done).expect("a session at login");
        let old_code = param(&callback, "code").expect("a code");

        // A new login in the same session: a new state and a new PKCE verifier are pending.
        // The browser is not sent on to the provider; the old code comes back instead.
        let authorize = browser.op_start(provider).await;
        let new_state = param(&authorize, "state").expect("a state");
        let replay = with_param(
            &with_param(&callback, "code", &old_code),
            "state",
            &new_state,
        );
        let response = browser.hop(&replay).await;
        let new_session = session_id(&response);
        assert_refused(response, 400, &refused(provider)).await;
        // The provider said no (PKCE fails first: the old code's challenge does not match
        // the new verifier; a code used once is refused as well).
        rig.op.wait_for_log("grant.error: invalid_grant").await;
        assert!(
            new_session.is_none_or(|id| id == logged_in),
            "{provider}: a refused login starts no new session"
        );
        // The earlier login is neither replaced nor ended by the refused attempt.
        let (status, page) = browser.get_page("/zaken").await;
        assert_eq!(status, 200);
        assert!(who(&page).contains(label), "{}", who(&page));
    }
}

#[tokio::test]
async fn an_id_token_with_another_nonce_is_refused() {
    let Some(rig) = Rig::start().await else {
        return;
    };
    for (provider, account, _) in USERS {
        let browser = rig.browser();
        let authorize = browser.op_start(provider).await;
        let nonce = param(&authorize, "nonce").expect("the portal sends a nonce");
        let tampered = with_param(&authorize, "nonce", &format!("{nonce}-ander"));
        let callback = browser.op_authorize(&tampered, account).await;
        let response = browser.hop(&callback).await;
        assert_refused(response, 400, &refused(provider)).await;
        assert_not_logged_in(&browser).await;
    }
}

#[tokio::test]
async fn a_missing_or_invalid_identity_is_refused() {
    let Some(rig) = Rig::start().await else {
        return;
    };
    let cases = [
        (
            "digid",
            "zonder-bsn",
            "burgerservicenummer niet goed ontvangen",
        ),
        (
            "eherkenning",
            "zonder-kvk",
            "KVK-nummer van uw bedrijf niet goed ontvangen",
        ),
        (
            "digid",
            "ongeldig-bsn",
            "burgerservicenummer niet goed ontvangen",
        ),
    ];
    for (provider, account, message) in cases {
        let browser = rig.browser();
        let callback = browser.op_until_callback(provider, account).await;
        let page = assert_refused(browser.hop(&callback).await, 403, message).await;
        assert!(
            !page.body.contains("123456789"),
            "the refused value is not shown"
        );
        assert_not_logged_in(&browser).await;
    }
}

#[tokio::test]
async fn a_level_of_assurance_below_the_minimum_is_refused() {
    let Some(rig) = Rig::start_with(Options {
        portal_env: &[
            ("MIJNZAKEN_DIGID_MIN_LOA", "midden"),
            ("MIJNZAKEN_EHERKENNING_MIN_LOA", LOA4),
        ],
        ..Options::default()
    })
    .await
    else {
        return;
    };
    let cases = [
        ("digid", "jansen-basis", "te laag niveau"),
        ("eherkenning", "bakkerij", "te laag eHerkenningsniveau"),
        // No level at all never meets a minimum (checked before the identity).
        ("digid", "zonder-claims", "te laag niveau"),
    ];
    for (provider, account, message) in cases {
        let browser = rig.browser();
        let callback = browser.op_until_callback(provider, account).await;
        assert_refused(browser.hop(&callback).await, 403, message).await;
        assert_not_logged_in(&browser).await;
    }
    let page = rig.browser().op_login("digid", "jansen").await;
    assert!(who(&page).contains("BSN *****3653"), "midden meets midden");
    let page = rig.browser().op_login("eherkenning", "bakkerij-loa4").await;
    assert!(
        who(&page).contains("KVK-nummer 69599084"),
        "loa4 meets loa4"
    );
}

#[tokio::test]
async fn logout_ends_the_session_here_and_at_the_provider() {
    logout_at_the_provider(&[]).await;
}

#[tokio::test]
async fn logout_with_the_id_token_hint_where_a_broker_requires_it() {
    logout_at_the_provider(&[
        ("MIJNZAKEN_DIGID_LOGOUT_ID_TOKEN_HINT", "1"),
        ("MIJNZAKEN_EHERKENNING_LOGOUT_ID_TOKEN_HINT", "1"),
    ])
    .await;
}

/// Logs in and out with both providers; the logout names the client, or carries the ID
/// token when `portal_env` asks for it, and ends the provider's session either way.
async fn logout_at_the_provider(portal_env: &[(&str, &str)]) {
    let with_hint = !portal_env.is_empty();
    let Some(rig) = Rig::start_with(Options {
        portal_env,
        ..Options::default()
    })
    .await
    else {
        return;
    };
    for (provider, account, _) in USERS {
        let browser = rig.browser();
        let page = browser.op_login(provider, account).await;
        let cookie = session_id(&browser.get("/zaken").await)
            .expect("the session cookie is refreshed on activity");

        // The page with the logout form lets that form go on to the provider: browsers
        // apply the CSP's form-action to the redirect that answers it.
        let csp = browser.get("/zaken").await.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();

        let response = browser.op_logout(&page).await;
        assert_eq!(response.status(), 303);
        let end_session = absolute_location(&response);
        assert_eq!(
            end_session.as_str().split('?').next().unwrap(),
            format!("{}/session/end", rig.op.issuer),
            "on to the provider's end_session_endpoint"
        );
        let form_action = csp
            .split(';')
            .map(str::trim)
            .find_map(|d| d.strip_prefix("form-action "))
            .expect("a form-action directive");
        assert_eq!(
            form_action.split(' ').collect::<Vec<_>>(),
            [
                "'self'",
                end_session.origin().ascii_serialization().as_str()
            ],
            "exactly our own origin and the provider's end-session origin"
        );
        if with_hint {
            let hint = param(&end_session, "id_token_hint").expect("an id_token_hint");
            assert_eq!(jwt_claims(&hint)["sub"], account);
        } else {
            // No ID token (and so no BSN) in the browser's history or the proxies' logs.
            assert_eq!(param(&end_session, "id_token_hint"), None);
            let client = if provider == "digid" {
                DIGID_CLIENT.0
            } else {
                EHERKENNING_CLIENT.0
            };
            assert_eq!(param(&end_session, "client_id").as_deref(), Some(client));
        }
        assert_eq!(
            param(&end_session, "post_logout_redirect_uri").as_deref(),
            Some(browser.url("/uitgelogd").as_str())
        );

        // The provider's two steps: /session/end → /session/end/auto → our /uitgelogd.
        let response = browser.hop(&end_session).await;
        assert_eq!(response.status(), 303, "{}", text(response).await);
        let auto = absolute_location(&response);
        assert_eq!(auto.path(), "/session/end/auto");
        let response = browser.hop(&auto).await;
        assert_eq!(response.status(), 303, "{}", text(response).await);
        let back = absolute_location(&response);
        assert_eq!(back.as_str(), browser.url("/uitgelogd"));
        let response = browser.hop(&back).await;
        assert_eq!(response.status(), 200);
        assert_eq!(Page::new(text(response).await).h1(), "U bent uitgelogd");

        // The old session cookie, replayed by a browser without a jar, is dead.
        let response = get_with_only_cookie(&browser.url("/zaken"), &cookie).await;
        assert_ne!(response.status(), 200, "the old session cookie is dead");
        assert_not_logged_in(&browser).await;

        // The provider's session ended too: a new login asks for the account again
        // instead of going straight back to the callback.
        let authorize = browser.op_start(provider).await;
        let response = browser.hop(&authorize).await;
        assert_eq!(response.status(), 303);
        let next = absolute_location(&response);
        assert!(
            next.path().starts_with("/interaction/"),
            "{provider}: after logout the provider asks for a login again, not SSO: {next}"
        );
    }
}

#[tokio::test]
async fn an_idle_session_expires_and_says_so() {
    let Some(rig) = Rig::start_with(Options {
        portal_env: &[("MIJNZAKEN_SESSION_IDLE_SECONDS", "2")],
        ..Options::default()
    })
    .await
    else {
        return;
    };
    let mut browsers = Vec::new();
    for (provider, account, _) in USERS {
        let browser = rig.browser();
        browser.op_login(provider, account).await;
        browsers.push(browser);
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    for browser in &browsers {
        let (status, page) = browser.get_page("/zaken").await;
        assert_eq!(status, 401, "{}", page.body);
        assert_eq!(page.h1(), "Uw sessie is verlopen");
    }
}

#[tokio::test]
async fn a_level_of_assurance_only_in_userinfo_does_not_count() {
    // Userinfo is not signed: the level must come from the ID token. With every claim in
    // userinfo only, no login meets its minimum.
    let Some(rig) = Rig::start_with(Options {
        op_env: &[("OP_CLAIMS_IN_ID_TOKEN", "0")],
        portal_env: &[
            ("MIJNZAKEN_DIGID_MIN_LOA", "midden"),
            ("MIJNZAKEN_EHERKENNING_MIN_LOA", LOA3),
        ],
        ..Options::default()
    })
    .await
    else {
        return;
    };
    for (provider, account, message) in [
        ("digid", "jansen", "te laag niveau"),
        ("eherkenning", "bakkerij", "te laag eHerkenningsniveau"),
    ] {
        let browser = rig.browser();
        let callback = browser.op_until_callback(provider, account).await;
        assert_refused(browser.hop(&callback).await, 403, message).await;
        assert_not_logged_in(&browser).await;
    }
}

#[tokio::test]
async fn a_provider_that_offers_only_client_secret_post_is_used_with_it() {
    let Some(rig) = Rig::start_with(Options {
        op_env: &[("OP_TOKEN_AUTH_METHODS", "client_secret_post")],
        client_auth: Some("client_secret_post"),
        ..Options::default()
    })
    .await
    else {
        return;
    };
    let discovery: serde_json::Value = reqwest::get(format!(
        "{}/.well-known/openid-configuration",
        rig.op.issuer
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(
        discovery["token_endpoint_auth_methods_supported"],
        serde_json::json!(["client_secret_post"])
    );
    for (provider, account, label) in USERS {
        let page = rig.browser().op_login(provider, account).await;
        assert!(who(&page).contains(label), "{provider}: {}", who(&page));
    }
    // The harness refuses a method other than the registered one, so this proves the
    // portal sent the secret in the body.
    assert!(!rig.op.stderr().contains("token: refused"));
}
