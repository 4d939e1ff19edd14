//! Each export recipe matches a sample of the output it produces: the names the
//! command asks for are the names in the sample, and the sample imports as the
//! recipe says, at one-minute steps.
#![allow(clippy::unwrap_used)] // helpers shared by the tests below
use ptcalc_usage::export::{
    Export, AZ_MONITOR, CLOUDWATCH, CLOUDWATCH_QUERIES, EXPORTS, LOG_ANALYTICS, OPENAI_API,
};
use ptcalc_usage::{describe, import_bytes, ImportOptions, Selection};
use serde_json::Value;

fn sample(e: &Export) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/data/usage/{}",
        env!("CARGO_MANIFEST_DIR"),
        e.sample
    );
    std::fs::read(&path).unwrap()
}

#[test]
fn every_recipe_sample_imports_as_its_format_at_one_minute() {
    for e in EXPORTS {
        let u = import_bytes(&sample(&e), ImportOptions::default()).unwrap();
        assert_eq!(u.format, e.produces, "{}", e.source);
        assert_eq!(u.step_minutes, 1, "{}", e.source);
        assert!(
            !u.warnings
                .iter()
                .any(|w| matches!(w, ptcalc_usage::Warning::Ignored { .. })),
            "{}: {:?}",
            e.source,
            u.warnings
        );
    }
}

#[test]
fn kql_output_columns_are_the_sample_header() {
    // `summarize A = agg by B = bin(..), C, D` outputs B, C, D, A
    let summarize = LOG_ANALYTICS
        .command
        .lines()
        .find(|l| l.contains("summarize"))
        .unwrap();
    let (agg, by) = summarize.split_once(" by ").unwrap();
    let agg_name = agg.split('=').next().unwrap().replace("| summarize", "");
    // split on commas outside parentheses
    let mut parts = vec![String::new()];
    let mut depth = 0;
    for c in by.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().unwrap().push(c);
    }
    let mut columns: Vec<String> = parts
        .iter()
        .map(|c| c.split('=').next().unwrap().trim().to_string())
        .collect();
    columns.push(agg_name.trim().to_string());
    columns[0].push_str(" [UTC]");
    let text = String::from_utf8(sample(&LOG_ANALYTICS)).unwrap();
    assert_eq!(text.lines().next().unwrap(), columns.join(","));
    // every metric in the sample is one the query asks for
    for line in text.lines().skip(1) {
        let metric = line.split(',').nth(2).unwrap();
        assert!(
            LOG_ANALYTICS.command.contains(&format!("\"{metric}\"")),
            "{metric}"
        );
    }
    assert!(LOG_ANALYTICS.command.contains("bin(TimeGenerated, 1m)"));
}

#[test]
fn az_command_metrics_and_split_are_in_the_sample() {
    let doc: Value = serde_json::from_slice(&sample(&AZ_MONITOR)).unwrap();
    let asked: Vec<&str> = AZ_MONITOR
        .command
        .lines()
        .find_map(|l| l.trim().strip_prefix("--metrics "))
        .unwrap()
        .trim_end_matches(" \\")
        .split(' ')
        .collect();
    let got: Vec<&str> = doc["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(asked, got);
    assert!(AZ_MONITOR.command.contains("--interval PT1M"));
    assert_eq!(doc["interval"], "PT1M");
    assert_eq!(
        doc["value"][0]["timeseries"][0]["metadatavalues"][0]["name"]["value"],
        "modeldeploymentname"
    );
    let u = import_bytes(&sample(&AZ_MONITOR), ImportOptions::default()).unwrap();
    assert_eq!(u.series().len(), 2, "split by deployment");
}

#[test]
fn cloudwatch_queries_ids_and_labels_are_the_sample_results() {
    let queries: Value = serde_json::from_str(CLOUDWATCH_QUERIES).unwrap();
    let out: Value = serde_json::from_slice(&sample(&CLOUDWATCH)).unwrap();
    let q = queries.as_array().unwrap();
    let r = out["MetricDataResults"].as_array().unwrap();
    assert_eq!(q.len(), r.len());
    for (q, r) in q.iter().zip(r) {
        assert_eq!(q["Id"], r["Id"]);
        assert_eq!(q["Label"], r["Label"]);
        assert_eq!(q["MetricStat"]["Period"], 60);
        assert_eq!(q["MetricStat"]["Stat"], "Sum");
        assert_eq!(q["MetricStat"]["Metric"]["Namespace"], "AWS/Bedrock");
    }
    assert!(CLOUDWATCH.command.contains("file://queries.json"));
    assert_eq!(CLOUDWATCH.attachment.unwrap().0, "queries.json");
    assert!(CLOUDWATCH.notes.contains("15 days"));
}

#[test]
fn openai_call_buckets_and_grouping_are_the_sample_shape() {
    let out: Value = serde_json::from_slice(&sample(&OPENAI_API)).unwrap();
    let b = &out["data"][0];
    assert!(OPENAI_API.command.contains("bucket_width=1m"));
    assert_eq!(
        b["end_time"].as_i64().unwrap() - b["start_time"].as_i64().unwrap(),
        60
    );
    assert!(OPENAI_API.command.contains("group_by=model"));
    assert!(b["results"][0]["model"].is_string());
    let u = import_bytes(&sample(&OPENAI_API), ImportOptions::default()).unwrap();
    let d = describe(&u, &Selection::All).unwrap();
    assert_eq!(d.series.len(), 2);
    assert_eq!(d.minutes, 60);
}

#[test]
fn describe_lists_what_was_read() {
    let u = import_bytes(&sample(&CLOUDWATCH), ImportOptions::default()).unwrap();
    let d = describe(&u, &Selection::All).unwrap();
    let text = d.to_string();
    for needle in [
        "AWS CloudWatch get-metric-data JSON",
        "2025-08-18T09:00Z to 2025-08-18T10:00Z (60 minutes",
        "3 minutes with no traffic",
        "P99 ",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
    assert!(d.peak_tokens_per_minute >= d.percentiles[3].1);
    assert!(d.percentiles[3].1 >= d.percentiles[0].1);
    let sum: f64 = d.tokens.iter().sum();
    assert!((sum / 60.0 - d.mean_tokens_per_minute).abs() < 1e-6);
}

#[test]
fn crate_readme_shows_every_recipe_verbatim() {
    let readme =
        std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    for e in EXPORTS {
        assert!(
            readme.contains(e.command),
            "README lacks the {} command",
            e.source
        );
    }
    assert!(readme.contains(CLOUDWATCH_QUERIES));
    for aliases in [
        ptcalc_usage::csv_formats::TIME_ALIASES,
        ptcalc_usage::csv_formats::INPUT_ALIASES,
        ptcalc_usage::csv_formats::OUTPUT_ALIASES,
        ptcalc_usage::csv_formats::CACHED_ALIASES,
        ptcalc_usage::csv_formats::CACHE_WRITE_ALIASES,
        ptcalc_usage::csv_formats::SERIES_ALIASES,
    ] {
        for a in aliases {
            assert!(
                readme.contains(&format!("`{a}`")),
                "README lacks the alias {a}"
            );
        }
    }
    for f in ptcalc_usage::Format::ALL {
        assert!(
            readme.contains(&format!("`{}`", f.id())),
            "README lacks {}",
            f.id()
        );
    }
}
