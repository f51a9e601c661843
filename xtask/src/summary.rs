//! Counting what passed and failed across the whole run, for the closing
//! `N passed, N failed` line.

/// Running totals of one `cargo xtask test`.
#[derive(Debug, Default)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
    steps: Vec<String>,
}

/// Passed and failed counts read from a test runner's output.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

impl Tally {
    /// A single check (fmt, clippy, a build step) counts as one.
    pub fn check(&mut self, name: &str, ok: bool) {
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
        }
        self.steps
            .push(format!("{:<6} {name}", if ok { "ok" } else { "FAILED" }));
    }

    /// A test run counts each test; a run that failed without reporting a
    /// failed test (it did not compile, it crashed) counts as one failure.
    pub fn tests(&mut self, name: &str, success: bool, counts: Counts) {
        let mut failed = counts.failed;
        if !success && failed == 0 {
            failed = 1;
        }
        if success && counts.passed == 0 {
            // A green run that ran nothing hides a problem.
            failed += 1;
        }
        self.passed += counts.passed;
        self.failed += failed;
        self.steps.push(format!(
            "{:<6} {name}: {} passed, {failed} failed",
            if failed == 0 { "ok" } else { "FAILED" },
            counts.passed
        ));
    }

    pub fn print(&self) {
        eprintln!("\nxtask: summary");
        for step in &self.steps {
            eprintln!("  {step}");
        }
        println!("{} passed, {} failed", self.passed, self.failed);
    }
}

/// Parse nextest's `Summary [..] 12 tests run: 11 passed, 1 failed, 0 skipped`
/// and libtest's `test result: ok. 4 passed; 0 failed; ...` lines.
pub fn parse_counts(output: &str) -> Counts {
    let mut counts = Counts::default();
    for line in output.lines() {
        let line = line.trim();
        if line.starts_with("Summary") {
            if let Some((_, rest)) = line.split_once(" run: ") {
                // nextest prints one summary per run; the last one wins.
                counts = Counts::default();
                add_counts(&mut counts, rest.split(", "));
            }
        } else if let Some(rest) = line.strip_prefix("test result: ") {
            let rest = rest.split_once(". ").map_or(rest, |(_, r)| r);
            add_counts(&mut counts, rest.split("; "));
        }
    }
    counts
}

fn add_counts<'a>(counts: &mut Counts, parts: impl Iterator<Item = &'a str>) {
    for part in parts {
        let mut words = part.split_whitespace();
        let (Some(n), Some(kind)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = n.parse::<u64>() else { continue };
        match kind {
            "passed" => counts.passed += n,
            "failed" | "timed" => counts.failed += n,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nextest_summaries_are_read() {
        let out = "   PASS [ 0.1s] a\n     Summary [   1.234s] 12 tests run: 10 passed, 1 failed, 1 timed out, 0 skipped\n";
        assert_eq!(
            parse_counts(out),
            Counts {
                passed: 10,
                failed: 2
            }
        );
        let out = "     Summary [   0.5s] 1 test run: 1 passed, 0 skipped";
        assert_eq!(
            parse_counts(out),
            Counts {
                passed: 1,
                failed: 0
            }
        );
    }

    #[test]
    fn libtest_results_are_summed() {
        let out = "test result: ok. 4 passed; 0 failed; 0 ignored\nfoo\ntest result: FAILED. 2 passed; 3 failed; 0 ignored";
        assert_eq!(
            parse_counts(out),
            Counts {
                passed: 6,
                failed: 3
            }
        );
    }

    #[test]
    fn a_failed_run_without_counts_is_one_failure_and_an_empty_run_is_suspect() {
        let mut t = Tally::default();
        t.tests("x", false, Counts::default());
        t.tests("y", true, Counts::default());
        t.tests(
            "z",
            true,
            Counts {
                passed: 3,
                failed: 0,
            },
        );
        assert_eq!((t.passed, t.failed), (3, 2));
    }
}
