//! The CLI's log on stderr: warnings by default, more with `-v` (info),
//! `-vv` (debug) or `-vvv` (trace); `RUST_LOG` overrides both. Lotse logs
//! what happened and how much, never a position or a search text.

use tracing_subscriber::EnvFilter;

/// The filter for `-v` given `verbose` times: Lotse's own crates at that
/// level, everything else at warnings.
fn default_filter(verbose: u8) -> String {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    format!("warn,lotse={level},lotse_core={level},lotse_server={level}")
}

pub fn init(verbose: u8) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(default_filter(verbose)));
    // A second init (there is none) would only keep the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(true)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_v_raises_lotses_level_and_the_rest_stays_at_warnings() {
        assert!(default_filter(0).contains("lotse_core=warn"));
        assert!(default_filter(1).contains("lotse_core=info"));
        assert!(default_filter(2).contains("lotse_core=debug"));
        assert!(default_filter(5).contains("lotse_core=trace"));
        for v in 0..4 {
            assert!(default_filter(v).starts_with("warn,"));
            EnvFilter::try_new(default_filter(v)).expect("a valid filter");
        }
    }
}
