//! The real `lotse serve` router on loopback, with faults injected in front
//! of it per path: server errors, a stalled body, a cut-off body, flipped
//! bytes. Every request is logged with its Range header.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use lotse_server::{router_with, serve_with, ServeLimits, SuggestionStore};

#[derive(Debug, Clone)]
pub enum Fault {
    /// Let this request through untouched (to aim at a later one).
    Pass,
    Status(u16),
    /// Send this many bytes, then stop sending (the connection stays open).
    StallAfter(usize),
    /// Send this many bytes, then drop the connection.
    CutAfter(usize),
    /// Flip one byte of the body.
    Flip(usize),
}

#[derive(Default)]
pub struct Plan {
    /// (path suffix, fault), used once each, in order.
    faults: VecDeque<(String, Fault)>,
    /// Flip this byte of every response whose path ends with the suffix.
    always_flip: Option<(String, usize)>,
    /// (path, Range header, status) of every request.
    pub log: Vec<(String, Option<String>, u16)>,
}

#[derive(Clone, Default)]
pub struct Faults(pub Arc<Mutex<Plan>>);

impl Faults {
    pub fn once(&self, path_suffix: &str, fault: Fault) {
        self.plan()
            .faults
            .push_back((path_suffix.to_owned(), fault));
    }

    pub fn always_flip(&self, path_suffix: &str, at: usize) {
        self.plan().always_flip = Some((path_suffix.to_owned(), at));
    }

    pub fn log(&self) -> Vec<(String, Option<String>, u16)> {
        self.plan().log.clone()
    }

    fn plan(&self) -> std::sync::MutexGuard<'_, Plan> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

async fn inject(faults: Faults, request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let range = request
        .headers()
        .get("range")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let fault = {
        let mut plan = faults.plan();
        let i = plan
            .faults
            .iter()
            .position(|(p, _)| path.ends_with(p.as_str()));
        let once = i.and_then(|i| plan.faults.remove(i)).map(|(_, f)| f);
        once.or_else(|| {
            plan.always_flip
                .as_ref()
                .filter(|(p, _)| path.ends_with(p.as_str()))
                .map(|(_, at)| Fault::Flip(*at))
        })
    };
    if let Some(Fault::Status(code)) = fault {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        faults.plan().log.push((path, range, code));
        return (status, "injected failure").into_response();
    }
    let response = next.run(request).await;
    faults
        .plan()
        .log
        .push((path, range, response.status().as_u16()));
    let Some(fault) = fault else { return response };
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "body").into_response();
    };
    let mut bytes = bytes.to_vec();
    let body = match fault {
        Fault::Flip(at) => {
            let i = at.min(bytes.len().saturating_sub(1));
            bytes[i] ^= 0x40;
            Body::from(bytes)
        }
        Fault::StallAfter(n) | Fault::CutAfter(n) => {
            let stall = matches!(fault, Fault::StallAfter(_));
            let head = bytes::Bytes::from(bytes[..n.min(bytes.len())].to_vec());
            let stream = futures_util::stream::unfold(0u8, move |step| {
                let head = head.clone();
                async move {
                    match step {
                        0 => Some((Ok::<_, std::io::Error>(head), 1)),
                        1 if stall => {
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                            None
                        }
                        1 => {
                            // Let the first bytes reach the client, then drop the connection.
                            tokio::time::sleep(Duration::from_millis(200)).await;
                            Some((Err(std::io::Error::other("injected cut")), 2))
                        }
                        _ => None,
                    }
                }
            });
            Body::from_stream(stream)
        }
        Fault::Status(_) | Fault::Pass => return Response::from_parts(parts, Body::from(bytes)),
    };
    Response::from_parts(parts, body)
}

/// A server on 127.0.0.1 with a random port, running on its own thread:
/// `lotse serve`'s router and accept loop.
pub struct TestServer {
    pub url: String,
    pub faults: Faults,
    _runtime: tokio::runtime::Runtime,
}

impl TestServer {
    pub fn start(feed: PathBuf, store: Option<Arc<SuggestionStore>>) -> Self {
        Self::with_limits(feed, store, ServeLimits::default())
    }

    pub fn with_limits(
        feed: PathBuf,
        store: Option<Arc<SuggestionStore>>,
        limits: ServeLimits,
    ) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let faults = Faults::default();
        let f = faults.clone();
        let app = router_with(feed, store, &limits).layer(middleware::from_fn(move |req, next| {
            inject(f.clone(), req, next)
        }));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        runtime.spawn(async move {
            let _ = serve_with(listener, app, &limits, std::future::pending()).await;
        });
        Self {
            url: format!("http://{addr}"),
            faults,
            _runtime: runtime,
        }
    }
}
