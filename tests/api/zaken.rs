//! The zaken pages end to end: log in through the demo provider, then the overview, the
//! detail and the downloads, against the demo ZGW server or a wiremock fake.

use crate::helpers::{spawn_app, Page, TestApp};

/// The demo ZGW's stable uuids (see `demo::zgw::json::uuid`).
fn zaak_uuid(id: u32) -> String {
    format!("2a010000-0000-4000-8000-{id:012}")
}

fn document_uuid(id: u32) -> String {
    format!("9d010000-0000-4000-8000-{id:012}")
}

const JANSEN: &str = "bsn:999993653";
const EL_AMRANI: &str = "bsn:999991772";

async fn logged_in(identiteit: &str) -> TestApp {
    let app = spawn_app().await;
    let provider = if identiteit.starts_with("kvk:") {
        "eherkenning"
    } else {
        "digid"
    };
    app.login_as(provider, identiteit).await;
    app
}

/// The `data-state` of every process step, in order.
fn step_states(page: &Page) -> Vec<String> {
    page.html
        .select(&scraper::Selector::parse("[data-testid=stap]").unwrap())
        .map(|e| e.value().attr("data-state").unwrap().to_owned())
        .collect()
}

fn zaaknummers(page: &Page) -> Vec<String> {
    page.texts("[data-testid=zaak] [data-testid=zaaknummer]")
}

#[tokio::test]
async fn the_overview_lists_open_and_closed_zaken_from_every_upstream_page() {
    let app = logged_in(JANSEN).await;
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 200);
    assert_eq!(page.h1(), "Mijn zaken");
    // Eight zaken; six may be seen.
    let lopend = page.texts("[data-testid=lopende-zaken] [data-testid=zaak] h3");
    let afgerond = page.texts("[data-testid=afgeronde-zaken] [data-testid=zaak] h3");
    assert_eq!(lopend.len(), 4, "{lopend:?}");
    assert_eq!(afgerond.len(), 2, "{afgerond:?}");
    // The zaak that waits for the citizen first (the demo's texts ask for bank
    // statements), then newest first.
    assert_eq!(lopend[0], "Aanvraag individuele inkomenstoeslag");
    assert_eq!(lopend[1], "Geluidsisolatie slaapkamers");
    assert_eq!(
        page.count("[data-testid=zaak]:first-child [data-testid=badge-actie]"),
        1
    );
    assert_eq!(page.count("[data-testid=badge-actie]"), 1);
    assert_eq!(afgerond[0], "Klacht over de behandeling aan de balie");
    assert!(
        lopend.contains(&"Aanvraag individuele inkomenstoeslag".to_owned()),
        "an empty omschrijving falls back to the zaaktype's: {lopend:?}"
    );
    assert!(
        !page.body.contains("Interne kwaliteitscontrole"),
        "intern zaaktype"
    );
    assert!(!page.body.contains("ZAAK-2026-0000107"), "intern zaak");
    assert!(!page.body.contains("ZAAK-2026-0000108"), "geheim zaak");
    assert_eq!(page.count("[data-testid=deels-opgehaald]"), 0);
    let statuses = page.texts("[data-testid=lopende-zaken] [data-testid=zaak] dd");
    // Each open zaak's status with where it is among its zaaktype's steps, the same
    // number as on its page; one without a status is at step 1.
    assert!(
        statuses.contains(&"Stap 3 van 4: We beoordelen uw plan".to_owned()),
        "{statuses:?}"
    );
    assert_eq!(
        page.texts("[data-testid=lopende-zaken] [data-testid=zaak-stap]"),
        [
            "Stap 2 van 4:",
            "Stap 1 van 4:",
            "Stap 2 van 3:",
            "Stap 3 van 4:"
        ]
    );
    assert_eq!(
        page.count("[data-testid=afgeronde-zaken] [data-testid=zaak-stap]"),
        0
    );
    // A closed zaak's card leads with its outcome: the gemeente's plain text, then the
    // catalogue's term.
    assert_eq!(
        page.texts("[data-testid=afgeronde-zaken] [data-testid=zaak-uitkomst]"),
        [
            "U hebt gelijk. Onze excuses. In de brief staat wat we gaan verbeteren. (Gegrond)",
            "U hebt een parkeervergunning. Die geldt voor het kenteken in de brief. (Verleend)"
        ]
    );
    assert!(
        statuses.contains(&"Stap 1 van 4: Ontvangen".to_owned()),
        "a zaak without status"
    );
    assert_eq!(page.count("[data-testid=badge-opgeschort]"), 1);
    assert_eq!(page.count("[data-testid=badge-verlengd]"), 1);
    assert_eq!(page.count("[data-testid=badge-te-laat]"), 1);
    // The overdue zaak's date has passed: not "verwacht" any more.
    let keys = page.texts("[data-testid=lopende-zaken] [data-testid=zaak] dt");
    assert_eq!(
        keys.iter()
            .filter(|k| k.as_str() == "Oorspronkelijk verwacht")
            .count(),
        1,
        "{keys:?}"
    );
    assert_eq!(
        keys.iter()
            .filter(|k| k.as_str() == "Verwacht klaar")
            .count(),
        3,
        "{keys:?}"
    );
}

#[tokio::test]
async fn an_ondernemer_sees_zaken_by_kvk_rsin_and_vestiging_once_each() {
    let app = logged_in("kvk:69599084").await;
    let (_, page) = app.get_page("/zaken").await;
    let numbers = zaaknummers(&page);
    let mut unique = numbers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(numbers.len(), 3, "{numbers:?}");
    assert_eq!(unique.len(), 3, "no zaak twice: {numbers:?}");
}

#[tokio::test]
async fn an_inwoner_without_zaken_is_told_how_to_reach_the_gemeente() {
    let app = logged_in("bsn:999990019").await;
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 200);
    let empty = page.texts("[data-testid=geen-zaken]").join(" ");
    assert!(empty.contains("U hebt nog geen zaken"), "{empty}");
    assert!(
        empty.contains("14 0000"),
        "the gemeente's phone number: {empty}"
    );
}

