//! `ptcalc compare`: the link's workload on many offerings, each at its best, ranked by
//! monthly cost, with what each commitment locks you into (`Catalog::compare`), as text,
//! JSON, Markdown or CSV.
use std::fmt::Write;

use ptcalc_core::link::parse;
use ptcalc_core::numfmt::{percent, usd};
use ptcalc_core::report::MissingFigure;
use ptcalc_ratecards::{
    comparison_csv, parse_offerings, AnswerRange, CompareError, Comparison, ComparisonDocument,
    Flexibility, Opened, Row, Selection, Sourced,
};

use crate::args::Format;
use crate::context::Context;
use crate::error::CliError;
use crate::eval::{heading, table};

/// Where the list of offerings comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick<'a> {
    /// `--all`.
    All,
    /// `--offerings ID,…`.
    Offerings(&'a str),
    /// The link's `cmp=`, else the scenario's model wherever the cards sell it.
    FromLink,
}

/// Compares the link's scenario on the offerings `pick` names and renders the comparison.
///
/// # Errors
/// An unknown offering or deployment in the list, an empty list, or a scenario the model
/// refuses; each names what is wrong and what is allowed.
pub fn run(ctx: &Context, link: &str, pick: Pick, format: Format) -> Result<String, CliError> {
    let opened = ctx.catalog.open_link_on(link, ctx.today);
    let (selection, origin) = match pick {
        Pick::All => (Selection::All, "--all"),
        Pick::Offerings(text) => (
            Selection::List(parse_offerings(text).map_err(|e| compare_error("--offerings", e))?),
            "--offerings",
        ),
        Pick::FromLink => {
            let words = parse(link).presentation.compare;
            if words.is_empty() {
                (Selection::SameModel, "compare")
            } else {
                (Selection::List(words), "cmp=")
            }
        }
    };
    let comparison = ctx
        .catalog
        .compare(&opened, &selection)
        .map_err(|e| compare_error(origin, e))?;
    render(&comparison, &opened, format)
}

fn compare_error(origin: &'static str, error: CompareError) -> CliError {
    CliError::Compare { origin, error }
}

/// The comparison in `format`; every format carries the note that the token counts are the
/// workload's as given and the comparison is of price and commitment, not model quality.
fn render(c: &Comparison, opened: &Opened, format: Format) -> Result<String, CliError> {
    Ok(match format {
        Format::Json => ComparisonDocument::new(c, opened)
            .json()
            .map_err(CliError::Json)?,
        Format::Text => text(c, opened, false),
        Format::Markdown => text(c, opened, true),
        Format::Csv => comparison_csv(c),
    })
}

fn money(v: Option<f64>) -> String {
    v.map(usd).unwrap_or_else(|| "–".into())
}

fn share(v: Option<f64>) -> String {
    v.map(percent).unwrap_or_else(|| "–".into())
}

/// What the link key to enter a missing figure is.
fn missing_words(m: MissingFigure) -> &'static str {
    match m {
        MissingFigure::Capacity => "throughput per unit (cap)",
        MissingFigure::UnitPrice => "unit price on the term (pu or pm)",
        MissingFigure::OnDemandPrice => "on-demand prices (pin, pout)",
    }
}

fn fact<T>(f: &Option<Sourced<T>>, words: impl Fn(&T) -> String) -> String {
    f.as_ref()
        .map(|f| words(&f.value))
        .unwrap_or_else(|| "not published".into())
}

fn yes_no(v: &bool) -> String {
    String::from(if *v { "yes" } else { "no" })
}

/// The flexibility columns of a row, in the order of [`FLEXIBILITY_HEADERS`].
fn flexibility_cells(f: Option<&Flexibility>) -> Vec<String> {
    let Some(f) = f else {
        return vec!["– (your own figures)".into(); FLEXIBILITY_HEADERS.len()];
    };
    vec![
        f.term.as_str().into(),
        f.commitment
            .clone()
            .unwrap_or_else(|| "not published".into()),
        fact(&f.minimum_term, |t| t.as_str().into()),
        fact(&f.cancellable, yes_no),
        match (&f.refundable, f.refund_cap_usd_per_12_months) {
            (Some(r), Some(cap)) if r.value => format!("yes, up to {} per 12 months", usd(cap)),
            (r, _) => fact(r, yes_no),
        },
        fact(&f.exchangeable, yes_no),
        fact(&f.resizable, |r| r.words().into()),
        fact(&f.model_change, |m| m.words().into()),
        fact(&f.overflow, |o| o.words().into()),
        yes_no(&f.throughput_per_unit_published.value),
    ]
}

const FLEXIBILITY_HEADERS: [&str; 10] = [
    "term",
    "commitment",
    "shortest term",
    "cancel",
    "refund",
    "exchange",
    "resize",
    "model change",
    "above the reservation",
    "throughput/unit published",
];

