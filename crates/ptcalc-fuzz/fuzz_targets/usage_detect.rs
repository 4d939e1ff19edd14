//! Any bytes as a usage file: format detection, then whichever importer it picks.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ptcalc_fuzz::usage(b"", None, data));
