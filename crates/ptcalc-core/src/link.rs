//! The link: a scenario as a short, readable, versioned URL query (`v=1`).
//!
//! Defaults are omitted, keys are written in a fixed order, numbers in their
//! shortest exact spelling (`250k`, `1.5M`), so `parse(&format(s)) == s`. Parsing
//! never fails: an unknown key or an invalid value falls back to the default and is
//! reported as a warning that names the key and says what is allowed.
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::numfmt::{format_number, parse_number};
use crate::offering::Deployment;
use crate::scenario::{Overrides, Scenario, ShapeKind, Volume};
use crate::terms::Term;
use crate::traffic::max_peak_to_average;

/// The link format version this code writes.
pub const VERSION: &str = "1";

/// Default calls per minute, prompt and completion tokens when a link uses calls.
pub const DEFAULT_CALLS: (f64, f64, f64) = (100.0, 1_000.0, 200.0);

/// Every key of the link, in the order they are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Key {
    V,
    O,
    D,
    T,
    In,
    Out,
    Cache,
    Cw,
    Rpm,
    Pt,
    Ct,
    Shape,
    Pa,
    Seed,
    Size,
    Units,
    H,
    G,
    B,
    Mh,
    Cap,
    Min,
    Inc,
    Wout,
    Wcache,
    Pu,
    Pm,
    Disc,
    Pin,
    Pcache,
    Pcw,
    Pout,
}

impl Key {
    /// Every key, in writing order.
    pub const ALL: [Key; 32] = [
        Key::V,
        Key::O,
        Key::D,
        Key::T,
        Key::In,
        Key::Out,
        Key::Cache,
        Key::Cw,
        Key::Rpm,
        Key::Pt,
        Key::Ct,
        Key::Shape,
        Key::Pa,
        Key::Seed,
        Key::Size,
        Key::Units,
        Key::H,
        Key::G,
        Key::B,
        Key::Mh,
        Key::Cap,
        Key::Min,
        Key::Inc,
        Key::Wout,
        Key::Wcache,
        Key::Pu,
        Key::Pm,
        Key::Disc,
        Key::Pin,
        Key::Pcache,
        Key::Pcw,
        Key::Pout,
    ];

    /// The key as written in links.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::V => "v",
            Key::O => "o",
            Key::D => "d",
            Key::T => "t",
            Key::In => "in",
            Key::Out => "out",
            Key::Cache => "cache",
            Key::Cw => "cw",
            Key::Rpm => "rpm",
            Key::Pt => "pt",
            Key::Ct => "ct",
            Key::Shape => "shape",
            Key::Pa => "pa",
            Key::Seed => "seed",
            Key::Size => "size",
            Key::Units => "units",
            Key::H => "h",
            Key::G => "g",
            Key::B => "b",
            Key::Mh => "mh",
            Key::Cap => "cap",
            Key::Min => "min",
            Key::Inc => "inc",
            Key::Wout => "wout",
            Key::Wcache => "wcache",
            Key::Pu => "pu",
            Key::Pm => "pm",
            Key::Disc => "disc",
            Key::Pin => "pin",
            Key::Pcache => "pcache",
            Key::Pcw => "pcw",
            Key::Pout => "pout",
        }
    }

    /// Looks a key up by its link spelling.
    pub fn parse(s: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What the key accepts, in words (used in warnings and error messages).
    pub fn allowed(self) -> &'static str {
        match self {
            Key::V => "the link version, 1",
            Key::O => "an offering id such as azure/gpt-4.1, vertex/gemini-2.5-flash or custom",
            Key::D => "global, datazone or regional",
            Key::T => "hourly, none, 1w, 30d, 1m, 3m, 6m or 1y",
            Key::In | Key::Out => "tokens per minute from 0 to 1T (k/M/B suffixes allowed)",
            Key::Cache | Key::Cw | Key::B => "a share from 0 to 1 (0.2 means 20%)",
            Key::Rpm => "calls per minute from 0 to 1B",
            Key::Pt | Key::Ct => "tokens per call from 0 to 10M",
            Key::Shape => "flat, business, diurnal or bursty",
            Key::Pa => "a peak-to-average ratio from 1 up to the shape's maximum",
            Key::Seed => "a whole number from 0 to 18446744073709551615",
            Key::Size => "a whole percentile from 1 to 100 (100 = the peak minute)",
            Key::Units => "a whole number of units from 0 to 1B",
            Key::H => "a whole number of months from 1 to 120",
            Key::G => "a monthly growth in percent from -50 to 100",
            Key::Mh => "a whole number of hours per month from 1 to 744",
            Key::Cap => "tokens per minute per unit, above 0 and up to 1T",
            Key::Min | Key::Inc => "a whole number of units from 1 to 1M",
            Key::Wout | Key::Wcache => "a capacity weight from 0 to 100",
            Key::Pu => "dollars per unit-hour, above 0 and up to 1M",
            Key::Pm => "dollars per unit-month, above 0 and up to 1B",
            Key::Disc => "a discount in percent from 0 to below 100",
            Key::Pin | Key::Pcache | Key::Pcw | Key::Pout => "dollars per 1M tokens from 0 to 10k",
        }
    }
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

