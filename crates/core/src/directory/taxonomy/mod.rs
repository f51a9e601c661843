//! The category taxonomy: stable ids, icon names, labels in eight languages,
//! search synonyms and OSM tags.
//!
//! The ids are part of Lotse's public contract (feeds, HSDS imports, URLs):
//! never rename one. Non-German labels were written by the team and still
//! need review by native speakers before a public release.

mod categories;

pub use categories::CATEGORIES;

/// A UI and content language: the contract's one language type, so the
/// core, the shell, the CLI and the UI agree on it.
pub use lotse_contract::Lang;

/// One category of offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    pub id: &'static str,
    /// An icon name the UI maps to a glyph.
    pub icon: &'static str,
    /// Labels in the order of [`Lang::ALL`].
    pub labels: [&'static str; 8],
    /// Other words people search with, in any language (e.g. "Kindertagesstätte").
    pub synonyms: &'static [&'static str],
    /// OpenStreetMap tags for this kind of place, where they exist.
    pub osm_tags: &'static [&'static str],
}

impl Category {
    pub fn label(&self, lang: Lang) -> &'static str {
        self.labels[lang.index()]
    }

    /// Every label and synonym, for the full-text index.
    pub fn search_terms(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.labels.iter().chain(self.synonyms.iter()).copied()
    }
}

/// Look a category up by its stable id.
pub fn category(id: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.id == id)
}

/// The ids of categories a search word names, in any language: an exact
/// word of a label or synonym, or (from three letters on) a word's prefix.
pub fn categories_named_by(word: &str) -> Vec<&'static str> {
    static WORDS: std::sync::OnceLock<Vec<(String, usize)>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let mut words = Vec::new();
        for (i, c) in CATEGORIES.iter().enumerate() {
            for term in c.search_terms() {
                for w in term
                    .split(|ch: char| !ch.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    words.push((w.to_lowercase(), i));
                }
            }
        }
        words
    });
    let word = word.to_lowercase();
    let len = word.chars().count();
    if len < 2 {
        return Vec::new();
    }
    let prefix_ok = len >= 3;
    let mut ids: Vec<&'static str> = words
        .iter()
        .filter(|(w, _)| *w == word || (prefix_ok && w.starts_with(&word)))
        .map(|(_, i)| CATEGORIES[*i].id)
        .collect();
    ids.dedup();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The category whose OSM tag (`key=value`) matches, if any.
pub fn category_for_osm_tag(key: &str, value: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| {
        c.osm_tags
            .iter()
            .any(|t| t.split_once('=') == Some((key, value)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const REQUIRED_IDS: [&str; 18] = [
        "sprachmittler",
        "migrationsberatung",
        "psychosozial",
        "arbeit",
        "kita",
        "hort",
        "schule",
        "jugendamt",
        "integrationsmanagement",
        "lotsen",
        "integrationsbeauftragte",
        "sprachkurs",
        "jugend",
        "ehrenamt",
        "migrantenorganisation",
        "wohnen",
        "gesundheit",
        "foerderung",
    ];

    #[test]
    fn exactly_the_required_ids_with_every_label_filled() {
        let ids: HashSet<&str> = CATEGORIES.iter().map(|c| c.id).collect();
        assert_eq!(ids, REQUIRED_IDS.into_iter().collect::<HashSet<_>>());
        assert_eq!(CATEGORIES.len(), REQUIRED_IDS.len(), "duplicate ids");
        for c in CATEGORIES {
            for lang in Lang::ALL {
                assert!(
                    !c.label(lang).trim().is_empty(),
                    "{} has no {lang:?} label",
                    c.id
                );
            }
            assert!(!c.icon.is_empty());
        }
    }

    #[test]
    fn labels_are_in_the_right_script() {
        let arabic = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
        let cyrillic = |s: &str| s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
        for c in CATEGORIES {
            for lang in [Lang::Ar, Lang::Fa, Lang::Ps] {
                assert!(
                    arabic(c.label(lang)),
                    "{} {lang:?}: {}",
                    c.id,
                    c.label(lang)
                );
            }
            for lang in [Lang::Uk, Lang::Ru] {
                assert!(
                    cyrillic(c.label(lang)),
                    "{} {lang:?}: {}",
                    c.id,
                    c.label(lang)
                );
            }
        }
    }

    #[test]
    fn language_tags_and_labels() {
        assert_eq!("de-DE".parse(), Ok(Lang::De));
        assert!("xx".parse::<Lang>().is_err());
        assert_eq!(
            category("kita").map(|c| c.label(Lang::En)),
            Some("Day care (Kita)")
        );
        assert_eq!(
            category_for_osm_tag("amenity", "kindergarten").map(|c| c.id),
            Some("kita")
        );
        assert!(category("nope").is_none());
    }

    #[test]
    fn search_words_name_categories_in_any_script() {
        for word in [
            "Kita",
            "kindertages",
            "كيتا",
            "детский",
            "сад",
            "daycare",
            "KREŞ",
        ] {
            assert_eq!(categories_named_by(word), ["kita"], "{word}");
        }
        assert!(categories_named_by("beratung").contains(&"migrationsberatung"));
        assert!(
            categories_named_by("ki").is_empty(),
            "two letters are too short for a prefix"
        );
        assert!(
            categories_named_by("a").is_empty(),
            "one letter names nothing"
        );
        assert!(categories_named_by("zzz").is_empty());
    }

    #[test]
    fn kita_is_findable_in_several_scripts() {
        let kita = category("kita").expect("kita");
        let terms: Vec<&str> = kita.search_terms().collect();
        for word in ["Kindertagesstätte", "كيتا", "детский сад"] {
            assert!(
                terms
                    .iter()
                    .any(|t| t.to_lowercase().contains(&word.to_lowercase())),
                "{word}"
            );
        }
    }
}
