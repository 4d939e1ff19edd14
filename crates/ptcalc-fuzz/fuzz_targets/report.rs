//! Any bytes as a link, through the rate cards to the report: finite figures or a message.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ptcalc_fuzz::report(data));
