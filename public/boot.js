// Loads the Leptos UI (wasm-bindgen, --target web). A file, not an inline
// script, so the CSP can forbid inline scripts.
import init from "./lotse_ui.js";

init();
