//! Starts the real application for a test and offers helpers to drive it.

use std::collections::HashMap;

use mijnzaken::{config::Settings, startup::Application};
use scraper::{Html, Selector};

/// Whether a test that cannot find what it needs (Redis, PostgreSQL, Node.js and the
/// oidc-provider packages) must fail rather than skip: in CI (`CI` set) and under
/// `./scripts/test`, which provides all of them (`MIJNZAKEN_TEST_NO_SKIP=1`). A plain
/// `cargo test` elsewhere skips such a test and says so on stderr.
pub fn skipping_is_a_failure() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("MIJNZAKEN_TEST_NO_SKIP").is_some()
}

/// A running portal on a free port.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
}

/// Starts the portal in demo mode.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Starts the portal with these settings on top of the test defaults.
pub async fn spawn_app_with(overrides: &[(&str, &str)]) -> TestApp {
    if std::env::var_os("TEST_LOG").is_some() {
        mijnzaken::telemetry::init(mijnzaken::config::LogFormat::Text);
    }
    // Each portal its own audit trail, in a fresh directory.
    let data_dir = std::env::temp_dir().join(format!("mijnzaken-test-{}", uuid::Uuid::new_v4()));
    let mut map: HashMap<String, String> = HashMap::from([
        ("MIJNZAKEN_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        (
            "MIJNZAKEN_DATA_DIR".to_owned(),
            data_dir.to_string_lossy().into_owned(),
        ),
    ]);
    for (key, value) in overrides {
        map.insert((*key).to_owned(), (*value).to_owned());
    }
    let settings = Settings::from_map(&map).expect("test settings are valid");
    let app = Application::build(settings)
        .await
        .expect("the application starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: browser(),
    }
}

/// A browser: its own cookie jar, redirects left to the test.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("a client")
}

/// GETs `url` from a browser without a jar that sends only `cookie` (an old session
/// cookie, replayed).
pub async fn get_with_only_cookie(url: &str, cookie: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
        .get(url)
        .header("cookie", cookie)
        .send()
        .await
        .expect("request is sent")
}

/// The gemeente a production-mode test portal says it is (required outside demo mode).
const PRODUCTION_GEMEENTE: [(&str, &str); 3] = [
    ("MIJNZAKEN_GEMEENTE_NAAM", "Gemeente Voorbeeld"),
    ("MIJNZAKEN_GEMEENTE_TELEFOON", "14 0000"),
    ("MIJNZAKEN_GEMEENTE_WEBSITE", "https://www.example.org"),
];

