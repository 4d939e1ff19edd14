//! Names that come from outside (an organization's rate card names its offering, its unit and
//! its pools) reach the charts' words: the page inserts the chart SVG as markup, so any `<`,
//! `"` or `&` in such a name must arrive as text, never as an element or an attribute.
mod common;

use ptcalc_charts::{render_svg, ChartKind};
use ptcalc_core::report::evaluate;
use ptcalc_core::scenario::{Overrides, ShapeKind};
use ptcalc_core::{Deployment, Scenario, Term};

/// Markup a hostile card could carry in a name.
const PAYLOADS: [&str; 3] = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "\"><svg onload=alert(3)>",
];

/// The SVG elements the charts draw; anything else came from a name.
const DRAWN: [&str; 8] = [
    "svg", "g", "text", "rect", "line", "polyline", "polygon", "circle",
];

#[test]
fn names_with_markup_reach_the_svg_as_text_only() {
    for payload in PAYLOADS {
        // A per-dimension offering (pool names are drawn on the load and traffic axes).
        let s = Scenario {
            offering: "openai/gpt-4.1-scale".into(),
            deployment: Deployment::Global,
            term: Term::Days30,
            shape: ShapeKind::Bursty,
            peak_to_average: 2.0,
            overrides: Overrides {
                discount_percent: Some(40.0),
                ..Overrides::default()
            },
            ..Scenario::default()
        };
        let mut offering = ptcalc_ratecards::catalog()
            .resolve(&s.offering, s.deployment)
            .expect("openai/gpt-4.1-scale is bundled");
        offering.name = format!("Org {payload} model");
        offering.unit = format!("{payload} unit");
        for pool in &mut offering.pools {
            pool.name = format!("{payload} {}", pool.name);
            pool.unit = format!("{payload} {}", pool.unit);
        }
        let analysis = evaluate(&s, &offering).expect("evaluates");
        let mut seen_in_text = false;
        for kind in ChartKind::ALL {
            let svg = render_svg(kind, &analysis, 720, 420)
                .unwrap_or_else(|e| panic!("{kind} with {payload}: {e}"));
            let doc = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("{kind} with {payload}: not well-formed XML: {e}"));
            for node in doc.descendants().filter(|n| n.is_element()) {
                let name = node.tag_name().name();
                assert!(
                    DRAWN.contains(&name),
                    "{kind} with {payload}: an element <{name}> that the charts never draw"
                );
                for a in node.attributes() {
                    assert!(
                        !a.name().to_ascii_lowercase().starts_with("on"),
                        "{kind} with {payload}: an event attribute {}",
                        a.name()
                    );
                }
            }
            // Where a name is drawn, it is drawn whole, as text.
            seen_in_text |= doc
                .descendants()
                .filter(|n| n.is_text())
                .any(|n| n.text().is_some_and(|t| t.contains(payload)));
        }
        assert!(
            seen_in_text,
            "no chart drew a name carrying {payload}: the test no longer covers anything"
        );
    }
}
