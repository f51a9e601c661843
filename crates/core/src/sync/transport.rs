//! How the sync engine reaches a feed: over HTTP(S), from a local folder, or
//! from a bundle file. The engine only asks for a path (relative to the feed
//! root), optionally conditional and optionally from a byte offset.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::sync::feed::FeedError;

/// One GET.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fetch<'a> {
    /// Relative to the feed root, e.g. `manifest.json`.
    pub path: &'a str,
    /// The ETag of the copy we have; the answer may then be "not modified".
    pub if_none_match: Option<&'a str>,
    /// Continue an interrupted download at this byte.
    pub resume_from: u64,
}

pub enum Fetched {
    NotModified,
    Body {
        etag: Option<String>,
        /// The body starts at `resume_from` (206); otherwise at byte 0.
        resumed: bool,
        body: Box<dyn Read + Send>,
    },
}

/// Where a feed comes from. Implementations must not retry: the engine does.
pub trait Transport: Send + Sync {
    fn fetch(&self, request: &Fetch<'_>) -> Result<Fetched, FeedError>;
    /// The feed's address, for messages.
    fn describe(&self) -> String;
    /// Whether `path` can be fetched at all (a bundle holds only some files).
    fn can_fetch(&self, path: &str) -> bool {
        let _ = path;
        true
    }
    /// POST a JSON body to `path` with these headers; the status and body.
    fn post_json(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<(u16, Vec<u8>), FeedError> {
        let _ = (headers, body);
        Err(FeedError::Config(format!(
            "{}: cannot send to `{path}` (not an HTTP feed)",
            self.describe()
        )))
    }
}

/// Timeouts for HTTP. `stall` bounds the wait for the headers and for every
/// read of the body, so a server that stops sending mid-file is detected.
#[derive(Debug, Clone, Copy)]
pub struct HttpTimeouts {
    pub connect: Duration,
    pub stall: Duration,
}

impl Default for HttpTimeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            stall: Duration::from_secs(20),
        }
    }
}

/// A feed on a web server, CDN or object store.
pub struct HttpTransport {
    base: String,
    client: reqwest::blocking::Client,
}

impl HttpTransport {
    pub fn new(feed_url: &str, timeouts: HttpTimeouts) -> Result<Self, FeedError> {
        let base = feed_url
            .trim_end_matches(MANIFEST_SUFFIX)
            .trim_end_matches('/')
            .to_owned();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            return Err(FeedError::Config(format!(
                "feed URL `{feed_url}` must start with https:// (or http:// on a local network)"
            )));
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(FeedError::Tls)?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let client = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.stall)
            .user_agent(concat!("lotse/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(FeedError::HttpClient)?;
        Ok(Self { base, client })
    }

    fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path.trim_start_matches('/'))
    }
}

const MANIFEST_SUFFIX: &str = "/manifest.json";

fn transport_error(url: &str) -> impl Fn(reqwest::Error) -> FeedError + '_ {
    move |source| FeedError::Request {
        url: url.to_owned(),
        source,
    }
}

impl Transport for HttpTransport {
    fn fetch(&self, request: &Fetch<'_>) -> Result<Fetched, FeedError> {
        let url = self.url(request.path);
        let mut get = self.client.get(&url);
        if let Some(etag) = request.if_none_match {
            get = get.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        if request.resume_from > 0 {
            get = get.header(
                reqwest::header::RANGE,
                format!("bytes={}-", request.resume_from),
            );
        }
        let response = get.send().map_err(transport_error(&url))?;
        let status = response.status().as_u16();
        match status {
            304 => Ok(Fetched::NotModified),
            200 | 206 => Ok(Fetched::Body {
                etag: response
                    .headers()
                    .get(reqwest::header::ETAG)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                resumed: status == 206,
                body: Box::new(BodyReader {
                    url,
                    inner: response,
                }),
            }),
            _ => Err(FeedError::HttpStatus { url, status }),
        }
    }

    fn describe(&self) -> String {
        self.base.clone()
    }

    fn post_json(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<(u16, Vec<u8>), FeedError> {
        let url = self.url(path);
        let mut post = self
            .client
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_vec());
        for (name, value) in headers {
            post = post.header(*name, *value);
        }
        let response = post.send().map_err(transport_error(&url))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().map_err(transport_error(&url))?;
        Ok((status, bytes.to_vec()))
    }
}

/// A failed read of a response body, naming the URL.
#[derive(Debug, thiserror::Error)]
#[error("{url}: {source}")]
struct BodyReadError {
    url: String,
    source: std::io::Error,
}

/// A response body whose read errors name the URL.
struct BodyReader {
    url: String,
    inner: reqwest::blocking::Response,
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf).map_err(|source| {
            std::io::Error::new(
                source.kind(),
                BodyReadError {
                    url: self.url.clone(),
                    source,
                },
            )
        })
    }
}

/// A feed in a local folder (a publisher's output, a mounted USB stick).
pub struct DirTransport {
    root: PathBuf,
}

impl DirTransport {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }
}

impl Transport for DirTransport {
    fn fetch(&self, request: &Fetch<'_>) -> Result<Fetched, FeedError> {
        let relative = safe_relative(request.path)?;
        let path = self.root.join(relative);
        let io = FeedError::io(&path);
        let mut file = std::fs::File::open(&path).map_err(io)?;
        let resumed = request.resume_from > 0;
        if resumed {
            std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(request.resume_from))
                .map_err(io)?;
        }
        Ok(Fetched::Body {
            etag: None,
            resumed,
            body: Box::new(file),
        })
    }

    fn describe(&self) -> String {
        self.root.display().to_string()
    }
}

/// A feed path must stay inside the feed: no absolute paths, no `..`.
pub(crate) fn safe_relative(path: &str) -> Result<&str, FeedError> {
    let ok = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".");
    if ok {
        Ok(path)
    } else {
        Err(FeedError::BadManifest(format!(
            "path `{path}` leaves the feed"
        )))
    }
}
