//! Every chart, every scenario, two sizes: the SVG is a well-formed document with a
//! viewBox, and it carries the legend's and the markers' words.
mod common;

use ptcalc_charts::{draw, model, model_sized, render_svg, render_svg_with, ChartKind, Theme};

const SIZES: [(u32, u32); 2] = [(720, 420), (360, 340)];

#[test]
fn every_chart_is_an_svg_document_with_a_viewbox() {
    for (name, a) in common::scenarios() {
        for kind in ChartKind::ALL {
            for (w, h) in SIZES {
                let svg =
                    render_svg(kind, &a, w, h).unwrap_or_else(|e| panic!("{name} {kind}: {e}"));
                common::snapshot(&format!("{name}-{kind}-{w}"), &svg);
                assert!(svg.starts_with("<svg "), "{name} {kind}");
                assert!(
                    svg.contains(&format!("viewBox=\"0 0 {w} {h}\"")),
                    "{name} {kind}"
                );
                assert!(
                    svg.trim_end().ends_with("</svg>"),
                    "{name} {kind}: not closed"
                );
                assert_eq!(
                    svg.matches("<text").count(),
                    svg.matches("</text>").count(),
                    "{name} {kind}"
                );
                assert!(
                    !svg.contains("NaN") && !svg.contains("inf"),
                    "{name} {kind}: non-finite coordinate"
                );
                assert!(svg.contains("font-family=\"sans-serif\""), "{name} {kind}");
            }
        }
    }
}

#[test]
fn the_svg_names_every_series_and_marker_in_words() {
    for (name, a) in common::scenarios() {
        for kind in ChartKind::ALL {
            let m = model(kind, &a).unwrap_or_else(|e| panic!("{name} {kind}: {e}"));
            let svg = m.to_svg(&Theme::light()).expect("draws");
            assert!(
                svg.contains(&common::xml_escape(kind.title())),
                "{name} {kind}: title"
            );
            assert!(!m.base().legend.is_empty(), "{name} {kind}: empty legend");
            for entry in &m.base().legend {
                assert!(
                    svg.contains(&common::xml_escape(&entry.label)),
                    "{name} {kind}: legend {:?}",
                    entry.label
                );
            }
            for marker in m.markers() {
                assert!(
                    svg.contains(&common::xml_escape(&marker.label)),
                    "{name} {kind}: marker {:?}",
                    marker.label
                );
            }
            for line in &m.frame().notes {
                assert!(
                    svg.contains(&common::xml_escape(&line.text)),
                    "{name} {kind}: note {:?}",
                    line.text
                );
            }
        }
    }
}

#[test]
fn markers_and_their_labels_stay_inside_the_plot() {
    for (name, a) in common::scenarios() {
        for kind in ChartKind::ALL {
            for (w, h) in SIZES {
                let m = model_sized(kind, &a, w, h).expect("builds");
                let p = m.frame().plot;
                for marker in m.markers() {
                    let (x, y) = marker.label_at;
                    assert!(
                        x >= p.left && x < p.right && y >= p.top && y < p.bottom,
                        "{name} {kind} {w}: {marker:?}"
                    );
                    if marker.dot {
                        assert!(
                            marker.px >= p.left as f64 - 0.5 && marker.px <= p.right as f64,
                            "{name} {kind}: {marker:?}"
                        );
                        assert!(
                            marker.py >= p.top as f64 - 0.5 && marker.py <= p.bottom as f64,
                            "{name} {kind}: {marker:?}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn every_table_row_is_as_wide_as_its_headers() {
    for (name, a) in common::scenarios() {
        for kind in ChartKind::ALL {
            let t = model(kind, &a).expect("builds").table();
            assert!(!t.caption.is_empty() && !t.rows.is_empty(), "{name} {kind}");
            for row in &t.rows {
                assert_eq!(row.len(), t.headers.len(), "{name} {kind}: {row:?}");
            }
        }
    }
}

#[test]
fn readouts_exist_inside_the_plot_and_not_outside() {
    for (name, a) in common::scenarios() {
        for kind in ChartKind::ALL {
            let m = model(kind, &a).expect("builds");
            let f = m.frame();
            let mid = (f.plot.left + f.plot.right) as f64 / 2.0 / f.width as f64;
            assert!(
                m.readout(mid).is_some_and(|s| !s.is_empty()),
                "{name} {kind}"
            );
            assert_eq!(m.readout(0.0), None, "{name} {kind}: left margin");
            assert_eq!(m.readout(0.999), None, "{name} {kind}: right margin");
        }
    }
}

#[test]
fn the_dark_theme_fills_its_own_background_and_transparent_fills_none() {
    let a = common::default_azure();
    let dark = render_svg_with(ChartKind::Hybrid, &a, 720, 420, &Theme::dark()).expect("draws");
    assert!(dark.contains(&format!(
        "fill=\"{}\"",
        Theme::dark().background.expect("filled").hex()
    )));
    for kind in ChartKind::ALL {
        let svg = render_svg_with(kind, &a, 720, 420, &Theme::dark()).expect("draws");
        common::snapshot(&format!("dark-{kind}"), &svg);
    }
    let flat = render_svg(ChartKind::BreakEven, &common::custom_flat(), 720, 420).expect("draws");
    common::snapshot("custom-flat-breakeven-720", &flat);
    let light = render_svg(ChartKind::Hybrid, &a, 720, 420).expect("draws");
    let clear = render_svg_with(
        ChartKind::Hybrid,
        &a,
        720,
        420,
        &Theme::light().transparent(),
    )
    .expect("draws");
    assert!(clear.len() < light.len(), "no background rectangle");
    assert!(!clear.contains("<rect x=\"0\" y=\"0\" width=\"720\" height=\"420\""));
}

#[test]
fn drawing_on_an_area_of_another_size_lays_the_chart_out_again() {
    let a = common::default_azure();
    let m = model(ChartKind::LoadDuration, &a).expect("builds");
    let mut svg = String::new();
    {
        use plotters::prelude::{IntoDrawingArea, SVGBackend};
        let root = SVGBackend::with_string(&mut svg, (500, 360)).into_drawing_area();
        draw(&root, &m).expect("draws");
    }
    assert!(svg.contains("viewBox=\"0 0 500 360\""));
    let resized = m.resized(500, 360).expect("fits");
    assert_eq!(resized.frame().width, 500);
    assert_eq!(resized.to_svg(&Theme::light()).expect("draws"), svg);
}

#[test]
fn a_chart_that_differs_from_its_snapshot_is_reported_element_by_element() {
    let a = common::default_azure();
    let svg = render_svg(ChartKind::Hybrid, &a, 720, 420).expect("draws");
    assert_eq!(
        common::svg_diff(&svg, &svg),
        ["  (same elements; whitespace or attribute order differs)"]
    );
    let first_text = svg.find("</text>").expect("has text");
    let start = svg[..first_text].rfind('>').expect("text element") + 1;
    let old = &svg[start..first_text];
    let changed = format!("{}CHANGED{}", &svg[..start], &svg[first_text..]);
    let diff = common::svg_diff(&svg, &changed).join("\n");
    assert!(
        diff.contains("text: \"") && diff.contains("→ \"CHANGED\""),
        "{diff}"
    );
    assert!(diff.contains(old.trim()), "{diff}");
    let recoloured = svg.replacen("stroke=\"", "stroke=\"#123456\" data-x=\"", 1);
    let diff = common::svg_diff(&svg, &recoloured).join("\n");
    assert!(diff.contains("data-x added"), "{diff}");
}
