//! Any bytes as a bundled-format rate card: load, resolve, evaluate, or a message naming the file.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ptcalc_fuzz::ratecard(data));
