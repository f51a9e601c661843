//! Build script of the UI: checks the Fluent locales and generates the
//! `Key` enum, so that a missing or misspelt message id is a compile error.
//!
//! - Every locale must parse, and have exactly the message ids of `de.ftl`.
//! - Every message must use only variables its German original uses.
//! - `Key::FooBar` exists for each id `foo-bar`; the UI names messages only
//!   through it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, PatternElement};

const LOCALES: [&str; 8] = ["de", "en", "ar", "uk", "ru", "fa", "ps", "tr"];

type Variables = BTreeSet<String>;

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut Variables) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut Variables) {
    match expression {
        Expression::Inline(inline) => inline_variables(inline, out),
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut Variables) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

fn messages(locale: &str, text: &str) -> BTreeMap<String, Variables> {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            let first = &errors[0];
            let line = text[..first.pos.start.min(text.len())]
                .lines()
                .count()
                .max(1);
            panic!("locales/{locale}.ftl, line {line}: {:?}", first.kind);
        }
    };
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let mut vars = Variables::new();
            if let Some(value) = &message.value {
                pattern_variables(value, &mut vars);
            } else {
                panic!(
                    "locales/{locale}.ftl: message `{}` has no value",
                    message.id.name
                );
            }
            out.insert(message.id.name.to_owned(), vars);
        }
    }
    out
}

fn variant_name(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dir = manifest.join("src/i18n/locales");
    let mut reference: Option<BTreeMap<String, Variables>> = None;
    let mut sources = Vec::new();
    for locale in LOCALES {
        let path = dir.join(format!("{locale}.ftl"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let found = messages(locale, &text);
        if let Some(reference) = &reference {
            let missing: Vec<_> = reference
                .keys()
                .filter(|k| !found.contains_key(*k))
                .collect();
            let extra: Vec<_> = found
                .keys()
                .filter(|k| !reference.contains_key(*k))
                .collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "locales/{locale}.ftl: missing ids {missing:?}, ids not in de.ftl {extra:?}"
            );
            for (id, vars) in &found {
                let unknown: Vec<_> = vars.difference(&reference[id]).collect();
                assert!(
                    unknown.is_empty(),
                    "locales/{locale}.ftl: `{id}` uses variables {unknown:?} that de.ftl does not"
                );
            }
        } else {
            reference = Some(found);
        }
        sources.push((locale, path));
    }
    let reference = reference.expect("de.ftl is read first");
    let mut code = String::from(
        "/// A message id, checked against every locale at build time.\n\
         #[allow(clippy::enum_variant_names)] // ids such as `settings-feed-key`\n#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Key {\n",
    );
    for id in reference.keys() {
        let _ = writeln!(code, "    {},", variant_name(id));
    }
    code.push_str("}\n\nimpl Key {\n    pub fn id(self) -> &'static str {\n        match self {\n");
    for id in reference.keys() {
        let _ = writeln!(code, "            Key::{} => {id:?},", variant_name(id));
    }
    code.push_str("        }\n    }\n}\n\n/// Each locale's tag and Fluent source.\n");
    let _ = writeln!(
        code,
        "pub const SOURCES: [(&str, &str); {}] = [",
        sources.len()
    );
    for (locale, path) in &sources {
        let _ = writeln!(
            code,
            "    ({locale:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("i18n_keys.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