#[tokio::test]
async fn the_detail_shows_steps_in_order_upcoming_steps_and_only_finished_documents() {
    let app = logged_in(JANSEN).await;
    let (status, page) = app.get_page(&format!("/zaken/{}", zaak_uuid(1))).await;
    assert_eq!(status, 200);
    assert_eq!(page.h1(), "Bezwaar tegen WOZ-waarde Dorpsstraat 12");
    assert_eq!(
        page.texts("[data-testid=zaaknummer]"),
        vec!["ZAAK-2026-0000101"]
    );
    // The demo sends statussen newest first; the page shows them in time order, then
    // what is still to come.
    assert_eq!(step_states(&page), ["checked", "current", "not-checked"]);
    let steps = page.texts("[data-testid=stap] .denhaag-process-steps__step-heading");
    assert!(
        steps[0].contains("We hebben uw bezwaar ontvangen"),
        "{steps:?}"
    );
    assert_eq!(page.count("[aria-current=step]"), 1);
    assert!(page.texts("[aria-current=step]")[0].contains("Huidige stap"));
    assert!(page.texts("[data-testid=verlengd]")[0].contains("taxateur"));
    assert!(page.texts("[data-testid=verwachte-einddatum]")[0].contains("na verlenging"));

    let documents = page.texts("[data-testid=document] a");
    assert_eq!(documents.len(), 2, "{documents:?}");
    assert!(
        !page.body.contains("Conceptbesluit"),
        "a document in bewerking is hidden"
    );
    let contact = page.body.contains("Noem dan uw zaaknummer");
    assert!(contact, "the contact block quotes the zaaknummer");
}

#[tokio::test]
async fn a_suspended_zaak_a_zaak_without_status_and_a_closed_zaak() {
    let app = logged_in(JANSEN).await;
    let (_, suspended) = app.get_page(&format!("/zaken/{}", zaak_uuid(2))).await;
    let text = suspended.texts("[data-testid=opgeschort]").join(" ");
    assert!(text.contains("bankafschriften"), "{text}");

    let (_, no_status) = app.get_page(&format!("/zaken/{}", zaak_uuid(6))).await;
    let steps = no_status.texts("[data-testid=stap]");
    assert!(steps[0].contains("Ontvangen"), "{steps:?}");
    assert!(steps.len() > 1, "the steps to come are shown: {steps:?}");

    let (_, overdue) = app.get_page(&format!("/zaken/{}", zaak_uuid(3))).await;
    let text = overdue.texts("[data-testid=te-laat]").join(" ");
    assert!(
        text.contains("De behandeling duurt langer dan verwacht"),
        "{text}"
    );
    assert!(text.contains("14 0000"), "with contact details: {text}");
    assert_eq!(
        overdue.count("[data-testid=geruststelling]"),
        1,
        "no news for weeks"
    );

    let (_, closed) = app.get_page(&format!("/zaken/{}", zaak_uuid(4))).await;
    // The outcome once, in the summary at the top.
    assert!(closed.texts("[data-testid=samenvatting-uitkomst]")[0].contains("Verleend"));
    assert!(!closed.texts("h2").contains(&"Resultaat".to_owned()));
    // Its last step is where it is, and done: a filled marker, and said so.
    let last = closed.texts("[aria-current=step]");
    assert_eq!(last.len(), 1);
    assert!(last[0].contains("Afgerond, laatste stap"), "{last:?}");
    assert_eq!(
        closed.count("[data-testid=stap]:last-child .denhaag-step-marker--checked"),
        1
    );
    assert!(closed.body.contains("Afgerond op"));
    assert_eq!(closed.count("[data-testid=verwachte-einddatum]"), 0);
    assert!(
        !closed.body.contains("Intern memo"),
        "a geheim document is hidden"
    );
}

#[tokio::test]
async fn a_verlengde_zaak_expects_the_doorlooptijd_plus_the_verlenging_and_does_not_apologise() {
    // The demo does as Open Zaak: uiterlijkeEinddatumAfdoening stays at startdatum +
    // doorlooptijd (P6W) after a verlenging of P6W. Started 50 days ago, the doorlooptijd
    // passed 8 days ago; with the verlenging there are 34 days to go.
    let app = logged_in(JANSEN).await;
    let (_, page) = app.get_page(&format!("/zaken/{}", zaak_uuid(1))).await;
    let today = mijnzaken::domain::dates::today_in_amsterdam(time::OffsetDateTime::now_utc());
    let expected = today - time::Duration::days(50) + time::Duration::weeks(12);
    assert_eq!(
        page.texts("[data-testid=verwachte-einddatum]"),
        [format!(
            "{} (na verlenging)",
            mijnzaken::domain::dates::format_date(expected)
        )]
    );
    assert_eq!(page.count("[data-testid=te-laat]"), 0, "no false apology");
    let (_, overview) = app.get_page("/zaken").await;
    assert_eq!(overview.count("[data-testid=badge-verlengd]"), 1);
    assert_eq!(
        overview.count("[data-testid=badge-te-laat]"),
        1,
        "only the omgevingsvergunning is late"
    );
}

