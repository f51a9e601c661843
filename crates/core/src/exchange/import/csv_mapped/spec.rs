//! The `[fields]` table of a mapping: Lotse fields, their TOML keys, and
//! where each value comes from (a column, a template or a constant).

use std::collections::HashMap;

use serde::Deserialize;

use super::error::SpecError;

/// A field of a Lotse offer that a CSV column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Field {
    Id,
    OfferId,
    ServiceId,
    LocationId,
    OrganizationId,
    OrganizationName,
    Name,
    Description,
    Categories,
    Languages,
    TargetGroups,
    Status,
    FeesFree,
    IsDemo,
    Street,
    Postcode,
    City,
    State,
    LocationName,
    Lat,
    Lon,
    Precision,
    Phone,
    Fax,
    Email,
    Website,
    OpeningHours,
    Source,
    LastVerified,
    /// The source's date for the row (not a check).
    AsOf,
}

/// `[fields]` keys, with their aliases.
pub(super) const KEYS: &[(&str, Field)] = &[
    ("id", Field::Id),
    ("offer_id", Field::OfferId),
    ("service_id", Field::ServiceId),
    ("location_id", Field::LocationId),
    ("organization_id", Field::OrganizationId),
    ("organization_name", Field::OrganizationName),
    ("organization", Field::OrganizationName),
    ("name", Field::Name),
    ("description", Field::Description),
    ("categories", Field::Categories),
    ("category", Field::Categories),
    ("languages", Field::Languages),
    ("target_groups", Field::TargetGroups),
    ("status", Field::Status),
    ("fees_free", Field::FeesFree),
    ("is_demo", Field::IsDemo),
    ("street", Field::Street),
    ("postcode", Field::Postcode),
    ("city", Field::City),
    ("state", Field::State),
    ("location_name", Field::LocationName),
    ("lat", Field::Lat),
    ("latitude", Field::Lat),
    ("lon", Field::Lon),
    ("longitude", Field::Lon),
    ("precision", Field::Precision),
    ("phone", Field::Phone),
    ("fax", Field::Fax),
    ("email", Field::Email),
    ("website", Field::Website),
    ("url", Field::Website),
    ("opening_hours", Field::OpeningHours),
    ("source", Field::Source),
    ("last_verified", Field::LastVerified),
    ("as_of", Field::AsOf),
];

pub(super) const REQUIRED: &[Field] = &[
    Field::Name,
    Field::Categories,
    Field::Lat,
    Field::Lon,
    Field::OrganizationName,
    Field::Source,
];

impl Field {
    pub fn key(self) -> &'static str {
        KEYS.iter()
            .find(|(_, f)| *f == self)
            .map(|(k, _)| *k)
            .unwrap_or("?")
    }

    /// Fields holding several values, split at the spec's `separator` (default `;`).
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Self::Categories | Self::Languages | Self::TargetGroups | Self::Phone | Self::Fax
        )
    }
}

/// A column, by its header name and (once resolved) its 0-based index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Column {
    pub name: String,
    pub index: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Text(String),
    Column(Column),
}

/// Where a field's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ValueSource {
    Column(Column),
    Template(Vec<Piece>),
    Value(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Spec {
    pub source: ValueSource,
    /// Raw value (or list item) → value; unmapped values pass through.
    pub map: HashMap<String, String>,
    pub separator: Option<String>,
    /// Used when the value is empty.
    pub default: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecTable {
    column: Option<String>,
    template: Option<String>,
    value: Option<String>,
    #[serde(default)]
    map: HashMap<String, String>,
    separator: Option<String>,
    default: Option<String>,
}

pub(super) fn known_keys() -> String {
    KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
}

pub(super) fn column(name: String) -> Column {
    Column {
        name,
        index: usize::MAX,
    }
}

pub(super) fn spec(field: Field, value: toml::Value) -> Result<Spec, SpecError> {
    let table = match value {
        toml::Value::String(name) => {
            return Ok(Spec {
                source: ValueSource::Column(column(name)),
                map: HashMap::new(),
                separator: None,
                default: None,
            })
        }
        toml::Value::Table(t) => t,
        other => return Err(SpecError::NotColumnOrTable(other.type_str())),
    };
    let t: SpecTable = toml::Value::Table(table)
        .try_into()
        .map_err(SpecError::Table)?;
    let source = match (t.column, t.template, t.value) {
        (Some(c), None, None) => ValueSource::Column(column(c)),
        (None, Some(tpl), None) => ValueSource::Template(template(&tpl)?),
        (None, None, Some(v)) => ValueSource::Value(v),
        (c, tpl, v) => {
            let given = [
                ("column", c.is_some()),
                ("template", tpl.is_some()),
                ("value", v.is_some()),
            ];
            return Err(SpecError::Sources {
                given: given.iter().filter(|(_, g)| *g).map(|(k, _)| *k).collect(),
            });
        }
    };
    match t.separator.as_deref() {
        Some(sep) if !field.is_list() => return Err(SpecError::SeparatorNotList(sep.to_owned())),
        Some("") => return Err(SpecError::EmptySeparator),
        _ => {}
    }
    Ok(Spec {
        source,
        map: t.map,
        separator: t.separator,
        default: t.default,
    })
}

/// `"{Straße} {Haus-nr.}"` → pieces; `{{` and `}}` are literal braces.
fn template(text: &str) -> Result<Vec<Piece>, SpecError> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed || name.trim().is_empty() {
                    return Err(SpecError::Unclosed(text.to_owned()));
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Column(column(name)));
            }
            '}' => return Err(SpecError::StrayBrace(text.to_owned())),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    if !pieces.iter().any(|p| matches!(p, Piece::Column(_))) {
        return Err(SpecError::NoColumn(text.to_owned()));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_text_and_columns() {
        let pieces = template("{Straße} {Haus-nr.}{{x}}").expect("valid");
        assert_eq!(pieces.len(), 4);
        assert_eq!(pieces[1], Piece::Text(" ".into()));
        assert_eq!(pieces[2], Piece::Column(column("Haus-nr.".into())));
        assert_eq!(pieces[3], Piece::Text("{x}".into()));
        assert!(template("{Straße").is_err());
        assert!(template("{}").is_err());
        assert!(template("no column").is_err());
        assert!(template("a } b {c}").is_err());
    }
}
