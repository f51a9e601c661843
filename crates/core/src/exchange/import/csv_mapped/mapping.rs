//! The TOML mapping file: reading it, checking it, and resolving its column
//! names against a CSV header. The format is described in the parent module.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::error::{HeaderError, MappingError};
use super::spec::{spec, Column, Field, Piece, Spec, ValueSource, KEYS, REQUIRED};
use crate::exchange::import::ImportError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Delimiter {
    Auto,
    Byte(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Utf8,
    Windows1252,
}

/// What to do with a row whose street is a PO box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PoBox {
    Reject,
    /// Keep the coordinates, drop the street, mark the location approximate.
    Approximate,
    Keep,
}

#[derive(Debug, Clone)]
pub(super) struct Mapping {
    pub delimiter: Delimiter,
    pub encoding: Encoding,
    pub header: bool,
    pub id_prefix: String,
    pub id_key: Vec<Column>,
    pub po_box: PoBox,
    /// Rows without coordinates: reject, or place at the postcode's centroid.
    pub missing_coordinates: MissingCoordinates,
    pub fields: BTreeMap<Field, Spec>,
}

/// What to do with a row that has no coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MissingCoordinates {
    Reject,
    /// The centroid of the row's postcode from the offline gazetteer, marked approximate.
    Postcode,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    delimiter: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
    #[serde(default)]
    header: Option<bool>,
    #[serde(default)]
    id_prefix: Option<String>,
    #[serde(default)]
    id_key: Vec<String>,
    #[serde(default)]
    po_box: Option<String>,
    #[serde(default)]
    missing_coordinates: Option<String>,
    fields: toml::Table,
}

