//! The JSON formats: Azure Monitor metrics (REST), CloudWatch `get-metric-data`
//! and the OpenAI usage API. They are small next to CSV logs (at most one point
//! per minute and metric), so the document is read whole, then walked with a
//! path kept for every message.
use serde_json::Value;

use crate::bucket::{Buckets, Rules};
use crate::csv_formats::{azure_metric, generation_key, settle_generations};
use crate::error::{ImportError, Location, Problem, MAX_PROBLEMS};
use crate::time;
use crate::usage::{Usage, Warning};
use crate::Format;

/// The largest JSON document read, in bytes.
pub const MAX_JSON_BYTES: u64 = 256 * 1024 * 1024;

/// The periods CloudWatch keeps Bedrock metrics at (1 minute for 15 days, 5
/// minutes for 63 days, 1 hour for 455 days), in seconds.
pub const CLOUDWATCH_PERIODS: [i64; 3] = [60, 300, 3_600];

/// Which JSON format a document is, from its keys.
pub(crate) fn detect(doc: &Value) -> Option<Format> {
    let first_page = match doc {
        Value::Array(pages) => pages.first()?,
        other => other,
    };
    let obj = first_page.as_object()?;
    if obj.contains_key("MetricDataResults") {
        return Some(Format::CloudWatchJson);
    }
    if obj
        .get("value")
        .and_then(Value::as_array)
        .is_some_and(|v| v.iter().any(|m| m.get("timeseries").is_some()))
    {
        return Some(Format::AzureMetricsJson);
    }
    if obj.get("object").and_then(Value::as_str) == Some("page")
        || obj
            .get("data")
            .and_then(Value::as_array)
            .is_some_and(|d| d.iter().any(|b| b.get("results").is_some()))
    {
        return Some(Format::OpenAiUsageJson);
    }
    None
}

struct Walk {
    problems: Vec<Problem>,
    buckets: Buckets,
    warnings: Vec<Warning>,
}

impl Walk {
    fn problem(&mut self, path: String, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                at: Location::path(path),
                message,
            });
        }
    }

    fn array<'a>(&mut self, v: &'a Value, key: &str, path: &str) -> &'a [Value] {
        match v.get(key) {
            Some(Value::Array(a)) => a,
            Some(_) => {
                self.problem(format!("{path}.{key}"), "expected a list".into());
                &[]
            }
            None => {
                self.problem(format!("{path}.{key}"), "missing; expected a list".into());
                &[]
            }
        }
    }

    fn time(&mut self, v: Option<&Value>, path: String) -> Option<i64> {
        let parsed = match v {
            Some(Value::String(s)) => time::parse(s).map(|s| s.seconds),
            Some(Value::Number(n)) => n.as_i64(),
            _ => None,
        };
        if parsed.is_none() {
            self.problem(
                path,
                format!(
                    "found {}; expected a time (RFC 3339 or Unix seconds)",
                    v.map_or("nothing".to_string(), Value::to_string)
                ),
            );
        }
        parsed
    }

    fn count(&mut self, v: Option<&Value>, path: String) -> Option<f64> {
        match v {
            None | Some(Value::Null) => Some(0.0),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && x >= 0.0 => Some(x),
                _ => {
                    self.problem(
                        path,
                        format!("found {n}; expected a token count of 0 or more"),
                    );
                    None
                }
            },
            Some(other) => {
                self.problem(path, format!("found {other}; expected a token count"));
                None
            }
        }
    }
}

/// Reads a JSON document of a known format into per-minute series.
pub(crate) fn import(doc: &Value, format: Format, peak_factor: f64) -> Result<Usage, ImportError> {
    let mut w = Walk {
        problems: Vec::new(),
        buckets: Buckets::default(),
        warnings: Vec::new(),
    };
    let mut rules = Rules {
        step_seconds: None,
        events: false,
        gaps_are_zero: format.gaps_are_zero(),
        any_order: false,
        standard_steps: &[],
    };
    match format {
        Format::AzureMetricsJson => azure(doc, &mut w, &mut rules)?,
        Format::CloudWatchJson => cloudwatch(doc, &mut w, &mut rules)?,
        Format::OpenAiUsageJson => openai(doc, &mut w, &mut rules),
        _ => {
            return Err(ImportError::UnknownFormat {
                found: "JSON".into(),
            })
        }
    }
    if !w.problems.is_empty() {
        return Err(ImportError::Rows(w.problems));
    }
    w.buckets.finish(format, rules, peak_factor, w.warnings)
}

