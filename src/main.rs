//! Reads the configuration, sets up tracing and runs the portal.

use mijnzaken::{config::Settings, startup::Application, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
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
