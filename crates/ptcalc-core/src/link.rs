//! The link: a scenario as a short, readable, versioned URL query (`v=1`).
//!
//! Every key is described once, in the table at [`Key`]: its name, meaning, default,
//! allowed values, how it is read and written, and whether it belongs to the scenario or
//! to how the page presents it. The parser, the formatter, the page's fields (limits,
//! error text) and the README's key table are all derived from that table.
//!
//! Defaults are omitted, keys are written in table order, numbers in their shortest exact
//! spelling (`250k`, `1.5M`), so `parse(&format(s)) == s`. Parsing never fails: an unknown
//! key or an invalid value falls back to the default and is reported as a warning that
//! names the key and says what is allowed.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::calendar::Day;
use crate::load_summary::{SummaryError, SummaryText};
use crate::numfmt::{format_number, parse_number, spell_number};
use crate::offering::{Deployment, CUSTOM_ID};
use crate::scenario::{Presentation, Scenario, ShapeKind, Volume};
use crate::terms::Term;
use crate::traffic::max_peak_to_average;

/// The link format version this code writes.
pub const VERSION: &str = "1";

/// The numbers a key accepts: `min` to `max`, each end included or not.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// The lower end.
    pub min: f64,
    /// Whether `min` itself is allowed.
    pub min_included: bool,
    /// The upper end.
    pub max: f64,
    /// Whether `max` itself is allowed.
    pub max_included: bool,
}

impl Range {
    /// `min` to `max`, both included.
    pub const fn closed(min: f64, max: f64) -> Range {
        Range {
            min,
            min_included: true,
            max,
            max_included: true,
        }
    }

    /// Above `min` (excluded) up to `max` (included).
    pub const fn above(min: f64, max: f64) -> Range {
        Range {
            min_included: false,
            ..Range::closed(min, max)
        }
    }

    /// From `min` (included) to below `max` (excluded).
    pub const fn below(min: f64, max: f64) -> Range {
        Range {
            max_included: false,
            ..Range::closed(min, max)
        }
    }

    /// Whether `value` lies in the range (never for NaN).
    pub fn contains(&self, value: f64) -> bool {
        let low = if self.min_included {
            value >= self.min
        } else {
            value > self.min
        };
        let high = if self.max_included {
            value <= self.max
        } else {
            value < self.max
        };
        low && high
    }

    /// The range in words, its numbers spelled so they can be typed back:
    /// `from 0 to 1T`, `above 0 and up to 1M`, `from 0 to below 100`.
    ///
    /// ```
    /// use ptcalc_core::link::Range;
    /// assert_eq!(Range::closed(0.0, 1e12).describe(), "from 0 to 1T");
    /// assert_eq!(Range::above(0.0, 1e6).describe(), "above 0 and up to 1M");
    /// assert_eq!(Range::below(0.0, 100.0).describe(), "from 0 to below 100");
    /// ```
    pub fn describe(&self) -> String {
        let (min, max) = (spell_number(self.min), spell_number(self.max));
        match (self.min_included, self.max_included) {
            (true, true) => format!("from {min} to {max}"),
            (false, true) => format!("above {min} and up to {max}"),
            (true, false) => format!("from {min} to below {max}"),
            (false, false) => format!("above {min} and below {max}"),
        }
    }
}

/// The whole numbers a key accepts, `min` to `max` included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    /// The smallest.
    pub min: u64,
    /// The largest.
    pub max: u64,
}

impl Counts {
    /// The range in words: `from 1 to 1M`.
    pub fn describe(&self) -> String {
        format!(
            "from {} to {}",
            spell_count(self.min),
            spell_count(self.max)
        )
    }
}

/// A count as messages spell it: with a suffix when exact (`1B`), else every digit.
fn spell_count(n: u64) -> String {
    if n <= 1u64 << 53 {
        spell_number(n as f64)
    } else {
        n.to_string()
    }
}

/// How a whole number is written in a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spelling {
    /// Every digit: `1000`.
    Digits,
    /// The shortest exact spelling: `1k`.
    Short,
}

