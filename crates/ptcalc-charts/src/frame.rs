//! One chart laid out at one size: where the title, legend, plot area, axes and notes
//! go, and the mapping between data and pixels. The geometry is computed here, from
//! estimated text widths, never by measuring text in the backend, so it is identical
//! natively and in the browser and the page can turn a pointer position into data.
use crate::axis::Scale;
use crate::error::ChartError;
use crate::model::ChartBase;

/// The size a model is laid out for when none is given.
pub const DEFAULT_SIZE: (u32, u32) = (720, 420);
/// The smallest drawable size.
pub const MIN_SIZE: (u32, u32) = (240, 200);
/// Width of a legend sample, pixels.
pub const SWATCH_WIDTH: i32 = 22;

/// Font sizes in pixels as they appear in the SVG (the backend divides by 1.24; the
/// drawing code multiplies it back).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fonts {
    /// Chart title.
    pub title: f64,
    /// Axis titles and marker labels.
    pub label: f64,
    /// Tick labels and legend.
    pub tick: f64,
    /// Notes under the chart.
    pub note: f64,
}

impl Fonts {
    /// Readable from a 360 px phone to a 720 px column: 11–14 px.
    pub fn for_width(width: u32) -> Fonts {
        let label = (width as f64 / 52.0).clamp(12.0, 14.0);
        Fonts {
            title: label * 1.12,
            label,
            tick: (label * 0.9).max(11.0),
            note: (label * 0.88).max(11.0),
        }
    }
}

/// Estimated width of `text` at `size` px in a sans-serif face (average advance 0.58 em).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.58
}

/// The plotting area in pixels; `right` and `bottom` are exclusive, as in plotters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlotRect {
    /// First pixel column.
    pub left: i32,
    /// First pixel row.
    pub top: i32,
    /// One past the last pixel column.
    pub right: i32,
    /// One past the last pixel row.
    pub bottom: i32,
}

/// A line of text at a pixel position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextLine {
    /// Horizontal position (meaning depends on the element: left edge or centre).
    pub x: i32,
    /// Vertical position (top of the text, or its centre for the rotated y title).
    pub y: i32,
    /// The words.
    pub text: String,
}

/// A chart's layout at one size.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// Drawing width, pixels.
    pub width: u32,
    /// Drawing height, pixels.
    pub height: u32,
    /// Font sizes.
    pub fonts: Fonts,
    /// Title lines (left, top).
    pub title: Vec<TextLine>,
    /// Legend samples: (left, vertical centre) of each entry, in legend order.
    pub legend: Vec<(i32, i32)>,
    /// The plotting area.
    pub plot: PlotRect,
    /// Horizontal axis.
    pub x: Scale,
    /// Vertical axis.
    pub y: Scale,
    /// X axis title (centre, top).
    pub x_title: TextLine,
    /// Y axis title (left edge, vertical centre; drawn rotated).
    pub y_title: TextLine,
    /// Notes under the chart (left, top); empty when they did not fit.
    pub notes: Vec<TextLine>,
}

