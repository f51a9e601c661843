//! The frame around every page: app-wide state, the top bar and the footer
//! with the offline count, the demo note and the privacy promise.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::sync_line::SyncLine;
use crate::components::topbar::TopBar;
use crate::i18n::{provide_i18n, Key};
use crate::pages::welcome::welcome_due;
use crate::state::{provide_filters, provide_place};
use crate::sync_watch::provide_sync;

#[component]
pub fn Frame(children: ChildrenFn) -> impl IntoView {
    let i18n = provide_i18n();
    provide_place();
    provide_filters();
    let sync = provide_sync();
    let info = LocalResource::new(move || {
        sync.revision.get();
        api::app_info()
    });
    // A directory file opened from outside (at start, or by a second launch
    // while Lotse runs) is shown for confirmation first. At start the pages
    // wait for that answer, so the start page does not begin (and its map
    // does not initialise) only to be replaced at once.
    // On a first start with nothing but the demo, the welcome comes first.
    let navigate = leptos_router::hooks::use_navigate();
    let checked = RwSignal::new(false);
    let show_opened = move |at_start: bool| {
        let navigate = navigate.clone();
        spawn_local(async move {
            if let Ok(Some(_)) = api::opened_file().await {
                navigate("/open-file", Default::default());
            } else if let Ok(Some(_)) = api::opened_link().await {
                navigate("/open-link", Default::default());
            } else if at_start {
                // The footer's resource asks once; the answer is shared.
                if let Ok(i) = info.await {
                    if welcome_due(i.offer_count, i.demo_count) {
                        navigate("/welcome", Default::default());
                    }
                }
            }
            checked.set(true);
        });
    };
    show_opened(true);
    spawn_local(api::on_opened_file(move || show_opened(false)));
    Effect::new(move || {
        if let Some(Ok(info)) = info.get() {
            api::set_document_title(&info.window_title);
        }
    });
    let footer = move || match info.get() {
        Some(Ok(i)) => {
            let mut line = format!(
                "{} {} · {}",
                i.product_name,
                i.version,
                i18n.t_with(Key::FooterOffline, &[("count", i.offer_count.into())])
            );
            if i.demo_count > 0 {
                line.push_str(&format!(
                    " ({})",
                    i18n.t_with(Key::FooterDemo, &[("count", i.demo_count.into())])
                ));
            }
            line
        }
        Some(Err(e)) => e.message,
        None => String::new(),
    };
    view! {
        <TopBar />
        <div class="frame" data-ready=move || checked.get().then_some("")><Show when=move || checked.get()>{children()}</Show></div>
        <footer class="footer">
            <p data-testid="footer">{footer}</p>
            <SyncLine />
            <p class="footer__privacy">"🔒 " {move || i18n.t(Key::PrivacyNote)}</p>
        </footer>
    }
}
