//! The KCC medewerker: staff login, look-up with a reason, the citizen's zaken read-only
//! under a banner, the audit trail before anything is shown, and the citizen's /inzage.

use std::sync::{Mutex, OnceLock};

use crate::helpers::{location, spawn_app_with, Page, TestApp};

const ANNA: &str = "medewerker:anna.visser";
const BRAM: &str = "medewerker:bram.de.wit";
const BSN: &str = "999993653";

/// A fresh data directory per test (SQLite audit file inside).
fn data_dir() -> String {
    let dir = std::env::temp_dir().join(format!("mijnzaken-kcc-{}", uuid::Uuid::new_v4()));
    dir.to_string_lossy().into_owned()
}

async fn portal(extra: &[(&str, &str)]) -> (TestApp, String) {
    let dir = data_dir();
    let mut settings = vec![("MIJNZAKEN_DATA_DIR", dir.as_str())];
    settings.extend_from_slice(extra);
    (spawn_app_with(&settings).await, dir)
}

/// The number of records the citizen (BSN) reads on /inzage, in a browser of their own.
async fn inzage_rows(app: &TestApp) -> usize {
    let citizen = app.other_browser();
    citizen.login_as("digid", &format!("bsn:{BSN}")).await;
    let (_, inzage) = citizen.get_page("/inzage").await;
    inzage.count("[data-testid=inzage-regel]")
}

#[tokio::test]
async fn a_medewerker_looks_up_a_citizen_and_sees_what_they_see() {
    let (app, _dir) = portal(&[]).await;
    let done = app.login_medewerker(ANNA).await;
    assert_eq!(done.status(), 303);
    assert_eq!(location(&done), "/kcc");
    let (status, form) = app.get_page("/kcc").await;
    assert_eq!(status, 200);
    assert_eq!(form.h1(), "Zaken opzoeken");
    assert_eq!(
        form.count("select[name=gemeente] option"),
        2,
        "two gemeenten"
    );

    // Nothing to see before a look-up.
    assert_eq!(location(&app.get("/kcc/zaken").await), "/kcc");

    let started = app.look_up("bsn", BSN, "gemeente-voorbeeld").await;
    assert_eq!(started.status(), 303);
    assert_eq!(location(&started), "/kcc/zaken");
    let (status, overview) = app.get_page("/kcc/zaken").await;
    assert_eq!(status, 200);
    let banner = overview.texts("[data-testid=kcc-banner]").join(" ");
    assert!(banner.contains("BSN *****3653"), "{banner}");
    assert!(banner.contains("Gemeente Voorbeeld"), "{banner}");
    assert!(banner.contains("Vraag van inwoner"), "{banner}");
    assert!(!overview.body.contains(BSN), "never the BSN in clear");
    // About the person, not to them: no "Mijn zaken", no citizen's contact block.
    assert_eq!(overview.h1(), "Zaken van BSN *****3653");
    // The portal's own words; the gemeente's texts on the cards ("U hebt gelijk …") are
    // shown as the citizen reads them.
    assert!(!overview.body.contains("U hebt geen"), "{}", overview.body);
    assert!(!overview.body.contains("uw zaken"), "{}", overview.body);
    assert!(!overview.texts("h2").contains(&"Vragen?".to_owned()));

    // The same overview as the citizen's own.
    let citizen = app.other_browser();
    let own = citizen.login_as("digid", &format!("bsn:{BSN}")).await;
    let numbers = |page: &Page| page.texts("[data-testid=zaak] [data-testid=zaaknummer]");
    assert_eq!(numbers(&overview), numbers(&own));
    assert_eq!(overview.count("form[action='/kcc/stoppen']"), 1);
    assert_eq!(
        overview.count("form") - overview.count("form[action='/kcc/stoppen']"),
        1,
        "read-only: besides stop, only the logout form"
    );

    // A zaak and a document, each recorded.
    let href = overview
        .attr("[data-testid=zaak] h3 a", "href")
        .expect("a zaak link");
    assert!(href.starts_with("/kcc/zaken/"), "{href}");
    let (status, zaak) = app.get_page(&href).await;
    assert_eq!(status, 200);
    assert_eq!(
        zaak.count("[data-testid=kcc-banner]"),
        1,
        "the banner stays"
    );
    assert_eq!(zaak.texts(".mijnzaken-back a"), ["Terug naar alle zaken"]);
    // The first zaak waits for the citizen; the summary says so about them.
    assert!(zaak
        .texts("[data-testid=samenvatting] dt")
        .contains(&"Wat de aanvrager moet doen".to_owned()));
    assert!(
        !zaak
            .texts("h2")
            .contains(&"Vragen over deze zaak?".to_owned()),
        "the medewerker is the contact"
    );
    let (_, woz) = app
        .get_page("/kcc/zaken/2a010000-0000-4000-8000-000000000001")
        .await;
    // The notices speak about the zaak, not to its owner.
    let verlengd = woz.texts("[data-testid=verlengd] strong").join("");
    assert_eq!(
        verlengd,
        "Verlengd: de gemeente neemt meer tijd voor deze zaak"
    );
    let (_, late) = app
        .get_page("/kcc/zaken/2a010000-0000-4000-8000-000000000003")
        .await;
    let te_laat = late.texts("[data-testid=te-laat] p").join(" ");
    assert!(
        te_laat.contains("Verwacht was dat deze zaak op ")
            && !te_laat.contains("Bel ons")
            && !te_laat.contains("Onze excuses"),
        "{te_laat}"
    );
    let download = woz
        .attr("[data-testid=document] a", "href")
        .expect("a document");
    let response = app.get(&download).await;
    assert_eq!(response.status(), 200);
    assert!(response.bytes().await.unwrap().starts_with(b"%PDF-"));

    // Stop viewing: nothing to see any more.
    let csrf = app.csrf("/kcc/zaken").await;
    let stop = app
        .post_form(&app.url("/kcc/stoppen"), &[("csrf_token".into(), csrf)])
        .await;
    assert_eq!(location(&stop), "/kcc");
    assert_eq!(location(&app.get("/kcc/zaken").await), "/kcc");

    // The citizen reads every step on /inzage, with the team, not the name.
    let (status, inzage) = citizen.get_page("/inzage").await;
    assert_eq!(status, 200);
    let rows = inzage.texts("[data-testid=inzage-regel]");
    assert_eq!(
        rows.len(),
        5,
        "look-up, three zaken, one download: {rows:?}"
    );
    assert!(
        rows.iter().all(|r| r.contains("Klantcontactcentrum")),
        "{rows:?}"
    );
    assert!(
        rows.iter().all(|r| r.contains("Vraag van inwoner")),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r.contains("Uw zaken opgezocht")),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r.contains("Document gedownload")),
        "{rows:?}"
    );
    assert!(
        !inzage.body.contains("Anna Visser"),
        "the name only when configured"
    );

    // Someone else has no look-ups of theirs.
    let other = app.other_browser();
    other.login_as("digid", "bsn:999991772").await;
    let (_, empty) = other.get_page("/inzage").await;
    assert_eq!(empty.count("[data-testid=inzage-leeg]"), 1);
}