/// Greedy word wrap to `max_width` pixels at `size`.
pub(crate) fn wrap(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size) > max_width {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

impl Frame {
    /// Lays `base` out on a `width` × `height` drawing.
    ///
    /// # Errors
    /// [`ChartError::TooSmall`] below [`MIN_SIZE`] or when title, legend and notes leave
    /// no room to plot.
    pub fn layout(base: &ChartBase, width: u32, height: u32) -> Result<Frame, ChartError> {
        Frame::layout_with(base, width, height, true)
            .or_else(|_| Frame::layout_with(base, width, height, false))
    }

    /// Lays out with or without the notes. Notes are dropped from the drawing when they
    /// would take more than a fifth of its height or leave no room to plot; a page should
    /// show [`ChartBase::notes`] as text when `frame.notes` is empty.
    fn layout_with(
        base: &ChartBase,
        width: u32,
        height: u32,
        with_notes: bool,
    ) -> Result<Frame, ChartError> {
        let too_small = ChartError::TooSmall { width, height };
        if width < MIN_SIZE.0 || height < MIN_SIZE.1 {
            return Err(too_small);
        }
        let (w, h) = (width as f64, height as f64);
        let fonts = Fonts::for_width(width);
        let pad = (fonts.label * 0.8).round();
        let inner = w - 2.0 * pad;

        // Title, wrapped.
        let mut y = (pad * 0.8).round();
        let mut title = Vec::new();
        for line in wrap(&base.title, inner, fonts.title) {
            title.push(TextLine {
                x: pad as i32,
                y: y as i32,
                text: line,
            });
            y += fonts.title * 1.3;
        }
        y += pad * 0.35;

        // Legend, flowing in rows.
        let row_h = (fonts.tick * 1.55).round();
        let mut legend = Vec::new();
        let (mut x, mut row) = (pad, 0.0);
        for entry in &base.legend {
            let entry_w = SWATCH_WIDTH as f64 + 6.0 + text_width(&entry.label, fonts.tick);
            if x > pad && x + entry_w > w - pad {
                row += 1.0;
                x = pad;
            }
            legend.push((x as i32, (y + row * row_h + row_h / 2.0) as i32));
            x += entry_w + fonts.tick * 1.4;
        }
        if !base.legend.is_empty() {
            y += (row + 1.0) * row_h;
        }
        let plot_top = (y + pad * 0.5).round();

        // From the bottom up: notes, x title, tick labels.
        let note_lines: Vec<String> = base
            .notes
            .iter()
            .filter(|_| with_notes)
            .flat_map(|n| wrap(n, inner, fonts.note))
            .collect();
        let note_h = fonts.note * 1.35;
        if note_lines.len() as f64 * note_h > h * 0.22 {
            return Err(too_small);
        }
        let notes_top = h - pad * 0.5 - note_lines.len() as f64 * note_h;
        let notes: Vec<TextLine> = note_lines
            .into_iter()
            .enumerate()
            .map(|(i, text)| TextLine {
                x: pad as i32,
                y: (notes_top + i as f64 * note_h) as i32,
                text,
            })
            .collect();
        let gap = if notes.is_empty() { 0.0 } else { pad * 0.4 };
        let x_title_top = notes_top - gap - fonts.label * 1.25;
        let plot_bottom = (x_title_top - 4.0 - fonts.tick * 1.25 - 8.0).round();
        if plot_bottom - plot_top < 60.0 {
            return Err(too_small);
        }

        // Y ticks fit the height; their labels set the left margin.
        let y_max_ticks = ((plot_bottom - plot_top) / (fonts.tick * 2.4))
            .floor()
            .clamp(2.0, 8.0) as usize;
        let y_scale = base.y.scale(y_max_ticks);
        let y_label_w = y_scale
            .ticks
            .iter()
            .map(|(_, l)| text_width(l, fonts.tick))
            .fold(0.0, f64::max);
        let y_title_x = (pad * 0.4).round();
        let plot_left = (y_title_x + fonts.label * 1.3 + 6.0 + y_label_w + 8.0).round();
        let plot_right = (w - pad - fonts.tick * 1.2).round();
        if plot_right - plot_left < 100.0 {
            return Err(too_small);
        }

        // X ticks fit the width of their own labels.
        let probe = base.x.scale(10);
        let x_label_w = probe
            .ticks
            .iter()
            .map(|(_, l)| text_width(l, fonts.tick))
            .fold(0.0, f64::max);
        let x_max_ticks = ((plot_right - plot_left) / (x_label_w + fonts.tick * 1.6))
            .floor()
            .clamp(2.0, 10.0) as usize;
        let mut x_scale = base.x.scale(x_max_ticks);
        match &base.x.format {
            crate::axis::TickFormat::Category(names) => {
                let slot = (plot_right - plot_left) / names.len().max(1) as f64;
                if x_scale
                    .ticks
                    .iter()
                    .any(|(_, l)| text_width(l, fonts.tick) > slot - 4.0)
                {
                    for (tick, (_, short)) in x_scale.ticks.iter_mut().zip(names) {
                        tick.1 = short.clone();
                    }
                }
            }
            _ => thin_fixed_ticks(&mut x_scale, plot_right - plot_left, fonts.tick),
        }

        Ok(Frame {
            width,
            height,
            fonts,
            title,
            legend,
            plot: PlotRect {
                left: plot_left as i32,
                top: plot_top as i32,
                right: plot_right as i32,
                bottom: plot_bottom as i32,
            },
            x: x_scale,
            y: y_scale,
            x_title: TextLine {
                x: ((plot_left + plot_right) / 2.0) as i32,
                y: x_title_top as i32,
                text: base.x.title.clone(),
            },
            y_title: TextLine {
                x: y_title_x as i32,
                y: ((plot_top + plot_bottom) / 2.0) as i32,
                text: base.y.title.clone(),
            },
            notes,
        })
    }

    /// Pixel column of data value `x` (plotters' mapping onto `left ..= right − 1`).
    pub fn x_px(&self, x: f64) -> f64 {
        let p = &self.plot;
        p.left as f64 + (x - self.x.lo) / (self.x.hi - self.x.lo) * (p.right - 1 - p.left) as f64
    }

    /// Pixel row of data value `y` (`bottom − 1` at the axis start, `top` at its end).
    pub fn y_px(&self, y: f64) -> f64 {
        let p = &self.plot;
        (p.bottom - 1) as f64
            - (y - self.y.lo) / (self.y.hi - self.y.lo) * (p.bottom - 1 - p.top) as f64
    }

    /// The data value at pixel column `px`, `None` outside the plotting area.
    pub fn x_at_px(&self, px: f64) -> Option<f64> {
        let p = &self.plot;
        let span = (p.right - 1 - p.left) as f64;
        let t = (px - p.left as f64) / span;
        let slack = 0.5 / span;
        (px.is_finite() && (-slack..=1.0 + slack).contains(&t))
            .then(|| self.x.lo + t.clamp(0.0, 1.0) * (self.x.hi - self.x.lo))
    }

    /// The data value under a pointer at `fraction` (0..1) of the drawing's full width.
    pub fn x_at_fraction(&self, fraction: f64) -> Option<f64> {
        self.x_at_px(fraction * self.width as f64)
    }

    /// The fraction of the full width at which data value `x` sits (inverse of
    /// [`Frame::x_at_fraction`]), e.g. to place a keyboard-driven readout.
    pub fn fraction_at(&self, x: f64) -> f64 {
        self.x_px(x) / self.width as f64
    }
}

/// Drops every other fixed tick (weekdays) until their labels fit.
fn thin_fixed_ticks(scale: &mut Scale, plot_width: f64, tick_size: f64) {
    for _ in 0..4 {
        let n = scale.ticks.len();
        if n < 3 {
            return;
        }
        let need: f64 = scale
            .ticks
            .iter()
            .map(|(_, l)| text_width(l, tick_size) + tick_size)
            .sum();
        if need <= plot_width {
            return;
        }
        scale.ticks = scale.ticks.iter().step_by(2).cloned().collect();
    }
}