fn azure(doc: &Value, w: &mut Walk, rules: &mut Rules) -> Result<(), ImportError> {
    // one response, or several (one per day) joined in a JSON list
    let docs: Vec<&Value> = match doc {
        Value::Array(d) => d.iter().collect(),
        other => vec![other],
    };
    let mut ignored: Vec<String> = Vec::new();
    let (mut legacy_seen, mut foundry_seen) = (false, false);
    for (di, doc) in docs.iter().enumerate() {
        let root = if docs.len() > 1 {
            format!("$[{di}]")
        } else {
            "$".into()
        };
        if let Some(interval) = doc.get("interval").and_then(Value::as_str) {
            if let Some(step) = time::parse_duration(interval) {
                rules.step_seconds = Some(rules.step_seconds.map_or(step, |s| s.min(step)));
            }
        }
        let metrics = w.array(doc, "value", &root);
        for (mi, metric) in metrics.iter().enumerate() {
            let path = format!("{root}.value[{mi}]");
            let name = metric
                .pointer("/name/value")
                .and_then(Value::as_str)
                .unwrap_or("");
            let Some((kind, legacy)) = azure_metric(name) else {
                if !ignored.iter().any(|n| n == name) {
                    ignored.push(name.to_string());
                }
                continue;
            };
            if legacy {
                legacy_seen = true;
            } else {
                foundry_seen = true;
            }
            let series = w.array(metric, "timeseries", &path);
            for (si, ts) in series.iter().enumerate() {
                let spath = format!("{path}.timeseries[{si}]");
                let label: Vec<&str> = ts
                    .get("metadatavalues")
                    .and_then(Value::as_array)
                    .map(|m| m.iter().filter_map(|d| d.get("value")?.as_str()).collect())
                    .unwrap_or_default();
                let s = w
                    .buckets
                    .series(&generation_key(&label.join(" / "), legacy));
                let points = w.array(ts, "data", &spath);
                for (pi, p) in points.iter().enumerate() {
                    let ppath = format!("{spath}.data[{pi}]");
                    let t = w.time(p.get("timeStamp"), format!("{ppath}.timeStamp"));
                    let v = w.count(p.get("total"), format!("{ppath}.total"));
                    if let (Some(t), Some(v)) = (t, v) {
                        let mut tokens = [None; 4];
                        tokens[kind] = Some(v);
                        w.buckets.add(s, t, tokens);
                    }
                }
            }
        }
    }
    if !legacy_seen && !foundry_seen {
        return Err(ImportError::MissingColumn {
            format: Format::AzureMetricsJson.name(),
            expected: "the metrics ProcessedPromptTokens and GeneratedTokens, or InputTokens and OutputTokens".into(),
            found: if ignored.is_empty() { "no metrics".into() } else { ignored.join(", ") },
        });
    }
    settle_generations(&mut w.buckets, legacy_seen && foundry_seen);
    if legacy_seen && foundry_seen {
        w.warnings.push(Warning::LegacyDuplicates {
            names: vec!["ProcessedPromptTokens".into(), "GeneratedTokens".into()],
        });
    }
    if !ignored.is_empty() {
        w.warnings.push(Warning::Ignored { names: ignored });
    }
    Ok(())
}

