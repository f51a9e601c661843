//! Numbers, dates and times written the way the UI language writes them,
//! through the webview's `Intl` (ar, fa and ps get their own digits and
//! separators). Where `Intl` is missing, the plain ASCII form is used.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::JsValue;

fn options(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

fn locales(tag: &str) -> Array {
    Array::of1(&JsValue::from_str(tag))
}

fn call(format: Function, value: &JsValue) -> Option<String> {
    format.call1(&JsValue::NULL, value).ok()?.as_string()
}

/// `value` in `unit` (a unit `Intl` knows: meter, kilometer, megabyte, …)
/// with at most `fraction` decimals.
pub fn unit(tag: &str, value: f64, unit: &str, fraction: u32) -> Option<String> {
    let opts = options(&[
        ("style", "unit".into()),
        ("unit", unit.into()),
        ("unitDisplay", "short".into()),
        ("maximumFractionDigits", fraction.into()),
        ("minimumFractionDigits", fraction.into()),
    ]);
    let format = js_sys::Intl::NumberFormat::new(&locales(tag), &opts).format();
    call(format, &JsValue::from_f64(value))
}

/// A calendar day (`2026-11-21`, or the start of an RFC 3339 time) as the
/// language writes dates, e.g. `21.11.2026` or `٢١‏/١١‏/٢٠٢٦`.
pub fn date(tag: &str, iso: &str) -> Option<String> {
    let day = iso.get(..10)?;
    let millis = js_sys::Date::parse(&format!("{day}T12:00:00Z"));
    if millis.is_nan() {
        return None;
    }
    let opts = options(&[
        ("year", "numeric".into()),
        ("month", "2-digit".into()),
        ("day", "2-digit".into()),
        ("timeZone", "UTC".into()),
    ]);
    let format = js_sys::Intl::DateTimeFormat::new(&locales(tag), &opts).format();
    call(
        format,
        &js_sys::Date::new(&JsValue::from_f64(millis)).into(),
    )
}

/// The language's ten digits, `0` to `9`.
pub fn digits(tag: &str) -> Option<[char; 10]> {
    let opts = options(&[("useGrouping", false.into())]);
    let format = js_sys::Intl::NumberFormat::new(&locales(tag), &opts).format();
    let mut out = ['0'; 10];
    for (n, slot) in out.iter_mut().enumerate() {
        let text = call(format.clone(), &JsValue::from_f64(n as f64))?;
        let mut chars = text.chars().filter(|c| !c.is_control() && *c != '\u{200f}');
        *slot = chars.next()?;
    }
    Some(out)
}

/// `text` with its ASCII digits written in `digits` (times such as `09:00–17:00`).
pub fn with_digits(text: &str, digits: &[char; 10]) -> String {
    text.chars()
        .map(|c| c.to_digit(10).map_or(c, |d| digits[d as usize]))
        .collect()
}
