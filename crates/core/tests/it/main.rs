//! The integration tests of lotse-core, on real SQLite files: one test
//! binary (each binary links the bundled SQLite), one module per area, the
//! shared set-up in `support`. Fixtures are in `tests/fixtures/`.

mod support;

mod demo_directory;
mod favourites;
mod feed_trust;
mod fuzz_replay;
mod import_csv_geojson;
mod import_hsds;
mod layout;
mod migration;
mod nearest;
mod offer_card;
mod opened_files;
mod search;
mod sync_flow;
mod sync_hardening;
mod sync_properties;
mod write_paths;