#[tokio::test]
async fn a_look_up_for_the_other_gemeente_shows_its_name_and_zaken() {
    let (app, _dir) = portal(&[]).await;
    app.login_medewerker(ANNA).await;
    let started = app.look_up("bsn", BSN, "buurdorp").await;
    assert_eq!(location(&started), "/kcc/zaken");
    let (status, page) = app.get_page("/kcc/zaken").await;
    assert_eq!(status, 200);
    assert!(page.texts("[data-testid=kcc-banner]")[0].contains("Gemeente Buurdorp"));
    assert!(
        page.texts("header")[0].contains("Gemeente Buurdorp"),
        "its page frame"
    );
}

#[tokio::test]
async fn a_bad_number_or_reason_is_refused_with_dutch_messages() {
    let (app, _dir) = portal(&[]).await;
    app.login_medewerker(ANNA).await;
    let response = app.look_up("bsn", "123456789", "gemeente-voorbeeld").await;
    assert_eq!(response.status(), 422);
    let page = Page::new(response.text().await.unwrap());
    assert!(page.texts("[data-testid=formulier-fouten]")[0].contains("burgerservicenummer"));
    assert!(
        !page.body.contains("123456789"),
        "a rejected number is not echoed"
    );
    let response = app.look_up("kvk", "1234", "gemeente-voorbeeld").await;
    assert_eq!(response.status(), 422);
    let response = app.look_up("bsn", BSN, "elders").await;
    assert_eq!(response.status(), 422, "an unknown gemeente");
    assert_eq!(
        location(&app.get("/kcc/zaken").await),
        "/kcc",
        "no look-up started"
    );
}

