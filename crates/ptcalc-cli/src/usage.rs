//! `ptcalc usage FILE` (what a usage export holds), `ptcalc eval --usage FILE` (the
//! scenario on its measured load) and `ptcalc portfolio LINK --usage FILE` (each series a
//! workload): the file is read by ptcalc-usage, streamed, with the same code as the page;
//! for `eval` the load is carried by a `load=` summary in the link, so the printed report is
//! exactly what opening the printed link gives.
use std::fs::File;
use std::io::BufReader;

use ptcalc_core::link::format;
use ptcalc_core::link::portfolio::format_portfolio;
use ptcalc_core::numfmt::usd;
use ptcalc_core::report::{evaluate_full_data, Report};
use ptcalc_core::scenario::Presentation;
use ptcalc_usage::{
    describe, import_reader, measured_group, measured_scenario, Description, ImportOptions,
    Measured, MeasuredError, Selection, Usage,
};
use serde::Serialize;

use ptcalc_ratecards::{PortfolioDocument, WorkloadWarning};

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
    .map_err(|e| measured_error(path, e))?;
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

/// `portfolio LINK --usage FILE [--series all|NAME,...]`: every chosen series of the file a
/// workload named after it, on `LINK`'s offering, deployment and other keys, with the volume,
/// cache shares and `load=` summary of its own series (as `eval --usage` makes them, so each
/// workload's link opens it alone), priced together on the series' minutes in time order:
/// one file's series share one period, so they are summed minute by minute, exactly.
pub fn run_portfolio(
    ctx: &Context,
    links: &[String],
    path: &str,
    series: Option<&str>,
    peak_factor: f64,
    format_out: Format,
) -> Result<String, CliError> {
    let [link] = links else {
        return Err(CliError::PortfolioUsage(format!(
            "with --usage give one link, the offering and deployment every series is priced on; got {}",
            links.len()
        )));
    };
    let usage = import(path, peak_factor)?;
    let names: Vec<String> = match series {
        None | Some("all") => usage.series_names().iter().map(|n| n.to_string()).collect(),
        Some(list) => list.split(',').map(|n| n.trim().to_string()).collect(),
    };
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() && series.is_some_and(|s| s != "all") {
            return Err(CliError::PortfolioUsage(String::from(
                "--series has an empty name: give series names separated by commas, or all",
            )));
        }
        if names[..i].contains(name) {
            return Err(CliError::PortfolioUsage(format!(
                "--series names \"{name}\" twice: each series is one workload"
            )));
        }
    }
    let opened = ctx.catalog.open_link_on(link, ctx.today);
    let mut series = Vec::with_capacity(names.len());
    for name in &names {
        let data = usage
            .select(&Selection::Named(name.clone()))
            .map_err(|error| CliError::Usage {
                path: path.to_string(),
                error,
            })?;
        series.push((name.clone(), data));
    }
    // Each series a workload (a file's one unnamed series is "workload 1"), all one group
    // (`grp=`, the first with the summed series' `gload=`), as the page makes them.
    let group = measured_group(&opened.scenario, &series, |s| {
        ctx.catalog.offering_for_as_of(s, opened.as_of)
    })
    .map_err(|e| measured_error(path, e))?;
    let mut workloads = Vec::with_capacity(group.len());
    let mut loads = Vec::with_capacity(group.len());
    for m in group {
        workloads.push((m.scenario, m.offering));
        loads.push(m.load);
    }
    // The link's problems and the file's notes, once, under the first workload.
    let first = names.first().cloned().unwrap_or_default();
    let mut warnings: Vec<WorkloadWarning> = opened
        .warnings
        .iter()
        .map(|w| WorkloadWarning {
            workload: first.clone(),
            key: w.key.clone(),
            message: w.message.clone(),
        })
        .collect();
    warnings.extend(usage.warnings.iter().map(|w| WorkloadWarning {
        workload: first.clone(),
        key: String::from("usage"),
        message: format!("{path}: {w}"),
    }));
    let mut document = PortfolioDocument::measured(&workloads, &loads, opened.as_of, warnings)
        .map_err(CliError::Portfolio)?;
    document.portfolio.notes.push(format!(
        "measured: {} series of {path} ({} minutes from {}), each on the same minutes of the month, summed minute by minute; each workload alone is priced on its full series too, and its link carries a load= summary (the distribution, not the time order), so opening that link alone can differ slightly; the portfolio link (link) keeps them together as one group (grp=) with the summed series' summary (gload=), which prices their pool within the summary's precision",
        names.len(),
        usage.minutes,
        usage.start(),
    ));
    // The link that reopens the portfolio: `ptcalc portfolio LINK` prices the group on its
    // joint summary, the file's summed series up to the summary's precision.
    let scenarios: Vec<_> = workloads.iter().map(|(s, _)| s.clone()).collect();
    match format_portfolio(&scenarios, &Presentation::default()) {
        Ok(link) => document.link = Some(link),
        Err(e) => document.portfolio.notes.push(format!("link: {e}")),
    }
    Ok(match format_out {
        Format::Json => document.json().map_err(CliError::Json)?,
        Format::Text => document.text(false),
        Format::Markdown => document.text(true),
        Format::Csv => document.csv(),
    })
}

/// Why a measured scenario (or group) of the file at `path` could not be made.
fn measured_error(path: &str, e: MeasuredError<ptcalc_ratecards::ResolveError>) -> CliError {
    match e {
        MeasuredError::Offering(e) => {
            CliError::Scenario(ptcalc_ratecards::EvaluateError::Resolve(e))
        }
        MeasuredError::Summary(e) => CliError::Summary(path.to_string(), e),
    }
}
