//! Markers: the named points of a chart (optimum, P-points, break-evens, "you are
//! here"), each with its data position, the pixel position the chart's mapping gives it
//! and where its label goes. Plotters' SVG has no ids, so tests and the page find
//! markers here rather than in the SVG.
use crate::frame::{text_width, Frame};
use crate::theme::Role;

/// What a marker marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// The hybrid optimum.
    Optimum,
    /// A provisioning point (P50 … peak).
    Percentile,
    /// A term's break-even volume.
    BreakEven,
    /// The scenario as entered.
    Current,
    /// A reserved-capacity line's label.
    Capacity,
    /// Where load crosses the reserved capacity.
    Crossing,
    /// The top of a bar.
    Bar,
    /// A series named in place (e.g. where it leaves the plot).
    Series,
}

/// One marker.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// What it marks.
    pub kind: MarkerKind,
    /// Its label, drawn in place.
    pub label: String,
    /// Meaning (colour).
    pub role: Role,
    /// Data x.
    pub x: f64,
    /// Data y.
    pub y: f64,
    /// Pixel column, from the chart's mapping.
    pub px: f64,
    /// Pixel row.
    pub py: f64,
    /// Top-left corner of the label, pixels.
    pub label_at: (i32, i32),
    /// Whether a dot is drawn at (px, py); labels of lines have none.
    pub dot: bool,
}

/// Where a label prefers to sit relative to its anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Above,
    Below,
    Right,
    Left,
    AboveLeft,
    AboveRight,
}

/// A marker before its label is placed.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    pub kind: MarkerKind,
    pub label: String,
    pub role: Role,
    pub x: f64,
    pub y: f64,
    pub side: Side,
    pub dot: bool,
    /// Overrides the pixel anchor (labels of lines placed at the plot's edge).
    pub anchor: Option<(f64, f64)>,
}

impl Pending {
    pub(crate) fn new(
        kind: MarkerKind,
        label: String,
        role: Role,
        (x, y): (f64, f64),
        side: Side,
    ) -> Pending {
        Pending {
            kind,
            label,
            role,
            x,
            y,
            side,
            dot: true,
            anchor: None,
        }
    }

    pub(crate) fn without_dot(mut self) -> Pending {
        self.dot = false;
        self
    }
}

type Box2 = (f64, f64, f64, f64);

fn overlaps(a: &Box2, b: &Box2) -> bool {
    a.0 < b.2 + 2.0 && b.0 < a.2 + 2.0 && a.1 < b.3 + 1.0 && b.1 < a.3 + 1.0
}

/// Pixel points along polylines given in data coordinates, every few pixels, for
/// labels to keep clear of.
pub(crate) fn trace(frame: &Frame, lines: &[&[(f64, f64)]]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    for line in lines {
        let px: Vec<(f64, f64)> = line
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|(x, y)| (frame.x_px(*x), frame.y_px(*y)))
            .collect();
        for w in px.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            let steps = ((x1 - x0).hypot(y1 - y0) / 4.0).ceil().clamp(1.0, 400.0) as usize;
            out.extend((0..steps).map(|i| {
                let t = i as f64 / steps as f64;
                (x0 + t * (x1 - x0), y0 + t * (y1 - y0))
            }));
        }
        out.extend(px.last().copied());
    }
    out
}

/// Maps markers to pixels and places their labels inside the plot so that no two
/// overlap (greedy, in the given order, so put the most important first).
pub(crate) fn place(frame: &Frame, pending: Vec<Pending>) -> Vec<Marker> {
    place_clear_of(frame, pending, &[])
}

/// [`place`], also keeping labels off the pixel points `obstacles` (see [`trace`])
/// where some candidate position allows it.
pub(crate) fn place_clear_of(
    frame: &Frame,
    pending: Vec<Pending>,
    obstacles: &[(f64, f64)],
) -> Vec<Marker> {
    let size = frame.fonts.label;
    let h = size * 1.25;
    let gap = 7.0;
    let p = &frame.plot;
    let (x_lo, x_hi) = (p.left as f64 + 2.0, (p.right - 2) as f64);
    let (y_lo, y_hi) = (p.top as f64 + 1.0, (p.bottom - 2) as f64);
    let mut placed: Vec<Box2> = Vec::new();
    let mut out = Vec::with_capacity(pending.len());
    for m in pending {
        let (px, py) = (frame.x_px(m.x), frame.y_px(m.y));
        let (ax, ay) = m.anchor.unwrap_or((px, py));
        let w = text_width(&m.label, size);
        let at = |side: Side| -> (f64, f64) {
            match side {
                Side::Above => (ax - w / 2.0, ay - gap - h),
                Side::Below => (ax - w / 2.0, ay + gap),
                Side::Right => (ax + gap, ay - h / 2.0),
                Side::Left => (ax - gap - w, ay - h / 2.0),
                Side::AboveLeft => (ax - w - gap / 2.0, ay - gap - h),
                Side::AboveRight => (ax + gap / 2.0, ay - gap - h),
            }
        };
        let sides = [
            Side::Above,
            Side::AboveRight,
            Side::AboveLeft,
            Side::Right,
            Side::Left,
            Side::Below,
        ];
        let mut candidates: Vec<(f64, f64)> = vec![at(m.side)];
        candidates.extend(sides.iter().filter(|s| **s != m.side).map(|s| at(*s)));
        let (bx, by) = at(m.side);
        for k in 1..=8 {
            candidates.push((bx, by - k as f64 * h));
            candidates.push((bx, by + k as f64 * h));
        }
        let clamp = |(x, y): (f64, f64)| -> Box2 {
            let x = x.min(x_hi - w).max(x_lo);
            let y = y.min(y_hi - h).max(y_lo);
            (x, y, x + w, y + h)
        };
        let boxed: Vec<Box2> = candidates.into_iter().map(clamp).collect();
        let free = |b: &&Box2| !placed.iter().any(|q| overlaps(b, q));
        let clear = |b: &&Box2| {
            !obstacles
                .iter()
                .any(|(x, y)| *x > b.0 - 1.0 && *x < b.2 + 1.0 && *y > b.1 - 1.0 && *y < b.3 + 1.0)
        };
        let chosen = boxed
            .iter()
            .find(|b| free(b) && clear(b))
            .or_else(|| boxed.iter().find(free))
            .copied()
            .unwrap_or(boxed[0]);
        placed.push(chosen);
        out.push(Marker {
            kind: m.kind,
            label: m.label,
            role: m.role,
            x: m.x,
            y: m.y,
            px,
            py,
            label_at: (chosen.0.round() as i32, chosen.1.round() as i32),
            dot: m.dot,
        });
    }
    out
}
