//! Sharing an offer: plain text, a vCard 3.0 contact and its QR code.

use lotse_contract::{links, DateBasis, QrDto};
use qrcode::{Color, QrCode};

/// What goes into the shared text and the contact card.
pub struct ContactFacts<'a> {
    pub name: &'a str,
    pub category: &'a str,
    pub provider: &'a str,
    pub street: &'a str,
    pub postcode: &'a str,
    pub city: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub website: Option<&'a str>,
    pub source: &'a str,
    pub last_verified: &'a str,
    pub date_basis: DateBasis,
    pub is_demo: bool,
}

const DEMO_MARK: &str = "DEMO – fiktive Daten / fictional data";

impl ContactFacts<'_> {
    fn address(&self) -> String {
        let place = format!("{} {}", self.postcode, self.city);
        [self.street, place.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn provenance(&self) -> String {
        let mut line = match self.date_basis {
            DateBasis::Checked => format!("{} · {}", self.source, self.last_verified),
            // Not a check: the source's date, said as such.
            DateBasis::AsOf => format!("{} · Stand/as of {}", self.source, self.last_verified),
            DateBasis::Unknown => self.source.to_owned(),
        };
        if self.is_demo {
            line = format!("{DEMO_MARK} · {line}");
        }
        line
    }

    /// Name, category, provider, address, phone, e-mail, website, a map link
    /// and where the data comes from, one per line.
    pub fn share_text(&self) -> String {
        let mut lines = vec![format!("{} ({})", self.name, self.category)];
        let optional = [
            Some(self.provider.to_owned()).filter(|p| !p.is_empty()),
            Some(self.address()).filter(|a| !a.is_empty()),
            self.phone.map(|p| format!("☎ {p}")),
            self.email.map(|e| format!("✉ {e}")),
            self.website.map(str::to_owned),
            Some(links::osm_uri(self.lat, self.lon)),
            Some(self.provenance()),
        ];
        lines.extend(optional.into_iter().flatten());
        lines.join("\n")
    }

    /// A vCard 3.0 (RFC 2426) with the offer as an organisation contact:
    /// `N:` is required by 3.0 (the offer's name as the family name, shown
    /// as a company), and lines over 75 octets are folded (RFC 2425 5.8.1).
    pub fn vcard(&self) -> String {
        let mut card = vec![
            "BEGIN:VCARD".to_owned(),
            "VERSION:3.0".to_owned(),
            format!("N:{};;;;", escape(self.name)),
            format!("FN:{}", escape(self.name)),
            format!("ORG:{}", escape(self.provider)),
            "X-ABShowAs:COMPANY".to_owned(),
        ];
        if let Some(phone) = self.phone {
            card.push(format!("TEL;TYPE=WORK,VOICE:{}", escape(phone)));
        }
        if let Some(email) = self.email {
            card.push(format!("EMAIL;TYPE=INTERNET:{}", escape(email)));
        }
        if let Some(url) = self.website {
            card.push(format!("URL:{}", escape(url)));
        }
        card.push(format!(
            "ADR;TYPE=WORK:;;{};{};;{};Deutschland",
            escape(self.street),
            escape(self.city),
            escape(self.postcode)
        ));
        card.push(format!("GEO:{:.5};{:.5}", self.lat, self.lon));
        card.push(format!(
            "NOTE:{}",
            escape(&format!("{} · {}", self.category, self.provenance()))
        ));
        card.push("END:VCARD".to_owned());
        card.iter()
            .map(|line| fold(line))
            .collect::<Vec<_>>()
            .join("\r\n")
    }
}

impl ContactFacts<'_> {
    /// The vCard for paper: name, phone and address only (and the demo
    /// mark), so its QR code stays small enough for a phone's camera at
    /// 3 cm beside a printed list entry.
    pub fn paper_vcard(&self) -> String {
        let mut card = vec![
            "BEGIN:VCARD".to_owned(),
            "VERSION:3.0".to_owned(),
            format!("N:{};;;;", escape(self.name)),
            format!("FN:{}", escape(self.name)),
        ];
        if let Some(phone) = self.phone {
            card.push(format!("TEL;TYPE=WORK,VOICE:{}", escape(phone)));
        }
        card.push(format!(
            "ADR;TYPE=WORK:;;{};{};;{};Deutschland",
            escape(self.street),
            escape(self.city),
            escape(self.postcode)
        ));
        if self.is_demo {
            card.push(format!("NOTE:{}", escape(DEMO_MARK)));
        }
        card.push("END:VCARD".to_owned());
        card.iter()
            .map(|line| fold(line))
            .collect::<Vec<_>>()
            .join("\r\n")
    }
}

