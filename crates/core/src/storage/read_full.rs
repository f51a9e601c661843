//! Reading the whole directory back as a [`DirectoryBatch`], for export.

use std::collections::HashMap;

use geo::Point;
use rusqlite::Connection;

use super::read::address;
use crate::directory::model::{
    Contact, DirectoryBatch, Fees, GeoPrecision, Location, Organization, Phone, Service,
    ServiceAtLocation, ServiceStatus, Translation,
};
use crate::{CoreError, Directory};

/// Rows of a child table grouped by their parent's row id, in `position` order.
fn grouped<T>(
    conn: &Connection,
    sql: &str,
    map: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<HashMap<i64, Vec<T>>, CoreError> {
    let mut out: HashMap<i64, Vec<T>> = HashMap::new();
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        out.entry(row.get(0)?).or_default().push(map(row)?);
    }
    Ok(out)
}

/// The codes of a space-separated list column (category ids, languages).
fn codes(value: rusqlite::types::ValueRef<'_>) -> Vec<String> {
    value
        .as_str()
        .unwrap_or_default()
        .split(' ')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Directory {
    /// Every organization, service, location and offer, ordered by id.
    pub fn export_batch(&self) -> Result<DirectoryBatch, CoreError> {
        let conn = self.conn();
        Ok(DirectoryBatch {
            organizations: organizations(conn)?,
            services: services(conn)?,
            locations: locations(conn)?,
            service_at_locations: offers(conn)?,
        })
    }
}

fn organizations(conn: &Connection) -> Result<Vec<Organization>, CoreError> {
    let organizations = conn
        .prepare("SELECT id, name, description, website, email FROM organizations ORDER BY id")?
        .query_map([], |r| {
            Ok(Organization {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                website: r.get(3)?,
                email: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(organizations)
}

/// The child rows of every service, by the service's row id.
struct ServiceChildren {
    groups: HashMap<i64, Vec<String>>,
    funders: HashMap<i64, Vec<String>>,
    phones: HashMap<i64, Vec<Phone>>,
    contacts: HashMap<i64, Vec<Contact>>,
    translations: HashMap<i64, Vec<Translation>>,
}

impl ServiceChildren {
    fn read(conn: &Connection) -> Result<Self, CoreError> {
        let text = |sql: &str| grouped(conn, sql, |r| r.get::<_, String>(1));
        Ok(Self {
            groups: text("SELECT service_row_id, target_group FROM service_target_groups ORDER BY service_row_id, position")?,
            funders: text(
                "SELECT service_row_id, source FROM service_funders ORDER BY service_row_id, position",
            )?,
            phones: grouped(conn, "SELECT service_row_id, number, kind, description FROM phones ORDER BY service_row_id, position", |r| {
                Ok(Phone { number: r.get(1)?, kind: r.get(2)?, description: r.get(3)? })
            })?,
            contacts: grouped(conn, "SELECT service_row_id, name, title, email, phone FROM contacts ORDER BY service_row_id, position", |r| {
                Ok(Contact { name: r.get(1)?, title: r.get(2)?, email: r.get(3)?, phone: r.get(4)? })
            })?,
            translations: grouped(conn, "SELECT service_row_id, lang, name, description FROM service_translations ORDER BY service_row_id, lang", |r| {
                Ok(Translation { lang: r.get(1)?, name: r.get(2)?, description: r.get(3)? })
            })?,
        })
    }

    /// Move the child rows of the service stored as `row` into `service`.
    fn fill(&mut self, row: i64, service: &mut Service) {
        service.target_groups = self.groups.remove(&row).unwrap_or_default();
        service.funders = self.funders.remove(&row).unwrap_or_default();
        service.phones = self.phones.remove(&row).unwrap_or_default();
        service.contacts = self.contacts.remove(&row).unwrap_or_default();
        service.translations = self.translations.remove(&row).unwrap_or_default();
    }
}

fn services(conn: &Connection) -> Result<Vec<Service>, CoreError> {
    let mut children = ServiceChildren::read(conn)?;
    let mut stmt = conn.prepare(
        "SELECT s.row_id, s.id, org.id, s.name, s.alternate_name, s.description, s.url, s.email, s.status,
                s.eligibility, s.minimum_age, s.maximum_age, s.fees_free, s.fees_description,
                s.service_area, s.source, s.last_verified, s.is_demo, s.summary_categories,
                s.summary_languages, s.date_basis
         FROM services s JOIN organizations org ON org.row_id = s.organization_row_id ORDER BY s.id",
    )?;
    let services = stmt
        .query_map([], |r| {
            let mut service = service(r)?;
            children.fill(r.get(0)?, &mut service);
            Ok(service)
        })?
        .collect::<Result<_, _>>()?;
    Ok(services)
}

/// A service's own columns (its child lists are left empty).
fn service(r: &rusqlite::Row<'_>) -> rusqlite::Result<Service> {
    let status: String = r.get(8)?;
    Ok(Service {
        id: r.get(1)?,
        organization_id: r.get(2)?,
        name: r.get(3)?,
        alternate_name: r.get(4)?,
        description: r.get(5)?,
        url: r.get(6)?,
        email: r.get(7)?,
        status: ServiceStatus::from_hsds(&status).unwrap_or_default(),
        eligibility: r.get(9)?,
        minimum_age: r.get(10)?,
        maximum_age: r.get(11)?,
        fees: Fees {
            free: r.get(12)?,
            description: r.get(13)?,
        },
        service_area: r.get(14)?,
        source: r.get(15)?,
        last_verified: r.get(16)?,
        is_demo: r.get(17)?,
        categories: codes(r.get_ref(18)?),
        languages: codes(r.get_ref(19)?),
        date_basis: super::read::date_basis(r.get_ref(20)?),
        ..Service::default()
    })
}

fn locations(conn: &Connection) -> Result<Vec<Location>, CoreError> {
    let mut stmt = conn.prepare(
        "SELECT row_id, id, name, street, postcode, city, state, lat, lon, geo_precision,
                summary_languages FROM locations ORDER BY id",
    )?;
    let locations = stmt
        .query_map([], |r| {
            let precision: String = r.get(9)?;
            Ok(Location {
                id: r.get(1)?,
                name: r.get(2)?,
                address: address(r, 3)?,
                point: Point::new(r.get(8)?, r.get(7)?),
                precision: GeoPrecision::parse(&precision).unwrap_or_default(),
                languages: codes(r.get_ref(10)?),
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(locations)
}

fn offers(conn: &Connection) -> Result<Vec<ServiceAtLocation>, CoreError> {
    let offers = conn
        .prepare(
            "SELECT sal.id, s.id, l.id, sal.opening_hours FROM service_at_location sal
             JOIN services s ON s.row_id = sal.service_row_id
             JOIN locations l ON l.row_id = sal.location_row_id ORDER BY sal.id",
        )?
        .query_map([], |r| {
            Ok(ServiceAtLocation {
                id: r.get(0)?,
                service_id: r.get(1)?,
                location_id: r.get(2)?,
                opening_hours: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(offers)
}