#[tokio::test]
async fn the_summary_says_where_the_zaak_is_when_it_should_be_ready_and_why_it_waits() {
    let app = logged_in(JANSEN).await;
    let summary =
        |page: &Page, part: &str| page.texts(&format!("[data-testid=samenvatting-{part}]"));
    let keys = |page: &Page| page.texts("[data-testid=samenvatting] dt");

    // Verlengd: the step and the new date.
    let (_, verlengd) = app.get_page(&format!("/zaken/{}", zaak_uuid(1))).await;
    assert_eq!(keys(&verlengd), ["Nu", "Verwacht klaar"]);
    assert_eq!(
        summary(&verlengd, "datum"),
        verlengd.texts("[data-testid=verwachte-einddatum]"),
        "the date alone"
    );
    let nu = summary(&verlengd, "nu").join("");
    // The steps list below: three steps, the second current.
    assert_eq!(verlengd.count("[data-testid=stap]"), 3);
    assert_eq!(
        verlengd.count("[data-testid=stap]:nth-child(2)[aria-current=step]"),
        1
    );
    assert!(nu.starts_with("Stap 2 van 3:"), "{nu}");
    // The verlengd notice gives the new date too.
    assert_eq!(
        verlengd.texts("[data-testid=verlengd-datum]"),
        [format!(
            "Nu verwacht klaar: {}.",
            verlengd.texts("[data-testid=verwachte-einddatum]")[0]
                .trim_end_matches(" (na verlenging)")
        )]
    );
    assert_eq!(
        verlengd.texts("[data-testid=verlengd] strong"),
        ["Verlengd: de gemeente neemt meer tijd voor uw zaak"]
    );

    // Opgeschort: the date moves while the gemeente waits, and what it waits for.
    let (_, opgeschort) = app.get_page(&format!("/zaken/{}", zaak_uuid(2))).await;
    assert_eq!(
        keys(&opgeschort),
        ["Nu", "Wat u moet doen", "Verwacht klaar"],
        "what it waits for is what the citizen must do: said once"
    );
    let datum = summary(&opgeschort, "datum").join("");
    assert!(
        datum.ends_with(", maar deze datum schuift op zolang de behandeling stilstaat"),
        "{datum}"
    );
    assert!(opgeschort
        .texts("[data-testid=opgeschort] p")
        .join(" ")
        .contains("Reden: We wachten op uw bankafschriften"));

    // Overdue: the date was the original expectation.
    let (_, overdue) = app.get_page(&format!("/zaken/{}", zaak_uuid(3))).await;
    assert_eq!(keys(&overdue), ["Nu", "Oorspronkelijk verwacht"]);
    assert!(summary(&overdue, "datum")
        .join("")
        .ends_with(". Het duurt langer dan verwacht."));

    // Closed: when, and the outcome.
    let (_, closed) = app.get_page(&format!("/zaken/{}", zaak_uuid(4))).await;
    assert_eq!(keys(&closed), ["Uitkomst", "Afgerond op"]);
    let uitkomst = summary(&closed, "uitkomst").join("");
    assert!(uitkomst.contains("Verleend"), "{uitkomst}");
}

#[tokio::test]
async fn the_gemeentes_texts_say_what_to_do_by_when_and_explain_the_steps_and_the_outcome() {
    use mijnzaken::domain::dates::{format_date, today_in_amsterdam};
    let app = logged_in(JANSEN).await;
    // The inkomenstoeslag waits for bank statements since its status of 30 days ago; the
    // demo's texts give six weeks from then.
    let (_, wacht) = app.get_page(&format!("/zaken/{}", zaak_uuid(2))).await;
    let actie = wacht.texts("[data-testid=samenvatting-actie]").join("");
    let today = today_in_amsterdam(time::OffsetDateTime::now_utc());
    let uiterlijk = today - time::Duration::days(30) + time::Duration::weeks(6);
    assert!(
        actie.starts_with("Stuur ons uw bankafschriften van de laatste 3 maanden.")
            && actie.contains(&format!("Doe dit uiterlijk {}.", format_date(uiterlijk))),
        "{actie}"
    );
    assert_eq!(
        wacht.attr("[data-testid=actie-link]", "href").as_deref(),
        Some("https://www.example.org/inkomenstoeslag/gegevens-sturen")
    );
    assert_eq!(
        wacht.attr("[data-testid=actie-email]", "href").as_deref(),
        Some("mailto:inkomen@example.org")
    );
    assert!(wacht
        .texts("[aria-current=step] [data-testid=stap-uitleg]")
        .contains(&"We kunnen uw aanvraag pas beoordelen als we uw gegevens hebben.".to_owned()));
    assert_eq!(
        wacht.count("[data-testid=stap-uitleg]"),
        4,
        "every step of the inkomenstoeslag has an explanation"
    );

    // Nothing asked at the WOZ-bezwaar's step.
    let (_, bezwaar) = app.get_page(&format!("/zaken/{}", zaak_uuid(1))).await;
    assert_eq!(bezwaar.count("[data-testid=samenvatting-actie]"), 0);

    // A closed zaak: the gemeente's words for the outcome first, the term after.
    let (_, closed) = app.get_page(&format!("/zaken/{}", zaak_uuid(4))).await;
    let uitkomst = closed.texts("[data-testid=samenvatting-uitkomst]").join("");
    assert_eq!(
        uitkomst,
        "U hebt een parkeervergunning. Die geldt voor het kenteken in de brief. (Verleend)"
    );
}

#[tokio::test]
async fn steps_to_come_say_when_they_are_expected_from_their_statustypes_doorlooptijd() {
    use mijnzaken::domain::dates::{format_date, today_in_amsterdam};
    let app = logged_in(JANSEN).await;
    // The subsidie started yesterday; its catalogue gives step 2 three weeks, step 3 eight,
    // and the zaak thirteen, which is when the last step is expected.
    let (_, subsidie) = app.get_page(&format!("/zaken/{}", zaak_uuid(6))).await;
    let start = today_in_amsterdam(time::OffsetDateTime::now_utc()) - time::Duration::days(1);
    let expected: Vec<String> = [3, 8, 13]
        .iter()
        .map(|weeks| {
            format!(
                "Verwacht: {}",
                format_date(start + time::Duration::weeks(*weeks))
            )
        })
        .collect();
    assert_eq!(
        subsidie.texts("[data-state=not-checked] [data-testid=stap-verwacht]"),
        expected
    );
    assert_eq!(
        subsidie.count("[data-testid=stap-verwacht]"),
        3,
        "none on reached steps"
    );
    // Opgeschort: nobody knows how long the wait lasts, so no step promises a day.
    let (_, wacht) = app.get_page(&format!("/zaken/{}", zaak_uuid(2))).await;
    assert_eq!(wacht.count("[data-testid=stap-verwacht]"), 0);
    // Overdue: the last step's day has passed and is not promised again.
    let (_, overdue) = app.get_page(&format!("/zaken/{}", zaak_uuid(3))).await;
    assert_eq!(overdue.count("[data-testid=stap-verwacht]"), 0);
}

