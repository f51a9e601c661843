//! `lotse serve DIR --addr 127.0.0.1:PORT [--suggestions-db DB]`

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use lotse_server::{router, serve, SuggestionStore};

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
        serve(listener, router(args.dir.clone(), store))
            .await
            .map_err(CliError::Runtime)
    })
}
