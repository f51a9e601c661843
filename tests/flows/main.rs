//! The end-to-end flows: the real release app under Xvfb, driven through
//! tauri-driver and WebKitWebDriver, one module per thing a user does. One
//! test binary for all of them; run one flow with
//! `cargo test -p lotse-e2e --test flows -- map::` (or `cargo nextest run
//! -p lotse-e2e -E 'test(/^map::/)'`).

mod accessibility;
mod bar_labels;
mod detail_pack;
mod device_files;
mod field_work;
mod finding_help;
mod first_start;
mod honest_dates;
mod hostile_content;
mod installed_package;
mod links;
mod local_numbers;
mod map;
mod opened_file;
mod phone_layout;
mod print;
mod privacy_log;
mod share;
mod shell_config;
mod stale_feed;
mod sync_and_bundles;
