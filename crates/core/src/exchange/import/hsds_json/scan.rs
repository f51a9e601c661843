//! A byte-level scan that finds where each service record of an HSDS JSON
//! document starts and ends, without building any of them. It works on bytes,
//! so a record with invalid UTF-8 or a syntax error inside its strings does
//! not hide the records around it; each record is parsed on its own later.

use std::ops::Range;

/// The document's structure is broken (unbalanced brackets, an unterminated
/// string, text after the end): no record boundaries can be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanError {
    pub offset: usize,
    pub reason: String,
}

fn fail<T>(offset: usize, reason: impl Into<String>) -> Result<T, ScanError> {
    Err(ScanError {
        offset,
        reason: reason.into(),
    })
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Offset of the first byte that is not a BOM or whitespace.
pub(crate) fn content_start(bytes: &[u8]) -> usize {
    let start = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    skip_ws(bytes, start)
}

fn skip_ws(b: &[u8], mut pos: usize) -> usize {
    while pos < b.len() && matches!(b[pos], b' ' | b'\t' | b'\n' | b'\r') {
        pos += 1;
    }
    pos
}

/// `pos` is at a `"`; returns the offset after the closing quote.
fn skip_string(b: &[u8], pos: usize) -> Result<usize, ScanError> {
    let mut i = pos + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    fail(pos, "a string is not terminated")
}

/// `pos` is at the first byte of a value; returns the offset after it.
fn skip_value(b: &[u8], pos: usize) -> Result<usize, ScanError> {
    match b.get(pos) {
        None => fail(pos, "a value is missing at the end of the file"),
        Some(b'"') => skip_string(b, pos),
        Some(b'{' | b'[') => {
            let mut closers = Vec::new();
            let mut i = pos;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i = skip_string(b, i)?;
                        continue;
                    }
                    b'{' => closers.push(b'}'),
                    b'[' => closers.push(b']'),
                    c @ (b'}' | b']') => {
                        if closers.pop() != Some(c) {
                            return fail(i, format!("unexpected `{}`", c as char));
                        }
                        if closers.is_empty() {
                            return Ok(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            fail(pos, "a bracket is never closed")
        }
        Some(_) => {
            let end = b[pos..]
                .iter()
                .position(|c| matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
                .map_or(b.len(), |n| pos + n);
            if end == pos {
                return fail(pos, format!("unexpected `{}`", b[pos] as char));
            }
            Ok(end)
        }
    }
}

/// The elements of the array at `pos` (which is at `[`), and the offset after it.
fn elements(b: &[u8], pos: usize) -> Result<(Vec<Range<usize>>, usize), ScanError> {
    let mut out = Vec::new();
    let mut i = skip_ws(b, pos + 1);
    if b.get(i) == Some(&b']') {
        return Ok((out, i + 1));
    }
    loop {
        let end = skip_value(b, i)?;
        out.push(i..end);
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => return Ok((out, i + 1)),
            _ => return fail(i, "expected `,` or `]` after a list element"),
        }
    }
}

/// An object member: the key (without quotes) and the value.
type Member = (Range<usize>, Range<usize>);

/// The members of the object at `pos` (at `{`) and the offset after it; the
/// members read before a structural error are kept.
fn members(b: &[u8], pos: usize) -> (Vec<Member>, Result<usize, ScanError>) {
    let mut out = Vec::new();
    let end = each_member(b, pos, &mut out);
    (out, end)
}

fn each_member(b: &[u8], pos: usize, out: &mut Vec<Member>) -> Result<usize, ScanError> {
    let mut i = skip_ws(b, pos + 1);
    if b.get(i) == Some(&b'}') {
        return Ok(i + 1);
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return fail(i, "expected a quoted key");
        }
        let key_end = skip_string(b, i)?;
        let key = i + 1..key_end - 1;
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return fail(i, "expected `:` after a key");
        }
        let start = skip_ws(b, i + 1);
        let end = skip_value(b, start)?;
        out.push((key, start..end));
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => return Ok(i + 1),
            _ => return fail(i, "expected `,` or `}` after an object member"),
        }
    }
}

/// The byte ranges of the service records: the elements of a top-level array
/// or of a paginated list's `contents`, or the one top-level object.
pub(crate) fn records(b: &[u8]) -> Result<Vec<Range<usize>>, ScanError> {
    let start = content_start(b);
    let (records, end) = match b.get(start) {
        Some(b'[') => elements(b, start)?,
        Some(b'{') => {
            let (members, end) = members(b, start);
            let end = end?;
            let contents = members
                .into_iter()
                .find(|(key, _)| &b[key.clone()] == b"contents");
            match contents {
                Some((_, value)) if b.get(value.start) == Some(&b'[') => {
                    (elements(b, value.start)?.0, end)
                }
                Some((_, value)) => {
                    return fail(value.start, "`contents` must be a list of services")
                }
                None => (std::iter::once(start..end).collect(), end),
            }
        }
        _ => {
            return fail(
                start,
                "expected a service object, a list of services or a paginated list",
            )
        }
    };
    let rest = skip_ws(b, end);
    if rest < b.len() {
        return fail(rest, "unexpected text after the end of the JSON document");
    }
    Ok(records)
}

