//! The subscription at the gemeente's Notificaties API (`POST /abonnement`, Notificaties
//! API 1.0): kanalen `zaken` and `documenten`, the webhook's callback URL and the
//! `Authorization` value the webhook expects. Idempotent: an abonnement with the same
//! callback URL is brought up to date (`PUT`, since the API never shows the `auth` it
//! holds), not doubled. `mijnzaken notificaties abonneren` runs it; with
//! `MIJNZAKEN_NOTIFICATIES_ABONNEREN=1` the portal runs it at start, in the background.

use std::time::Duration;

use anyhow::Context as _;
use secrecy::ExposeSecret as _;
use serde::Deserialize;
use serde_json::json;
use url::Url;

use super::config::{AbonnementSettings, Webhook};
use crate::zgw::auth::TokenSource;

/// The kanalen the portal listens to: changes to zaken (statussen, resultaten, the zaak
/// itself) and to documents.
pub const KANALEN: [&str; 2] = ["zaken", "documenten"];

/// How long one request to the Notificaties API may take.
const TIMEOUT: Duration = Duration::from_secs(15);

/// What [`ensure`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new abonnement, at this URL.
    Created(Url),
    /// The existing abonnement with our callback URL, brought up to date.
    Updated(Url),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Abonnement {
    url: Url,
    callback_url: String,
}

/// Open Notificaties answers the list as a bare array; a paginated answer is read too.
/// Entries are read one by one, so that one odd entry (someone else's) does not stop the
/// portal from finding its own.
#[derive(Deserialize)]
#[serde(untagged)]
enum AbonnementList {
    Bare(Vec<serde_json::Value>),
    Page {
        results: Vec<serde_json::Value>,
        #[serde(default)]
        next: Option<String>,
    },
}

/// The most list pages read, far more than any Notificaties API holds abonnementen for.
const MAX_PAGES: usize = 50;

/// Makes sure the Notificaties API sends the kanalen in [`KANALEN`] to the webhook, with
/// its `Authorization` value.
pub async fn ensure(settings: &AbonnementSettings, webhook: &Webhook) -> anyhow::Result<Outcome> {
    let http = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .context("cannot build an HTTP client")?;
    let tokens = TokenSource::new(settings.client_id.clone(), settings.secret.clone());
    let list_url = settings
        .api
        .join("abonnement")
        .context("the Notificaties API URL cannot take a path")?;
    let body = json!({
        "callbackUrl": settings.callback.as_str(),
        "auth": webhook.auth.expose_secret(),
        "kanalen": KANALEN
            .iter()
            .map(|naam| json!({ "naam": naam, "filters": {} }))
            .collect::<Vec<_>>(),
    });

    let mut existing = Vec::new();
    let mut page = Some(list_url.clone());
    for _ in 0..MAX_PAGES {
        let Some(url) = page.take() else { break };
        let list: AbonnementList = call(
            http.get(url).header("Accept", "application/json"),
            &tokens,
            "list the abonnementen",
        )
        .await?
        .json()
        .await
        .context("the Notificaties API sent a list that is not one")?;
        let (entries, next) = match list {
            AbonnementList::Bare(entries) => (entries, None),
            AbonnementList::Page { results, next } => (results, next),
        };
        existing.extend(
            entries
                .into_iter()
                .filter_map(|entry| serde_json::from_value::<Abonnement>(entry).ok()),
        );
        // Only a next page under the configured root is followed.
        page = next
            .and_then(|next| Url::parse(&next).ok())
            .filter(|next| next.as_str().starts_with(settings.api.as_str()));
    }
    let ours = existing.into_iter().find(|a| {
        a.callback_url.trim_end_matches('/') == settings.callback.as_str().trim_end_matches('/')
    });
    match ours {
        Some(abonnement) => {
            // Only a URL under the configured root is followed.
            if !abonnement.url.as_str().starts_with(settings.api.as_str()) {
                anyhow::bail!(
                    "the Notificaties API names an abonnement outside {}; not followed",
                    settings.api
                );
            }
            call(
                http.put(abonnement.url.clone()).json(&body),
                &tokens,
                "update the abonnement",
            )
            .await?;
            Ok(Outcome::Updated(abonnement.url))
        }
        None => {
            let created: Abonnement = call(
                http.post(list_url).json(&body),
                &tokens,
                "create the abonnement",
            )
            .await?
            .json()
            .await
            .context("the Notificaties API's answer is not an abonnement")?;
            Ok(Outcome::Created(created.url))
        }
    }
}

