//! The pages of the walking skeleton, as a user's browser receives them.

use crate::helpers::{spawn_app, spawn_app_with, spawn_production};

const PAGES: &[&str] = &["/", "/toegankelijkheid", "/privacy", "/contact"];

#[tokio::test]
async fn every_page_is_complete_dutch_html_in_the_page_frame() {
    let app = spawn_app().await;
    for path in PAGES {
        let (status, page) = app.get_page(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.body.starts_with("<!DOCTYPE html>"), "{path}");
        assert_eq!(page.attr("html", "lang").as_deref(), Some("nl"), "{path}");
        assert!(!page.h1().is_empty(), "{path}");
        let title = page.texts("title");
        assert_eq!(title.len(), 1, "{path}: {title:?}");
        assert!(
            title[0].ends_with("Mijn zaken - Gemeente Voorbeeld"),
            "{path}: {title:?}"
        );
        // The frame: header with the gemeente, one main landmark, footer links.
        assert!(
            page.texts("header")
                .join(" ")
                .contains("Gemeente Voorbeeld"),
            "{path}"
        );
        assert_eq!(page.count("main#inhoud"), 1, "{path}");
        let footer_links: Vec<_> = page.texts("footer a");
        assert_eq!(
            footer_links,
            [
                "Toegankelijkheidsverklaring",
                "Privacyverklaring",
                "Contact",
                "Voor medewerkers"
            ],
            "{path}"
        );
        // Nothing that needs JavaScript, and no data inside a script element.
        assert!(
            !page.body.contains("<script"),
            "{path} contains a script element"
        );
    }
}

#[tokio::test]
async fn the_skip_link_is_the_first_link_and_targets_main() {
    let app = spawn_app().await;
    for path in PAGES {
        let (_, page) = app.get_page(path).await;
        let first_link = page.attr("body a", "href");
        assert_eq!(first_link.as_deref(), Some("#inhoud"), "{path}");
        assert_eq!(page.texts("body a")[0], "Direct naar de inhoud", "{path}");
    }
}

#[tokio::test]
async fn home_offers_the_citizens_logins_first_and_medewerkers_a_footer_link() {
    let app = spawn_app().await;
    let (_, page) = app.get_page("/").await;
    assert_eq!(page.h1(), "Mijn zaken");
    let choices = page.texts(".mijnzaken-login-choice h3");
    assert_eq!(choices, ["Inwoners", "Ondernemers"], "no staff login here");
    // On a phone the DigiD button comes right after the lead sentence: before the
    // explanation of what the portal shows.
    let main = page.texts("main").join(" ");
    let digid = main.find("Inloggen met DigiD").expect("the DigiD button");
    let explanation = main
        .find("Wat ziet u in Mijn zaken?")
        .expect("the explanation");
    assert!(digid < explanation, "{main}");
    assert!(main.contains("eHerkenning"));
    assert_eq!(
        page.attr("footer a[href='/kcc']", "href").as_deref(),
        Some("/kcc"),
        "medewerkers find their entry in the footer"
    );
}

#[tokio::test]
async fn a_medewerker_starts_at_kcc_and_lands_there_after_the_login() {
    let app = spawn_app().await;
    let start = app.get("/kcc").await;
    assert_eq!(start.status(), 303);
    let login = crate::helpers::location(&start);
    assert_eq!(login, "/auth/medewerker/login?terug=%2Fkcc");
    let callback = app
        .callback_from(&login, "medewerker:anna.visser", None)
        .await;
    let done = app.client.get(&callback).send().await.unwrap();
    assert_eq!(crate::helpers::location(&done), "/kcc");
    // A citizen's page still sends a visitor to the home page.
    let other = app.other_browser();
    assert_eq!(crate::helpers::location(&other.get("/zaken").await), "/");
}

#[tokio::test]
async fn the_accessibility_statement_follows_the_model_structure() {
    let app = spawn_app().await;
    let (_, page) = app.get_page("/toegankelijkheid").await;
    assert_eq!(page.h1(), "Toegankelijkheidsverklaring");
    let headings = page.texts("main h2");
    for expected in [
        "Wat is de status?",
        "Wat doen wij om Mijn zaken toegankelijk te maken?",
        "Wat werkt nog niet goed?",
        "Ziet u een probleem?",
        "Bent u niet tevreden met ons antwoord?",
        "Over deze verklaring",
    ] {
        assert!(
            headings.iter().any(|h| h == expected),
            "missing {expected:?} in {headings:?}"
        );
    }
}

