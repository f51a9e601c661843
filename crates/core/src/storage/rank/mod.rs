//! `lotse_rank(offers_fts, w…)`: FTS5's own `bm25(offers_fts, w…)`, the
//! same formula with the same arithmetic in the same order (so the same
//! scores, bit for bit), except where a row's length comes from.
//!
//! `bm25()` asks FTS5 for each matching row's length in tokens, and FTS5
//! answers with one `SELECT sz FROM offers_fts_docsize WHERE id = ?` per
//! row: at 100k offers that lookup was about half of ranking a common word's
//! 5,000–17,000 matches. Here the lengths of all rows are read once into
//! memory (about 4 bytes per offer, one scan of the docsize table) and kept until
//! the database changes (see [`crate::storage::vocabulary::stamp`]). A row that is
//! not in that table is measured by FTS5 as before.

mod lengths;

use std::ffi::{c_int, c_void};
use std::ptr::null_mut;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{ffi, Connection};

pub(crate) use lengths::{refresh, RowLengths, SharedLengths};

use crate::CoreError;

/// The name of the function in SQL.
pub(crate) const RANK_FUNCTION: &str = "lotse_rank";

/// bm25's constants, as in SQLite's `fts5_aux.c`.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Make `lotse_rank` known to FTS5 on this connection.
pub(crate) fn register(conn: &Connection, shared: &SharedLengths) -> Result<(), CoreError> {
    let failed = |rc: c_int, what: &str| {
        CoreError::Sqlite(rusqlite::Error::SqliteFailure(
            ffi::Error::new(rc),
            Some(format!("registering {RANK_FUNCTION}: {what}")),
        ))
    };
    // SAFETY: the handle is this open connection's, used on this thread
    // only; the statement is finalized before returning; `api` outlives the
    // step that writes it; the user data is an `Arc` given to SQLite, which
    // drops it through `drop_lengths` when the connection closes.
    unsafe {
        let db = conn.handle();
        let mut stmt: *mut ffi::sqlite3_stmt = null_mut();
        let rc =
            ffi::sqlite3_prepare_v2(db, c"SELECT fts5(?1)".as_ptr(), -1, &mut stmt, null_mut());
        if rc != ffi::SQLITE_OK {
            return Err(failed(rc, "no FTS5"));
        }
        let mut api: *mut ffi::fts5_api = null_mut();
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&raw mut api).cast::<c_void>(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        let Some(create) = api.as_ref().and_then(|a| a.xCreateFunction) else {
            return Err(failed(ffi::SQLITE_ERROR, "no FTS5 API"));
        };
        let user = Arc::into_raw(shared.clone()).cast_mut().cast::<c_void>();
        let rc = create(
            api,
            c"lotse_rank".as_ptr(),
            user,
            Some(rank),
            Some(drop_lengths),
        );
        if rc != ffi::SQLITE_OK {
            return Err(failed(rc, "not created"));
        }
    }
    Ok(())
}

unsafe extern "C" fn drop_lengths(user: *mut c_void) {
    // SAFETY: `user` is the pointer `register` made with `Arc::into_raw`.
    unsafe { drop(Arc::from_raw(user.cast_const().cast::<Mutex<RowLengths>>())) }
}

/// What `bm25()` computes once per query: average row length, and each
/// phrase's IDF; with room for the phrase frequencies of one row.
struct QueryData {
    avgdl: f64,
    idf: Vec<f64>,
    freq: Vec<f64>,
}

unsafe extern "C" fn drop_query_data(data: *mut c_void) {
    // SAFETY: `data` is the pointer `query_data` made with `Box::into_raw`.
    unsafe { drop(Box::from_raw(data.cast::<QueryData>())) }
}

unsafe extern "C" fn count_row(
    _api: *const ffi::Fts5ExtensionApi,
    _fts: *mut ffi::Fts5Context,
    count: *mut c_void,
) -> c_int {
    // SAFETY: `count` is the `i64` that `query_data` passes.
    unsafe { *count.cast::<i64>() += 1 };
    ffi::SQLITE_OK
}

unsafe extern "C" fn rank(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n_val: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 calls this with its API, cursor, result context and
    // `n_val` argument values, all valid for the call.
    unsafe {
        match api
            .as_ref()
            .ok_or(ffi::SQLITE_MISUSE)
            .and_then(|api| score(api, fts, n_val, values))
        {
            Ok(score) => ffi::sqlite3_result_double(ctx, score),
            Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
        }
    }
}

fn ok(rc: c_int) -> Result<(), c_int> {
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

/// `fts5Bm25Function` of SQLite's `fts5_aux.c`.
///
/// # Safety
/// As for [`rank`].
unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    n_val: c_int,
    values: *mut *mut ffi::sqlite3_value,
) -> Result<f64, c_int> {
    let missing = ffi::SQLITE_MISUSE;
    // SAFETY: see `rank`; each FTS5 entry point gets the cursor it was given.
    unsafe {
        let data = &mut *query_data(api, fts)?;
        data.freq.fill(0.0);
        let mut n_inst: c_int = 0;
        ok(api.xInstCount.ok_or(missing)?(fts, &mut n_inst))?;
        let inst = api.xInst.ok_or(missing)?;
        for i in 0..n_inst {
            let (mut phrase, mut column, mut offset) = (0, 0, 0);
            ok(inst(fts, i, &mut phrase, &mut column, &mut offset))?;
            let weight = if n_val > column {
                ffi::sqlite3_value_double(*values.offset(column as isize))
            } else {
                1.0
            };
            if let Some(freq) = usize::try_from(phrase)
                .ok()
                .and_then(|p| data.freq.get_mut(p))
            {
                *freq += weight;
            }
        }
        let d = f64::from(row_length(api, fts)?);
        let mut score = 0.0;
        for (idf, freq) in data.idf.iter().zip(&data.freq) {
            score += idf * ((freq * (K1 + 1.0)) / (freq + K1 * (1.0 - B + B * d / data.avgdl)));
        }
        Ok(-score)
    }
}