/// Where a key's value lives and how it is read and written. `T` is the struct the key
/// sets: the [`Scenario`] or the [`Presentation`].
pub enum Field<T> {
    /// An identifier (`o`): lowercase letters, digits and `./-_`, at most 80 characters.
    Id {
        /// Examples shown in messages.
        examples: &'static [&'static str],
        /// The current id (`None`: unset).
        get: fn(&T) -> Option<&str>,
        /// Sets (or, with `None`, unsets) the id.
        set: fn(&mut T, Option<String>),
    },
    /// A load summary (`load`): URL-safe text checked by decoding it.
    Summary {
        /// The current summary (`None`: unset).
        get: fn(&T) -> Option<&SummaryText>,
        /// Sets (or, with `None`, unsets) the summary.
        set: fn(&mut T, Option<SummaryText>),
    },
    /// A calendar day written `YYYY-MM-DD` (`at`).
    Date {
        /// The current day (`None`: unset).
        get: fn(&T) -> Option<Day>,
        /// Sets (or, with `None`, unsets) the day.
        set: fn(&mut T, Option<Day>),
    },
    /// One of a fixed list of words (`d`, `t`, `shape`).
    Choice {
        /// Every allowed word, in the order messages list them.
        options: fn() -> Vec<&'static str>,
        /// The current word.
        get: fn(&T) -> &'static str,
        /// Sets the value named by one of `options`.
        set: fn(&mut T, &str),
    },
    /// A number (`in`, `cache`, `pin`…), `None` when unset.
    Number {
        /// What it may be.
        range: Range,
        /// Whether it must be a whole number.
        whole: bool,
        /// The current value (`None`: unset, or not used in this scenario).
        get: fn(&T) -> Option<f64>,
        /// Sets (or, with `None`, unsets) the value.
        set: fn(&mut T, Option<f64>),
    },
    /// A count (`units`, `seed`, `min`…), read exactly (no trip through `f64`).
    Count {
        /// What it may be.
        range: Counts,
        /// How the link writes it.
        spelling: Spelling,
        /// The current value (`None`: unset).
        get: fn(&T) -> Option<u64>,
        /// Sets (or, with `None`, unsets) the value.
        set: fn(&mut T, Option<u64>),
    },
}

impl<T> fmt::Debug for Field<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Id { .. } => f.write_str("Id"),
            Field::Date { .. } => f.write_str("Date"),
            Field::Summary { .. } => f.write_str("Summary"),
            Field::Choice { options, .. } => write!(f, "Choice({:?})", options()),
            Field::Number { range, whole, .. } => write!(f, "Number({range:?}, whole: {whole})"),
            Field::Count {
                range, spelling, ..
            } => write!(f, "Count({range:?}, {spelling:?})"),
        }
    }
}

/// A key's value, as read from a link or a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An id or a choice.
    Text(String),
    /// A number.
    Number(f64),
    /// A count.
    Count(u64),
    /// A calendar day.
    Date(Day),
    /// A load summary.
    Summary(SummaryText),
}

impl<T> Field<T> {
    /// The current value, `None` when unset.
    fn value(&self, target: &T) -> Option<Value> {
        match self {
            Field::Id { get, .. } => get(target).map(|t| Value::Text(t.to_string())),
            Field::Date { get, .. } => get(target).map(Value::Date),
            Field::Summary { get, .. } => get(target).cloned().map(Value::Summary),
            Field::Choice { get, .. } => Some(Value::Text(get(target).to_string())),
            Field::Number { get, .. } => get(target).map(Value::Number),
            Field::Count { get, .. } => get(target).map(Value::Count),
        }
    }

