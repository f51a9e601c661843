//! The only links Lotse ever renders: `tel:`, `mailto:`, `https:` and `geo:`.
//! Offer text is untrusted; these functions build links from it or refuse.

pub use crate::display::tel_uri;

const SCHEMES: [&str; 4] = ["tel:", "mailto:", "https://", "geo:"];

/// Whether `href` may be put into a link at all. The UI checks every href
/// with this, even ones the shell built.
pub fn is_allowed_href(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    SCHEMES.iter().any(|s| lower.starts_with(s))
        && !href.chars().any(|c| c.is_control() || c.is_whitespace())
        && !href.contains(['"', '\'', '<', '>', '`', '\\'])
}

/// `mailto:` for a plain address (one `@`, a dot in the domain, no spaces,
/// no query part).
pub fn mailto_uri(email: &str) -> Option<String> {
    let email = email.trim();
    let (local, domain) = email.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email
            .chars()
            .all(|c| c.is_alphanumeric() || "@.-_+".contains(c));
    let href = format!("mailto:{email}");
    (ok && is_allowed_href(&href)).then_some(href)
}

/// The URL itself when it is `https:` with a host; `http:` and anything else
/// is shown as text only.
pub fn https_uri(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map(|_| &url[8..])?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let ok = !host.is_empty()
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || ".-:".contains(c));
    let href = format!("https://{rest}");
    (ok && is_allowed_href(&href)).then_some(href)
}

/// `geo:53.62900,11.41400`, which phones open in their map app.
pub fn geo_uri(lat: f64, lon: f64) -> String {
    format!("geo:{lat:.5},{lon:.5}")
}

/// The same place on openstreetmap.org, for desktops without a geo: handler.
pub fn osm_uri(lat: f64, lon: f64) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=17/{lat:.5}/{lon:.5}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_schemes_are_allowed() {
        assert!(is_allowed_href("tel:+4938512345"));
        assert!(is_allowed_href("mailto:a@b.de"));
        assert!(is_allowed_href("https://example.org/a?b=c"));
        assert!(is_allowed_href("geo:53.6,11.4"));
        assert!(!is_allowed_href("javascript:alert(1)"));
        assert!(!is_allowed_href("JaVaScRiPt:alert(1)"));
        assert!(!is_allowed_href("http://example.org"));
        assert!(!is_allowed_href("data:text/html,<script>"));
        assert!(!is_allowed_href("https://x.org/\"onmouseover=\"x"));
        assert!(!is_allowed_href(" https://x.org"));
    }

    #[test]
    fn mailto_needs_a_plain_address() {
        assert_eq!(
            mailto_uri(" info@beispiel.de ").as_deref(),
            Some("mailto:info@beispiel.de")
        );
        assert_eq!(mailto_uri("a@b.de?subject=x"), None);
        assert_eq!(mailto_uri("javascript:alert(1)@x.de"), None);
        assert_eq!(mailto_uri("no-at-sign.de"), None);
        assert_eq!(mailto_uri("a@localhost"), None);
    }

    #[test]
    fn websites_link_only_over_https() {
        assert_eq!(
            https_uri("https://www.beispiel.de/kita?x=1").as_deref(),
            Some("https://www.beispiel.de/kita?x=1")
        );
        assert_eq!(
            https_uri("HTTPS://beispiel.de").as_deref(),
            Some("https://beispiel.de")
        );
        assert_eq!(https_uri("http://beispiel.de"), None);
        assert_eq!(https_uri("javascript:alert(1)"), None);
        assert_eq!(https_uri("https://user@evil.example"), None);
        assert_eq!(https_uri("https://"), None);
        assert_eq!(https_uri("https://a.de/<img src=x onerror=alert(1)>"), None);
    }

    #[test]
    fn map_links_carry_the_position() {
        assert_eq!(geo_uri(53.629, 11.414), "geo:53.62900,11.41400");
        assert!(osm_uri(53.629, 11.414)
            .starts_with("https://www.openstreetmap.org/?mlat=53.62900&mlon=11.41400"));
    }
}