fn offering_cell(r: &Row) -> String {
    format!(
        "{}{} ({})",
        if r.own { "* " } else { "" },
        r.offering,
        r.deployment.as_str()
    )
}

fn text(c: &Comparison, opened: &Opened, md: bool) -> String {
    let mut out = String::new();
    let h = |out: &mut String, title: &str| heading(out, md, title);
    let count = c.rows.len();
    if md {
        let _ = writeln!(out, "# ptcalc: one workload on {count} offerings\n");
        let _ = writeln!(out, "Scenario: `?{}`\n", c.scenario);
        let _ = writeln!(out, "*{}*", c.note);
    } else {
        let _ = writeln!(
            out,
            "One workload on {count} offerings, cheapest first (* = the scenario's own)"
        );
        let _ = writeln!(out, "scenario: ?{}", c.scenario);
        let _ = writeln!(out, "{}", c.note);
    }
    h(&mut out, "Ranked by monthly cost");
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            vec![
                r.rank.to_string(),
                offering_cell(r),
                ptcalc_core::verdict::best_words(r.best.as_ref(), &r.unit, "–"),
                money(r.monthly_usd),
                money(r.on_demand_usd),
                share(r.saving_share),
                match (r.break_even_utilization, r.break_even_term) {
                    (Some(u), Some(t)) => format!("{} ({t})", percent(u)),
                    _ => "–".into(),
                },
                r.usd_per_mtok
                    .map(|v| format!("${v:.3}"))
                    .unwrap_or_else(|| "–".into()),
                r.shortest_winning_term
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_else(|| "none".into()),
                AnswerRange::words(r.answer_range),
            ]
        })
        .collect();
    table(
        &mut out,
        md,
        &[
            "#",
            "offering (deployment)",
            "best at this traffic",
            "per month",
            "all on-demand",
            "saving",
            "break-even util.",
            "$ per 1M tokens",
            "shortest winning term",
            "answer holds for traffic",
        ],
        &rows,
        Some(1),
    );
    let missing: Vec<&Row> = c.rows.iter().filter(|r| !r.missing.is_empty()).collect();
    if !missing.is_empty() {
        h(
            &mut out,
            "Figures the rate cards lack (enter them in the offering's own link)",
        );
        for r in missing {
            let what: Vec<&str> = r.missing.iter().map(|m| missing_words(*m)).collect();
            let _ = writeln!(
                out,
                "{}{} ({}): {}",
                if md { "- " } else { "  - " },
                r.offering,
                r.deployment.as_str(),
                what.join(", ")
            );
        }
    }
    h(
        &mut out,
        "What each commitment locks you into (on the term of the best answer; for on-demand, the term nearest to paying off)",
    );
    let mut headers = vec!["#", "offering (deployment)"];
    headers.extend(FLEXIBILITY_HEADERS);
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![r.rank.to_string(), offering_cell(r)];
            cells.extend(flexibility_cells(r.flexibility.as_ref()));
            cells
        })
        .collect();
    table(&mut out, md, &headers, &rows, Some(1));
    if md {
        h(&mut out, "Sources of the commitment facts");
        let mut seen: Vec<String> = Vec::new();
        for f in c.rows.iter().filter_map(|r| r.flexibility.as_ref()) {
            let facts = [
                f.cancellable.as_ref().map(|x| (&x.provenance, &x.note)),
                f.refundable.as_ref().map(|x| (&x.provenance, &x.note)),
                f.exchangeable.as_ref().map(|x| (&x.provenance, &x.note)),
                f.resizable.as_ref().map(|x| (&x.provenance, &x.note)),
                f.model_change.as_ref().map(|x| (&x.provenance, &x.note)),
                f.overflow.as_ref().map(|x| (&x.provenance, &x.note)),
            ];
            for (p, note) in facts.into_iter().flatten() {
                let line = format!(
                    "{}: {} ({}, {})",
                    note.as_deref().unwrap_or("stated"),
                    p.source,
                    if p.as_of.is_empty() {
                        "undated"
                    } else {
                        &p.as_of
                    },
                    p.confidence.label()
                );
                if !seen.contains(&line) {
                    seen.push(line);
                }
            }
        }
        for line in seen {
            let _ = writeln!(out, "- {line}");
        }
        let _ = writeln!(
            out,
            "\nPrices as of {}, rate-card edition {}. Each row's own link is in `ptcalc compare --format json` (`rows[].scenario`).",
            opened.as_of.date, opened.as_of.edition
        );
    }
    if !opened.warnings.is_empty() {
        h(&mut out, "Warnings");
        for w in &opened.warnings {
            let _ = writeln!(
                out,
                "{}{}: {}",
                if md { "- " } else { "  - " },
                w.key,
                w.message
            );
        }
    }
    out
}
