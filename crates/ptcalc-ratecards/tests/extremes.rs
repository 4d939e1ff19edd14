//! Valid but extreme scenarios and long inputs (issue 11, "Extremes"): each gives finite,
//! explained figures or a clear message, never a panic, a NaN or an infinity. "Finite" is
//! checked on every number of the report, walked through its `Serialize` form
//! (`support/finite.rs`, shared with the fuzz targets in crates/ptcalc-fuzz).
use std::time::Instant;

use ptcalc_core::link::{format, parse};
use ptcalc_core::report::{BestOption, Report, WarningCode};
use ptcalc_core::scenario::ShapeKind;
use ptcalc_core::Term;
use ptcalc_ratecards::{catalog, evaluate, open_link};

#[path = "support/finite.rs"]
mod finite;

/// The report of a link the rate cards can serve, after checking that the link was read
/// without a warning (it is valid) and that every figure is finite.
fn report(link: &str) -> Report {
    let opened = open_link(link);
    assert!(
        opened.warnings.is_empty(),
        "{link} is meant to be valid: {:?}",
        opened.warnings
    );
    let analysis = evaluate(&opened.scenario).unwrap_or_else(|e| panic!("{link}: {e}"));
    let bad = finite::non_finite(&analysis.report);
    assert!(bad.is_empty(), "{link}: non-finite figures {bad:?}");
    assert!(analysis.multipliers.iter().all(|m| m.is_finite()), "{link}");
    analysis.report
}