#[tokio::test]
async fn a_zaak_without_a_status_is_at_its_first_step_on_the_card_and_on_its_page() {
    // A text keyed by the first statustype's omschrijving: the subsidie of yesterday has
    // no status yet, and both pages must find it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("teksten.toml");
    std::fs::write(
        &file,
        "[zaaktype.SUBSIDIE-GELUID.stap.\"Ontvangen\".actie]\nwat = \"Stuur ons een foto van uw raam.\"\n",
    )
    .unwrap();
    let app =
        crate::helpers::spawn_app_with(&[("MIJNZAKEN_CONTENT_FILE", file.to_str().unwrap())]).await;
    let overview = app.login_as("digid", JANSEN).await;
    assert_eq!(
        overview.texts("[data-testid=lopende-zaken] [data-testid=zaak]:first-child h3"),
        ["Geluidsisolatie slaapkamers"]
    );
    assert_eq!(
        overview.count(
            "[data-testid=lopende-zaken] [data-testid=zaak]:first-child [data-testid=badge-actie]"
        ),
        1
    );
    let (_, page) = app.get_page(&format!("/zaken/{}", zaak_uuid(6))).await;
    assert_eq!(
        page.texts("[data-testid=samenvatting-actie] strong"),
        ["Stuur ons een foto van uw raam."]
    );
}

#[tokio::test]
async fn without_a_text_for_it_the_page_keeps_the_zaaksysteems_own() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("teksten.toml");
    std::fs::write(
        &file,
        "[zaaktype.KLACHT.resultaat.Gegrond]\nuitleg = \"U hebt gelijk gekregen.\"\n",
    )
    .unwrap();
    let app =
        crate::helpers::spawn_app_with(&[("MIJNZAKEN_CONTENT_FILE", file.to_str().unwrap())]).await;
    app.login_as("digid", JANSEN).await;
    // The klacht: the file's text.
    let (_, klacht) = app.get_page(&format!("/zaken/{}", zaak_uuid(5))).await;
    assert_eq!(
        klacht.texts("[data-testid=samenvatting-uitkomst]").join(""),
        "U hebt gelijk gekregen. (Gegrond)"
    );
    // The parkeervergunning is not in the file: the resultaat's own toelichting.
    let (_, parkeer) = app.get_page(&format!("/zaken/{}", zaak_uuid(4))).await;
    assert_eq!(
        parkeer
            .texts("[data-testid=samenvatting-uitkomst]")
            .join(""),
        "De vergunning geldt voor kenteken XX-123-X. (Verleend)"
    );
    // Nothing is asked, nothing explained: this file replaced the demo's texts.
    let (_, wacht) = app.get_page(&format!("/zaken/{}", zaak_uuid(2))).await;
    assert_eq!(wacht.count("[data-testid=samenvatting-actie]"), 0);
    assert_eq!(wacht.count("[data-testid=stap-uitleg]"), 0);
    // Without an action, the summary says what the zaak waits for.
    assert_eq!(
        wacht.texts("[data-testid=samenvatting] dt"),
        ["Nu", "Verwacht klaar", "Waarom het stilstaat"]
    );
    assert!(wacht
        .texts("[data-testid=samenvatting-reden]")
        .join("")
        .contains("bankafschriften"));
    let (_, overview) = app.get_page("/zaken").await;
    assert_eq!(overview.count("[data-testid=badge-actie]"), 0);
}

#[tokio::test]
async fn a_suspended_zaak_gets_no_no_news_reassurance_and_a_skipped_step_stays_in_place() {
    let app = logged_in(JANSEN).await;
    // Opgeschort, waiting for the citizen's bank statements; its latest status is 30
    // days old.
    let (_, suspended) = app.get_page(&format!("/zaken/{}", zaak_uuid(2))).await;
    assert_eq!(suspended.count("[data-testid=opgeschort]"), 1);
    assert_eq!(suspended.count("[data-testid=geruststelling]"), 0);

    // The klacht was settled by phone: "Klachtbehandeling" was not needed.
    let (_, klacht) = app.get_page(&format!("/zaken/{}", zaak_uuid(5))).await;
    assert_eq!(step_states(&klacht), ["checked", "skipped", "current"]);
    let skipped = klacht.texts("[data-state=skipped]").join(" ");
    assert!(
        skipped.contains("Een klachtbehandelaar bekijkt uw klacht"),
        "{skipped}"
    );
    assert!(skipped.contains("Deze stap was niet nodig"), "{skipped}");
    assert!(
        skipped.contains("Overgeslagen"),
        "said to screen readers: {skipped}"
    );
}

async fn assert_not_found(app: &TestApp, path: &str) {
    let (status, page) = app.get_page(path).await;
    assert_eq!(status, 404, "{path}");
    assert_eq!(page.h1(), "Pagina niet gevonden", "{path}");
}

#[tokio::test]
async fn hidden_zaken_and_documents_answer_like_zaken_that_do_not_exist() {
    let app = logged_in(JANSEN).await;
    for path in [
        format!("/zaken/{}", zaak_uuid(7)),   // intern zaaktype
        format!("/zaken/{}", zaak_uuid(8)),   // geheim
        format!("/zaken/{}", zaak_uuid(999)), // does not exist
        "/zaken/niet-een-uuid".to_owned(),
        format!("/zaken/{}/documenten/{}", zaak_uuid(1), document_uuid(3)), // in bewerking
        format!("/zaken/{}/documenten/{}", zaak_uuid(4), document_uuid(7)), // geheim
        format!("/zaken/{}/documenten/{}", zaak_uuid(1), document_uuid(6)), // another zaak's
    ] {
        assert_not_found(&app, &path).await;
    }
}

#[tokio::test]
async fn another_persons_zaak_and_document_are_not_found_and_not_fetched() {
    let app = logged_in(EL_AMRANI).await;
    let before = app
        .get("/demo/zgw/_stats")
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_not_found(&app, &format!("/zaken/{}", zaak_uuid(1))).await;
    let after = app
        .get("/demo/zgw/_stats")
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let requests = |v: &serde_json::Value| v["requests"].as_u64().unwrap();
    assert!(
        requests(&after) - requests(&before) <= 3,
        "only the ownership check (zaak, rollen, zaaktype) reaches the upstream"
    );
    assert_not_found(
        &app,
        &format!("/zaken/{}/documenten/{}", zaak_uuid(1), document_uuid(1)),
    )
    .await;
    // Their own zaak, with someone else's document.
    assert_not_found(
        &app,
        &format!("/zaken/{}/documenten/{}", zaak_uuid(9), document_uuid(1)),
    )
    .await;
}

