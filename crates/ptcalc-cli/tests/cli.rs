//! The `ptcalc` binary as a user runs it: JSON fields, golden figures from the bundled
//! rate cards, and one-line errors with exit status 2.
use std::process::{Command, Output};

use serde_json::Value;

/// The day every run here is priced at, unless a test passes its own `--today`: no test reads
/// the real clock (`PTCALC_NO_CLOCK` makes the binary refuse to).
const TODAY: &str = "2026-11-27";

fn ptcalc(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ptcalc"));
    if !args.contains(&"--today") {
        command.args(["--today", TODAY]);
    }
    clockless(command, args)
}

/// `ptcalc ARGS` exactly as given, with the system clock turned off.
fn clockless(mut command: Command, args: &[&str]) -> Output {
    command
        .env("PTCALC_NO_CLOCK", "1")
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
    let v = json(&["--today", "2026-11-27", "eval", "--format", "json"]);
    assert_eq!(v["scenario"], "v=1&rc=2026-12-06b");
    assert_eq!(v["as_of"]["date"], "2026-11-27");
    assert_eq!(v["as_of"]["edition"], "2026-12-06b");
    assert_eq!(v["changed_since"], serde_json::json!([]));
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

/// A file under the repository's `tests/data`.
fn data(name: &str) -> String {
    format!("{}/../../tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn terms_row(v: &Value, term: &str) -> Value {
    v["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .find(|t| t["term"] == term)
        .unwrap_or_else(|| panic!("no {term} row"))
        .clone()
}

#[test]
fn an_organization_card_replaces_a_bundled_offering_and_adds_its_own() {
    let card = data("org-ratecard.json");
    let bundled = json(&["eval", "v=1&t=1m", "--format", "json"]);
    let contoso = json(&["--ratecards", &card, "eval", "v=1&t=1m", "--format", "json"]);
    assert_eq!(
        num(&terms_row(&bundled, "1m"), &["usd_per_unit_month"]),
        260.0
    );
    // Contoso's EA price: 15% off the list reservation.
    assert_eq!(
        num(&terms_row(&contoso, "1m"), &["usd_per_unit_month"]),
        221.0
    );
    assert!(contoso["offering"]["name"]
        .as_str()
        .unwrap_or("")
        .contains("Contoso"));
    let private = json(&[
        "eval",
        "v=1&o=bedrock/claude-sonnet-4.5-contoso-mu&t=1m&in=60k&out=6k&cache=0&shape=flat",
        "--format",
        "json",
        "--ratecards",
        &card,
    ]);
    // (60,000 + 5 × 6,000) / 30,000 per model unit = 3 units.
    assert_eq!(private["units"]["required"], 3);
    let listed = json(&["--ratecards", &card, "ratecards", "--format", "json"]);
    assert!(listed
        .as_array()
        .expect("a list")
        .iter()
        .any(|o| o["id"] == "bedrock/claude-sonnet-4.5-contoso-mu"));
}

#[test]
fn a_bad_organization_card_is_refused_with_its_line_and_column() {
    let out = ptcalc(&["--ratecards", &data("org-ratecard-bad.json"), "eval"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("ptcalc: --ratecards "), "{err}");
    assert!(err.contains("org-ratecard-bad.json:20:"), "{err}");
    assert!(err.contains("outptu"), "{err}");
    let out = ptcalc(&["--ratecards", "/no/such/card.json", "ratecards"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/card.json: cannot read"));
    let out = ptcalc(&["--today", "2026-02-30", "eval"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn check_lists_the_figures_older_than_180_days() {
    let out = ptcalc(&["--today", "2026-11-27", "ratecards", "--check"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("figures older than 180 days on 2026-11-27"),
        "{text}"
    );
    assert!(text.contains("bedrock/claude-v2"), "{text}");
    let v = json(&[
        "--today",
        "2026-11-27",
        "ratecards",
        "--check",
        "--format",
        "json",
    ]);
    let stale = v["stale"].as_array().expect("stale list");
    assert!(!stale.is_empty());
    // A year later every figure of 2026 or earlier is stale: the list only grows.
    let later = json(&[
        "--today",
        "2027-11-27",
        "ratecards",
        "--check",
        "--format",
        "json",
    ]);
    assert!(later["stale"].as_array().expect("stale list").len() > stale.len());
}

#[test]
fn a_link_made_with_an_older_edition_keeps_its_figures_and_lists_what_changed() {
    let old = json(&[
        "eval",
        "v=1&o=openai/o3-scale&in=3M&out=400k&rc=2026-11-27",
        "--format",
        "json",
    ]);
    let now = json(&[
        "eval",
        "v=1&o=openai/o3-scale&in=3M&out=400k",
        "--format",
        "json",
    ]);
    assert_eq!(old["as_of"]["edition"], "2026-11-27");
    assert_ne!(old["units"]["required"], now["units"]["required"]);
    let changes = old["changed_since"].as_array().expect("changes");
    assert!(changes
        .iter()
        .any(|c| c["old"] == 5_000.0 && c["new"] == 25_000.0 && c["source"].is_string()));
    assert!(old["warnings"].to_string().contains("older_edition"));
    let unknown = json(&["eval", "v=1&rc=1999-01-01", "--format", "json"]);
    assert!(unknown["warnings"].to_string().contains("\"rc\""));
    let current = json(&["eval", "v=1", "--format", "json"]);
    assert_eq!(
        unknown["scenario"], current["scenario"],
        "the current edition is used"
    );
}

#[test]
fn a_promotion_ending_inside_the_horizon_is_priced_month_by_month() {
    let link = "v=1&o=azure/gpt-5.6-sol&t=hourly&in=200k&out=40k&h=6&at=2026-11-15";
    let v = json(&["eval", link, "--format", "json"]);
    let monthly = num(&v, &["monthly", "on_demand"]);
    let horizon = num(&v, &["horizon_on_demand"]);
    // One month at the promotional price, five at the regular (higher) one.
    assert!(horizon > 6.0 * monthly * 1.1, "{horizon} vs 6 × {monthly}");
    assert!(v["warnings"]
        .to_string()
        .contains("price_changes_in_horizon"));
    let after = json(&[
        "eval",
        "v=1&o=azure/gpt-5.6-sol&t=hourly&in=200k&out=40k&h=6&at=2026-12-15",
        "--format",
        "json",
    ]);
    let regular = num(&after, &["monthly", "on_demand"]);
    assert!((horizon - (monthly + 5.0 * regular)).abs() < 1e-6 * horizon);
    assert!(!after["warnings"]
        .to_string()
        .contains("price_changes_in_horizon"));
}

#[test]
fn csv_has_a_row_per_term_and_per_point_with_units_in_the_headers() {
    let v = json(&[
        "--today",
        "2026-11-27",
        "eval",
        "v=1&t=1m",
        "--format",
        "json",
    ]);
    let out = ptcalc(&[
        "--today",
        "2026-11-27",
        "eval",
        "v=1&t=1m",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    let csv = String::from_utf8_lossy(&out.stdout).to_string();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    for name in [
        "total_usd_per_month",
        "usd_per_unit_month",
        "utilization_share",
        "break_even_tokens_per_month",
    ] {
        assert!(header.contains(&name), "{name} in {header:?}");
    }
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let col = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let terms = v["terms"].as_array().expect("terms");
    let points = v["points"].as_array().expect("points");
    assert_eq!(rows.len(), terms.len() + points.len());
    // Each row carries the JSON's figure exactly.
    for (row, t) in rows.iter().zip(terms) {
        assert_eq!(row[col("row")], "term");
        assert_eq!(row[col("term")], t["term"].as_str().expect("term"));
        let total: f64 = row[col("total_usd_per_month")].parse().expect("a number");
        assert_eq!(total, num(t, &["hybrid", "total_usd"]));
    }
    for (row, p) in rows[terms.len()..].iter().zip(points) {
        assert_eq!(row[col("point")], p["label"].as_str().expect("label"));
        let units: u64 = row[col("units")].parse().expect("units");
        assert_eq!(Some(units), p["split"]["units"].as_u64());
        assert_eq!(row[col("term")], "1m");
    }
}

#[test]
fn markdown_has_verdict_figures_units_dated_sources_and_the_link() {
    let out = ptcalc(&[
        "--today",
        "2026-11-27",
        "eval",
        "v=1&d=datazone&t=1m",
        "--format",
        "md",
    ]);
    let md = String::from_utf8_lossy(&out.stdout).to_string();
    let v = json(&[
        "--today",
        "2026-11-27",
        "eval",
        "v=1&d=datazone&t=1m",
        "--format",
        "json",
    ]);
    // The verdict, then the range it holds over (the JSON's `answer_range`).
    assert!(
        md.contains(&format!(
            "**{} This answer holds from ",
            v["verdict"].as_str().expect("verdict")
        )),
        "{md}"
    );
    assert!(v["answer_range"].is_object(), "{}", v["answer_range"]);
    for section in [
        "## Monthly cost",
        "## Terms",
        "## Provisioning points",
        "## Units",
        "## Sources",
        "## Link",
    ] {
        assert!(md.contains(section), "{section}");
    }
    assert!(md.contains("US dollars per month"));
    assert!(md.contains("Prices as of 2026-11-27, rate-card edition 2026-12-06b."));
    // Every figure used, with its date: the Data Zone reservation price and its source.
    assert!(
        md.contains("1m unit price, $ per unit-month = 260 [assumption, 2026-08-29:"),
        "{md}"
    );
    assert!(
        md.contains("capacity, tokens per minute per unit = 3,000 [official, 2026-01-12:"),
        "{md}"
    );
    assert!(md.contains(&format!("`?{}`", v["scenario"].as_str().expect("link"))));
}

#[test]
fn charts_go_to_a_directory_under_their_names_as_svg_or_png() {
    let dir = std::env::temp_dir().join(format!("ptcalc-cli-png-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let d = dir.to_str().expect("utf-8").to_string();
    let out = ptcalc(&[
        "--today",
        "2026-11-27",
        "chart",
        "hybrid",
        "v=1",
        "--out",
        &d,
        "--format",
        "png",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(dir.join("ptcalc-azure-gpt-4.1-1y-2026-11-27-hybrid.png"))
        .expect("named png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height at 2× the 720×420 chart.
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    assert_eq!((be(16), be(20)), (1440, 840));
    let out = ptcalc(&[
        "--today",
        "2026-11-27",
        "chart",
        "terms",
        "v=1&o=vertex/gemini-2.5-flash&t=1w",
        "--out",
        &d,
    ]);
    assert!(out.status.success());
    let svg =
        std::fs::read_to_string(dir.join("ptcalc-vertex-gemini-2.5-flash-1w-2026-11-27-terms.svg"))
            .expect("named svg");
    assert!(svg.starts_with("<svg"));
    let out = ptcalc(&["chart", "load", "v=1", "--out", &d, "--scale", "9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("from 1 to 4"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_answer_range_is_where_the_answer_changes() {
    // A small bursty workload stays on-demand; well above the range's top it reserves.
    let at = |input: f64| {
        json(&[
            "--today",
            "2026-11-27",
            "eval",
            &format!("v=1&in={input}&out={}&shape=bursty&pa=4", input / 10.0),
            "--format",
            "json",
        ])
    };
    let here = at(50_000.0);
    assert!(
        here["verdict"]
            .as_str()
            .expect("verdict")
            .starts_with("Stay on-demand"),
        "{}",
        here["verdict"]
    );
    let high = here["answer_range"]["high"]
        .as_f64()
        .expect("a top inside ×10");
    assert!(high > 1.0, "{high}");
    let inside = at(50_000.0 * high * 0.95);
    assert!(inside["verdict"]
        .as_str()
        .expect("verdict")
        .starts_with("Stay on-demand"));
    let beyond = at(50_000.0 * high * 1.1);
    assert!(
        !beyond["verdict"]
            .as_str()
            .expect("verdict")
            .starts_with("Stay on-demand"),
        "{}",
        beyond["verdict"]
    );
    let text = ptcalc(&[
        "--today",
        "2026-11-27",
        "eval",
        "v=1&in=50k&out=5k&shape=bursty&pa=4",
    ]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("This answer holds from "), "{text}");
}

#[test]
fn with_the_clock_off_a_run_without_today_is_refused() {
    let out = clockless(Command::new(env!("CARGO_BIN_EXE_ptcalc")), &["eval", "v=1"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--today") && err.contains("PTCALC_NO_CLOCK"),
        "{err}"
    );
}

#[test]
fn compare_json_rows_carry_eval_best_and_the_flexibility_facts() {
    let v = json(&[
        "--today",
        "2026-11-27",
        "compare",
        "v=1&in=2M&out=200k",
        "--format",
        "json",
    ]);
    assert!(v["note"]
        .as_str()
        .unwrap_or("")
        .contains("not model quality"));
    let rows = v["rows"].as_array().expect("rows");
    assert!(rows.len() >= 4);
    assert_eq!(rows.iter().filter(|r| r["own"] == true).count(), 1);
    for row in rows {
        for key in ["offering", "scenario"] {
            assert!(row[key].is_string(), "{key}");
        }
        for key in ["monthly_usd", "usd_per_mtok", "on_demand_usd"] {
            assert!(row[key].is_number(), "{key}: {row}");
        }
        assert!(row["flexibility"].is_object());
        // `best` has eval's shape, and equals what `eval` of the row's own link reports.
        let link = row["scenario"].as_str().expect("link");
        let alone = json(&["--today", "2026-11-27", "eval", link, "--format", "json"]);
        assert_eq!(row["best"], alone["best"], "{link}");
        assert_eq!(row["answer_range"], alone["answer_range"], "{link}");
        assert_eq!(
            row["on_demand_usd"], alone["monthly"]["on_demand"],
            "{link}"
        );
    }
    let monthly: Vec<f64> = rows.iter().map(|r| num(r, &["monthly_usd"])).collect();
    assert!(monthly.windows(2).all(|w| w[0] <= w[1]), "{monthly:?}");
    let azure = rows
        .iter()
        .find(|r| r["offering"] == "azure/gpt-4.1" && r["own"] == true)
        .expect("own row");
    let f = &azure["flexibility"];
    assert_eq!(f["exchangeable"]["value"], false);
    assert_eq!(f["resizable"]["value"], "increase_only");
    assert_eq!(f["refund_cap_usd_per_12_months"], 50_000.0);
    assert!(f["refundable"]["source"]
        .as_str()
        .unwrap_or("")
        .starts_with("https://learn.microsoft.com/"));
    let scale = rows
        .iter()
        .find(|r| r["offering"] == "openai/gpt-4.1-scale")
        .expect("the same model at OpenAI");
    assert_eq!(scale["flexibility"]["cancellable"], Value::Null);
}

#[test]
fn compare_states_the_note_in_every_format() {
    for format in ["text", "md", "csv", "json"] {
        let out = ptcalc(&["--today", "2026-11-27", "compare", "--format", format]);
        assert!(out.status.success(), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("price and commitment, not model quality"),
            "{format}"
        );
    }
}

#[test]
fn compare_refuses_bad_lists_in_one_line_with_status_2() {
    for (args, expected) in [
        (
            vec!["compare", "--offerings", "azure/gpt-9"],
            "--offerings: no rate card has the offering \"azure/gpt-9\"",
        ),
        (
            vec!["compare", "--offerings", " , "],
            "--offerings: the list of offerings is empty",
        ),
        (
            vec!["compare", "--offerings", "azure/gpt-4.1~moon"],
            "global, datazone or regional",
        ),
        (
            vec!["compare", "v=1&cmp=vertex/gemini-2.5-flash~regional"],
            "cmp=: vertex/gemini-2.5-flash is not offered as regional (allowed: global)",
        ),
        (
            vec!["compare", "--all", "--offerings", "vertex"],
            "cannot be used with",
        ),
    ] {
        let mut argv = vec!["--today", "2026-11-27"];
        argv.extend(args.iter());
        let out = ptcalc(&argv);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("ptcalc: "), "{err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn compare_all_lists_every_offering_and_marks_missing_figures() {
    let v = json(&[
        "--today",
        "2026-11-27",
        "compare",
        "--all",
        "--format",
        "json",
    ]);
    let rows = v["rows"].as_array().expect("rows");
    assert!(rows.len() >= 100, "{}", rows.len());
    let bedrock = rows
        .iter()
        .find(|r| r["offering"] == "bedrock/claude-v2")
        .expect("listed");
    assert_eq!(bedrock["monthly_usd"], Value::Null);
    assert!(bedrock["missing"]
        .as_array()
        .is_some_and(|m| m.contains(&Value::from("capacity"))));
    assert_eq!(
        bedrock["flexibility"]["throughput_per_unit_published"]["value"],
        false
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    // `ptcalc ratecards --check | head -1`: the reader closes the pipe before the output is
    // written; the write fails with EPIPE, which must end the run without a panic.
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ptcalc"))
        .env("PTCALC_NO_CLOCK", "1")
        .args(["--today", TODAY, "ratecards", "--check"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the binary ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.is_empty(),
        "nothing said about the closed pipe: {stderr}"
    );
    assert_ne!(out.status.code(), Some(101), "a panic's exit status");
}
