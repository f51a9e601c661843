//! One CSV row's cells, decoded for the columns the mapping reads, and its
//! values by field (mapped, split into lists, ids with the prefix). The
//! offer is assembled from them in `offer.rs`.

use csv::ByteRecord;

use super::common::FieldError;
use super::mapping::{Encoding, Mapping};
use super::spec::{Field, Piece, Spec, ValueSource};
use super::values::stable_hash;
use crate::exchange::import::RejectReason;

/// A row's cells, decoded for the columns the mapping reads.
pub(super) struct Row<'a> {
    pub(super) mapping: &'a Mapping,
    cells: Vec<Option<String>>,
}

impl<'a> Row<'a> {
    /// Decode the cells the mapping reads; a cell that is not valid text in
    /// the mapping's encoding rejects the row, naming the column.
    pub fn decode(
        mapping: &'a Mapping,
        headers: &[String],
        record: &ByteRecord,
        used: &[usize],
    ) -> Result<Self, FieldError> {
        if record.len() != headers.len() {
            return Err(FieldError::record(format!(
                "the row has {} fields, the header has {}; check the delimiter and the quoting",
                record.len(),
                headers.len()
            )));
        }
        let mut cells = vec![None; headers.len()];
        for &i in used {
            let bytes = record.get(i).unwrap_or_default();
            let text = match mapping.encoding {
                Encoding::Utf8 => std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
                    let at = e.valid_up_to();
                    FieldError::new(
                        header(headers, i),
                        format!(
                            "not valid UTF-8 (byte 0x{:02X} after {at} bytes of the value); if the file is Latin-1 or Windows-1252, set encoding = \"windows-1252\" in the mapping",
                            bytes.get(at).copied().unwrap_or_default()
                        ),
                    )
                })?,
                Encoding::Windows1252 => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
            };
            if let Some(cell) = cells.get_mut(i) {
                *cell = Some(text);
            }
        }
        Ok(Self { mapping, cells })
    }

    fn cell(&self, index: usize) -> &str {
        self.cells
            .get(index)
            .and_then(Option::as_deref)
            .unwrap_or_default()
            .trim()
    }

    /// The value before the map: trimmed, `default` if empty.
    fn raw(&self, spec: &Spec) -> Option<String> {
        let value = match &spec.source {
            ValueSource::Column(c) => self.cell(c.index).to_owned(),
            ValueSource::Value(v) => v.trim().to_owned(),
            ValueSource::Template(pieces) => {
                let joined: String = pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.as_str(),
                        Piece::Column(c) => self.cell(c.index),
                    })
                    .collect();
                joined.split_whitespace().collect::<Vec<_>>().join(" ")
            }
        };
        if value.is_empty() {
            spec.default.clone()
        } else {
            Some(value)
        }
    }

    /// A single value, mapped; `None` if the field is unmapped or empty.
    pub fn text(&self, field: Field) -> Option<String> {
        let spec = self.mapping.fields.get(&field)?;
        let raw = self.raw(spec)?;
        let value = spec.map.get(&raw).cloned().unwrap_or(raw);
        Some(value.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// A list value, split at the separator (default `;`), each item mapped;
    /// items mapped to `""` are dropped.
    pub fn list(&self, field: Field) -> Vec<String> {
        let Some(spec) = self.mapping.fields.get(&field) else {
            return Vec::new();
        };
        let Some(raw) = self.raw(spec) else {
            return Vec::new();
        };
        raw.split(spec.separator.as_deref().unwrap_or(";"))
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                spec.map
                    .get(item)
                    .map(|m| m.trim().to_owned())
                    .unwrap_or_else(|| item.to_owned())
            })
            .filter(|item| !item.is_empty())
            .collect()
    }

    /// The field as the source names it: its column, else the mapping key.
    pub fn name(&self, field: Field) -> String {
        self.mapping.source_name(field)
    }

    pub(super) fn error(&self, field: Field, reason: impl Into<RejectReason>) -> FieldError {
        FieldError::new(self.name(field), reason)
    }

    pub(super) fn required(&self, field: Field, what: &str) -> Result<String, FieldError> {
        self.text(field)
            .ok_or_else(|| self.error(field, format!("is empty: every offer needs {what}")))
    }

    pub(super) fn id(&self, field: Field) -> Option<String> {
        self.text(field)
            .map(|id| format!("{}{id}", self.mapping.id_prefix))
    }

    /// The offer's base id: the `id` field, else a stable hash of the source
    /// and the `id_key` columns (default: name, street, postcode, city).
    pub(super) fn base_id(&self) -> String {
        if let Some(id) = self.id(Field::Id) {
            return id;
        }
        let source = self.text(Field::Source).unwrap_or_default();
        let mut parts = vec![source];
        if self.mapping.id_key.is_empty() {
            parts.extend(
                [Field::Name, Field::Street, Field::Postcode, Field::City]
                    .map(|f| self.text(f).unwrap_or_default()),
            );
        } else {
            parts.extend(
                self.mapping
                    .id_key
                    .iter()
                    .map(|c| self.cell(c.index).to_owned()),
            );
        }
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        format!("{}{:016x}", self.mapping.id_prefix, stable_hash(&parts))
    }

    /// The offer id this row gets, for reports.
    pub fn offer_id(&self) -> String {
        self.id(Field::OfferId).unwrap_or_else(|| self.base_id())
    }
}

fn header(headers: &[String], index: usize) -> String {
    headers
        .get(index)
        .cloned()
        .unwrap_or_else(|| format!("column {}", index + 1))
}