#[tokio::test]
async fn documents_say_whether_the_gemeente_sent_or_received_them_and_which_are_new() {
    let app = logged_in(JANSEN).await;
    let (_, bezwaar) = app.get_page(&format!("/zaken/{}", zaak_uuid(1))).await;
    let today = mijnzaken::domain::dates::today_in_amsterdam(time::OffsetDateTime::now_utc());
    let date = |days| mijnzaken::domain::dates::format_date(today - time::Duration::days(days));
    let details = bezwaar.texts("[data-testid=document] .mijnzaken-document__details");
    // Newest first (the concept is not shown): what the gemeente sent, what it received.
    assert_eq!(details.len(), 2, "{details:?}");
    assert!(
        details[0].starts_with(&format!(
            "Ontvangstbevestiging · verstuurd door de gemeente op {} · PDF",
            date(49)
        )),
        "{details:?}"
    );
    assert!(
        details[1].starts_with(&format!(
            "Aanvraag · ontvangen door de gemeente op {} · PDF",
            date(50)
        )),
        "{details:?}"
    );
    assert_eq!(
        bezwaar.count("[data-testid=document-nieuw]"),
        0,
        "49 and 50 days old"
    );
    // The invitation of five days ago is new; nothing else of El Amrani's is.
    let app = logged_in(EL_AMRANI).await;
    let (_, subsidie) = app.get_page(&format!("/zaken/{}", zaak_uuid(9))).await;
    assert_eq!(
        subsidie.texts("[data-testid=document-nieuw]"),
        ["Nieuw"],
        "{:?}",
        subsidie.texts("[data-testid=document]")
    );
    assert!(subsidie.texts("[data-testid=document] a")[0].starts_with("Uitnodiging opname woning"));
}

