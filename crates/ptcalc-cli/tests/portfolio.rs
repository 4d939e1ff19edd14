//! `ptcalc portfolio` as a user runs it: three workloads on one model (business-hours
//! chat, a bursty batch, a flat agent) share one pool and cost less together; the JSON
//! carries the documented fields; bad input is one line and exit status 2.
use std::process::{Command, Output};

use serde_json::Value;

const TODAY: &str = "2026-11-27";

/// The README's example: three workloads on azure/gpt-4.1, global, one token mix.
pub const THREE: [&str; 3] = [
    "v=1&name=chat&in=100k&out=10k&cache=0.3&shape=business&pa=3",
    "v=1&name=nightly batch&in=60k&out=6k&cache=0.3&shape=night&pa=2.5",
    "v=1&name=agent&in=50k&out=5k&cache=0.3&shape=flat",
];

fn ptcalc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ptcalc"))
        .arg("--today")
        .arg(TODAY)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn portfolio(links: &[&str], format: &str) -> Output {
    let mut args = vec!["portfolio"];
    args.extend_from_slice(links);
    args.extend_from_slice(&["--format", format]);
    ptcalc(&args)
}

fn json(links: &[&str]) -> Value {
    let out = portfolio(links, "json");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

#[test]
fn three_workloads_on_one_model_share_a_pool_and_cost_less_together() {
    let v = json(&THREE);
    let pools = v["pools"].as_array().expect("pools");
    assert_eq!(pools.len(), 1);
    let pool = &pools[0];
    assert_eq!(pool["offering"], "azure/gpt-4.1");
    assert_eq!(pool["deployment"], "global");
    assert_eq!(
        pool["workloads"],
        serde_json::json!(["chat", "nightly batch", "agent"])
    );
    let (pooled, alone) = (f(&pool["monthly_usd"]), f(&pool["alone_monthly_usd"]));
    assert!(
        pooled < alone * 0.98,
        "pooled {pooled} vs alone {alone}: expected a gain of 2% or more"
    );
    // The night batch's peak and the chat's never meet: the pool's busiest minute is below
    // the sum of theirs. (It reserves more units than the others alone, 35 against 30: the
    // batch, per token alone, rides on them at night.)
    assert!(f(&pool["peak_tpm"]) < f(&pool["alone_peak_tpm"]));
    assert_eq!(f(&v["total"]["monthly_usd"]), pooled);
    assert_eq!(f(&v["total"]["alone_monthly_usd"]), alone);

    let workloads = v["workloads"].as_array().expect("workloads");
    assert_eq!(workloads.len(), 3);
    for rule in ["by_use", "proportional", "shapley"] {
        let mut sum: f64 = workloads
            .iter()
            .map(|w| f(&w["chargeback"][rule]["monthly_usd"]))
            .sum();
        if rule == "by_use" {
            sum += f(&pool["idle_usd"]);
        }
        assert!(
            (sum - pooled).abs() < 1e-6 * pooled,
            "{rule}: {sum} vs {pooled}"
        );
    }
    for w in workloads {
        assert_eq!(w["offering"], "azure/gpt-4.1");
        assert!(f(&w["alone"]["units"]) >= 0.0);
        assert!(f(&w["alone"]["monthly_usd"]) > 0.0);
        assert!(w["chargeback"]["shapley"]["pays_more_than_alone"].is_boolean());
    }
    assert_eq!(v["rules"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["as_of"]["date"], TODAY);
}

#[test]
fn a_portfolio_of_one_is_the_eval_of_its_link() {
    let link = THREE[0];
    let p = json(&[link]);
    let out = ptcalc(&["eval", link, "--format", "json"]);
    let eval: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(p["pools"][0]["monthly_usd"], eval["best"]["monthly_usd"]);
    assert_eq!(p["pools"][0]["units"], eval["best"]["units"]);
    assert_eq!(
        p["workloads"][0]["alone"]["monthly_usd"],
        eval["best"]["monthly_usd"]
    );
}

#[test]
fn different_models_are_separate_pools() {
    let v = json(&[
        THREE[0],
        "v=1&name=flash&o=vertex/gemini-2.5-flash&in=1M&out=100k",
    ]);
    assert_eq!(v["pools"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["workloads"][1]["pool"], 1);
    assert_eq!(
        f(&v["pools"][1]["monthly_usd"]),
        f(&v["pools"][1]["alone_monthly_usd"])
    );
}

#[test]
fn text_md_and_csv_show_the_pool_and_the_chargeback_table() {
    for format in ["text", "md"] {
        let out = portfolio(&THREE, format);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("3 workloads in 1 pool"), "{text}");
        assert!(text.contains("nightly batch"), "{text}");
        assert!(text.contains("Shapley"), "{text}");
    }
    let out = portfolio(&THREE, "csv");
    let csv = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 3 + 1 + 1, "{csv}");
    let columns = lines[0].split(',').count();
    assert!(
        lines.iter().all(|l| l.split(',').count() == columns),
        "{csv}"
    );
    assert!(lines[0].contains("shapley_usd_per_month"));
}

#[test]
fn bad_input_is_one_line_naming_the_problem_with_exit_status_2() {
    let cases: [(&[&str], &str); 2] = [
        (
            &["portfolio"],
            "portfolio needs LINK... (one page link or query per workload",
        ),
        (
            &["portfolio", "v=1&name=a", "v=1&name=a"],
            "two workloads are named \"a\"",
        ),
    ];
    for (args, needle) in cases {
        let out = ptcalc(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[test]
fn link_problems_are_warnings_naming_the_workload_as_eval_makes_them() {
    let v = json(&["v=1&name=x&shape=business&pa=9", "v=1&o=nope/model"]);
    let warnings = v["warnings"].as_array().expect("warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w["workload"] == "x" && w["key"] == "pa"),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w["workload"] == "workload 2" && w["key"] == "o"),
        "{warnings:?}"
    );
}

/// The three workloads as one portfolio link: the first workload's keys, then `w=` parts.
const THREE_AS_ONE_LINK: &str = "v=1&name=chat&in=100k&out=10k&cache=0.3&shape=business&pa=3&w=name=nightly%20batch%26in=60k%26out=6k%26cache=0.3%26shape=night%26pa=2.5&w=name=agent%26in=50k%26out=5k%26cache=0.3%26shape=flat";

#[test]
fn one_portfolio_link_prices_as_its_workloads_given_one_by_one() {
    assert_eq!(json(&[THREE_AS_ONE_LINK]), json(&THREE));
}

#[test]
fn a_bad_key_in_a_portfolio_links_part_names_the_workload_and_key() {
    let link = THREE_AS_ONE_LINK.replace("%26pa=2.5", "%26pa=2.5%26cache=lots");
    let doc = json(&[&link]);
    let warnings = doc["warnings"].as_array().expect("warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w["workload"] == "nightly batch" && w["key"] == "cache"),
        "{warnings:?}"
    );
}

const MULTI_SERIES: &str = "../../tests/data/usage/azure-log-analytics.csv";

fn usage_json(extra: &[&str]) -> Value {
    let mut args = vec![
        "portfolio",
        "v=1",
        "--usage",
        MULTI_SERIES,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_ptcalc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--today")
        .arg(TODAY)
        .args(&args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn every_series_of_a_usage_file_is_a_workload_summed_minute_by_minute() {
    let v = usage_json(&["--series", "all"]);
    let names: Vec<&str> = v["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .map(|w| w["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, ["gpt-4o-prod", "gpt-4o-mini-batch"]);
    let pool = &v["pools"][0];
    assert_eq!(v["pools"].as_array().map(Vec::len), Some(1));
    // The two deployments' busiest minutes do not coincide in the file: summed minute by
    // minute, the pool's busiest minute is below the sum of theirs (an average week or a
    // sum of peaks would not show it), and pooling costs no more than apart.
    assert!(f(&pool["peak_tpm"]) < f(&pool["alone_peak_tpm"]), "{pool}");
    assert!(f(&pool["monthly_usd"]) <= f(&pool["alone_monthly_usd"]) + 1e-9);
    // Each workload's link carries its own series' summary and volume.
    for w in v["workloads"].as_array().expect("workloads") {
        let link = w["scenario"].as_str().expect("a link");
        assert!(
            link.contains("load=")
                && link.contains(&format!("name={}", w["name"].as_str().unwrap())),
            "{link}"
        );
    }
    // Leaving --series out takes them all.
    assert_eq!(usage_json(&[]), v);
}

#[test]
fn the_printed_link_reopens_the_files_pool_within_the_summarys_precision() {
    let v = usage_json(&["--series", "all"]);
    let link = v["link"].as_str().expect("a portfolio link");
    // One workload per series, one group, the summed series' summary on the first.
    assert!(link.contains("&w=name=gpt-4o-mini-batch"), "{link}");
    assert_eq!(link.matches("grp=").count(), 2, "{link}");
    assert_eq!(link.matches("gload=").count(), 1, "{link}");
    let reopened = json(&[link]);
    let (file, again) = (&v["pools"][0], &reopened["pools"][0]);
    assert_eq!(reopened["pools"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        again["joint_groups"].as_array().map(Vec::len),
        Some(1),
        "{again}"
    );
    assert!(again.get("aligned_by_week").is_none(), "{again}");
    // Measured when written: 25 units, $7,722.18 from the file; 25, $7,723.61 from the link.
    assert_eq!(again["units"], file["units"]);
    let (a, b) = (f(&again["monthly_usd"]), f(&file["monthly_usd"]));
    assert!((a / b - 1.0).abs() <= 0.01, "link {a} vs file {b}");
    let notes = reopened["notes"].as_array().expect("notes");
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("joint summary"))),
        "{notes:?}"
    );
    // One series has no group: its link is its own.
    let one = usage_json(&["--series", "gpt-4o-prod"]);
    let link = one["link"].as_str().expect("a link");
    assert!(!link.contains("grp="), "{link}");
}

#[test]
fn series_named_on_the_command_line_are_the_workloads_in_that_order() {
    let v = usage_json(&["--series", "gpt-4o-mini-batch,gpt-4o-prod"]);
    assert_eq!(
        v["pools"][0]["workloads"],
        serde_json::json!(["gpt-4o-mini-batch", "gpt-4o-prod"])
    );
    // One series is a pool of one: its answer alone, no gain.
    let one = usage_json(&["--series", "gpt-4o-prod"]);
    let pool = &one["pools"][0];
    assert_eq!(f(&pool["monthly_usd"]), f(&pool["alone_monthly_usd"]));
    assert_eq!(
        f(&pool["monthly_usd"]),
        f(&one["workloads"][0]["alone"]["monthly_usd"])
    );
}

#[test]
fn bad_usage_portfolios_are_one_line_with_exit_status_2() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["portfolio", "v=1", "v=1&name=b", "--usage", MULTI_SERIES],
            "with --usage give one link",
        ),
        (
            &[
                "portfolio",
                "v=1",
                "--usage",
                MULTI_SERIES,
                "--series",
                "nope",
            ],
            "gpt-4o-prod",
        ),
        (
            &[
                "portfolio",
                "v=1",
                "--usage",
                MULTI_SERIES,
                "--series",
                "gpt-4o-prod,gpt-4o-prod",
            ],
            "--series names \"gpt-4o-prod\" twice",
        ),
        (&["portfolio", "v=1", "--series", "all"], "--usage"),
    ];
    for (args, needle) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_ptcalc"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("--today")
            .arg(TODAY)
            .args(args)
            .output()
            .expect("the binary runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[test]
fn a_summary_link_is_pooled_by_its_average_week_and_the_notes_say_how_far_off() {
    let out = Command::new(env!("CARGO_BIN_EXE_ptcalc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--today", TODAY, "portfolio", "--format", "json"])
        .arg("v=1&name=a&load=BGjB8iBBBbBnDBRB4KBLBLBFBNBPBEBEBHBCBSBEBFBBBKBEBFBCBBBFBHBDBNBBBEBDGFJWGUGfDkBwBgWemEAJB-")
        .arg("v=1&name=b&shape=business&pa=2")
        .output()
        .expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let pool = &json["pools"][0];
    assert_eq!(pool["aligned_by_week"], serde_json::json!(["a"]));
    let (pooled, worst) = (
        pool["monthly_usd"].as_f64().unwrap(),
        pool["coincident_monthly_usd"].as_f64().unwrap(),
    );
    assert!(pooled <= worst, "{pool}");
    let notes = json["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("\"a\" was imported separately (load=)")),
        "{notes:?}"
    );
}
