//! Azure Log Analytics rows after the format's header line (from tests/data/usage), so every input
//! reaches this importer's row reader; the import must report Format::AzureLogAnalyticsCsv.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ptcalc_fuzz::usage(
        b"TimeGenerated [UTC],MetricName,Deployment,Total\n",
        Some(ptcalc_usage::Format::AzureLogAnalyticsCsv),
        data,
    )
});
