//! The typed errors of the core: one variant per failure, each `Display`ed as a
//! sentence a user can act on.
use alloc::string::String;
use alloc::vec::Vec;

use crate::chart::ChartKind;
use crate::verdict::join_choices;
use core::fmt;

/// Everything the core can refuse.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// A peak-to-average ratio above what the traffic shape can reach with a mean of 1.
    PeakToAverageTooHigh {
        /// The shape's name (`business`, `diurnal`, `bursty`).
        shape: &'static str,
        /// What was asked for.
        requested: f64,
        /// The largest value the shape allows.
        maximum: f64,
    },
    /// A peak-to-average ratio below 1 (a peak cannot be below the average).
    PeakToAverageBelowOne(f64),
    /// A traffic series that is empty, has a negative or non-finite value, or sums to zero.
    InvalidSeries(String),
    /// A month with no minutes, or more than 31 days.
    InvalidMonth(f64),
    /// A chart name that is not one of the five.
    UnknownChartKind(String),
    /// A quiet-hours share of the busy rate outside 0…1.
    QuietShareOutOfRange(f64),
    /// A parameter outside its allowed range.
    OutOfRange {
        /// The link key of the parameter.
        key: &'static str,
        /// What is allowed, in words.
        allowed: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::PeakToAverageTooHigh { shape, requested, maximum } => write!(
                f,
                "peak-to-average {requested} is too high for the {shape} shape: the maximum is {maximum:.3}"
            ),
            Error::PeakToAverageBelowOne(v) => {
                write!(f, "peak-to-average {v} is below 1: a peak cannot be lower than the average")
            }
            Error::InvalidSeries(why) => write!(f, "invalid traffic series: {why}"),
            Error::InvalidMonth(h) => write!(
                f,
                "hours per month {h} is not allowed: use a whole number of hours from 1 to 744"
            ),
            Error::UnknownChartKind(name) => {
                write!(f, "there is no chart called \"{name}\": use ")?;
                let names: Vec<&str> = ChartKind::BY_NAME.iter().map(|k| k.as_str()).collect();
                f.write_str(&join_choices(&names))
            }
            Error::QuietShareOutOfRange(v) => write!(
                f,
                "quiet hours at {} of the busy rate is not allowed: use a share from 0% to 100%",
                crate::numfmt::percent(*v)
            ),
            Error::OutOfRange { key, allowed } => write!(f, "{key}: {allowed}"),
        }
    }
}

impl core::error::Error for Error {}
