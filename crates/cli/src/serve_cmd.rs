//! `lotse serve DIR --addr 127.0.0.1:PORT [--suggestions-db DB] [limits]`

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use lotse_server::{router_with, serve_with, Quota, ServeLimits, SuggestionStore};

use crate::output::outln;
use crate::CliError;

#[derive(Args)]
pub struct ServeArgs {
    /// The feed folder written by `lotse publish`.
    dir: PathBuf,
    /// Address to listen on; port 0 picks a free one (printed on start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Accept field corrections at POST /api/v1/suggestions, stored here.
    #[arg(long, value_name = "FILE")]
    suggestions_db: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
}

/// The server's limits; the defaults suit an office's server.
#[derive(Args)]
struct LimitArgs {
    /// Close a connection that has not sent a whole request head in this time.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Answer 408 to a request body not received in full in this time.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    body_timeout: u64,
    /// Connections served at once (more wait in the listen backlog).
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=65_536))]
    max_connections: u64,
    /// Corrections one reporter token may send in any minute.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    quota_per_minute: u32,
    /// Corrections one reporter token may send in any 24 hours.
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..))]
    quota_per_day: u32,
}

impl LimitArgs {
    fn limits(&self) -> ServeLimits {
        ServeLimits {
            header_read_timeout: Duration::from_secs(self.header_timeout),
            body_read_timeout: Duration::from_secs(self.body_timeout),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            quota: Quota {
                per_minute: self.quota_per_minute,
                per_day: self.quota_per_day,
            },
        }
    }
}

pub fn run(args: &ServeArgs) -> Result<(), CliError> {
    if !args.dir.is_dir() {
        return Err(CliError::Usage(format!(
            "{} is not a folder",
            args.dir.display()
        )));
    }
    let store = args
        .suggestions_db
        .as_deref()
        .map(SuggestionStore::open)
        .transpose()?
        .map(Arc::new);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .map_err(|source| CliError::Listen {
                addr: args.addr.clone(),
                source,
            })?;
        let local = listener.local_addr().map_err(CliError::Runtime)?;
        outln!("serving {} on http://{local}/", args.dir.display())?;
        std::io::Write::flush(&mut std::io::stdout()).map_err(crate::output::stdout_error)?;
        let limits = args.limits.limits();
        let app = router_with(args.dir.clone(), store, &limits);
        serve_with(listener, app, &limits, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(CliError::Runtime)
    })
}
