//! Which rows belong to which: every child row is filed under the service,
//! location, offer or contact it names, and rows naming one that does not
//! exist are reported.

use std::collections::HashMap;

use super::super::RejectedRecord;
use super::table::{Row, Table};

/// Which rows a child table's row belongs to: `(column, owner table)`, most
/// specific first. `all`: every named owner gets it; else only the first.
struct Links {
    table: &'static str,
    links: &'static [(&'static str, &'static str)],
    all: bool,
}

pub(super) const SERVICE: &str = "service";
pub(super) const LOCATION: &str = "location";
pub(super) const SAL: &str = "service_at_location";
pub(super) const CONTACT: &str = "contact";

const CHILDREN: [Links; 9] = [
    Links {
        table: "phone",
        links: &[
            ("contact_id", CONTACT),
            ("service_at_location_id", SAL),
            ("location_id", LOCATION),
            ("service_id", SERVICE),
        ],
        all: false,
    },
    Links {
        table: "schedule",
        links: &[
            ("service_at_location_id", SAL),
            ("location_id", LOCATION),
            ("service_id", SERVICE),
        ],
        all: false,
    },
    Links {
        table: "language",
        links: &[("service_id", SERVICE), ("location_id", LOCATION)],
        all: true,
    },
    Links {
        table: "address",
        links: &[("location_id", LOCATION)],
        all: false,
    },
    Links {
        table: "contact",
        links: &[("service_id", SERVICE)],
        all: false,
    },
    Links {
        table: "funding",
        links: &[("service_id", SERVICE)],
        all: false,
    },
    Links {
        table: "cost_option",
        links: &[("service_id", SERVICE)],
        all: false,
    },
    Links {
        table: "service_area",
        links: &[("service_id", SERVICE)],
        all: false,
    },
    Links {
        table: "service_at_location",
        links: &[("service_id", SERVICE)],
        all: false,
    },
];

pub(super) struct Package<'t> {
    pub tables: &'t HashMap<&'static str, Table>,
    pub ids: HashMap<&'static str, HashMap<String, usize>>,
    /// (child table, owner table, owner id) → row indices.
    pub children: HashMap<(&'static str, &'static str, String), Vec<usize>>,
    pub rejected: Vec<RejectedRecord>,
}

pub(super) fn table<'t>(tables: &'t HashMap<&'static str, Table>, name: &str) -> &'t Table {
    static EMPTY: std::sync::LazyLock<Table> = std::sync::LazyLock::new(Table::default);
    tables.get(name).unwrap_or(&EMPTY)
}

impl<'t> Package<'t> {
    pub(super) fn new(tables: &'t HashMap<&'static str, Table>) -> Self {
        let mut ids = HashMap::new();
        for name in [
            "organization",
            SERVICE,
            LOCATION,
            SAL,
            CONTACT,
            "taxonomy_term",
        ] {
            ids.insert(name, table(tables, name).by_id());
        }
        let mut p = Self {
            tables,
            ids,
            children: HashMap::new(),
            rejected: Vec::new(),
        };
        for spec in &CHILDREN {
            let t = table(tables, spec.table);
            for (i, row) in t.rows.iter().enumerate() {
                for (column, owner) in spec.links {
                    let Some(id) = row.get(column) else { continue };
                    if spec.table == SAL
                        && row
                            .get("location_id")
                            .is_some_and(|l| !p.exists(LOCATION, l))
                    {
                        let reason =
                            p.missing(LOCATION, row.get("location_id").unwrap_or_default());
                        p.rejected.push(t.reject(row, Some("location_id"), reason));
                        break;
                    }
                    if !p.exists(owner, id) {
                        let reason = p.missing(owner, id);
                        p.rejected.push(t.reject(row, Some(column), reason));
                        break;
                    }
                    p.children
                        .entry((spec.table, owner, id.to_owned()))
                        .or_default()
                        .push(i);
                    if !spec.all {
                        break;
                    }
                }
            }
        }
        p.link_attributes();
        p
    }

    pub(super) fn exists(&self, owner: &str, id: &str) -> bool {
        self.ids.get(owner).is_some_and(|ids| ids.contains_key(id))
    }

    pub(super) fn missing(&self, owner: &str, id: &str) -> String {
        format!(
            "no usable {owner} `{id}` in {}",
            table(self.tables, owner).name()
        )
    }

    /// Attributes belong to the service, location or offer named by `link_id`.
    fn link_attributes(&mut self) {
        let t = table(self.tables, "attribute");
        for (i, row) in t.rows.iter().enumerate() {
            let Some(id) = row.get("link_id") else {
                continue;
            };
            let candidates: &[&'static str] = match row
                .get("link_entity")
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                None => &[SERVICE, LOCATION, SAL],
                Some("service") => &[SERVICE],
                Some("location") => &[LOCATION],
                Some("service_at_location") => &[SAL],
                Some(_) => continue,
            };
            let Some(owner) = candidates.iter().find(|o| self.exists(o, id)) else {
                let reason = format!("`{id}` names no usable {}", candidates.join(" or "));
                self.rejected.push(t.reject(row, Some("link_id"), reason));
                continue;
            };
            if let Some(term) = row
                .get("taxonomy_term_id")
                .filter(|term| !self.exists("taxonomy_term", term))
            {
                let reason = self.missing("taxonomy_term", term);
                self.rejected
                    .push(t.reject(row, Some("taxonomy_term_id"), reason));
                continue;
            }
            self.children
                .entry(("attribute", owner, id.to_owned()))
                .or_default()
                .push(i);
        }
    }

    pub(super) fn row(&self, name: &str, id: &str) -> Option<&'t Row> {
        let index = *self.ids.get(name)?.get(id)?;
        table(self.tables, name).rows.get(index)
    }
}
