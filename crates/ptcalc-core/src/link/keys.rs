//! The key table: one entry per link key. Adding a key is one entry here (and its field on
//! the `Scenario` or the `Presentation`); the parser, the formatter, the page's fields, the
//! error text and the README's table follow from it.
use alloc::string::{String, ToString};

use super::rules::RULES;
use super::spec::{
    limits_of, Counts, Field, KeySpec, Limits, Presence, Range, Spelling, Target, Value, Written,
};
use super::{FieldError, Reason};
use crate::entry::{EntryForm, RateUnit};
use crate::offering::Deployment;
use crate::scenario::{Panel, Scenario, ShapeKind, Theme as ColourTheme, Volume};
use crate::terms::Term;

/// Declares the key table: one entry per key makes the [`Key`] variant and its [`KeySpec`].
macro_rules! link_keys {
    ($($(#[doc = $doc:literal])* $key:ident => $spec:expr,)+) => {
        /// Every key of the link; [`Key::spec`] describes it. Declared in writing order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key {
            $($(#[doc = $doc])* $key,)+
        }

        impl Key {
            /// Every key, in writing order.
            pub const ALL: [Key; [$(Key::$key),+].len()] = [$(Key::$key),+];

            /// The key's one description.
            pub fn spec(self) -> &'static KeySpec {
                match self {
                    $(Key::$key => {
                        static SPEC: KeySpec = $spec;
                        &SPEC
                    })+
                }
            }
        }
    };
}

/// The token rates of a volume (calls converted).
fn token_rates(v: Volume) -> (f64, f64) {
    match v.as_tokens() {
        Volume::Tokens {
            input_tpm,
            output_tpm,
        } => (input_tpm, output_tpm),
        Volume::Calls { .. } => (0.0, 0.0),
    }
}

/// The calls of a volume; token rates give the default calls (as a link naming only some
/// of `rpm`, `pt`, `ct` does).
fn calls_of(v: Volume) -> (f64, f64, f64) {
    match if v.is_calls() {
        v
    } else {
        Volume::DEFAULT_CALLS
    } {
        Volume::Calls {
            calls_per_minute,
            prompt_tokens,
            completion_tokens,
        } => (calls_per_minute, prompt_tokens, completion_tokens),
        Volume::Tokens { .. } => (0.0, 0.0, 0.0),
    }
}

fn tokens_only(v: Volume) -> Option<(f64, f64)> {
    (!v.is_calls()).then(|| token_rates(v))
}

fn calls_only(v: Volume) -> Option<(f64, f64, f64)> {
    v.is_calls().then(|| calls_of(v))
}

const TOKENS: Range = Range::closed(0.0, 1e12);
const SHARE: Range = Range::closed(0.0, 1.0);
const USD_PER_MTOK: Range = Range::closed(0.0, 1e4);
const WEIGHT: Range = Range::closed(0.0, 100.0);
const UNIT_STEPS: Counts = Counts {
    min: 1,
    max: 1_000_000,
};
const RATE_CARD: Presence = Presence::Optional { unset: "rate card" };

link_keys! {
    /// `v`: the link version.
    V => KeySpec {
        name: "v",
        meaning: "link version",
        noun: "the link version",
        note: "",
        presence: Presence::Required,
        written: Written::WhenSet,
        target: Target::Version,
    },
    /// `name`: the workload's name (a portfolio's workloads are told apart by it).
    Name => KeySpec {
        name: "name",
        meaning: "the workload's name, shown in the verdict and in a portfolio (`ptcalc portfolio`)",
        noun: "a name",
        note: "",
        presence: Presence::Optional { unset: "none" },
        written: Written::WhenSet,
        target: Target::Scenario(Field::Name {
            max_chars: 40,
            get: |s| s.name.as_deref(),
            set: |s, v| s.name = v,
        }),
    },
    /// `o`: the offering.
    O => KeySpec {
        name: "o",
        meaning: "offering (`ptcalc ratecards` lists them)",
        noun: "an offering id",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Id {
            examples: &["azure/gpt-4.1", "vertex/gemini-2.5-flash", "custom"],
            get: |s| Some(&s.offering),
            set: |s, v| {
                if let Some(v) = v {
                    s.offering = v;
                }
            },
        }),
    },
    /// `d`: the deployment type.
    D => KeySpec {
        name: "d",
        meaning: "deployment type (as the offering allows; `custom` has none)",
        noun: "deployment",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Choice {
            options: || Deployment::ALL.iter().map(|d| d.as_str()).collect(),
            get: |s| s.deployment.as_str(),
            set: |s, v| {
                if let Some(d) = Deployment::parse(v) {
                    s.deployment = d;
                }
            },
        }),
    },
    /// `t`: the commitment term.
    T => KeySpec {
        name: "t",
        meaning: "commitment term (as the offering allows)",
        noun: "term",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Choice {
            options: || Term::ALL.iter().map(|t| t.as_str()).collect(),
            get: |s| s.term.as_str(),
            set: |s, v| {
                if let Some(t) = Term::parse(v) {
                    s.term = t;
                }
            },
        }),
    },
    /// `in`: input tokens per minute.
    In => KeySpec {
        name: "in",
        meaning: "input tokens per minute, cached included",
        noun: "tokens per minute",
        note: "k/M/B/T suffixes allowed",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: TOKENS,
            whole: false,
            get: |s| tokens_only(s.volume).map(|t| t.0),
            set: |s, v| {
                if let Some(v) = v {
                    let (_, output_tpm) = token_rates(s.volume);
                    s.volume = Volume::Tokens { input_tpm: v, output_tpm };
                }
            },
        }),
    },
    /// `out`: output tokens per minute.
    Out => KeySpec {
        name: "out",
        meaning: "output tokens per minute, reasoning included",
        noun: "tokens per minute",
        note: "k/M/B/T suffixes allowed",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: TOKENS,
            whole: false,
            get: |s| tokens_only(s.volume).map(|t| t.1),
            set: |s, v| {
                if let Some(v) = v {
                    let (input_tpm, _) = token_rates(s.volume);
                    s.volume = Volume::Tokens { input_tpm, output_tpm: v };
                }
            },
        }),
    },
    /// `rpm`: calls per minute.
    Rpm => KeySpec {
        name: "rpm",
        meaning: "calls per minute (with `pt` and `ct`, replaces `in` and `out`)",
        noun: "calls per minute",
        note: "",
        presence: Presence::Required,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: Range::closed(0.0, 1e9),
            whole: false,
            get: |s| calls_only(s.volume).map(|c| c.0),
            set: |s, v| {
                if let Some(v) = v {
                    let (_, prompt_tokens, completion_tokens) = calls_of(s.volume);
                    s.volume = Volume::Calls { calls_per_minute: v, prompt_tokens, completion_tokens };
                }
            },
        }),
    },
    /// `pt`: prompt tokens per call.
    Pt => KeySpec {
        name: "pt",
        meaning: "prompt tokens per call, cached included",
        noun: "tokens per call",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: Range::closed(0.0, 1e7),
            whole: false,
            get: |s| calls_only(s.volume).map(|c| c.1),
            set: |s, v| {
                if let Some(v) = v {
                    let (calls_per_minute, _, completion_tokens) = calls_of(s.volume);
                    s.volume = Volume::Calls { calls_per_minute, prompt_tokens: v, completion_tokens };
                }
            },
        }),
    },
    /// `ct`: completion tokens per call.
    Ct => KeySpec {
        name: "ct",
        meaning: "completion tokens per call",
        noun: "tokens per call",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: Range::closed(0.0, 1e7),
            whole: false,
            get: |s| calls_only(s.volume).map(|c| c.2),
            set: |s, v| {
                if let Some(v) = v {
                    let (calls_per_minute, prompt_tokens, _) = calls_of(s.volume);
                    s.volume = Volume::Calls { calls_per_minute, prompt_tokens, completion_tokens: v };
                }
            },
        }),
    },
    /// `cache`: the cached share of input.
    Cache => KeySpec {
        name: "cache",
        meaning: "cached share of input tokens",
        noun: "a share",
        note: "0.2 means 20%",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: SHARE,
            whole: false,
            get: |s| Some(s.cached_share),
            set: |s, v| s.cached_share = v.unwrap_or(s.cached_share),
        }),
    },
    /// `cw`: the cache-write share of input.
    Cw => KeySpec {
        name: "cw",
        meaning: "cache-write share of input tokens (`cache` + `cw` at most 1)",
        noun: "a share",
        note: "0.2 means 20%",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: SHARE,
            whole: false,
            get: |s| Some(s.cache_write_share),
            set: |s, v| s.cache_write_share = v.unwrap_or(s.cache_write_share),
        }),
    },
    /// `shape`: the traffic shape.
    Shape => KeySpec {
        name: "shape",
        meaning: "traffic shape over the month",
        noun: "shape",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Choice {
            options: || ShapeKind::ALL.iter().map(|k| k.as_str()).collect(),
            get: |s| s.shape.as_str(),
            set: |s, v| {
                if let Some(k) = ShapeKind::parse(v) {
                    s.shape = k;
                }
            },
        }),
    },
    /// `pa`: the peak-to-average ratio.
    Pa => KeySpec {
        name: "pa",
        meaning: "peak-to-average ratio of per-minute load (not with `flat`)",
        noun: "a peak-to-average ratio",
        note: "and at most the shape's maximum for the month",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: Range::closed(1.0, 1_000.0),
            whole: false,
            get: |s| Some(s.peak_to_average),
            set: |s, v| s.peak_to_average = v.unwrap_or(s.peak_to_average),
        }),
    },
    /// `seed`: the seed of the bursty shape.
    Seed => KeySpec {
        name: "seed",
        meaning: "seed of the `bursty` shape's pattern (only with `bursty`)",
        noun: "a whole number",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Count {
            range: Counts { min: 0, max: u64::MAX },
            spelling: Spelling::Digits,
            get: |s| Some(s.seed),
            set: |s, v| s.seed = v.unwrap_or(s.seed),
        }),
    },
    /// `size`: the sizing percentile.
    Size => KeySpec {
        name: "size",
        meaning: "percentile of per-minute load to size for",
        noun: "a whole percentile",
        note: "100 = the peak minute",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Count {
            range: Counts { min: 1, max: 100 },
            spelling: Spelling::Digits,
            get: |s| Some(u64::from(s.size_percentile)),
            set: |s, v| {
                if let Some(p) = v.and_then(|v| u8::try_from(v).ok()) {
                    s.size_percentile = p;
                }
            },
        }),
    },
    /// `units`: a reserved count of the user's own.
    Units => KeySpec {
        name: "units",
        meaning: "your own reserved count, priced beside the optimum",
        noun: "a whole number of units",
        note: "",
        presence: Presence::Optional { unset: "none" },
        written: Written::WhenSet,
        target: Target::Scenario(Field::Count {
            range: Counts { min: 0, max: 1_000_000_000 },
            spelling: Spelling::Digits,
            get: |s| s.units,
            set: |s, v| s.units = v,
        }),
    },
    /// `h`: the horizon in months.
    H => KeySpec {
        name: "h",
        meaning: "horizon in months",
        noun: "a whole number of months",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Count {
            range: Counts { min: 1, max: 120 },
            spelling: Spelling::Digits,
            get: |s| Some(u64::from(s.horizon_months)),
            set: |s, v| {
                if let Some(h) = v.and_then(|v| u32::try_from(v).ok()) {
                    s.horizon_months = h;
                }
            },
        }),
    },
    /// `g`: monthly growth.
    G => KeySpec {
        name: "g",
        meaning: "monthly growth of the volume, in percent",
        noun: "a monthly growth in percent",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: Range::closed(-50.0, 100.0),
            whole: false,
            get: |s| Some(s.growth_percent),
            set: |s, v| s.growth_percent = v.unwrap_or(s.growth_percent),
        }),
    },
    /// `b`: the batch share.
    B => KeySpec {
        name: "b",
        meaning: "share of tokens sent to the batch tier (never reserved)",
        noun: "a share",
        note: "0.2 means 20%",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: SHARE,
            whole: false,
            get: |s| Some(s.batch_share),
            set: |s, v| s.batch_share = v.unwrap_or(s.batch_share),
        }),
    },
    /// `mh`: hours per month.
    Mh => KeySpec {
        name: "mh",
        meaning: "hours per month (730 is the vendors' billing month)",
        noun: "a whole number of hours per month",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Scenario(Field::Number {
            range: Range::closed(1.0, 744.0),
            whole: true,
            get: |s| Some(s.hours_per_month),
            set: |s, v| s.hours_per_month = v.unwrap_or(s.hours_per_month),
        }),
    },
    /// `cap`: capacity per unit.
    Cap => KeySpec {
        name: "cap",
        meaning: "normalized tokens per minute one unit carries",
        noun: "tokens per minute per unit,",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: Range::above(0.0, 1e12),
            whole: false,
            get: |s| s.overrides.capacity_per_unit_per_minute,
            set: |s, v| s.overrides.capacity_per_unit_per_minute = v,
        }),
    },
    /// `min`: the minimum count.
    Min => KeySpec {
        name: "min",
        meaning: "minimum units",
        noun: "a whole number of units",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Count {
            range: UNIT_STEPS,
            spelling: Spelling::Short,
            get: |s| s.overrides.min_units,
            set: |s, v| s.overrides.min_units = v,
        }),
    },
    /// `inc`: the increment above the minimum.
    Inc => KeySpec {
        name: "inc",
        meaning: "unit increment above the minimum",
        noun: "a whole number of units",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Count {
            range: UNIT_STEPS,
            spelling: Spelling::Short,
            get: |s| s.overrides.increment,
            set: |s, v| s.overrides.increment = v,
        }),
    },
    /// `wout`: the output capacity weight.
    Wout => KeySpec {
        name: "wout",
        meaning: "capacity one output token uses, relative to an input token",
        noun: "a capacity weight",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: WEIGHT,
            whole: false,
            get: |s| s.overrides.output_weight,
            set: |s, v| s.overrides.output_weight = v,
        }),
    },
    /// `wcache`: the cached-input capacity weight.
    Wcache => KeySpec {
        name: "wcache",
        meaning: "capacity one cached input token uses, relative to an input token",
        noun: "a capacity weight",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: WEIGHT,
            whole: false,
            get: |s| s.overrides.cached_weight,
            set: |s, v| s.overrides.cached_weight = v,
        }),
    },
    /// `pu`: dollars per unit-hour.
    Pu => KeySpec {
        name: "pu",
        meaning: "$ per unit-hour on the chosen term (or `pm`, not both)",
        noun: "dollars per unit-hour,",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: Range::above(0.0, 1e6),
            whole: false,
            get: |s| s.overrides.usd_per_unit_hour,
            set: |s, v| s.overrides.usd_per_unit_hour = v,
        }),
    },
    /// `pm`: dollars per unit-month.
    Pm => KeySpec {
        name: "pm",
        meaning: "$ per unit-month on the chosen term (or `pu`, not both)",
        noun: "dollars per unit-month,",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: Range::above(0.0, 1e9),
            whole: false,
            get: |s| s.overrides.usd_per_unit_month,
            set: |s, v| s.overrides.usd_per_unit_month = v,
        }),
    },
    /// `disc`: percent off every unit price.
    Disc => KeySpec {
        name: "disc",
        meaning: "% off every unit price (a negotiated discount)",
        noun: "a discount in percent",
        note: "",
        presence: Presence::Optional { unset: "none" },
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: Range::below(0.0, 100.0),
            whole: false,
            get: |s| s.overrides.discount_percent,
            set: |s, v| s.overrides.discount_percent = v,
        }),
    },
    /// `pin`: on-demand input price.
    Pin => KeySpec {
        name: "pin",
        meaning: "on-demand $ per 1M input tokens",
        noun: "dollars per 1M tokens",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: USD_PER_MTOK,
            whole: false,
            get: |s| s.overrides.input_usd_per_mtok,
            set: |s, v| s.overrides.input_usd_per_mtok = v,
        }),
    },
    /// `pcache`: on-demand cached-input price.
    Pcache => KeySpec {
        name: "pcache",
        meaning: "on-demand $ per 1M cached input tokens",
        noun: "dollars per 1M tokens",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: USD_PER_MTOK,
            whole: false,
            get: |s| s.overrides.cached_usd_per_mtok,
            set: |s, v| s.overrides.cached_usd_per_mtok = v,
        }),
    },
    /// `pcw`: on-demand cache-write price.
    Pcw => KeySpec {
        name: "pcw",
        meaning: "on-demand $ per 1M cache-write tokens",
        noun: "dollars per 1M tokens",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: USD_PER_MTOK,
            whole: false,
            get: |s| s.overrides.cache_write_usd_per_mtok,
            set: |s, v| s.overrides.cache_write_usd_per_mtok = v,
        }),
    },
    /// `pout`: on-demand output price.
    Pout => KeySpec {
        name: "pout",
        meaning: "on-demand $ per 1M output tokens",
        noun: "dollars per 1M tokens",
        note: "",
        presence: RATE_CARD,
        written: Written::WhenSet,
        target: Target::Scenario(Field::Number {
            range: USD_PER_MTOK,
            whole: false,
            get: |s| s.overrides.output_usd_per_mtok,
            set: |s, v| s.overrides.output_usd_per_mtok = v,
        }),
    },
    /// `at`: the day whose prices apply.
    At => KeySpec {
        name: "at",
        meaning: "the day whose prices apply (a promotion's price inside its dates, the regular price outside)",
        noun: "a day",
        note: "",
        presence: Presence::Optional { unset: "the day the link is opened" },
        written: Written::WhenSet,
        target: Target::Scenario(Field::Date {
            get: |s| s.at,
            set: |s, v| s.at = v,
        }),
    },
    /// `rc`: the rate-card edition the link was made with.
    Rc => KeySpec {
        name: "rc",
        meaning: "rate-card edition the link was made with: its figures are used, and a notice lists what changed since (`ptcalc ratecards --check` names the current one)",
        noun: "a rate-card edition",
        note: "",
        presence: Presence::Optional { unset: "the current edition" },
        written: Written::WhenSet,
        target: Target::Scenario(Field::Id {
            examples: &["2026-11-27"],
            get: |s| s.edition.as_deref(),
            set: |s, v| s.edition = v,
        }),
    },
    /// `org`: the fingerprint of the organization's rate card the link was made with.
    Org => KeySpec {
        name: "org",
        meaning: "fingerprint of the organization's rate card the link was made with (12 hex digits, `ptcalc_ratecards::card_fingerprint`); the card itself stays local, and a page opened without it says so",
        noun: "a rate-card fingerprint",
        note: "",
        presence: Presence::Optional { unset: "the bundled cards only" },
        written: Written::WhenSet,
        target: Target::Scenario(Field::Id {
            examples: &["3f2a9c01b7de"],
            get: |s| s.org_card.as_deref(),
            set: |s, v| s.org_card = v,
        }),
    },
    /// `load`: imported traffic, as a load summary.
    Load => KeySpec {
        name: "load",
        meaning: "imported traffic: a summary of measured per-minute load (version 1, documented in `ptcalc_core::load_summary`) that replaces `shape`, `pa` and `seed` in every figure",
        noun: "a load summary",
        note: "",
        presence: Presence::Optional { unset: "none (the synthetic shape)" },
        written: Written::WhenSet,
        target: Target::Scenario(Field::Summary {
            get: |s| s.load.as_ref(),
            set: |s, v| s.load = v,
        }),
    },
    /// `grp`: the group of workloads imported together from one file.
    Grp => KeySpec {
        name: "grp",
        meaning: "the group of workloads imported together from one file (`ptcalc portfolio --usage FILE --series all`, or the page's \"One workload per series\"), written `<tag>-<size>`: a portfolio pool holding the whole group is priced on the group's joint summary (`gload`)",
        noun: "a group label",
        note: "",
        presence: Presence::Optional { unset: "none" },
        written: Written::WhenSet,
        target: Target::Scenario(Field::Id {
            examples: &["f3a9c2-2"],
            get: |s| s.group.as_deref(),
            set: |s, v| s.group = v,
        }),
    },
    /// `gload`: the group's joint load summary.
    Gload => KeySpec {
        name: "gload",
        meaning: "on a group's first workload: the `load` summary of the group's summed series, which prices the group's pool (README \"Portfolio\")",
        noun: "a load summary",
        note: "",
        presence: Presence::Optional { unset: "none (the group is aligned by its workloads' average weeks)" },
        written: Written::WhenSet,
        target: Target::Scenario(Field::Summary {
            get: |s| s.group_load.as_ref(),
            set: |s, v| s.group_load = v,
        }),
    },
    /// `cmp`: the offerings the workload is compared on.
    Cmp => KeySpec {
        name: "cmp",
        meaning: "the offerings the scenario's workload is compared on (`ptcalc compare`): ids, an id with `~` and a deployment type, a vendor (`azure`, `vertex`, `bedrock`, `openai`, `xai`) for all of its offerings, or `all`",
        noun: "offering",
        note: "",
        presence: Presence::Optional { unset: "the scenario's model wherever the rate cards sell it" },
        written: Written::WhenSet,
        target: Target::Presentation(Field::Ids {
            examples: &["azure/gpt-4.1~datazone", "openai/gpt-4.1-scale", "vertex", "all"],
            get: |p| &p.compare,
            set: |p, ids| p.compare = ids,
        }),
    },
    /// `embed`: the compact view for an `<iframe>`.
    Embed => KeySpec {
        name: "embed",
        meaning: "`1`: the compact view for an `<iframe>`, without the page's header, form and footer",
        noun: "embed",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Presentation(Field::Choice {
            options: || alloc::vec!["0", "1"],
            get: |p| if p.embed { "1" } else { "0" },
            set: |p, v| p.embed = v == "1",
        }),
    },
    /// `view`: the panels an embedded page shows, in order.
    View => KeySpec {
        name: "view",
        meaning: "the panels an embedded page shows, in order; the names are listed under \"Embed\"",
        noun: "panel",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Presentation(Field::List {
            options: || Panel::ALL.iter().map(|p| p.as_str()).collect(),
            get: |p| p.view.iter().map(|p| p.as_str()).collect(),
            set: |p, names| {
                let view: alloc::vec::Vec<Panel> =
                    names.iter().filter_map(|n| Panel::parse(n)).collect();
                if !view.is_empty() {
                    p.view = view;
                }
            },
        }),
    },
    /// `entry`: how the page's form asks for the workload's rates.
    Entry => KeySpec {
        name: "entry",
        meaning: "how the form asks for the rates: the month's average, busy hours with quiet hours as a share of them (`business` shape), or the peak minute; `in`, `out`, `rpm` and `pa` keep the month's averages, except in a busy-hours link (`quiet`), which keeps the busy rates as typed",
        noun: "entry form",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Presentation(Field::Choice {
            options: || EntryForm::ALL.iter().map(|f| f.as_str()).collect(),
            get: |p| p.entry.as_str(),
            set: |p, v| {
                if let Some(f) = EntryForm::parse(v) {
                    p.entry = f;
                }
            },
        }),
    },
    /// `per`: the time unit the form shows rates per.
    Per => KeySpec {
        name: "per",
        meaning: "the time unit the form shows rates per (`mo`: the scenario's month); the link keeps rates per minute, except in a busy-hours link (`quiet`), whose rates are per this unit",
        noun: "time unit",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Presentation(Field::Choice {
            options: || RateUnit::ALL.iter().map(|u| u.as_str()).collect(),
            get: |p| p.per.as_str(),
            set: |p, v| {
                if let Some(u) = RateUnit::parse(v) {
                    p.per = u;
                }
            },
        }),
    },
    /// `quiet`: the quiet hours' rate as a percentage of the busy hours' (busy-hours entry).
    Quiet => KeySpec {
        name: "quiet",
        meaning: "with `entry=busy` on the `business` shape: the quiet hours' rate as a percentage of the busy hours' rate; then `in`, `out` and `rpm` are the busy hours' rates per `per`, as typed, and `pa` follows from it",
        noun: "a percentage",
        note: "only with `entry=busy` and `shape=business`",
        presence: Presence::Required,
        written: Written::WhenSet,
        target: Target::Presentation(Field::Number {
            range: Range::closed(0.0, 100.0),
            whole: false,
            get: |p| p.quiet_percent,
            set: |p, v| p.quiet_percent = v,
        }),
    },
    /// `theme`: the colour scheme.
    Theme => KeySpec {
        name: "theme",
        meaning: "colour scheme: the reader's preference, or forced",
        noun: "theme",
        note: "",
        presence: Presence::Required,
        written: Written::WhenChanged,
        target: Target::Presentation(Field::Choice {
            options: || ColourTheme::ALL.iter().map(|t| t.as_str()).collect(),
            get: |p| p.theme.as_str(),
            set: |p, v| {
                if let Some(t) = ColourTheme::parse(v) {
                    p.theme = t;
                }
            },
        }),
    },
}

