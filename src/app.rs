//! Routes only; every page lives in `pages/`, the app-wide frame in `components/`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::frame::Frame;
use crate::pages::favourites::FavouritesPage;
use crate::pages::nearby::NearbyPage;
use crate::pages::offer::OfferPage;
use crate::pages::open_file::{OpenFilePage, OpenLinkPage};
use crate::pages::reports::ReportsPage;
use crate::pages::search::SearchPage;
use crate::pages::settings::SettingsPage;
use crate::pages::welcome::WelcomePage;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Frame>
                <Routes fallback=NearbyPage>
                    <Route path=path!("/") view=NearbyPage />
                    <Route path=path!("/search") view=SearchPage />
                    <Route path=path!("/offer/:id") view=OfferPage />
                    <Route path=path!("/reports") view=ReportsPage />
                    <Route path=path!("/favourites") view=FavouritesPage />
                    <Route path=path!("/settings") view=SettingsPage />
                    <Route path=path!("/open-file") view=OpenFilePage />
                    <Route path=path!("/open-link") view=OpenLinkPage />
                    <Route path=path!("/welcome") view=WelcomePage />
                </Routes>
            </Frame>
        </Router>
    }
}
