//! A chart model: what one chart shows, computed from an `Analysis` without drawing,
//! plus its layout at one size. The same model feeds the drawing, the data table and
//! the pointer readout, so all three show the same numbers.
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use crate::axis::AxisSpec;
use crate::breakeven::BreakEvenChart;
use crate::error::ChartError;
use crate::frame::Frame;
use crate::hybrid::HybridChart;
use crate::legend::LegendEntry;
use crate::load::LoadChart;
use crate::marker::Marker;
use crate::table::Table;
use crate::terms::TermsChart;
use crate::theme::Theme;
use crate::traffic::TrafficChart;
use ptcalc_core::chart::ChartKind;

/// What every chart has: title, legend, notes and axes (before layout).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartBase {
    /// Which chart.
    pub kind: ChartKind,
    /// Drawn at the top.
    pub title: String,
    /// Series names.
    pub legend: Vec<LegendEntry>,
    /// Sentences under the chart: what is shown, what is missing and why.
    pub notes: Vec<String>,
    /// Horizontal axis.
    pub x: AxisSpec,
    /// Vertical axis.
    pub y: AxisSpec,
}

/// The behaviour every chart model shares.
/// The accessors every chart shares: its `base` and `frame` fields.
macro_rules! chart_parts {
    () => {
        fn base(&self) -> &$crate::model::ChartBase {
            &self.base
        }

        fn frame(&self) -> &$crate::frame::Frame {
            &self.frame
        }

        fn frame_mut(&mut self) -> &mut $crate::frame::Frame {
            &mut self.frame
        }
    };
}
pub(crate) use chart_parts;

pub(crate) trait Chart: Sized + Clone {
    fn base(&self) -> &ChartBase;
    fn frame(&self) -> &Frame;
    fn frame_mut(&mut self) -> &mut Frame;
    fn table(&self) -> Table;
    fn readout_at(&self, x: f64) -> Option<String>;
    fn markers(&self) -> Vec<Marker>;
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError>;

    fn resized(&self, width: u32, height: u32) -> Result<Self, ChartError> {
        let mut c = self.clone();
        *c.frame_mut() = Frame::layout(self.base(), width, height)?;
        Ok(c)
    }
}

/// One chart's model.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartModel {
    /// Cost against volume.
    BreakEven(BreakEvenChart),
    /// Cost against reserved units.
    Hybrid(HybridChart),
    /// Sorted per-minute load.
    LoadDuration(LoadChart),
    /// A week of per-minute load.
    Traffic(TrafficChart),
    /// Cost over the horizon by term.
    Terms(TermsChart),
}

macro_rules! each {
    ($self:expr, $c:ident => $e:expr) => {
        match $self {
            ChartModel::BreakEven($c) => $e,
            ChartModel::Hybrid($c) => $e,
            ChartModel::LoadDuration($c) => $e,
            ChartModel::Traffic($c) => $e,
            ChartModel::Terms($c) => $e,
        }
    };
}

impl ChartModel {
    /// Which chart.
    pub fn kind(&self) -> ChartKind {
        self.base().kind
    }

    /// Title, legend, notes and axes.
    pub fn base(&self) -> &ChartBase {
        each!(self, c => c.base())
    }

    /// The layout at the model's size (plot area, ticks, data ↔ pixel mapping).
    pub fn frame(&self) -> &Frame {
        each!(self, c => c.frame())
    }

    /// The chart's numbers as a table, formatted as on the page.
    pub fn table(&self) -> Table {
        each!(self, c => c.table())
    }

    /// The values under a pointer at `x_fraction` (0..1) of the drawing's full width,
    /// e.g. `"40 PTU: reserved $10.4k + overflow $2.1k = $12.5k/month"`; `None` outside
    /// the plotting area.
    pub fn readout(&self, x_fraction: f64) -> Option<String> {
        let x = self.frame().x_at_fraction(x_fraction)?;
        each!(self, c => c.readout_at(x))
    }

    /// The labelled markers with their data and pixel positions.
    pub fn markers(&self) -> Vec<Marker> {
        each!(self, c => c.markers())
    }

    /// The fraction of the full width at data value `x` (inverse of the readout's mapping).
    pub fn fraction_at(&self, x: f64) -> f64 {
        self.frame().fraction_at(x)
    }

    /// The same chart laid out for another size.
    ///
    /// # Errors
    /// [`ChartError::TooSmall`].
    pub fn resized(&self, width: u32, height: u32) -> Result<ChartModel, ChartError> {
        Ok(match self {
            ChartModel::BreakEven(c) => ChartModel::BreakEven(c.resized(width, height)?),
            ChartModel::Hybrid(c) => ChartModel::Hybrid(c.resized(width, height)?),
            ChartModel::LoadDuration(c) => ChartModel::LoadDuration(c.resized(width, height)?),
            ChartModel::Traffic(c) => ChartModel::Traffic(c.resized(width, height)?),
            ChartModel::Terms(c) => ChartModel::Terms(c.resized(width, height)?),
        })
    }

    pub(crate) fn draw_on<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        each!(self, c => c.draw(root, theme))
    }
}
