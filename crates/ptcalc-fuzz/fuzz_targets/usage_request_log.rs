//! Per-request log rows after the format's header line (from tests/data/usage), so every input
//! reaches this importer's row reader; the import must report Format::RequestLog.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ptcalc_fuzz::usage(
        b"timestamp [UTC],input tokens,output tokens,total tokens\n",
        Some(ptcalc_usage::Format::RequestLog),
        data,
    )
});
