//! Reads the configuration, sets up tracing and runs the portal; or runs a subcommand
//! (`audit-export`), whose work lives in the library.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use mijnzaken::{audit, config::Settings, startup::Application, telemetry};

const USAGE: &str = concat!(
    "Usage: mijnzaken                  run the portal ",
    "(configured by environment variables, see README.md)\n",
    "       mijnzaken audit-export …   write the audit records of a period to stdout ",
    "(see audit-export --help)\n",
    "       mijnzaken notificaties abonneren   subscribe at the gemeente's Notificaties API",
);

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        None => serve().await.map(|()| ExitCode::SUCCESS),
        Some("audit-export") => {
            Ok(audit::export::command(args, &|key| std::env::var(key).ok()).await)
        }
        Some("notificaties") => {
            Ok(
                mijnzaken::notificaties::abonnement::command(args, &|key| std::env::var(key).ok())
                    .await,
            )
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => {
            eprintln!("mijnzaken: unknown command {other:?}\n\n{USAGE}");
            Ok(ExitCode::from(2))
        }
    }
}

async fn serve() -> anyhow::Result<()> {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("MijnZaken cannot start: {error}");
            std::process::exit(2);
        }
    };
    telemetry::init(settings.log_format);
    Application::build(settings)
        .await?
        .run_until_stopped()
        .await?;
    Ok(())
}
