//! The link: a scenario as a short, readable, versioned URL query (`v=1`).
//!
//! Every key is described once, in the table in `link/keys.rs` ([`Key`]): its name,
//! meaning, default, allowed values, how it is read and written, and whether it belongs to
//! the scenario or to how the page presents it. The parser, the formatter, the page's fields (limits,
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

use crate::load_summary::SummaryError;
use crate::scenario::{Presentation, Scenario, Volume};

mod busy;
mod keys;
pub mod portfolio;
mod rules;
mod spec;

pub use keys::Key;
pub use rules::settle;
pub use spec::{
    Counts, Field, KeySpec, Limits, Presence, Range, Spelling, Target, Value, Written, MAX_IDS,
};

/// The link format version this code writes.
pub const VERSION: &str = "1";

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
    /// A list names the same thing twice.
    Repeated,
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
            Reason::Repeated => String::from("named twice"),
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

/// A part of a link that was not used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinkWarning {
    /// The key as written (possibly unknown).
    pub key: String,
    /// What kind of problem it is, for code that acts on it (the page's notices, host
    /// messages); the message says it for people. Not in JSON (the key and message are).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub problem: LinkProblem,
    /// What was wrong and what is allowed.
    pub message: String,
}

/// The kinds of problem a link can have. Every crate that adds a problem to a link's list
/// (the parser here, the rate cards when they open it) names its kind, so no code reads the
/// words back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkProblem {
    /// A key this link version does not know.
    UnknownKey,
    /// A key given more than once (the first value is used).
    Repeated,
    /// A value that cannot be used (not a number, out of range, …): the default is used.
    #[default]
    BadValue,
    /// A value valid alone but not with the scenario's others: repaired.
    Conflict,
    /// Ignored because another key takes precedence (calls over token rates).
    Overridden,
    /// More problems than the list holds.
    More,
    /// `rc=` names no rate-card edition: the current one is used.
    UnknownEdition,
    /// `org=` names an organization's rate card that is not loaded.
    OrganizationCardMissing,
    /// `o=` names no offering in the rate cards: the default is used.
    UnknownOffering,
    /// The offering lacks the deployment type or term asked for: another is used.
    NotOffered,
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

/// Reads a full page URL, a query (`?v=1&…`) or a bare query (`v=1&…`). Of a portfolio
/// link it reads the first workload (`portfolio::parse_portfolio` reads them all).
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
    let mut warn = |key: &str, problem: LinkProblem, message: String| {
        if warnings.len() < MAX_WARNINGS {
            warnings.push(LinkWarning {
                key: shown(key),
                problem,
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
        // A further workload of a portfolio link (`portfolio`): not this scenario's.
        if key_text == portfolio::WORKLOAD_KEY {
            continue;
        }
        let text = decode(raw_value);
        let Some(key) = Key::parse(&key_text) else {
            warn(
                &key_text,
                LinkProblem::UnknownKey,
                String::from("unknown key, ignored"),
            );
            continue;
        };
        if seen.contains(&key) {
            warn(
                &key_text,
                LinkProblem::Repeated,
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
            Err(reason) => warn(
                key.as_str(),
                LinkProblem::BadValue,
                FieldError { key, text, reason }.to_string(),
            ),
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

    if let Err(why) = busy::read(&mut scenario, &mut presentation) {
        warn(Key::Quiet.as_str(), LinkProblem::Conflict, why);
    }
    if calls_over_tokens {
        warn(
            Key::In.as_str(),
            LinkProblem::Overridden,
            String::from(
                "ignored: the link also describes calls (rpm, pt, ct), which take precedence",
            ),
        );
    }
    for w in settle(&mut scenario) {
        warn(&w.key, w.problem, w.message);
    }
    if extra > 0 {
        warnings.push(LinkWarning {
            key: String::from("…"),
            problem: LinkProblem::More,
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
    if let Some((s, presentation)) = busy::spelled(s, presentation) {
        return format_fields(&s, &presentation);
    }
    format_fields(s, presentation)
}

/// [`format_link`] of the values as they are, each key from the table.
fn format_fields(s: &Scenario, presentation: &Presentation) -> String {
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
/// Commas pass too: they separate `view`'s panels and `cmp`'s ids (no scenario value
/// contains one).
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b',')
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
