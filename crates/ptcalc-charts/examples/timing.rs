//! Times building and drawing each chart for the page's opening scenario (a custom
//! offering with azure/gpt-4.1-like figures): `cargo run --release -p ptcalc-charts --example timing`.
use std::time::Instant;

use ptcalc_charts::{model, ChartKind, Theme};
use ptcalc_core::report::evaluate;
use ptcalc_core::scenario::Overrides;
use ptcalc_core::{Offering, Scenario, Term};

fn main() {
    let overrides = Overrides {
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
    };
    let scenario = Scenario {
        offering: "custom".into(),
        overrides,
        ..Scenario::default()
    };
    let analysis = match evaluate(&scenario, &Offering::custom(&overrides, Term::Year1)) {
        Ok(a) => a,
        Err(e) => return eprintln!("{e}"),
    };
    for kind in ChartKind::ALL {
        let t = Instant::now();
        let m = match model(kind, &analysis) {
            Ok(m) => m,
            Err(e) => return eprintln!("{kind}: {e}"),
        };
        let built = t.elapsed();
        let svg = m.to_svg(&Theme::light()).unwrap_or_default();
        println!(
            "{kind:>9}: model {built:?}, model + svg {:?}, {} bytes",
            t.elapsed(),
            svg.len()
        );
    }
}