#[tokio::test]
async fn the_demo_shows_its_banner_and_production_does_not() {
    let demo = spawn_app().await;
    let (_, page) = demo.get_page("/").await;
    assert_eq!(
        page.texts("[data-testid=demo-banner]"),
        ["Demo-omgeving — dit zijn geen echte gegevens"]
    );

    let upstream = wiremock::MockServer::start().await;
    let production = spawn_production(&upstream.uri()).await;
    let (status, page) = production.get_page("/").await;
    assert_eq!(status, 200);
    assert_eq!(page.count("[data-testid=demo-banner]"), 0);
    assert!(page.texts("header").join(" ").contains("Gemeente Zuidstad"));
}

#[tokio::test]
async fn unknown_paths_get_the_dutch_404_page() {
    let app = spawn_app().await;
    for path in [
        "/bestaat-niet",
        "/zaken/../../etc/passwd",
        "/static/onbekend.css",
        "/static/x",
    ] {
        let (status, page) = app.get_page(path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(page.h1(), "Pagina niet gevonden", "{path}");
        assert_eq!(page.count("main#inhoud"), 1, "{path} is in the page frame");
    }
    let response = app
        .client
        .post(app.url("/bestaat-niet"))
        .header("Origin", &app.address)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("Pagina niet gevonden"));
}

#[tokio::test]
async fn demo_routes_exist_only_in_demo_mode() {
    let demo = spawn_app().await;
    assert_eq!(demo.get("/demo").await.status(), 200);
    let upstream = wiremock::MockServer::start().await;
    let production = spawn_production(&upstream.uri()).await;
    let (status, page) = production.get_page("/demo").await;
    assert_eq!(status, 404);
    assert_eq!(page.h1(), "Pagina niet gevonden");
}

