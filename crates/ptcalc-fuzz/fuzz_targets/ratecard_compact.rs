//! Any bytes as compact rate cards: the bundled form and an organization's card.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ptcalc_fuzz::ratecard_compact(data));
