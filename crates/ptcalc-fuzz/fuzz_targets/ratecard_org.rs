//! Any bytes as an organization card on top of the bundled catalog.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ptcalc_fuzz::ratecard_org(data));
