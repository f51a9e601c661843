//! HSDS `attributes`: categories, and Lotse's own fields (taxonomy `lotse`).
//! The term codes here are also written by `export::hsds_json`; keep both in step.

use super::obj::{Obj, Problem};
use crate::directory::taxonomy;

/// The taxonomy of Lotse's own attributes.
pub(crate) const LOTSE_TAXONOMY: &str = "lotse";

pub(crate) const SOURCE: &str = "source";
pub(crate) const LAST_VERIFIED: &str = "last_verified";
pub(crate) const TARGET_GROUP: &str = "target_group";
pub(crate) const TRANSLATION: &str = "translation";
pub(crate) const IS_DEMO: &str = "is_demo";
pub(crate) const FEES_FREE: &str = "fees_free";
pub(crate) const GEO_PRECISION: &str = "geo_precision";
pub(crate) const OPENING_HOURS: &str = "opening_hours";

/// One Lotse attribute: its term code, its value and the value's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LotseAttr {
    pub code: String,
    pub value: Option<String>,
    pub path: String,
}

/// The attributes of one object, sorted out.
#[derive(Debug, Default)]
pub(crate) struct Attributes {
    /// Lotse category ids, in order, without repeats.
    pub categories: Vec<String>,
    /// Codes or names of other taxonomy terms (for the "unknown category" report).
    pub other_terms: Vec<String>,
    /// Lotse attributes about the object that carries them.
    pub own: Vec<LotseAttr>,
    /// Lotse attributes about another object: `link_entity`, `link_id`, attribute.
    pub linked: Vec<(String, String, LotseAttr)>,
}

/// The category whose id equals `term` (case-insensitive).
fn category_id(term: &str) -> Option<&'static str> {
    let term = term.trim();
    taxonomy::CATEGORIES
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(term))
        .map(|c| c.id)
}

impl Attributes {
    /// Reads `owner.attributes`. Attributes without a taxonomy term are ignored.
    pub(crate) fn read(owner: &Obj<'_>) -> Result<Self, Problem> {
        let mut out = Self::default();
        for attr in owner.list("attributes")? {
            let Some(term) = attr.object("taxonomy_term")? else {
                continue;
            };
            let detail = match term.object("taxonomy_detail")? {
                Some(detail) => detail.text("name")?,
                None => None,
            };
            let taxonomy = term
                .text("taxonomy")?
                .or(detail)
                .or(term.text("taxonomy_id")?);
            let code = term.text("code")?;
            let name = term.text("name")?;
            if taxonomy.is_some_and(|t| t.trim().eq_ignore_ascii_case(LOTSE_TAXONOMY)) {
                let Some(code) = code.or(name) else { continue };
                let field = LotseAttr {
                    code: code.trim().to_ascii_lowercase(),
                    value: attr.text("value")?,
                    path: attr.path_of("value"),
                };
                let entity = attr
                    .text("link_entity")?
                    .map(|e| e.trim().to_ascii_lowercase());
                match (entity, attr.text("link_id")?) {
                    (Some(entity), Some(id))
                        if entity == "location" || entity == "service_at_location" =>
                    {
                        out.linked.push((entity, id, field));
                    }
                    _ => out.own.push(field),
                }
                continue;
            }
            let found = code
                .as_deref()
                .and_then(category_id)
                .or_else(|| name.as_deref().and_then(category_id));
            match found {
                Some(id) if !out.categories.iter().any(|c| c == id) => {
                    out.categories.push(id.to_owned())
                }
                Some(_) => {}
                None => out.other_terms.extend(code.or(name)),
            }
        }
        Ok(out)
    }

