//! The `lotse` binary, run as a user would, on real database files: one
//! test binary (each binary links the bundled SQLite), one module per area,
//! the shared set-up in `support`.

mod support;

mod cli_import_where;
mod cli_logging;
mod cli_nearest;
mod cli_serve;
mod cli_stdout_closed;
mod cli_suggestions;
mod cli_sync;
mod cli_sync_kill;
