//! Memory of a running app: the `lotse-app` process found by its data folder,
//! and every process below it (WebKit's web and network processes), read
//! from `/proc`.

use std::path::Path;

/// Resident memory of one process, in KiB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessMemory {
    pub pid: u32,
    pub name: String,
    /// Resident set size (shared pages counted in full).
    pub rss_kib: u64,
    /// Proportional set size (shared pages divided among their users).
    pub pss_kib: u64,
}

fn read(path: impl AsRef<Path>) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn field_kib(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = read(format!("/proc/{pid}/stat"))?;
    // The name sits in parentheses and may hold spaces: read after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The app process whose environment names `data_dir` as its data folder.
pub fn app_pid(data_dir: &Path) -> Option<u32> {
    let wanted = format!("LOTSE_DATA_DIR={}", data_dir.display());
    all_pids().into_iter().find(|pid| {
        read(format!("/proc/{pid}/comm")).is_some_and(|c| c.trim() == "lotse-app")
            && std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|var| var == wanted.as_bytes()))
    })
}

/// `root` and all its descendants, with their memory.
pub fn tree_memory(root: u32) -> Vec<ProcessMemory> {
    let parents: Vec<(u32, Option<u32>)> = all_pids()
        .into_iter()
        .map(|pid| (pid, parent_of(pid)))
        .collect();
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == Some(parent))
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    tree.into_iter()
        .filter_map(|pid| {
            let status = read(format!("/proc/{pid}/status"))?;
            let rollup = read(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
            Some(ProcessMemory {
                pid,
                name: read(format!("/proc/{pid}/comm"))?.trim().to_owned(),
                rss_kib: field_kib(&status, "VmRSS:").unwrap_or(0),
                pss_kib: field_kib(&rollup, "Pss:").unwrap_or(0),
            })
        })
        .collect()
}

/// The `n` mappings of `pid` with the most resident memory: (KiB, what is
/// mapped; empty for anonymous memory).
pub fn largest_mappings(pid: u32, n: usize) -> Vec<(u64, String)> {
    let smaps = read(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut by_name: std::collections::BTreeMap<String, u64> = Default::default();
    let mut current = String::new();
    for line in smaps.lines() {
        let mut parts = line.split_whitespace();
        let first = parts.next().unwrap_or_default();
        if first.contains('-') && !first.ends_with(':') {
            current = parts.nth(4).unwrap_or_default().to_owned();
        } else if first == "Rss:" {
            let kib: u64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            *by_name.entry(current.clone()).or_default() += kib;
        }
    }
    let mut all: Vec<(u64, String)> = by_name.into_iter().map(|(k, v)| (v, k)).collect();
    all.sort_by(|a, b| b.cmp(a));
    all.truncate(n);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_resident_memory_and_a_parent() {
        let me = std::process::id();
        let tree = tree_memory(me);
        assert_eq!(tree.first().map(|p| p.pid), Some(me));
        assert!(tree[0].rss_kib > 0, "{tree:?}");
        assert!(parent_of(me).is_some());
    }
}
