//! Links with `v=1` made on 2026-11-27 are a promise: opened later, they show the same
//! scenario and the same answer. Each link below is recorded in `golden/links-v1.json` with
//! its canonical re-formatted link, its warnings and its key figures (monthly totals, the
//! best option, the units), read with "today" pinned to the day they were made. A change to
//! the link parser, the rate cards or the model that moves any of them fails here on purpose;
//! a deliberate change is re-recorded with
//! `PTCALC_BLESS=1 cargo test -p ptcalc-ratecards --test golden_links_v1` and shows in the diff.
//!
//! The ten links of the CLI goldens (`crates/ptcalc-cli/tests/golden.rs`) cover `o d t in out
//! rpm pt ct cache shape pa seed size units h g b rc`; these cover every other key (`cw mh cap
//! min inc wout wcache pu pm disc pin pcache pcw pout at load embed view theme entry per org`), every vendor
//! and `custom`, and links written out of canonical order or spelling.
use std::path::PathBuf;

use ptcalc_core::link;
use ptcalc_ratecards::{catalog, eval_link_on, Date};
use serde_json::{json, Map, Value};

/// The links, as a person or a tool might have written them on the day.
const LINKS: &[&str] = &[
    // custom: every figure of the offering typed in, cache writes, a 720-hour month.
    "v=1&o=custom&t=1m&in=1.2M&out=90k&cache=0.35&cw=0.1&mh=720&cap=30k&min=2&inc=2&wout=4&wcache=0.1&pu=7.5&pin=2&pcache=0.5&pcw=2.5&pout=8",
    // custom priced per unit-month, with a negotiated discount, over three years.
    "v=1&o=custom&t=1y&in=400k&out=40k&cap=10k&pm=2500&disc=15&pin=1.25&pout=10&h=36&rc=2026-11-27",
    // Azure: a negotiated discount and an hourly price typed over the card.
    "v=1&o=azure/gpt-4.1&t=1m&in=2M&out=200k&disc=20&pu=1.5&rc=2026-11-27",
    // Azure: inside a promotion's dates, and after them.
    "v=1&o=azure/gpt-5.6-sol&t=1m&in=500k&out=50k&at=2026-10-01",
    "v=1&o=azure/gpt-5.6-sol&t=1m&in=500k&out=50k&at=2026-12-15",
    // Azure regional, cached input free of capacity, on-demand prices typed over the card.
    "v=1&o=azure/gpt-4o-mini&d=regional&t=1m&in=800k&out=80k&cache=0.6&wcache=0&pcache=0.05&rc=2026-11-27",
    // Azure, measured traffic (the wide-CSV sample's summary) sized for the 95th percentile.
    "v=1&t=1m&size=95&load=BG5BkmBBBRBpBBoBBLBpEBjBBiCBzDBGCCBQBCBVBICOBJBCBGBHCEBGBFBDBDCFBHBCBCBECDBHBFBCBGCIBUBIBGBCCPBBBDBEBDCPBQBCBBBCCCLDKgBLpBOtBLmBDkC0BZ2_L8tskcildabiFJC-r&rc=2026-11-27",
    // Vertex: cache writes, and measured traffic (the CloudWatch sample's summary).
    "v=1&o=vertex/gemini-2.5-flash&t=1w&in=3M&out=300k&cache=0.5&cw=0.2&rc=2026-11-27",
    "v=1&o=vertex/gemini-2.5-flash&t=1w&load=BGjByjBBB4BBpBBWB3LBSBHBKBCBaBEBCBHBDBSBDBEBBBDBEBBBDBFBHBBBEBHBBBJBCICJRGTDVE4BAhmmXAAJB-&rc=2026-11-27",
    // Bedrock model units (no published capacity: `cap` gives it), a 744-hour month and
    // output weighed twice an input token.
    "v=1&o=bedrock/titan-text-lite&t=1m&in=200k&out=40k&cap=20k&mh=744&wout=2&rc=2026-11-27",
    // Bedrock: a discount, a shrinking volume over three years; the reserved tier (no
    // published unit price: on demand, with the warning saying so).
    "v=1&o=bedrock/titan-text-express&t=6m&in=300k&out=60k&cap=15k&disc=10&h=36&g=-2&rc=2026-11-27",
    "v=1&o=bedrock/claude-sonnet-4.5-reserved&t=3m&in=1M&out=100k&disc=10&rc=2026-11-27",
    // OpenAI Scale Tier: on-demand prices typed over the card.
    "v=1&o=openai/o3-scale&t=30d&in=2M&out=200k&pin=1.5&pout=6&rc=2026-11-27",
    // OpenAI Scale Tier with a negotiated discount; `t` left out (1y) falls back to 30d.
    "v=1&o=openai/gpt-4.1-scale&in=5M&out=500k&disc=25&rc=2026-11-27",
    // The embed keys: kept in the canonical link, never change a number.
    "v=1&o=azure/gpt-4o&in=1M&embed=1&view=verdict,breakeven,sources&theme=dark&rc=2026-11-27",
    // The form's entry keys: the business shape entered as busy-hour rates per hour; they
    // change how the page's form reads, never a number.
    "v=1&o=azure/gpt-4.1&t=1m&in=2M&out=200k&shape=business&pa=4&entry=busy&per=h&rc=2026-11-27",
    // An organization's card named by its fingerprint, opened where that card is not loaded:
    // the bundled offering's figures, a warning naming the card, the fingerprint kept.
    "v=1&o=azure/gpt-4.1&t=1m&in=1M&org=0123456789ab&rc=2026-11-27",
    // Out of order, long spellings, a leading `?`: read as the canonical link says.
    "?pout=12&in=1500000&v=1&o=custom&cache=.25&cap=25000&pu=3.50&out=0.15M&pin=03",
    // Unknown keys and invalid values fall back, with warnings, and drop out of the canonical link.
    "v=1&o=azure/gpt-4.1&in=2M&pa=0.5&foo=bar&theme=blue&view=verdict,nope&rc=2026-11-27",
];

