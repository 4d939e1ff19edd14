//! A file is judged the same whole and streamed in chunks of any size: the CLI reads
//! through a `BufRead` buffer, the page feeds file slices, and both must give the same
//! usage or the same error. Regression tests for what the usage fuzz targets found
//! (crates/ptcalc-fuzz; README, Hardening).
use ptcalc_usage::{import_bytes, ImportError, ImportOptions, Importer, Usage};

fn streamed(file: &[u8], chunk: usize) -> Result<Usage, ImportError> {
    let mut importer = Importer::new(ImportOptions::default());
    for c in file.chunks(chunk) {
        importer.feed(c)?;
    }
    importer.finish()
}

const CHUNKS: [usize; 10] = [1, 2, 3, 7, 16, 61, 1024, 8_192, 8_195, 9_000];

fn assert_chunking_agrees(file: &[u8], chunks: &[usize]) -> Result<Usage, ImportError> {
    let whole = import_bytes(file, ImportOptions::default());
    for &chunk in chunks {
        assert_eq!(streamed(file, chunk), whole, "in {chunk}-byte chunks");
    }
    whole
}

/// Found by `usage_azure_log_analytics_csv`: a NUL inside an unclosed quoted field, after
/// the first chunk. Streamed, the format was chosen on the first chunk and the NUL was
/// never looked at ("a quoted field is not closed"); whole, the file was binary.
#[test]
fn a_nul_after_the_first_chunk_marks_a_csv_binary_whatever_the_chunks() {
    let file = b"TimeGenerated [UTC],MetricName,Deployment,Total\n\
        )8/18/2025, 9:58:00.000 AM\",ProcessedPromptTokens,gpt-4o-prod,40857\n\
        \"8/18/2025, 9:59:00\x00\x00.000 AM\",GeneratedTokens,gpt-4o-prod,5329\n";
    let result = assert_chunking_agrees(file, &CHUNKS);
    assert_eq!(result, Err(ImportError::Binary { offset: 135 }));
}

/// Found by `usage_azure_metrics_json`: a NUL in a JSON document after the first chunk was
/// read as invalid JSON when streamed and as a binary file whole.
#[test]
fn a_nul_after_the_first_chunk_marks_a_json_export_binary_whatever_the_chunks() {
    let file = b"{\"cost\": 59, \"interval\": \"PT1M\", \"value\": [\x00]}";
    let result = assert_chunking_agrees(file, &CHUNKS);
    assert_eq!(result, Err(ImportError::Binary { offset: 43 }));
}

/// Past the sniffed head a NUL is still found, in the record that holds it.
#[test]
fn a_nul_past_the_sniffed_head_is_found_in_its_record_whatever_the_chunks() {
    let mut file = b"time,input,output\n".to_vec();
    while file.len() < 9_000 {
        file.extend_from_slice(b"2025-08-18 09:00,1,1\n");
    }
    let at = file.len() + 17;
    file.extend_from_slice(b"2025-08-18 09:01,\x002,2\n");
    let result = assert_chunking_agrees(&file, &CHUNKS);
    assert_eq!(result, Err(ImportError::Binary { offset: at as u64 }));
}

/// The sample exports read the same whole and in chunks.
#[test]
fn the_sample_exports_read_the_same_in_any_chunks() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/usage");
    for entry in std::fs::read_dir(dir).expect("tests/data/usage") {
        let path = entry.expect("a directory entry").path();
        let file = std::fs::read(&path).expect("a sample file");
        let result = assert_chunking_agrees(&file, &[7, 61, 1024, 8_195]);
        assert!(result.is_ok(), "{}: {result:?}", path.display());
    }
}