/// A parsed link: the scenario (defaults where the link was silent or wrong) and what was ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The scenario.
    pub scenario: Scenario,
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
    let mut s = Scenario::default();
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
    let mut tokens: (Option<f64>, Option<f64>) = (None, None);
    let mut calls: (Option<f64>, Option<f64>, Option<f64>) = (None, None, None);

    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key_text = decode(raw_key);
        let value = decode(raw_value);
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
        let bad = |why: &str| {
            format!(
                "{} is not allowed ({why}): use {}",
                quoted(&value),
                key.allowed()
            )
        };
        let num = |lo: f64, hi: f64, lo_inclusive: bool| -> Result<f64, String> {
            match parse_number(&value) {
                Some(v) if v <= hi && (v > lo || (lo_inclusive && v == lo)) => Ok(v),
                Some(_) => Err(bad("out of range")),
                None => Err(bad("not a number")),
            }
        };
        let whole = |lo: f64, hi: f64| -> Result<u64, String> {
            let v = num(lo, hi, true)?;
            if v == libm::trunc(v) {
                Ok(v as u64)
            } else {
                Err(bad("not a whole number"))
            }
        };
        let result: Result<(), String> = (|| {
            match key {
                Key::V => {
                    if value != VERSION {
                        return Err(format!(
                            "{} is not a known link version: read as version 1",
                            quoted(&value)
                        ));
                    }
                }
                Key::O => {
                    let ok = !value.is_empty()
                        && value.len() <= 80
                        && value.chars().all(|c| {
                            c.is_ascii_lowercase() || c.is_ascii_digit() || "./-_".contains(c)
                        });
                    if !ok {
                        return Err(bad("not an offering id"));
                    }
                    s.offering = value.clone();
                }
                Key::D => {
                    s.deployment =
                        Deployment::parse(&value).ok_or_else(|| bad("unknown deployment"))?
                }
                Key::T => s.term = Term::parse(&value).ok_or_else(|| bad("unknown term"))?,
                Key::In => tokens.0 = Some(num(0.0, 1e12, true)?),
                Key::Out => tokens.1 = Some(num(0.0, 1e12, true)?),
                Key::Cache => s.cached_share = num(0.0, 1.0, true)?,
                Key::Cw => s.cache_write_share = num(0.0, 1.0, true)?,
                Key::Rpm => calls.0 = Some(num(0.0, 1e9, true)?),
                Key::Pt => calls.1 = Some(num(0.0, 1e7, true)?),
                Key::Ct => calls.2 = Some(num(0.0, 1e7, true)?),
                Key::Shape => {
                    s.shape = ShapeKind::parse(&value).ok_or_else(|| bad("unknown shape"))?
                }
                Key::Pa => s.peak_to_average = num(1.0, 1_000.0, true)?,
                Key::Seed => {
                    s.seed = value
                        .parse::<u64>()
                        .map_err(|_| bad("not a whole number"))?
                }
                Key::Size => s.size_percentile = whole(1.0, 100.0)? as u8,
                Key::Units => s.units = Some(whole(0.0, 1e9)?),
                Key::H => s.horizon_months = whole(1.0, 120.0)? as u32,
                Key::G => s.growth_percent = num(-50.0, 100.0, true)?,
                Key::B => s.batch_share = num(0.0, 1.0, true)?,
                Key::Mh => s.hours_per_month = whole(1.0, 744.0)? as f64,
                Key::Cap => s.overrides.capacity_per_unit_per_minute = Some(num(0.0, 1e12, false)?),
                Key::Min => s.overrides.min_units = Some(whole(1.0, 1e6)?),
                Key::Inc => s.overrides.increment = Some(whole(1.0, 1e6)?),
                Key::Wout => s.overrides.output_weight = Some(num(0.0, 100.0, true)?),
                Key::Wcache => s.overrides.cached_weight = Some(num(0.0, 100.0, true)?),
                Key::Pu => s.overrides.usd_per_unit_hour = Some(num(0.0, 1e6, false)?),
                Key::Pm => s.overrides.usd_per_unit_month = Some(num(0.0, 1e9, false)?),
                Key::Disc => {
                    let v = num(0.0, 100.0, true)?;
                    if v >= 100.0 {
                        return Err(bad("out of range"));
                    }
                    s.overrides.discount_percent = Some(v);
                }
                Key::Pin => s.overrides.input_usd_per_mtok = Some(num(0.0, 1e4, true)?),
                Key::Pcache => s.overrides.cached_usd_per_mtok = Some(num(0.0, 1e4, true)?),
                Key::Pcw => s.overrides.cache_write_usd_per_mtok = Some(num(0.0, 1e4, true)?),
                Key::Pout => s.overrides.output_usd_per_mtok = Some(num(0.0, 1e4, true)?),
            }
            Ok(())
        })();
        if let Err(message) = result {
            warn(key.as_str(), message);
        }
    }

    let uses_calls = calls.0.is_some() || calls.1.is_some() || calls.2.is_some();
    if uses_calls {
        if tokens.0.is_some() || tokens.1.is_some() {
            warn(
                "in",
                String::from(
                    "ignored: the link also describes calls (rpm, pt, ct), which take precedence",
                ),
            );
        }
        s.volume = Volume::Calls {
            calls_per_minute: calls.0.unwrap_or(DEFAULT_CALLS.0),
            prompt_tokens: calls.1.unwrap_or(DEFAULT_CALLS.1),
            completion_tokens: calls.2.unwrap_or(DEFAULT_CALLS.2),
        };
    } else if let Volume::Tokens {
        input_tpm,
        output_tpm,
    } = s.volume
    {
        s.volume = Volume::Tokens {
            input_tpm: tokens.0.unwrap_or(input_tpm),
            output_tpm: tokens.1.unwrap_or(output_tpm),
        };
    }
    if s.cached_share + s.cache_write_share > 1.0 {
        warn(
            "cw",
            format!(
                "cache {} + cw {} exceed the whole input: cw reset to 0",
                format_number(s.cached_share),
                format_number(s.cache_write_share)
            ),
        );
        s.cache_write_share = 0.0;
    }
    if s.shape != ShapeKind::Flat {
        let max = max_peak_to_average(s.shape, s.minutes_per_month(), s.seed);
        if s.peak_to_average > max + 1e-12 {
            let fallback = Scenario::default().peak_to_average.min(max).max(1.0);
            warn(
                "pa",
                format!(
                    "{} is above the {} shape's maximum of {:.3} for this month: {} used",
                    format_number(s.peak_to_average),
                    s.shape.as_str(),
                    max,
                    format_number(fallback)
                ),
            );
            s.peak_to_average = fallback;
        }
    }
    if extra > 0 {
        warnings.push(LinkWarning {
            key: String::from("…"),
            message: format!("and {extra} more problems"),
        });
    }
    Parsed {
        scenario: s,
        warnings,
    }
}

