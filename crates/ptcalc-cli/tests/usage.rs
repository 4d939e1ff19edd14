//! `ptcalc usage FILE` and `ptcalc eval --usage FILE` on the sample exports under
//! `tests/data/usage`: what was read, and a summary link that reproduces the full data's
//! figures within 1 %.
use std::process::{Command, Output};

use ptcalc_core::report::evaluate_full_data;
use ptcalc_usage::{import_bytes, ImportOptions, Selection};
use serde_json::Value;

const SAMPLES: [(&str, &str); 7] = [
    ("wide.csv", "wide-csv"),
    ("request-log.csv", "request-log"),
    ("azure-metrics.json", "azure-metrics-json"),
    ("azure-log-analytics.csv", "azure-log-analytics-csv"),
    ("cloudwatch.json", "cloudwatch-json"),
    ("openai-usage.json", "openai-usage-json"),
    ("openai-dashboard.csv", "openai-dashboard-csv"),
];

fn sample(name: &str) -> String {
    format!(
        "{}/../../tests/data/usage/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn ptcalc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ptcalc"))
        .env("PTCALC_NO_CLOCK", "1")
        .args(["--today", "2026-11-27"])
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let out = ptcalc(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= 0.01 * b.abs(), "{what}: {a} vs {b}");
}

#[test]
fn usage_says_what_each_sample_holds() {
    for (name, format) in SAMPLES {
        let v = json(&["usage", &sample(name), "--format", "json"]);
        assert_eq!(v["format"], format, "{name}");
        let minutes = v["minutes"].as_u64().expect("minutes");
        assert!(minutes >= 29, "{name}: {minutes}");
        let mean = v["mean_tokens_per_minute"].as_f64().expect("mean");
        let peak = v["peak_tokens_per_minute"].as_f64().expect("peak");
        assert!(peak >= mean && mean > 0.0, "{name}");
        let p: Vec<f64> = v["percentiles"]
            .as_array()
            .expect("percentiles")
            .iter()
            .map(|p| p["tokens_per_minute"].as_f64().unwrap_or(-1.0))
            .collect();
        assert!(p.windows(2).all(|w| w[0] <= w[1]), "{name}: {p:?}");
        assert_eq!(p.last().copied(), Some(peak), "{name}: P100 is the peak");
        let text = String::from_utf8_lossy(&ptcalc(&["usage", &sample(name)]).stdout).to_string();
        for line in [
            "format:",
            "period:",
            "gaps:",
            "per minute: mean",
            "percentiles: P50",
        ] {
            assert!(text.contains(line), "{name}: {line} in {text}");
        }
    }
    let cloudwatch = json(&["usage", &sample("cloudwatch.json"), "--format", "json"]);
    assert_eq!(cloudwatch["missing_minutes"], 3);
    assert_eq!(cloudwatch["gaps_are_zero_traffic"], true);
}

#[test]
fn the_summary_link_reproduces_the_full_data_within_one_percent() {
    for (name, _) in SAMPLES {
        for link in [
            "v=1&t=1m",
            "v=1&o=vertex/gemini-2.5-flash&t=1w",
            "v=1&o=openai/o3-scale",
        ] {
            let v = json(&["eval", link, "--usage", &sample(name), "--format", "json"]);
            let scenario = v["scenario"].as_str().expect("the summary link");
            assert!(scenario.contains("&load="), "{scenario}");
            assert!(
                scenario.len() <= 2_000,
                "{name}: {} characters",
                scenario.len()
            );
            assert!(
                v["load"]["measured"]["period_minutes"]
                    .as_u64()
                    .unwrap_or(0)
                    >= 29
            );
            // The printed link, opened on its own, gives the printed report.
            let reopened = json(&["eval", scenario, "--format", "json"]);
            assert_eq!(reopened["monthly"], v["monthly"], "{name} {link}");
            assert_eq!(reopened["points"], v["points"], "{name} {link}");

            // The full data, evaluated here with the same offering and volume.
            let bytes = std::fs::read(sample(name)).expect("sample");
            let usage = import_bytes(&bytes, ImportOptions::default()).expect("imports");
            let data = usage.select(&Selection::All).expect("all");
            let opened = ptcalc_ratecards::catalog()
                .open_link_on(scenario, "2026-11-27".parse().expect("date"));
            let mut s = opened.scenario.clone();
            s.load = None;
            let offering =
                ptcalc_ratecards::offering_for_as_of(&s, opened.as_of).expect("offering");
            let load = match offering.pools.as_slice() {
                [pool] => data.weighted([
                    pool.weights.input,
                    pool.weights.cached_input,
                    pool.weights.cache_write,
                    pool.weights.output,
                ]),
                _ => data.total(),
            };
            let full = evaluate_full_data(&s, &offering, &load).expect("evaluates");
            let what = format!("{name} {link}");
            let m = &full.report.monthly;
            for (key, value) in [
                ("hybrid", m.hybrid),
                ("full_provisioned", m.full_provisioned),
            ] {
                if let (Some(f), Some(got)) = (value, v["monthly"][key].as_f64()) {
                    close(got, f, &format!("{what} {key}"));
                }
            }
            for (p, point) in full
                .report
                .points
                .iter()
                .zip(v["points"].as_array().expect("points"))
            {
                close(
                    point["split"]["total_usd"].as_f64().expect("total"),
                    p.split.total_usd,
                    &format!("{what} {}", p.label),
                );
            }
            let error = v["imported"]["summary_error"].as_f64();
            assert!(error.is_none_or(|e| e <= 0.01), "{what}: {error:?}");
        }
    }
}

