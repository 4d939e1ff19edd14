//! Why a chart could not be drawn, each said as a sentence a user can act on.
use core::fmt;

use plotters::drawing::DrawingAreaErrorKind;

use ptcalc_core::chart::ChartKind;
use ptcalc_core::report::{MissingFigure, PoolModel};
use ptcalc_core::Term;

/// A figure a chart needs and the analysis lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// No token volume: nothing to size or price.
    EmptyWorkload,
    /// No capacity per unit (tokens per minute a unit carries).
    Capacity {
        /// The unit's name (PTU, GSU, model unit…).
        unit: String,
    },
    /// No unit price on the chosen term.
    UnitPrice {
        /// The term.
        term: Term,
    },
    /// No on-demand price to compare with.
    OnDemandPrice,
    /// Neither an on-demand figure nor any term's figure over the horizon.
    HorizonFigures,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::EmptyWorkload => f.write_str("the workload is empty — enter token rates or calls per minute"),
            Missing::Capacity { unit } => write!(
                f,
                "the offering has no capacity per {unit} — enter one (cap, tokens per minute per unit)"
            ),
            Missing::UnitPrice { term } => write!(
                f,
                "the offering has no {} price per unit — enter one (pu per unit-hour or pm per unit-month) or pick a priced term",
                term.label()
            ),
            Missing::OnDemandPrice => {
                f.write_str("the offering has no on-demand price — enter the input and output prices (pin, pout)")
            }
            Missing::HorizonFigures => f.write_str(
                "no option can be priced over the horizon — enter the on-demand prices (pin, pout) or a unit price (pu, pm)",
            ),
        }
    }
}

impl Missing {
    /// The core's missing figure for `pool` on `term`, with what the sentence names.
    pub fn of(figure: MissingFigure, pool: &PoolModel, term: Term) -> Missing {
        match figure {
            MissingFigure::Capacity => Missing::Capacity {
                unit: pool.unit.clone(),
            },
            MissingFigure::UnitPrice => Missing::UnitPrice { term },
            MissingFigure::OnDemandPrice => Missing::OnDemandPrice,
        }
    }
}

/// Everything that can stop a chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChartError {
    /// The analysis lacks what the chart needs.
    NothingToDraw {
        /// Which chart.
        chart: ChartKind,
        /// What is missing.
        missing: Missing,
    },
    /// The drawing area is smaller than [`crate::MIN_SIZE`].
    TooSmall {
        /// Width asked for, in pixels.
        width: u32,
        /// Height asked for, in pixels.
        height: u32,
    },
    /// The drawing backend failed (plotters' message).
    Drawing(String),
}

impl ChartError {
    pub(crate) fn nothing(chart: ChartKind, missing: Missing) -> ChartError {
        ChartError::NothingToDraw { chart, missing }
    }
}

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartError::NothingToDraw { chart, missing } => {
                write!(f, "nothing to draw in the {chart} chart: {missing}")
            }
            ChartError::TooSmall { width, height } => write!(
                f,
                "a {width} × {height} pixel drawing is too small for this chart: make it larger (at least {} × {}, more for long legends)",
                crate::MIN_SIZE.0,
                crate::MIN_SIZE.1
            ),
            ChartError::Drawing(why) => write!(f, "drawing the chart failed: {why}"),
        }
    }
}

impl std::error::Error for ChartError {}

/// Plotters' drawing errors, kept as their message.
pub(crate) fn drawing<E: std::error::Error + Send + Sync>(
    e: DrawingAreaErrorKind<E>,
) -> ChartError {
    ChartError::Drawing(e.to_string())
}