impl Mapping {
    /// Read and check a mapping file; errors name the mapping file and line.
    pub fn load(path: &Path) -> Result<Self, ImportError> {
        let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
            path: path.to_owned(),
            source,
        })?;
        let bad = |line: Option<u64>, source: MappingError| ImportError::Mapping {
            path: path.to_owned(),
            line,
            source: Box::new(source),
        };
        let file: MappingFile = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| 1 + text[..s.start.min(text.len())].matches('\n').count() as u64);
            bad(line, MappingError::Toml(e))
        })?;
        Self::from_file(file).map_err(|e| bad(None, e))
    }

    fn from_file(file: MappingFile) -> Result<Self, MappingError> {
        let delimiter = match file.delimiter.as_deref().unwrap_or(",") {
            "auto" => Delimiter::Auto,
            "tab" | "\t" => Delimiter::Byte(b'\t'),
            d if d.len() == 1 && d.is_ascii() => Delimiter::Byte(d.as_bytes()[0]),
            d => return Err(MappingError::Delimiter(d.to_owned())),
        };
        let encoding = match file
            .encoding
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("utf-8" | "utf8") => Encoding::Utf8,
            Some("windows-1252" | "cp1252" | "latin-1" | "latin1" | "iso-8859-1") => {
                Encoding::Windows1252
            }
            Some(other) => return Err(MappingError::Encoding(other.to_owned())),
        };
        let po_box = match file.po_box.as_deref() {
            None | Some("reject") => PoBox::Reject,
            Some("approximate") => PoBox::Approximate,
            Some("keep") => PoBox::Keep,
            Some(other) => return Err(MappingError::PoBox(other.to_owned())),
        };
        let missing_coordinates = match file.missing_coordinates.as_deref() {
            None | Some("reject") => MissingCoordinates::Reject,
            Some("postcode") => MissingCoordinates::Postcode,
            Some(other) => return Err(MappingError::MissingCoordinates(other.to_owned())),
        };
        let mut fields = BTreeMap::new();
        for (key, value) in file.fields {
            let field = KEYS
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, f)| *f)
                .ok_or_else(|| MappingError::UnknownField(key.clone()))?;
            let spec = spec(field, value).map_err(|source| MappingError::Field {
                key: key.clone(),
                source,
            })?;
            let today = matches!(&spec.source, ValueSource::Value(v) if v.trim() == "today");
            if field == Field::LastVerified && today {
                return Err(MappingError::TodayIsNoCheck);
            }
            if fields.insert(field, spec).is_some() {
                return Err(MappingError::Twice(field.key()));
            }
        }
        if let Some(missing) = REQUIRED.iter().find(|f| !fields.contains_key(f)) {
            return Err(MappingError::Unmapped(missing.key()));
        }
        Ok(Self {
            delimiter,
            encoding,
            header: file.header.unwrap_or(true),
            id_prefix: file.id_prefix.unwrap_or_default(),
            id_key: file
                .id_key
                .into_iter()
                .map(|name| Column {
                    name,
                    index: usize::MAX,
                })
                .collect(),
            po_box,
            missing_coordinates,
            fields,
        })
    }

    /// Every column the mapping reads.
    fn columns_mut(&mut self) -> impl Iterator<Item = &mut Column> {
        let from_fields = self
            .fields
            .values_mut()
            .flat_map(|spec| -> Vec<&mut Column> {
                match &mut spec.source {
                    ValueSource::Column(c) => vec![c],
                    ValueSource::Template(pieces) => pieces
                        .iter_mut()
                        .filter_map(|p| match p {
                            Piece::Column(c) => Some(c),
                            Piece::Text(_) => None,
                        })
                        .collect(),
                    ValueSource::Value(_) => Vec::new(),
                }
            });
        from_fields.chain(self.id_key.iter_mut())
    }

    /// Give every column its index in `headers`; a missing or ambiguous
    /// column is an error naming the available ones.
    pub fn resolve(&mut self, headers: &[String]) -> Result<(), HeaderError> {
        for column in self.columns_mut() {
            let mut found = headers
                .iter()
                .enumerate()
                .filter(|(_, h)| h.trim() == column.name.trim());
            match (found.next(), found.next()) {
                (Some((index, _)), None) => column.index = index,
                (Some(_), Some(_)) => return Err(HeaderError::Duplicate(column.name.clone())),
                (None, _) => {
                    return Err(HeaderError::Missing {
                        column: column.name.clone(),
                        headers: headers.to_vec(),
                    })
                }
            }
        }
        Ok(())
    }

    /// The field as the source names it: its column, else the mapping key.
    pub fn source_name(&self, field: Field) -> String {
        match self.fields.get(&field).map(|s| &s.source) {
            Some(ValueSource::Column(c)) => c.name.clone(),
            _ => field.key().to_owned(),
        }
    }

    /// The indexes of every column the mapping reads.
    pub fn used_columns(&self) -> Vec<usize> {
        let mut this = self.clone();
        let mut used: Vec<usize> = this.columns_mut().map(|c| c.index).collect();
        used.sort_unstable();
        used.dedup();
        used
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Mapping, MappingError> {
        let file: MappingFile = toml::from_str(text).map_err(MappingError::Toml)?;
        Mapping::from_file(file)
    }

    const MINIMAL: &str = r#"
        [fields]
        name = "Name"
        category = { value = "kita" }
        lat = "Lat"
        lon = "Lon"
        organization = { value = "Träger" }
        source = { value = "Test" }
    "#;

    #[test]
    fn a_minimal_mapping_resolves_against_a_header() {
        let mut m = load(MINIMAL).expect("valid");
        assert_eq!(m.delimiter, Delimiter::Byte(b','));
        assert!(m.header);
        let headers: Vec<String> = ["Lon", "Name", "Lat"].map(String::from).to_vec();
        m.resolve(&headers).expect("resolves");
        assert_eq!(m.used_columns(), vec![0, 1, 2]);
        let missing: Vec<String> = ["Name", "Lat"].map(String::from).to_vec();
        let err = load(MINIMAL)
            .expect("valid")
            .resolve(&missing)
            .expect_err("no Lon")
            .to_string();
        assert!(
            err.contains("`Lon`") && err.contains("columns: `Name`, `Lat`"),
            "{err}"
        );
    }

    #[test]
    fn mistakes_in_a_mapping_are_named() {
        let no_source = MINIMAL.replace("source = { value = \"Test\" }", "");
        assert!(load(&no_source)
            .expect_err("no source")
            .to_string()
            .contains("`source`"));
        let typo = MINIMAL.replace("lat = \"Lat\"", "lat = { colum = \"Lat\" }");
        assert!(load(&typo).expect_err("typo").to_string().contains("colum"));
        let unknown = format!("{MINIMAL}\nnope = \"x\"");
        assert!(load(&unknown)
            .expect_err("unknown")
            .to_string()
            .contains("unknown field `nope`"));
        let two = MINIMAL.replace(
            "name = \"Name\"",
            "name = { column = \"Name\", value = \"x\" }",
        );
        let two = load(&two).expect_err("two sources").to_string();
        assert!(
            two.contains("exactly one") && two.contains("given: column, value"),
            "{two}"
        );
        let alias_twice = format!("{MINIMAL}\ncategories = \"Art\"");
        assert!(load(&alias_twice)
            .expect_err("alias")
            .to_string()
            .contains("twice"));
        assert!(load(&format!("delimiter = \";;\"\n{MINIMAL}")).is_err());
    }
}
