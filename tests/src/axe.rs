//! axe-core (vendored from npm, `tests/vendor/axe-core`), injected through
//! WebDriver into the page under test.

use crate::session::{workspace_root, AppSession, HarnessError};

/// Run axe on the current page; return the serious and critical violations.
pub async fn serious_violations(s: &AppSession, screen: &str) -> Result<Vec<String>, HarnessError> {
    let axe = std::fs::read_to_string(workspace_root().join("tests/vendor/axe-core/axe.min.js"))?;
    s.client
        .execute(&format!("{axe}\n;return typeof axe;"), vec![])
        .await?;
    let result = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
                .then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await?;
    let found: Vec<String> = result
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .map(|v| format!("{screen}: {v}"))
                .collect()
        })
        .unwrap_or_else(|| vec![format!("{screen}: axe gave {result}")]);
    Ok(found)
}
