//! The `ptcalc` binary as a user runs it: JSON fields, golden figures from the bundled
//! rate cards, and one-line errors with exit status 2.
use std::process::{Command, Output};

use serde_json::Value;

fn ptcalc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ptcalc"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let out = ptcalc(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn num(v: &Value, path: &[&str]) -> f64 {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_f64()
        .unwrap_or_else(|| panic!("{path:?} is not a number: {cur}"))
}

#[test]
fn eval_json_has_every_documented_field() {
    let v = json(&["eval", "--format", "json"]);
    assert_eq!(v["scenario"], "v=1");
    for key in ["id", "unit", "deployment", "term"] {
        assert!(v["offering"][key].is_string(), "offering.{key}");
    }
    for key in [
        "mean_normalized_tpm",
        "peak_normalized_tpm",
        "sizing_normalized_tpm",
    ] {
        assert!(num(&v, &["load", key]) > 0.0, "load.{key}");
    }
    assert!(v["units"]["raw"].is_number() && v["units"]["required"].is_u64());
    for key in ["on_demand", "full_provisioned", "hybrid"] {
        assert!(num(&v, &["monthly", key]) > 0.0, "monthly.{key}");
    }
    assert!(v["break_even_utilization"].is_number());
    for key in ["units", "utilization", "overflow_share"] {
        assert!(v["hybrid"][key].is_number(), "hybrid.{key}");
    }
    assert!(v["warnings"].is_array());
    assert!(v["verdict"].as_str().unwrap_or("").len() > 10);
}

#[test]
fn golden_gpt4o_sizes_by_the_normalized_formula() {
    // (250,000 + 4 × 50,000) / 2,500 = 180 PTU, from the bundled gpt-4o card.
    let v = json(&[
        "eval",
        "v=1&o=azure/gpt-4o&in=250k&out=50k&cache=0&shape=flat",
        "--format",
        "json",
    ]);
    assert_eq!(v["units"]["required"], 180);
    assert_eq!(num(&v, &["units", "raw"]), 180.0);
    assert_eq!(num(&v, &["load", "peak_normalized_tpm"]), 450_000.0);
}

#[test]
fn golden_gpt41_hourly_unit_price_from_the_rate_card() {
    // $1.00 per global PTU-hour × 730 h.
    let v = json(&[
        "eval",
        "https://example.org/ptcalc/?v=1&t=hourly&shape=flat",
        "--format",
        "json",
    ]);
    let hourly = v["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .find(|t| t["term"] == "hourly")
        .expect("hourly row")
        .clone();
    assert_eq!(num(&hourly, &["usd_per_unit_month"]), 730.0);
}

#[test]
fn bad_link_values_become_warnings_not_failures() {
    let v = json(&[
        "eval",
        "v=1&in=abc&pa=-3&zzz=1&o=nope/model",
        "--format",
        "json",
    ]);
    let text = v["warnings"].to_string();
    for key in ["\"in\"", "\"pa\"", "\"zzz\"", "\"o\""] {
        assert!(text.contains(key), "warning for {key} in {text}");
    }
    assert_eq!(v["offering"]["id"], "azure/gpt-4.1");
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    for args in [
        &["eval", "--format", "xml"][..],
        &["frobnicate"][..],
        &["ratecards", "--bogus"][..],
    ] {
        let out = ptcalc(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("ptcalc: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn markdown_and_text_carry_the_verdict() {
    for format in ["text", "md"] {
        let out = ptcalc(&["eval", "--format", format]);
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(
            s.contains("Reserve ") || s.contains("Stay on-demand"),
            "{s}"
        );
        assert!(s.contains("Provisioning points"), "{s}");
    }
}

#[test]
fn ratecards_list_sources_and_check_warns_on_calibration() {
    let v = json(&["ratecards", "--format", "json"]);
    let list = v.as_array().expect("a list");
    let gpt41 = list
        .iter()
        .find(|o| o["id"] == "azure/gpt-4.1")
        .expect("gpt-4.1 listed");
    assert!(gpt41["capacity_source"]["source"]
        .as_str()
        .unwrap_or("")
        .contains("azure-ai-docs"));
    assert!(!gpt41["capacity_source"]["as_of"]
        .as_str()
        .unwrap_or("")
        .is_empty());
    let out = ptcalc(&["ratecards", "--check"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("azure/o1"), "{text}");
}

#[test]
fn chart_writes_an_svg_and_refuses_unknown_kinds() {
    let dir = std::env::temp_dir().join(format!("ptcalc-cli-chart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for kind in ["breakeven", "hybrid", "load", "traffic", "terms"] {
        let file = dir.join(format!("{kind}.svg"));
        let out = ptcalc(&[
            "chart",
            kind,
            "v=1&shape=business&pa=3",
            "--out",
            file.to_str().expect("utf-8 path"),
        ]);
        assert!(
            out.status.success(),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = std::fs::read_to_string(&file).expect("written");
        assert!(svg.starts_with("<svg") && svg.contains("viewBox"), "{kind}");
    }
    let out = ptcalc(&["chart", "pie", "--out", "x.svg"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("breakeven, hybrid, load, traffic or terms")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
