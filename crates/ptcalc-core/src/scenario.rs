//! A scenario: everything a user chooses, the state a link carries. Plain data
//! with defaults; the link codec (`link`) reads and writes it, `report::evaluate`
//! turns it into numbers.
use alloc::string::String;
use alloc::vec::Vec;
#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::load_summary::SummaryText;
use crate::offering::Deployment;
use crate::terms::Term;

/// How the workload is described.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Volume {
    /// Average token rates: total input tokens per minute (cached included) and output tokens per minute.
    Tokens {
        /// Input tokens per minute, cached and cache-write included (`in`).
        input_tpm: f64,
        /// Output tokens per minute, reasoning included (`out`).
        output_tpm: f64,
    },
    /// Calls: calls per minute × tokens per call.
    Calls {
        /// Average calls per minute (`rpm`).
        calls_per_minute: f64,
        /// Prompt tokens per call (`pt`).
        prompt_tokens: f64,
        /// Completion tokens per call (`ct`).
        completion_tokens: f64,
    },
}

impl Volume {
    /// The same volume with each rate (input and output tokens per minute, or calls per
    /// minute) mapped by `f`; the tokens per call stay.
    ///
    /// ```
    /// use ptcalc_core::scenario::Volume;
    /// let v = Volume::Tokens { input_tpm: 100.0, output_tpm: 10.0 }.map_rates(|r| r * 2.0);
    /// assert_eq!(v, Volume::Tokens { input_tpm: 200.0, output_tpm: 20.0 });
    /// ```
    pub fn map_rates(&self, f: impl Fn(f64) -> f64) -> Volume {
        match *self {
            Volume::Tokens {
                input_tpm,
                output_tpm,
            } => Volume::Tokens {
                input_tpm: f(input_tpm),
                output_tpm: f(output_tpm),
            },
            Volume::Calls {
                calls_per_minute,
                prompt_tokens,
                completion_tokens,
            } => Volume::Calls {
                calls_per_minute: f(calls_per_minute),
                prompt_tokens,
                completion_tokens,
            },
        }
    }

    /// The calls a link describes when it names only some of `rpm`, `pt` and `ct`: 100 calls
    /// per minute of 1,000 prompt and 200 completion tokens.
    pub const DEFAULT_CALLS: Volume = Volume::Calls {
        calls_per_minute: 100.0,
        prompt_tokens: 1_000.0,
        completion_tokens: 200.0,
    };

    /// Whether the volume is described as calls.
    pub fn is_calls(&self) -> bool {
        matches!(self, Volume::Calls { .. })
    }

    /// The same token volume as input and output token rates.
    ///
    /// ```
    /// use ptcalc_core::scenario::Volume;
    /// let v = Volume::Calls { calls_per_minute: 500.0, prompt_tokens: 1_000.0, completion_tokens: 100.0 };
    /// assert_eq!(v.as_tokens(), Volume::Tokens { input_tpm: 500_000.0, output_tpm: 50_000.0 });
    /// ```
    pub fn as_tokens(self) -> Volume {
        match self {
            Volume::Calls {
                calls_per_minute,
                prompt_tokens,
                completion_tokens,
            } => Volume::Tokens {
                input_tpm: calls_per_minute * prompt_tokens,
                output_tpm: calls_per_minute * completion_tokens,
            },
            tokens => tokens,
        }
    }

    /// The same token volume as calls of the default prompt size (1,000 tokens); without
    /// input tokens there is no call count to derive, so the default calls.
    ///
    /// ```
    /// use ptcalc_core::scenario::Volume;
    /// let v = Volume::Tokens { input_tpm: 500_000.0, output_tpm: 50_000.0 };
    /// assert_eq!(v.as_calls(), Volume::Calls { calls_per_minute: 500.0, prompt_tokens: 1_000.0, completion_tokens: 100.0 });
    /// ```
    pub fn as_calls(self) -> Volume {
        match (self, Volume::DEFAULT_CALLS) {
            (
                Volume::Tokens {
                    input_tpm,
                    output_tpm,
                },
                Volume::Calls { prompt_tokens, .. },
            ) if input_tpm > 0.0 => {
                let calls = input_tpm / prompt_tokens;
                Volume::Calls {
                    calls_per_minute: calls,
                    prompt_tokens,
                    completion_tokens: output_tpm / calls,
                }
            }
            (Volume::Tokens { .. }, calls) => calls,
            (calls, _) => calls,
        }
    }
}