impl Key {
    /// The key as written in links.
    pub fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// Looks a key up by its link spelling.
    pub fn parse(s: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What the key accepts, in words (used in warnings and error messages).
    ///
    /// ```
    /// use ptcalc_core::link::Key;
    /// assert_eq!(Key::In.allowed(), "tokens per minute from 0 to 1T (k/M/B/T suffixes allowed)");
    /// assert_eq!(Key::D.allowed(), "global, datazone or regional");
    /// ```
    pub fn allowed(self) -> String {
        self.spec().allowed()
    }

    /// Whether the key's field may be left empty (the figure then comes from the rate card).
    pub fn is_optional(self) -> bool {
        matches!(self.spec().presence, Presence::Optional { .. })
    }

    /// Whether the key describes the scenario (as opposed to the link version or the page's presentation).
    pub fn is_scenario(self) -> bool {
        matches!(self.spec().target, Target::Scenario(_))
    }

    /// The numeric limits of the key, for the page's field (`None` for words).
    pub fn limits(self) -> Option<Limits> {
        match &self.spec().target {
            Target::Scenario(f) => limits_of(f),
            Target::Presentation(f) => limits_of(f),
            Target::Version => None,
        }
    }

    /// The scenario's value for the key (`None` when unset, or not used by this scenario,
    /// like `rpm` for token rates).
    pub fn value(self, s: &Scenario) -> Option<Value> {
        match &self.spec().target {
            Target::Scenario(f) => f.value(s),
            _ => None,
        }
    }

    /// The text of the key's field: the scenario's value in link spelling, empty when unset.
    ///
    /// ```
    /// use ptcalc_core::{link::Key, Scenario};
    /// assert_eq!(Key::In.text(&Scenario::default()), "500k");
    /// assert_eq!(Key::Pin.text(&Scenario::default()), "");
    /// ```
    pub fn text(self, s: &Scenario) -> String {
        match &self.spec().target {
            Target::Scenario(f) => f.value(s).map(|v| f.spell(&v)).unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// The scenario with `text` typed into the key's field: read by the key's own rules (the
    /// same as in a link), checked against the rules it shares with other keys.
    ///
    /// # Errors
    /// What is wrong with this key's text and what is allowed; the caller keeps `scenario`.
    ///
    /// ```
    /// use ptcalc_core::{link::{format, Key}, Scenario};
    /// let s = Key::In.edit(&Scenario::default(), "250k").unwrap();
    /// assert_eq!(format(&s), "v=1&in=250k");
    /// let e = Key::In.edit(&s, "lots").unwrap_err();
    /// assert_eq!(e.key, Key::In);
    /// assert!(e.to_string().contains("from 0 to 1T"));
    /// ```
    pub fn edit(self, scenario: &Scenario, text: &str) -> Result<Scenario, FieldError> {
        let spec = self.spec();
        let error = |reason| FieldError {
            key: self,
            text: text.to_string(),
            reason,
        };
        let Target::Scenario(field) = &spec.target else {
            return Err(error(Reason::NotEditable));
        };
        let trimmed = text.trim();
        let mut next = scenario.clone();
        if trimmed.is_empty() {
            if !self.is_optional() {
                return Err(error(Reason::Empty));
            }
            field.put(&mut next, None);
        } else {
            let value = field.read(trimmed).map_err(error)?;
            field.put(&mut next, Some(value));
        }
        if let Some(problem) = RULES
            .iter()
            .filter(|r| r.keys.contains(&self))
            .find_map(|r| (r.problem)(&next))
        {
            return Err(error(Reason::Conflict(problem)));
        }
        Ok(next)
    }

    /// Whether the scenario's value for the key is one the key accepts.
    pub fn admits(self, s: &Scenario) -> bool {
        match &self.spec().target {
            Target::Scenario(f) => f.value(s).is_none_or(|v| f.admits(&v)),
            _ => true,
        }
    }

    /// Sets the key to its value in `from` (e.g. the defaults).
    pub(super) fn copy(self, from: &Scenario, to: &mut Scenario) {
        if let Target::Scenario(f) = &self.spec().target {
            f.put(to, f.value(from));
        }
    }
}
