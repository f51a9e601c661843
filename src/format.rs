//! UI-only presentation helpers.

pub use lotse_contract::display::{format_distance, tel_uri};

/// A glyph for a category's icon name (decorative; the label carries meaning).
pub fn icon_glyph(icon: &str) -> &'static str {
    match icon {
        "child" => "🧸",
        "compass" => "🧭",
        "speech" => "💬",
        "heart" => "💚",
        "book" => "📖",
        "briefcase" => "💼",
        "shield" => "🛡",
        "school" => "🏫",
        "sun" => "☀",
        "route" => "🗺",
        "signpost" => "🪧",
        "badge" => "🏛",
        "spark" => "✨",
        "hands" => "🤝",
        "people" => "👥",
        "house" => "🏠",
        "cross" => "⚕",
        "coins" => "💶",
        _ => "•",
    }
}
