//! Each format imports to the right per-minute series, and each kind of bad file
//! gets its message (and imports nothing).
#![allow(clippy::unwrap_used)] // helpers shared by the tests below
use ptcalc_usage::{
    import_bytes, import_reader, Format, ImportError, ImportOptions, Importer, Selection,
    TokenKind, Warning,
};

fn sample(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/data/usage/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn import(text: &str) -> Result<ptcalc_usage::Usage, ImportError> {
    import_bytes(text.as_bytes(), ImportOptions::default())
}

fn total(u: &ptcalc_usage::Usage, kind: TokenKind) -> f64 {
    u.select(&Selection::All).unwrap().tokens(kind).iter().sum()
}

#[test]
fn wide_csv_sample_reads_every_minute_and_splits_cached_input() {
    let u = import_bytes(&sample("wide.csv"), ImportOptions::default()).unwrap();
    assert_eq!(u.format, Format::WideCsv);
    assert_eq!(u.minutes, 120);
    assert_eq!(u.missing_minutes, 0);
    assert!(u.warnings.is_empty(), "{:?}", u.warnings);
    // first row: 39040 input of which 8691 cached and 1171 cache-write
    let s = u.select(&Selection::All).unwrap();
    assert_eq!(s.input[0], 39_040.0 - 8_691.0 - 1_171.0);
    assert_eq!(s.cached[0], 8_691.0);
    assert_eq!(s.cache_write[0], 1_171.0);
    assert_eq!(s.output[0], 6_209.0);
    assert_eq!(u.start(), "2025-08-18T09:00Z");
}

#[test]
fn request_log_sample_with_the_simulator_header_is_summed_per_minute() {
    let bytes = sample("request-log.csv");
    let u = import_bytes(&bytes, ImportOptions::default()).unwrap();
    assert_eq!(u.format, Format::RequestLog);
    assert_eq!(u.rows, 400);
    let text = String::from_utf8(bytes).unwrap();
    let input: f64 = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(total(&u, TokenKind::Input), input);
    // a request log lists every call: quiet minutes are zero, not a gap warning
    assert!(!u.warnings.iter().any(|w| matches!(w, Warning::Gaps { .. })));
}

#[test]
fn azure_metrics_json_lists_deployments_and_reads_missing_totals_as_zero() {
    let u = import_bytes(&sample("azure-metrics.json"), ImportOptions::default()).unwrap();
    assert_eq!(u.format, Format::AzureMetricsJson);
    assert_eq!(u.series_names(), vec!["gpt-4o-prod", "gpt-4o-mini-batch"]);
    assert_eq!(u.minutes, 60);
    assert_eq!(u.missing_minutes, 0);
    let one = u
        .select(&Selection::Named("gpt-4o-mini-batch".into()))
        .unwrap();
    assert!(one.input[20..25].iter().all(|v| *v == 0.0));
    let all = u.select(&Selection::All).unwrap();
    assert!(all.input[0] > one.input[0]);
    assert!(all.output.iter().sum::<f64>() > 0.0);
    let err = u.select(&Selection::Named("nope".into())).unwrap_err();
    assert!(err.to_string().contains("gpt-4o-prod"), "{err}");
}

#[test]
fn log_analytics_csv_pivots_legacy_metric_names_per_deployment() {
    let u = import_bytes(&sample("azure-log-analytics.csv"), ImportOptions::default()).unwrap();
    assert_eq!(u.format, Format::AzureLogAnalyticsCsv);
    assert_eq!(u.series_names(), vec!["gpt-4o-prod", "gpt-4o-mini-batch"]);
    assert_eq!(u.minutes, 60);
    assert_eq!(u.start(), "2025-08-18T09:00Z");
    let s = u.select(&Selection::Named("gpt-4o-prod".into())).unwrap();
    assert_eq!(s.input[0], 36_716.0);
    assert_eq!(s.output[0], 5_507.0);
    assert!(u.warnings.is_empty(), "{:?}", u.warnings);
}

#[test]
fn legacy_and_foundry_names_together_are_not_counted_twice() {
    let text = "TimeGenerated [UTC],MetricName,Total\n\
        2025-08-18 09:00,ProcessedPromptTokens,100\n2025-08-18 09:00,InputTokens,100\n\
        2025-08-18 09:00,OutputTokens,10\n2025-08-18 09:01,ProcessedPromptTokens,50\n\
        2025-08-18 09:01,InputTokens,50\n2025-08-18 09:01,OutputTokens,5\n\
        2025-08-18 09:01,AzureOpenAIRequests,3\n";
    let u = import(text).unwrap();
    assert_eq!(total(&u, TokenKind::Input), 150.0);
    assert!(u
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::LegacyDuplicates { .. })));
    assert!(u
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::Ignored { names } if names == &["AzureOpenAIRequests"])));
}

