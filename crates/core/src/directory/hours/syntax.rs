//! Readable messages for `opening_hours` syntax errors.

use super::HoursError;

/// Turns the parser's error into a [`HoursError::Syntax`] saying where and
/// what is wrong, in words a data editor understands.
pub(super) fn syntax_error(input: &str, err: &opening_hours_syntax::Error) -> HoursError {
    let text = err.to_string();
    if !matches!(err, opening_hours_syntax::Error::Syntax(_)) {
        return HoursError::Syntax {
            input: input.to_owned(),
            column: None,
            problem: text,
        };
    }
    // The parser reports "--> line:column" and "= expected a, b, or c".
    let column = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("-->"))
        .and_then(|pos| pos.trim().rsplit(':').next()?.parse::<usize>().ok());
    let expected = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .map(friendly_expectation);
    let found = column.map(|col| {
        let rest: String = input.chars().skip(col.saturating_sub(1)).take(24).collect();
        if rest.is_empty() {
            format!("unexpected end of text at column {col}")
        } else {
            format!("unexpected {rest:?} at column {col}")
        }
    });
    let problem = match (found, expected) {
        (Some(found), Some(expected)) => format!("{found}; {expected}"),
        (Some(found), None) => found,
        (None, Some(expected)) => expected,
        (None, None) => text.lines().collect::<Vec<_>>().join(" "),
    };
    HoursError::Syntax {
        input: input.to_owned(),
        column,
        problem,
    }
}

/// Rewrites "expected EOI, timespan, or holiday" with readable names.
fn friendly_expectation(message: &str) -> String {
    let Some(list) = message.strip_prefix("expected ") else {
        return message.to_owned();
    };
    let names: Vec<String> = list
        .split(", ")
        .map(|item| item.strip_prefix("or ").unwrap_or(item))
        .map(|name| {
            match name {
                "EOI" => "end of text",
                "any_rule_separator" => "a rule separator (; , ||)",
                "rules_modifier" => "open/off/unknown or a \"comment\"",
                "timespan" => "a time range like 09:00-17:00",
                "holiday" => "PH or SH",
                "always_open" => "24/7",
                "small_range_selectors" => "weekdays (Mo-Su) or times",
                "week_selector" => "week numbers",
                "monthday_range" => "a date or month range",
                "weekday_range" => "a weekday range like Mo-Fr",
                "plus_or_minus" => "+ or -",
                "comment" => "a \"comment\"",
                other => return other.replace('_', " "),
            }
            .to_owned()
        })
        .collect();
    format!("expected {}", names.join(", "))
}
