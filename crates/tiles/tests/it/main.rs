//! The integration tests of lotse-tiles, laid out like the other crates'
//! (`tests/it/`, one test binary). There is one module, so no shared
//! support module: its archive writer is in it.

mod tiles;