#[test]
fn cloudwatch_newest_first_with_quiet_minutes_is_read_without_warnings() {
    let u = import_bytes(&sample("cloudwatch.json"), ImportOptions::default()).unwrap();
    assert_eq!(u.format, Format::CloudWatchJson);
    assert_eq!(
        u.series_names(),
        vec!["anthropic.claude-3-5-sonnet-20240620-v1:0"]
    );
    assert_eq!(u.minutes, 60);
    assert_eq!(u.missing_minutes, 3);
    assert!(u.warnings.is_empty(), "{:?}", u.warnings);
    let s = u.select(&Selection::All).unwrap();
    assert_eq!(s.input[13], 0.0);
    assert!(s.input[12] > 0.0 && s.output[12] > 0.0);
}

#[test]
fn openai_usage_json_splits_cached_input_per_model() {
    let u = import_bytes(&sample("openai-usage.json"), ImportOptions::default()).unwrap();
    assert_eq!(u.format, Format::OpenAiUsageJson);
    assert_eq!(u.series_names().len(), 2);
    assert_eq!(u.minutes, 60);
    assert_eq!(u.step_minutes, 1);
    assert_eq!(u.missing_minutes, 0, "empty buckets are reported minutes");
    let s = u.select(&Selection::All).unwrap();
    assert!(s.cached[0] > 0.0 && s.input[0] > 2.0 * s.cached[0]);
    assert!(s.input[30..33].iter().all(|v| *v == 0.0));
}

#[test]
fn openai_dashboard_csv_is_daily_and_says_so() {
    let u = import_bytes(&sample("openai-dashboard.csv"), ImportOptions::default()).unwrap();
    assert_eq!(u.format, Format::OpenAiDashboardCsv);
    assert_eq!(u.step_minutes, 1_440);
    assert_eq!(u.minutes, 7 * 1_440);
    assert!(u.warnings.iter().any(|w| matches!(
        w,
        Warning::Coarse {
            step_minutes: 1_440,
            ..
        }
    )));
    let s = u
        .select(&Selection::Named("gpt-4o-2024-08-06".into()))
        .unwrap();
    // the day is spread evenly: every minute of day 0 holds 1/1440 of its uncached input
    assert!((s.input[0] * 1_440.0 - 29_183_521.0).abs() < 1e-3);
    assert_eq!(s.input[0], s.input[1_439]);
}

#[test]
fn hourly_data_with_a_peak_factor_keeps_totals_and_raises_the_peak() {
    let text = "time,input,output\n2025-08-18T09:00Z,6000,600\n2025-08-18T10:00Z,12000,1200\n";
    let even = import(text).unwrap();
    let peaked = import_bytes(text.as_bytes(), ImportOptions { peak_factor: 3.0 }).unwrap();
    assert_eq!(even.step_minutes, 60);
    assert_eq!(even.minutes, 120);
    let e = even.select(&Selection::All).unwrap().input;
    let p = peaked.select(&Selection::All).unwrap().input;
    assert!((e.iter().sum::<f64>() - 18_000.0).abs() < 1e-6);
    assert!((p.iter().sum::<f64>() - 18_000.0).abs() < 1e-6);
    assert_eq!(e[0], 100.0);
    let peak = p[60..].iter().cloned().fold(0.0, f64::max);
    assert!((peak - 600.0).abs() < 1e-9, "{peak}");
}

#[test]
fn finer_than_minute_rows_are_summed() {
    let text = "time,input,output\n2025-08-18T09:00:00Z,1,1\n2025-08-18T09:00:10Z,2,1\n\
                2025-08-18T09:00:20Z,3,1\n2025-08-18T09:01:00Z,4,1\n";
    let u = import(text).unwrap();
    assert_eq!(u.select(&Selection::All).unwrap().input, vec![6.0, 4.0]);
    assert!(u.warnings.is_empty(), "{:?}", u.warnings);
}