/// The traffic shape over a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ShapeKind {
    /// Every minute at the average.
    Flat,
    /// Mon–Fri 09:00–17:00 at the peak, other minutes lower.
    Business,
    /// A daily cosine peaking at 14:00.
    Diurnal,
    /// Seeded random bursts.
    Bursty,
    /// Every night 22:00–06:00 at the peak, other minutes lower (a nightly batch).
    Night,
}

impl ShapeKind {
    /// Every shape.
    pub const ALL: [ShapeKind; 5] = [
        ShapeKind::Flat,
        ShapeKind::Business,
        ShapeKind::Diurnal,
        ShapeKind::Bursty,
        ShapeKind::Night,
    ];

    /// The link spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ShapeKind::Flat => "flat",
            ShapeKind::Business => "business",
            ShapeKind::Diurnal => "diurnal",
            ShapeKind::Bursty => "bursty",
            ShapeKind::Night => "night",
        }
    }

    /// Parses the link spelling.
    pub fn parse(s: &str) -> Option<ShapeKind> {
        ShapeKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Figures the user typed over the rate card's (or, for `custom`, instead of one).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Overrides {
    /// Normalized tokens per minute per unit (`cap`).
    pub capacity_per_unit_per_minute: Option<f64>,
    /// Minimum units (`min`).
    pub min_units: Option<u64>,
    /// Increment above the minimum (`inc`).
    pub increment: Option<u64>,
    /// Output capacity weight (`wout`).
    pub output_weight: Option<f64>,
    /// Cached-input capacity weight (`wcache`).
    pub cached_weight: Option<f64>,
    /// Dollars per unit-hour (`pu`).
    pub usd_per_unit_hour: Option<f64>,
    /// Dollars per unit-month (`pm`).
    pub usd_per_unit_month: Option<f64>,
    /// Percent off the unit price (`disc`).
    pub discount_percent: Option<f64>,
    /// On-demand input $ per 1M (`pin`).
    pub input_usd_per_mtok: Option<f64>,
    /// On-demand cached input $ per 1M (`pcache`).
    pub cached_usd_per_mtok: Option<f64>,
    /// On-demand cache write $ per 1M (`pcw`).
    pub cache_write_usd_per_mtok: Option<f64>,
    /// On-demand output $ per 1M (`pout`).
    pub output_usd_per_mtok: Option<f64>,
}

impl Overrides {
    /// Whether any figure is overridden.
    pub fn any(&self) -> bool {
        *self != Overrides::default()
    }
}

