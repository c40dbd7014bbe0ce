//! How long the two main pages take against a slow zaaksysteem: `cargo bench --bench pages`.
//!
//! The portal runs in demo mode with `MIJNZAKEN_DEMO_LATENCY_MS` on every demo ZGW request,
//! so a page's time divided by that latency is the number of upstream round trips it waits
//! for one after the other: the figure the module docs of `src/zaken/overzicht.rs` and
//! `src/zaken/detail.rs` promise (overview ≤ 3 for any length: two list pages and one
//! screen of statussen; detail ≤ 3, catalogi cached). The demo's request counter
//! (`GET /demo/zgw/_stats`), read before and after each page, gives the number of upstream
//! requests. The demo's `expand` costs what Open Zaak's does per zaak on a page.
//!
//! Per mode (a Zaken API with `expand`, so that the overview's screen query brings the
//! statussen, and one without, `MIJNZAKEN_DEMO_ZGW_EXPAND=0`, where they are asked one by
//! one) and per user (an inwoner with 7 zaken, one with 153, an ondernemer with three rol
//! filters), a fresh portal is started and logged into; the
//! first overview and the first detail of the user's WOZ-bezwaar are the cold figures
//! (empty catalogi cache), then `BENCH_RUNS` sequential requests of each give the warm
//! ones. The per-user overview cache is off (`MIJNZAKEN_OVERZICHT_CACHE_SECONDS=0`), so
//! every warm run asks the zaaksysteem; with it on, a reload within a minute asks nothing.
//!
//! A plain program (`harness = false`), not a timed test: it prints figures and asserts no
//! thresholds, because wall-clock limits make flaky tests on a busy machine. It checks only
//! that the pages it times are the complete pages.
//!
//! Environment: `BENCH_LATENCY_MS` (default 100), `BENCH_RUNS` (default 15).

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use mijnzaken::{config::Settings, startup::Application};
use scraper::{Html, Selector};

/// A user of the benchmark, logged in through the demo OpenID provider.
struct User {
    label: &'static str,
    provider: &'static str,
    identiteit: &'static str,
}

const USERS: [User; 3] = [
    User {
        label: "inwoner BSN 999993653 (DigiD)",
        provider: "digid",
        identiteit: "bsn:999993653",
    },
    User {
        label: "inwoner BSN 999990044, 153 zaken",
        provider: "digid",
        identiteit: "bsn:999990044",
    },
    User {
        label: "ondernemer KVK 69599084 (eHerkenning)",
        provider: "eherkenning",
        identiteit: "kvk:69599084",
    },
];

#[tokio::main]
async fn main() {
    let latency_ms = env_number("BENCH_LATENCY_MS", 100);
    let runs = env_number("BENCH_RUNS", 15).max(1) as usize;
    println!(
        "MijnZaken pages against the demo ZGW: {latency_ms} ms added to every upstream request, \
         {runs} sequential runs per page after a cold first request."
    );
    for expand in [true, false] {
        println!();
        if expand {
            println!("Zaken API with expand: the screen query brings the statussen");
        } else {
            println!(
                "Zaken API without expand (MIJNZAKEN_DEMO_ZGW_EXPAND=0): statussen one by one"
            );
        }
        println!(
            "{:<38} {:<9} {:>8} {:>9} {:>10} {:>7} {:>15} {:>9}",
            "user",
            "page",
            "cold ms",
            "cold req",
            "median ms",
            "p90 ms",
            "median/latency",
            "requests"
        );
        let mut details = Vec::new();
        for user in &USERS {
            let portal = Portal::start(latency_ms, expand).await;
            portal.login(user).await;
            let (figures, title) = portal.measure_pages(runs).await;
            for page in &figures {
                page.print(user.label, latency_ms);
            }
            details.push(format!("{}: “{title}”", user.label));
        }
        println!("detail: {}", details.join("; "));
    }
    println!();
    println!(
        "cold: the first request after login (catalogi not yet cached); median and p90 over \
         the warm runs; median/latency: the sequential upstream round trips; requests: \
         upstream requests per warm page."
    );
}

/// A whole number from the environment, or `default`; a bad value stops the benchmark.
fn env_number(key: &str, default: u64) -> u64 {
    match std::env::var(key) {
        Ok(value) => value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{key} must be a whole number, not {value:?}")),
        Err(_) => default,
    }
}

