//! Reading the gazetteer file written by `cargo xtask gazetteer`.
//!
//! A gzip-compressed UTF-8 text, one record a line, fields separated by tabs:
//!
//! ```text
//! lotse-gazetteer 1 <number of T lines> <number of P lines>
//! S <state code> <state name>
//! T <name> <lat> <lon> <population or empty> <state code or empty> <alias|alias|…>
//! P <postcode> <lat> <lon> <town index,town index,…>   (primary municipality first)
//! ```
//!
//! Town indices count the `T` lines from 0. Every value is checked; nothing in
//! the file can make the reader panic.

use std::io::Read;
use std::sync::Arc;

use super::fold::fold;
use super::{GazetteerError, NameKey, PostcodeArea, Town};

const MAGIC: &str = "lotse-gazetteer";
const VERSION: &str = "1";

/// Everything one file holds, with the name index built.
pub(super) struct Parsed {
    pub states: Vec<String>,
    pub towns: Vec<Town>,
    pub postcodes: Vec<PostcodeArea>,
    pub names: Vec<NameKey>,
}

/// Unpack gzip-compressed gazetteer text.
pub(super) fn gunzip(bytes: &[u8]) -> Result<String, GazetteerError> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|err| GazetteerError::Unpack(Arc::new(err)))?;
    Ok(text)
}

pub(super) fn parse(text: &str) -> Result<Parsed, GazetteerError> {
    let mut lines = text.lines().enumerate();
    let (towns_expected, postcodes_expected) = match lines.next() {
        Some((_, header)) => parse_header(header)?,
        None => return Err(line_error(1, "the file is empty")),
    };
    let mut state_codes: Vec<String> = Vec::new();
    let mut states: Vec<String> = Vec::new();
    let mut towns: Vec<Town> = Vec::with_capacity(towns_expected);
    let mut postcodes: Vec<PostcodeArea> = Vec::with_capacity(postcodes_expected);

    for (index, line) in lines {
        let number = index + 1;
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            [""] => {}
            ["S", code, name] => {
                state_codes.push((*code).to_owned());
                states.push((*name).to_owned());
            }
            ["T", rest @ ..] => towns.push(town(number, rest, &state_codes)?),
            ["P", rest @ ..] => postcodes.push(postcode(number, rest, towns.len())?),
            _ => return Err(line_error(number, "unexpected record")),
        }
    }

    if towns.len() != towns_expected || postcodes.len() != postcodes_expected {
        return Err(GazetteerError::Invalid(format!(
            "the header promises {towns_expected} towns and {postcodes_expected} postcodes, \
             the file has {} and {} (truncated?)",
            towns.len(),
            postcodes.len()
        )));
    }
    link_postcodes(&mut towns, &mut postcodes)?;
    let names = name_index(&towns);
    Ok(Parsed {
        states,
        towns,
        postcodes,
        names,
    })
}

/// A `T` line's fields after the `T`: name, lat, lon, population, state
/// code, aliases.
fn town(number: usize, fields: &[&str], state_codes: &[String]) -> Result<Town, GazetteerError> {
    let &[name, lat, lon, population, state, aliases] = fields else {
        return Err(line_error(number, "unexpected record"));
    };
    if name.trim().is_empty() {
        return Err(line_error(number, "a town without a name"));
    }
    let (lat, lon) = coordinate(number, lat, lon)?;
    let population = match population {
        "" => None,
        p => Some(
            p.parse::<u64>()
                .map_err(|_| line_error(number, &format!("population `{p}` is not a number")))?,
        ),
    };
    let state = match state {
        "" => None,
        code => Some(
            state_codes
                .iter()
                .position(|c| c == code)
                .ok_or_else(|| line_error(number, &format!("unknown state code `{code}`")))?,
        ),
    };
    let aliases = aliases
        .split('|')
        .filter(|a| !a.trim().is_empty())
        .map(str::to_owned)
        .collect();
    Ok(Town {
        name: name.to_owned(),
        lat,
        lon,
        population,
        state,
        aliases,
        postcodes: Vec::new(),
    })
}

/// A `P` line's fields after the `P`: postcode, lat, lon, town numbers
/// (each below `towns`, the number of towns read so far).
fn postcode(number: usize, fields: &[&str], towns: usize) -> Result<PostcodeArea, GazetteerError> {
    let &[code, lat, lon, refs] = fields else {
        return Err(line_error(number, "unexpected record"));
    };
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(line_error(number, &format!("`{code}` is no postcode")));
    }
    let (lat, lon) = coordinate(number, lat, lon)?;
    let mut members = Vec::new();
    for r in refs.split(',').filter(|r| !r.is_empty()) {
        let town = r
            .parse::<u32>()
            .ok()
            .filter(|&t| (t as usize) < towns)
            .ok_or_else(|| line_error(number, &format!("no town number `{r}`")))?;
        members.push(town);
    }
    Ok(PostcodeArea {
        code: code.to_owned(),
        lat,
        lon,
        towns: members,
    })
}

/// Sort the postcodes (each once) and give every town its postcodes.
fn link_postcodes(
    towns: &mut [Town],
    postcodes: &mut [PostcodeArea],
) -> Result<(), GazetteerError> {
    postcodes.sort_by(|a, b| a.code.cmp(&b.code));
    if let Some(pair) = postcodes.windows(2).find(|p| p[0].code == p[1].code) {
        return Err(GazetteerError::Invalid(format!(
            "postcode {} appears twice",
            pair[0].code
        )));
    }
    for (area, postcode) in postcodes.iter().enumerate() {
        for &town in &postcode.towns {
            if let Some(t) = towns.get_mut(town as usize) {
                t.postcodes.push(area as u32);
            }
        }
    }
    Ok(())
}

fn parse_header(header: &str) -> Result<(usize, usize), GazetteerError> {
    match header.split('\t').collect::<Vec<_>>().as_slice() {
        [MAGIC, VERSION, towns, postcodes] => match (towns.parse(), postcodes.parse()) {
            (Ok(t), Ok(p)) => Ok((t, p)),
            _ => Err(line_error(1, "the header's counts are not numbers")),
        },
        [MAGIC, version, ..] => Err(GazetteerError::Invalid(format!(
            "format version {version}, this Lotse reads version {VERSION}"
        ))),
        _ => Err(line_error(1, "this is no Lotse gazetteer file")),
    }
}

fn coordinate(line: usize, lat: &str, lon: &str) -> Result<(f64, f64), GazetteerError> {
    match (lat.parse::<f64>(), lon.parse::<f64>()) {
        (Ok(lat), Ok(lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {
            Ok((lat, lon))
        }
        _ => Err(line_error(
            line,
            &format!("`{lat}`, `{lon}` is no latitude, longitude"),
        )),
    }
}

fn line_error(line: usize, reason: &str) -> GazetteerError {
    GazetteerError::Line {
        line,
        reason: reason.to_owned(),
    }
}

/// Every distinct key of every town (its name first, then its aliases), sorted
/// by key for prefix search.
fn name_index(towns: &[Town]) -> Vec<NameKey> {
    let mut names = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (town_index, town) in towns.iter().enumerate() {
        seen.clear();
        let all = std::iter::once(&town.name).chain(&town.aliases);
        for (alias, name) in all.enumerate() {
            let key = fold(name);
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            names.push(NameKey {
                key,
                town: town_index as u32,
                alias: alias as u32,
            });
        }
    }
    names.sort_by(|a, b| {
        a.key
            .cmp(&b.key)
            .then(a.town.cmp(&b.town))
            .then(a.alias.cmp(&b.alias))
    });
    names
}