    /// Sets a value this field has read (or admits); `None` unsets it.
    fn put(&self, target: &mut T, value: Option<Value>) {
        match (self, value) {
            (Field::Id { set, .. }, Some(Value::Text(t))) => set(target, Some(t)),
            (Field::Id { set, .. }, None) => set(target, None),
            (Field::Date { set, .. }, Some(Value::Date(d))) => set(target, Some(d)),
            (Field::Date { set, .. }, None) => set(target, None),
            (Field::Summary { set, .. }, Some(Value::Summary(t))) => set(target, Some(t)),
            (Field::Summary { set, .. }, None) => set(target, None),
            (Field::Choice { set, .. }, Some(Value::Text(t))) => set(target, &t),
            (Field::Number { set, .. }, Some(Value::Number(v))) => set(target, Some(v)),
            (Field::Number { set, .. }, None) => set(target, None),
            (Field::Count { set, .. }, Some(Value::Count(v))) => set(target, Some(v)),
            (Field::Count { set, .. }, None) => set(target, None),
            _ => {}
        }
    }

    /// Reads a value from its text.
    fn read(&self, text: &str) -> Result<Value, Reason> {
        match self {
            Field::Id { .. } => {
                let ok = !text.is_empty()
                    && text.len() <= 80
                    && text.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || "./-_".contains(c)
                    });
                ok.then(|| Value::Text(text.to_string()))
                    .ok_or(Reason::NotAnId)
            }
            Field::Summary { .. } => SummaryText::parse(text.trim())
                .map(Value::Summary)
                .map_err(Reason::BadSummary),
            Field::Date { .. } => Day::parse(text.trim())
                .map(Value::Date)
                .ok_or(Reason::NotADate),
            Field::Choice { options, .. } => options()
                .into_iter()
                .find(|o| *o == text)
                .map(|o| Value::Text(o.to_string()))
                .ok_or(Reason::UnknownChoice),
            Field::Number { range, whole, .. } => {
                let v = parse_number(text).ok_or(Reason::NotANumber)?;
                if !range.contains(v) {
                    Err(Reason::OutOfRange)
                } else if *whole && v != libm::trunc(v) {
                    Err(Reason::NotWhole)
                } else {
                    Ok(Value::Number(v))
                }
            }
            Field::Count { range, .. } => {
                let text = text.trim();
                let n = match text.parse::<u64>() {
                    Ok(n) => n,
                    Err(_) => {
                        let v = parse_number(text).ok_or(Reason::NotANumber)?;
                        // 2^64 rounds to `u64::MAX as f64`: compare with it as excluded.
                        if !(v >= range.min as f64 && v <= range.max as f64)
                            || v >= 18_446_744_073_709_551_616.0
                        {
                            return Err(Reason::OutOfRange);
                        }
                        if v != libm::trunc(v) {
                            return Err(Reason::NotWhole);
                        }
                        v as u64
                    }
                };
                if (range.min..=range.max).contains(&n) {
                    Ok(Value::Count(n))
                } else {
                    Err(Reason::OutOfRange)
                }
            }
        }
    }

    /// Whether `value` is one this field would read.
    fn admits(&self, value: &Value) -> bool {
        self.read(&self.spell(value)).as_ref() == Ok(value)
    }

    /// The link spelling of a value.
    fn spell(&self, value: &Value) -> String {
        match (self, value) {
            (_, Value::Text(t)) => t.clone(),
            (_, Value::Date(d)) => d.to_text(),
            (_, Value::Summary(t)) => String::from(t.as_str()),
            (_, Value::Number(v)) => format_number(*v),
            (
                Field::Count {
                    spelling: Spelling::Short,
                    ..
                },
                Value::Count(n),
            ) => format_number(*n as f64),
            (_, Value::Count(n)) => n.to_string(),
        }
    }

    /// What the field accepts, in words, without the key's noun.
    fn allowed(&self, noun: &str) -> String {
        match self {
            Field::Id { examples, .. } => format!("{noun} such as {}", or_list(examples)),
            Field::Date { .. } => format!("{noun} written YYYY-MM-DD, a real day from 1970 on"),
            Field::Summary { .. } => {
                format!("{noun} as `ptcalc eval --usage` or the page writes it")
            }
            Field::Choice { options, .. } => or_list(&options()),
            Field::Number { range, .. } => format!("{noun} {}", range.describe()),
            Field::Count { range, .. } => format!("{noun} {}", range.describe()),
        }
    }
}