#[test]
fn text_and_markdown_say_where_the_load_comes_from() {
    let out = ptcalc(&["eval", "v=1", "--usage", &sample("openai-dashboard.csv")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("7 days of measured per-minute load"),
        "{text}"
    );
    assert!(text.contains("the data is daily"), "{text}");
    assert!(text.contains("scenario: ?v=1&"), "{text}");
    let out = ptcalc(&[
        "eval",
        "v=1",
        "--usage",
        &sample("wide.csv"),
        "--format",
        "md",
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("load="));
}

#[test]
fn a_bad_summary_in_a_link_is_a_warning_naming_load() {
    let good = json(&["eval", "v=1", "--format", "json"]);
    let v = json(&["eval", "v=1&load=BGjB4g", "--format", "json"]);
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("\"load\""), "{warnings}");
    assert!(
        warnings.contains("diurnal shape is used instead"),
        "{warnings}"
    );
    assert_eq!(v["monthly"], good["monthly"]);
    let v = json(&["eval", "v=1&load=not*base64", "--format", "json"]);
    assert!(v["warnings"].to_string().contains("outside A–Z"));
}

#[test]
fn a_bad_usage_file_is_refused_in_one_line_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("ptcalc-usage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "time,input,output\n2025-08-18 09:00,10,1\nyesterday,5,1\n",
    )
    .expect("write");
    let bad = bad.to_str().expect("utf-8").to_string();
    for args in [
        vec!["usage", bad.as_str()],
        vec!["eval", "--usage", bad.as_str()],
        vec!["usage", "/no/such/usage.csv"],
    ] {
        let out = ptcalc(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("ptcalc: "), "{err}");
        assert!(err.contains(args[args.len() - 1]), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = ptcalc(&["usage", &bad]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 3"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = ptcalc(&["eval", "--series", "gpt-4o"]);
    assert_eq!(out.status.code(), Some(2), "--series needs --usage");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `-` reads the export from standard input (a pipe from a generator or `zcat`), with the
/// same result as the file.
#[test]
fn a_dash_reads_the_export_from_standard_input() {
    use std::io::Write;
    use std::process::Stdio;
    for name in ["request-log.csv", "cloudwatch.json"] {
        let bytes = std::fs::read(sample(name)).expect("sample");
        let mut child = Command::new(env!("CARGO_BIN_EXE_ptcalc"))
            .env("PTCALC_NO_CLOCK", "1")
            .args(["--today", "2026-11-27", "usage", "-", "--format", "json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let mut stdin = child.stdin.take().expect("stdin");
        // Written from another thread so a full pipe cannot deadlock against stdout.
        let writer = std::thread::spawn(move || stdin.write_all(&bytes));
        let out = child.wait_with_output().expect("the binary ends");
        writer.join().expect("writer").expect("written");
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let piped: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        assert_eq!(
            piped,
            json(&["usage", &sample(name), "--format", "json"]),
            "{name}"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_ptcalc"))
        .env("PTCALC_NO_CLOCK", "1")
        .args(["--today", "2026-11-27", "usage", "-"])
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("empty"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
