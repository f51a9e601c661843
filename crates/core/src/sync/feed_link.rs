//! `lotse://feed?url=…&key=…`: an office hands its feed's address and
//! publisher key to devices as one link or QR code, instead of two long
//! strings to type. Opening the link shows both (the key as its
//! fingerprint) and follows the feed only after the user confirms.

use reqwest::Url;

use crate::sync::feed::{FeedError, PublicKey};
use crate::sync::publishers::fingerprint;
use crate::sync::service::check_feed_url;

/// A feed to follow, as a link carried it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedLink {
    pub url: String,
    pub key: PublicKey,
}

impl FeedLink {
    /// Read a `lotse://feed` link; the feed address must be one Lotse may
    /// follow (https, or http on loopback) and the key a publisher key.
    pub fn parse(link: &str) -> Result<Self, FeedError> {
        let bad =
            |why: &str| FeedError::Config(format!("the link is not a Lotse feed link: {why}"));
        let parsed = Url::parse(link.trim()).map_err(|_| bad("not a link"))?;
        if parsed.scheme() != "lotse" || parsed.host_str() != Some("feed") {
            return Err(bad("it must start with lotse://feed"));
        }
        let value = |name: &str| {
            parsed
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let url = value("url").ok_or_else(|| bad("`url` is missing"))?;
        let key = value("key").ok_or_else(|| bad("`key` is missing"))?;
        check_feed_url(&url)?;
        Ok(Self {
            url,
            // A `+` of the key typed into a link unescaped reads as a space.
            key: PublicKey::parse(&key.trim().replace(' ', "+"))?,
        })
    }

    /// The link, for an office to print or turn into a QR code.
    pub fn to_link(&self) -> String {
        let mut link = Url::parse("lotse://feed").expect("a constant link");
        link.query_pairs_mut()
            .append_pair("url", &self.url)
            .append_pair("key", &self.key.to_base64());
        link.to_string()
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::feed::SecretKey;

    #[test]
    fn a_link_round_trips_and_names_what_is_wrong() {
        let key = SecretKey::generate().expect("key").public();
        let link = FeedLink {
            url: "https://amt.example/feed?x=1&y=2".into(),
            key,
        };
        let text = link.to_link();
        assert!(
            text.starts_with("lotse://feed?url=https%3A%2F%2Famt.example"),
            "{text}"
        );
        assert_eq!(FeedLink::parse(&text).expect("parses"), link);

        let b64 = key.to_base64();
        let cases = [
            ("https://amt.example/?url=x", "lotse://feed"),
            ("lotse://other?url=https://a.example&key=k", "lotse://feed"),
            ("lotse://feed?key=k", "`url` is missing"),
            ("lotse://feed?url=https://a.example", "`key` is missing"),
        ];
        for (input, said) in cases {
            let err = FeedLink::parse(input).expect_err(input).to_string();
            assert!(err.contains(said), "{input}: {err}");
        }
        let http = format!("lotse://feed?url=http://amt.example/&key={b64}");
        assert!(FeedLink::parse(&http)
            .expect_err("http")
            .to_string()
            .contains("https://"));
        let bad_key = FeedLink::parse("lotse://feed?url=https://a.example/&key=abc");
        assert!(bad_key.is_err());
    }
}
