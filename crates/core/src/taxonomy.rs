//! The category taxonomy: stable ids, icon names, labels and OSM tags.
//!
//! The ids are part of Lotse's public contract (feeds, HSDS imports, URLs):
//! never rename one.

/// A UI language. Labels fall back to German when a translation is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    De,
    En,
}

impl Lang {
    /// Parse a BCP 47 tag such as `de`, `en-GB`; unknown languages give `None`.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "de" => Some(Self::De),
            "en" => Some(Self::En),
            _ => None,
        }
    }
}

/// One category of offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Category {
    pub id: &'static str,
    /// An icon name the UI maps to a glyph.
    pub icon: &'static str,
    pub label_de: &'static str,
    pub label_en: &'static str,
    /// The OpenStreetMap tag for this kind of place, where one exists.
    pub osm_tag: Option<&'static str>,
}

impl Category {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::De => self.label_de,
            Lang::En => self.label_en,
        }
    }
}

const fn cat(
    id: &'static str,
    icon: &'static str,
    label_de: &'static str,
    label_en: &'static str,
    osm_tag: Option<&'static str>,
) -> Category {
    Category {
        id,
        icon,
        label_de,
        label_en,
        osm_tag,
    }
}

/// Every category, in the order the UI shows its chips.
pub const CATEGORIES: &[Category] = &[
    cat(
        "kita",
        "child",
        "Kita",
        "Day care (Kita)",
        Some("amenity=kindergarten"),
    ),
    cat(
        "migrationsberatung",
        "compass",
        "Migrationsberatung",
        "Migration counselling",
        None,
    ),
    cat(
        "sprachmittler",
        "speech",
        "Sprachmittler",
        "Interpreters",
        None,
    ),
    cat(
        "psychosozial",
        "heart",
        "Psychosoziales Zentrum",
        "Psychosocial centre",
        None,
    ),
    cat(
        "sprachkurs",
        "book",
        "Sprach- und Integrationskurs",
        "Language course",
        Some("amenity=language_school"),
    ),
    cat(
        "arbeit",
        "briefcase",
        "Arbeit und Ausbildung",
        "Work and training",
        Some("office=employment_agency"),
    ),
    cat(
        "jugendamt",
        "shield",
        "Jugendamt",
        "Youth welfare office",
        Some("office=government"),
    ),
    cat(
        "schule",
        "school",
        "Schule (Deutsch als Zweitsprache)",
        "School (German as a second language)",
        Some("amenity=school"),
    ),
    cat(
        "hort",
        "sun",
        "Hort",
        "After-school care",
        Some("amenity=childcare"),
    ),
    cat(
        "integrationsmanagement",
        "route",
        "Integrationsmanagement",
        "Integration case management",
        None,
    ),
    cat(
        "lotsen",
        "signpost",
        "Integrationslotsen",
        "Integration guides",
        None,
    ),
    cat(
        "integrationsbeauftragte",
        "badge",
        "Integrationsbeauftragte",
        "Integration commissioner",
        None,
    ),
    cat(
        "jugend",
        "spark",
        "Jugend und Schulsozialarbeit",
        "Youth and school social work",
        None,
    ),
    cat(
        "ehrenamt",
        "hands",
        "Ehrenamt und Begegnung",
        "Volunteering and meeting places",
        Some("amenity=community_centre"),
    ),
    cat(
        "migrantenorganisation",
        "people",
        "Migrantenorganisation",
        "Migrant organisation",
        None,
    ),
    cat("wohnen", "house", "Wohnberatung", "Housing advice", None),
    cat(
        "gesundheit",
        "cross",
        "Gesundheit",
        "Health",
        Some("amenity=doctors"),
    ),
    cat(
        "foerderung",
        "coins",
        "Förderprogramme",
        "Funding programmes",
        None,
    ),
];

/// Look a category up by its stable id.
pub fn category(id: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_lowercase_ascii() {
        let mut seen = HashSet::new();
        for c in CATEGORIES {
            assert!(seen.insert(c.id), "duplicate id {}", c.id);
            assert!(
                c.id.bytes().all(|b| b.is_ascii_lowercase()),
                "id {} not lowercase ascii",
                c.id
            );
            assert!(!c.label_de.is_empty() && !c.label_en.is_empty());
        }
        assert_eq!(seen.len(), 18);
    }

    #[test]
    fn language_tags_parse_by_primary_subtag() {
        assert_eq!(Lang::from_tag("de-DE"), Some(Lang::De));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("xx"), None);
        assert_eq!(
            category("kita").map(|c| c.label(Lang::En)),
            Some("Day care (Kita)")
        );
        assert!(category("nope").is_none());
    }
}
