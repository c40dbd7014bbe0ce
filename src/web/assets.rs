//! Static assets: the stylesheet and its fonts, the favicon, the gemeente's logo and theme.
//!
//! Assets are held in memory and served under a URL that contains a hash of their
//! content, so browsers may cache them for a year: a new build or a new theme file gets a
//! new URL. The built stylesheet is compiled into the binary, so `cargo run` and a deployed
//! binary need no files next to them.

use std::{collections::HashMap, sync::Arc};

use axum::{
    body::Bytes,
    extract::{Path as UrlPath, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use crate::{config::Settings, state::AppState, web::error::AppError};

/// The bundled stylesheet, built from `style/` by `npm run build`.
const STYLESHEET: &[u8] = include_bytes!("../../public/mijnzaken.css");
const FAVICON: &[u8] = include_bytes!("../../public/favicon.svg");
/// The logo of the fictional demo gemeente.
const DEMO_LOGO: &[u8] = include_bytes!("../../public/gemeente-voorbeeld.svg");
/// The theme's fonts (Noto, SIL Open Font License 1.1), copied from npm by the style
/// build. The stylesheet names each as `/static/fonts/<name>.woff2`; [`Assets::load`]
/// points those URLs at the content-hashed ones.
const FONTS: [(&str, &[u8]); 3] = [
    (
        "noto-sans-latin-400-normal",
        include_bytes!("../../public/fonts/noto-sans-latin-400-normal.woff2"),
    ),
    (
        "noto-sans-latin-700-normal",
        include_bytes!("../../public/fonts/noto-sans-latin-700-normal.woff2"),
    ),
    (
        "noto-serif-latin-700-normal",
        include_bytes!("../../public/fonts/noto-serif-latin-700-normal.woff2"),
    ),
];

/// One asset with its content-addressed URL.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The URL path it is served at, e.g. `/static/mijnzaken.3f2a9c1d0b4e.css`.
    pub url: String,
    content_type: &'static str,
    bytes: Bytes,
}

impl Asset {
    fn new(stem: &str, extension: &str, content_type: &'static str, bytes: Bytes) -> Self {
        let digest = Sha256::digest(&bytes);
        let url = format!("/static/{stem}.{}.{extension}", &hex::encode(digest)[..12]);
        Self {
            url,
            content_type,
            bytes,
        }
    }
}

/// All assets of this portal instance.
#[derive(Debug)]
pub struct Assets {
    /// Our stylesheet: NL Design System components, token theme and our layer.
    pub stylesheet: Asset,
    /// The gemeente's extra theme stylesheet, loaded after ours.
    pub theme: Option<Asset>,
    /// The gemeente's logo.
    pub logo: Option<Asset>,
    /// The favicon.
    pub favicon: Asset,
    /// The fonts the stylesheet loads.
    pub fonts: Vec<Asset>,
    by_url: HashMap<String, Asset>,
}

impl Assets {
    /// Loads the assets the settings name. Fails when a configured file cannot be read.
    pub fn load(settings: &Settings) -> anyhow::Result<Arc<Self>> {
        use anyhow::Context as _;

        let fonts: Vec<Asset> = FONTS
            .iter()
            .map(|(name, bytes)| Asset::new(name, "woff2", "font/woff2", Bytes::from_static(bytes)))
            .collect();
        // The stylesheet with its font URLs made content-addressed, so that both may be
        // cached for a year.
        let mut css = String::from_utf8(STYLESHEET.to_vec()).context("the stylesheet is UTF-8")?;
        for ((name, _), font) in FONTS.iter().zip(&fonts) {
            let placeholder = format!("/static/fonts/{name}.woff2");
            anyhow::ensure!(
                css.contains(&placeholder),
                "the stylesheet does not load the font {name}"
            );
            css = css.replace(&placeholder, &font.url);
        }
        let stylesheet = Asset::new(
            "mijnzaken",
            "css",
            "text/css; charset=utf-8",
            Bytes::from(css),
        );
        let favicon = Asset::new(
            "favicon",
            "svg",
            "image/svg+xml",
            Bytes::from_static(FAVICON),
        );
        let theme = match &settings.gemeente.theme_css {
            Some(path) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("reading MIJNZAKEN_THEME_CSS {}", path.display()))?;
                Some(Asset::new(
                    "thema",
                    "css",
                    "text/css; charset=utf-8",
                    bytes.into(),
                ))
            }
            None => None,
        };
        let logo = match &settings.gemeente.logo {
            Some(path) => {
                let bytes = std::fs::read(path).with_context(|| {
                    format!("reading MIJNZAKEN_GEMEENTE_LOGO {}", path.display())
                })?;
                let content_type = crate::config::logo_content_type(path)
                    .context("MIJNZAKEN_GEMEENTE_LOGO must be .svg or .png")?;
                let extension = if content_type == "image/png" {
                    "png"
                } else {
                    "svg"
                };
                Some(Asset::new("logo", extension, content_type, bytes.into()))
            }
            None if settings.demo => Some(Asset::new(
                "logo",
                "svg",
                "image/svg+xml",
                Bytes::from_static(DEMO_LOGO),
            )),
            None => None,
        };

        let by_url = [
            Some(&stylesheet),
            Some(&favicon),
            theme.as_ref(),
            logo.as_ref(),
        ]
        .into_iter()
        .flatten()
        .chain(&fonts)
        .map(|a| (a.url.clone(), a.clone()))
        .collect();
        Ok(Arc::new(Self {
            stylesheet,
            theme,
            logo,
            favicon,
            fonts,
            by_url,
        }))
    }
}

/// The route of the static assets. Only they are compressed: compressing pages that carry
/// a CSRF token next to text from the request would open them to BREACH.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route(
        "/static/{file}",
        axum::routing::get(serve).layer(tower_http::compression::CompressionLayer::new()),
    )
}

/// `GET /static/{file}`.
pub async fn serve(
    State(state): State<AppState>,
    UrlPath(file): UrlPath<String>,
) -> Result<Response, AppError> {
    let asset = state
        .assets
        .by_url
        .get(&format!("/static/{file}"))
        .ok_or(AppError::NotFound)?;
    let mut response = asset.bytes.clone().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(response)
}
