//! The command-line flags that fix an error, added when the CLI prints it:
//! the core says what is wrong in its own words and knows no flags.

use lotse_core::feed::FeedError;
use lotse_core::import::ImportError;

/// The flag that resolves an import error, as a suffix to its message.
pub fn import_hint(err: &ImportError) -> &'static str {
    match err {
        ImportError::UnknownFormat { .. } => " (pass --format hsds-json|hsds-csv|csv|geojson)",
        ImportError::MappingRequired { .. } => " (pass --mapping FILE.toml)",
        ImportError::AsOf(_) => " (--as-of YYYY-MM-DD)",
        ImportError::Mapping { source, .. }
            if matches!(**source, lotse_core::import::MappingError::TodayIsNoCheck) =>
        {
            "; the list's date can be given with --as-of YYYY-MM-DD"
        }
        _ => "",
    }
}

/// The flag that resolves a feed error, as a suffix to its message.
pub fn feed_hint(err: &FeedError) -> &'static str {
    match err {
        FeedError::NoTrustedKey => " (--pubkey)",
        FeedError::UntrustedKey(_) => "; to trust it, pass it with --pubkey",
        _ => "",
    }
}
