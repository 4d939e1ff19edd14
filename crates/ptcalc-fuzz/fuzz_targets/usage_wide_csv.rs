//! Wide CSV rows after the format's header line (from tests/data/usage), so every input
//! reaches this importer's row reader; the import must report Format::WideCsv.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ptcalc_fuzz::usage(
        b"timestamp,input_tokens,cached_tokens,cache_write_tokens,output_tokens\n",
        Some(ptcalc_usage::Format::WideCsv),
        data,
    )
});
