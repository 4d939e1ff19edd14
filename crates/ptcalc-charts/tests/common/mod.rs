//! Scenarios shared by the chart tests, and a place to write SVG snapshots for eyeballing.
#![allow(dead_code)]
use std::path::PathBuf;

use ptcalc_core::report::{evaluate, Analysis};
use ptcalc_core::scenario::{Overrides, ShapeKind};
use ptcalc_core::{Deployment, Offering, Scenario, Term};

/// The page's opening scenario: azure/gpt-4.1, Global, 1-year, diurnal.
pub fn default_azure() -> Analysis {
    let s = Scenario::default();
    let offering = ptcalc_ratecards::catalog()
        .resolve(&s.offering, s.deployment)
        .expect("azure/gpt-4.1 is bundled");
    evaluate(&s, &offering).expect("the default scenario evaluates")
}

/// The custom figures of the brief (gpt-4.1-like PTU).
pub fn custom_overrides() -> Overrides {
    Overrides {
        capacity_per_unit_per_minute: Some(3000.0),
        min_units: Some(15),
        increment: Some(5),
        usd_per_unit_month: Some(221.0),
        input_usd_per_mtok: Some(2.0),
        cached_usd_per_mtok: Some(0.5),
        output_usd_per_mtok: Some(8.0),
        output_weight: Some(4.0),
        cached_weight: Some(0.0),
        ..Overrides::default()
    }
}

/// A custom offering with business-hours traffic and a batch share.
pub fn custom_business() -> Analysis {
    let overrides = custom_overrides();
    let s = Scenario {
        offering: "custom".into(),
        shape: ShapeKind::Business,
        peak_to_average: 3.0,
        batch_share: 0.1,
        growth_percent: 2.0,
        overrides,
        ..Scenario::default()
    };
    evaluate(&s, &Offering::custom(&overrides, Term::Year1)).expect("the custom scenario evaluates")
}

/// The custom offering with flat traffic: full provisioning is well used, so every
/// term has a break-even volume.
pub fn custom_flat() -> Analysis {
    let overrides = custom_overrides();
    let s = Scenario {
        offering: "custom".into(),
        shape: ShapeKind::Flat,
        overrides,
        ..Scenario::default()
    };
    evaluate(&s, &Offering::custom(&overrides, Term::Year1)).expect("the flat scenario evaluates")
}

/// A per-dimension offering (input and output units): OpenAI GPT-4.1 Scale Tier, bursty,
/// with 40% off the unit price so that reserving pays.
pub fn per_dimension() -> Analysis {
    let s = Scenario {
        overrides: Overrides {
            discount_percent: Some(40.0),
            ..Overrides::default()
        },
        offering: "openai/gpt-4.1-scale".into(),
        deployment: Deployment::Global,
        term: Term::Days30,
        shape: ShapeKind::Bursty,
        peak_to_average: 2.0,
        batch_share: 0.2,
        ..Scenario::default()
    };
    let offering = ptcalc_ratecards::catalog()
        .resolve(&s.offering, s.deployment)
        .expect("openai/gpt-4.1-scale is bundled");
    evaluate(&s, &offering).expect("the per-dimension scenario evaluates")
}

/// Every test scenario with a short name.
pub fn scenarios() -> Vec<(&'static str, Analysis)> {
    vec![
        ("azure-default", default_azure()),
        ("custom-business", custom_business()),
        ("per-dimension", per_dimension()),
    ]
}

/// The elements `<name …/>` of an SVG, each as its attribute list.
pub fn elements(svg: &str, name: &str) -> Vec<Vec<(String, String)>> {
    let open = format!("<{name} ");
    svg.match_indices(&open)
        .map(|(i, _)| {
            let rest = &svg[i + open.len()..];
            let end = rest.find('>').unwrap_or(rest.len());
            let mut attrs = Vec::new();
            let mut s = &rest[..end];
            while let Some(eq) = s.find("=\"") {
                let key = s[..eq].trim().to_string();
                let after = &s[eq + 2..];
                let close = after.find('"').unwrap_or(after.len());
                attrs.push((key, after[..close].to_string()));
                s = &after[(close + 1).min(after.len())..];
            }
            attrs
        })
        .collect()
}

/// One attribute of an element.
pub fn attr<'a>(element: &'a [(String, String)], key: &str) -> Option<&'a str> {
    element
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Text as plotters' SVG backend escapes it.
pub fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Writes an SVG under target/chart-snapshots/ for eyeballing (not compared).
pub fn snapshot(name: &str, svg: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/chart-snapshots");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join(format!("{name}.svg")), svg);
    }
}
