//! The CSV formats: which columns a header names, and how each row becomes
//! tokens of each kind.
//!
//! Header names are compared after lower-casing and dropping everything but
//! letters and digits (`Input Tokens`, `input_tokens` and `inputTokens` are one
//! name); a ` [UTC]` suffix marks the column's times as UTC.
use crate::bucket::{Buckets, Rules};
use crate::csv::Record;
use crate::error::{ImportError, Location, Problem};
use crate::time::{self, Zone};
use crate::usage::Warning;
use crate::Format;

/// Time column names, in order of preference.
pub const TIME_ALIASES: &[&str] = &[
    "timestamp",
    "time",
    "datetime",
    "date",
    "timegenerated",
    "starttime",
    "minute",
    "period",
    "ts",
];
/// Input (prompt) token columns: all input tokens, cached and cache-write included.
pub const INPUT_ALIASES: &[&str] = &[
    "input",
    "inputtokens",
    "prompttokens",
    "prompt",
    "tokensin",
    "inputtokencount",
    "processedprompttokens",
];
/// Output (completion) token columns.
pub const OUTPUT_ALIASES: &[&str] = &[
    "output",
    "outputtokens",
    "completiontokens",
    "completion",
    "tokensout",
    "outputtokencount",
    "generatedtokens",
];
/// Cached input (cache read) token columns, part of the input.
pub const CACHED_ALIASES: &[&str] = &[
    "cached",
    "cachedtokens",
    "cachedinputtokens",
    "inputcachedtokens",
    "cachereadtokens",
    "cachereadinputtokens",
    "cacheread",
];
/// Cache-write token columns, part of the input.
pub const CACHE_WRITE_ALIASES: &[&str] = &[
    "cachewrite",
    "cachewritetokens",
    "cachecreationinputtokens",
    "cachecreationtokens",
    "cachewriteinputtokens",
];
/// Uncached input columns: when present they give the uncached input directly.
pub const UNCACHED_ALIASES: &[&str] = &["uncachedinput", "inputuncachedtokens", "uncachedtokens"];
/// Series (deployment or model) columns, in order of preference.
pub const SERIES_ALIASES: &[&str] = &[
    "deployment",
    "deploymentname",
    "modeldeploymentname",
    "model",
    "modelid",
    "modelname",
    "series",
    "resource",
];
/// Columns that only a per-request log has.
pub const REQUEST_ALIASES: &[&str] = &[
    "requestid",
    "request",
    "latency",
    "latencyms",
    "durationms",
    "statuscode",
];

/// Time steps exports use (Azure time grains PT1M…P1D and the usual report
/// steps), in seconds. A file whose timestamps are only some of the minutes
/// (a query that outputs only minutes with traffic) has distances whose
/// common divisor can be 2 or 3 minutes; the largest of these steps that
/// divides it is taken instead, and the missing minutes are reported as gaps.
pub const STANDARD_STEPS: [i64; 9] = [60, 300, 600, 900, 1_800, 3_600, 21_600, 43_200, 86_400];

/// Azure metric names read as input tokens: legacy, then Foundry.
pub const AZURE_INPUT: [&str; 2] = ["ProcessedPromptTokens", "InputTokens"];
/// Azure metric names read as output tokens: legacy, then Foundry.
pub const AZURE_OUTPUT: [&str; 2] = ["GeneratedTokens", "OutputTokens"];

/// A header name reduced to lower-case letters and digits, and whether it said `[UTC]`.
pub(crate) fn key(name: &str) -> (String, bool) {
    let lower = name.trim().trim_start_matches('\u{feff}').to_lowercase();
    let utc = lower.ends_with("[utc]") || lower.ends_with("(utc)");
    let k: String = lower
        .trim_end_matches("[utc]")
        .trim_end_matches("(utc)")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    (k, utc)
}

/// Which kind an Azure metric name reports: 0 input, 3 output (`TokenKind` index),
/// and whether it is a legacy name.
pub(crate) fn azure_metric(name: &str) -> Option<(usize, bool)> {
    let (k, _) = key(name);
    match k.as_str() {
        "processedprompttokens" => Some((0, true)),
        "generatedtokens" | "generatedcompletiontokens" => Some((3, true)),
        "inputtokens" => Some((0, false)),
        "outputtokens" => Some((3, false)),
        _ => None,
    }
}

#[derive(Debug)]
enum Layout {
    Wide {
        input: usize,
        output: usize,
        cached: Option<usize>,
        cache_write: Option<usize>,
        uncached: Option<usize>,
    },
    AzureLong {
        metric: usize,
        total: usize,
        grain: Option<usize>,
    },
    OpenAi {
        end: usize,
        input: usize,
        output: usize,
        cached: Option<usize>,
        uncached: Option<usize>,
        project: Option<usize>,
    },
}