/// Sends `request` with a fresh JWT; an error says that the Notificaties API did not
/// answer, or refused to `what`.
async fn call(
    request: reqwest::RequestBuilder,
    tokens: &TokenSource,
    what: &str,
) -> anyhow::Result<reqwest::Response> {
    let response = request
        .bearer_auth(tokens.token())
        .send()
        .await
        .context("the Notificaties API does not answer")?;
    // Redirects are not followed, so anything but a 2xx did not do what was asked.
    if !response.status().is_success() {
        anyhow::bail!(
            "the Notificaties API refused to {what}: HTTP {}",
            response.status()
        );
    }
    Ok(response)
}

/// `mijnzaken notificaties abonneren`: ensures the subscription and says what it did.
pub async fn command(
    mut args: impl Iterator<Item = String>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> std::process::ExitCode {
    use std::process::ExitCode;
    const USAGE: &str = "Usage: mijnzaken notificaties abonneren\n\n\
        Subscribes the portal's webhook at the gemeente's Notificaties API (kanalen zaken \
        and documenten), or brings its abonnement up to date. Configured by \
        MIJNZAKEN_NOTIFICATIES_API_URL, _CLIENT_ID, _SECRET, _AUTH and optionally \
        _CALLBACK_URL (see README.md).";
    match (args.next().as_deref(), args.next()) {
        (Some("abonneren"), None) => {}
        (Some("-h" | "--help"), _) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    // Only the settings this needs, read as the portal reads them (the callback URL
    // defaults to the webhook's path under MIJNZAKEN_PUBLIC_URL).
    let env = crate::env::Env { lookup };
    let settings = env
        .parse(
            "MIJNZAKEN_PUBLIC_URL",
            "http://127.0.0.1:3000",
            crate::env::parse_base_url,
        )
        .and_then(|public_url| super::NotificatiesSettings::from_lookup(lookup, &public_url));
    let notificaties = match settings {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("mijnzaken notificaties: {error}");
            return ExitCode::from(2);
        }
    };
    let (Some(abonnement), Some(webhook)) = (&notificaties.abonnement, &notificaties.webhook)
    else {
        eprintln!(
            "mijnzaken notificaties: set MIJNZAKEN_NOTIFICATIES_API_URL (with _CLIENT_ID, \
             _SECRET and _AUTH) to subscribe"
        );
        return ExitCode::from(2);
    };
    match ensure(abonnement, webhook).await {
        Ok(Outcome::Created(url)) => {
            println!(
                "Abonnement aangemaakt: {url} (callback {})",
                abonnement.callback
            );
            ExitCode::SUCCESS
        }
        Ok(Outcome::Updated(url)) => {
            println!(
                "Abonnement bijgewerkt: {url} (callback {})",
                abonnement.callback
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("mijnzaken notificaties: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// At start: ensures the subscription in the background, trying again with a growing
/// pause (up to an hour) until it is there, so that a Notificaties API that is down at
/// start does not keep the portal from serving.
pub fn ensure_in_background(settings: AbonnementSettings, webhook: Webhook) {
    tokio::spawn(async move {
        let mut pause = Duration::from_secs(5);
        loop {
            match ensure(&settings, &webhook).await {
                Ok(outcome) => {
                    tracing::info!(?outcome, "the Notificaties API subscription is in place");
                    return;
                }
                Err(error) => {
                    tracing::warn!(error = %format!("{error:#}"), retry_in = ?pause, "the Notificaties API subscription failed");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(3_600));
                }
            }
        }
    });
}
