//! Any CSV file, described by a small TOML mapping file. One data row is one
//! offer: a service of an organization at a location.
//!
//! # The mapping file
//!
//! ```toml
//! delimiter = ";"        # one ASCII character, "tab", or "auto" (guessed from the
//!                        # header line: `;` `,` tab `|`); default ","
//! encoding = "utf-8"     # "utf-8" (a byte-order mark is skipped), "windows-1252"
//!                        # or "latin-1" (both read as Windows-1252); default "utf-8"
//! header = true          # the first row names the columns; with `false` columns are
//!                        # named "1", "2", … and the first row is data
//! id_prefix = "muc-kita-" # put before every id read or generated (default none)
//! id_key = ["Name", "Straße"] # columns hashed into the id when `id` is not mapped
//! po_box = "reject"      # street is a PO box ("Postfach 12 34"): "reject" the row
//!                        # (default), "approximate" (drop the street, keep the
//!                        # coordinates, mark the location approximate) or "keep"
//! missing_coordinates = "reject"  # a row without lat/lon: "reject" it, or "postcode":
//!                      # place it at its postcode's centroid (offline gazetteer),
//!                      # marked approximate
//!
//! [fields]               # Lotse field = where its value comes from
//! name = "Name Einrichtung"                              # a column
//! street = { template = "{Straße} {Haus-nr.}" }          # columns in text; `{{` = `{`
//! source = { value = "Stadt X, dl-de/by-2.0" }           # a constant
//! categories = { column = "Art", map = { KRIPPE = "kita" } }
//! languages = { column = "Sprachen", separator = "," }
//! ```
//!
//! A field is a column name, or a table with exactly one of `column`,
//! `template` or `value`, plus optionally `map` (value → value; values not in
//! the map pass unchanged; mapping to `""` drops a list item), `default` (used
//! when the cell is empty) and, for list fields, `separator` (default `;`).
//! Values are trimmed; templates also collapse runs of spaces.
//!
//! Fields (aliases in brackets). Required: `name`, `categories` (`category`;
//! stable ids from [`crate::directory::taxonomy`]), `lat` (`latitude`), `lon`
//! (`longitude`), `organization_name` (`organization`), `source`. Optional:
//! `last_verified` (`YYYY-MM-DD` or `DD.MM.YYYY`): a column is each row's
//! check; a constant is the list's own date (the source's, not a check); an
//! empty cell or no mapping leaves the date unknown; `"today"` is refused,
//! since it would claim a check nobody made. `as_of`: the source's date for
//! the row (when `last_verified` is empty). `id`, `offer_id`, `service_id`,
//! `location_id`, `organization_id`, `description`, `languages` (ISO 639
//! codes), `target_groups`, `status` (HSDS), `fees_free`, `is_demo` (yes/no,
//! ja/nein, true/false, 1/0), `street`, `postcode`, `city`, `state`,
//! `location_name`, `precision` (exact/postcode/town), `phone`, `fax`, `email`,
//! `website` (`url`), `opening_hours` (OSM syntax, checked with
//! [`crate::directory::hours::OpeningHours::parse`]). Lists: `categories`, `languages`,
//! `target_groups`, `phone`, `fax`.
//!
//! Ids: the offer, its service and its location all take the `id` field
//! (`id_prefix` + value) unless `offer_id`, `service_id`, `location_id` say
//! otherwise. Without an `id` the id is `id_prefix` + 16 hex digits of a
//! stable hash (FNV-1a) of `source` and the `id_key` columns (default: the
//! name, street, postcode and city values), so a re-import yields the same
//! ids. The organization id is `organization_id`, else `id_prefix` + `org-` +
//! a slug and hash of its name.
//!
//! Coordinates are WGS84 degrees with a decimal point or a decimal comma
//! (`48,137`). Rows without coordinates are rejected: addresses are not
//! geocoded on import. 0/0 and latitude/longitude that look swapped (swapped
//! they would lie in Germany) are rejected too.
//!
//! # Error policy: valid rows
//!
//! Every valid row is imported; every other row is reported as a
//! [`RejectedRecord`](crate::exchange::import::RejectedRecord) with the file, the CSV
//! line where the row starts, the offer id (if known), the column at fault (or
//! the mapping key for templates and constants) and the reason: a missing
//! required value, no or invalid coordinates, a value that does not map to a
//! category, an invalid language code, date or opening hours, a cell that is
//! not valid text in the mapping's encoding, a wrong number of fields, a PO
//! box (with `po_box = "reject"`), an offer id that was already read, or an
//! organization/service/location id read before with other values. Rows whose
//! cells are all empty are skipped and not counted.
//!
//! The whole file is refused (an [`ImportError`], nothing imported) when the
//! mapping is invalid or names a column the header does not have, the file is
//! empty, larger than 256 MiB, has a header that is not valid text, or has a
//! line longer than 1 MiB ([`common::MAX_LINE_BYTES`]).

pub(super) mod common;
mod error;
mod mapping;
mod offer;
mod row;
mod spec;
pub(super) mod values;

use std::path::Path;

use csv::ByteRecord;

use self::common::{Assembler, IdFields, MAX_LINE_BYTES};
use self::mapping::{Delimiter, Encoding, Mapping};
use self::row::Row;
use self::spec::Field;
use super::{ImportError, ParsedImport};

pub use self::error::{HeaderError, MappingError, SpecError};
pub use self::values::PostcodeError;

