//! Routes only; every page lives in `pages/`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::nearby::NearbyPage;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=NearbyPage>
                <Route path=path!("/") view=NearbyPage />
            </Routes>
        </Router>
    }
}