#[test]
fn gaps_in_a_wide_csv_are_counted_and_warned() {
    let text =
        "time,input,output\n2025-08-18 09:00,1,1\n2025-08-18 09:01,1,1\n2025-08-18 09:05,1,1\n";
    let u = import(text).unwrap();
    assert_eq!(u.minutes, 6);
    assert_eq!(u.missing_minutes, 3);
    assert!(u.warnings.contains(&Warning::Gaps { missing_minutes: 3 }));
}

#[test]
fn unix_seconds_and_milliseconds_are_times() {
    let s = import("ts,input,output\n1755507600,10,1\n1755507660,20,2\n").unwrap();
    let ms = import("ts,input,output\n1755507600000,10,1\n1755507660000,20,2\n").unwrap();
    assert_eq!(s.start_unix_minute, 1_755_507_600 / 60);
    assert_eq!(s.select(&Selection::All), ms.select(&Selection::All));
}

#[test]
fn empty_file_is_refused() {
    assert_eq!(import(""), Err(ImportError::Empty));
    assert_eq!(import("\n \r\n"), Err(ImportError::Empty));
}

#[test]
fn binary_file_is_refused() {
    let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00";
    let e = import_bytes(zip, ImportOptions::default()).unwrap_err();
    assert!(matches!(e, ImportError::Binary { .. }), "{e:?}");
    assert!(e.to_string().contains("not text"));
    let latin1 = b"time,input,output\n2025-08-18 09:00,1\xe9,1\n";
    assert!(matches!(
        import_bytes(latin1, ImportOptions::default()),
        Err(ImportError::Binary { offset: 36 })
    ));
}

#[test]
fn header_only_and_one_row_files_are_explained() {
    assert_eq!(import("time,input,output\n"), Err(ImportError::NoRows));
    assert_eq!(
        import("time,input,output\n2025-08-18 09:00,1,1\n"),
        Err(ImportError::OneRow)
    );
    // a request log may hold a single call
    let one = import(
        "timestamp [UTC],input tokens,output tokens,total tokens\n2025-08-18 09:00:01,5,1,6\n",
    )
    .unwrap();
    assert_eq!(one.minutes, 1);
}

#[test]
fn all_zero_file_is_refused() {
    let e = import("time,input,output\n2025-08-18 09:00,0,0\n2025-08-18 09:01,0,0\n").unwrap_err();
    assert_eq!(e, ImportError::AllZero { rows: 2 });
    assert!(e.to_string().contains("zero"));
}

#[test]
fn mixed_time_zones_are_refused_at_their_line() {
    let e = import("time,input,output\n2025-08-18T09:00Z,1,1\n2025-08-18 09:01,1,1\n").unwrap_err();
    let ImportError::Rows(p) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(p[0].at.line, Some(3));
    assert!(p[0].message.contains("mixed time zones"), "{e}");
    // offsets that differ (a daylight-saving change) are fine: converted to UTC
    let u =
        import("time,input,output\n2025-03-30T01:59:00+01:00,1,1\n2025-03-30T03:00:00+02:00,1,1\n")
            .unwrap();
    assert_eq!(u.minutes, 2);
}

#[test]
fn out_of_order_rows_are_placed_and_warned() {
    let u = import(
        "time,input,output\n2025-08-18 09:02,3,0\n2025-08-18 09:00,1,0\n2025-08-18 09:01,2,0\n",
    )
    .unwrap();
    assert_eq!(
        u.select(&Selection::All).unwrap().input,
        vec![1.0, 2.0, 3.0]
    );
    assert!(u.warnings.contains(&Warning::OutOfOrder { rows: 2 }));
}

#[test]
fn duplicate_timestamps_are_summed_and_warned() {
    let u = import(
        "time,input,output\n2025-08-18 09:00,1,0\n2025-08-18 09:01,2,0\n2025-08-18 09:01,2,0\n",
    )
    .unwrap();
    assert_eq!(u.select(&Selection::All).unwrap().input, vec![1.0, 4.0]);
    assert!(u.warnings.contains(&Warning::Repeats { rows: 1 }));
}

