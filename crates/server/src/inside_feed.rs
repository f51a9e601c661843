//! Only files inside the feed folder are served: a symlink in the folder
//! that leads out of it (to a file or a folder elsewhere) answers 404.
//!
//! tower-http's `ServeDir` follows symlinks and has no option against it,
//! so this middleware in front of it maps the request path to a file the
//! way `ServeDir` does (percent-decoded, plain components only), resolves
//! it with `canonicalize` and checks that the result lies under the
//! resolved feed folder. Whoever can write symlinks into the feed folder
//! could still swap one between this check and `ServeDir` opening it; the
//! guard is against links left in the folder, not against its owner.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The feed folder, as given (resolved on each request: it may be created
/// or replaced while the server runs).
#[derive(Clone)]
pub(crate) struct FeedRoot(pub(crate) Arc<PathBuf>);

pub(crate) async fn inside_feed(
    State(root): State<FeedRoot>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let Some(relative) = relative_path(request.uri().path()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if resolves_inside(&root.0, &relative).await {
        next.run(request).await
    } else {
        tracing::warn!("refused a path that leads out of the feed folder");
        StatusCode::NOT_FOUND.into_response()
    }
}

/// The request path as a relative file path, as `ServeDir` builds it; `None`
/// for a path `ServeDir` refuses too (`..`, a root, not UTF-8).
fn relative_path(uri_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(uri_path.trim_start_matches('/'))
        .decode_utf8()
        .ok()?;
    let mut relative = PathBuf::new();
    for component in Path::new(&*decoded).components() {
        match component {
            Component::Normal(part) => relative.push(part),
            _ => return None,
        }
    }
    Some(relative)
}

/// Whether `root/relative` (and, for a folder, its `index.html`, which
/// `ServeDir` would send) resolves to a path under the resolved `root`. A
/// path that does not exist passes: `ServeDir` answers it with 404 itself.
async fn resolves_inside(root: &Path, relative: &Path) -> bool {
    let Ok(real_root) = tokio::fs::canonicalize(root).await else {
        return true; // no feed folder: ServeDir finds nothing either
    };
    let target = match tokio::fs::canonicalize(root.join(relative)).await {
        Ok(target) => target,
        Err(e) => return e.kind() == ErrorKind::NotFound,
    };
    if !target.starts_with(&real_root) {
        return false;
    }
    let is_dir = tokio::fs::metadata(&target).await.is_ok_and(|m| m.is_dir());
    if is_dir {
        return match tokio::fs::canonicalize(target.join("index.html")).await {
            Ok(index) => index.starts_with(&real_root),
            Err(e) => e.kind() == ErrorKind::NotFound,
        };
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_plain_relative_paths_like_serve_dir() {
        assert_eq!(
            relative_path("/blobs/a%20b.gz"),
            Some(PathBuf::from("blobs/a b.gz"))
        );
        assert_eq!(relative_path("/"), Some(PathBuf::new()));
        assert_eq!(relative_path("/blobs/../x"), None);
        assert_eq!(relative_path("/%2e%2e/x"), None);
        assert_eq!(relative_path("/%ff"), None);
    }
}