#[tokio::test]
async fn every_echoed_form_field_is_text_not_markup() {
    let (app, _dir) = portal(&[]).await;
    app.login_medewerker(ANNA).await;
    let evil = "</textarea><h1 id=\"x\">geinjecteerd</h1><script>alert(1)</script>";
    let csrf = app.csrf("/kcc").await;
    let form = vec![
        ("csrf_token".to_owned(), csrf),
        ("soort".to_owned(), evil.to_owned()),
        ("nummer".to_owned(), "123456789".to_owned()),
        ("reden".to_owned(), evil.to_owned()),
        ("toelichting".to_owned(), evil.to_owned()),
        ("gemeente".to_owned(), evil.to_owned()),
    ];
    let response = app.post_form(&app.url("/kcc"), &form).await;
    assert_eq!(response.status(), 422);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(page.count("h1"), 1, "no injected heading");
    assert_eq!(page.count("#x, script"), 0);
    assert_eq!(
        page.texts("textarea[name=toelichting]"),
        [evil],
        "the toelichting comes back as the text that was typed"
    );
}

#[tokio::test]
async fn a_new_login_in_the_same_browser_starts_without_the_old_look_up() {
    let (app, _dir) = portal(&[]).await;
    app.login_medewerker(ANNA).await;
    assert_eq!(
        location(&app.look_up("bsn", BSN, "gemeente-voorbeeld").await),
        "/kcc/zaken"
    );
    assert_eq!(app.get("/kcc/zaken").await.status(), 200);
    // Logging in again without logging out: the look-up is gone.
    app.login_medewerker(ANNA).await;
    let response = app.get("/kcc/zaken").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/kcc");
    // A citizen in between, then a medewerker: nothing of the citizen's either.
    app.login_medewerker(ANNA).await;
    app.look_up("bsn", BSN, "gemeente-voorbeeld").await;
    app.login_as("digid", "bsn:999991772").await;
    app.login_medewerker(ANNA).await;
    assert_eq!(location(&app.get("/kcc/zaken").await), "/kcc");
}

#[tokio::test]
async fn stopping_a_look_up_holds_against_a_page_still_loading() {
    let (app, _dir) = portal(&[
        ("MIJNZAKEN_DEMO_LATENCY_MS", "700"),
        ("MIJNZAKEN_OVERZICHT_CACHE_SECONDS", "0"),
    ])
    .await;
    app.login_medewerker(ANNA).await;
    assert_eq!(
        location(&app.look_up("bsn", BSN, "gemeente-voorbeeld").await),
        "/kcc/zaken"
    );
    let csrf = app.csrf("/kcc/zaken").await;
    let (stop, late) = app
        .post_while_loading("/kcc/zaken", "/kcc/stoppen", &[("csrf_token".into(), csrf)])
        .await;
    assert_eq!(location(&stop), "/kcc");
    assert_eq!(late.status(), 200, "the late page arrives");
    // The page that loaded before the stop does not bring the look-up back.
    assert_eq!(location(&app.get("/kcc/zaken").await), "/kcc");
}

#[tokio::test]
async fn a_medewerker_who_looks_up_too_often_is_stopped_before_anything_is_recorded() {
    let (app, _dir) = portal(&[("MIJNZAKEN_RATE_LIMIT_LOOKUPS_PER_MINUTE", "2")]).await;
    app.login_medewerker(ANNA).await;
    for _ in 0..2 {
        let started = app.look_up("bsn", BSN, "gemeente-voorbeeld").await;
        assert_eq!(location(&started), "/kcc/zaken");
    }
    let refused = app.look_up("bsn", BSN, "gemeente-voorbeeld").await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let page = Page::new(refused.text().await.unwrap());
    assert_eq!(page.h1(), "Te veel pogingen");
    // Another browser is the same medewerker, with the same limit. (Each medewerker has
    // their own: see the unit test in web::limits.)
    let other = app.other_browser();
    other.login_medewerker(ANNA).await;
    assert_eq!(
        other
            .look_up("bsn", BSN, "gemeente-voorbeeld")
            .await
            .status(),
        429
    );
    // The citizen sees the two look-ups that happened, not the refused ones.
    assert_eq!(inzage_rows(&app).await, 2);
}

