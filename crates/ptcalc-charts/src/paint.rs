//! Drawing shared by every chart: background, title, legend, axes, notes, lines and
//! labelled markers. Generic over plotters' backend; pixel geometry comes from the
//! `Frame`, data series go through plotters' own coordinate mapping.
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{drawing, ChartError};
use crate::frame::{text_width, Frame, SWATCH_WIDTH};
use crate::legend::Swatch;
use crate::marker::Marker;
use crate::model::ChartBase;
use crate::theme::{Dash, Rgb, Role, Theme};

/// Opacity of bar fills.
pub(crate) const BAR_OPACITY: f64 = 0.8;

/// The plotting area with data coordinates.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// SVG writes font-size as size / 1.24; multiply so the SVG says `px`.
fn text_style(theme: &Theme, px: f64, color: Rgb, bold: bool, pos: Pos) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    TextStyle {
        font: FontDesc::new(FontFamily::Name(theme.font_family), px * 1.24, style),
        color: color.plot().to_backend_color(),
        pos,
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    s: &str,
    (x, y): (i32, i32),
    px: f64,
    color: Rgb,
    pos: Pos,
    bold: bool,
) -> Result<(), ChartError> {
    root.draw_text(s, &text_style(theme, px, color, bold, pos), (x, y))
        .map_err(drawing)
}

fn stroke(color: Rgb, width: u32) -> ShapeStyle {
    color.plot().stroke_width(width)
}

/// Draws a polyline in pixel coordinates.
pub(crate) fn px_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: Vec<(i32, i32)>,
    color: Rgb,
    width: u32,
    dash: Dash,
) -> Result<(), ChartError> {
    match dash.pattern() {
        None => root
            .draw(&PathElement::new(points, stroke(color, width)))
            .map_err(drawing),
        Some((on, off)) => root
            .draw(&DashedPathElement::new(
                points,
                on,
                off,
                stroke(color, width),
            ))
            .map_err(drawing),
    }
}

/// Draws a polyline in data coordinates.
pub(crate) fn line<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    points: &[(f64, f64)],
    color: Rgb,
    width: u32,
    dash: Dash,
) -> Result<(), ChartError> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    if pts.len() < 2 {
        return Ok(());
    }
    match dash.pattern() {
        None => plot
            .draw_series(LineSeries::new(pts, stroke(color, width)))
            .map(|_| ())
            .map_err(drawing),
        Some((on, off)) => plot
            .draw_series(DashedLineSeries::new(pts, on, off, stroke(color, width)))
            .map(|_| ())
            .map_err(drawing),
    }
}

/// The capacity lines across the plot: full provisioning dashed, the reserved count solid.
pub(crate) fn capacity_lines<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    x_hi: f64,
    full: Option<&crate::capacity::CapacityLine>,
    reserved: Option<&crate::capacity::CapacityLine>,
    theme: &Theme,
) -> Result<(), ChartError> {
    for (capacity, dash) in [(full, Dash::Short), (reserved, Dash::Solid)] {
        if let Some(c) = capacity {
            let y = c.tokens_per_minute;
            line(plot, &[(0.0, y), (x_hi, y)], theme.reserved, 2, dash)?;
        }
    }
    Ok(())
}

/// Drops non-finite points and the middle of runs at exactly the same height (flat
/// stretches of step lines and baselines), which draw the same with fewer points.
pub(crate) fn simplify(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let finite: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let n = finite.len();
    finite
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            *i == 0 || *i + 1 == n || !(finite[i - 1].1 == p.1 && finite[i + 1].1 == p.1)
        })
        .map(|(_, p)| *p)
        .collect()
}

/// Splits a polyline into the runs that stay at or below `y_max`, cutting each
/// segment where it crosses (plotters does not clip series to the plotting area).
pub(crate) fn clip_above(points: &[(f64, f64)], y_max: f64) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        let inside = y <= y_max;
        if i > 0 {
            let (px, py) = points[i - 1];
            let was_inside = py <= y_max;
            if inside != was_inside && (y - py).abs() > 0.0 {
                let t = (y_max - py) / (y - py);
                run.push((px + t * (x - px), y_max));
                if was_inside {
                    runs.push(std::mem::take(&mut run));
                }
            }
        }
        if inside {
            run.push((x, y));
        }
    }
    if run.len() > 1 {
        runs.push(run);
    }
    runs.retain(|r| r.len() > 1);
    runs
}

/// Fills the polygon between `upper` (left to right) and `lower` (left to right).
pub(crate) fn band<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    upper: &[(f64, f64)],
    lower: &[(f64, f64)],
    color: Rgb,
    opacity: f64,
) -> Result<(), ChartError> {
    let mut pts = simplify(upper);
    pts.extend(simplify(lower).into_iter().rev());
    if pts.len() < 3 {
        return Ok(());
    }
    plot.draw_series(std::iter::once(Polygon::new(
        pts,
        color.plot().mix(opacity).filled(),
    )))
    .map(|_| ())
    .map_err(drawing)
}