/// `a, b or c`.
fn or_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// What a key sets.
#[derive(Debug)]
pub enum Target {
    /// The link version (`v`): read and checked, never stored.
    Version,
    /// A part of the scenario: changes the numbers.
    Scenario(Field<Scenario>),
    /// How the page shows the scenario: never changes a number; written after the scenario's keys.
    Presentation(Field<Presentation>),
}

/// Whether a key must have a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Always has one (the default when the link is silent).
    Required,
    /// May be unset; then this applies (e.g. "rate card").
    Optional {
        /// What applies when unset, in words.
        unset: &'static str,
    },
}

/// When the formatter writes a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// When its value differs from the default.
    WhenChanged,
    /// Whenever it has a value (`rpm` marks a volume given as calls).
    WhenSet,
}

/// One key of the link, described once.
#[derive(Debug)]
pub struct KeySpec {
    /// The key as written in links.
    pub name: &'static str,
    /// What it means (the README's "meaning" column).
    pub meaning: &'static str,
    /// What its value is, in messages: "tokens per minute", "a share".
    pub noun: &'static str,
    /// A remark after the allowed values ("0.2 means 20%"), or empty.
    pub note: &'static str,
    /// Whether it may be unset.
    pub presence: Presence,
    /// When the formatter writes it.
    pub written: Written,
    /// What it sets.
    pub target: Target,
}

impl KeySpec {
    /// What the key accepts, in words (warnings, field errors, the README).
    pub fn allowed(&self) -> String {
        let main = match &self.target {
            Target::Version => format!("the link version, {VERSION}"),
            Target::Scenario(f) => f.allowed(self.noun),
            Target::Presentation(f) => f.allowed(self.noun),
        };
        if self.note.is_empty() {
            main
        } else {
            format!("{main} ({})", self.note)
        }
    }

    /// The README's "allowed" cell: the allowed values without the noun.
    fn allowed_cell(&self) -> String {
        let main = match &self.target {
            Target::Version => format!("`{VERSION}`"),
            Target::Scenario(f) => cell_of(f),
            Target::Presentation(f) => cell_of(f),
        };
        if self.note.is_empty() {
            main
        } else {
            format!("{main} ({})", self.note)
        }
    }
}

fn cell_of<T>(field: &Field<T>) -> String {
    let code = |w: &&str| format!("`{w}`");
    match field {
        Field::Id { examples, .. } => {
            let e: Vec<String> = examples.iter().map(code).collect();
            let e: Vec<&str> = e.iter().map(String::as_str).collect();
            format!("an id such as {}", or_list(&e))
        }
        Field::Date { .. } => String::from("a day written `YYYY-MM-DD`"),
        Field::Summary { .. } => String::from(
            "a summary as `ptcalc eval --usage` or the page writes it (`A–Z a–z 0–9 - _`, version 1)",
        ),
        Field::Choice { options, .. } => {
            let o: Vec<String> = options().iter().map(code).collect();
            let o: Vec<&str> = o.iter().map(String::as_str).collect();
            or_list(&o)
        }
        Field::Number { range, .. } => range.describe(),
        Field::Count { range, .. } => range.describe(),
    }
}

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
}

/// How the page may constrain a numeric field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// The smallest value (see the key's [`Range`] for whether it is included).
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// `Some(1.0)` for whole numbers.
    pub step: Option<f64>,
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
    fn copy(self, from: &Scenario, to: &mut Scenario) {
        if let Target::Scenario(f) = &self.spec().target {
            f.put(to, f.value(from));
        }
    }
}

fn limits_of<T>(field: &Field<T>) -> Option<Limits> {
    match field {
        Field::Number { range, whole, .. } => Some(Limits {
            min: range.min,
            max: range.max,
            step: whole.then_some(1.0),
        }),
        Field::Count { range, .. } => Some(Limits {
            min: range.min as f64,
            max: range.max as f64,
            step: Some(1.0),
        }),
        _ => None,
    }
}

