//! What a link key is: its [`KeySpec`] and the [`Field`] it reads and writes, with the
//! ranges whose prose is generated from their numbers.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use super::{Reason, VERSION};
use crate::calendar::Day;
use crate::load_summary::SummaryText;
use crate::numfmt::{format_number, parse_number, spell_number};
use crate::scenario::{Presentation, Scenario};

/// The most ids a list key (`cmp`) holds: more than every bundled offering.
pub const MAX_IDS: usize = 400;

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
    /// A free-text name (`name`): 1 to `max_chars` characters, no control characters
    /// (the codec percent-escapes the rest).
    Name {
        /// The longest name, in characters.
        max_chars: usize,
        /// The current name (`None`: unset).
        get: fn(&T) -> Option<&str>,
        /// Sets (or, with `None`, unsets) the name.
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
    /// Several words of a fixed list, in order, separated by commas (`view`).
    List {
        /// Every allowed word, in the order messages list them.
        options: fn() -> Vec<&'static str>,
        /// The current words.
        get: fn(&T) -> Vec<&'static str>,
        /// Sets the words (each one of `options`, no repeats, at least one).
        set: fn(&mut T, &[&str]),
    },
    /// Several ids separated by commas (`cmp`): each lowercase letters, digits and `./-_~`,
    /// at most 80 characters, at most [`MAX_IDS`] of them, without repeats; empty when unset.
    Ids {
        /// Examples shown in messages.
        examples: &'static [&'static str],
        /// The current ids (empty: unset).
        get: fn(&T) -> &[String],
        /// Sets the ids (empty: unsets them).
        set: fn(&mut T, Vec<String>),
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
            Field::Name { max_chars, .. } => write!(f, "Name({max_chars})"),
            Field::Date { .. } => f.write_str("Date"),
            Field::Summary { .. } => f.write_str("Summary"),
            Field::Choice { options, .. } => write!(f, "Choice({:?})", options()),
            Field::List { options, .. } => write!(f, "List({:?})", options()),
            Field::Ids { .. } => f.write_str("Ids"),
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
    pub(super) fn value(&self, target: &T) -> Option<Value> {
        match self {
            Field::Id { get, .. } => get(target).map(|t| Value::Text(t.to_string())),
            Field::Name { get, .. } => get(target).map(|t| Value::Text(t.to_string())),
            Field::Date { get, .. } => get(target).map(Value::Date),
            Field::Summary { get, .. } => get(target).cloned().map(Value::Summary),
            Field::Choice { get, .. } => Some(Value::Text(get(target).to_string())),
            Field::List { get, .. } => Some(Value::Text(get(target).join(","))),
            Field::Ids { get, .. } => {
                let ids = get(target);
                (!ids.is_empty()).then(|| Value::Text(ids.join(",")))
            }
            Field::Number { get, .. } => get(target).map(Value::Number),
            Field::Count { get, .. } => get(target).map(Value::Count),
        }
    }

    /// Sets a value this field has read (or admits); `None` unsets it.
    pub(super) fn put(&self, target: &mut T, value: Option<Value>) {
        match (self, value) {
            (Field::Id { set, .. }, Some(Value::Text(t))) => set(target, Some(t)),
            (Field::Id { set, .. }, None) => set(target, None),
            (Field::Name { set, .. }, Some(Value::Text(t))) => set(target, Some(t)),
            (Field::Name { set, .. }, None) => set(target, None),
            (Field::Date { set, .. }, Some(Value::Date(d))) => set(target, Some(d)),
            (Field::Date { set, .. }, None) => set(target, None),
            (Field::Summary { set, .. }, Some(Value::Summary(t))) => set(target, Some(t)),
            (Field::Summary { set, .. }, None) => set(target, None),
            (Field::Choice { set, .. }, Some(Value::Text(t))) => set(target, &t),
            (Field::List { set, .. }, Some(Value::Text(t))) => {
                set(target, &t.split(',').collect::<Vec<_>>())
            }
            (Field::Ids { set, .. }, Some(Value::Text(t))) => {
                set(target, t.split(',').map(String::from).collect())
            }
            (Field::Ids { set, .. }, None) => set(target, Vec::new()),
            (Field::Number { set, .. }, Some(Value::Number(v))) => set(target, Some(v)),
            (Field::Number { set, .. }, None) => set(target, None),
            (Field::Count { set, .. }, Some(Value::Count(v))) => set(target, Some(v)),
            (Field::Count { set, .. }, None) => set(target, None),
            _ => {}
        }
    }

    /// Reads a value from its text.
    pub(super) fn read(&self, text: &str) -> Result<Value, Reason> {
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
            Field::Name { max_chars, .. } => {
                let ok = text == text.trim()
                    && !text.is_empty()
                    && text.chars().count() <= *max_chars
                    && !text.chars().any(char::is_control);
                ok.then(|| Value::Text(text.to_string()))
                    .ok_or(Reason::NotAnId)
            }
            Field::Ids { .. } => {
                let mut ids: Vec<&str> = Vec::new();
                for id in text.split(',').map(str::trim) {
                    let ok = !id.is_empty()
                        && id.len() <= 80
                        && id.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || "./-_~".contains(c)
                        });
                    if !ok {
                        return Err(Reason::NotAnId);
                    }
                    if ids.contains(&id) {
                        return Err(Reason::Repeated);
                    }
                    ids.push(id);
                }
                if ids.len() > MAX_IDS {
                    return Err(Reason::OutOfRange);
                }
                Ok(Value::Text(ids.join(",")))
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
            Field::List { options, .. } => {
                let options = options();
                let mut words: Vec<&str> = Vec::new();
                for word in text.split(',').map(str::trim) {
                    if !options.contains(&word) || words.contains(&word) {
                        return Err(Reason::UnknownChoice);
                    }
                    words.push(word);
                }
                Ok(Value::Text(words.join(",")))
            }
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
    pub(super) fn admits(&self, value: &Value) -> bool {
        self.read(&self.spell(value)).as_ref() == Ok(value)
    }

    /// The link spelling of a value.
    pub(super) fn spell(&self, value: &Value) -> String {
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
    pub(super) fn allowed(&self, noun: &str) -> String {
        match self {
            Field::Id { examples, .. } => format!("{noun} such as {}", or_list(examples)),
            Field::Name { max_chars, .. } => {
                format!("{noun} of 1 to {max_chars} characters, without control characters")
            }
            Field::Date { .. } => format!("{noun} written YYYY-MM-DD, a real day from 1970 on"),
            Field::Summary { .. } => {
                format!("{noun} as `ptcalc eval --usage` or the page writes it")
            }
            Field::Choice { options, .. } => or_list(&options()),
            Field::List { options, .. } => format!(
                "one or more {noun}s, separated by commas, without repeats: {}",
                or_list(&options())
            ),
            Field::Ids { examples, .. } => format!(
                "up to {MAX_IDS} {noun}s separated by commas, without repeats, such as {}",
                or_list(examples)
            ),
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
    pub(super) fn allowed_cell(&self) -> String {
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
        Field::Name { max_chars, .. } => {
            format!("1 to {max_chars} characters, without control characters")
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
        Field::List { options, .. } => {
            let o: Vec<String> = options().iter().map(code).collect();
            format!("comma-separated, any of {}", o.join(", "))
        }
        Field::Ids { examples, .. } => {
            let e: Vec<String> = examples.iter().map(code).collect();
            let e: Vec<&str> = e.iter().map(String::as_str).collect();
            format!("up to {MAX_IDS}, comma-separated, such as {}", or_list(&e))
        }
        Field::Number { range, .. } => range.describe(),
        Field::Count { range, .. } => range.describe(),
    }
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

pub(super) fn limits_of<T>(field: &Field<T>) -> Option<Limits> {
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