/// Background, title, legend, grid, axes and notes; returns the plotting area.
pub(crate) fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    base: &ChartBase,
    frame: &Frame,
    theme: &Theme,
) -> Result<Plot<'a, DB>, ChartError> {
    let f = &frame.fonts;
    if let Some(bg) = theme.background {
        root.fill(&bg.plot()).map_err(drawing)?;
    }
    let top_left = Pos::new(HPos::Left, VPos::Top);
    for line in &frame.title {
        text(
            root,
            theme,
            &line.text,
            (line.x, line.y),
            f.title,
            theme.text,
            top_left,
            true,
        )?;
    }

    // Legend.
    for (entry, &(x, y)) in base.legend.iter().zip(&frame.legend) {
        match entry.swatch {
            Swatch::Line { role, dash, width } => {
                px_line(
                    root,
                    vec![(x, y), (x + SWATCH_WIDTH, y)],
                    theme.color(role),
                    width,
                    dash,
                )?;
            }
            Swatch::Area { role } | Swatch::Bar { role } => {
                let c = theme.color(role).plot();
                let opacity = if matches!(entry.swatch, Swatch::Bar { .. }) {
                    BAR_OPACITY
                } else {
                    theme.area_opacity
                };
                root.draw(&Rectangle::new(
                    [(x, y - 6), (x + SWATCH_WIDTH, y + 6)],
                    c.mix(opacity).filled(),
                ))
                .map_err(drawing)?;
                root.draw(&Rectangle::new(
                    [(x, y - 6), (x + SWATCH_WIDTH, y + 6)],
                    c.stroke_width(1),
                ))
                .map_err(drawing)?;
            }
            Swatch::Dot { role } => {
                root.draw(&Circle::new(
                    (x + SWATCH_WIDTH / 2, y),
                    5,
                    theme.color(role).plot().filled(),
                ))
                .map_err(drawing)?;
            }
        }
        let pos = Pos::new(HPos::Left, VPos::Center);
        text(
            root,
            theme,
            &entry.label,
            (x + SWATCH_WIDTH + 6, y),
            f.tick,
            theme.text,
            pos,
            false,
        )?;
    }

    // Grid and y ticks.
    let p = frame.plot;
    for (v, label) in &frame.y.ticks {
        let y = frame.y_px(*v).round() as i32;
        px_line(
            root,
            vec![(p.left, y), (p.right - 1, y)],
            theme.grid,
            1,
            Dash::Solid,
        )?;
        // The tick on the x axis sits above the line, clear of the first x label below it.
        let v_pos = if y >= p.bottom - 1 {
            VPos::Bottom
        } else {
            VPos::Center
        };
        let pos = Pos::new(HPos::Right, v_pos);
        text(
            root,
            theme,
            label,
            (p.left - 8, y),
            f.tick,
            theme.muted,
            pos,
            false,
        )?;
    }
    // X axis and ticks.
    px_line(
        root,
        vec![(p.left, p.bottom - 1), (p.right - 1, p.bottom - 1)],
        theme.axis,
        1,
        Dash::Solid,
    )?;
    for (v, label) in &frame.x.ticks {
        let x = frame.x_px(*v).round() as i32;
        px_line(
            root,
            vec![(x, p.bottom - 1), (x, p.bottom + 4)],
            theme.axis,
            1,
            Dash::Solid,
        )?;
        let pos = Pos::new(HPos::Center, VPos::Top);
        text(
            root,
            theme,
            label,
            (x, p.bottom + 7),
            f.tick,
            theme.muted,
            pos,
            false,
        )?;
    }
    let t = &frame.x_title;
    text(
        root,
        theme,
        &t.text,
        (t.x, t.y),
        f.label,
        theme.text,
        Pos::new(HPos::Center, VPos::Top),
        false,
    )?;
    let t = &frame.y_title;
    let style = text_style(
        theme,
        f.label,
        theme.text,
        false,
        Pos::new(HPos::Center, VPos::Top),
    )
    .transform(FontTransform::Rotate270);
    root.draw_text(&t.text, &style, (t.x, t.y))
        .map_err(drawing)?;
    for line in &frame.notes {
        text(
            root,
            theme,
            &line.text,
            (line.x, line.y),
            f.note,
            theme.muted,
            top_left,
            false,
        )?;
    }

    let (w, h) = (frame.width as i32, frame.height as i32);
    ChartBuilder::on(root)
        .margin_top(p.top)
        .margin_bottom(h - p.bottom)
        .margin_left(p.left)
        .margin_right(w - p.right)
        .build_cartesian_2d(frame.x.lo..frame.x.hi, frame.y.lo..frame.y.hi)
        .map_err(drawing)
}