/// Why a key's text was not used.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// Nothing was entered for a key that needs a value.
    Empty,
    /// Not a number.
    NotANumber,
    /// A number outside the key's range.
    OutOfRange,
    /// Not a whole number where one is needed.
    NotWhole,
    /// Not one of the key's words.
    UnknownChoice,
    /// Not a valid id.
    NotAnId,
    /// Not a real day written `YYYY-MM-DD`.
    NotADate,
    /// A load summary that cannot be read.
    BadSummary(SummaryError),
    /// A link version this code does not know.
    UnknownVersion,
    /// Valid alone, but not with the scenario's other values; says why.
    Conflict(String),
    /// The key is not a scenario figure (the link version, a presentation key).
    NotEditable,
}

/// A key's text that was not used, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// The key.
    pub key: Key,
    /// The text as given.
    pub text: String,
    /// Why it was not used.
    pub reason: Reason,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let spec = self.key.spec();
        let why = match &self.reason {
            Reason::Empty => return write!(f, "enter a value: {}", spec.allowed()),
            Reason::UnknownVersion => {
                return write!(
                    f,
                    "{} is not a known link version: read as version {VERSION}",
                    quoted(&self.text)
                )
            }
            Reason::Conflict(problem) => return f.write_str(problem),
            Reason::NotEditable => {
                return write!(f, "{} is not a figure of the scenario", spec.name)
            }
            Reason::NotANumber => String::from("not a number"),
            Reason::OutOfRange => String::from("out of range"),
            Reason::NotWhole => String::from("not a whole number"),
            Reason::UnknownChoice => format!("unknown {}", spec.noun),
            Reason::NotAnId => format!("not {}", spec.noun),
            Reason::NotADate => String::from("not a real day written YYYY-MM-DD"),
            Reason::BadSummary(e) => {
                return write!(
                    f,
                    "{e}; the {} shape is used instead",
                    Scenario::default().shape.as_str()
                )
            }
        };
        write!(
            f,
            "{} is not allowed ({why}): use {}",
            quoted(&self.text),
            spec.allowed()
        )
    }
}

impl core::error::Error for FieldError {}

/// A rule between keys that no single key's range can say.
struct Rule {
    /// The keys it involves: editing any of them checks it.
    keys: &'static [Key],
    /// The key a link's warning names.
    reported_at: Key,
    /// What is wrong, if anything.
    problem: fn(&Scenario) -> Option<String>,
    /// Makes the scenario valid again (when reading a link) and says how.
    repair: fn(&mut Scenario) -> String,
}

