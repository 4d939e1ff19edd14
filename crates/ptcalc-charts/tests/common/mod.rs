//! Scenarios shared by the chart tests, SVG parsing for assertions (roxmltree), and the
//! committed snapshots every drawn chart is compared with.
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

/// The elements `<name …>` of an SVG (parsed as XML), each as its attribute list in
/// document order. Panics with the parser's message when the SVG is not well-formed XML.
pub fn elements(svg: &str, name: &str) -> Vec<Vec<(String, String)>> {
    let doc =
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}"));
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == name)
        .map(|n| {
            n.attributes()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect()
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

/// Compares an SVG with its committed snapshot `tests/snapshots/NAME.svg` and fails with a
/// readable, structural diff when they differ (or when there is no snapshot). A chart change is
/// accepted on purpose by running the tests with `UPDATE_SNAPSHOTS=1`, which rewrites the
/// snapshots, and committing them.
pub fn snapshot(name: &str, svg: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let path = dir.join(format!("{name}.svg"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(&dir).expect("creates tests/snapshots");
        std::fs::write(&path, svg).expect("writes the snapshot");
        return;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        panic!(
            "no snapshot {}: run `UPDATE_SNAPSHOTS=1 cargo test -p ptcalc-charts`, look at the new file and commit it",
            path.display()
        );
    };
    if expected == svg {
        return;
    }
    let differences = svg_diff(&expected, svg);
    panic!(
        "chart {name} differs from its snapshot {}:\n{}\nIf the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test -p ptcalc-charts` and commit the snapshots.",
        path.display(),
        differences.join("\n")
    );
}

/// The first differences between two SVG documents, element by element in document order:
/// a changed tag, attribute or text, or a different element count. At most 12 lines.
pub fn svg_diff(expected: &str, actual: &str) -> Vec<String> {
    let parse = |text: &'_ str, what: &str| {
        roxmltree::Document::parse(text)
            .map(|doc| {
                doc.descendants()
                    .filter(|n| n.is_element())
                    .map(|n| {
                        let attrs: Vec<(String, String)> = n
                            .attributes()
                            .map(|a| (a.name().to_string(), a.value().to_string()))
                            .collect();
                        let text: String = n
                            .children()
                            .filter(|c| c.is_text())
                            .filter_map(|c| c.text())
                            .collect();
                        (
                            n.tag_name().name().to_string(),
                            attrs,
                            text.trim().to_string(),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_else(|e| panic!("the {what} SVG is not well-formed XML: {e}"))
    };
    let (old, new) = (parse(expected, "snapshot"), parse(actual, "drawn"));
    let short = |v: &str| {
        if v.chars().count() > 80 {
            format!("{}…", v.chars().take(80).collect::<String>())
        } else {
            v.to_string()
        }
    };
    let mut out = Vec::new();
    if old.len() != new.len() {
        out.push(format!(
            "  {} elements in the snapshot, {} drawn",
            old.len(),
            new.len()
        ));
    }
    for (i, (a, b)) in old.iter().zip(&new).enumerate() {
        if out.len() >= 12 {
            out.push(String::from("  …"));
            break;
        }
        if a.0 != b.0 {
            out.push(format!("  element {i}: <{}> became <{}>", a.0, b.0));
            continue;
        }
        for (key, value) in &a.1 {
            match b.1.iter().find(|(k, _)| k == key) {
                Some((_, v)) if v == value => {}
                Some((_, v)) => out.push(format!(
                    "  element {i} <{}> {key}: \"{}\" → \"{}\"",
                    a.0,
                    short(value),
                    short(v)
                )),
                None => out.push(format!("  element {i} <{}>: {key} removed", a.0)),
            }
        }
        for (key, _) in
            b.1.iter()
                .filter(|(k, _)| !a.1.iter().any(|(ka, _)| ka == k))
        {
            out.push(format!("  element {i} <{}>: {key} added", a.0));
        }
        if a.2 != b.2 {
            out.push(format!(
                "  element {i} <{}> text: \"{}\" → \"{}\"",
                a.0,
                short(&a.2),
                short(&b.2)
            ));
        }
    }
    if out.is_empty() {
        out.push(String::from(
            "  (same elements; whitespace or attribute order differs)",
        ));
    }
    out
}