#[tokio::test]
async fn a_link_from_another_site_shows_and_records_nothing() {
    let (app, _dir) = portal(&[]).await;
    app.login_medewerker(ANNA).await;
    app.look_up("bsn", BSN, "gemeente-voorbeeld").await;
    let zaak = "/kcc/zaken/2a010000-0000-4000-8000-000000000001";
    // Another site's link: nothing shown. Our own pages, or a typed URL: shown.
    for (site, status, steps) in [
        ("cross-site", 403, 0),
        ("same-site", 403, 0),
        ("same-origin", 200, 1),
        ("none", 200, 1),
    ] {
        let response = app
            .client
            .get(app.url(zaak))
            .header("sec-fetch-site", site)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{site}");
        let page = Page::new(response.text().await.unwrap());
        assert_eq!(page.count("[data-testid=stappen]"), steps, "{site}");
        if status == 403 {
            assert_eq!(page.h1(), "Open deze pagina vanuit Mijn zaken");
        }
    }
    assert_eq!(
        inzage_rows(&app).await,
        3,
        "the look-up and the two views from our own pages"
    );
}

#[tokio::test]
async fn a_medewerker_without_the_role_gets_no_access() {
    let (app, _dir) = portal(&[]).await;
    let response = app.login_medewerker(BRAM).await;
    assert_eq!(response.status(), 403);
    let page = Page::new(response.text().await.unwrap());
    assert!(page.texts("[data-testid=login-fout]")[0].contains("geen toegang"));
    assert_ne!(app.get("/kcc").await.status(), 200);
}

#[tokio::test]
async fn an_inwoner_can_never_reach_the_kcc_pages() {
    let (app, _dir) = portal(&[]).await;
    let page = app.login_as("digid", &format!("bsn:{BSN}")).await;
    for path in [
        "/kcc",
        "/kcc/zaken",
        "/kcc/zaken/2a010000-0000-4000-8000-000000000001",
    ] {
        assert_eq!(app.get(path).await.status(), 403, "{path}");
    }
    let csrf = page.attr("input[name=csrf_token]", "value").unwrap();
    let form = vec![
        ("csrf_token".to_owned(), csrf),
        ("soort".to_owned(), "bsn".to_owned()),
        ("nummer".to_owned(), "999991772".to_owned()),
        ("reden".to_owned(), "Terugbelverzoek".to_owned()),
        ("gemeente".to_owned(), "gemeente-voorbeeld".to_owned()),
    ];
    assert_eq!(app.post_form(&app.url("/kcc"), &form).await.status(), 403);
}

#[tokio::test]
async fn when_the_audit_record_cannot_be_written_nothing_is_shown() {
    let logs = captured();
    let (app, dir) = portal(&[]).await;
    app.login_medewerker(ANNA).await;
    // Make every insert fail, as a full disk or a broken database would.
    let db = format!("sqlite://{dir}/audit.sqlite3");
    let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
    sqlx::query(
        "CREATE TRIGGER test_refuse BEFORE INSERT ON audit_records BEGIN SELECT RAISE(ABORT, 'schijf vol (test)'); END",
    )
    .execute(&pool)
    .await
    .unwrap();
    let response = app.look_up("bsn", BSN, "gemeente-voorbeeld").await;
    assert_eq!(response.status(), 503);
    let page = Page::new(response.text().await.unwrap());
    assert_eq!(page.count("[data-testid=audit-fout]"), 1);
    assert_eq!(page.count("[data-testid=zaak]"), 0);
    assert_eq!(
        location(&app.get("/kcc/zaken").await),
        "/kcc",
        "no look-up started"
    );
    // The log says why, with the database's own words, for whoever has to fix it.
    let text = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    let line = text
        .lines()
        .find(|l| l.contains("an audit record could not be written"))
        .expect("the failure is logged");
    assert!(line.contains("schijf vol (test)"), "{line}");
    assert!(!line.contains(BSN), "{line}");
}

/// Log lines of the whole test binary, captured at DEBUG.
fn captured() -> &'static Mutex<Vec<u8>> {
    static LOGS: OnceLock<&'static Mutex<Vec<u8>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs: &'static Mutex<Vec<u8>> = Box::leak(Box::new(Mutex::new(Vec::new())));
        struct Writer(&'static Mutex<Vec<u8>>);
        impl std::io::Write for Writer {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || Writer(logs))
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in this test binary");
        logs
    })
}

