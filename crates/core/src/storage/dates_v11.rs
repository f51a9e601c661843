//! Schema v11: an offer's date says what it is, and may be unknown.
//!
//! Before, every offer needed a `last_verified` date, so importers put in
//! the day of the import where a source gave none: a migrant read
//! "checked on …" for data nobody had checked. Now `date_basis` says
//! whether the date is a check (`checked`), only the source's date
//! (`as_of`), or missing (`unknown`, with an empty `last_verified`).
//! Existing rows keep `checked`, as they were stored.
//!
//! `last_verified`'s CHECK must also accept the empty date; it is loosened
//! in the stored table text as in v9 (see `checks_v9.rs`), which leaves
//! every stored row valid.

use rusqlite::Transaction;
use rusqlite_migration::HookResult;

pub(crate) const SQL: &str = "
-- v11 (storage): what an offer's date is; see dates_v11.rs.
ALTER TABLE services ADD COLUMN date_basis TEXT NOT NULL DEFAULT 'checked'
    CHECK (date_basis = 'checked' OR date_basis = 'as_of' OR date_basis = 'unknown');
";

const REWRITES: [(&str, &str, &str); 1] = [(
    "services",
    "CHECK (last_verified GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')",
    "CHECK (last_verified = '' OR last_verified GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')",
)];

pub(crate) fn rewrite(tx: &Transaction<'_>) -> HookResult {
    super::checks_v9::rewrite_checks(tx, &REWRITES, "schema v2")
}

#[cfg(test)]
mod tests {
    use crate::Directory;

    #[test]
    fn an_empty_date_is_stored_and_a_wrong_one_still_refused() {
        let db = Directory::open_in_memory().expect("open");
        let conn = db.conn();
        conn.execute_batch(
            "INSERT INTO organizations (id, name) VALUES ('o', 'Träger');
             INSERT INTO services (id, organization_row_id, name, source, last_verified, date_basis)
             VALUES ('ohne-datum', 1, 'Kita', 'osm', '', 'unknown');",
        )
        .expect("an unknown date is stored");
        let wrong = conn.execute(
            "INSERT INTO services (id, organization_row_id, name, source, last_verified)
             VALUES ('falsch', 1, 'Kita', 'osm', 'gestern')",
            [],
        );
        assert!(wrong.is_err(), "a date that is not one was stored");
        let basis = conn.execute(
            "INSERT INTO services (id, organization_row_id, name, source, last_verified, date_basis)
             VALUES ('basis', 1, 'Kita', 'osm', '2026-11-01', 'irgendwie')",
            [],
        );
        assert!(basis.is_err(), "an unknown basis was stored");
    }
}