fn cloudwatch(doc: &Value, w: &mut Walk, rules: &mut Rules) -> Result<(), ImportError> {
    rules.any_order = true;
    rules.standard_steps = &CLOUDWATCH_PERIODS;
    let pages: Vec<&Value> = match doc {
        Value::Array(p) => p.iter().collect(),
        other => vec![other],
    };
    let mut found = Vec::new();
    let mut used = 0;
    for (pg, page) in pages.iter().enumerate() {
        let root = if pages.len() > 1 {
            format!("$[{pg}]")
        } else {
            "$".into()
        };
        if page.get("NextToken").is_some_and(|t| !t.is_null()) && pg + 1 == pages.len() {
            w.warnings.push(Warning::MorePages);
        }
        let results = w.array(page, "MetricDataResults", &root);
        for (ri, r) in results.iter().enumerate() {
            let path = format!("{root}.MetricDataResults[{ri}]");
            let label = r.get("Label").and_then(Value::as_str).unwrap_or("");
            let id = r.get("Id").and_then(Value::as_str).unwrap_or("");
            found.push(if label.is_empty() { id } else { label }.to_string());
            let lower = format!("{} {}", label.to_lowercase(), id.to_lowercase());
            let kind = if lower.contains("inputtokencount")
                || id.to_lowercase().starts_with("input")
            {
                0
            } else if lower.contains("outputtokencount") || id.to_lowercase().starts_with("output")
            {
                3
            } else {
                continue;
            };
            used += 1;
            if r.get("StatusCode").and_then(Value::as_str) == Some("PartialData")
                && !w.warnings.contains(&Warning::MorePages)
            {
                w.warnings.push(Warning::MorePages);
            }
            let name = label
                .split_whitespace()
                .filter(|p| {
                    let k = p.to_lowercase();
                    k != "inputtokencount" && k != "outputtokencount"
                })
                .collect::<Vec<_>>()
                .join(" ");
            let s = w.buckets.series(&name);
            let stamps = w.array(r, "Timestamps", &path);
            let values = w.array(r, "Values", &path);
            if stamps.len() != values.len() {
                w.problem(
                    path.clone(),
                    format!(
                        "{} timestamps but {} values; expected one value per timestamp",
                        stamps.len(),
                        values.len()
                    ),
                );
                continue;
            }
            for (i, (t, v)) in stamps.iter().zip(values).enumerate() {
                let t = w.time(Some(t), format!("{path}.Timestamps[{i}]"));
                let v = w.count(Some(v), format!("{path}.Values[{i}]"));
                if let (Some(t), Some(v)) = (t, v) {
                    let mut tokens = [None; 4];
                    tokens[kind] = Some(v);
                    w.buckets.add(s, t, tokens);
                }
            }
        }
    }
    if used == 0 {
        return Err(ImportError::MissingColumn {
            format: Format::CloudWatchJson.name(),
            expected: "results labelled InputTokenCount and OutputTokenCount (or with ids starting input / output)".into(),
            found: if found.is_empty() { "no results".into() } else { found.join(", ") },
        });
    }
    Ok(())
}

fn openai(doc: &Value, w: &mut Walk, rules: &mut Rules) {
    let pages: Vec<&Value> = match doc {
        Value::Array(p) => p.iter().collect(),
        other => vec![other],
    };
    for (pg, page) in pages.iter().enumerate() {
        let root = if pages.len() > 1 {
            format!("$[{pg}]")
        } else {
            "$".into()
        };
        if page.get("has_more").and_then(Value::as_bool) == Some(true) && pg + 1 == pages.len() {
            w.warnings.push(Warning::MorePages);
        }
        let buckets = w.array(page, "data", &root);
        for (bi, b) in buckets.iter().enumerate() {
            let path = format!("{root}.data[{bi}]");
            let start = w.time(b.get("start_time"), format!("{path}.start_time"));
            let end = w.time(b.get("end_time"), format!("{path}.end_time"));
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            if end <= start {
                w.problem(
                    format!("{path}.end_time"),
                    "expected end_time after start_time".into(),
                );
                continue;
            }
            rules.step_seconds = Some(
                rules
                    .step_seconds
                    .map_or(end - start, |s| s.min(end - start)),
            );
            let results = w.array(b, "results", &path);
            if results.is_empty() {
                w.buckets.mark_empty(start);
            }
            for (ri, r) in results.iter().enumerate() {
                let rpath = format!("{path}.results[{ri}]");
                let input = w.count(r.get("input_tokens"), format!("{rpath}.input_tokens"));
                let output = w.count(r.get("output_tokens"), format!("{rpath}.output_tokens"));
                let cached = w.count(
                    r.get("input_cached_tokens"),
                    format!("{rpath}.input_cached_tokens"),
                );
                let (Some(input), Some(output), Some(cached)) = (input, output, cached) else {
                    continue;
                };
                let name = ["model", "project_id"]
                    .iter()
                    .find_map(|k| r.get(*k).and_then(Value::as_str))
                    .unwrap_or("");
                let s = w.buckets.series(name);
                w.buckets.add(
                    s,
                    start,
                    [
                        Some((input - cached).max(0.0)),
                        Some(cached.min(input)),
                        Some(0.0),
                        Some(output),
                    ],
                );
            }
        }
    }
}
