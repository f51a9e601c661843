//! Gathers mapped service records into one batch: each record is taken whole
//! or not at all, duplicate ids are refused, and an organization or location
//! given by several records must be the same each time.

use std::collections::HashMap;

use super::map::Mapped;
use super::obj::Problem;
use crate::directory::model::DirectoryBatch;
use crate::storage::validate;

/// A batch in the making. `T` tags records that wait for their organization.
pub(crate) struct Collector<T> {
    batch: DirectoryBatch,
    /// id → where it was first given (e.g. "line 12").
    services: HashMap<String, String>,
    organizations: HashMap<String, (usize, String)>,
    locations: HashMap<String, (usize, String)>,
    offers: HashMap<String, String>,
    pending: Vec<(Mapped, String, T)>,
}

impl<T> Collector<T> {
    pub(crate) fn new() -> Self {
        Self {
            batch: DirectoryBatch::default(),
            services: HashMap::new(),
            organizations: HashMap::new(),
            locations: HashMap::new(),
            offers: HashMap::new(),
            pending: Vec::new(),
        }
    }

    /// Take the record from `at`, or say why not. A record naming only an
    /// `organization_id` not seen yet waits until [`Collector::finish`].
    pub(crate) fn add(&mut self, mapped: Mapped, at: String, tag: T) -> Result<(), Problem> {
        if mapped.organization.is_none()
            && !self
                .organizations
                .contains_key(&mapped.service.organization_id)
        {
            self.pending.push((mapped, at, tag));
            return Ok(());
        }
        self.check(&mapped)?;
        self.commit(mapped, at);
        Ok(())
    }

    /// The batch, and the waiting records that could not be taken.
    pub(crate) fn finish(mut self) -> (DirectoryBatch, Vec<(T, Problem)>) {
        let mut refused = Vec::new();
        for (mapped, at, tag) in std::mem::take(&mut self.pending) {
            let org = &mapped.service.organization_id;
            let result = if self.organizations.contains_key(org) {
                self.check(&mapped)
            } else {
                Err(Problem::new(
                    "organization_id",
                    format!("organization `{org}` is not in this file: give it as an `organization` object in at least one service"),
                ))
            };
            match result {
                Ok(()) => self.commit(mapped, at),
                Err(problem) => refused.push((tag, problem)),
            }
        }
        (self.batch, refused)
    }

    fn check(&self, m: &Mapped) -> Result<(), Problem> {
        let s = &m.service;
        if let Some(first) = self.services.get(&s.id) {
            return Err(Problem::new(
                "id",
                format!("duplicate service id `{}` (first given at {first})", s.id),
            ));
        }
        if let Some(org) = &m.organization {
            if let Some((i, at)) = self.organizations.get(&org.id) {
                if self.batch.organizations[*i] != *org {
                    return Err(Problem::new(
                        "organization",
                        format!(
                            "organization `{}` differs from the one given at {at}",
                            org.id
                        ),
                    ));
                }
            }
        }
        validate::service(s).map_err(|e| Problem::new("", e))?;
        for (n, (l, path)) in m.locations.iter().enumerate() {
            validate::location(l).map_err(|e| Problem::new(path, e))?;
            let earlier_here = m.locations[..n]
                .iter()
                .find(|(other, _)| other.id == l.id)
                .map(|(other, _)| other);
            let differs = match (earlier_here, self.locations.get(&l.id)) {
                (Some(other), _) => (other != l).then(|| "in this record".to_owned()),
                (None, Some((i, at))) => {
                    (self.batch.locations[*i] != *l).then(|| format!("at {at}"))
                }
                (None, None) => None,
            };
            if let Some(at) = differs {
                return Err(Problem::new(
                    path,
                    format!("location `{}` differs from the one given {at}", l.id),
                ));
            }
        }
        for (n, (offer, path)) in m.offers.iter().enumerate() {
            let first = match self.offers.get(&offer.id) {
                Some(at) => Some(at.clone()),
                None => m.offers[..n]
                    .iter()
                    .any(|(o, _)| o.id == offer.id)
                    .then(|| "this record".to_owned()),
            };
            if let Some(first) = first {
                return Err(Problem::new(
                    format!("{path}.id"),
                    format!(
                        "duplicate service_at_location id `{}` (first given at {first})",
                        offer.id
                    ),
                ));
            }
        }
        Ok(())
    }

    fn commit(&mut self, m: Mapped, at: String) {
        if let Some(org) = m.organization {
            if !self.organizations.contains_key(&org.id) {
                self.organizations
                    .insert(org.id.clone(), (self.batch.organizations.len(), at.clone()));
                self.batch.organizations.push(org);
            }
        }
        for (l, _) in m.locations {
            if !self.locations.contains_key(&l.id) {
                self.locations
                    .insert(l.id.clone(), (self.batch.locations.len(), at.clone()));
                self.batch.locations.push(l);
            }
        }
        for (offer, _) in m.offers {
            self.offers.insert(offer.id.clone(), at.clone());
            self.batch.service_at_locations.push(offer);
        }
        self.services.insert(m.service.id.clone(), at);
        self.batch.services.push(m.service);
    }
}
