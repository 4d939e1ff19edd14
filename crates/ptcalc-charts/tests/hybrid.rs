//! The hybrid split chart against the report it is drawn from.
mod common;

use ptcalc_charts::{model, ChartKind, ChartModel, MarkerKind, Theme};
use ptcalc_core::numfmt::{percent, usd};

fn hybrid(a: &ptcalc_core::report::Analysis) -> (ChartModel, ptcalc_charts::hybrid::HybridChart) {
    let m = model(ChartKind::Hybrid, a).expect("builds");
    let ChartModel::Hybrid(h) = m.clone() else {
        panic!("not a hybrid model")
    };
    (m, h)
}

#[test]
fn the_optimum_marker_sits_at_the_reports_units_in_the_model_and_in_the_svg() {
    for (name, a) in common::scenarios() {
        let (m, _) = hybrid(&a);
        let r = &a.report;
        let units = r.pools[0].hybrid_units.expect("priced") as f64;
        let f = m.frame();
        let p = f.plot;
        // Independent of the model's mapping: plotters' pixel range is left ..= right − 1.
        let expected =
            p.left as f64 + (units - f.x.lo) / (f.x.hi - f.x.lo) * (p.right - 1 - p.left) as f64;
        let markers = m.markers();
        let optimum = markers
            .iter()
            .find(|m| m.kind == MarkerKind::Optimum)
            .expect("an optimum marker");
        assert_eq!(optimum.x, units, "{name}");
        assert!(
            (optimum.px - expected).abs() <= 1.0,
            "{name}: {} vs {expected}",
            optimum.px
        );
        assert!(
            optimum.label.starts_with("optimum"),
            "{name}: {}",
            optimum.label
        );

        // The drawn dot: a filled circle in the optimum colour at that pixel.
        let svg = m.to_svg(&Theme::light()).expect("draws");
        let green = format!("#{}", &Theme::light().optimum.hex()[1..]);
        let dots: Vec<(f64, f64)> = common::elements(&svg, "circle")
            .iter()
            .filter(|c| common::attr(c, "fill") == Some(green.as_str()))
            .filter_map(|c| {
                Some((
                    common::attr(c, "cx")?.parse().ok()?,
                    common::attr(c, "cy")?.parse().ok()?,
                ))
            })
            .collect();
        assert_eq!(dots.len(), 1, "{name}: one optimum dot, got {dots:?}");
        assert!(
            (dots[0].0 - expected).abs() <= 1.0,
            "{name}: dot at x {} vs {expected}",
            dots[0].0
        );
        assert!(
            (dots[0].1 - optimum.py).abs() <= 1.0,
            "{name}: dot at y {} vs {}",
            dots[0].1,
            optimum.py
        );
    }
}

#[test]
fn percentile_markers_run_left_to_right() {
    for (name, a) in common::scenarios() {
        let (m, h) = hybrid(&a);
        let xs: Vec<f64> = h.percentiles.iter().map(|p| p.point.units as f64).collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{name}: {xs:?}");
        let px: Vec<f64> = m
            .markers()
            .iter()
            .filter(|m| m.kind == MarkerKind::Percentile)
            .map(|m| m.px)
            .collect();
        assert!(
            !px.is_empty() || xs.iter().all(|x| *x == h.optimum.point.units as f64),
            "{name}"
        );
        assert!(px.windows(2).all(|w| w[0] < w[1]), "{name}: {px:?}");
    }
}

#[test]
fn the_optimum_row_matches_the_report() {
    for (name, a) in common::scenarios() {
        let (m, h) = hybrid(&a);
        let report = a.report.hybrid.as_ref().expect("priced");
        assert_eq!(
            h.optimum.point.total_usd, report.total_usd,
            "{name}: same arithmetic as the report"
        );
        let t = m.table();
        let total_col = t
            .headers
            .iter()
            .position(|c| c == "total per month")
            .expect("a total column");
        let row = t
            .rows
            .iter()
            .find(|r| r[0] == "optimum")
            .expect("an optimum row");
        assert_eq!(row[total_col], usd(report.total_usd), "{name}");
        assert_eq!(row.last(), Some(&percent(report.overflow_share)), "{name}");
    }
}

#[test]
fn single_pool_percentile_rows_match_the_reports_points() {
    for a in [common::default_azure(), common::custom_business()] {
        let (m, h) = hybrid(&a);
        let t = m.table();
        let total_col = t
            .headers
            .iter()
            .position(|c| c == "total per month")
            .expect("a total column");
        for (point, named) in a.report.points.iter().zip(&h.percentiles) {
            assert_eq!(point.label, named.label);
            assert_eq!(point.split.units, named.point.units);
            assert!((point.split.total_usd - named.point.total_usd).abs() < 1e-6);
            let row = t
                .rows
                .iter()
                .find(|r| r[0] == point.label)
                .expect("a row per point");
            assert_eq!(row[total_col], usd(point.split.total_usd));
        }
    }
}

#[test]
fn the_readout_at_the_optimum_names_its_units() {
    let a = common::default_azure();
    let (m, h) = hybrid(&a);
    let units = h.optimum.point.units;
    let text = m
        .readout(m.fraction_at(units as f64))
        .expect("inside the plot");
    assert!(
        text.starts_with(&format!("{units} PTU: reserved $")),
        "{text}"
    );
    assert!(text.contains("(optimum"), "{text}");
    assert!(
        text.contains(&format!(
            "= {}/month",
            ptcalc_core::numfmt::usd_compact(h.optimum.point.total_usd)
        )),
        "{text}"
    );
    // One increment to the right is another count, and not the optimum.
    let next = h
        .points
        .iter()
        .find(|p| p.units > units)
        .expect("a larger count")
        .units;
    let text = m
        .readout(m.fraction_at(next as f64))
        .expect("inside the plot");
    assert!(
        text.starts_with(&format!("{next} PTU")) && !text.contains("optimum"),
        "{text}"
    );
}

#[test]
fn the_sweep_starts_at_all_on_demand_and_ends_at_the_peak() {
    let a = common::default_azure();
    let (_, h) = hybrid(&a);
    let first = h.points.first().expect("points");
    assert_eq!(first.units, 0);
    assert!((first.total_usd - a.report.monthly.on_demand.expect("priced")).abs() < 1e-6);
    assert_eq!(h.points.last().map(|p| p.units), a.pools[0].peak_units(1.0));
    assert!(
        h.points
            .iter()
            .all(|p| p.total_usd >= h.optimum.point.total_usd - 1e-9),
        "the optimum is the minimum"
    );
}

#[test]
fn per_dimension_offerings_hold_the_other_pool_and_say_so() {
    let a = common::per_dimension();
    let (m, h) = hybrid(&a);
    assert_eq!(
        h.other_pools,
        vec![(
            "output unit".to_string(),
            a.report.pools[1].hybrid_units.expect("priced")
        )]
    );
    assert!(m
        .base()
        .notes
        .iter()
        .any(|n| n.contains("other pool stays at its optimum")));
    assert!(m.table().caption.contains("other pools at their optimum"));
    let optimum = m
        .markers()
        .into_iter()
        .find(|m| m.kind == MarkerKind::Optimum)
        .expect("optimum");
    assert!(optimum.label.contains("output unit"), "{}", optimum.label);
}
