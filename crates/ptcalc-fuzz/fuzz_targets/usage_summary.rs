//! Any bytes as a load-summary code: a finite curve or a message; decode ∘ encode stable.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ptcalc_fuzz::usage_summary(data));
