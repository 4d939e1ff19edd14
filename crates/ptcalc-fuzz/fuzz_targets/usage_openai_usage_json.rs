//! OpenAI usage API JSON documents: any bytes, from a corpus seeded with that format's samples
//! (tests/data/usage), so mutations stay close to this importer's JSON.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ptcalc_fuzz::usage(b"", None, data));