const RULES: [Rule; 7] = [
    Rule {
        keys: &[Key::Load, Key::Shape, Key::Pa, Key::Seed],
        reported_at: Key::Shape,
        problem: |s| {
            let d = Scenario::default();
            (s.load.is_some()
                && (s.shape != d.shape
                    || s.peak_to_average != d.peak_to_average
                    || s.seed != d.seed))
                .then(|| String::from("the imported traffic (load) replaces the synthetic shape"))
        },
        repair: |s| {
            let d = Scenario::default();
            s.shape = d.shape;
            s.peak_to_average = d.peak_to_average;
            s.seed = d.seed;
            String::from("shape, pa and seed ignored")
        },
    },
    Rule {
        keys: &[Key::D, Key::O],
        reported_at: Key::D,
        problem: |s| {
            (s.offering == CUSTOM_ID && s.deployment != Deployment::Global).then(|| {
                format!(
                    "{CUSTOM_ID} has no deployment types, so {} does not apply",
                    s.deployment.as_str()
                )
            })
        },
        repair: |s| {
            s.deployment = Deployment::Global;
            format!("{} used", Deployment::Global.as_str())
        },
    },
    Rule {
        keys: &[Key::Cache, Key::Cw],
        reported_at: Key::Cw,
        problem: |s| {
            (s.cached_share + s.cache_write_share > 1.0).then(|| {
                format!(
                    "cache {} + cw {} exceed the whole input",
                    format_number(s.cached_share),
                    format_number(s.cache_write_share)
                )
            })
        },
        repair: |s| {
            s.cache_write_share = 0.0;
            String::from("cw reset to 0")
        },
    },
    Rule {
        keys: &[Key::Pa, Key::Shape],
        reported_at: Key::Pa,
        problem: |s| {
            (s.shape == ShapeKind::Flat && s.peak_to_average != Scenario::default().peak_to_average)
                .then(|| {
                    String::from(
                        "the flat shape has no peak-to-average ratio (every minute is the average)",
                    )
                })
        },
        repair: |s| {
            s.peak_to_average = Scenario::default().peak_to_average;
            String::from("ignored")
        },
    },
    Rule {
        keys: &[Key::Pa, Key::Shape, Key::Mh, Key::Seed],
        reported_at: Key::Pa,
        problem: |s| {
            let max = shape_maximum(s)?;
            (s.peak_to_average > max + 1e-12).then(|| {
                format!(
                    "{} is above the {} shape's maximum of {:.3} for this month",
                    format_number(s.peak_to_average),
                    s.shape.as_str(),
                    max
                )
            })
        },
        repair: |s| {
            let max = shape_maximum(s).unwrap_or(f64::INFINITY);
            let fallback = Scenario::default().peak_to_average.min(max).max(1.0);
            s.peak_to_average = fallback;
            format!("{} used", format_number(fallback))
        },
    },
    Rule {
        keys: &[Key::Seed, Key::Shape],
        reported_at: Key::Seed,
        problem: |s| {
            (s.shape != ShapeKind::Bursty && s.seed != Scenario::default().seed).then(|| {
                format!(
                    "only the bursty shape has a seed, and the shape is {}",
                    s.shape.as_str()
                )
            })
        },
        repair: |s| {
            s.seed = Scenario::default().seed;
            String::from("ignored")
        },
    },
    Rule {
        keys: &[Key::Pu, Key::Pm],
        reported_at: Key::Pu,
        problem: |s| {
            let o = &s.overrides;
            (o.usd_per_unit_hour.is_some() && o.usd_per_unit_month.is_some()).then(|| {
                String::from("pu and pm both give the unit price; leave one of them empty")
            })
        },
        repair: |s| {
            s.overrides.usd_per_unit_hour = None;
            String::from("pm used, pu ignored")
        },
    },
];

/// Applies the rules between keys that a link (or an edit elsewhere, such as switching
/// the shape) can break: each value that cannot apply is reset, with a warning naming its
/// key and saying what was used. [`parse`] ends with it.
///
/// ```
/// use ptcalc_core::{link::settle, scenario::ShapeKind, Scenario};
/// let mut s = Scenario { shape: ShapeKind::Flat, seed: 7, ..Scenario::default() };
/// let warnings = settle(&mut s);
/// assert_eq!(warnings[0].key, "seed");
/// assert_eq!(s.seed, Scenario::default().seed);
/// ```
pub fn settle(s: &mut Scenario) -> Vec<LinkWarning> {
    RULES
        .iter()
        .filter_map(|rule| {
            let problem = (rule.problem)(s)?;
            let fix = (rule.repair)(s);
            Some(LinkWarning {
                key: rule.reported_at.as_str().to_string(),
                message: format!("{problem}: {fix}"),
            })
        })
        .collect()
}

/// The largest peak-to-average ratio the scenario's shape reaches this month (`None` for flat).
fn shape_maximum(s: &Scenario) -> Option<f64> {
    (s.shape != ShapeKind::Flat)
        .then(|| max_peak_to_average(s.shape, s.minutes_per_month(), s.seed))
}

/// A part of a link that was not used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinkWarning {
    /// The key as written (possibly unknown).
    pub key: String,
    /// What was wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for LinkWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

/// A parsed link: the scenario and its presentation (defaults where the link was silent or
/// wrong) and what was ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The scenario.
    pub scenario: Scenario,
    /// How the page shows it.
    pub presentation: Presentation,
    /// What was ignored and why, in link order.
    pub warnings: Vec<LinkWarning>,
}

const MAX_WARNINGS: usize = 20;
const MAX_SHOWN_VALUE: usize = 40;