/// The reading of one CSV file after its header.
#[derive(Debug)]
pub(crate) struct CsvFormat {
    pub format: Format,
    names: Vec<String>,
    time: usize,
    series: Option<usize>,
    layout: Layout,
    header_utc: bool,
    zone: Option<(Zone, u64)>,
    step: Option<i64>,
    cached_above_input: u64,
    ignored: Vec<String>,
    legacy_seen: bool,
    foundry_seen: bool,
    dates: time::DateCache,
}

fn find(keys: &[String], aliases: &[&str]) -> Option<usize> {
    aliases
        .iter()
        .find_map(|a| keys.iter().position(|k| k == a))
}

fn listed(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl CsvFormat {
    /// Recognizes a CSV format from its header record.
    ///
    /// # Errors
    /// [`ImportError::UnknownFormat`] or [`ImportError::MissingColumn`].
    pub fn from_header(header: &Record) -> Result<CsvFormat, ImportError> {
        let names: Vec<String> = (0..header.len())
            .map(|i| header.get(i).unwrap_or("").to_string())
            .collect();
        let parsed: Vec<(String, bool)> = names.iter().map(|n| key(n)).collect();
        let keys: Vec<String> = parsed.iter().map(|(k, _)| k.clone()).collect();
        let has = |k: &str| keys.iter().any(|x| x == k);
        let time = find(&keys, TIME_ALIASES);
        let header_utc = time.is_some_and(|t| parsed[t].1);
        let mut f = CsvFormat {
            format: Format::WideCsv,
            names: names.clone(),
            time: time.unwrap_or(0),
            series: None,
            layout: Layout::Wide {
                input: 0,
                output: 0,
                cached: None,
                cache_write: None,
                uncached: None,
            },
            header_utc,
            zone: None,
            step: None,
            cached_above_input: 0,
            ignored: Vec::new(),
            legacy_seen: false,
            foundry_seen: false,
            dates: time::DateCache::default(),
        };
        let missing = |format: Format, expected: &str| ImportError::MissingColumn {
            format: format.name(),
            expected: expected.to_string(),
            found: listed(&names),
        };
        if has("metricname") {
            let format = Format::AzureLogAnalyticsCsv;
            let time = find(&keys, &["timegenerated", "timestamp", "time"])
                .ok_or_else(|| missing(format, "a `TimeGenerated [UTC]` column"))?;
            let total = find(&keys, &["total", "sumtotal", "sum"])
                .ok_or_else(|| missing(format, "a `Total` column"))?;
            f.format = format;
            f.time = time;
            f.header_utc = parsed[time].1 || keys[time] == "timegenerated";
            f.series = find(&keys, &["deployment", "modeldeploymentname", "resource"]);
            f.layout = Layout::AzureLong {
                metric: keys.iter().position(|k| k == "metricname").unwrap_or(0),
                total,
                grain: find(&keys, &["timegrain"]),
            };
            return Ok(f);
        }
        if has("starttime") && has("endtime") && has("inputtokens") {
            let format = Format::OpenAiDashboardCsv;
            f.format = format;
            f.time = find(&keys, &["starttime"]).unwrap_or(0);
            f.header_utc = true;
            f.series = find(&keys, &["model"]);
            f.layout = Layout::OpenAi {
                end: find(&keys, &["endtime"]).unwrap_or(0),
                input: find(&keys, &["inputtokens"]).unwrap_or(0),
                output: find(&keys, &["outputtokens"])
                    .ok_or_else(|| missing(format, "an `output_tokens` column"))?,
                cached: find(&keys, &["inputcachedtokens"]),
                uncached: find(&keys, &["inputuncachedtokens"]),
                project: find(&keys, &["projectid"]),
            };
            return Ok(f);
        }
        let input = find(&keys, INPUT_ALIASES);
        let output = find(&keys, OUTPUT_ALIASES);
        if time.is_none() && input.is_none() && output.is_none() {
            return Err(ImportError::UnknownFormat {
                found: names.join(","),
            });
        }
        let simulator = keys == ["timestamp", "inputtokens", "outputtokens", "totaltokens"];
        let request = simulator || REQUEST_ALIASES.iter().any(|a| has(a));
        let format = if request {
            Format::RequestLog
        } else {
            Format::WideCsv
        };
        let expected = format!(
            "a time column (one of: {}), an input column (one of: {}) and an output column (one of: {})",
            TIME_ALIASES.join(", "),
            INPUT_ALIASES.join(", "),
            OUTPUT_ALIASES.join(", ")
        );
        let (Some(_), Some(input), Some(output)) = (time, input, output) else {
            return Err(missing(format, &expected));
        };
        f.format = format;
        f.series = find(&keys, SERIES_ALIASES);
        f.layout = Layout::Wide {
            input,
            output,
            cached: find(&keys, CACHED_ALIASES),
            cache_write: find(&keys, CACHE_WRITE_ALIASES),
            uncached: find(&keys, UNCACHED_ALIASES),
        };
        Ok(f)
    }

    /// The format's rules for the bucketing.
    pub fn rules(&self) -> Rules {
        Rules {
            step_seconds: self.step,
            events: self.format == Format::RequestLog,
            gaps_are_zero: self.format.gaps_are_zero(),
            any_order: false,
            standard_steps: &STANDARD_STEPS,
        }
    }

    /// Warnings raised while reading rows.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut w = Vec::new();
        if self.cached_above_input > 0 {
            w.push(Warning::CachedAboveInput {
                rows: self.cached_above_input,
            });
        }
        if !self.ignored.is_empty() {
            w.push(Warning::Ignored {
                names: self.ignored.clone(),
            });
        }
        if self.legacy_seen && self.foundry_seen {
            w.push(Warning::LegacyDuplicates {
                names: vec!["ProcessedPromptTokens".into(), "GeneratedTokens".into()],
            });
        }
        w
    }

    /// Whether legacy rows must be dropped (both generations present).
    pub fn drop_legacy(&self) -> bool {
        self.legacy_seen && self.foundry_seen
    }

    fn column(&self, i: usize) -> &str {
        self.names.get(i).map_or("?", String::as_str)
    }

    fn number(&self, rec: &Record, i: usize, line: u64) -> Result<f64, Problem> {
        let text = rec.get(i).unwrap_or("");
        if text.is_empty() {
            return Ok(0.0);
        }
        if let Some(v) = whole_number(text) {
            return Ok(v);
        }
        let parsed = if text.contains('_') {
            text.replace('_', "").parse::<f64>()
        } else {
            text.parse::<f64>()
        };
        match parsed {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
            Ok(v) => Err(Problem {
                at: Location::cell(line, self.column(i)),
                message: format!("found {v}; expected a token count of 0 or more"),
            }),
            Err(_) => Err(Problem {
                at: Location::cell(line, self.column(i)),
                message: format!("found {text:?}; expected a token count (a number)"),
            }),
        }
    }

    fn stamp(&mut self, rec: &Record, i: usize, line: u64) -> Result<i64, Problem> {
        let text = rec.get(i).unwrap_or("");
        // Built only for a problem: a row that reads costs no allocation.
        let at = |this: &Self| Location::cell(line, this.column(i));
        let Some(s) = time::parse_with(text, &mut self.dates) else {
            return Err(Problem {
                at: at(self),
                message: format!(
                    "found {text:?}; expected a time: RFC 3339 (2025-08-18T14:05:00Z), \
                     YYYY-MM-DD HH:MM[:SS], or Unix seconds or milliseconds"
                ),
            });
        };
        if !self.header_utc {
            match self.zone {
                None => self.zone = Some((s.zone, line)),
                Some((z, first)) if z != s.zone => {
                    let (has, lacks) = if s.zone == Zone::Naive {
                        ("no time zone", "a zone or offset")
                    } else {
                        ("a time zone", "none")
                    };
                    return Err(Problem {
                        at: at(self),
                        message: format!(
                            "mixed time zones: this time has {has} while line {first} has {lacks}; \
                             write every time in UTC (ending in Z) or every time without a zone"
                        ),
                    });
                }
                Some(_) => {}
            }
        }
        Ok(s.seconds)
    }

    /// Reads one data record into `buckets`.
    ///
    /// # Errors
    /// The first problem in the record.
    pub fn row(&mut self, rec: &Record, line: u64, buckets: &mut Buckets) -> Result<(), Problem> {
        if rec.len() < self.names.len() {
            return Err(Problem {
                at: Location::line(line),
                message: format!(
                    "found {} fields; expected {} as in the header",
                    rec.len(),
                    self.names.len()
                ),
            });
        }
        let seconds = self.stamp(rec, self.time, line)?;
        let series_name = self.series.and_then(|i| rec.get(i)).unwrap_or("");
        match self.layout {
            Layout::Wide {
                input,
                output,
                cached,
                cache_write,
                uncached,
            } => {
                let input_v = self.number(rec, input, line)?;
                let output_v = self.number(rec, output, line)?;
                let cached_v = cached.map_or(Ok(0.0), |c| self.number(rec, c, line))?;
                let write_v = cache_write.map_or(Ok(0.0), |c| self.number(rec, c, line))?;
                let fresh = match uncached {
                    Some(u) => self.number(rec, u, line)?,
                    None => self.uncached(input_v, cached_v + write_v),
                };
                let s = buckets.series(series_name);
                buckets.add(
                    s,
                    seconds,
                    [Some(fresh), Some(cached_v), Some(write_v), Some(output_v)],
                );
            }
            Layout::AzureLong {
                metric,
                total,
                grain,
            } => {
                let name = rec.get(metric).unwrap_or("");
                let value = self.number(rec, total, line)?;
                if let Some(g) = grain.and_then(|g| rec.get(g)) {
                    if let Some(step) = time::parse_duration(g) {
                        self.step = Some(self.step.map_or(step, |s| s.min(step)));
                    }
                }
                match azure_metric(name) {
                    Some((kind, legacy)) => {
                        if legacy {
                            self.legacy_seen = true;
                        } else {
                            self.foundry_seen = true;
                        }
                        let s = buckets.series(&generation_key(series_name, legacy));
                        let mut tokens = [None; 4];
                        tokens[kind] = Some(value);
                        buckets.add(s, seconds, tokens);
                    }
                    None => {
                        if self.ignored.len() < 10 && !self.ignored.iter().any(|n| n == name) {
                            self.ignored.push(name.to_string());
                        }
                    }
                }
            }
            Layout::OpenAi {
                end,
                input,
                output,
                cached,
                uncached,
                project,
            } => {
                let end_s = self.stamp(rec, end, line)?;
                if end_s <= seconds {
                    return Err(Problem {
                        at: Location::cell(line, self.column(end)),
                        message:
                            "the bucket ends before it starts; expected end_time after start_time"
                                .into(),
                    });
                }
                let step = end_s - seconds;
                self.step = Some(self.step.map_or(step, |s| s.min(step)));
                let input_v = self.number(rec, input, line)?;
                let output_v = self.number(rec, output, line)?;
                let cached_v = cached.map_or(Ok(0.0), |c| self.number(rec, c, line))?;
                let fresh = match uncached {
                    Some(u) => self.number(rec, u, line)?,
                    None => self.uncached(input_v, cached_v),
                };
                let name = if series_name.is_empty() {
                    project.and_then(|p| rec.get(p)).unwrap_or("")
                } else {
                    series_name
                };
                let s = buckets.series(name);
                buckets.add(
                    s,
                    seconds,
                    [Some(fresh), Some(cached_v), Some(0.0), Some(output_v)],
                );
            }
        }
        Ok(())
    }

    fn uncached(&mut self, input: f64, cached: f64) -> f64 {
        if cached > input {
            self.cached_above_input += 1;
            0.0
        } else {
            input - cached
        }
    }
}