/// The top-level `id` of a record, read without parsing the record (for
/// reports about records that cannot be parsed).
pub(crate) fn record_id(record: &[u8]) -> Option<String> {
    if record.first() != Some(&b'{') {
        return None;
    }
    let (members, _) = members(record, 0);
    let (_, value) = members
        .into_iter()
        .find(|(key, _)| &record[key.clone()] == b"id")?;
    let raw = &record[value];
    match raw.first() {
        Some(b'"') => serde_json::from_slice::<String>(raw)
            .ok()
            .or_else(|| Some(String::from_utf8_lossy(&raw[1..raw.len() - 1]).into_owned())),
        Some(b'0'..=b'9' | b'-') => Some(String::from_utf8_lossy(raw).into_owned()),
        _ => None,
    }
}

/// The top-level member of a record whose value holds byte `offset` (relative
/// to the record), or failing an offset, the largest one: the field to blame
/// for invalid bytes or a record that is too large.
pub(crate) fn member_at(record: &[u8], offset: Option<usize>) -> Option<String> {
    if record.first() != Some(&b'{') {
        return None;
    }
    let (members, _) = members(record, 0);
    let (key, _) = match offset {
        Some(offset) => members
            .into_iter()
            .find(|(_, value)| value.contains(&offset))?,
        None => members.into_iter().max_by_key(|(_, value)| value.len())?,
    };
    Some(String::from_utf8_lossy(&record[key]).into_owned())
}

/// 1-based line and column numbers of byte offsets, asked in increasing order.
pub(crate) struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
    line_start: usize,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// Line and column (in bytes) of `offset`; offsets before the last one asked restart the count.
    pub(crate) fn at(&mut self, offset: usize) -> (u64, usize) {
        let offset = offset.min(self.bytes.len());
        if offset < self.offset {
            *self = Self::new(self.bytes);
        }
        for (i, byte) in self.bytes[self.offset..offset].iter().enumerate() {
            if *byte == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = offset;
        (self.line, offset - self.line_start + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(b: &'a [u8], ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges
            .iter()
            .map(|r| std::str::from_utf8(&b[r.clone()]).unwrap_or("?"))
            .collect()
    }

    #[test]
    fn arrays_objects_and_paginated_lists() {
        let b = br#" [ {"id": "a", "x": [1, "]"]} , {"id": "b\"}"} ] "#;
        assert_eq!(
            texts(b, &records(b).expect("array")),
            [r#"{"id": "a", "x": [1, "]"]}"#, r#"{"id": "b\"}"}"#]
        );
        let b = br#"{"total_items": 2, "contents": [{"id": 1}, {"id": 2}], "empty": false}"#;
        assert_eq!(
            texts(b, &records(b).expect("page")),
            [r#"{"id": 1}"#, r#"{"id": 2}"#]
        );
        let b = b"\xEF\xBB\xBF{\"id\": \"x\"}\n";
        assert_eq!(records(b).expect("single").len(), 1);
        assert_eq!(
            records(b"[]").expect("empty list"),
            Vec::<Range<usize>>::new()
        );
    }

    #[test]
    fn broken_structure_is_an_error_but_broken_bytes_are_not() {
        assert!(records(b"[{\"id\": \"a\"}").is_err());
        assert!(records(b"[{\"id\": \"a}]").is_err());
        assert!(records(b"[{\"id\": 1}] x").is_err());
        assert!(records(b"[{\"id\": 1]}").is_err());
        assert!(records(b"{\"contents\": 5}").is_err());
        assert_eq!(records(b"[{\"n\": \"\xFF\"}, {}]").expect("bytes").len(), 2);
    }

    #[test]
    fn ids_and_lines() {
        assert_eq!(
            record_id(br#"{"name": "x", "id": "s\u0031"}"#).as_deref(),
            Some("s1")
        );
        assert_eq!(
            record_id(b"{\"id\": \"\xFFx\"}").as_deref(),
            Some("\u{FFFD}x")
        );
        assert_eq!(record_id(br#"{"id": 42}"#).as_deref(), Some("42"));
        assert_eq!(
            record_id(br#"{"id": "x", "name" "y"}"#).as_deref(),
            Some("x")
        );
        let record = br#"{"id": "a", "name": "xyz", "description": "long text here"}"#;
        assert_eq!(member_at(record, Some(22)).as_deref(), Some("name"));
        assert_eq!(member_at(record, None).as_deref(), Some("description"));
        let mut lines = Lines::new(b"a\nbc\nd");
        assert_eq!(lines.at(0), (1, 1));
        assert_eq!(lines.at(3), (2, 2));
        assert_eq!(lines.at(5), (3, 1));
        assert_eq!(lines.at(2), (2, 1));
    }
}
