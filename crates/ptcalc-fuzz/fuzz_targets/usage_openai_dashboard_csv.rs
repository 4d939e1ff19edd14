//! OpenAI dashboard rows after the format's header line (from tests/data/usage), so every input
//! reaches this importer's row reader; the import must report Format::OpenAiDashboardCsv.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ptcalc_fuzz::usage(
        b"start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,input_uncached_tokens,input_text_tokens,output_text_tokens,input_cached_text_tokens,input_audio_tokens,input_cached_audio_tokens,output_audio_tokens,input_image_tokens,input_cached_image_tokens,output_image_tokens\n",
        Some(ptcalc_usage::Format::OpenAiDashboardCsv),
        data,
    )
});