#[test]
fn bad_rows_reject_the_whole_file_listing_line_and_column() {
    let e = import(
        "time,input,output\n2025-08-18 09:00,1,1\n2025-08-18 09:01,lots,1\n\
         yesterday,1,1\n2025-08-18 09:03,-4,1\n2025-08-18 09:04,1\n",
    )
    .unwrap_err();
    let ImportError::Rows(p) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(p.len(), 4);
    assert_eq!(p[0].at.line, Some(3));
    assert_eq!(p[0].at.column.as_deref(), Some("input"));
    assert!(p[0].message.contains("expected a token count"));
    assert_eq!(p[1].at.column.as_deref(), Some("time"));
    assert!(p[1].message.contains("expected a time"));
    assert!(p[2].message.contains("0 or more"));
    assert!(p[3].message.contains("expected 3"));
    assert!(e.to_string().starts_with("the file was not imported"));
}

#[test]
fn unknown_header_names_what_is_accepted() {
    let e = import("when,prompt\n1,2\n").unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, ImportError::MissingColumn { .. }), "{e:?}");
    assert!(
        msg.contains("prompttokens") && msg.contains("`when`"),
        "{msg}"
    );
    assert!(matches!(
        import("hello\nworld\n"),
        Err(ImportError::UnknownFormat { .. })
    ));
}

#[test]
fn broken_json_reports_line_and_character() {
    let e = import("{\"MetricDataResults\": [\n {\"Id\": }\n]}").unwrap_err();
    let ImportError::Rows(p) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(p[0].at.line, Some(2));
    assert!(matches!(
        import("{\"hello\": 1}"),
        Err(ImportError::UnknownFormat { .. })
    ));
}

#[test]
fn json_with_a_bad_point_names_its_path() {
    let doc = r#"{"MetricDataResults":[{"Id":"input_0","Label":"InputTokenCount",
        "Timestamps":["2025-08-18T09:00:00Z","soon"],"Values":[1.0,2.0]}]}"#;
    let e = import(doc).unwrap_err();
    assert!(
        e.to_string()
            .contains("$.MetricDataResults[0].Timestamps[1]"),
        "{e}"
    );
}

#[test]
fn chunk_boundaries_do_not_change_the_result() {
    for name in [
        "azure-log-analytics.csv",
        "request-log.csv",
        "openai-usage.json",
    ] {
        let bytes = sample(name);
        let whole = import_bytes(&bytes, ImportOptions::default()).unwrap();
        for size in [1, 7, 64, 1000] {
            let mut imp = Importer::new(ImportOptions::default());
            let mut last = 0;
            for c in bytes.chunks(size) {
                let p = imp.feed(c).unwrap();
                assert!(p.bytes > last);
                last = p.bytes;
            }
            assert_eq!(last, bytes.len() as u64);
            assert_eq!(imp.finish().unwrap(), whole, "{name} in chunks of {size}");
        }
        let reader = std::io::BufReader::with_capacity(13, bytes.as_slice());
        assert_eq!(
            import_reader(reader, ImportOptions::default()).unwrap(),
            whole
        );
    }
}

#[test]
fn crlf_bom_semicolons_and_quoted_multiline_fields_are_read() {
    let text = "\u{feff}time;input;output;note\r\n2025-08-18 09:00;1;1;\"two\r\nlines\"\r\n2025-08-18 09:01;2;2;x\r\n";
    let u = import(text).unwrap();
    assert_eq!(u.select(&Selection::All).unwrap().input, vec![1.0, 2.0]);
}

#[test]
fn a_failed_import_stays_failed() {
    let mut imp = Importer::new(ImportOptions::default());
    assert!(imp.feed(b"\x00\x01binary").is_err());
    assert!(imp.feed(b"time,input,output\n").is_err());
    assert!(imp.finish().is_err());
}

#[test]
fn partial_exports_say_more_pages_follow() {
    let openai = r#"{"object":"page","has_more":true,"next_page":"page_x","data":[
        {"object":"bucket","start_time":1755507600,"end_time":1755507660,"results":[{"input_tokens":10,"output_tokens":1}]},
        {"object":"bucket","start_time":1755507660,"end_time":1755507720,"results":[]}]}"#;
    let u = import(openai).unwrap();
    assert!(u.warnings.contains(&Warning::MorePages));
    let cloudwatch = r#"{"NextToken":"abc","MetricDataResults":[{"Id":"input_0","Label":"InputTokenCount",
        "Timestamps":["2025-08-18T09:01:00Z","2025-08-18T09:00:00Z"],"Values":[1.0,2.0]}]}"#;
    let u = import(cloudwatch).unwrap();
    assert!(u.warnings.contains(&Warning::MorePages));
    assert!(
        !u.warnings
            .iter()
            .any(|w| matches!(w, Warning::OutOfOrder { .. })),
        "newest first is CloudWatch's order"
    );
}

