//! The app's logs: to stderr and to a daily file in `<data dir>/logs` (a week is kept).

/// Logs go to stderr and to a daily file in `<data dir>/logs` (a week is kept). Secrets never
/// reach a log line: they are [`sportello_core::Sensitive`] everywhere.
pub fn init(log_dir: &std::path::Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"))
    };
    let file = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("sportello")
        .filename_suffix("log")
        .max_log_files(7)
        .build(log_dir);
    let stderr = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    match file {
        Ok(file) => {
            let (writer, guard) = tracing_appender::non_blocking(file);
            tracing_subscriber::registry()
                .with(filter())
                .with(stderr)
                .with(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_writer(writer),
                )
                .init();
            Some(guard)
        }
        Err(e) => {
            tracing_subscriber::registry()
                .with(filter())
                .with(stderr)
                .init();
            tracing::warn!("no log file in {}: {e}", log_dir.display());
            None
        }
    }
}