/// Longest line of a vCard, in octets, before it is folded.
const VCARD_LINE_OCTETS: usize = 75;

/// Fold a content line into lines of at most 75 octets: each continuation
/// starts with one space, and no UTF-8 character is split.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > VCARD_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out
}

/// RFC 2426 text escaping: backslash, comma, semicolon and newlines.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A QR code of `text` (medium error correction); an empty code when the text
/// is too long for any QR version.
pub fn qr(text: &str) -> QrDto {
    match QrCode::new(text.as_bytes()) {
        Ok(code) => QrDto {
            size: code.width() as u32,
            modules: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        },
        Err(_) => QrDto {
            size: 0,
            modules: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> ContactFacts<'static> {
        ContactFacts {
            name: "Kita Sonnenschein; Haus 2",
            category: "Kita",
            provider: "Verein, e.V.",
            street: "Musterweg 1",
            postcode: "19055",
            city: "Schwerin",
            lat: 53.6289,
            lon: 11.4148,
            phone: Some("0385 5550100"),
            email: Some("kita@example.org"),
            website: None,
            source: "Lotse-Demo",
            last_verified: "2026-11-01",
            date_basis: DateBasis::Checked,
            is_demo: true,
        }
    }

    #[test]
    fn vcards_escape_separators_and_mark_demo_data() {
        let card = facts().vcard();
        assert!(card.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"));
        assert!(card.contains("FN:Kita Sonnenschein\\; Haus 2\r\n"));
        assert!(card.contains("ORG:Verein\\, e.V.\r\n"));
        assert!(card.contains("TEL;TYPE=WORK,VOICE:0385 5550100\r\n"));
        assert!(card.contains("ADR;TYPE=WORK:;;Musterweg 1;Schwerin;;19055;Deutschland"));
        assert!(card.contains("\r\nN:Kita Sonnenschein\\; Haus 2;;;;\r\n"));
        assert!(card.contains(DEMO_MARK));
        assert!(card.ends_with("END:VCARD"));
    }

    #[test]
    fn long_vcard_lines_are_folded_at_75_octets_without_splitting_characters() {
        let name = "Psychosoziales Zentrum für Geflüchtete – مركز الدعم النفسي والاجتماعي للاجئين";
        let card = ContactFacts { name, ..facts() }.vcard();
        for line in card.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        // Unfolding (RFC 2425: remove CRLF followed by one space) gives the line back.
        let unfolded = card.replace("\r\n ", "");
        assert!(
            unfolded.contains(&format!("\r\nFN:{name}\r\n")),
            "{unfolded}"
        );
        assert!(unfolded.contains(&format!("\r\nN:{name};;;;\r\n")));
        assert!(
            card.lines().any(|l| l.starts_with(' ')),
            "nothing was folded"
        );
    }

    #[test]
    fn share_text_has_the_address_phone_map_link_and_source() {
        let text = facts().share_text();
        assert!(text.starts_with("Kita Sonnenschein; Haus 2 (Kita)\n"));
        assert!(text.contains("Musterweg 1, 19055 Schwerin"));
        assert!(text.contains("☎ 0385 5550100"));
        assert!(text.contains("https://www.openstreetmap.org/?mlat=53.62890&mlon=11.41480"));
        assert!(text.contains("Lotse-Demo · 2026-11-01"));
    }

    #[test]
    fn qr_codes_are_square_and_decode_to_modules() {
        let code = qr(&facts().vcard());
        assert!(code.size >= 21);
        assert_eq!(code.modules.len(), (code.size * code.size) as usize);
        // Finder pattern: the top-left 7 modules of the first row are dark.
        assert!(code.modules[..7].iter().all(|&m| m));
    }
}
