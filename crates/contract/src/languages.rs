//! Languages: [`Lang`], the eight languages Lotse itself speaks (the UI, the
//! category labels, the offer card), shared by the core, the shell, the CLI
//! and the UI; and spoken languages by their own names, shared by the offer
//! card (core) and the UI filter, whatever language the UI is in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A UI and content language. Serialised as its lowercase ISO 639-1 tag
/// (`"de"`, `"fa"`); parsing ([`FromStr`], serde, clap) takes a BCP 47 tag
/// such as `de`, `en-GB` or `fa_IR` and rejects any other language with an
/// [`UnknownLang`] naming the tag: there is no silent fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    De,
    En,
    Ar,
    Uk,
    Ru,
    Fa,
    Ps,
    Tr,
}

/// A tag that is not one of the eight languages Lotse speaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language tag `{tag}`: Lotse speaks de, en, ar, uk, ru, fa, ps and tr")]
pub struct UnknownLang {
    /// The tag as given.
    pub tag: String,
}

impl Lang {
    /// Every supported language, in the order of the category labels.
    pub const ALL: [Lang; 8] = [
        Lang::De,
        Lang::En,
        Lang::Ar,
        Lang::Uk,
        Lang::Ru,
        Lang::Fa,
        Lang::Ps,
        Lang::Tr,
    ];

    /// The ISO 639-1 code, lowercase.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Uk => "uk",
            Lang::Ru => "ru",
            Lang::Fa => "fa",
            Lang::Ps => "ps",
            Lang::Tr => "tr",
        }
    }

    /// The language's own name, for the language menu.
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
            Lang::Ar => "العربية",
            Lang::Uk => "Українська",
            Lang::Ru => "Русский",
            Lang::Fa => "فارسی",
            Lang::Ps => "پښتو",
            Lang::Tr => "Türkçe",
        }
    }

    /// Arabic, Farsi and Pashto are written right to left.
    pub fn is_rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::Fa | Lang::Ps)
    }

    /// `"rtl"` or `"ltr"`, as HTML's `dir` attribute takes it.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The position in [`Lang::ALL`] (and in per-language tables ordered like it).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// `de`, `de-DE`, `FA_ir` … → the language; anything else is an error naming the tag.
    fn from_str(tag: &str) -> Result<Self, UnknownLang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
            .ok_or_else(|| UnknownLang {
                tag: tag.to_owned(),
            })
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.tag())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Tag;
        impl serde::de::Visitor<'_> for Tag {
            type Value = Lang;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a language tag such as \"de\" or \"fa\"")
            }
            fn visit_str<E: serde::de::Error>(self, tag: &str) -> Result<Lang, E> {
                tag.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Tag)
    }
}

/// ISO 639 code → autonym, for the languages offers in Germany most often
/// list. Codes not here are shown as the code itself.
const AUTONYMS: &[(&str, &str)] = &[
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
    ("prs", "دری"),
    ("ps", "پښتو"),
    ("tr", "Türkçe"),
    ("ku", "Kurdî"),
    ("kmr", "Kurmancî"),
    ("ckb", "کوردی"),
    ("ti", "ትግርኛ"),
    ("am", "አማርኛ"),
    ("so", "Soomaali"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("sq", "Shqip"),
    ("sr", "Српски"),
    ("hr", "Hrvatski"),
    ("bs", "Bosanski"),
    ("el", "Ελληνικά"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("ur", "اردو"),
    ("hi", "हिन्दी"),
    ("ta", "தமிழ்"),
    ("gsg", "Deutsche Gebärdensprache"),
];

/// The language's own name, or the code when it is not known.
pub fn autonym(code: &str) -> String {
    let lower = code.trim().to_ascii_lowercase();
    AUTONYMS
        .iter()
        .find(|(c, _)| *c == lower)
        .map_or_else(|| lower.clone(), |(_, name)| (*name).to_owned())
}

#[cfg(test)]
mod tests {
    use super::{autonym, Lang};

    #[test]
    fn known_codes_get_their_own_names_and_others_stay_codes() {
        assert_eq!(autonym("ar"), "العربية");
        assert_eq!(autonym("UK"), "Українська");
        assert_eq!(autonym("xyz"), "xyz");
    }

    #[test]
    fn language_tags_and_direction() {
        assert_eq!("de-DE".parse(), Ok(Lang::De));
        assert_eq!("FA_ir".parse(), Ok(Lang::Fa));
        let err = "xx".parse::<Lang>().expect_err("not ours");
        assert_eq!(err.tag, "xx");
        assert!(err.to_string().contains("`xx`"), "{err}");
        assert!("".parse::<Lang>().is_err());
        assert!(Lang::Ps.is_rtl() && Lang::Ar.is_rtl() && Lang::Fa.is_rtl());
        assert!(!Lang::Uk.is_rtl() && !Lang::De.is_rtl());
        assert_eq!((Lang::Ar.dir(), Lang::Tr.dir()), ("rtl", "ltr"));
    }

    #[test]
    fn every_language_round_trips_and_agrees_with_the_autonyms() {
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(lang.index(), i);
            assert_eq!(lang.to_string().parse(), Ok(lang));
            assert_eq!(autonym(lang.tag()), lang.autonym());
            let json = serde_json::to_string(&lang).expect("serialise");
            assert_eq!(json, format!("\"{}\"", lang.tag()));
            assert_eq!(serde_json::from_str::<Lang>(&json).expect("back"), lang);
        }
    }

    #[test]
    fn serde_rejects_an_unknown_tag_and_names_it() {
        let err = serde_json::from_str::<Lang>("\"pt-BR\"").expect_err("not ours");
        assert!(err.to_string().contains("`pt-BR`"), "{err}");
    }
}
