//! The charts of ptcalc: break-even, hybrid split, load duration, a week of traffic and
//! cost over the horizon by term.
//!
//! Each chart is first a plain model computed from an [`Analysis`] (no drawing: it feeds
//! the page's data tables and pointer readouts and is tested natively), then drawn with
//! plotters on any [`DrawingBackend`]. The geometry is fixed in pixels (no text is
//! measured), so a chart comes out the same on the host and in the browser, and a
//! pointer position maps back to data without asking the DOM.
//!
//! ```
//! use ptcalc_charts::{model, render_svg, ChartKind};
//! use ptcalc_core::{report::evaluate, scenario::Overrides, Offering, Scenario, Term};
//!
//! let overrides = Overrides {
//!     capacity_per_unit_per_minute: Some(3000.0), min_units: Some(15), increment: Some(5),
//!     usd_per_unit_month: Some(221.0), input_usd_per_mtok: Some(2.0),
//!     cached_usd_per_mtok: Some(0.5), output_usd_per_mtok: Some(8.0),
//!     output_weight: Some(4.0), cached_weight: Some(0.0), ..Overrides::default()
//! };
//! let scenario = Scenario { offering: "custom".into(), overrides, ..Scenario::default() };
//! let analysis = evaluate(&scenario, &Offering::custom(&overrides, Term::Year1)).unwrap();
//!
//! let chart = model(ChartKind::Hybrid, &analysis).unwrap();
//! assert!(chart.table().rows.iter().any(|row| row[0] == "optimum"));
//! let svg = render_svg(ChartKind::Hybrid, &analysis, 640, 400).unwrap();
//! assert!(svg.starts_with("<svg") && svg.contains("optimum"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod axis;
pub mod breakeven;
mod capacity;
mod downsample;
pub mod error;
pub mod frame;
pub mod hybrid;
pub mod legend;
pub mod load;
pub mod marker;
pub mod model;
mod paint;
pub mod table;
pub mod terms;
pub mod theme;
pub mod traffic;
mod words;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};
use ptcalc_core::report::Analysis;

pub use error::{ChartError, Missing};
pub use frame::{Frame, DEFAULT_SIZE, MIN_SIZE};
pub use marker::{Marker, MarkerKind};
pub use model::ChartModel;
/// The plotters version the charts are drawn with, for callers that draw on their own backend.
pub use plotters;
/// Which chart (named in the core, so links, the page and the CLI share one spelling).
pub use ptcalc_core::chart::ChartKind;
pub use table::Table;
pub use theme::Theme;

/// The model of one chart at the default size ([`DEFAULT_SIZE`]).
///
/// # Errors
/// [`ChartError::NothingToDraw`] when the analysis lacks every figure the chart needs
/// (for example no capacity per unit for the hybrid split); the error says what to enter.
pub fn model(kind: ChartKind, analysis: &Analysis) -> Result<ChartModel, ChartError> {
    model_sized(kind, analysis, DEFAULT_SIZE.0, DEFAULT_SIZE.1)
}

/// The model of one chart laid out for a `width` × `height` pixel drawing.
///
/// # Errors
/// As [`model()`], and [`ChartError::TooSmall`] below [`MIN_SIZE`].
pub fn model_sized(
    kind: ChartKind,
    analysis: &Analysis,
    width: u32,
    height: u32,
) -> Result<ChartModel, ChartError> {
    let size = (width, height);
    Ok(match kind {
        ChartKind::BreakEven => {
            ChartModel::BreakEven(breakeven::BreakEvenChart::build(analysis, size)?)
        }
        ChartKind::Hybrid => ChartModel::Hybrid(hybrid::HybridChart::build(analysis, size)?),
        ChartKind::LoadDuration => {
            ChartModel::LoadDuration(load::LoadChart::build(analysis, size)?)
        }
        ChartKind::Traffic => ChartModel::Traffic(traffic::TrafficChart::build(analysis, size)?),
        ChartKind::Terms => ChartModel::Terms(terms::TermsChart::build(analysis, size)?),
    })
}

/// Draws `model` on `root` in the light theme. When the area's size differs from the
/// model's, the chart is laid out again for the area first.
///
/// # Errors
/// [`ChartError::Drawing`] when the backend fails, [`ChartError::TooSmall`] for a tiny area.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    model: &ChartModel,
) -> Result<(), ChartError> {
    draw_with(root, model, &Theme::light())
}

/// Draws `model` on `root` with `theme`.
///
/// # Errors
/// As [`draw`].
pub fn draw_with<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    model: &ChartModel,
    theme: &Theme,
) -> Result<(), ChartError> {
    let (w, h) = root.dim_in_pixel();
    let frame = model.frame();
    if (w, h) != (frame.width, frame.height) {
        return model.resized(w, h)?.draw_on(root, theme);
    }
    model.draw_on(root, theme)
}

/// One chart as an SVG document (light theme, white background) of `width` × `height`
/// pixels with a matching `viewBox`, ready for `inner_html` or a file.
///
/// # Errors
/// As [`model_sized`] and [`draw`].
pub fn render_svg(
    kind: ChartKind,
    analysis: &Analysis,
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    render_svg_with(kind, analysis, width, height, &Theme::light())
}

/// [`render_svg`] with a theme (e.g. `Theme::dark().transparent()` on a dark page).
///
/// # Errors
/// As [`render_svg`].
pub fn render_svg_with(
    kind: ChartKind,
    analysis: &Analysis,
    width: u32,
    height: u32,
    theme: &Theme,
) -> Result<String, ChartError> {
    model_sized(kind, analysis, width, height)?.to_svg(theme)
}

impl ChartModel {
    /// This chart as an SVG document at the model's size.
    ///
    /// # Errors
    /// [`ChartError::Drawing`] when plotters fails.
    pub fn to_svg(&self, theme: &Theme) -> Result<String, ChartError> {
        let frame = self.frame();
        let mut svg = String::new();
        {
            let root =
                SVGBackend::with_string(&mut svg, (frame.width, frame.height)).into_drawing_area();
            self.draw_on(&root, theme)?;
            root.present().map_err(error::drawing)?;
        }
        Ok(svg)
    }
}
