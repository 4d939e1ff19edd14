//! `ptcalc usage FILE` (what a usage export holds) and `ptcalc eval --usage FILE` (the
//! scenario on its measured load): the file is read by ptcalc-usage, streamed, with the
//! same code as the page; the load is carried by a `load=` summary in the link, so the
//! printed report is exactly what opening the printed link gives.
use std::fs::File;
use std::io::BufReader;

use ptcalc_core::link::format;
use ptcalc_core::numfmt::usd;
use ptcalc_core::report::{evaluate_full_data, Report};
use ptcalc_usage::{
    describe, import_reader, measured_scenario, Description, ImportOptions, Measured,
    MeasuredError, Selection, Usage,
};
use serde::Serialize;

use crate::args::{Format, ListFormat};
use crate::context::Context;
use crate::error::CliError;

/// The longest link the summary keeps within (a browser and a chat message carry it).
pub const MAX_LINK: usize = 2_000;

/// Reads a usage file, streamed; `-` reads standard input (a pipe from a log
/// generator or `zcat`, in bounded memory).
fn import(path: &str, peak_factor: f64) -> Result<Usage, CliError> {
    let options = ImportOptions { peak_factor };
    let read = if path == "-" {
        import_reader(std::io::stdin().lock(), options)
    } else {
        let file = File::open(path).map_err(|error| CliError::Read {
            path: path.to_string(),
            error,
        })?;
        import_reader(BufReader::with_capacity(1 << 16, file), options)
    };
    read.map_err(|error| CliError::Usage {
        path: path.to_string(),
        error,
    })
}

/// `--series NAME|all` (absent: all).
fn selection(series: Option<&str>) -> Selection {
    match series {
        None | Some("all") => Selection::All,
        Some(name) => Selection::Named(name.to_string()),
    }
}

/// `usage FILE --format json`.
#[derive(Serialize)]
struct DescriptionJson<'a> {
    format: &'static str,
    format_name: &'static str,
    start: &'a str,
    end: &'a str,
    minutes: usize,
    step_minutes: u64,
    missing_minutes: u64,
    gaps_are_zero_traffic: bool,
    rows: u64,
    series: &'a [String],
    tokens: TokensJson,
    mean_tokens_per_minute: f64,
    peak_tokens_per_minute: f64,
    percentiles: Vec<PercentileJson>,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct TokensJson {
    input: f64,
    cached_input: f64,
    cache_write: f64,
    output: f64,
}

#[derive(Serialize)]
struct PercentileJson {
    percentile: u8,
    tokens_per_minute: f64,
}

impl<'a> DescriptionJson<'a> {
    fn of(d: &'a Description) -> DescriptionJson<'a> {
        DescriptionJson {
            format: d.format.id(),
            format_name: d.format.name(),
            start: &d.start,
            end: &d.end,
            minutes: d.minutes,
            step_minutes: d.step_minutes,
            missing_minutes: d.missing_minutes,
            gaps_are_zero_traffic: d.format.gaps_are_zero(),
            rows: d.rows,
            series: &d.series,
            tokens: TokensJson {
                input: d.tokens[0],
                cached_input: d.tokens[1],
                cache_write: d.tokens[2],
                output: d.tokens[3],
            },
            mean_tokens_per_minute: d.mean_tokens_per_minute,
            peak_tokens_per_minute: d.peak_tokens_per_minute,
            percentiles: d
                .percentiles
                .iter()
                .map(|(p, v)| PercentileJson {
                    percentile: *p,
                    tokens_per_minute: *v,
                })
                .collect(),
            warnings: d.warnings.iter().map(|w| w.to_string()).collect(),
        }
    }
}

/// `ptcalc usage FILE`: format, period, minutes, gaps, mean, peak, percentiles.
pub fn run_describe(
    path: &str,
    series: Option<&str>,
    peak_factor: f64,
    format: ListFormat,
) -> Result<String, CliError> {
    let usage = import(path, peak_factor)?;
    let d = describe(&usage, &selection(series)).map_err(|error| CliError::Usage {
        path: path.to_string(),
        error,
    })?;
    Ok(match format {
        ListFormat::Text => d.to_string(),
        ListFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&DescriptionJson::of(&d)).map_err(CliError::Json)?;
            text.push('\n');
            text
        }
    })
}

/// What `eval --usage` adds to the report: the file, the summary and how close it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Imported {
    /// The file as given.
    pub file: String,
    /// The recognized format's id.
    pub format: &'static str,
    /// The series used (`all` = summed).
    pub series: String,
    /// First minute and the minute after the last, UTC.
    pub start: String,
    /// See `start`.
    pub end: String,
    /// Minutes in the period.
    pub minutes: usize,
    /// Characters of the summary in the link (`load=`).
    pub summary_characters: usize,
    /// Characters of the whole link query.
    pub link_characters: usize,
    /// The hybrid optimum per month on the full data (`null` without prices).
    pub full_data_hybrid_usd: Option<f64>,
    /// The same from the summary (the report's `monthly.hybrid`).
    pub summary_hybrid_usd: Option<f64>,
    /// |summary − full| ÷ full.
    pub summary_error: Option<f64>,
    /// What the import warned about.
    pub warnings: Vec<String>,
}

