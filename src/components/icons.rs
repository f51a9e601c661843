//! Small line icons, drawn inline (no icon font: the CSP allows no remote
//! loads). They take the text colour, so dark mode and forced colours apply,
//! and are hidden from assistive technology: every use has a text label.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Nearby,
    Search,
    Favourites,
    Reports,
    Settings,
    Globe,
    Filters,
    Map,
    List,
}

impl Icon {
    /// The strokes of a 24 × 24 drawing.
    fn paths(self) -> &'static [&'static str] {
        match self {
            Icon::Nearby => &[
                "M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z",
                "M12 7.5a2 2 0 1 1 0 4a2 2 0 1 1 0-4z",
            ],
            Icon::Search => &[
                "M11 4.5a6.5 6.5 0 1 1 0 13a6.5 6.5 0 1 1 0-13z",
                "M16 16l5 5",
            ],
            Icon::Favourites => {
                &["M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z"]
            }
            Icon::Reports => &["M6 3h9l4 4v14H6z", "M9 12h7M9 16h7M14 3v5h5"],
            Icon::Settings => &[
                "M4 7h9M18 7h2M4 17h3M12 17h8",
                "M15.5 5a2 2 0 1 1 0 4a2 2 0 1 1 0-4zM9.5 15a2 2 0 1 1 0 4a2 2 0 1 1 0-4z",
            ],
            Icon::Globe => &[
                "M12 3a9 9 0 1 1 0 18a9 9 0 1 1 0-18z",
                "M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18",
            ],
            Icon::Filters => &["M4 5h16l-6 7v6l-4 2v-8z"],
            Icon::Map => &["M3 6l6-2 6 2 6-2v14l-6 2-6-2-6 2z", "M9 4v14M15 6v14"],
            Icon::List => &["M9 6h12M9 12h12M9 18h12M4 6h1M4 12h1M4 18h1"],
        }
    }
}

/// One icon, sized by the CSS (`.icon`).
#[component]
pub fn NavIcon(icon: Icon) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            aria-hidden="true"
            focusable="false"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            {icon.paths().iter().map(|d| view! { <path d=*d /> }).collect_view()}
        </svg>
    }
}
