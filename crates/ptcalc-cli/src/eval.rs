//! `ptcalc eval`: a link in, the report out as text, JSON or Markdown.
use std::fmt::Write;

use ptcalc_core::numfmt::{compact, percent, usd};
use ptcalc_core::report::{Report, Split};
use ptcalc_core::verdict::{range_of, range_words, units, verdict, Range};
use ptcalc_ratecards::{EvalDocument, Opened};
use serde::Serialize;

use crate::args::Format;
use crate::context::Context;
use crate::error::CliError;
use crate::usage::Imported;
use ptcalc_core::export::report_csv;
use ptcalc_core::offering::CUSTOM_ID;
pub(crate) use ptcalc_ratecards::text_table::{heading, table};

/// The JSON document: [`EvalDocument`] (the one the page exports and its API returns) and,
/// for `eval --usage`, the file, the summary and its distance from the full data.
#[derive(Serialize)]
struct EvalJson<'a> {
    #[serde(flatten)]
    document: EvalDocument,
    #[serde(skip_serializing_if = "Option::is_none")]
    imported: Option<&'a Imported>,
}

/// Evaluates a link and renders the report. Link problems become warnings (the link
/// never fails to parse); a scenario the model refuses is an error message.
pub fn run(ctx: &Context, link: &str, format: Format) -> Result<String, CliError> {
    let opened = ctx.catalog.open_link_on(link, ctx.today);
    let analysis = ctx
        .catalog
        .evaluate_opened(&opened)
        .map_err(CliError::Scenario)?;
    let range = range_of(&analysis);
    render(ctx, &analysis.report, range, &opened, format, None)
}

/// The report in `format`, with the range its answer holds over (`verdict::range_of`);
/// `imported` for `eval --usage`.
pub fn render(
    ctx: &Context,
    report: &Report,
    range: Option<Range>,
    opened: &Opened,
    format: Format,
    imported: Option<&Imported>,
) -> Result<String, CliError> {
    let preamble = |md| {
        imported
            .map(|i| crate::usage::preamble(i, report, md))
            .unwrap_or_default()
    };
    Ok(match format {
        Format::Json => {
            let document = EvalJson {
                document: EvalDocument::new(report.clone(), range, opened),
                imported,
            };
            ptcalc_ratecards::json_text(&document).map_err(CliError::Json)?
        }
        Format::Text => preamble(false) + &text(report, range.as_ref(), false),
        Format::Markdown => {
            let mut out = preamble(true) + &text(report, range.as_ref(), true);
            out.push_str(&sources(ctx, report, opened));
            out
        }
        Format::Csv => report_csv(report),
    })
}

pub(crate) fn money(v: Option<f64>) -> String {
    v.map(usd).unwrap_or_else(|| String::from("–"))
}

fn share(v: Option<f64>) -> String {
    v.map(percent).unwrap_or_else(|| String::from("–"))
}