fn has_warning(r: &Report, code: WarningCode) -> bool {
    r.warnings.iter().any(|w| w.code == code)
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.warnings.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn the_walk_finds_a_nan_where_json_would_write_null() {
    let mut r = report("v=1");
    r.monthly.hybrid = Some(f64::NAN);
    r.points[2].split.utilization = f64::INFINITY;
    let found = finite::non_finite(&r);
    assert_eq!(
        found,
        vec!["monthly.hybrid = NaN", "points[2].split.utilization = inf"]
    );
}

#[test]
fn one_token_per_minute_is_served_on_demand() {
    let r = report("v=1&in=1&out=0");
    assert_eq!(r.load.tokens_per_month, r.load.minutes_per_month as f64);
    let on_demand = r
        .monthly
        .on_demand
        .expect("azure/gpt-4.1 has on-demand prices");
    assert!(on_demand > 0.0 && on_demand < 0.1, "{on_demand}");
    let best = r.best.clone().expect("a best option");
    assert_eq!(best.option, BestOption::OnDemand);
    eprintln!("1 tpm: {:?}", codes(&r));
}

#[test]
fn a_trillion_tokens_per_minute_needs_many_units_and_stays_finite() {
    let r = report("v=1&in=1T&out=1T");
    let raw = r.units.raw.expect("capacity is published");
    let required = r.units.required.expect("units are required");
    assert!(raw > 1e8, "{raw}");
    assert!(required as f64 >= raw && (required as f64) < raw + 5.0 + 1.0);
    assert!(r.monthly.full_provisioned.expect("priced") > 1e9);
    let best = r.best.clone().expect("a best option");
    assert_ne!(
        best.option,
        BestOption::OnDemand,
        "at this volume reserving pays"
    );
}

#[test]
fn a_million_units_of_your_own_are_priced_and_said_to_be_mostly_idle() {
    let r = report("v=1&units=1M");
    let chosen = r.chosen.clone().expect("the user's count is priced");
    assert_eq!(chosen.units, 1_000_000);
    assert!(chosen.utilization < 0.01, "{}", chosen.utilization);
    assert_eq!(chosen.overflow_share, 0.0);
    assert!(
        has_warning(&r, WarningCode::UtilizationLow),
        "{:?}",
        codes(&r)
    );
}

#[test]
fn a_million_required_units_are_sized_exactly() {
    // 1B tokens per minute, flat, 1k per unit: exactly a million units.
    let r = report("v=1&o=custom&in=1B&out=0&cache=0&shape=flat&cap=1k&pu=1&pin=1&pout=1");
    assert_eq!(r.units.raw, Some(1e6));
    assert_eq!(r.units.required, Some(1_000_000));
}

#[test]
fn zero_output_leaves_only_input_to_pay_for() {
    let r = report("v=1&out=0");
    assert_eq!(r.load.tokens_per_minute.output, 0.0);
    assert!(r.monthly.on_demand.expect("priced") > 0.0);
}

#[test]
fn all_input_cached_is_billed_at_the_cached_price() {
    let all = report("v=1&cache=1&out=0");
    let none = report("v=1&cache=0&out=0");
    assert_eq!(all.load.tokens_per_minute.input, 0.0);
    let (all_usd, none_usd) = (
        all.monthly.on_demand.unwrap(),
        none.monthly.on_demand.unwrap(),
    );
    // azure/gpt-4.1: cached input at a quarter of the input price
    assert!(
        (all_usd / none_usd - 0.25).abs() < 1e-9,
        "{all_usd} vs {none_usd}"
    );
}

#[test]
fn a_capacity_of_one_token_per_minute_per_unit_stays_finite() {
    let r = report("v=1&o=custom&cap=1&in=500k&out=50k&pu=1&pin=2&pout=8");
    let required = r.units.required.expect("sized");
    assert!(required > 500_000, "{required}");
    assert_eq!(
        r.best.clone().expect("a best option").option,
        BestOption::OnDemand
    );
}

#[test]
fn prices_of_zero_give_zero_bills_and_say_reserving_never_pays() {
    let r = report("v=1&o=custom&cap=1k&pu=1&pin=0&pcache=0&pcw=0&pout=0");
    assert_eq!(r.monthly.on_demand, Some(0.0));
    let best = r.best.clone().expect("a best option");
    assert_eq!(best.option, BestOption::OnDemand);
    assert_eq!(best.monthly_usd, 0.0);
    assert_eq!(best.saving_share, 0.0);
    for row in &r.terms {
        let never = row.break_even_never.as_deref().unwrap_or_default();
        assert!(never.contains("cost nothing"), "{:?}: {never}", row.term);
    }
}

#[test]
fn ten_years_of_halving_or_doubling_stay_finite() {
    for g in ["-50", "100"] {
        let r = report(&format!("v=1&in=1T&out=1T&h=120&g={g}"));
        assert_eq!(r.horizon_months, 120);
        let horizon = r.horizon_on_demand.expect("priced");
        let month = r.monthly.on_demand.expect("priced");
        if g == "100" {
            assert!(horizon > month * 2f64.powi(100), "{horizon}");
        } else {
            assert!(horizon < month * 2.0 && horizon > month, "{horizon}");
        }
    }
}

#[test]
fn a_term_longer_than_the_horizon_is_explained() {
    // README, "Horizon": a term that runs past the horizon is paid in full.
    let r = report("v=1&h=1&t=1y");
    let year = r
        .terms
        .iter()
        .find(|t| t.term == Term::Year1)
        .expect("a 1-year row");
    let monthly = year.full_provisioned.expect("priced");
    let horizon = year.horizon_full.expect("priced");
    assert!(
        (horizon / (12.0 * monthly) - 1.0).abs() < 1e-9,
        "{horizon} vs {monthly}"
    );
    // the hybrid over one month may reserve nothing and stay on demand
    let on_demand = r.horizon_on_demand.expect("priced");
    assert!(year.horizon_hybrid.expect("priced") <= on_demand * (1.0 + 1e-9));
}

#[test]
fn the_largest_bursty_seed_is_read_and_repeatable() {
    let link = "v=1&shape=bursty&pa=4&seed=18446744073709551615";
    let parsed = parse(link);
    assert_eq!(parsed.scenario.seed, u64::MAX);
    assert_eq!(parsed.scenario.shape, ShapeKind::Bursty);
    assert_eq!(format(&parsed.scenario), link);
    assert_eq!(report(link), report(link));
    assert_ne!(report(link).load.peak_normalized_tpm, 0.0);
}

#[test]
fn a_100_kb_link_of_unknown_keys_is_read_with_a_bounded_warning_list() {
    let mut link = String::from("v=1&in=250k");
    let mut i = 0;
    while link.len() < 100_000 {
        link.push_str(&format!("&zz{i}=1"));
        i += 1;
    }
    let start = Instant::now();
    let parsed = parse(&link);
    let elapsed = start.elapsed();
    assert_eq!(
        parsed.scenario.volume,
        ptcalc_core::scenario::Volume::Tokens {
            input_tpm: 250_000.0,
            output_tpm: 50_000.0
        }
    );
    assert_eq!(parsed.warnings.len(), 21);
    assert_eq!(
        parsed.warnings[20].message,
        format!("and {} more problems", i - 20)
    );
    eprintln!("100 KB link: {} keys in {elapsed:?}", i + 2);
}

#[test]
fn a_100_kb_value_is_refused_with_a_short_message() {
    let link = format!("v=1&o={}", "a".repeat(100_000));
    let opened = open_link(&link);
    assert_eq!(opened.scenario.offering, "azure/gpt-4.1");
    assert_eq!(opened.warnings.len(), 1);
    let message = &opened.warnings[0].message;
    assert!(message.len() < 300, "{} bytes: {message}", message.len());
}

#[test]
fn a_rate_card_with_10000_offerings_loads_and_resolves() {
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/org-ratecard.json"
    ))
    .expect("tests/data/org-ratecard.json");
    let mut card: serde_json::Value =
        serde_json::from_str(&sample).expect("the sample card is JSON");
    let template = card["offerings"][0].clone();
    let offerings: Vec<serde_json::Value> = (0..10_000)
        .map(|i| {
            let mut o = template.clone();
            o["id"] = format!("azure/org-model-{i}").into();
            o["name"] = format!("Organization model {i}").into();
            o
        })
        .collect();
    card["offerings"] = offerings.into();
    let text = card.to_string();
    let start = Instant::now();
    let with = catalog()
        .with_organization("org.json", &text)
        .expect("the card loads");
    let elapsed = start.elapsed();
    let organization = with.entries().iter().filter(|e| e.organization).count();
    assert_eq!(organization, 10_000);
    let last = with
        .resolve("azure/org-model-9999", ptcalc_core::Deployment::Global)
        .expect("resolves");
    assert_eq!(last.id, "azure/org-model-9999");
    eprintln!(
        "10,000-offering card ({} KB): loaded in {elapsed:?}",
        text.len() / 1000
    );
}