/// The scenario of `link` on the measured load of `path`: the volume and cache shares
/// from the file's means, the traffic from its per-minute load weighted as the offering
/// weighs tokens (all tokens alike for an offering that reserves input and output
/// separately), carried as a `load=` summary. Returns the report the summary link gives,
/// the link's notes and what was imported.
pub fn run_eval(
    ctx: &Context,
    link: &str,
    path: &str,
    series: Option<&str>,
    peak_factor: f64,
    format_out: Format,
) -> Result<String, CliError> {
    let usage = import(path, peak_factor)?;
    let which = selection(series);
    let data = usage.select(&which).map_err(|error| CliError::Usage {
        path: path.to_string(),
        error,
    })?;
    let opened = ctx.catalog.open_link_on(link, ctx.today);
    let measured = measured_scenario(&opened.scenario, &data, |s| {
        ctx.catalog.offering_for_as_of(s, opened.as_of)
    })
    .map_err(|e| match e {
        MeasuredError::Offering(e) => {
            CliError::Scenario(ptcalc_ratecards::EvaluateError::Resolve(e))
        }
        MeasuredError::Summary(e) => CliError::Summary(path.to_string(), e),
    })?;
    let Measured {
        scenario: s,
        offering,
        load,
        summary: text,
    } = measured;
    let summary_link = format(&s);

    // The report exactly as the summary link opens.
    let reopened = ctx.catalog.open_link_on(&summary_link, ctx.today);
    let analysis = ctx
        .catalog
        .evaluate_opened(&reopened)
        .map_err(CliError::Scenario)?;
    let mut without = s.clone();
    without.load = None;
    let full = evaluate_full_data(&without, &offering, &load)
        .map_err(|e| CliError::Scenario(ptcalc_ratecards::EvaluateError::Model(e)))?;
    let d = describe(&usage, &which).map_err(|error| CliError::Usage {
        path: path.to_string(),
        error,
    })?;
    let (full_hybrid, summary_hybrid) =
        (full.report.monthly.hybrid, analysis.report.monthly.hybrid);
    let imported = Imported {
        file: path.to_string(),
        format: usage.format.id(),
        series: match &which {
            Selection::All => "all".into(),
            Selection::Named(name) => name.clone(),
        },
        start: d.start.clone(),
        end: d.end.clone(),
        minutes: d.minutes,
        summary_characters: text.len(),
        link_characters: summary_link.len(),
        full_data_hybrid_usd: full_hybrid,
        summary_hybrid_usd: summary_hybrid,
        summary_error: match (full_hybrid, summary_hybrid) {
            // Nine decimals: the difference, not floating-point noise below it.
            (Some(f), Some(s)) if f > 0.0 => Some(((s - f).abs() / f * 1e9).round() / 1e9),
            _ => None,
        },
        warnings: d.warnings.iter().map(|w| w.to_string()).collect(),
    };
    let range = ptcalc_core::verdict::range_of(&analysis);
    let mut report = analysis.report;
    if summary_link.len() > MAX_LINK {
        report.warnings.insert(
            0,
            ptcalc_core::report::Warning {
                code: ptcalc_core::report::WarningCode::Link,
                key: Some("load".into()),
                message: format!(
                    "the link is {} characters, above {MAX_LINK}: some browsers and chats cut it",
                    summary_link.len()
                ),
            },
        );
    }
    crate::eval::render(ctx, &report, range, &reopened, format_out, Some(&imported))
}

/// The lines `eval --usage` prints above the text or Markdown report.
pub fn preamble(i: &Imported, report: &Report, md: bool) -> String {
    let bullet = if md { "- " } else { "  " };
    let mut out = String::new();
    out.push_str(&format!(
        "imported: {} ({}), series {}, {} to {} ({} minutes)\n",
        i.file, i.format, i.series, i.start, i.end, i.minutes
    ));
    if let Some(m) = &report.load.measured {
        out.push_str(&format!("{bullet}{}\n", m.note));
    }
    out.push_str(&format!(
        "{bullet}summary: {} characters in load=, link {} characters\n",
        i.summary_characters, i.link_characters
    ));
    if let (Some(f), Some(s), Some(e)) = (
        i.full_data_hybrid_usd,
        i.summary_hybrid_usd,
        i.summary_error,
    ) {
        out.push_str(&format!(
            "{bullet}best hybrid per month: {} from the full data, {} from the summary ({:.2}% apart)\n",
            usd(f),
            usd(s),
            e * 100.0
        ));
    }
    for w in &i.warnings {
        out.push_str(&format!("{bullet}import warning: {w}\n"));
    }
    out
}
