//! UI texts in eight languages (Fluent). Message ids are checked at build
//! time (see `build.rs` next to this file); the language is taken from the
//! system on first start, can be changed at any time and is remembered.

use std::cell::RefCell;
use std::collections::HashMap;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use leptos::prelude::*;

use crate::api;

include!(concat!(env!("OUT_DIR"), "/i18n_keys.rs"));

/// A UI language: the contract's one language type, shared with the shell.
pub use lotse_contract::Lang;

thread_local! {
    static BUNDLES: RefCell<HashMap<Lang, FluentBundle<FluentResource>>> =
        RefCell::new(HashMap::new());
}

fn bundle_for(lang: Lang) -> FluentBundle<FluentResource> {
    let source = SOURCES
        .iter()
        .find(|(tag, _)| *tag == lang.tag())
        .map_or("", |(_, s)| *s);
    let langid: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![langid]);
    // The build script has parsed every locale; a failure here cannot happen,
    // and would show message ids instead of texts.
    if let Ok(resource) = FluentResource::try_new(source.to_owned()) {
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// The text of `key` in `lang`, with `args`.
pub fn translate(lang: Lang, key: Key, args: &[(&str, FluentValue<'_>)]) -> String {
    BUNDLES.with(|bundles| {
        let mut bundles = bundles.borrow_mut();
        let bundle = bundles.entry(lang).or_insert_with(|| bundle_for(lang));
        let Some(pattern) = bundle.get_message(key.id()).and_then(|m| m.value()) else {
            return key.id().to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    })
}

/// The UI language as a signal, provided once at the top of the app.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The text of `key` in the current language (tracks the language).
    pub fn t(self, key: Key) -> String {
        translate(self.lang.get(), key, &[])
    }

    /// The same, with arguments.
    pub fn t_with(self, key: Key, args: &[(&str, FluentValue<'_>)]) -> String {
        translate(self.lang.get(), key, args)
    }
}

const STORAGE_KEY: &str = "lotse.lang";

/// Set up the language: the stored choice, else the system's, else German;
/// keep `<html lang dir>` in step and remember every change.
///
/// Falling back to German here is deliberate: the stored tag and the
/// browser's languages are preferences, not input to check. A language Lotse
/// does not speak (say `pt-BR`) is skipped for the next preference, and
/// German is the default when none of them is one of ours.
pub fn provide_i18n() -> I18n {
    let initial = api::storage_get(STORAGE_KEY)
        .and_then(|t| t.parse::<Lang>().ok())
        .or_else(|| {
            api::system_languages()
                .iter()
                .find_map(|t| t.parse::<Lang>().ok())
        })
        .unwrap_or(Lang::De);
    let i18n = I18n {
        lang: RwSignal::new(initial),
    };
    Effect::new(move || {
        let lang = i18n.lang.get();
        api::set_document_language(lang.tag(), lang.dir());
        api::storage_set(STORAGE_KEY, lang.tag());
    });
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Languages users most often look for in the "speaks my language" filter
/// (ISO 639): the UI languages first, then other common ones.
pub const SPOKEN_LANGUAGES: [&str; 16] = [
    "de", "en", "ar", "uk", "ru", "fa", "prs", "ps", "tr", "ku", "ti", "so", "fr", "pl", "ro", "sq",
];

/// A spoken language's own name, or its code.
pub fn spoken_language_name(code: &str) -> String {
    lotse_contract::languages::autonym(code)
}
