//! The five charts by name, as the CLI (`ptcalc chart KIND`) and the page spell them.
//! Drawing them is the charts crate's job; naming them is here so a link, the page and the
//! CLI share one spelling.
use alloc::string::ToString;
use core::fmt;
use core::str::FromStr;

use crate::error::Error;

/// Which chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// Monthly cost against monthly token volume: on-demand, full provisioning per term, hybrid.
    BreakEven,
    /// Monthly cost against reserved units: reserved and overflow stacked, the optimum marked.
    Hybrid,
    /// Per-minute load sorted from busiest to quietest, with the reserved capacity.
    LoadDuration,
    /// The first week of per-minute load, with the reserved capacity.
    Traffic,
    /// Cost over the horizon per term and option.
    Terms,
}

impl ChartKind {
    /// Every chart, in the page's order of reading after the verdict.
    pub const ALL: [ChartKind; 5] = [
        ChartKind::Hybrid,
        ChartKind::BreakEven,
        ChartKind::LoadDuration,
        ChartKind::Traffic,
        ChartKind::Terms,
    ];

    /// Every chart in the order the CLI lists their names.
    pub const BY_NAME: [ChartKind; 5] = [
        ChartKind::BreakEven,
        ChartKind::Hybrid,
        ChartKind::LoadDuration,
        ChartKind::Traffic,
        ChartKind::Terms,
    ];

    /// The CLI spelling.
    ///
    /// ```
    /// use ptcalc_core::chart::ChartKind;
    /// assert_eq!(ChartKind::LoadDuration.as_str(), "load");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::BreakEven => "breakeven",
            ChartKind::Hybrid => "hybrid",
            ChartKind::LoadDuration => "load",
            ChartKind::Traffic => "traffic",
            ChartKind::Terms => "terms",
        }
    }

    /// Parses the CLI spelling (also `break-even` and `load-duration`).
    ///
    /// ```
    /// use ptcalc_core::chart::ChartKind;
    /// for kind in ChartKind::ALL {
    ///     assert_eq!(ChartKind::parse(kind.as_str()), Some(kind));
    /// }
    /// assert_eq!(ChartKind::parse("pie"), None);
    /// ```
    pub fn parse(s: &str) -> Option<ChartKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "break-even" => Some(ChartKind::BreakEven),
            "load-duration" => Some(ChartKind::LoadDuration),
            other => ChartKind::ALL.into_iter().find(|k| k.as_str() == other),
        }
    }

    /// The chart's title, drawn at its top.
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::BreakEven => "Break-even: monthly cost by token volume",
            ChartKind::Hybrid => "Hybrid split: monthly cost by reserved units",
            ChartKind::LoadDuration => "Load duration: every minute of the month, busiest first",
            ChartKind::Traffic => "Traffic: the first week of the month",
            ChartKind::Terms => "Cost over the horizon by term",
        }
    }
}

impl fmt::Display for ChartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ChartKind {
    type Err = Error;

    /// Parses the CLI spelling.
    ///
    /// ```
    /// use ptcalc_core::chart::ChartKind;
    /// assert_eq!("load".parse::<ChartKind>(), Ok(ChartKind::LoadDuration));
    /// let e = "pie".parse::<ChartKind>().unwrap_err();
    /// assert_eq!(e.to_string(), "there is no chart called \"pie\": use breakeven, hybrid, load, traffic or terms");
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ChartKind::parse(s).ok_or_else(|| Error::UnknownChartKind(s.to_string()))
    }
}
