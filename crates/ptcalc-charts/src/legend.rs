//! Legend entries: what each mark means, drawn in a row under the title. Markers are
//! also labelled in place; the legend names the series.
use crate::theme::{Dash, Role};

/// How a legend entry's sample is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    /// A line segment.
    Line {
        /// Meaning (colour).
        role: Role,
        /// Stroke.
        dash: Dash,
        /// Stroke width in pixels.
        width: u32,
    },
    /// A filled block.
    Area {
        /// Meaning (colour).
        role: Role,
    },
    /// A solid block (bars).
    Bar {
        /// Meaning (colour).
        role: Role,
    },
    /// A dot.
    Dot {
        /// Meaning (colour).
        role: Role,
    },
}

/// One legend entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The words.
    pub label: String,
    /// The sample.
    pub swatch: Swatch,
}

impl LegendEntry {
    pub(crate) fn line(
        label: impl Into<String>,
        role: Role,
        dash: Dash,
        width: u32,
    ) -> LegendEntry {
        LegendEntry {
            label: label.into(),
            swatch: Swatch::Line { role, dash, width },
        }
    }

    pub(crate) fn bar(label: impl Into<String>, role: Role) -> LegendEntry {
        LegendEntry {
            label: label.into(),
            swatch: Swatch::Bar { role },
        }
    }

    pub(crate) fn area(label: impl Into<String>, role: Role) -> LegendEntry {
        LegendEntry {
            label: label.into(),
            swatch: Swatch::Area { role },
        }
    }
}