/// The bucket key of an Azure series, keeping legacy and Foundry names apart
/// until the end (both present = the same tokens twice).
pub(crate) fn generation_key(series: &str, legacy: bool) -> String {
    if legacy {
        format!("\u{1}{series}")
    } else {
        series.to_string()
    }
}

/// Drops the legacy series when the newer names are present, else renames them.
pub(crate) fn settle_generations(buckets: &mut Buckets, drop_legacy: bool) {
    buckets.retain_series(|name| {
        if let Some(plain) = name.strip_prefix('\u{1}') {
            if drop_legacy {
                None
            } else {
                Some(plain.to_string())
            }
        } else {
            Some(name.to_string())
        }
    });
}

/// A count written as plain digits (most cells), read without the general number parser:
/// up to 15 digits, so the value is exact in an f64 and equal to what `str::parse` gives.
fn whole_number(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if b.is_empty() || b.len() > 15 {
        return None;
    }
    let mut v = 0u64;
    for c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    Some(v as f64)
}

#[cfg(test)]
mod tests {
    use super::whole_number;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn plain_digits_read_as_the_number_parser_reads_them(text in "[0-9]{0,17}|[0-9+._eE -]{1,8}") {
            let general = text.parse::<f64>().ok();
            match whole_number(&text) {
                Some(v) => prop_assert_eq!(Some(v), general),
                // left to the general parser: not plain digits, or too many of them
                None => prop_assert!(text.is_empty() || text.len() > 15 || !text.bytes().all(|c| c.is_ascii_digit())),
            }
        }
    }
}
