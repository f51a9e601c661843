//! What can be wrong with a mapping file or with a CSV header against it;
//! each error names the key, value or column at fault.

use super::spec::known_keys;

/// A mistake in the TOML mapping file.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    /// Not TOML, or a key of the wrong type (the line is in the [`ImportError`](crate::exchange::import::ImportError)).
    #[error("{}", .0.message())]
    Toml(#[source] toml::de::Error),
    #[error("`delimiter` is `{0}`: use one ASCII character, \"tab\" or \"auto\"")]
    Delimiter(String),
    #[error("`encoding` is `{0}`: use \"utf-8\", \"windows-1252\" or \"latin-1\"")]
    Encoding(String),
    #[error("`po_box` is `{0}`: use \"reject\", \"approximate\" or \"keep\"")]
    PoBox(String),
    #[error("`missing_coordinates` is `{0}`: use \"reject\" or \"postcode\"")]
    MissingCoordinates(String),
    #[error("unknown field `{0}` in [fields]; known: {known}", known = known_keys())]
    UnknownField(String),
    #[error("[fields] {key}: {source}")]
    Field { key: String, source: SpecError },
    #[error("[fields] maps `{0}` twice (through an alias)")]
    Twice(&'static str),
    #[error("[fields] must map `{0}` (a column, a template or a constant value)")]
    Unmapped(&'static str),
    #[error(
        "[fields] last_verified = {{ value = \"today\" }} would say every row was checked on the \
         day of the import; name the column with each row's date, or give the date the list \
         was published as a constant (read as the source's date, not as a check), or leave it \
         out (the date is then the source's, if given, or unknown)"
    )]
    TodayIsNoCheck,
}

/// A mistake in one entry of `[fields]`.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    #[error("expected a column name or a table, found {0}")]
    NotColumnOrTable(&'static str),
    #[error("{}", .0.message())]
    Table(#[source] toml::de::Error),
    #[error("give exactly one of `column`, `template` or `value` (given: {})", given_list(.given))]
    Sources { given: Vec<&'static str> },
    #[error("`separator` (`{0}`) only applies to list fields (categories, languages, target_groups, phone, fax)")]
    SeparatorNotList(String),
    #[error("`separator` is empty")]
    EmptySeparator,
    #[error("template `{0}` has an empty or unclosed `{{…}}`")]
    Unclosed(String),
    #[error("template `{0}` has a `}}` without `{{`; write `}}}}` for a literal brace")]
    StrayBrace(String),
    #[error("template `{0}` names no column; use `value` for a constant")]
    NoColumn(String),
}

fn given_list(given: &[&str]) -> String {
    if given.is_empty() {
        "none".to_owned()
    } else {
        given.join(", ")
    }
}

/// A CSV header that does not fit the mapping.
#[derive(Debug, thiserror::Error)]
pub enum HeaderError {
    #[error("header column {column}: not valid UTF-8; if the file is Latin-1 or Windows-1252, set encoding = \"windows-1252\"")]
    NotUtf8 { column: usize },
    #[error("the header has the column `{0}` more than once")]
    Duplicate(String),
    #[error(
        "the mapping reads the column `{column}`, which the header does not have; columns: {}",
        quoted(.headers)
    )]
    Missing {
        column: String,
        headers: Vec<String>,
    },
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
