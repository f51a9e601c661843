//! Pure display helpers shared by the UI and the CLI, tested on the host.

/// "234 m" below a kilometre, "1.4 km" above.
pub fn format_distance(distance_m: f64) -> String {
    if distance_m < 1_000.0 {
        format!("{distance_m:.0} m")
    } else {
        format!("{:.1} km", distance_m / 1_000.0)
    }
}

/// A `tel:` URI from a display number: a leading `+` and the digits, nothing
/// else, so untrusted text can never turn into another kind of link. A number
/// with anything but digits, spaces and `+ - / ( ) .` in it (letters, a
/// scheme, an extension) is not dialable as written: no link.
pub fn tel_uri(phone: &str) -> Option<String> {
    let trimmed = phone.trim();
    if !trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-/().".contains(c))
        || trimmed.get(1..).is_some_and(|rest| rest.contains('+'))
    {
        return None;
    }
    let plus = if trimmed.starts_with('+') { "+" } else { "" };
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 3).then(|| format!("tel:{plus}{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_formatted_in_m_and_km() {
        assert_eq!(format_distance(233.9), "234 m");
        assert_eq!(format_distance(999.4), "999 m");
        assert_eq!(format_distance(1_449.0), "1.4 km");
        assert_eq!(format_distance(560_180.0), "560.2 km");
    }

    #[test]
    fn tel_uris_keep_only_plus_and_digits() {
        assert_eq!(
            tel_uri("+49 30 23125 000").as_deref(),
            Some("tel:+493023125000")
        );
        assert_eq!(tel_uri("(0385) 123-45").as_deref(), Some("tel:038512345"));
        assert_eq!(tel_uri("javascript:alert(1)"), None);
        assert_eq!(tel_uri("javascript:alert(1) +49 30 23125 999"), None);
        assert_eq!(tel_uri("0385 123 ext. 4"), None);
        assert_eq!(tel_uri("0385 + 123"), None);
        assert_eq!(tel_uri("12"), None);
    }
}
