//! What an import yields: per-minute token series of each kind, per series
//! (deployment or model) when the file holds several, with the warnings the
//! reading raised.
use std::fmt;

use crate::error::ImportError;
use crate::kind::TokenKind;
use crate::time::format_minute;
use crate::Format;

/// Something the user should know about what was read; the import still succeeded.
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// The data's step is coarser than a minute: minute peaks cannot be seen.
    Coarse {
        /// The step, in minutes (60 for hourly, 1 440 for daily data).
        step_minutes: u64,
        /// The peak factor applied within each bucket (1 = spread evenly).
        peak_factor: f64,
    },
    /// Minutes in the period with no row, where the format does not say that means zero.
    Gaps {
        /// How many minutes have no data (they count as zero).
        missing_minutes: u64,
    },
    /// Rows earlier than a row before them (summed where they belong).
    OutOfOrder {
        /// How many rows.
        rows: u64,
    },
    /// Rows repeating a minute already reported for the same series and kind (summed).
    Repeats {
        /// How many rows.
        rows: u64,
    },
    /// A time step above a minute that is not a whole number of minutes.
    IrregularStep {
        /// The step, in seconds.
        seconds: i64,
    },
    /// Metrics or columns the importer does not use.
    Ignored {
        /// Their names.
        names: Vec<String>,
    },
    /// Both legacy and newer Azure metric names for the same tokens: the newer were used.
    LegacyDuplicates {
        /// The legacy names dropped.
        names: Vec<String>,
    },
    /// The document says more pages follow: this file is only part of the period.
    MorePages,
    /// Rows whose cached plus cache-write tokens exceed their input (uncached set to 0).
    CachedAboveInput {
        /// How many rows.
        rows: u64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Coarse { step_minutes, peak_factor } => {
                let what = match step_minutes {
                    60 => "hourly".to_string(),
                    1_440 => "daily".to_string(),
                    m => format!("{m}-minute"),
                };
                if *peak_factor > 1.0 {
                    write!(f, "the data is {what}: minute peaks cannot be seen in it; each bucket was spread over its minutes with its busiest minutes at {peak_factor} × the bucket's mean")
                } else {
                    write!(f, "the data is {what}: minute peaks cannot be seen in it; each bucket was spread evenly over its minutes (set a peak factor to model peaks within a bucket)")
                }
            }
            Warning::Gaps { missing_minutes } => write!(
                f,
                "{missing_minutes} minutes of the period have no data and count as zero traffic; check the export covers the whole period"
            ),
            Warning::OutOfOrder { rows } => write!(
                f,
                "{rows} rows are earlier than a row before them; they were added to their own minutes"
            ),
            Warning::Repeats { rows } => write!(
                f,
                "{rows} rows repeat a time already reported for the same series; they were added together (remove duplicates if the file joins overlapping exports)"
            ),
            Warning::IrregularStep { seconds } => write!(
                f,
                "the rows are {seconds} s apart, not a whole number of minutes; each row was put in the minute it starts in"
            ),
            Warning::Ignored { names } => write!(f, "not used: {}", names.join(", ")),
            Warning::LegacyDuplicates { names } => write!(
                f,
                "the file has both the newer and the legacy Azure metric names; the newer were used and {} ignored so tokens are not counted twice",
                names.join(", ")
            ),
            Warning::MorePages => write!(
                f,
                "the export says more pages follow: this file covers only part of the period; fetch every page and join them"
            ),
            Warning::CachedAboveInput { rows } => write!(
                f,
                "{rows} rows have more cached and cache-write tokens than input tokens; their uncached input was set to 0"
            ),
        }
    }
}

/// One deployment's or model's per-minute tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Its name in the file (empty when the file holds one unnamed series).
    pub name: String,
    pub(crate) kinds: [Vec<f64>; 4],
}

impl Series {
    /// Tokens of `kind` per minute, minute 0 = the import's start.
    pub fn tokens(&self, kind: TokenKind) -> &[f64] {
        &self.kinds[kind.index()]
    }
}

/// Which series of a file to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// All of them, summed minute by minute.
    All,
    /// The one with this name.
    Named(String),
}

/// An imported file: what was read and its per-minute series.
#[derive(Clone, Debug, PartialEq)]
pub struct Usage {
    /// The format that was recognized.
    pub format: Format,
    /// Unix minute (minutes since 1970-01-01T00:00Z) of the first minute.
    pub start_unix_minute: i64,
    /// Minutes covered, first to last (the same for every series).
    pub minutes: usize,
    /// The data's time step in minutes (1 for minute data and request logs).
    pub step_minutes: u64,
    /// Minutes of the period no row reported.
    pub missing_minutes: u64,
    /// Data rows (or data points) read.
    pub rows: u64,
    /// What the user should know.
    pub warnings: Vec<Warning>,
    series: Vec<Series>,
}