/// Everything a user chooses. `Scenario::default()` is the page's opening scenario.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Scenario {
    /// The workload's name (`name`), e.g. `chat`; `None`: unnamed.
    pub name: Option<String>,
    /// Offering id (`o`), e.g. `azure/gpt-4.1` or `custom`.
    pub offering: String,
    /// Deployment type (`d`).
    pub deployment: Deployment,
    /// Commitment term (`t`).
    pub term: Term,
    /// Workload volume (`in`/`out` or `rpm`/`pt`/`ct`).
    pub volume: Volume,
    /// Cached share of input, 0..=1 (`cache`).
    pub cached_share: f64,
    /// Cache-write share of input, 0..=1 (`cw`).
    pub cache_write_share: f64,
    /// Traffic shape (`shape`).
    pub shape: ShapeKind,
    /// Peak-to-average ratio (`pa`).
    pub peak_to_average: f64,
    /// Seed of the bursty shape (`seed`).
    pub seed: u64,
    /// Sizing percentile, 1..=100; 100 = the peak minute (`size`).
    pub size_percentile: u8,
    /// A user-chosen reserved count (`units`).
    pub units: Option<u64>,
    /// Horizon in months (`h`).
    pub horizon_months: u32,
    /// Monthly growth in percent (`g`).
    pub growth_percent: f64,
    /// Share of tokens sent to the batch tier, 0..=1 (`b`).
    pub batch_share: f64,
    /// Hours per month (`mh`).
    pub hours_per_month: f64,
    /// Figures typed over the rate card.
    pub overrides: Overrides,
    /// The day whose prices apply (`at`); `None`: the day the link is opened, which the
    /// caller supplies (the core has no clock).
    pub at: Option<Day>,
    /// The rate-card edition the link was made with (`rc`); `None`: the current one. The
    /// rate cards check the key; the core carries it.
    pub edition: Option<String>,
    /// The fingerprint of the organization's rate card the link was made with (`org`);
    /// `None`: the bundled cards only. The page checks it against the card it has.
    pub org_card: Option<String>,
    /// Imported traffic (`load`): a summary of measured per-minute load that replaces the
    /// synthetic shape in every figure.
    pub load: Option<SummaryText>,
    /// The group of workloads imported together from one file (`grp`): a portfolio prices
    /// a pool holding the whole group on the group's joint summary. `None`: no group.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub group: Option<String>,
    /// The `load=` summary of the group's summed series (`gload`), on the group's first
    /// workload.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub group_load: Option<SummaryText>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: None,
            offering: String::from("azure/gpt-4.1"),
            deployment: Deployment::Global,
            term: Term::Year1,
            volume: Volume::Tokens {
                input_tpm: 500_000.0,
                output_tpm: 50_000.0,
            },
            cached_share: 0.5,
            cache_write_share: 0.0,
            shape: ShapeKind::Diurnal,
            peak_to_average: 1.6,
            seed: 1,
            size_percentile: 100,
            units: None,
            horizon_months: 12,
            growth_percent: 0.0,
            batch_share: 0.0,
            hours_per_month: 730.0,
            overrides: Overrides::default(),
            at: None,
            edition: None,
            org_card: None,
            load: None,
            group: None,
            group_load: None,
        }
    }
}

/// How the page shows a scenario, carried in the link after the scenario's keys. It never
/// changes a number: the report depends on the [`Scenario`] alone. Presentation keys
/// (`link::KeySpec`s whose target is the presentation) add their fields here.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Presentation {
    /// `embed=1`: the compact view for an `<iframe>`, without the page's chrome.
    pub embed: bool,
    /// `view=`: the panels an embedded page shows, in order (never empty).
    pub view: Vec<Panel>,
    /// `theme=`: light, dark, or the reader's preference.
    pub theme: Theme,
    /// `entry=`: how the page's form asks for the workload's rates.
    pub entry: crate::entry::EntryForm,
    /// `per=`: the time unit the page's form shows rates per.
    pub per: crate::entry::RateUnit,
    /// `cmp=`: the offerings the scenario's workload is compared on (ids, `id~deployment`,
    /// a vendor, or `all`); empty: the scenario's model wherever the cards sell it.
    #[cfg_attr(feature = "serde", serde(default))]
    pub compare: Vec<String>,
    /// `quiet=`: how a busy-hours link spells the shape (`link::busy`): the quiet hours'
    /// rate as a percentage of the busy hours'. Only while a link is read or written; a
    /// parsed link's scenario holds the shape as `pa` and this is `None`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub quiet_percent: Option<f64>,
}

impl Default for Presentation {
    fn default() -> Self {
        Presentation {
            embed: false,
            view: Panel::DEFAULT_VIEW.to_vec(),
            theme: Theme::Auto,
            entry: crate::entry::EntryForm::Average,
            per: crate::entry::RateUnit::Minute,
            compare: Vec::new(),
            quiet_percent: None,
        }
    }
}