/// The canonical query of a scenario (no leading `?`): `v=1` then every non-default key.
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
    let d = Scenario::default();
    let mut out = String::from("v=1");
    let mut put = |key: Key, value: String| {
        out.push('&');
        out.push_str(key.as_str());
        out.push('=');
        out.push_str(&encode(&value));
    };
    let num = |v: f64| format_number(v);
    if s.offering != d.offering {
        put(Key::O, s.offering.clone());
    }
    if s.deployment != d.deployment {
        put(Key::D, s.deployment.as_str().to_string());
    }
    if s.term != d.term {
        put(Key::T, s.term.as_str().to_string());
    }
    match (s.volume, d.volume) {
        (
            Volume::Tokens {
                input_tpm,
                output_tpm,
            },
            Volume::Tokens {
                input_tpm: di,
                output_tpm: dout,
            },
        ) => {
            if input_tpm != di {
                put(Key::In, num(input_tpm));
            }
            if output_tpm != dout {
                put(Key::Out, num(output_tpm));
            }
        }
        (
            Volume::Calls {
                calls_per_minute,
                prompt_tokens,
                completion_tokens,
            },
            _,
        ) => {
            put(Key::Rpm, num(calls_per_minute));
            if prompt_tokens != DEFAULT_CALLS.1 {
                put(Key::Pt, num(prompt_tokens));
            }
            if completion_tokens != DEFAULT_CALLS.2 {
                put(Key::Ct, num(completion_tokens));
            }
        }
        (
            Volume::Tokens {
                input_tpm,
                output_tpm,
            },
            Volume::Calls { .. },
        ) => {
            put(Key::In, num(input_tpm));
            put(Key::Out, num(output_tpm));
        }
    }
    if s.cached_share != d.cached_share {
        put(Key::Cache, num(s.cached_share));
    }
    if s.cache_write_share != d.cache_write_share {
        put(Key::Cw, num(s.cache_write_share));
    }
    if s.shape != d.shape {
        put(Key::Shape, s.shape.as_str().to_string());
    }
    if s.peak_to_average != d.peak_to_average {
        put(Key::Pa, num(s.peak_to_average));
    }
    if s.seed != d.seed {
        put(Key::Seed, s.seed.to_string());
    }
    if s.size_percentile != d.size_percentile {
        put(Key::Size, s.size_percentile.to_string());
    }
    if let Some(units) = s.units {
        put(Key::Units, units.to_string());
    }
    if s.horizon_months != d.horizon_months {
        put(Key::H, s.horizon_months.to_string());
    }
    if s.growth_percent != d.growth_percent {
        put(Key::G, num(s.growth_percent));
    }
    if s.batch_share != d.batch_share {
        put(Key::B, num(s.batch_share));
    }
    if s.hours_per_month != d.hours_per_month {
        put(Key::Mh, num(s.hours_per_month));
    }
    let o: &Overrides = &s.overrides;
    let opt = [
        (Key::Cap, o.capacity_per_unit_per_minute),
        (Key::Min, o.min_units.map(|v| v as f64)),
        (Key::Inc, o.increment.map(|v| v as f64)),
        (Key::Wout, o.output_weight),
        (Key::Wcache, o.cached_weight),
        (Key::Pu, o.usd_per_unit_hour),
        (Key::Pm, o.usd_per_unit_month),
        (Key::Disc, o.discount_percent),
        (Key::Pin, o.input_usd_per_mtok),
        (Key::Pcache, o.cached_usd_per_mtok),
        (Key::Pcw, o.cache_write_usd_per_mtok),
        (Key::Pout, o.output_usd_per_mtok),
    ];
    for (key, value) in opt {
        if let Some(v) = value {
            put(key, num(v));
        }
    }
    out
}

/// Percent-decodes a query component (`+` is a space); invalid UTF-8 becomes U+FFFD.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Escapes what a query value must not contain; ids and numbers pass through readable.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