/// A portal in demo mode on a free port, with a browser-like client (cookies, no redirects).
struct Portal {
    address: String,
    client: reqwest::Client,
}

/// One timed page request.
struct Sample {
    elapsed: Duration,
    upstream: u64,
}

/// The figures of one page.
struct PageFigures {
    page: &'static str,
    cold: Sample,
    warm: Vec<Sample>,
}

impl Portal {
    async fn start(latency_ms: u64, expand: bool) -> Self {
        let map = HashMap::from([
            ("MIJNZAKEN_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
            (
                "MIJNZAKEN_DEMO_LATENCY_MS".to_owned(),
                latency_ms.to_string(),
            ),
            (
                "MIJNZAKEN_DEMO_ZGW_EXPAND".to_owned(),
                if expand { "1" } else { "0" }.to_owned(),
            ),
            (
                "MIJNZAKEN_OVERZICHT_CACHE_SECONDS".to_owned(),
                "0".to_owned(),
            ),
        ]);
        let settings = Settings::from_map(&map).expect("benchmark settings are valid");
        let app = Application::build(settings)
            .await
            .expect("the portal starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .expect("a client");
        Self { address, client }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// The login as a browser does it: to the demo provider, pick the identity at the
    /// preselected level, back to the callback, which sends the user to `/zaken`.
    async fn login(&self, user: &User) {
        let start = self
            .client
            .get(self.url(&format!("/auth/{}/login", user.provider)))
            .send()
            .await
            .expect("the login starts");
        assert_eq!(start.status(), 303, "the login redirects to the provider");
        let page = self
            .client
            .get(location(&start))
            .send()
            .await
            .expect("the provider's login page")
            .text()
            .await
            .expect("its body");
        let chosen = self
            .client
            .post(self.url("/demo/oidc/authorize"))
            .header("Origin", &self.address)
            .form(&demo_login_form(&page, user.identiteit))
            .send()
            .await
            .expect("the identity is chosen");
        assert_eq!(chosen.status(), 303, "the provider sends the user back");
        let done = self
            .client
            .get(location(&chosen))
            .send()
            .await
            .expect("the callback");
        assert_eq!(location(&done), "/zaken", "logged in as {}", user.label);
    }

    /// The demo ZGW's count of answered requests.
    async fn upstream_requests(&self) -> u64 {
        let stats: serde_json::Value = self
            .client
            .get(self.url("/demo/zgw/_stats"))
            .send()
            .await
            .expect("the demo ZGW's stats")
            .json()
            .await
            .expect("stats as JSON");
        stats["requests"].as_u64().expect("a request count")
    }

    /// GETs `path`, timing the whole response including its body, and counts the upstream
    /// requests it caused. Returns the sample and the page.
    async fn time(&self, path: &str) -> (Sample, Html) {
        let before = self.upstream_requests().await;
        let started = Instant::now();
        let response = self
            .client
            .get(self.url(path))
            .send()
            .await
            .expect("the page request");
        let status = response.status();
        let body = response.text().await.expect("the page body");
        let elapsed = started.elapsed();
        let upstream = self.upstream_requests().await - before;
        assert_eq!(status, 200, "{path}: {body}");
        (Sample { elapsed, upstream }, Html::parse_document(&body))
    }

    /// A complete overview (with at least one zaak), else the benchmark stops: the time of
    /// a page that could not fetch everything is no figure for the design.
    async fn time_overview(&self) -> (Sample, Html) {
        let (sample, html) = self.time("/zaken").await;
        assert_eq!(
            count(&html, "[data-testid=deels-opgehaald]"),
            0,
            "incomplete overview"
        );
        assert!(count(&html, "[data-testid=zaak]") > 0, "no zaken listed");
        (sample, html)
    }

    /// A complete zaak detail, else the benchmark stops (as for the overview).
    async fn time_detail(&self, path: &str) -> Sample {
        let (sample, html) = self.time(path).await;
        assert_eq!(
            count(&html, "[data-testid=zaaknummer]"),
            1,
            "no zaak detail"
        );
        let partial = "[data-testid$=niet-beschikbaar], [data-testid=documenten-deels]";
        assert_eq!(count(&html, partial), 0, "incomplete zaak detail");
        sample
    }

    /// Cold first requests, then `runs` warm ones, of the overview and of a zaak it lists
    /// ([`detail_link`]); and that zaak's title.
    async fn measure_pages(&self, runs: usize) -> ([PageFigures; 2], String) {
        let (cold_overview, html) = self.time_overview().await;
        let (detail, title) = detail_link(&html);
        let cold_detail = self.time_detail(&detail).await;
        let mut overview = Vec::with_capacity(runs);
        for _ in 0..runs {
            overview.push(self.time_overview().await.0);
        }
        let mut details = Vec::with_capacity(runs);
        for _ in 0..runs {
            details.push(self.time_detail(&detail).await);
        }
        let figures = [
            PageFigures {
                page: "overview",
                cold: cold_overview,
                warm: overview,
            },
            PageFigures {
                page: "detail",
                cold: cold_detail,
                warm: details,
            },
        ];
        (figures, title)
    }
}

impl PageFigures {
    fn print(&self, user: &str, latency_ms: u64) {
        let mut ms: Vec<f64> = self.warm.iter().map(|s| millis(s.elapsed)).collect();
        ms.sort_by(f64::total_cmp);
        let median = median(&ms);
        let p90 = ms[(ms.len() * 9).div_ceil(10) - 1];
        let ratio = if latency_ms == 0 {
            "n/a".to_owned()
        } else {
            format!("{:.2}", median / latency_ms as f64)
        };
        let min = self.warm.iter().map(|s| s.upstream).min().unwrap_or(0);
        let max = self.warm.iter().map(|s| s.upstream).max().unwrap_or(0);
        let requests = if min == max {
            min.to_string()
        } else {
            format!("{min}–{max}")
        };
        println!(
            "{:<38} {:<9} {:>8.0} {:>9} {:>10.0} {:>7.0} {:>15} {:>9}",
            user,
            self.page,
            millis(self.cold.elapsed),
            self.cold.upstream,
            median,
            p90,
            ratio,
            requests
        );
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The median of sorted, non-empty values.
fn median(sorted: &[f64]) -> f64 {
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"]
        .to_str()
        .expect("an ASCII location")
        .to_owned()
}

fn count(html: &Html, selector: &str) -> usize {
    html.select(&Selector::parse(selector).expect("a valid selector"))
        .count()
}

/// The portal's URL and the title of the zaak whose detail is timed: the first WOZ-bezwaar
/// in the overview, else its first zaak. Every user has one with statussen, and Jansen's
/// has documents too, so its detail goes through all three rounds; the first zaak listed
/// can be one without either, whose detail stops after two.
fn detail_link(html: &Html) -> (String, String) {
    let link = Selector::parse("[data-testid=zaak] a[href^='/zaken/']").expect("a valid selector");
    let links: Vec<(String, String)> = html
        .select(&link)
        .map(|a| {
            let href = a.value().attr("href").expect("selected by its href");
            (
                href.to_owned(),
                a.text().collect::<String>().trim().to_owned(),
            )
        })
        .collect();
    links
        .iter()
        .find(|(_, title)| title.contains("WOZ"))
        .or(links.first())
        .expect("the overview links to a zaak")
        .clone()
}

/// The demo provider's login form: its hidden fields, the identity and the preselected
/// level of assurance (as `tests/api/helpers.rs` fills it in).
fn demo_login_form(page: &str, identiteit: &str) -> Vec<(String, String)> {
    let html = Html::parse_document(page);
    let hidden = Selector::parse("form input[type=hidden]").expect("a valid selector");
    let mut form: Vec<(String, String)> = html
        .select(&hidden)
        .filter_map(|e| {
            Some((
                e.value().attr("name")?.to_owned(),
                e.value().attr("value")?.to_owned(),
            ))
        })
        .collect();
    let preselected =
        Selector::parse("select[name=niveau] option[selected]").expect("a valid selector");
    let niveau = html
        .select(&preselected)
        .next()
        .and_then(|e| e.value().attr("value"))
        .expect("a preselected level")
        .to_owned();
    form.push(("identiteit".to_owned(), identiteit.to_owned()));
    form.push(("niveau".to_owned(), niveau));
    form
}