#[tokio::test]
async fn no_log_line_holds_a_bsn_in_clear() {
    let logs = captured();
    let (app, _dir) = portal(&[]).await;
    app.login_medewerker(ANNA).await;
    app.look_up("bsn", BSN, "gemeente-voorbeeld").await;
    app.get_page("/kcc/zaken").await;
    app.get_page("/kcc/zaken/2a010000-0000-4000-8000-000000000001")
        .await;
    let citizen = app.other_browser();
    citizen.login_as("digid", &format!("bsn:{BSN}")).await;
    citizen.get_page("/inzage").await;
    citizen
        .get_page("/zaken/2a010000-0000-4000-8000-000000000002")
        .await;
    let text = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    assert!(text.contains("kcc look-up started"), "the capture works");
    assert!(!text.contains(BSN), "a BSN in the logs");
    assert!(!text.contains("999991772"));
}

/// The PostgreSQL at 127.0.0.1:5432 (database `test`), in a fresh schema. In CI a missing
/// server fails the test; elsewhere it is skipped.
async fn postgres_url() -> Option<(String, String, sqlx::PgPool)> {
    let base = std::env::var("MIJNZAKEN_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let pool = match sqlx::PgPool::connect(&base).await {
        Ok(pool) => pool,
        Err(error) if crate::helpers::skipping_is_a_failure() => {
            panic!("CI needs the PostgreSQL at {base}: {error}")
        }
        Err(error) => {
            eprintln!("skipped: no PostgreSQL at {base} ({error}); CI runs this test");
            return None;
        }
    };
    let schema = format!("kcc_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&pool)
        .await
        .unwrap();
    Some((
        format!("{base}?options=-c%20search_path%3D{schema}"),
        schema,
        pool,
    ))
}

#[tokio::test]
async fn the_audit_trail_works_in_postgresql() {
    let Some((url, schema, admin)) = postgres_url().await else {
        return;
    };
    let (app, _dir) = portal(&[("MIJNZAKEN_DATABASE_URL", url.as_str())]).await;
    app.login_medewerker(ANNA).await;
    assert_eq!(
        location(&app.look_up("kvk", "69599084", "gemeente-voorbeeld").await),
        "/kcc/zaken"
    );
    let (_, page) = app.get_page("/kcc/zaken").await;
    assert!(page.texts("[data-testid=kcc-banner]")[0].contains("KVK-nummer 69599084"));
    assert_eq!(page.h1(), "Zaken van KVK-nummer 69599084");
    let company = app.other_browser();
    company.login_as("eherkenning", "kvk:69599084").await;
    let (_, inzage) = company.get_page("/inzage").await;
    assert_eq!(inzage.count("[data-testid=inzage-regel]"), 1);
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_records")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 1, "exactly one record for one look-up");
    pool.close().await;
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&admin)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_zaak_that_cannot_be_shown_to_a_medewerker_keeps_the_banner_and_stop_button() {
    let dir = data_dir();
    let app = crate::helpers::spawn_production_with_zaaksysteem_down(&[(
        "MIJNZAKEN_DATA_DIR",
        dir.as_str(),
    )])
    .await;
    app.login_medewerker(ANNA).await;
    let started = app.look_up("bsn", BSN, "gemeente-voorbeeld").await;
    assert_eq!(location(&started), "/kcc/zaken");
    let (status, page) = app
        .get_page("/kcc/zaken/6a1f0000-0000-4000-8000-000000000001")
        .await;
    assert_eq!(status, 503);
    assert_eq!(page.h1(), "Deze zaak kunnen we nu niet laten zien");
    let banner = page.texts("[data-testid=kcc-banner]").join(" ");
    assert!(banner.contains("BSN *****3653"), "{banner}");
    assert_eq!(
        page.count("[data-testid=kcc-banner] form[action='/kcc/stoppen']"),
        1,
        "the medewerker can stop looking from here"
    );
    assert_eq!(
        page.attr(".mijnzaken-back a", "href").as_deref(),
        Some("/kcc/zaken")
    );
    assert!(page.texts("[data-testid=ingelogd-als]")[0].contains("(medewerker)"));
}
