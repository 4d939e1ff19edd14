//! Any bytes as a link: parse never fails, format ∘ parse is idempotent.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ptcalc_fuzz::link(data));
