//! A QR code drawn as SVG squares from the modules the shell computed.

use leptos::prelude::*;
use lotse_contract::QrDto;

/// The quiet zone around the code, in modules.
const QUIET: u32 = 4;

#[component]
pub fn QrCode(qr: QrDto, label: Signal<String>) -> impl IntoView {
    let size = qr.size;
    let full = size + 2 * QUIET;
    // One path for all dark modules keeps the DOM small.
    let mut path = String::new();
    for (i, dark) in qr.modules.iter().enumerate() {
        if *dark {
            let (x, y) = (i as u32 % size + QUIET, i as u32 / size + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    view! {
        <svg
            class="qr"
            data-testid="qr-code"
            data-modules=size.to_string()
            viewBox=format!("0 0 {full} {full}")
            role="img"
            aria-label=label
            shape-rendering="crispEdges"
        >
            <rect width=full.to_string() height=full.to_string() fill="#fff" />
            <path d=path fill="#000" />
        </svg>
    }
}
