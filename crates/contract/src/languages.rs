//! Spoken languages by their own names, shared by the offer card (core) and
//! the UI filter,
//! whatever language the UI is in.

/// ISO 639 code → autonym, for the languages offers in Germany most often
/// list. Codes not here are shown as the code itself.
const AUTONYMS: &[(&str, &str)] = &[
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
    ("prs", "دری"),
    ("ps", "پښتو"),
    ("tr", "Türkçe"),
    ("ku", "Kurdî"),
    ("kmr", "Kurmancî"),
    ("ckb", "کوردی"),
    ("ti", "ትግርኛ"),
    ("am", "አማርኛ"),
    ("so", "Soomaali"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("sq", "Shqip"),
    ("sr", "Српски"),
    ("hr", "Hrvatski"),
    ("bs", "Bosanski"),
    ("el", "Ελληνικά"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("ur", "اردو"),
    ("hi", "हिन्दी"),
    ("ta", "தமிழ்"),
    ("gsg", "Deutsche Gebärdensprache"),
];

/// The language's own name, or the code when it is not known.
pub fn autonym(code: &str) -> String {
    let lower = code.trim().to_ascii_lowercase();
    AUTONYMS
        .iter()
        .find(|(c, _)| *c == lower)
        .map_or_else(|| lower.clone(), |(_, name)| (*name).to_owned())
}

#[cfg(test)]
mod tests {
    use super::autonym;

    #[test]
    fn known_codes_get_their_own_names_and_others_stay_codes() {
        assert_eq!(autonym("ar"), "العربية");
        assert_eq!(autonym("UK"), "Українська");
        assert_eq!(autonym("xyz"), "xyz");
    }
}