#[tokio::test]
async fn static_assets_are_compressed_and_pages_are_not() {
    let app = spawn_app().await;
    let (_, page) = app.get_page("/").await;
    let href = page.attr("link[rel=stylesheet]", "href").unwrap();
    let css = app
        .client
        .get(app.url(&href))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["content-encoding"], "br");
    let compressed = css.bytes().await.unwrap().len();
    let plain = std::fs::metadata("public/mijnzaken.css").unwrap().len() as usize;
    assert!(compressed * 4 < plain, "{compressed} of {plain} bytes");
    let html = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert!(html.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn the_stylesheet_is_served_under_a_content_hash_with_long_caching() {
    let app = spawn_app().await;
    let (_, page) = app.get_page("/").await;
    let href = page
        .attr("link[rel=stylesheet]", "href")
        .expect("a stylesheet");
    assert!(
        href.starts_with("/static/mijnzaken.") && href.ends_with(".css"),
        "{href}"
    );
    let response = app.get(&href).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/css; charset=utf-8"
    );
    assert!(response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let body = String::from_utf8(response.bytes().await.unwrap().to_vec()).unwrap();
    assert!(
        body.contains(".utrecht-button"),
        "contains NL Design System CSS"
    );
    // The built stylesheet, with each font at its own content-hashed URL that serves the
    // font file (a font that does not load leaves the page in a fallback font).
    let mut built = std::fs::read_to_string("public/mijnzaken.css").unwrap();
    let fonts: Vec<&str> = body
        .split("url(")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|url| url.ends_with(".woff2"))
        .collect();
    assert_eq!(
        fonts.len(),
        3,
        "Noto Sans 400 and 700, Noto Serif 700: {fonts:?}"
    );
    for url in fonts {
        let name = url
            .strip_prefix("/static/")
            .and_then(|f| f.split('.').next())
            .unwrap();
        built = built.replace(&format!("/static/fonts/{name}.woff2"), url);
        let font = app.get(url).await;
        assert_eq!(font.status(), 200, "{url}");
        assert_eq!(font.headers()["content-type"], "font/woff2");
        assert!(font.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable"));
        let bytes = font.bytes().await.unwrap();
        let file = std::fs::read(format!("public/fonts/{name}.woff2")).unwrap();
        assert_eq!(bytes.as_ref(), file.as_slice(), "{url}");
        assert!(bytes.starts_with(b"wOF2"), "{url}");
    }
    assert_eq!(body, built, "serves the built stylesheet");
}

#[tokio::test]
async fn a_gemeente_brings_its_own_name_logo_and_theme() {
    let dir = std::env::temp_dir().join(format!("mijnzaken-theme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let theme = dir.join("zuidstad.css");
    std::fs::write(
        &theme,
        ".zuidstad-theme { --basis-color-accent-1-bg-default: #004b87; }",
    )
    .unwrap();
    let logo = dir.join("logo.svg");
    std::fs::write(&logo, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let app = spawn_app_with(&[
        ("MIJNZAKEN_GEMEENTE_NAAM", "Gemeente Zuidstad"),
        ("MIJNZAKEN_THEME_CSS", theme.to_str().unwrap()),
        ("MIJNZAKEN_THEME_CLASS", "zuidstad-theme"),
        ("MIJNZAKEN_GEMEENTE_LOGO", logo.to_str().unwrap()),
    ])
    .await;
    let (_, page) = app.get_page("/").await;
    assert!(page
        .attr("body", "class")
        .unwrap()
        .contains("zuidstad-theme"));
    let sheets: Vec<_> = page.texts("title");
    assert!(sheets[0].ends_with("Gemeente Zuidstad"));
    let theme_href = page
        .html
        .select(&scraper::Selector::parse("link[rel=stylesheet]").unwrap())
        .nth(1)
        .and_then(|e| e.value().attr("href"))
        .expect("the theme is linked after our stylesheet")
        .to_owned();
    let body = app.get(&theme_href).await.text().await.unwrap();
    assert!(body.contains("#004b87"));
    let logo_src = page.attr("header img", "src").expect("the logo is shown");
    assert_eq!(
        app.get(&logo_src).await.headers()["content-type"],
        "image/svg+xml"
    );
}

/// How often the demo's telephone number appears in the page's text, and how often as a
/// link that dials it.
fn phone_numbers(page: &crate::helpers::Page) -> (usize, usize) {
    let text = page.texts("body").join(" ");
    let links = page
        .texts("a[href='tel:140000']")
        .iter()
        .filter(|t| t.trim() == "14 0000")
        .count();
    (text.matches("14 0000").count(), links)
}

#[tokio::test]
async fn every_telephone_number_is_a_link_that_dials_it() {
    let app = spawn_app_with(&[(
        "MIJNZAKEN_GEMEENTE_BEREIKBAAR",
        "maandag tot en met vrijdag van 8.30 tot 17.00 uur",
    )])
    .await;
    let mut pages = Vec::new();
    for path in ["/", "/toegankelijkheid", "/contact"] {
        pages.push((path.to_owned(), app.get_page(path).await.1));
    }
    // A refused login (a callback without a login in progress).
    let (status, refused) = app.get_page("/auth/digid/callback?code=x&state=y").await;
    assert!(status.is_client_error(), "{status}");
    pages.push(("a refused login".to_owned(), refused));
    // Behind the login: the overview and an overdue zaak, which asks to call.
    app.login_as("digid", "bsn:999993653").await;
    let (_, overview) = app.get_page("/zaken").await;
    let zaken: Vec<String> = overview
        .html
        .select(&scraper::Selector::parse("a[href^='/zaken/']").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert!(!zaken.is_empty());
    pages.push(("/zaken".to_owned(), overview));
    let mut overdue = 0;
    for zaak in zaken {
        let (_, page) = app.get_page(&zaak).await;
        overdue += page.count("[data-testid=te-laat]");
        pages.push((zaak, page));
    }
    assert!(overdue > 0, "an overdue zaak asks to call");
    for (path, page) in &pages {
        let (mentioned, links) = phone_numbers(page);
        assert!(mentioned > 0, "{path} gives the number");
        assert_eq!(mentioned, links, "{path}: every mention dials");
    }
    let (_, contact) = app.get_page("/contact").await;
    assert!(contact
        .texts("body")
        .join(" ")
        .contains("14 0000 (maandag tot en met vrijdag van 8.30 tot 17.00 uur)"));
}