/// The day the links were made ("today" for a link without `at=`).
fn made_on() -> Date {
    Date::new(2026, 11, 27).expect("a valid date")
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/links-v1.json")
}

/// What is recorded of one link: its canonical form, its warnings and its key figures.
fn record(link_text: &str) -> Value {
    let parsed = link::parse(link_text);
    let (document, opened) = eval_link_on(catalog(), link_text, made_on())
        .unwrap_or_else(|e| panic!("{link_text}: cannot be evaluated: {e}"));
    let canonical = link::format_link(&opened.scenario, &parsed.presentation);
    let report = serde_json::to_value(&document).expect("the document serializes");
    let pick = |path: &[&str]| {
        path.iter()
            .try_fold(&report, |v, k| v.get(*k))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let warnings: Vec<Value> = pick(&["warnings"])
        .as_array()
        .map(|ws| {
            ws.iter()
                .map(|w| json!({ "code": w.get("code"), "key": w.get("key") }))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "link": link_text,
        "canonical": canonical,
        "offering": pick(&["offering", "id"]),
        "unit": pick(&["offering", "unit"]),
        "as_of": pick(&["as_of"]),
        "warnings": warnings,
        "monthly": pick(&["monthly"]),
        "best": pick(&["best"]),
        "units": pick(&["units"]),
        "hybrid_units": pick(&["hybrid", "units"]),
        "verdict": pick(&["verdict"]),
    })
}

/// Equal, but a number may differ from the recorded one by 1e-9 of its size (the summation
/// order of a month of minutes moves the last digits; no shown figure can change).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The fields of `got` that differ from `want`, by name.
fn differences(want: &Map<String, Value>, got: &Map<String, Value>) -> Vec<String> {
    got.iter()
        .filter(|(k, v)| !want.get(*k).is_some_and(|w| same(w, v)))
        .map(|(k, v)| {
            format!(
                "    {k}: recorded {}, now {v}",
                want.get(k).unwrap_or(&Value::Null)
            )
        })
        .collect()
}

#[test]
fn golden_v1_links_keep_their_canonical_link_and_figures() {
    let got: Vec<Value> = LINKS.iter().map(|l| record(l)).collect();
    if std::env::var_os("PTCALC_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&got).expect("serializes") + "\n";
        std::fs::write(fixture(), text).expect("fixture written");
        return;
    }
    let text = std::fs::read_to_string(fixture())
        .unwrap_or_else(|e| panic!("{}: {e} (record with PTCALC_BLESS=1)", fixture().display()));
    let want: Vec<Value> = serde_json::from_str(&text).expect("the fixture is JSON");
    assert_eq!(
        want.len(),
        got.len(),
        "the fixture records {} links, the test has {} (record with PTCALC_BLESS=1)",
        want.len(),
        got.len()
    );
    let mut changed = Vec::new();
    for (w, g) in want.iter().zip(&got) {
        let (Some(w), Some(g)) = (w.as_object(), g.as_object()) else {
            panic!("every fixture entry is an object");
        };
        let diff = differences(w, g);
        if !diff.is_empty() {
            changed.push(format!("{}:\n{}", g["link"], diff.join("\n")));
        }
    }
    assert!(changed.is_empty(), "{}", changed.join("\n"));
}

#[test]
fn every_link_key_is_covered_here_or_in_the_cli_goldens() {
    // The keys the CLI's golden links already carry (`cmp`: `compare-cmp-list`; `name`: the
    // workloads of `portfolio-three-workloads`; `quiet`: `busy-entry`; `grp`, `gload`: the
    // link of `portfolio-usage-azure-log-analytics`).
    let cli =
        "o d t in out rpm pt ct cache shape pa seed size units h g b rc cmp name quiet grp gload";
    let mut missing = Vec::new();
    for key in link::Key::ALL {
        let name = key.as_str();
        let here = LINKS.iter().any(|l| {
            l.trim_start_matches('?')
                .split('&')
                .any(|pair| pair.split('=').next() == Some(name))
        });
        if name != "v" && !here && !cli.split(' ').any(|k| k == name) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "no golden v=1 link carries {missing:?}");
}

#[test]
fn canonical_links_read_back_to_themselves_without_warnings() {
    for l in LINKS {
        let parsed = link::parse(l);
        let opened = ptcalc_ratecards::open_link(l);
        let canonical = link::format_link(&opened.scenario, &parsed.presentation);
        let again = link::parse(&canonical);
        assert!(
            again.warnings.is_empty(),
            "{canonical}: {:?}",
            again.warnings
        );
        assert_eq!(
            link::format_link(&again.scenario, &again.presentation),
            canonical,
            "{l}"
        );
    }
}

#[test]
fn a_moved_figure_is_caught() {
    // The comparison the golden test relies on can fail: a figure moved by 1e-6 of its size,
    // a changed option or a changed canonical link all differ.
    let a =
        json!({"monthly": {"hybrid": 1000.0}, "best": {"option": "hybrid"}, "canonical": "v=1"});
    let moved =
        json!({"monthly": {"hybrid": 1000.001}, "best": {"option": "hybrid"}, "canonical": "v=1"});
    let option =
        json!({"monthly": {"hybrid": 1000.0}, "best": {"option": "reserved"}, "canonical": "v=1"});
    let link_moved = json!({"monthly": {"hybrid": 1000.0}, "best": {"option": "hybrid"}, "canonical": "v=1&in=1M"});
    let noise = json!({"monthly": {"hybrid": 1000.0000000001}, "best": {"option": "hybrid"}, "canonical": "v=1"});
    assert!(!same(&a, &moved));
    assert!(!same(&a, &option));
    assert!(!same(&a, &link_moved));
    assert!(same(&a, &noise));
}