#[tokio::test]
async fn a_download_streams_the_upstream_bytes_as_an_attachment() {
    let app = logged_in(JANSEN).await;
    let response = app
        .get(&format!(
            "/zaken/{}/documenten/{}",
            zaak_uuid(1),
            document_uuid(1)
        ))
        .await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    let disposition = headers["content-disposition"].to_str().unwrap();
    // The zaaknummer first, so that the file in the downloads folder says its zaak.
    let year = mijnzaken::domain::dates::today_in_amsterdam(time::OffsetDateTime::now_utc()).year();
    assert!(
        disposition.starts_with(&format!(
            "attachment; filename=\"ZAAK-{year}-0000101 bezwaarschrift.pdf\""
        )),
        "{disposition}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let bytes = response.bytes().await.unwrap();

    let upstream = crate::zgw_demo::api_get(
        &app,
        &format!(
            "/demo/zgw/documenten/api/v1/enkelvoudiginformatieobjecten/{}/download",
            document_uuid(1)
        ),
    )
    .await;
    assert_eq!(upstream.status(), 200);
    assert_eq!(bytes, upstream.bytes().await.unwrap(), "the same bytes");
    assert!(bytes.starts_with(b"%PDF-"));
}

#[tokio::test]
async fn the_zaken_pages_need_a_login() {
    let app = spawn_app().await;
    for path in [
        "/zaken".to_owned(),
        format!("/zaken/{}", zaak_uuid(1)),
        format!("/zaken/{}/documenten/{}", zaak_uuid(1), document_uuid(1)),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(response.headers()["location"], "/", "{path}");
    }
}

pub mod fake_upstream {
    //! The portal in demo mode (for the demo login) with its ZGW roots on a wiremock
    //! server, to shape upstream answers the demo never gives.

    use serde_json::{json, Value};
    use wiremock::{
        matchers::{method, path, path_regex},
        Mock, MockServer, ResponseTemplate,
    };

    use super::*;

    pub const ZAAK: &str = "6a1f0000-0000-4000-8000-000000000001";
    pub const DOC: &str = "6d1f0000-0000-4000-8000-000000000001";

    pub async fn portal(server: &MockServer) -> TestApp {
        portal_with(server, &[]).await
    }

    /// [`portal`] with more settings.
    pub async fn portal_with(server: &MockServer, extra: &[(&str, &str)]) -> TestApp {
        let root = |api: &str| format!("{}/{api}/api/v1/", server.uri());
        let (zaken, catalogi, documenten) = (root("zaken"), root("catalogi"), root("documenten"));
        let mut settings = vec![
            ("MIJNZAKEN_ZAKEN_API_URL", zaken.as_str()),
            ("MIJNZAKEN_CATALOGI_API_URL", catalogi.as_str()),
            ("MIJNZAKEN_DOCUMENTEN_API_URL", documenten.as_str()),
            ("MIJNZAKEN_ZGW_CLIENT_ID", "mijnzaken-test"),
            ("MIJNZAKEN_ZGW_SECRET", "test-secret"),
            ("MIJNZAKEN_ZGW_TIMEOUT_SECONDS", "2"),
        ];
        settings.extend_from_slice(extra);
        let app = crate::helpers::spawn_production_with_demo_login(&settings).await;
        app.login_as("digid", JANSEN).await;
        app
    }

    pub fn zaak(base: &str, omschrijving: &str, toelichting: &str) -> Value {
        json!({
            "url": format!("{base}/zaken/api/v1/zaken/{ZAAK}"),
            "identificatie": "ZAAK-FAKE-1",
            "omschrijving": omschrijving,
            "toelichting": toelichting,
            "zaaktype": format!("{base}/catalogi/api/v1/zaaktypen/1"),
            "startdatum": "2026-11-02",
            "einddatum": null,
            "vertrouwelijkheidaanduiding": "openbaar",
            "status": format!("{base}/zaken/api/v1/statussen/1"),
            "resultaat": null,
            "_expand": {}
        })
    }

    pub fn page(items: Vec<Value>) -> Value {
        json!({"count": items.len(), "next": null, "previous": null, "results": items})
    }

    /// Answers GET `at` with `body`.
    async fn serve(server: &MockServer, at: impl AsRef<str>, body: Value) {
        Mock::given(method("GET"))
            .and(path(at.as_ref()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(server)
            .await;
    }

    /// One zaak of Jansen with one status and one document; `zaak` as given.
    pub async fn mount(server: &MockServer, zaak: Value) {
        let base = server.uri();
        serve(server, "/zaken/api/v1/zaken", page(vec![zaak.clone()])).await;
        serve(server, format!("/zaken/api/v1/zaken/{ZAAK}"), zaak).await;
        let rol = json!({
            "url": format!("{base}/zaken/api/v1/rollen/1"),
            "zaak": format!("{base}/zaken/api/v1/zaken/{ZAAK}"),
            "betrokkeneType": "natuurlijk_persoon",
            "omschrijvingGeneriek": "initiator",
            "betrokkeneIdentificatie": {"inpBsn": "999993653"}
        });
        serve(server, "/zaken/api/v1/rollen", page(vec![rol])).await;
        let status = json!({
            "url": format!("{base}/zaken/api/v1/statussen/1"),
            "zaak": format!("{base}/zaken/api/v1/zaken/{ZAAK}"),
            "statustype": format!("{base}/catalogi/api/v1/statustypen/1"),
            "datumStatusGezet": "2026-11-02T10:00:00Z",
            "statustoelichting": "<script>alert('toelichting')</script>"
        });
        serve(server, "/zaken/api/v1/statussen/1", status.clone()).await;
        serve(server, "/zaken/api/v1/statussen", page(vec![status])).await;
        let zio = json!([{
            "url": format!("{base}/zaken/api/v1/zaakinformatieobjecten/1"),
            "informatieobject": format!("{base}/documenten/api/v1/enkelvoudiginformatieobjecten/{DOC}"),
            "zaak": format!("{base}/zaken/api/v1/zaken/{ZAAK}")
        }]);
        serve(server, "/zaken/api/v1/zaakinformatieobjecten", zio).await;
        let statustype = json!({
            "url": format!("{base}/catalogi/api/v1/statustypen/1"),
            "omschrijving": "Ontvangen",
            "statustekst": "We hebben uw <b>aanvraag</b> ontvangen",
            "zaaktype": format!("{base}/catalogi/api/v1/zaaktypen/1"),
            "volgnummer": 1,
            "isEindstatus": false
        });
        serve(server, "/catalogi/api/v1/statustypen/1", statustype.clone()).await;
        serve(
            server,
            "/catalogi/api/v1/statustypen",
            page(vec![statustype]),
        )
        .await;
        serve(
            server,
            "/catalogi/api/v1/zaaktypen/1",
            json!({
                "url": format!("{base}/catalogi/api/v1/zaaktypen/1"),
                "identificatie": "FAKE",
                "omschrijving": "Aanvraag <i>test</i>",
                "vertrouwelijkheidaanduiding": "openbaar",
                "indicatieInternOfExtern": "extern",
                "doorlooptijd": "P8W",
                "statustypen": [format!("{base}/catalogi/api/v1/statustypen/1")]
            }),
        )
        .await;
        serve(server, format!("/documenten/api/v1/enkelvoudiginformatieobjecten/{DOC}"), json!({
                "url": format!("{base}/documenten/api/v1/enkelvoudiginformatieobjecten/{DOC}"),
                "identificatie": "DOC-1",
                "titel": "Brief <img src=x onerror=alert(1)>",
                "vertrouwelijkheidaanduiding": "openbaar",
                "status": "definitief",
                "formaat": "text/html",
                "bestandsnaam": "../../brief.html",
                "bestandsomvang": 11,
                "inhoud": format!("{base}/documenten/api/v1/enkelvoudiginformatieobjecten/{DOC}/download"),
                "creatiedatum": "2026-11-02",
                "informatieobjecttype": format!("{base}/catalogi/api/v1/informatieobjecttypen/1")
            })).await;
        serve(
            server,
            "/catalogi/api/v1/informatieobjecttypen/1",
            json!({
                "url": format!("{base}/catalogi/api/v1/informatieobjecttypen/1"),
                "omschrijving": "Brief",
                "vertrouwelijkheidaanduiding": "openbaar"
            }),
        )
        .await;
        Mock::given(method("GET"))
            .and(path_regex(r"/download$"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(b"<h1>hoi</h1>".to_vec(), "text/html"),
            )
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn html_and_script_from_upstream_are_shown_as_text() {
    let server = wiremock::MockServer::start().await;
    let zaak = fake_upstream::zaak(
        &server.uri(),
        "<script>alert('omschrijving')</script>Dakkapel",
        "<b>vet</b> & \"quotes\"",
    );
    fake_upstream::mount(&server, zaak).await;
    let app = fake_upstream::portal(&server).await;
    for path in [
        "/zaken".to_owned(),
        format!("/zaken/{}", fake_upstream::ZAAK),
    ] {
        let (status, page) = app.get_page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(page.count("script"), 0, "{path}: no script element");
        assert_eq!(
            page.count("main b, main i, main img"),
            0,
            "{path}: no upstream markup"
        );
        assert!(
            page.body.contains("&lt;script&gt;alert("),
            "{path}: shown as text"
        );
    }
    let (_, detail) = app
        .get_page(&format!("/zaken/{}", fake_upstream::ZAAK))
        .await;
    assert!(
        detail.body.contains("&lt;b&gt;vet&lt;/b&gt; &amp; "),
        "the toelichting"
    );
    assert!(detail.texts("[data-testid=document] a")[0].starts_with("Brief <img"));

    // An HTML document is not served as HTML, and its name cannot climb directories.
    let download = app
        .get(&format!(
            "/zaken/{}/documenten/{}",
            fake_upstream::ZAAK,
            fake_upstream::DOC
        ))
        .await;
    assert_eq!(download.status(), 200);
    assert_eq!(
        download.headers()["content-type"],
        "application/octet-stream"
    );
    let disposition = download.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"ZAAK-FAKE-1 brief.html\""),
        "{disposition}"
    );
}

#[tokio::test]
async fn urls_outside_the_configured_roots_are_never_requested() {
    let server = wiremock::MockServer::start().await;
    let foreign = wiremock::MockServer::start().await;
    let mut zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
    // Another host for the status, a path outside the root for the zaaktype.
    zaak["status"] = format!("{}/zaken/api/v1/statussen/1", foreign.uri()).into();
    fake_upstream::mount(&server, zaak.clone()).await;
    let app = fake_upstream::portal(&server).await;
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 200);
    assert_eq!(page.count("[data-testid=zaak]"), 1);
    assert_eq!(
        page.count("[data-testid=deels-opgehaald]"),
        1,
        "the status is missing"
    );
    let (status, _) = app
        .get_page(&format!("/zaken/{}", fake_upstream::ZAAK))
        .await;
    assert_eq!(status, 200);
    assert!(
        foreign.received_requests().await.unwrap().is_empty(),
        "the foreign host got no request"
    );
}

#[tokio::test]
async fn a_document_without_dates_is_marked_by_its_type_as_the_gemeente_configured() {
    // The fake's document has neither verzenddatum nor ontvangstdatum, only a
    // creatiedatum; its informatieobjecttype is "Brief".
    let details = |page: &Page| page.texts(".mijnzaken-document__details");
    let server = wiremock::MockServer::start().await;
    let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
    fake_upstream::mount(&server, zaak).await;
    let plain = fake_upstream::portal(&server).await;
    let path = format!("/zaken/{}", fake_upstream::ZAAK);
    let (_, page) = plain.get_page(&path).await;
    assert_eq!(details(&page), ["Brief · 2 november 2026 · HTML, 11 bytes"]);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("teksten.toml");
    std::fs::write(
        &file,
        "[informatieobjecttype.brief]\nherkomst = \"aanvrager\"\n",
    )
    .unwrap();
    let configured = fake_upstream::portal_with(
        &server,
        &[("MIJNZAKEN_CONTENT_FILE", file.to_str().unwrap())],
    )
    .await;
    let (_, page) = configured.get_page(&path).await;
    assert_eq!(
        details(&page),
        ["Brief · gestuurd door u · 2 november 2026 · HTML, 11 bytes"]
    );
}

#[tokio::test]
async fn a_closed_zaak_whose_outcome_cannot_be_fetched_keeps_its_card_and_says_so() {
    let server = wiremock::MockServer::start().await;
    let mut zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
    zaak["einddatum"] = "2026-11-20".into();
    zaak["resultaat"] = format!("{}/zaken/api/v1/resultaten/1", server.uri()).into();
    wiremock::Mock::given(wiremock::matchers::path("/zaken/api/v1/resultaten/1"))
        .respond_with(wiremock::ResponseTemplate::new(500))
        .mount(&server)
        .await;
    fake_upstream::mount(&server, zaak).await;
    let app = fake_upstream::portal(&server).await;
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 200);
    assert_eq!(
        page.count("[data-testid=afgeronde-zaken] [data-testid=zaak]"),
        1
    );
    assert_eq!(
        page.texts("[data-testid=zaak-uitkomst]"),
        ["Nu niet te zien"]
    );
    assert!(page
        .texts("[data-testid=deels-opgehaald]")
        .join(" ")
        .contains("de status of de uitkomst nu niet laten zien"));
    assert_eq!(
        page.texts("[data-testid=afgeronde-zaken] [data-testid=zaak] dt"),
        ["Uitkomst", "Afgerond op"]
    );
    // Its page says so in the summary and below the steps; the rest is there.
    let (status, detail) = app
        .get_page(&format!("/zaken/{}", fake_upstream::ZAAK))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        detail.texts("[data-testid=samenvatting-uitkomst]"),
        ["Nu niet te zien"]
    );
    assert_eq!(detail.count("[data-testid=resultaat-niet-beschikbaar]"), 1);
    assert_eq!(detail.count("[data-testid=document]"), 1);
}

#[tokio::test]
async fn a_document_the_documenten_api_will_not_serve_gets_an_honest_page() {
    // Everything checks out, but the download itself fails upstream (406, 404 or 500):
    // that is not "the zaaksysteem is unreachable".
    for status in [406, 404, 500] {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::path_regex(r"/download$"))
            .respond_with(wiremock::ResponseTemplate::new(status))
            .with_priority(1)
            .mount(&server)
            .await;
        let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
        fake_upstream::mount(&server, zaak).await;
        let app = fake_upstream::portal(&server).await;
        let (code, page) = app
            .get_page(&format!(
                "/zaken/{}/documenten/{}",
                fake_upstream::ZAAK,
                fake_upstream::DOC
            ))
            .await;
        assert_eq!(code, 502, "{status}");
        assert_eq!(page.h1(), "Dit document kunnen we nu niet laten zien");
        let text = page
            .texts("[data-testid=document-niet-beschikbaar]")
            .join(" ");
        assert!(
            text.contains("Het document is op dit moment niet beschikbaar"),
            "{status}: {text}"
        );
        assert!(!page.body.contains("niet bereikbaar"), "{status}");
        assert_eq!(
            page.attr(".mijnzaken-back a", "href").as_deref(),
            Some(format!("/zaken/{}", fake_upstream::ZAAK).as_str())
        );
    }
}

