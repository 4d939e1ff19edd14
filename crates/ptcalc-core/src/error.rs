//! The typed errors of the core: one variant per failure, each `Display`ed as a
//! sentence a user can act on.
use alloc::string::String;
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
    /// The offering has no published capacity per unit and none was entered.
    NoCapacity {
        /// The offering's id.
        offering: String,
        /// The unit's name (PTU, GSU, model unit…).
        unit: String,
    },
    /// The offering has no price for the chosen term and deployment.
    NoUnitPrice {
        /// The offering's id.
        offering: String,
        /// The term asked for.
        term: &'static str,
    },
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
            Error::NoCapacity { offering, unit } => write!(
                f,
                "{offering} publishes no throughput per {unit}: enter one (link key cap, tokens per minute per unit)"
            ),
            Error::NoUnitPrice { offering, term } => write!(
                f,
                "{offering} has no published price for the {term} term: enter one (link key pu or pm) or pick another term"
            ),
            Error::OutOfRange { key, allowed } => write!(f, "{key}: {allowed}"),
        }
    }
}

impl core::error::Error for Error {}
