//! (Being built.)

use std::io::Write;

use super::ExportError;
use crate::model::DirectoryBatch;

pub fn write(_batch: &DirectoryBatch, _out: &mut dyn Write) -> Result<(), ExportError> {
    Err(ExportError::Encode(
        "this format is not implemented yet".into(),
    ))
}
