//! (Being built.)

use std::path::Path;

use super::{ImportError, ParsedImport};

pub fn parse(path: &Path, _mapping: &Path) -> Result<ParsedImport, ImportError> {
    Err(ImportError::Malformed {
        path: path.to_owned(),
        line: None,
        reason: "this format is not implemented yet".into(),
    })
}