/// A port that was free a moment ago, for a portal whose address must be known before it
/// starts (a provider registers its redirect URIs first). Another process could take it
/// in between: unlikely, as Linux hands out port-0 binds from a randomised range, and it
/// would show as a failed bind, not a wrong result.
pub fn reserve_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Starts a production-mode portal (`MIJNZAKEN_DEMO=0`) with `settings` on top (its ZGW
/// roots, say: a fake upstream). Its three logins are the demo provider of a separate demo
/// portal, registered for it through `MIJNZAKEN_DEMO_OIDC_PORTALS` and reached like any
/// external provider, so `login_as` works as in demo mode.
pub async fn spawn_production_with_demo_login(settings: &[(&str, &str)]) -> TestApp {
    use mijnzaken::demo::oidc as demo;
    let address = format!("http://127.0.0.1:{}", reserve_port());
    let provider = spawn_app_with(&[("MIJNZAKEN_DEMO_OIDC_PORTALS", &address)]).await;
    let issuer = format!("{}/demo/oidc", provider.address);
    let addr = address.trim_start_matches("http://").to_owned();
    let mut env: Vec<(&str, &str)> = vec![
        ("MIJNZAKEN_DEMO", "0"),
        ("MIJNZAKEN_ADDR", &addr),
        ("MIJNZAKEN_PUBLIC_URL", &address),
        ("MIJNZAKEN_DIGID_ISSUER_URL", &issuer),
        ("MIJNZAKEN_DIGID_CLIENT_ID", demo::DIGID_CLIENT_ID),
        ("MIJNZAKEN_DIGID_CLIENT_SECRET", demo::DIGID_CLIENT_SECRET),
        ("MIJNZAKEN_DIGID_LOA_CLAIM", "acr"),
        ("MIJNZAKEN_DIGID_MIN_LOA", "basis"),
        ("MIJNZAKEN_EHERKENNING_ISSUER_URL", &issuer),
        (
            "MIJNZAKEN_EHERKENNING_CLIENT_ID",
            demo::EHERKENNING_CLIENT_ID,
        ),
        (
            "MIJNZAKEN_EHERKENNING_CLIENT_SECRET",
            demo::EHERKENNING_CLIENT_SECRET,
        ),
        ("MIJNZAKEN_EHERKENNING_LOA_CLAIM", "acr"),
        ("MIJNZAKEN_EHERKENNING_MIN_LOA", "loa1"),
        ("MIJNZAKEN_EHERKENNING_RSIN_CLAIM", "rsin"),
        ("MIJNZAKEN_EHERKENNING_VESTIGING_CLAIM", "vestiging"),
        ("MIJNZAKEN_MEDEWERKER_ISSUER_URL", &issuer),
        ("MIJNZAKEN_MEDEWERKER_CLIENT_ID", demo::MEDEWERKER_CLIENT_ID),
        (
            "MIJNZAKEN_MEDEWERKER_CLIENT_SECRET",
            demo::MEDEWERKER_CLIENT_SECRET,
        ),
    ];
    env.extend_from_slice(&PRODUCTION_GEMEENTE);
    env.extend_from_slice(settings);
    let app = spawn_app_with(&env).await;
    assert_eq!(app.address, address, "the portal runs on the reserved port");
    app
}

/// A production portal with the demo's logins whose zaaksysteem does not answer
/// (nothing listens on port 9), with `extra` settings on top.
pub async fn spawn_production_with_zaaksysteem_down(extra: &[(&str, &str)]) -> TestApp {
    let mut settings = vec![
        (
            "MIJNZAKEN_ZAKEN_API_URL",
            "http://127.0.0.1:9/zaken/api/v1/",
        ),
        (
            "MIJNZAKEN_CATALOGI_API_URL",
            "http://127.0.0.1:9/catalogi/api/v1/",
        ),
        (
            "MIJNZAKEN_DOCUMENTEN_API_URL",
            "http://127.0.0.1:9/documenten/api/v1/",
        ),
        ("MIJNZAKEN_ZGW_CLIENT_ID", "mijnzaken-test"),
        ("MIJNZAKEN_ZGW_SECRET", "test-secret"),
    ];
    settings.extend_from_slice(extra);
    spawn_production_with_demo_login(&settings).await
}

/// Starts a demo portal to stand in for the gemeente's zaaksysteem, and returns the
/// settings that point a production-mode portal at its demo ZGW APIs, over HTTP like any
/// other zaaksysteem. (Demo mode itself takes no real login: a production portal with a
/// real provider needs its zaken from somewhere.)
pub async fn demo_zaaksysteem() -> Vec<(&'static str, String)> {
    let demo = spawn_app().await;
    let root = |api: &str| format!("{}/demo/zgw/{api}/api/v1/", demo.address);
    let mut settings: Vec<(&'static str, String)> = PRODUCTION_GEMEENTE
        .iter()
        .map(|(k, v)| (*k, (*v).to_owned()))
        .collect();
    settings.extend([
        ("MIJNZAKEN_DEMO", "0".to_owned()),
        ("MIJNZAKEN_ZAKEN_API_URL", root("zaken")),
        ("MIJNZAKEN_CATALOGI_API_URL", root("catalogi")),
        ("MIJNZAKEN_DOCUMENTEN_API_URL", root("documenten")),
        (
            "MIJNZAKEN_ZGW_CLIENT_ID",
            mijnzaken::demo::zgw::CLIENT_ID.to_owned(),
        ),
        (
            "MIJNZAKEN_ZGW_SECRET",
            mijnzaken::demo::zgw::SECRET.to_owned(),
        ),
    ]);
    settings
}

/// Starts the portal in production mode (`MIJNZAKEN_DEMO=0`) with its ZGW APIs under
/// `upstream` (a wiremock server, or a closed port).
pub async fn spawn_production(upstream: &str) -> TestApp {
    let zaken = format!("{upstream}/zaken/api/v1/");
    let catalogi = format!("{upstream}/catalogi/api/v1/");
    let documenten = format!("{upstream}/documenten/api/v1/");
    spawn_app_with(&[
        ("MIJNZAKEN_DEMO", "0"),
        ("MIJNZAKEN_GEMEENTE_NAAM", "Gemeente Zuidstad"),
        ("MIJNZAKEN_GEMEENTE_TELEFOON", "14 0123"),
        ("MIJNZAKEN_GEMEENTE_WEBSITE", "https://www.zuidstad.example"),
        ("MIJNZAKEN_ZAKEN_API_URL", &zaken),
        ("MIJNZAKEN_CATALOGI_API_URL", &catalogi),
        ("MIJNZAKEN_DOCUMENTEN_API_URL", &documenten),
        ("MIJNZAKEN_ZGW_CLIENT_ID", "mijnzaken-test"),
        ("MIJNZAKEN_ZGW_SECRET", "test-secret"),
        ("MIJNZAKEN_ZGW_TIMEOUT_SECONDS", "2"),
    ])
    .await
}

impl TestApp {
    /// A browser, with its own empty cookie jar, on the portal at `address`.
    pub fn at(address: &str) -> TestApp {
        TestApp {
            address: address.to_owned(),
            client: browser(),
        }
    }

    /// The same portal in another browser, with its own empty cookie jar.
    pub fn other_browser(&self) -> TestApp {
        TestApp::at(&self.address)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Starts a GET of `path` (against a slow upstream), POSTs `form` to `post` while it is
    /// in flight, and returns both responses, the late page last.
    pub async fn post_while_loading(
        &self,
        path: &str,
        post: &str,
        form: &[(String, String)],
    ) -> (reqwest::Response, reqwest::Response) {
        let slow = tokio::spawn({
            let client = self.client.clone();
            let url = self.url(path);
            async move { client.get(url).send().await.expect("request is sent") }
        });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!slow.is_finished(), "the page is still loading");
        let meanwhile = self
            .client
            .post(self.url(post))
            .header("Origin", &self.address)
            .form(form)
            .send()
            .await
            .expect("request is sent");
        (meanwhile, slow.await.expect("the page load ran"))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request is sent")
    }

    /// GETs a page and returns its status and parsed HTML.
    pub async fn get_page(&self, path: &str) -> (reqwest::StatusCode, Page) {
        let response = self.get(path).await;
        let status = response.status();
        let body = response.text().await.expect("a body");
        (status, Page::new(body))
    }
}

/// A rendered page.
pub struct Page {
    pub body: String,
    pub html: Html,
}

impl Page {
    pub fn new(body: String) -> Self {
        let html = Html::parse_document(&body);
        Self { body, html }
    }

    /// The text of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("a valid selector");
        self.html
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The text of the single `h1`.
    pub fn h1(&self) -> String {
        let h1 = self.texts("h1");
        assert_eq!(h1.len(), 1, "a page has exactly one h1: {h1:?}");
        h1[0].clone()
    }

    /// An attribute of the first element matching `selector`.
    pub fn attr(&self, selector: &str, name: &str) -> Option<String> {
        let selector = Selector::parse(selector).expect("a valid selector");
        self.html
            .select(&selector)
            .next()
            .and_then(|e| e.value().attr(name).map(str::to_owned))
    }

    pub fn count(&self, selector: &str) -> usize {
        let selector = Selector::parse(selector).expect("a valid selector");
        self.html.select(&selector).count()
    }
}

/// The demo provider's login form, filled in: its hidden fields plus `identiteit` and
/// `niveau` (the page's preselected level when `None`).
pub fn demo_login_form(
    page: &str,
    identiteit: &str,
    niveau: Option<&str>,
) -> Vec<(String, String)> {
    let html = Html::parse_document(page);
    let mut form: Vec<(String, String)> = html
        .select(&Selector::parse("form input[type=hidden]").unwrap())
        .map(|e| {
            (
                e.value().attr("name").unwrap().to_owned(),
                e.value().attr("value").unwrap().to_owned(),
            )
        })
        .collect();
    let level = niveau.map(str::to_owned).unwrap_or_else(|| {
        html.select(&Selector::parse("select[name=niveau] option[selected]").unwrap())
            .next()
            .and_then(|e| e.value().attr("value"))
            .expect("a preselected level")
            .to_owned()
    });
    form.push(("identiteit".into(), identiteit.into()));
    form.push(("niveau".into(), level));
    form
}

/// Where a redirect sends the browser.
pub fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The CSRF token of the (first) form on `page`, as a form field.
pub fn csrf_of(page: &Page) -> Vec<(String, String)> {
    vec![(
        "csrf_token".into(),
        page.attr("input[name=csrf_token]", "value")
            .expect("a CSRF token"),
    )]
}

impl TestApp {
    /// A POST from our own pages, as a browser sends it.
    pub async fn post_form(&self, url: &str, form: &[(String, String)]) -> reqwest::Response {
        self.client
            .post(url)
            .header("Origin", &self.address)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Starts a login and picks `identiteit` on the demo provider's page; returns the
    /// callback URL the provider sends the browser back to.
    pub async fn login_until_callback(
        &self,
        provider: &str,
        identiteit: &str,
        niveau: Option<&str>,
    ) -> String {
        self.callback_from(&format!("/auth/{provider}/login"), identiteit, niveau)
            .await
    }

    /// A login started at `start` (`/auth/{provider}/login?…`), up to the callback URL.
    pub async fn callback_from(
        &self,
        start: &str,
        identiteit: &str,
        niveau: Option<&str>,
    ) -> String {
        let start = self.get(start).await;
        assert_eq!(
            start.status(),
            303,
            "the login starts with a redirect to the provider"
        );
        let authorize = location(&start);
        let page = self
            .client
            .get(&authorize)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let form = demo_login_form(&page, identiteit, niveau);
        // The page's form posts back to the authorize endpoint it came from (this portal's
        // demo, or another portal's for a production-mode portal under test).
        let chosen = self
            .post_form(authorize.split('?').next().unwrap_or_default(), &form)
            .await;
        assert_eq!(chosen.status(), 303);
        location(&chosen)
    }

    /// Logs in at the demo provider and visits the callback; returns the portal's answer.
    pub async fn finish_login(&self, provider: &str, identiteit: &str) -> reqwest::Response {
        let callback = self.login_until_callback(provider, identiteit, None).await;
        self.client.get(&callback).send().await.unwrap()
    }

    /// Logs in through the demo provider and returns the /zaken page.
    pub async fn login_as(&self, provider: &str, identiteit: &str) -> Page {
        let done = self.finish_login(provider, identiteit).await;
        assert_eq!(
            done.status(),
            303,
            "{}",
            done.text().await.unwrap_or_default()
        );
        assert_eq!(location(&done), "/zaken");
        let (status, page) = self.get_page("/zaken").await;
        assert_eq!(status, 200);
        page
    }
}

impl TestApp {
    /// Logs in a demo medewerker; returns where the callback sends them and the page.
    pub async fn login_medewerker(&self, who: &str) -> reqwest::Response {
        self.finish_login("medewerker", who).await
    }

    /// The CSRF token on the page at `path`.
    pub async fn csrf(&self, path: &str) -> String {
        let (_, page) = self.get_page(path).await;
        page.attr("input[name=csrf_token]", "value")
            .expect("a CSRF token")
    }

    /// Posts the KCC look-up form: that person or company, the first reason, a toelichting.
    pub async fn look_up(&self, soort: &str, nummer: &str, gemeente: &str) -> reqwest::Response {
        let csrf = self.csrf("/kcc").await;
        let form = vec![
            ("csrf_token".to_owned(), csrf),
            ("soort".to_owned(), soort.to_owned()),
            ("nummer".to_owned(), nummer.to_owned()),
            (
                "reden".to_owned(),
                "Vraag van inwoner of ondernemer over eigen zaak".to_owned(),
            ),
            ("toelichting".to_owned(), "Belt over dakkapel".to_owned()),
            ("gemeente".to_owned(), gemeente.to_owned()),
        ];
        self.post_form(&self.url("/kcc"), &form).await
    }
}

// ------------------------- driving a browser through a real provider (oidc_provider.rs) ---

/// Where a redirect goes, as an absolute URL (oidc-provider sends some Locations relative,
/// `/interaction/<uid>`).
pub fn absolute_location(response: &reqwest::Response) -> url::Url {
    let value = response
        .headers()
        .get("location")
        .unwrap_or_else(|| {
            panic!(
                "a Location header on {} {}",
                response.status(),
                response.url()
            )
        })
        .to_str()
        .unwrap();
    response.url().join(value).expect("a valid Location")
}

/// A query parameter of `url`.
pub fn param(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `url` with one query parameter changed.
pub fn with_param(url: &url::Url, name: &str, value: &str) -> url::Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    let mut url = url.clone();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url
}

/// The session cookie a response sets, as `name=value`.
pub fn session_id(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("mijnzaken_sessie="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

/// The payload of a JWT, unverified (the portal already verified it; tests only look).
pub fn jwt_claims(token: &str) -> serde_json::Map<String, serde_json::Value> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("a JSON payload")
}

/// The body of a response, for an assertion message.
pub async fn text(response: reqwest::Response) -> String {
    response.text().await.expect("a body")
}

impl TestApp {
    /// One GET with this browser's jar, redirects not followed (the jar holds the portal's
    /// and the provider's cookies alike: cookies do not tell ports apart).
    pub async fn hop(&self, url: &url::Url) -> reqwest::Response {
        self.client
            .get(url.clone())
            .send()
            .await
            .expect("request is sent")
    }

    /// `GET /auth/{provider}/login`: the authorization URL at the provider.
    pub async fn op_start(&self, provider: &str) -> url::Url {
        let start = self.get(&format!("/auth/{provider}/login")).await;
        assert_eq!(start.status(), 303, "{}", text(start).await);
        absolute_location(&start)
    }

    /// From an authorization URL to the portal's callback URL, logging in as `account`:
    /// `/auth?…` → `/interaction/<uid>`, `POST …/login` → `/auth/<uid>` → the callback.
    pub async fn op_authorize(&self, authorize: &url::Url, account: &str) -> url::Url {
        self.op_interaction(authorize, "login", &[("login", account)])
            .await
    }

    /// The provider's login step, answered with `POST /interaction/<uid>/{action}`
    /// (`login` or `abort`); returns where the provider sends the browser back to.
    pub async fn op_interaction(
        &self,
        authorize: &url::Url,
        action: &str,
        form: &[(&str, &str)],
    ) -> url::Url {
        let response = self.hop(authorize).await;
        let interaction = absolute_location(&response);
        assert_eq!(response.status(), 303);
        assert!(
            interaction.path().starts_with("/interaction/"),
            "the provider asks for a login: {interaction}"
        );
        let response = self
            .client
            .post(url::Url::parse(&format!("{interaction}/{action}")).unwrap())
            .form(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{}", text(response).await);
        let resume = absolute_location(&response);
        assert!(resume.path().starts_with("/auth/"), "{resume}");
        let response = self.hop(&resume).await;
        assert_eq!(response.status(), 303, "{}", text(response).await);
        let callback = absolute_location(&response);
        assert!(
            callback.as_str().starts_with(&self.url("/auth/")),
            "back to the portal: {callback}"
        );
        callback
    }

    /// A login up to the callback URL (not yet visited).
    pub async fn op_until_callback(&self, provider: &str, account: &str) -> url::Url {
        let authorize = self.op_start(provider).await;
        self.op_authorize(&authorize, account).await
    }

    /// A full login; returns the /zaken page.
    pub async fn op_login(&self, provider: &str, account: &str) -> Page {
        let callback = self.op_until_callback(provider, account).await;
        let done = self.hop(&callback).await;
        assert_eq!(done.status(), 303, "{}", text(done).await);
        assert_eq!(done.headers()["location"], "/zaken");
        let (status, page) = self.get_page("/zaken").await;
        assert_eq!(status, 200, "{}", page.body);
        page
    }

    /// `POST /auth/logout` with the page's CSRF token, from our own origin.
    pub async fn op_logout(&self, page: &Page) -> reqwest::Response {
        let csrf = page
            .attr("input[name=csrf_token]", "value")
            .expect("a CSRF token");
        self.post_form(&self.url("/auth/logout"), &[("csrf_token".into(), csrf)])
            .await
    }
}