/// Reads a full page URL, a query (`?v=1&…`) or a bare query (`v=1&…`).
///
/// ```
/// use ptcalc_core::link::parse;
/// let p = parse("https://example.org/ptcalc/?v=1&o=azure/gpt-4o&in=250k&out=50k&cache=0&bogus=1");
/// assert_eq!(p.scenario.offering, "azure/gpt-4o");
/// assert_eq!(p.warnings.len(), 1);
/// assert_eq!(p.warnings[0].key, "bogus");
/// ```
pub fn parse(link: &str) -> Parsed {
    let query = link.split('#').next().unwrap_or("");
    let query = match query.find('?') {
        Some(i) => &query[i + 1..],
        None if query.contains("://") => "",
        None => query,
    };
    let mut scenario = Scenario::default();
    let mut presentation = Presentation::default();
    let mut warnings: Vec<LinkWarning> = Vec::new();
    let mut extra = 0usize;
    let mut warn = |key: &str, message: String| {
        if warnings.len() < MAX_WARNINGS {
            warnings.push(LinkWarning {
                key: shown(key),
                message,
            });
        } else {
            extra += 1;
        }
    };
    let mut seen: Vec<Key> = Vec::new();
    // Values are read (and warned about) in link order, applied in table order: a volume
    // given as calls then wins over token rates wherever each appears.
    let mut accepted: Vec<(Key, Value)> = Vec::new();

    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key_text = decode(raw_key);
        let text = decode(raw_value);
        let Some(key) = Key::parse(&key_text) else {
            warn(&key_text, String::from("unknown key, ignored"));
            continue;
        };
        if seen.contains(&key) {
            warn(
                &key_text,
                String::from("appears more than once; the first value is used"),
            );
            continue;
        }
        seen.push(key);
        let read = match &key.spec().target {
            Target::Version if text == VERSION => continue,
            Target::Version => Err(Reason::UnknownVersion),
            Target::Scenario(f) => f.read(&text),
            Target::Presentation(f) => f.read(&text),
        };
        match read {
            Ok(value) => accepted.push((key, value)),
            Err(reason) => warn(key.as_str(), FieldError { key, text, reason }.to_string()),
        }
    }
    accepted.sort_by_key(|(key, _)| Key::ALL.iter().position(|k| k == key));
    let named = |keys: &[Key]| accepted.iter().any(|(k, _)| keys.contains(k));
    let calls_over_tokens = named(&[Key::Rpm, Key::Pt, Key::Ct]) && named(&[Key::In, Key::Out]);
    for (key, value) in accepted {
        match &key.spec().target {
            Target::Scenario(f) => f.put(&mut scenario, Some(value)),
            Target::Presentation(f) => f.put(&mut presentation, Some(value)),
            Target::Version => {}
        }
    }

    if calls_over_tokens {
        warn(
            Key::In.as_str(),
            String::from(
                "ignored: the link also describes calls (rpm, pt, ct), which take precedence",
            ),
        );
    }
    for w in settle(&mut scenario) {
        warn(&w.key, w.message);
    }
    if extra > 0 {
        warnings.push(LinkWarning {
            key: String::from("…"),
            message: format!("and {extra} more problems"),
        });
    }
    Parsed {
        scenario,
        presentation,
        warnings,
    }
}

/// The canonical query of a scenario (no leading `?`): `v=1` then every key whose value
/// differs from the default, in table order.
///
/// ```
/// use ptcalc_core::{link::{format, parse}, Scenario};
/// let mut s = Scenario::default();
/// assert_eq!(format(&s), "v=1");
/// s.offering = "azure/gpt-4o".into();
/// s.size_percentile = 99;
/// assert_eq!(format(&s), "v=1&o=azure/gpt-4o&size=99");
/// assert_eq!(parse(&format(&s)).scenario, s);
/// ```
pub fn format(s: &Scenario) -> String {
    format_link(s, &Presentation::default())
}

