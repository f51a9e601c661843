//! The rows of the package → one nested `service_full` object per service,
//! remembering which CSV row each part came from, then mapped like HSDS JSON.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::super::hsds_json::{map_service, Collector, Problem};
use super::super::{ParsedImport, RejectReason, RejectedRecord};
use super::table::{Row, Table};

use super::links::{table, Package, CONTACT, LOCATION, SAL, SERVICE};

/// The CSV row a part of a service object came from, by path prefix.
type Sources<'t> = Vec<(String, &'t Table, &'t Row)>;

/// Adds more to a nested object: the object, its row, its path, the sources.
type Extend<'a, 't> = dyn Fn(&mut Map<String, Value>, &'t Row, &str, &mut Sources<'t>) + 'a;

impl<'t> Package<'t> {
    /// `owner`'s rows of `child` as a list under `key`, each extended by `more`.
    fn nest(
        &self,
        obj: &mut Map<String, Value>,
        path: &str,
        (child, key): (&'static str, &str),
        (owner, id): (&'static str, &str),
        sources: &mut Sources<'t>,
        more: &Extend<'_, 't>,
    ) {
        let Some(rows) = self.children.get(&(child, owner, id.to_owned())) else {
            return;
        };
        let t = table(self.tables, child);
        let base = if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        };
        let mut list = Vec::new();
        for (n, &i) in rows.iter().enumerate() {
            let row = &t.rows[i];
            let item_path = format!("{base}[{n}]");
            let mut item = row.fields.clone();
            sources.push((item_path.clone(), t, row));
            more(&mut item, row, &item_path, sources);
            list.push(Value::Object(item));
        }
        obj.insert(key.to_owned(), Value::Array(list));
    }

    fn attributes(
        &self,
        obj: &mut Map<String, Value>,
        path: &str,
        owner: (&'static str, &str),
        sources: &mut Sources<'t>,
    ) {
        let with_term = |item: &mut Map<String, Value>,
                         row: &'t Row,
                         item_path: &str,
                         sources: &mut Sources<'t>| {
            if let Some(term) = row
                .get("taxonomy_term_id")
                .and_then(|id| self.row("taxonomy_term", id))
            {
                item.insert("taxonomy_term".into(), Value::Object(term.fields.clone()));
                sources.push((
                    format!("{item_path}.taxonomy_term"),
                    table(self.tables, "taxonomy_term"),
                    term,
                ));
            }
        };
        self.nest(
            obj,
            path,
            ("attribute", "attributes"),
            owner,
            sources,
            &with_term,
        );
    }

    /// `owner`'s rows of each `(child, key)` as lists, nothing nested in them.
    fn nest_all(
        &self,
        obj: &mut Map<String, Value>,
        path: &str,
        lists: &[(&'static str, &str)],
        owner: (&'static str, &str),
        sources: &mut Sources<'t>,
    ) {
        for &list in lists {
            self.nest(obj, path, list, owner, sources, &nothing);
        }
    }

    /// The nested service object of `row`.
    fn service(&self, services: &'t Table, row: &'t Row, id: &str) -> (Value, Sources<'t>) {
        let mut sources: Sources<'t> = vec![(String::new(), services, row)];
        let mut obj = row.fields.clone();
        if let Some(org) = row
            .get("organization_id")
            .and_then(|o| self.row("organization", o))
        {
            obj.insert("organization".into(), Value::Object(org.fields.clone()));
            sources.push((
                "organization".into(),
                table(self.tables, "organization"),
                org,
            ));
        }
        let lists = [
            ("phone", "phones"),
            ("schedule", "schedules"),
            ("language", "languages"),
            ("funding", "funding"),
            ("cost_option", "cost_options"),
            ("service_area", "service_areas"),
        ];
        self.nest_all(&mut obj, "", &lists, (SERVICE, id), &mut sources);
        let contact_phones =
            |item: &mut Map<String, Value>, row: &'t Row, path: &str, sources: &mut Sources<'t>| {
                if let Some(contact) = row.get("id") {
                    let phones = [("phone", "phones")];
                    self.nest_all(item, path, &phones, (CONTACT, contact), sources);
                }
            };
        self.nest(
            &mut obj,
            "",
            (CONTACT, "contacts"),
            (SERVICE, id),
            &mut sources,
            &contact_phones,
        );
        self.attributes(&mut obj, "", (SERVICE, id), &mut sources);
        let offer =
            |item: &mut Map<String, Value>, row: &'t Row, path: &str, sources: &mut Sources<'t>| {
                self.offer(item, row, path, sources);
            };
        self.nest(
            &mut obj,
            "",
            (SAL, "service_at_locations"),
            (SERVICE, id),
            &mut sources,
            &offer,
        );
        (Value::Object(obj), sources)
    }

    /// An offer's schedules, phones and attributes, and its location with
    /// the location's own lists.
    fn offer(
        &self,
        item: &mut Map<String, Value>,
        row: &'t Row,
        path: &str,
        sources: &mut Sources<'t>,
    ) {
        let Some(sal_id) = row.get("id") else { return };
        let lists = [("schedule", "schedules"), ("phone", "phones")];
        self.nest_all(item, path, &lists, (SAL, sal_id), sources);
        self.attributes(item, path, (SAL, sal_id), sources);
        let Some((loc_id, place)) = row
            .get("location_id")
            .and_then(|l| Some((l, self.row(LOCATION, l)?)))
        else {
            return;
        };
        let mut location = place.fields.clone();
        let loc_path = format!("{path}.location");
        sources.push((loc_path.clone(), table(self.tables, LOCATION), place));
        let lists = [
            ("address", "addresses"),
            ("language", "languages"),
            ("schedule", "schedules"),
            ("phone", "phones"),
        ];
        self.nest_all(
            &mut location,
            &loc_path,
            &lists,
            (LOCATION, loc_id),
            sources,
        );
        self.attributes(&mut location, &loc_path, (LOCATION, loc_id), sources);
        item.insert("location".into(), Value::Object(location));
    }
}

/// Nests nothing more in an item.
fn nothing<'t>(_: &mut Map<String, Value>, _: &'t Row, _: &str, _: &mut Sources<'t>) {}

/// The report for `problem`, naming the row the faulty field came from.
fn locate(sources: &Sources<'_>, problem: Problem, service_id: &str) -> RejectedRecord {
    let path = problem.path.as_str();
    let within = |prefix: &str| {
        prefix.is_empty()
            || path == prefix
            || (path.starts_with(prefix)
                && matches!(path.as_bytes().get(prefix.len()), Some(b'.' | b'[')))
    };
    let best = sources
        .iter()
        .filter(|(prefix, _, _)| within(prefix))
        .max_by_key(|(prefix, _, _)| prefix.len());
    let Some((prefix, t, row)) = best else {
        return RejectedRecord {
            file: Default::default(),
            line: None,
            record_id: Some(service_id.to_owned()),
            field: None,
            reason: problem.reason,
        };
    };
    let field = path[prefix.len()..].trim_start_matches('.');
    let reason = if prefix.is_empty() {
        problem.reason
    } else {
        RejectReason::InService {
            reason: Box::new(problem.reason),
            service_id: service_id.to_owned(),
        }
    };
    t.reject(row, Some(field).filter(|f| !f.is_empty()), reason)
}

/// Map every service row of `tables`.
pub(crate) fn build(tables: &HashMap<&'static str, Table>, source: &str) -> ParsedImport {
    let package = Package::new(tables);
    let services = table(tables, SERVICE);
    let mut rejected = Vec::new();
    let mut dropped = Vec::new();
    let mut collector = Collector::new();
    for row in &services.rows {
        let Some(id) = row.id() else {
            rejected.push(services.reject(row, Some("id"), "`id` is missing or empty"));
            continue;
        };
        match row.get("organization_id") {
            None => {
                rejected.push(services.reject(
                    row,
                    Some("organization_id"),
                    "`organization_id` is missing or empty",
                ));
                continue;
            }
            Some(org) if !package.exists("organization", org) => {
                rejected.push(services.reject(
                    row,
                    Some("organization_id"),
                    package.missing("organization", org),
                ));
                continue;
            }
            Some(_) => {}
        }
        let (value, sources) = package.service(services, row, &id);
        let at = format!("{} line {}", services.name(), row.line);
        let added = map_service(&value, source).and_then(|mut m| {
            let left_out = std::mem::take(&mut m.dropped);
            collector.add(m, at, row.line)?;
            Ok(left_out)
        });
        match added {
            Ok(left_out) => dropped.extend(left_out.into_iter().map(|problem| {
                // Located like a refusal, but the service was imported.
                let mut note = locate(&sources, problem, &id);
                if let RejectReason::InService { reason, .. } = note.reason {
                    note.reason = *reason;
                }
                note.record_id = Some(id.clone());
                note
            })),
            Err(problem) => rejected.push(locate(&sources, problem, &id)),
        }
    }
    let (batch, refused) = collector.finish();
    super::super::hsds_json::kept_only(&mut dropped, &batch);
    for (line, problem) in refused {
        rejected.push(RejectedRecord {
            file: services.path.clone(),
            line: Some(line),
            record_id: None,
            field: Some(problem.path),
            reason: problem.reason,
        });
    }
    rejected.extend(package.rejected);
    ParsedImport {
        batch,
        rejected,
        dropped,
        records_read: services.rows.len() as u64,
    }
}