/// The current row's length in tokens: from the table in memory, else from FTS5.
///
/// # Safety
/// As for [`rank`].
unsafe fn row_length(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
) -> Result<c_int, c_int> {
    let missing = ffi::SQLITE_MISUSE;
    // SAFETY: see `rank`; the user data is the `Mutex` `register` gave FTS5.
    unsafe {
        let shared = api.xUserData.ok_or(missing)?(fts)
            .cast_const()
            .cast::<Mutex<RowLengths>>();
        if let Some(shared) = shared.as_ref() {
            let row = api.xRowid.ok_or(missing)?(fts);
            let known = shared
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(row);
            if let Some(length) = known.and_then(|n| c_int::try_from(n).ok()) {
                return Ok(length);
            }
        }
        let mut tokens: c_int = 0;
        ok(api.xColumnSize.ok_or(missing)?(fts, -1, &mut tokens))?;
        Ok(tokens)
    }
}

/// This query's [`QueryData`], made on the first row as `fts5Bm25GetData` does.
///
/// # Safety
/// As for [`rank`].
unsafe fn query_data(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
) -> Result<*mut QueryData, c_int> {
    let missing = ffi::SQLITE_MISUSE;
    // SAFETY: see `rank`; the aux data of this function is only ever a
    // `QueryData` made here.
    unsafe {
        let made = api.xGetAuxdata.ok_or(missing)?(fts, 0).cast::<QueryData>();
        if !made.is_null() {
            return Ok(made);
        }
        let n_phrase = api.xPhraseCount.ok_or(missing)?(fts);
        let mut n_row: i64 = 0;
        ok(api.xRowCount.ok_or(missing)?(fts, &mut n_row))?;
        let mut n_token: i64 = 0;
        ok(api.xColumnTotalSize.ok_or(missing)?(fts, -1, &mut n_token))?;
        let avgdl = n_token as f64 / n_row as f64;
        let query_phrase = api.xQueryPhrase.ok_or(missing)?;
        let mut idf = Vec::new();
        for i in 0..n_phrase {
            let mut n_hit: i64 = 0;
            ok(query_phrase(
                fts,
                i,
                (&raw mut n_hit).cast::<c_void>(),
                Some(count_row),
            ))?;
            let mut value = (((n_row - n_hit) as f64 + 0.5) / (n_hit as f64 + 0.5)).ln();
            if value <= 0.0 {
                value = 1e-6;
            }
            idf.push(value);
        }
        let freq = vec![0.0; idf.len()];
        let data = Box::into_raw(Box::new(QueryData { avgdl, idf, freq }));
        // On failure FTS5 drops `data` itself.
        ok(api.xSetAuxdata.ok_or(missing)?(
            fts,
            data.cast::<c_void>(),
            Some(drop_query_data),
        ))?;
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (rowid, bm25, lotse_rank) of every match of each query.
    fn both(conn: &Connection, query: &str) -> Vec<(i64, u64, u64)> {
        conn.prepare(
            "SELECT rowid, bm25(offers_fts, 10.0, 1.0, 3.0, 2.0, 6.0),
                    lotse_rank(offers_fts, 10.0, 1.0, 3.0, 2.0, 6.0)
             FROM offers_fts WHERE offers_fts MATCH ?1",
        )
        .expect("prepare")
        .query_map([query], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, f64>(1)?.to_bits(),
                r.get::<_, f64>(2)?.to_bits(),
            ))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
    }

    #[test]
    fn scores_equal_bm25_bit_for_bit_with_and_without_lengths_in_memory() {
        let conn = Connection::open_in_memory().expect("open");
        conn.execute_batch(
            "CREATE VIRTUAL TABLE offers_fts USING fts5(
                 name, description, provider, address, categories,
                 tokenize = 'unicode61 remove_diacritics 2',
                 content = '', contentless_delete = 1);",
        )
        .expect("schema");
        let words = [
            "beratung", "kita", "sprache", "zentrum", "familie", "hilfe", "büro",
        ];
        let mut insert = conn
            .prepare("INSERT INTO offers_fts (rowid, name, description, provider, address, categories) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            .expect("insert");
        let mut state = 7u64;
        let mut word = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            words[(state >> 33) as usize % words.len()]
        };
        for row in (1..400i64).filter(|r| r % 7 != 0) {
            let description: Vec<&str> = (0..(row % 13) as usize).map(|_| word()).collect();
            insert
                .execute(rusqlite::params![
                    row,
                    format!("{} {}", word(), word()),
                    description.join(" "),
                    word(),
                    format!("{} Straße {row}", word()),
                    word(),
                ])
                .expect("row");
        }
        conn.execute("DELETE FROM offers_fts WHERE rowid = 10", [])
            .expect("delete");
        let shared = SharedLengths::default();
        register(&conn, &shared).expect("register");
        let queries = [
            "beratung",
            "\"kita\"*",
            "sprache AND zentrum",
            "(hilfe OR buro) AND familie",
            "categories:kita",
            "nichts",
        ];
        for loaded in [false, true] {
            if loaded {
                refresh(&conn, &shared).expect("refresh");
                assert!(!shared.lock().expect("lock").lengths.is_empty());
            }
            for query in queries {
                for (row, bm25, ours) in both(&conn, query) {
                    assert_eq!(
                        bm25, ours,
                        "row {row} of {query} (lengths in memory: {loaded})"
                    );
                }
            }
        }
        assert!(!both(&conn, "beratung").is_empty());
    }
}