#[tokio::test]
async fn a_document_the_portal_may_not_read_is_hidden_not_missing() {
    // Open Zaak answers 403 for a document above the portal's autorisaties while the link
    // from the zaak stays listed: not "we cannot show all documents", and no download.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path(format!(
        "/documenten/api/v1/enkelvoudiginformatieobjecten/{}",
        fake_upstream::DOC
    )))
    .respond_with(wiremock::ResponseTemplate::new(403))
    .with_priority(1)
    .mount(&server)
    .await;
    let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
    fake_upstream::mount(&server, zaak).await;
    let app = fake_upstream::portal(&server).await;
    let (status, page) = app
        .get_page(&format!("/zaken/{}", fake_upstream::ZAAK))
        .await;
    assert_eq!(status, 200);
    assert_eq!(page.count("[data-testid=document]"), 0);
    assert_eq!(page.count("[data-testid=documenten-deels]"), 0);
    assert_eq!(page.count("[data-testid=geen-documenten]"), 1);
    assert_not_found(
        &app,
        &format!(
            "/zaken/{}/documenten/{}",
            fake_upstream::ZAAK,
            fake_upstream::DOC
        ),
    )
    .await;
}

#[tokio::test]
async fn impossible_dates_and_durations_from_upstream_become_unknown_not_a_crash() {
    // A doorlooptijd of 9.3 × 10^18 seconds and a status set in the year 10000 (UTC).
    let server = wiremock::MockServer::start().await;
    let base = server.uri();
    let statustype = format!("{base}/catalogi/api/v1/statustypen/1");
    let status = serde_json::json!({
        "url": format!("{base}/zaken/api/v1/statussen/1"),
        "zaak": format!("{base}/zaken/api/v1/zaken/{}", fake_upstream::ZAAK),
        "statustype": statustype,
        "datumStatusGezet": "9999-12-31T23:30:00-05:00",
        "statustoelichting": ""
    });
    for (at, body) in [
        (
            "/zaken/api/v1/statussen".to_owned(),
            fake_upstream::page(vec![status.clone()]),
        ),
        ("/zaken/api/v1/statussen/1".to_owned(), status),
        (
            "/catalogi/api/v1/zaaktypen/1".to_owned(),
            serde_json::json!({
                "url": format!("{base}/catalogi/api/v1/zaaktypen/1"),
                "omschrijving": "Aanvraag",
                "vertrouwelijkheidaanduiding": "openbaar",
                "indicatieInternOfExtern": "extern",
                "doorlooptijd": "PT9300000000000000000S"
            }),
        ),
    ] {
        wiremock::Mock::given(wiremock::matchers::path(at))
            .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(body))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    let zaak = fake_upstream::zaak(&base, "Dakkapel", "");
    fake_upstream::mount(&server, zaak).await;
    let app = fake_upstream::portal(&server).await;
    let (status, page) = app
        .get_page(&format!("/zaken/{}", fake_upstream::ZAAK))
        .await;
    assert_eq!(status, 200);
    assert_eq!(page.h1(), "Dakkapel");
    assert_eq!(page.count("[data-testid=stappen-niet-beschikbaar]"), 1);
    assert_eq!(page.count("[data-testid=verwachte-einddatum]"), 0);
    let (status, overview) = app.get_page("/zaken").await;
    assert_eq!(status, 200);
    assert_eq!(overview.texts("[data-testid=zaak] h3"), ["Dakkapel"]);
}

