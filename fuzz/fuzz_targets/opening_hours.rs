#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lotse_core::fuzzing::opening_hours(data));