/// Import the CSV at `path` as described by the TOML mapping at `mapping`.
pub fn parse(path: &Path, mapping: &Path) -> Result<ParsedImport, ImportError> {
    let mut mapping = Mapping::load(mapping)?;
    let bytes = common::read_file(path)?;
    let body = checked_body(path, &bytes, mapping.encoding)?;
    let delimiter = match mapping.delimiter {
        Delimiter::Byte(b) => b,
        Delimiter::Auto => sniff_delimiter(body),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut record = ByteRecord::new();
    let read = |reader: &mut csv::Reader<&[u8]>, record: &mut ByteRecord| {
        reader
            .read_byte_record(record)
            .map_err(|source| ImportError::Csv {
                path: path.to_owned(),
                line: source.position().map(|p| p.line()),
                source,
            })
    };
    if !read(&mut reader, &mut record)? {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    }
    let (headers, mut pending_first) = read_header(path, &mapping, &record)?;
    mapping
        .resolve(&headers)
        .map_err(|source| ImportError::Header {
            path: path.to_owned(),
            source,
        })?;
    let used = mapping.used_columns();
    let names = id_field_names(&mapping);
    let names = IdFields {
        offer: &names[0],
        service: &names[1],
        location: &names[2],
        organization: &names[3],
    };

    let mut assembler = Assembler::new(path);
    loop {
        match pending_first.take() {
            Some(first) => record = first,
            None if read(&mut reader, &mut record)? => {}
            None => break,
        }
        if record
            .iter()
            .all(|cell| cell.iter().all(u8::is_ascii_whitespace))
        {
            continue;
        }
        let line = record.position().map_or(0, |p| p.line());
        assembler.count_record();
        let row = match Row::decode(&mapping, &headers, &record, &used) {
            Ok(row) => row,
            Err(e) => {
                assembler.reject(Some(line), None, e);
                continue;
            }
        };
        let id = row.offer_id();
        let added = row
            .build()
            .and_then(|offer| assembler.add(offer, &format!("line {line}"), &names));
        match added {
            Ok(dropped) => assembler.warn(Some(line), &id, dropped),
            Err(e) => assembler.reject(Some(line), Some(id), e),
        }
    }
    Ok(assembler.finish())
}

/// The file's bytes after a byte-order mark, refused when the mark
/// contradicts the mapping's encoding or a line is too long.
fn checked_body<'a>(
    path: &Path,
    bytes: &'a [u8],
    encoding: Encoding,
) -> Result<&'a [u8], ImportError> {
    let malformed = |line: Option<u64>, reason: String| ImportError::Malformed {
        path: path.to_owned(),
        line,
        reason,
    };
    let body = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(_) if encoding == Encoding::Windows1252 => {
            return Err(malformed(
                Some(1),
                "the file starts with a UTF-8 byte-order mark, but the mapping says encoding = \"windows-1252\"; set encoding = \"utf-8\"".into(),
            ))
        }
        Some(rest) => rest,
        None => bytes,
    };
    if let Some((line, long)) = body
        .split(|b| *b == b'\n')
        .enumerate()
        .find(|(_, l)| l.len() > MAX_LINE_BYTES)
    {
        return Err(malformed(
            Some(line as u64 + 1),
            format!("the line has {} bytes; lines longer than {MAX_LINE_BYTES} bytes (1 MiB) are refused", long.len()),
        ));
    }
    Ok(body)
}

/// The column names, and the first record again when it is data (no header).
fn read_header(
    path: &Path,
    mapping: &Mapping,
    record: &ByteRecord,
) -> Result<(Vec<String>, Option<ByteRecord>), ImportError> {
    if !mapping.header {
        let names = (1..=record.len()).map(|i| i.to_string()).collect();
        return Ok((names, Some(record.clone())));
    }
    let names = record
        .iter()
        .enumerate()
        .map(|(i, cell)| decode_header(cell, i + 1, mapping.encoding))
        .collect::<Result<_, _>>()
        .map_err(|source| ImportError::Header {
            path: path.to_owned(),
            source,
        })?;
    Ok((names, None))
}

/// The names of the id fields as the source names them, for messages.
fn id_field_names(mapping: &Mapping) -> [String; 4] {
    [
        Field::OfferId,
        Field::ServiceId,
        Field::LocationId,
        Field::OrganizationId,
    ]
    .map(|f| {
        let fallback = match f {
            _ if mapping.fields.contains_key(&f) => f,
            Field::OrganizationId => Field::OrganizationName,
            _ => Field::Id,
        };
        mapping.source_name(fallback)
    })
}

/// Header cell `column` (1-based) as text in the mapping's encoding.
fn decode_header(cell: &[u8], column: usize, encoding: Encoding) -> Result<String, HeaderError> {
    let text = match encoding {
        Encoding::Utf8 => std::str::from_utf8(cell)
            .map_err(|_| HeaderError::NotUtf8 { column })?
            .to_owned(),
        Encoding::Windows1252 => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(cell)
            .0
            .into_owned(),
    };
    Ok(text.trim().to_owned())
}

/// The most frequent of `;` `,` tab `|` outside quotes in the first line.
fn sniff_delimiter(body: &[u8]) -> u8 {
    let first = body.split(|b| *b == b'\n').next().unwrap_or_default();
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for &b in first {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == b) {
                entry.1 += 1;
            }
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_guessed_from_the_header_line() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a,b,\"c;d\"\n"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"single"), b',');
    }
}
