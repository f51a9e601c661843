//! Typed, lenient access to the fields of one HSDS object (JSON, or a CSV row
//! turned into an object), naming the field's path in every problem.
//!
//! Missing, `null` and blank values are all "not given". Numbers may be
//! given as text (CSV cells are always text); ids and texts may be numbers.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::exchange::import::RejectReason;

/// Why a record is rejected: the field at fault, as a path such as
/// `service_at_locations[0].location.latitude` (empty: the whole record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub path: String,
    pub reason: RejectReason,
}

impl Problem {
    pub(crate) fn new(path: impl Into<String>, reason: impl Into<RejectReason>) -> Self {
        Self {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

/// One JSON object and where it sits in the record.
#[derive(Debug, Clone)]
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    pub path: String,
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl<'a> Obj<'a> {
    /// The record itself; it must be an object.
    pub(crate) fn root(value: &'a Value) -> Result<Self, Problem> {
        match value {
            Value::Object(map) => Ok(Self {
                map,
                path: String::new(),
            }),
            other => Err(Problem::new(
                "",
                format!("a service must be a JSON object, not {}", kind(other)),
            )),
        }
    }

    /// The path of `key` in this object.
    pub(crate) fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    pub(crate) fn problem(&self, key: &str, reason: impl Into<RejectReason>) -> Problem {
        Problem::new(self.path_of(key), reason)
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A text, number or boolean as text; blank is `None`.
    pub(crate) fn text(&self, key: &str) -> Result<Option<String>, Problem> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(other) => Err(self.problem(key, format!("expected text, found {}", kind(other)))),
        }
    }

    /// Like [`Obj::text`], but it must be given.
    pub(crate) fn required(&self, key: &str) -> Result<String, Problem> {
        self.text(key)?
            .ok_or_else(|| self.problem(key, format!("`{key}` is missing or empty")))
    }

    /// A number, or text holding one.
    pub(crate) fn number(&self, key: &str) -> Result<Option<f64>, Problem> {
        let parsed = match self.get(key) {
            None => return Ok(None),
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
            Some(other) => {
                return Err(self.problem(key, format!("expected a number, found {}", kind(other))))
            }
        };
        match parsed {
            Some(n) if n.is_finite() => Ok(Some(n)),
            _ => Err(self.problem(
                key,
                format!("`{}` is not a number", self.text(key)?.unwrap_or_default()),
            )),
        }
    }

    /// A whole number ≥ 0 (ages, counts, intervals).
    pub(crate) fn whole(&self, key: &str) -> Result<Option<u32>, Problem> {
        match self.number(key)? {
            None => Ok(None),
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => {
                Ok(Some(n as u32))
            }
            Some(n) => Err(self.problem(key, format!("{n} is not a whole number of 0 or more"))),
        }
    }

    /// A date `YYYY-MM-DD` (the date part of a date-time is accepted).
    pub(crate) fn date(&self, key: &str) -> Result<Option<NaiveDate>, Problem> {
        let Some(text) = self.text(key)? else {
            return Ok(None);
        };
        parse_date(&text)
            .map(Some)
            .ok_or_else(|| self.problem(key, format!("`{text}` is not a date like 2026-11-01")))
    }

    /// A nested object.
    pub(crate) fn object(&self, key: &str) -> Result<Option<Obj<'a>>, Problem> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Obj {
                map,
                path: self.path_of(key),
            })),
            Some(other) => {
                Err(self.problem(key, format!("expected an object, found {}", kind(other))))
            }
        }
    }

    /// A list of objects (missing is empty).
    pub(crate) fn list(&self, key: &str) -> Result<Vec<Obj<'a>>, Problem> {
        let items = match self.get(key) {
            None => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(other) => {
                return Err(self.problem(key, format!("expected a list, found {}", kind(other))))
            }
        };
        let base = self.path_of(key);
        items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(map) => Ok(Obj {
                    map,
                    path: format!("{base}[{i}]"),
                }),
                other => Err(Problem::new(
                    format!("{base}[{i}]"),
                    format!("expected an object, found {}", kind(other)),
                )),
            })
            .collect()
    }
}

/// `YYYY-MM-DD`, or the date part of `YYYY-MM-DDThh:mm…`.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let day = match text.get(10..11) {
        Some("T" | "t" | " ") => text.get(..10)?,
        _ => text,
    };
    if day.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lenient_values_and_paths() {
        let v = json!({"a": " ", "n": "12", "f": 1.5, "l": [{"x": 1}, 2], "o": {"d": "2023-03-15T10:30:45Z"}});
        let o = Obj::root(&v).expect("object");
        assert_eq!(o.text("a"), Ok(None));
        assert_eq!(o.whole("n"), Ok(Some(12)));
        assert_eq!(o.whole("f").map_err(|p| p.path), Err("f".to_owned()));
        assert_eq!(
            o.required("zz").map_err(|p| p.reason.to_string()),
            Err("`zz` is missing or empty".to_owned())
        );
        assert_eq!(o.list("l").err().map(|p| p.path).as_deref(), Some("l[1]"));
        let inner = o.object("o").expect("o").expect("some");
        assert_eq!(inner.date("d"), Ok(NaiveDate::from_ymd_opt(2023, 3, 15)));
        assert_eq!(inner.problem("d", "x").path, "o.d");
        assert!(parse_date("15.03.2023").is_none() && parse_date("2023-3-15").is_none());
    }
}
