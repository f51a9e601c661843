//! The Lotse UI: Leptos (client-side rendering) in the Tauri webview.

mod api;
mod app;
mod components;
mod format;
mod i18n;
mod pages;
mod state;
mod sync_watch;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