#[tokio::test]
async fn one_api_down_leaves_the_rest_of_the_page_with_a_notice() {
    // The Documenten API answers 500: the zaak and its steps still show.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path_regex("^/documenten/"))
        .respond_with(wiremock::ResponseTemplate::new(500))
        .with_priority(1)
        .mount(&server)
        .await;
    let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
    fake_upstream::mount(&server, zaak).await;
    let app = fake_upstream::portal(&server).await;
    let (status, page) = app
        .get_page(&format!("/zaken/{}", fake_upstream::ZAAK))
        .await;
    assert_eq!(status, 200);
    assert_eq!(page.count("[data-testid=stap]"), 1);
    assert_eq!(
        page.count("[data-testid=documenten-deels]"),
        1,
        "{}",
        page.body
    );
    assert_eq!(page.count("[data-testid=document]"), 0);

    // The Catalogi API down: the overview cannot check the zaaktype, so it hides the
    // zaak and says that the list is not complete.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path_regex("^/catalogi/"))
        .respond_with(wiremock::ResponseTemplate::new(503))
        .with_priority(1)
        .mount(&server)
        .await;
    let zaak = fake_upstream::zaak(&server.uri(), "Dakkapel", "");
    fake_upstream::mount(&server, zaak).await;
    let app = fake_upstream::portal(&server).await;
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 200);
    let notice = page.texts("[data-testid=deels-opgehaald]").join(" ");
    assert!(
        notice.contains("We konden uw zaken nu niet ophalen"),
        "{notice}"
    );
    assert_eq!(page.count("[data-testid=geen-zaken]"), 0, "not 'no zaken'");
    assert!(
        !page.body.contains("U hebt geen lopende zaken"),
        "not 'no zaken'"
    );

    // The Zaken API unreachable: the overview says so, the detail gets a Dutch 503 page.
    let app = crate::helpers::spawn_production_with_zaaksysteem_down(&[]).await;
    app.login_as("digid", JANSEN).await;
    let (status, page) = app.get_page("/zaken").await;
    assert_eq!(status, 200);
    assert_eq!(page.count("[data-testid=deels-opgehaald]"), 1);
    let (status, page) = app
        .get_page(&format!("/zaken/{}", fake_upstream::ZAAK))
        .await;
    assert_eq!(status, 503);
    assert_eq!(page.h1(), "Deze zaak kunnen we nu niet laten zien");
}

#[tokio::test]
async fn a_zaak_that_cannot_be_shown_now_keeps_who_is_logged_in_and_the_logout() {
    let app = crate::helpers::spawn_production_with_zaaksysteem_down(&[]).await;
    app.login_as("digid", JANSEN).await;
    let (status, page) = app
        .get_page(&format!("/zaken/{}", fake_upstream::ZAAK))
        .await;
    assert_eq!(status, 503);
    assert_eq!(page.h1(), "Deze zaak kunnen we nu niet laten zien");
    let who = page.texts("header [data-testid=ingelogd-als]").join(" ");
    assert!(who.contains("BSN *****3653"), "{who}");
    assert_eq!(page.count("header form[action='/auth/logout']"), 1);
    // The logout button on this page works.
    let token = page
        .attr(
            "header form[action='/auth/logout'] input[name=csrf_token]",
            "value",
        )
        .unwrap();
    let form = vec![("csrf_token".to_owned(), token)];
    let out = app.post_form(&app.url("/auth/logout"), &form).await;
    assert_eq!(out.status(), 303);
    assert_ne!(crate::helpers::location(&out), "/zaken");
    assert_ne!(app.get("/zaken").await.status(), 200, "logged out");
}