/// Per-minute token series of each kind, ready for sizing.
#[derive(Clone, Debug, PartialEq)]
pub struct MinuteSeries {
    /// Unix minute of minute 0.
    pub start_unix_minute: i64,
    /// Uncached input tokens per minute.
    pub input: Vec<f64>,
    /// Cached input tokens per minute.
    pub cached: Vec<f64>,
    /// Cache-write tokens per minute.
    pub cache_write: Vec<f64>,
    /// Output tokens per minute.
    pub output: Vec<f64>,
}

impl MinuteSeries {
    /// Number of minutes.
    pub fn minutes(&self) -> usize {
        self.input.len()
    }

    /// Tokens of `kind` per minute.
    pub fn tokens(&self, kind: TokenKind) -> &[f64] {
        match kind {
            TokenKind::Input => &self.input,
            TokenKind::Cached => &self.cached,
            TokenKind::CacheWrite => &self.cache_write,
            TokenKind::Output => &self.output,
        }
    }

    /// Σ over kinds of weight × tokens, per minute: the load in the caller's
    /// normalized tokens (weights in [`TokenKind::ALL`] order).
    ///
    /// ```
    /// use ptcalc_usage::MinuteSeries;
    /// let s = MinuteSeries { start_unix_minute: 0, input: vec![10.0, 0.0], cached: vec![4.0, 0.0],
    ///     cache_write: vec![0.0, 0.0], output: vec![1.0, 2.0] };
    /// assert_eq!(s.weighted([1.0, 0.0, 1.0, 4.0]), vec![14.0, 8.0]);
    /// ```
    pub fn weighted(&self, weights: [f64; 4]) -> Vec<f64> {
        (0..self.minutes())
            .map(|t| {
                TokenKind::ALL
                    .iter()
                    .map(|k| weights[k.index()] * self.tokens(*k)[t])
                    .sum()
            })
            .collect()
    }

    /// Input + cached + cache-write + output tokens per minute.
    pub fn total(&self) -> Vec<f64> {
        self.weighted([1.0; 4])
    }
}

impl Usage {
    pub(crate) fn new(
        format: Format,
        start_unix_minute: i64,
        series: Vec<Series>,
        step_minutes: u64,
        missing_minutes: u64,
        rows: u64,
        warnings: Vec<Warning>,
    ) -> Usage {
        let minutes = series.first().map_or(0, |s| s.kinds[0].len());
        Usage {
            format,
            start_unix_minute,
            minutes,
            step_minutes,
            missing_minutes,
            rows,
            warnings,
            series,
        }
    }

    /// The series the file holds (deployments or models), in order of appearance.
    pub fn series(&self) -> &[Series] {
        &self.series
    }

    /// Names of the series, for the user to choose from.
    pub fn series_names(&self) -> Vec<&str> {
        self.series.iter().map(|s| s.name.as_str()).collect()
    }

    /// `YYYY-MM-DDTHH:MMZ` of the first minute.
    pub fn start(&self) -> String {
        format_minute(self.start_unix_minute)
    }

    /// The chosen series (or all summed) as per-minute token series.
    ///
    /// # Errors
    /// [`ImportError::NoSuchSeries`] for a name the file does not hold.
    pub fn select(&self, which: &Selection) -> Result<MinuteSeries, ImportError> {
        let chosen: Vec<&Series> = match which {
            Selection::All => self.series.iter().collect(),
            Selection::Named(name) => {
                let s: Vec<&Series> = self.series.iter().filter(|s| &s.name == name).collect();
                if s.is_empty() {
                    return Err(ImportError::NoSuchSeries {
                        asked: name.clone(),
                        available: self.series.iter().map(|s| s.name.clone()).collect(),
                    });
                }
                s
            }
        };
        let sum = |kind: TokenKind| -> Vec<f64> {
            let mut out = vec![0.0; self.minutes];
            for s in &chosen {
                for (o, v) in out.iter_mut().zip(s.tokens(kind)) {
                    *o += v;
                }
            }
            out
        };
        Ok(MinuteSeries {
            start_unix_minute: self.start_unix_minute,
            input: sum(TokenKind::Input),
            cached: sum(TokenKind::Cached),
            cache_write: sum(TokenKind::CacheWrite),
            output: sum(TokenKind::Output),
        })
    }
}
