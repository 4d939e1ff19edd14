//! Why an import was refused. A bad file is rejected whole: the error lists the
//! first problems found, each with where it is (line and column) and what was
//! expected there, so the user can fix the file.
use std::fmt;

/// Where in the file a problem sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number, when known.
    pub line: Option<u64>,
    /// The column's name (CSV header) or JSON path, when known.
    pub column: Option<String>,
}

impl Location {
    pub(crate) fn line(line: u64) -> Location {
        Location {
            line: Some(line),
            column: None,
        }
    }

    pub(crate) fn cell(line: u64, column: &str) -> Location {
        Location {
            line: Some(line),
            column: Some(column.to_string()),
        }
    }

    pub(crate) fn path(path: String) -> Location {
        Location {
            line: None,
            column: Some(path),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.line, &self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}"),
            (Some(l), None) => write!(f, "line {l}"),
            (None, Some(c)) => write!(f, "at {c}"),
            (None, None) => write!(f, "in the file"),
        }
    }
}

/// One thing wrong with a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub at: Location,
    /// What was found and what was expected, as a sentence.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// How many problems an error lists before the importer stops reading.
pub const MAX_PROBLEMS: usize = 5;

/// Everything an import can refuse. Nothing is imported when one of these is returned.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// The file has no data at all (no bytes, or only blank lines).
    Empty,
    /// The file is not text (a NUL byte or invalid UTF-8 near the start).
    Binary {
        /// Byte offset of the first non-text byte.
        offset: u64,
    },
    /// The content matches none of the known formats.
    UnknownFormat {
        /// What the start of the file looked like.
        found: String,
    },
    /// A header or document without a column or field the format needs.
    MissingColumn {
        /// The format that was recognized.
        format: &'static str,
        /// The columns or fields that were needed.
        expected: String,
        /// What the file has.
        found: String,
    },
    /// Rows with values that cannot be read (the first few, by line and column).
    Rows(Vec<Problem>),
    /// A header only: no data rows.
    NoRows,
    /// Every token count is zero: there is no load to size.
    AllZero {
        /// Rows read.
        rows: u64,
    },
    /// A single data row of a format that needs two to tell its time step.
    OneRow,
    /// Timestamps spread over more than the longest period the importer keeps.
    PeriodTooLong {
        /// Days between the first and last timestamp.
        days: u64,
        /// The allowed maximum.
        max_days: u64,
    },
    /// More series × days than the importer holds in memory.
    TooManySeries {
        /// Series seen.
        series: usize,
        /// The limit on series × days.
        max_series_days: usize,
    },
    /// A JSON document larger than the importer reads into memory.
    TooLarge {
        /// Bytes seen.
        bytes: u64,
        /// The limit.
        max_bytes: u64,
    },
    /// A series chosen by name or index that the file does not hold.
    NoSuchSeries {
        /// What was asked for.
        asked: String,
        /// What the file holds.
        available: Vec<String>,
    },
    /// The import was used after it already failed or finished.
    Finished,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "the file is empty: expected a CSV or JSON usage export"),
            ImportError::Binary { offset } => write!(
                f,
                "the file is not text (byte {offset} is not UTF-8 text): expected a CSV or JSON usage export, not a spreadsheet or archive"
            ),
            ImportError::UnknownFormat { found } => write!(
                f,
                "unknown format: the file starts with {found:?}; expected a CSV with a time column and token columns \
                 (input, output), an Azure Monitor or Log Analytics export, a CloudWatch get-metric-data JSON \
                 or an OpenAI usage export"
            ),
            ImportError::MissingColumn { format, expected, found } => write!(
                f,
                "{format}: expected {expected}; the file has {found}"
            ),
            ImportError::Rows(problems) => {
                write!(f, "the file was not imported; fix these rows first:")?;
                for p in problems {
                    write!(f, "\n  {p}")?;
                }
                Ok(())
            }
            ImportError::NoRows => write!(f, "the file has a header but no data rows"),
            ImportError::AllZero { rows } => write!(
                f,
                "every token count in the {rows} rows is zero: there is no load to size; check that the export covers a period with traffic"
            ),
            ImportError::OneRow => write!(
                f,
                "the file has a single data row: at least two are needed to tell the time step (a per-request log can have one)"
            ),
            ImportError::PeriodTooLong { days, max_days } => write!(
                f,
                "the timestamps span {days} days; at most {max_days} days can be imported: export a shorter period"
            ),
            ImportError::TooManySeries { series, max_series_days } => write!(
                f,
                "the file holds {series} series; at most {max_series_days} series × days can be imported: \
                 export fewer deployments or models, or a shorter period"
            ),
            ImportError::TooLarge { bytes, max_bytes } => write!(
                f,
                "the JSON document is {bytes} bytes; at most {max_bytes} can be read: export a shorter period or use CSV"
            ),
            ImportError::NoSuchSeries { asked, available } => write!(
                f,
                "no series {asked:?} in the file; it holds: {}",
                available.join(", ")
            ),
            ImportError::Finished => write!(f, "this import already ended; start a new one"),
        }
    }
}

impl std::error::Error for ImportError {}