/// Marker dots (through the plot's mapping) and their labels (on a halo, so they read
/// over lines).
pub(crate) fn markers<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plot: &mut Plot<'_, DB>,
    frame: &Frame,
    markers: &[Marker],
    theme: &Theme,
) -> Result<(), ChartError> {
    let size = frame.fonts.label;
    for m in markers.iter().filter(|m| m.dot) {
        let color = theme.color(m.role).plot();
        let radius = if m.role == Role::Optimum { 6 } else { 4 };
        plot.draw_series([
            Circle::new((m.x, m.y), radius + 2, theme.halo.plot().filled()),
            Circle::new((m.x, m.y), radius, color.filled()),
        ])
        .map_err(drawing)?;
    }
    for m in markers {
        let (x, y) = m.label_at;
        let w = text_width(&m.label, size).ceil() as i32;
        let h = (size * 1.25).ceil() as i32;
        // A leader from a dot to a label that had to move away from it ("you are here"
        // has its own vertical line).
        if m.dot && m.kind != crate::marker::MarkerKind::Current {
            let nx = m.px.clamp(x as f64, (x + w) as f64);
            let ny = m.py.clamp(y as f64, (y + h) as f64);
            if (nx - m.px).hypot(ny - m.py) > 16.0 {
                let from = (m.px.round() as i32, m.py.round() as i32);
                px_line(
                    root,
                    vec![from, (nx.round() as i32, ny.round() as i32)],
                    theme.muted,
                    1,
                    Dash::Solid,
                )?;
            }
        }
        root.draw(&Rectangle::new(
            [(x - 2, y), (x + w + 2, y + h)],
            theme.halo.plot().mix(0.85).filled(),
        ))
        .map_err(drawing)?;
        let bold = matches!(m.role, Role::Optimum | Role::Current);
        let color = match m.role {
            Role::Load | Role::Batch => theme.text,
            role => label_color(theme, role),
        };
        let pos = Pos::new(HPos::Left, VPos::Top);
        text(
            root,
            theme,
            &m.label,
            (x, y + ((h as f64 - size) / 2.0) as i32),
            size,
            color,
            pos,
            bold,
        )?;
    }
    Ok(())
}

/// Label text in a meaning's colour, unless that colour is too light to read as text
/// (yellow, sky blue on white): then the text colour.
fn label_color(theme: &Theme, role: Role) -> Rgb {
    let c = theme.color(role);
    let luminance = |c: Rgb| 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
    if (luminance(c) - luminance(theme.halo)).abs() < 90.0 {
        theme.text
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::clip_above;
    use crate::axis::{AxisSpec, TickFormat, TickRule};
    use crate::frame::Frame;
    use crate::legend::LegendEntry;
    use crate::model::ChartBase;
    use crate::theme::{Dash, Role, Theme};
    use crate::ChartKind;
    use plotters::prelude::{IntoDrawingArea, SVGBackend};

    /// The frame's pixel mapping (used for markers, ticks and readouts) must agree with
    /// plotters' own mapping (used for the series) to the pixel.
    #[test]
    fn frame_mapping_agrees_with_plotters() {
        let axis = |lo: f64, hi: f64| AxisSpec {
            title: "t".into(),
            lo,
            hi,
            round_up: true,
            rule: TickRule::Nice,
            format: TickFormat::Count,
        };
        let base = ChartBase {
            kind: ChartKind::Hybrid,
            title: "A title long enough to wrap on a narrow drawing, surely".into(),
            legend: vec![LegendEntry::line("one", Role::Load, Dash::Solid, 2); 5],
            notes: vec!["A note.".into()],
            x: axis(0.0, 245.0),
            y: axis(0.0, 53_123.0),
        };
        for (w, h) in [(720, 420), (360, 340), (1000, 600), (241, 260)] {
            let frame = Frame::layout(&base, w, h).expect("fits");
            let mut svg = String::new();
            let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
            let plot = super::frame(&root, &base, &frame, &Theme::light()).expect("draws");
            for x in [0.0, 1.0, 17.5, 90.0, 200.0, frame.x.hi] {
                for y in [0.0, 1234.5, 39_432.0, frame.y.hi] {
                    let (px, py) = plot.backend_coord(&(x, y));
                    assert!(
                        (px as f64 - frame.x_px(x)).abs() <= 1.0,
                        "{w}x{h} x={x}: {px} vs {}",
                        frame.x_px(x)
                    );
                    assert!(
                        (py as f64 - frame.y_px(y)).abs() <= 1.0,
                        "{w}x{h} y={y}: {py} vs {}",
                        frame.y_px(y)
                    );
                }
            }
            let back = frame.x_at_px(frame.x_px(90.0)).expect("inside");
            assert!((back - 90.0).abs() < 1e-9);
            assert_eq!(frame.x_at_px(frame.plot.left as f64 - 5.0), None);
        }
    }

    #[test]
    fn clipping_cuts_where_a_line_leaves_the_plot() {
        let runs = clip_above(&[(0.0, 0.0), (1.0, 2.0), (2.0, 0.0), (3.0, 0.5)], 1.0);
        assert_eq!(
            runs,
            vec![
                vec![(0.0, 0.0), (0.5, 1.0)],
                vec![(1.5, 1.0), (2.0, 0.0), (3.0, 0.5)]
            ]
        );
        assert!(clip_above(&[(0.0, 5.0), (1.0, 6.0)], 1.0).is_empty());
    }
}