#[test]
fn azure_responses_joined_in_a_list_are_one_period() {
    let day = |start: &str| {
        format!(
            r#"{{"interval":"PT1M","value":[{{"name":{{"value":"InputTokens"}},"timeseries":[{{"data":[{{"timeStamp":"{start}","total":5}}]}}]}},
               {{"name":{{"value":"OutputTokens"}},"timeseries":[{{"data":[{{"timeStamp":"{start}","total":1}}]}}]}}]}}"#
        )
    };
    let joined = format!(
        "[{},{}]",
        day("2025-08-18T09:00:00Z"),
        day("2025-08-18T09:01:00Z")
    );
    let u = import(&joined).unwrap();
    assert_eq!(u.format, Format::AzureMetricsJson);
    assert_eq!(u.select(&Selection::All).unwrap().input, vec![5.0, 5.0]);
}

#[test]
fn azure_json_without_token_metrics_names_what_it_needs() {
    let doc =
        r#"{"interval":"PT1M","value":[{"name":{"value":"AzureOpenAIRequests"},"timeseries":[]}]}"#;
    let e = import(doc).unwrap_err();
    assert!(
        e.to_string().contains("InputTokens") && e.to_string().contains("AzureOpenAIRequests"),
        "{e}"
    );
}

#[test]
fn sparse_cloudwatch_minutes_stay_one_minute_data() {
    // invocations only every other minute: the distances' divisor is 120 s,
    // but CloudWatch has no 2-minute period, so these are 1-minute points
    let doc = r#"{"MetricDataResults":[{"Id":"input_0","Label":"InputTokenCount",
        "Timestamps":["2025-08-18T09:04:00Z","2025-08-18T09:02:00Z","2025-08-18T09:00:00Z"],
        "Values":[3.0,2.0,1.0]}]}"#;
    let u = import(doc).unwrap();
    assert_eq!(u.step_minutes, 1);
    assert_eq!(
        u.select(&Selection::All).unwrap().input,
        vec![1.0, 0.0, 2.0, 0.0, 3.0]
    );
    assert!(u.warnings.is_empty(), "{:?}", u.warnings);
    // hourly points (Period 3600) are read as hourly
    let hourly = doc.replace("09:04", "11:00").replace("09:02", "10:00");
    assert_eq!(import(&hourly).unwrap().step_minutes, 60);
}

#[test]
fn minutes_with_traffic_only_are_minute_data_with_gaps() {
    // a query that outputs only busy minutes: 09:00, 09:02, 09:04
    let u = import(
        "time,input,output\n2025-08-18 09:00,1,0\n2025-08-18 09:02,2,0\n2025-08-18 09:04,3,0\n",
    )
    .unwrap();
    assert_eq!(u.step_minutes, 1);
    assert_eq!(
        u.select(&Selection::All).unwrap().input,
        vec![1.0, 0.0, 2.0, 0.0, 3.0]
    );
    assert!(u.warnings.contains(&Warning::Gaps { missing_minutes: 2 }));
}

#[test]
fn too_many_series_over_too_many_days_is_refused_not_exhausting_memory() {
    // 30 deployments over 200 days = 6,000 series-days
    let mut text = String::from("time,deployment,input,output\n");
    for day in 0..200 {
        for d in 0..30 {
            text.push_str(&format!("{},dep{d},1,1\n", 1_755_475_200 + day * 86_400));
        }
    }
    let e = import(&text).unwrap_err();
    assert!(
        matches!(e, ImportError::TooManySeries { series: 30, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("fewer deployments"));
}

#[test]
fn a_peak_factor_that_is_not_a_number_spreads_evenly() {
    let text = "time,input,output\n2025-08-18T09:00Z,60,0\n2025-08-18T10:00Z,60,0\n";
    let u = import_bytes(
        text.as_bytes(),
        ImportOptions {
            peak_factor: f64::NAN,
        },
    )
    .unwrap();
    assert!(u
        .select(&Selection::All)
        .unwrap()
        .input
        .iter()
        .all(|v| *v == 1.0));
    assert!(u.warnings.iter().all(|w| !w.to_string().contains("NaN")));
}