/// The canonical query of a scenario and its presentation: the scenario's part exactly as
/// [`format`] writes it, then the presentation's keys that differ from the default.
pub fn format_link(s: &Scenario, presentation: &Presentation) -> String {
    let mut out = format!("{}={VERSION}", Key::V.as_str());
    let mut put = |name: &str, value: String| {
        out.push('&');
        out.push_str(name);
        out.push('=');
        out.push_str(&encode(&value));
    };
    let defaults = s.defaults_for();
    for key in Key::ALL {
        let spec = key.spec();
        if let Target::Scenario(f) = &spec.target {
            if let Some(text) = changed(f, spec.written, s, &defaults) {
                put(spec.name, text);
            }
        }
    }
    let default_presentation = Presentation::default();
    for key in Key::ALL {
        let spec = key.spec();
        if let Target::Presentation(f) = &spec.target {
            if let Some(text) = changed(f, spec.written, presentation, &default_presentation) {
                put(spec.name, text);
            }
        }
    }
    out
}

/// The spelling of the field's value when the link must carry it.
fn changed<T>(field: &Field<T>, written: Written, value: &T, default: &T) -> Option<String> {
    let v = field.value(value)?;
    let write = match written {
        Written::WhenSet => true,
        Written::WhenChanged => field.value(default).as_ref() != Some(&v),
    };
    write.then(|| field.spell(&v))
}

/// The scenario with its volume described the other way (token rates ⇄ calls), keeping
/// the token volume; a value its key does not accept (a completion size above 10M tokens,
/// say) takes the default instead.
///
/// ```
/// use ptcalc_core::{link::{format, switch_volume}, Scenario};
/// let calls = switch_volume(&Scenario::default(), true);
/// assert_eq!(format(&calls), "v=1&rpm=500&ct=100");
/// assert_eq!(switch_volume(&calls, false), Scenario::default());
/// ```
pub fn switch_volume(s: &Scenario, to_calls: bool) -> Scenario {
    let mut out = s.clone();
    out.volume = if to_calls {
        s.volume.as_calls()
    } else {
        s.volume.as_tokens()
    };
    let defaults = out.defaults_for();
    for key in Key::ALL {
        if !key.admits(&out) {
            key.copy(&defaults, &mut out);
        }
    }
    out
}

/// The README's key table (Markdown), generated from the key table.
pub fn readme_table() -> String {
    let mut out = String::from("| key | meaning | default | allowed |\n|---|---|---|---|\n");
    let defaults = [
        Scenario::default(),
        Scenario {
            volume: Volume::DEFAULT_CALLS,
            ..Scenario::default()
        },
    ];
    for key in Key::ALL {
        let spec = key.spec();
        let default = match (&spec.target, spec.presence) {
            (Target::Version, _) => format!("`{VERSION}`"),
            (_, Presence::Optional { unset }) => String::from(unset),
            (Target::Scenario(f), Presence::Required) => defaults
                .iter()
                .find_map(|d| f.value(d))
                .map(|v| format!("`{}`", f.spell(&v)))
                .unwrap_or_default(),
            (Target::Presentation(f), Presence::Required) => f
                .value(&Presentation::default())
                .map(|v| format!("`{}`", f.spell(&v)))
                .unwrap_or_default(),
        };
        let meaning = match spec.target {
            Target::Presentation(_) => format!(
                "{} (how the page shows it; never changes a number)",
                spec.meaning
            ),
            _ => String::from(spec.meaning),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            spec.name,
            meaning,
            default,
            spec.allowed_cell()
        ));
    }
    out
}

/// What a query component may contain unescaped: ids and numbers pass through readable.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Percent-decodes a query component (`+` is a space); invalid UTF-8 becomes U+FFFD.
fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// Escapes what a query value must not contain.
fn encode(text: &str) -> String {
    utf8_percent_encode(text, VALUE).to_string()
}

fn shown(text: &str) -> String {
    if text.is_empty() {
        return String::from("(empty)");
    }
    let mut s: String = text.chars().take(MAX_SHOWN_VALUE).collect();
    if text.chars().count() > MAX_SHOWN_VALUE {
        s.push('…');
    }
    s
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", shown(text))
}