fn text(r: &Report, range: Option<&Range>, md: bool) -> String {
    let answer = verdict(r).text + &range.map(range_words).unwrap_or_default();
    let mut out = String::new();
    let h = |out: &mut String, title: &str| heading(out, md, title);
    if md {
        let _ = writeln!(
            out,
            "# ptcalc: {} ({}, {})\n",
            r.offering.name,
            r.offering.deployment.as_str(),
            r.offering.term
        );
        let _ = writeln!(out, "**{answer}**\n");
        let _ = writeln!(out, "Scenario: `?{}`", r.scenario);
    } else {
        let _ = writeln!(
            out,
            "{} ({}, {} term)",
            r.offering.name,
            r.offering.deployment.as_str(),
            r.offering.term
        );
        let _ = writeln!(out, "{answer}");
        let _ = writeln!(out, "scenario: ?{}", r.scenario);
        if let Some(e) = r
            .scenario
            .split('&')
            .find_map(|kv| kv.strip_prefix("rc="))
            .and_then(|k| ptcalc_ratecards::Edition::parse(k).ok())
        {
            // The age notice itself is a warning (`cards_old`), so every surface has it.
            let _ = writeln!(out, "rate cards: edition {e}, last checked on {}", e.date());
        }
    }
    h(&mut out, "Load");
    let u = &r.offering.unit;
    table(
        &mut out,
        md,
        &["", "normalized tokens/min"],
        &[
            vec!["mean".into(), compact(r.load.mean_normalized_tpm)],
            vec!["peak".into(), compact(r.load.peak_normalized_tpm)],
            vec![
                format!("sizing (P{})", r.load.sizing_percentile),
                compact(r.load.sizing_normalized_tpm),
            ],
        ],
        None,
    );
    let _ = writeln!(
        out,
        "{}units: {} raw → {} (minimum {}, then steps of {}); {} tokens/month",
        if md { "\n" } else { "  " },
        r.units
            .raw
            .map(|v| format!("{v:.2}"))
            .unwrap_or_else(|| "–".into()),
        r.units
            .required
            .map(|v| units(v, u))
            .unwrap_or_else(|| "–".into()),
        r.units.min_units,
        r.units.increment,
        compact(r.load.tokens_per_month)
    );
    h(&mut out, "Monthly cost");
    table(
        &mut out,
        md,
        &["option", "per month", "units", "utilization", "overflow"],
        &[
            vec![
                "all on-demand".into(),
                money(r.monthly.on_demand),
                "0".into(),
                "–".into(),
                "100%".into(),
            ],
            row("full provisioning", r.full.as_ref()),
            row("best hybrid", r.hybrid.as_ref()),
        ]
        .into_iter()
        .chain(r.chosen.as_ref().map(|c| row("your units", Some(c))))
        .collect::<Vec<_>>(),
        None,
    );
    let _ = writeln!(
        out,
        "{}break-even utilization: {}",
        if md { "\n" } else { "  " },
        share(r.break_even_utilization)
    );
    h(&mut out, "Terms");
    let rows: Vec<Vec<String>> = r
        .terms
        .iter()
        .map(|t| {
            vec![
                t.label.to_string(),
                money(t.usd_per_unit_month),
                money(t.full_provisioned),
                t.hybrid
                    .as_ref()
                    .map(|h| format!("{} ({})", usd(h.total_usd), units(h.units, u)))
                    .unwrap_or_else(|| "–".into()),
                share(t.break_even_utilization),
                t.break_even_tokens_per_month
                    .map(compact)
                    .or_else(|| t.break_even_never.as_ref().map(|_| "never".into()))
                    .unwrap_or_else(|| "–".into()),
                money(t.horizon_hybrid),
            ]
        })
        .collect();
    table(
        &mut out,
        md,
        &[
            "term",
            "per unit-month",
            "full",
            "hybrid",
            "break-even util.",
            "break-even tokens/month",
            &format!("hybrid, {} months", r.horizon_months),
        ],
        &rows,
        None,
    );
    if !r.points.is_empty() {
        h(&mut out, "Provisioning points");
        let rows: Vec<Vec<String>> = r
            .points
            .iter()
            .map(|p| {
                vec![
                    p.label.clone(),
                    p.split.units.to_string(),
                    usd(p.split.reserved_usd),
                    usd(p.split.overflow_usd),
                    usd(p.split.total_usd),
                    percent(p.split.utilization),
                    percent(p.split.overflow_share),
                ]
            })
            .collect();
        table(
            &mut out,
            md,
            &[
                "point",
                "units",
                "reserved",
                "overflow",
                "total",
                "utilization",
                "overflow",
            ],
            &rows,
            None,
        );
    }
    if !r.warnings.is_empty() {
        h(&mut out, "Warnings");
        for w in &r.warnings {
            let key = w.key.as_ref().map(|k| format!("{k}: ")).unwrap_or_default();
            let _ = writeln!(out, "{}{key}{}", if md { "- " } else { "  - " }, w.message);
        }
    }
    out
}

fn row(label: &str, s: Option<&Split>) -> Vec<String> {
    match s {
        Some(s) => vec![
            label.to_string(),
            usd(s.total_usd),
            s.units.to_string(),
            percent(s.utilization),
            percent(s.overflow_share),
        ],
        None => vec![
            label.to_string(),
            "–".into(),
            "–".into(),
            "–".into(),
            "–".into(),
        ],
    }
}

/// The Markdown summary's last part: the units, the date and edition the figures are read
/// at, every rate-card figure used with its source and date, and the link.
fn sources(ctx: &Context, r: &Report, opened: &Opened) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n## Units\n");
    let _ = writeln!(
        out,
        "Costs in US dollars per month (horizon columns: over the whole horizon); loads in normalized tokens per minute; \
         utilization and overflow as shares of the month's reserved capacity and tokens; units are {}.",
        r.offering.unit
    );
    let _ = writeln!(out, "\n## Sources\n");
    let _ = writeln!(
        out,
        "Prices as of {}, rate-card edition {}.\n",
        opened.as_of.date, opened.as_of.edition
    );
    let s = &opened.scenario;
    if s.offering == CUSTOM_ID {
        let _ = writeln!(out, "- every figure is your own, as the link gives it");
    } else {
        match ctx.catalog.figures(&s.offering, s.deployment, opened.as_of) {
            Ok(figures) => {
                for f in figures {
                    let _ = writeln!(out, "- {f}");
                }
            }
            Err(e) => {
                let _ = writeln!(out, "- {e}");
            }
        }
        if s.overrides.any() {
            let _ = writeln!(
                out,
                "- figures you entered replace the card's where the link sets them (cap, min, inc, wout, wcache, pu, pm, disc, pin, pcache, pcw, pout)"
            );
        }
    }
    for c in &opened.changed_since {
        let _ = writeln!(out, "- changed since edition {}: {c}", opened.as_of.edition);
    }
    let _ = writeln!(out, "\n## Link\n");
    let _ = writeln!(
        out,
        "`?{}` (append to the ptcalc page's address; opening it gives these figures)",
        r.scenario
    );
    out
}
