//! `ptcalc ratecards --compare FILE`: the second opinion of a copy of LiteLLM's price list,
//! per offering and figure (ours, theirs, agree/explained/differs), and one-line errors.
use std::process::{Command, Output};

use serde_json::Value;

/// The snapshot the ratecards crate's second-opinion test reads, and its day.
const SNAPSHOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../ptcalc-ratecards/tests/data/litellm/model_prices_and_context_window.json"
);
const SNAPSHOT_DAY: &str = "2026-12-06";

/// `ptcalc --today SNAPSHOT_DAY ARGS` with the clock off (`PTCALC_NO_CLOCK`).
fn ptcalc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ptcalc"))
        .env("PTCALC_NO_CLOCK", "1")
        .args(["--today", SNAPSHOT_DAY])
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("ptcalc-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("a temporary file");
    path.to_string_lossy().into_owned()
}

#[test]
fn the_snapshot_has_no_difference_the_cards_do_not_explain() {
    let text = stdout(&ptcalc(&["ratecards", "--compare", SNAPSHOT]));
    let first = text.lines().next().unwrap_or_default();
    assert!(first.contains(" 0 differs"), "{first}");
    assert!(first.contains("values in force on 2026-12-06"), "{first}");
    // The promotion the list still shows, with the card's source.
    assert!(
        text.contains("ours $5           theirs $4           explained: the list holds an earlier value of the card: $4 from 2026-09-01 until 2026-11-30 [azure-gpt-5.6-sol-promo]"),
        "{text}"
    );
    assert!(text.contains("Not in the list:\n  - azure/deepseek-r1-0528 (tried azure/deepseek-r1-0528, azure_ai/deepseek-r1-0528, deepseek-r1-0528)"), "{text}");
}

#[test]
fn json_rows_carry_ours_theirs_and_the_agreement() {
    let out = ptcalc(&["ratecards", "--compare", SNAPSHOT, "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(v["date"], SNAPSHOT_DAY);
    let rows = v["rows"].as_array().expect("rows");
    let haiku = rows
        .iter()
        .find(|r| r["offering"] == "vertex/claude-3.5-haiku" && r["figure"] == "output")
        .expect("the Claude 3.5 Haiku output row");
    assert_eq!(
        (haiku["ours"].as_f64(), haiku["theirs"].as_f64()),
        (Some(4.0), Some(5.0))
    );
    assert_eq!(haiku["agreement"], "explained");
    assert_eq!(haiku["source"], "anthropic-haiku-3.5-price-dify-3177");
    let gpt6 = rows
        .iter()
        .find(|r| r["offering"] == "azure/gpt-6-sol" && r["figure"] == "retired")
        .expect("the gpt-6-sol retirement row");
    assert_eq!(
        (gpt6["ours"].is_null(), gpt6["theirs"].as_str()),
        (true, Some("2028-03-11"))
    );
    assert_eq!(gpt6["agreement"], "ours_missing");
    assert!(v["unlisted"].as_array().is_some_and(|u| !u.is_empty()));
}

#[test]
fn a_newer_list_with_a_changed_price_prints_the_difference() {
    let path = temp_file(
        "newer.json",
        r#"{"azure/gpt-4.1": {"input_cost_per_token": 2e-6, "cache_read_input_token_cost": 5e-7, "output_cost_per_token": 9e-6, "deprecation_date": "2027-04-14"}}"#,
    );
    let text = stdout(&ptcalc(&["ratecards", "--compare", &path]));
    assert!(text.contains("3 agree, 0 explained, 1 differs"), "{text}");
    assert!(
        text.contains("azure/gpt-4.1  (LiteLLM azure/gpt-4.1)\n    input         ours $2           theirs $2           agree\n    cached_input  ours $0.5         theirs $0.5         agree\n    output        ours $8           theirs $9           differs\n"),
        "{text}"
    );
}

#[test]
fn an_unreadable_or_invalid_list_is_refused_in_one_line_with_status_2() {
    let bad = temp_file(
        "bad.json",
        "{\n  \"gpt-4.1\": {\"input_cost_per_token\": 2e-6,}\n}\n",
    );
    let cases = [
        (bad.as_str(), ": line 2 column 44: trailing comma"),
        (
            "/no/such/list.json",
            "/no/such/list.json: cannot read the file",
        ),
    ];
    for (path, expected) in cases {
        let out = ptcalc(&["ratecards", "--compare", path]);
        assert_eq!(out.status.code(), Some(2), "{path}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{err}");
    }
    let list = temp_file("array.json", "[1, 2]");
    let err =
        String::from_utf8_lossy(&ptcalc(&["ratecards", "--compare", &list]).stderr).into_owned();
    assert!(
        err.starts_with("ptcalc: --compare ") && err.contains("not a price list"),
        "{err}"
    );
    let out = ptcalc(&["ratecards", "--compare", SNAPSHOT, "--check"]);
    assert_eq!(out.status.code(), Some(2));
}