/// A panel of the page, named so a link can choose the panels an embedded page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Panel {
    /// The recommendation in one sentence, with the scenario in words.
    Verdict,
    /// The key figures (monthly costs, savings, units).
    Figures,
    /// The hybrid-split chart.
    Hybrid,
    /// The break-even chart.
    Breakeven,
    /// The load-duration chart.
    Load,
    /// The traffic chart (a representative week).
    Traffic,
    /// The terms chart (cost over the horizon per term).
    Terms,
    /// The provisioning-points table.
    Points,
    /// The table of every term.
    TermTable,
    /// The model's warnings.
    Warnings,
    /// The rate-card figures used, with their sources and dates.
    Sources,
    /// The glossary.
    Glossary,
    /// The comparison of the workload on other offerings (`cmp=` names them).
    Compare,
    /// The portfolio's answer (what to reserve per pool, the gain from pooling) and its
    /// chargeback table, when the link holds two or more workloads (`w=`).
    Portfolio,
}

impl Panel {
    /// Every panel, in the full page's order.
    pub const ALL: [Panel; 14] = [
        Panel::Verdict,
        Panel::Figures,
        Panel::Hybrid,
        Panel::Breakeven,
        Panel::Load,
        Panel::Traffic,
        Panel::Terms,
        Panel::Points,
        Panel::TermTable,
        Panel::Warnings,
        Panel::Sources,
        Panel::Glossary,
        Panel::Compare,
        Panel::Portfolio,
    ];

    /// What an embedded page shows when the link names no panels.
    pub const DEFAULT_VIEW: [Panel; 3] = [Panel::Verdict, Panel::Figures, Panel::Hybrid];

    /// The panel's name in links (`view=verdict,hybrid`).
    ///
    /// ```
    /// use ptcalc_core::scenario::Panel;
    /// assert_eq!(Panel::TermTable.as_str(), "term-table");
    /// assert_eq!(Panel::parse("breakeven"), Some(Panel::Breakeven));
    /// assert_eq!(Panel::parse("portfolio"), Some(Panel::Portfolio));
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Panel::Verdict => "verdict",
            Panel::Figures => "figures",
            Panel::Hybrid => "hybrid",
            Panel::Breakeven => "breakeven",
            Panel::Load => "load",
            Panel::Traffic => "traffic",
            Panel::Terms => "terms",
            Panel::Points => "points",
            Panel::TermTable => "term-table",
            Panel::Warnings => "warnings",
            Panel::Sources => "sources",
            Panel::Glossary => "glossary",
            Panel::Compare => "compare",
            Panel::Portfolio => "portfolio",
        }
    }

    /// The panel named `name`, if any.
    pub fn parse(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The chart the panel shows, if it is a chart.
    pub fn chart(self) -> Option<crate::chart::ChartKind> {
        use crate::chart::ChartKind;
        match self {
            Panel::Hybrid => Some(ChartKind::Hybrid),
            Panel::Breakeven => Some(ChartKind::BreakEven),
            Panel::Load => Some(ChartKind::LoadDuration),
            Panel::Traffic => Some(ChartKind::Traffic),
            Panel::Terms => Some(ChartKind::Terms),
            _ => None,
        }
    }
}

/// The colour scheme of the page (`theme=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Theme {
    /// The reader's (or the host's) preference: `prefers-color-scheme`.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every theme.
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    /// The theme's name in links.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme named `name`, if any.
    pub fn parse(name: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

impl Scenario {
    /// The defaults a link falls back to for this scenario's way of describing volume:
    /// [`Scenario::default`], with [`Volume::DEFAULT_CALLS`] when the volume is calls.
    pub fn defaults_for(&self) -> Scenario {
        let mut d = Scenario::default();
        if self.volume.is_calls() {
            d.volume = Volume::DEFAULT_CALLS;
        }
        d
    }

    /// Minutes in the scenario's month (730 h → 43,800).
    pub fn minutes_per_month(&self) -> usize {
        let m = libm::round(self.hours_per_month * 60.0);
        if m.is_finite() && m >= 1.0 {
            m as usize
        } else {
            43_800
        }
    }
}
