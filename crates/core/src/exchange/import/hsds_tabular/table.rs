//! One CSV table of the package, read into rows of text cells.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::super::hsds_json::{read_limited, Lines, MAX_FILE_BYTES, MAX_RECORD_BYTES};
use super::super::{ImportError, RejectReason, RejectedRecord};

/// A data row: its 1-based line and its non-blank cells by column name.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub line: u64,
    pub fields: Map<String, Value>,
}

impl Row {
    /// A non-blank cell, trimmed.
    pub(crate) fn get(&self, column: &str) -> Option<&str> {
        self.fields
            .get(column)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    pub(crate) fn id(&self) -> Option<String> {
        self.get("id").map(str::to_owned)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub path: PathBuf,
    pub rows: Vec<Row>,
}

impl Table {
    /// The file name, for messages.
    pub(crate) fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// A rejected-row report.
    pub(crate) fn reject(
        &self,
        row: &Row,
        field: Option<&str>,
        reason: impl Into<RejectReason>,
    ) -> RejectedRecord {
        RejectedRecord {
            file: self.path.clone(),
            line: Some(row.line),
            record_id: row.id(),
            field: field.map(str::to_owned),
            reason: reason.into(),
        }
    }

    /// Row index by `id`.
    pub(crate) fn by_id(&self) -> HashMap<String, usize> {
        let mut out = HashMap::new();
        for (i, row) in self.rows.iter().enumerate() {
            if let Some(id) = row.id() {
                out.entry(id).or_insert(i);
            }
        }
        out
    }
}

fn malformed(path: &Path, line: Option<u64>, reason: impl Into<String>) -> ImportError {
    ImportError::Malformed {
        path: path.to_owned(),
        line,
        reason: reason.into(),
    }
}

/// Read a CSV table. Rows that cannot be used (invalid UTF-8, too long, wrong
/// number of cells, a repeated `id`) are reported in `rejected` and left out.
pub(crate) fn read(path: &Path, rejected: &mut Vec<RejectedRecord>) -> Result<Table, ImportError> {
    let bytes = read_limited(path, MAX_FILE_BYTES)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let headers = headers(&mut reader, path)?;
    let mut table = Table {
        path: path.to_owned(),
        rows: Vec::new(),
    };
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut lines = RecordLines::new(&bytes);
    for record in reader.byte_records() {
        let record = record.map_err(|source| ImportError::Csv {
            path: path.to_owned(),
            line: source.position().map(|p| lines.at(Some(p))),
            source,
        })?;
        let line = lines.at(record.position());
        let (row, mut problem) = decode(&record, &headers, line);
        if problem.is_none() {
            problem = repeated_id(&row, &mut first_line);
        }
        match problem {
            Some((field, reason)) => rejected.push(table.reject(&row, field.as_deref(), reason)),
            None => table.rows.push(row),
        }
    }
    Ok(table)
}

/// The header row's column names, trimmed (a UTF-8 byte order mark before
/// the first is dropped); a file without any is empty.
fn headers(reader: &mut csv::Reader<&[u8]>, path: &Path) -> Result<Vec<String>, ImportError> {
    let headers: Vec<String> = reader
        .byte_headers()
        .map_err(|source| ImportError::Csv {
            path: path.to_owned(),
            line: Some(1),
            source,
        })?
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h)
            } else {
                h
            };
            std::str::from_utf8(h).map(|h| h.trim().to_owned())
        })
        .collect::<Result<_, _>>()
        .map_err(|_| malformed(path, Some(1), "the header row is not valid UTF-8"))?;
    if headers.iter().all(String::is_empty) {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(headers)
}

/// The line numbers of records. They are counted here: after CRLF line
/// ends, csv's record positions point at the `\n` before the record and
/// its line count is one short.
struct RecordLines<'a> {
    bytes: &'a [u8],
    lines: Lines<'a>,
}

impl<'a> RecordLines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            lines: Lines::new(bytes),
        }
    }

    /// The 1-based line of the record that csv places at `position`.
    fn at(&mut self, position: Option<&csv::Position>) -> u64 {
        let start = position.map_or(0, |p| {
            let offset = usize::try_from(p.byte())
                .unwrap_or(usize::MAX)
                .min(self.bytes.len());
            offset
                + self.bytes[offset..]
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count()
        });
        self.lines.at(start).0
    }
}

/// Why a row is left out: the column, if one, and the reason.
type Problem = (Option<String>, String);

/// A record's non-blank cells by column, and what makes it unusable (its
/// size, its number of cells, a cell that is not UTF-8). The cells read
/// before a bad one are kept, for the report's record id.
fn decode(record: &csv::ByteRecord, headers: &[String], line: u64) -> (Row, Option<Problem>) {
    let mut row = Row {
        line,
        fields: Map::new(),
    };
    if record.as_slice().len() > MAX_RECORD_BYTES {
        let reason = format!(
            "the row has {} bytes; rows over {MAX_RECORD_BYTES} bytes are refused",
            record.as_slice().len()
        );
        return (row, Some((None, reason)));
    }
    if record.len() != headers.len() {
        let reason = format!(
            "the row has {} cells, the header has {}",
            record.len(),
            headers.len()
        );
        return (row, Some((None, reason)));
    }
    for (cell, column) in record.iter().zip(headers) {
        match std::str::from_utf8(cell) {
            Ok(text) if text.trim().is_empty() => {}
            Ok(text) => {
                row.fields
                    .insert(column.clone(), Value::String(text.to_owned()));
            }
            Err(e) => {
                let byte = cell.get(e.valid_up_to()).copied().unwrap_or_default();
                let reason =
                    format!("invalid UTF-8 (byte 0x{byte:02X}); HSDS CSV files must be UTF-8");
                return (row, Some((Some(column.clone()), reason)));
            }
        }
    }
    (row, None)
}

/// A row whose `id` an earlier row of the table has; otherwise its line is
/// noted as the id's first.
fn repeated_id(row: &Row, first_line: &mut HashMap<String, u64>) -> Option<Problem> {
    let id = row.id()?;
    if let Some(first) = first_line.get(&id) {
        return Some((
            Some("id".to_owned()),
            format!("duplicate id `{id}` (first at line {first})"),
        ));
    }
    first_line.insert(id, row.line);
    None
}
