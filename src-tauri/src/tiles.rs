//! The `tiles://` protocol (`http://tiles.localhost` on Windows and Android):
//! a thin adapter over [`lotse_tiles::TileServer`], which holds the bundled
//! basemap (embedded in the binary) and the installed detail packs.

use std::sync::Arc;

use lotse_core::packs::PackStore;
use lotse_tiles::TileServer;
use tauri::http::{header, Request, Response};

pub const SCHEME: &str = "tiles";

/// The server over the embedded basemap; packs are added by [`reload`].
pub fn server() -> Arc<TileServer> {
    match TileServer::with_bundled_basemap() {
        Ok(server) => Arc::new(server),
        Err(err) => {
            tracing::error!("the bundled basemap cannot be read: {err}");
            Arc::new(TileServer::empty())
        }
    }
}

/// Re-read the installed packs after a download or a delete.
pub fn reload(server: &TileServer, packs: &PackStore) {
    let sources = packs.tile_sources().unwrap_or_default();
    for (id, err) in server.set_packs(&sources) {
        tracing::warn!("map pack `{id}` left out: {err}");
    }
}

/// Answer one request: the tile, 204 where there is none, 404 for a path
/// that is no tile address; never an error page.
pub fn respond(server: &TileServer, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let tile = server.respond(request.uri().path());
    Response::builder()
        .status(tile.status)
        .header(header::CONTENT_TYPE, tile.content_type)
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(tile.body)
        .unwrap_or_else(|_| Response::new(Vec::new()))
}
