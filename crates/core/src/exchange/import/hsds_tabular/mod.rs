//! HSDS 3.0 (Open Referral) tabular data package import: a folder with
//! `datapackage.json` and one CSV file per table (or that `datapackage.json`).
//!
//! # Tables
//! Files are found through the `resources` (`name` → `path`) of
//! `datapackage.json`; a resource it does not list, or a folder without a
//! `datapackage.json`, falls back to the standard file name. Read:
//! `services.csv` (required), `organizations.csv`, `service_at_location.csv`,
//! `locations.csv`, `addresses.csv`, `phones.csv`, `languages.csv`,
//! `schedules.csv`, `attributes.csv` + `taxonomy_terms.csv`, `funding.csv`,
//! `contacts.csv`, `cost_options.csv`, `service_areas.csv`; other tables are
//! ignored. Resource paths must stay inside the package folder (no URLs).
//!
//! The rows are put together into one nested HSDS `service_full` object per
//! service and mapped exactly like HSDS JSON (see `import::hsds_json`: the
//! same fields, categories, Lotse attributes of the taxonomy `lotse`, and
//! fallbacks). Rows linked to several parents belong to the most specific
//! one: a phone to its contact, else offer, location, service; a schedule to
//! its offer, else location, service. Language rows belong to the service
//! and/or the location they name. Rows that only concern entities Lotse does
//! not keep (organization phones, accessibility, programs, …) are ignored.
//! The default `source` is the package folder's name.
//!
//! # Error policy: valid rows, each bad one reported
//! Every row is reported with its CSV file and 1-based line (the line where
//! the row starts), its `id`, the column and the reason, and left out:
//! invalid UTF-8, more than 8 MiB, a wrong number of cells, a repeated `id`,
//! or a reference to a row that does not exist. A service is imported whole
//! or not at all: when a row it is built from is wrong (its location has
//! latitude 100, its schedule cannot be converted, …), the report names that
//! row's file, line and column and says which service was left out; offers
//! of rejected services and locations are left out with them. The whole
//! import fails, with nothing imported, only when the package cannot be
//! read: no services table, an unreadable `datapackage.json`, a CSV file over
//! 256 MiB, or a CSV that is not CSV.

mod assemble;
mod links;
mod table;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::{ImportError, ParsedImport};
use table::Table;

/// Resource names of the tables read, with their standard file names.
const RESOURCES: [(&str, &str); 14] = [
    ("organization", "organizations.csv"),
    ("service", "services.csv"),
    ("location", "locations.csv"),
    ("address", "addresses.csv"),
    ("service_at_location", "service_at_location.csv"),
    ("phone", "phones.csv"),
    ("language", "languages.csv"),
    ("schedule", "schedules.csv"),
    ("attribute", "attributes.csv"),
    ("taxonomy_term", "taxonomy_terms.csv"),
    ("funding", "funding.csv"),
    ("contact", "contacts.csv"),
    ("cost_option", "cost_options.csv"),
    ("service_area", "service_areas.csv"),
];

fn malformed(path: &Path, reason: impl Into<String>) -> ImportError {
    ImportError::Malformed {
        path: path.to_owned(),
        line: None,
        reason: reason.into(),
    }
}

/// The package folder and, if there is one, its `datapackage.json`.
fn locate(path: &Path) -> Result<(PathBuf, Option<PathBuf>), ImportError> {
    if path.is_dir() {
        let package = path.join("datapackage.json");
        return Ok((path.to_owned(), package.is_file().then_some(package)));
    }
    if !path.is_file() {
        let source = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder");
        return Err(ImportError::Io {
            path: path.to_owned(),
            source,
        });
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok((dir.to_owned(), Some(path.to_owned())))
}

/// Resource name → path inside `dir`, from the package descriptor.
fn listed_paths(dir: &Path, package: &Path) -> Result<HashMap<String, PathBuf>, ImportError> {
    let bytes = super::hsds_json::read_limited(package, 16 * 1024 * 1024)?;
    let json: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|source| ImportError::Json {
            path: package.to_owned(),
            source,
        })?;
    let mut out = HashMap::new();
    let Some(resources) = json.get("resources").and_then(|r| r.as_array()) else {
        return Err(malformed(package, "`resources` is missing or not a list"));
    };
    for resource in resources {
        let (Some(name), Some(file)) = (
            resource.get("name").and_then(|n| n.as_str()),
            resource.get("path"),
        ) else {
            continue;
        };
        let Some(file) = file.as_str() else {
            return Err(malformed(
                package,
                format!("resource `{name}`: only a single file `path` is supported"),
            ));
        };
        let relative = Path::new(file);
        let inside = !file.contains("://")
            && relative
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside {
            return Err(malformed(
                package,
                format!("resource `{name}`: `{file}` is not a file inside the package folder"),
            ));
        }
        out.insert(name.to_owned(), dir.join(relative));
    }
    Ok(out)
}

pub fn parse(path: &Path) -> Result<ParsedImport, ImportError> {
    let (dir, package) = locate(path)?;
    let listed = match &package {
        Some(package) => listed_paths(&dir, package)?,
        None => HashMap::new(),
    };
    let mut rejected = Vec::new();
    let mut tables: HashMap<&str, Table> = HashMap::new();
    for (name, standard) in RESOURCES {
        let file = listed
            .get(name)
            .cloned()
            .unwrap_or_else(|| dir.join(standard));
        if file.is_file() {
            tables.insert(name, table::read(&file, &mut rejected)?);
        } else if name == "service" {
            return Err(malformed(&file, "the package has no services table"));
        } else {
            tables.insert(
                name,
                Table {
                    path: file,
                    rows: Vec::new(),
                },
            );
        }
    }
    let source = dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| super::hsds_json::file_source(&dir));
    let services_file = tables
        .get("service")
        .map(|t| t.path.clone())
        .unwrap_or_default();
    let unreadable_services = rejected.iter().filter(|r| r.file == services_file).count() as u64;
    let mut parsed = assemble::build(&tables, &source);
    parsed.records_read += unreadable_services;
    rejected.append(&mut parsed.rejected);
    rejected.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    parsed.rejected = rejected;
    Ok(parsed)
}
