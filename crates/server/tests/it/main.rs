//! The integration tests of lotse-server: the real router on loopback, in
//! one test binary (each binary links the bundled SQLite), one module per
//! area, the shared set-up (a feed server on loopback, a directory with N
//! offers) in `support`.

mod support;

mod app_sync;
mod http_sync;
mod map_packs;
mod serve_limits;
mod suggestions_api;
mod suggestions_limits;