    /// The Lotse attributes this service carries about `entity` `id`.
    pub(crate) fn about<'s>(
        &'s self,
        entity: &'s str,
        id: &'s str,
    ) -> impl Iterator<Item = &'s LotseAttr> + 's {
        self.linked
            .iter()
            .filter(move |(e, i, _)| e == entity && i == id)
            .map(|(_, _, a)| a)
    }

    /// Why a service without a category is rejected.
    pub(crate) fn no_category(&self, owner: &Obj<'_>) -> Problem {
        let reason = if self.other_terms.is_empty() {
            "unknown category: the service has no taxonomy term; one term's `code` or `name` must be a Lotse category id \
             (e.g. kita, sprachkurs, migrationsberatung)"
                .to_owned()
        } else {
            let terms: Vec<String> = self
                .other_terms
                .iter()
                .take(5)
                .map(|t| format!("`{t}`"))
                .collect();
            format!(
                "unknown category: none of the taxonomy terms ({}) is a Lotse category id (e.g. kita, sprachkurs, migrationsberatung)",
                terms.join(", ")
            )
        };
        owner.problem("attributes", reason)
    }
}

/// `true`/`false` (also `yes`/`no`, `1`/`0`).
pub(crate) fn flag(attr: &LotseAttr) -> Result<Option<bool>, Problem> {
    match attr
        .value
        .as_deref()
        .map(|v| v.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("unknown") => Ok(None),
        Some("true" | "yes" | "1") => Ok(Some(true)),
        Some("false" | "no" | "0") => Ok(Some(false)),
        Some(other) => Err(Problem::new(
            &attr.path,
            format!("`{other}` is not true, false or unknown"),
        )),
    }
}

/// Whether a fees text says the service is free: it has one of these words
/// and none of the negations. Deliberately simple; see the module docs.
pub(crate) fn text_says_free(text: &str) -> bool {
    const FREE: [&str; 6] = [
        "kostenlos",
        "kostenfrei",
        "gebührenfrei",
        "unentgeltlich",
        "gratis",
        "free",
    ];
    const NEGATION: [&str; 5] = ["nicht", "not", "kein", "keine", "non"];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| FREE.contains(w)) && !words.iter().any(|w| NEGATION.contains(w))
}

/// An ISO 639 code as Lotse stores it: lowercase, primary subtag only (`de-DE` → `de`).
pub(crate) fn language_code(code: &str) -> String {
    code.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn categories_and_lotse_fields_are_told_apart() {
        let v = json!({"attributes": [
            {"taxonomy_term": {"code": "KITA", "name": "Kita"}},
            {"taxonomy_term": {"code": "x1", "name": "Sprachkurs"}},
            {"taxonomy_term": {"code": "kita"}},
            {"taxonomy_term": {"code": "eligibility-refugees", "taxonomy": "other"}},
            {"taxonomy_term": {"code": "source", "taxonomy": "lotse"}, "value": "Stadt"},
            {"taxonomy_term": {"code": "geo_precision", "taxonomy_detail": {"name": "Lotse"}},
             "link_entity": "location", "link_id": "l1", "value": "town"},
            {"value": "no term"}
        ]});
        let o = Obj::root(&v).expect("object");
        let a = Attributes::read(&o).expect("attributes");
        assert_eq!(a.categories, ["kita", "sprachkurs"]);
        assert_eq!(a.other_terms, ["eligibility-refugees"]);
        assert_eq!(a.own[0].value.as_deref(), Some("Stadt"));
        assert_eq!(a.own[0].path, "attributes[4].value");
        assert_eq!(a.about("location", "l1").count(), 1);
        assert!(a
            .no_category(&o)
            .reason
            .to_string()
            .starts_with("unknown category"));
    }

    #[test]
    fn fees_text_and_language_codes() {
        assert!(text_says_free("Die Beratung ist kostenlos."));
        assert!(text_says_free("Free of charge"));
        assert!(!text_says_free("Nicht kostenlos: 5 € pro Termin"));
        assert!(!text_says_free("5 € pro Termin"));
        assert_eq!(language_code(" de-DE "), "de");
        assert_eq!(language_code("FA_ir"), "fa");
    }
}
