//! `ptcalc ratecards`: every bundled offering with its sources and dates; `--check`
//! validates the cards and prints the warnings.
use std::fmt::Write;

use ptcalc_core::offering::Provenance;
use ptcalc_core::{Deployment, Offering, Term};
use serde::Serialize;

use ptcalc_ratecards::{Agreement, AsOf, Edition, PriceList, Theirs, STALE_AFTER_DAYS};

use crate::args::ListFormat;
use crate::context::Context;
use crate::error::CliError;

/// `--check` lists models retiring within this many days of `--today`.
const RETIRING_WITHIN_DAYS: i64 = 180;

/// Where a figure comes from, as listed.
#[derive(Serialize)]
struct Source<'a> {
    source: &'a str,
    as_of: &'a str,
    confidence: &'static str,
}

impl<'a> Source<'a> {
    fn of(p: Option<&'a Provenance>) -> Option<Source<'a>> {
        p.map(|p| Source {
            source: &p.source,
            as_of: &p.as_of,
            confidence: p.confidence.label(),
        })
    }
}

/// One offering in `ratecards --format json`.
#[derive(Serialize)]
struct Listing<'a> {
    id: &'a str,
    vendor: &'a str,
    name: &'a str,
    unit: &'a str,
    deployments: &'a [Deployment],
    terms: &'a [Term],
    priced_terms: &'a [Term],
    per_dimension: bool,
    capacity_per_unit_per_minute: Option<f64>,
    capacity_source: Option<Source<'a>>,
    unit_price_source: Option<Source<'a>>,
    on_demand_source: Option<Source<'a>>,
    notes: &'a [String],
}

/// `ratecards --check --format json`.
#[derive(Serialize)]
struct Check {
    offerings: usize,
    warnings: Vec<String>,
    /// The current edition of the cards.
    edition: &'static str,
    /// The day the ages are counted to.
    date: String,
    /// Figures whose source is older than 180 days on `date`.
    stale: Vec<String>,
    /// Offerings whose model retires within 180 days of `date`, or is retired.
    retiring: Vec<String>,
}

/// Compact JSON with keys sorted (through `serde_json::Value`), as it has always been.
fn json_line(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .map(|v| format!("{v}\n"))
        .unwrap_or_else(|e| format!("cannot write JSON: {e}\n"))
}

fn describe(p: Option<&Provenance>) -> String {
    match p {
        Some(p) if p.as_of.is_empty() => format!("{} [{}]", p.source, p.confidence.label()),
        Some(p) => format!("{} ({}) [{}]", p.source, p.as_of, p.confidence.label()),
        None => String::from("not published"),
    }
}

/// Renders the listing (or the check) and says whether the cards are usable.
pub fn run(ctx: &Context, format: ListFormat, check: bool) -> (String, bool) {
    let catalog = &ctx.catalog;
    if check {
        let warnings = catalog.check();
        let now = AsOf::at(ctx.today);
        let stale: Vec<String> = catalog
            .figures_older_than(now, STALE_AFTER_DAYS)
            .iter()
            .map(|f| {
                let age = f.age_days(ctx.today).unwrap_or_default();
                format!("{f} ({age} days old)")
            })
            .collect();
        let retiring: Vec<String> = catalog
            .retirements(now, RETIRING_WITHIN_DAYS)
            .iter()
            .map(|r| r.to_string())
            .collect();
        let mut out = String::new();
        if format == ListFormat::Json {
            out = json_line(&Check {
                offerings: catalog.entries().len(),
                warnings: warnings.iter().map(|w| w.to_string()).collect(),
                edition: Edition::current().key(),
                date: ctx.today.to_string(),
                stale,
                retiring,
            });
        } else {
            let _ = writeln!(
                out,
                "{} offerings loaded and validated (edition {}); {} warnings",
                catalog.entries().len(),
                Edition::current(),
                warnings.len()
            );
            for w in &warnings {
                let _ = writeln!(out, "  - {w}");
            }
            let _ = writeln!(
                out,
                "{} figures older than {STALE_AFTER_DAYS} days on {}:",
                stale.len(),
                ctx.today
            );
            for f in &stale {
                let _ = writeln!(out, "  - {f}");
            }
            let _ = writeln!(
                out,
                "{} offerings retired, or retiring within {RETIRING_WITHIN_DAYS} days of {}:",
                retiring.len(),
                ctx.today
            );
            for r in &retiring {
                let _ = writeln!(out, "  - {r}");
            }
        }
        return (out, true);
    }
    let resolved: Vec<(&ptcalc_ratecards::Entry, Option<Offering>)> = catalog
        .entries()
        .iter()
        .map(|e| {
            (
                e,
                e.deployments
                    .first()
                    .and_then(|d| catalog.resolve(&e.id, *d).ok()),
            )
        })
        .collect();
    let mut out = String::new();
    if format == ListFormat::Json {
        let list: Vec<Listing> = resolved
            .iter()
            .map(|(e, o)| {
                let pool = o.as_ref().and_then(|o| o.pools.first());
                Listing {
                    id: &e.id,
                    vendor: e.vendor_label(),
                    name: &e.name,
                    unit: &e.unit,
                    deployments: &e.deployments,
                    terms: &e.terms,
                    priced_terms: &e.priced_terms,
                    per_dimension: e.per_dimension,
                    capacity_per_unit_per_minute: pool.and_then(|p| p.capacity_per_unit_per_minute),
                    capacity_source: Source::of(pool.and_then(|p| p.capacity_provenance.as_ref())),
                    unit_price_source: Source::of(
                        pool.and_then(|p| p.prices.first()).map(|p| &p.provenance),
                    ),
                    on_demand_source: Source::of(
                        o.as_ref().and_then(|o| o.on_demand_provenance.as_ref()),
                    ),
                    notes: o.as_ref().map_or(&[], |o| o.notes.as_slice()),
                }
            })
            .collect();
        return (json_line(&list), true);
    }
    for (e, o) in &resolved {
        let pool = o.as_ref().and_then(|o| o.pools.first());
        let _ = writeln!(out, "{}  {}", e.id, e.name);
        let deployments: Vec<&str> = e.deployments.iter().map(|d| d.as_str()).collect();
        let terms: Vec<&str> = e.terms.iter().map(|t| t.as_str()).collect();
        let _ = writeln!(
            out,
            "    deployments {}; terms {}",
            deployments.join(", "),
            terms.join(", ")
        );
        let capacity = pool
            .and_then(|p| p.capacity_per_unit_per_minute)
            .map(|c| format!("{c} tokens/min per {}", e.unit))
            .unwrap_or_else(|| "not published (enter cap)".into());
        let _ = writeln!(
            out,
            "    capacity: {capacity} — {}",
            describe(pool.and_then(|p| p.capacity_provenance.as_ref()))
        );
        let _ = writeln!(
            out,
            "    unit price: {}",
            describe(pool.and_then(|p| p.prices.first()).map(|p| &p.provenance))
        );
        let _ = writeln!(
            out,
            "    on-demand: {}",
            describe(o.as_ref().and_then(|o| o.on_demand_provenance.as_ref()))
        );
    }
    (out, true)
}

/// `ratecards --compare FILE`: the second opinion of a copy of LiteLLM's price list on
/// `--today`, one line per offering and figure (text), or the comparison as JSON.
///
/// # Errors
/// The file cannot be read, or is not a price list (its line and column).
pub fn run_compare(ctx: &Context, path: &str, format: ListFormat) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path).map_err(|error| CliError::Read {
        path: path.into(),
        error,
    })?;
    let list = PriceList::parse(&text).map_err(|error| CliError::PriceList {
        path: path.into(),
        error,
    })?;
    let opinion = ctx.catalog.second_opinion(&list, AsOf::at(ctx.today));
    if format == ListFormat::Json {
        return Ok(json_line(&opinion));
    }
    let mut out = String::new();
    let counts: Vec<String> = [
        Agreement::Agree,
        Agreement::Explained,
        Agreement::Differs,
        Agreement::OursMissing,
        Agreement::TheirsMissing,
    ]
    .iter()
    .map(|&a| format!("{} {}", opinion.count(a), a.as_str()))
    .collect();
    let _ = writeln!(
        out,
        "The cards (edition {}, values in force on {}) against {path} ({} entries): {}; {} offerings not in the list",
        opinion.edition,
        opinion.date,
        list.len(),
        counts.join(", "),
        opinion.unlisted.len()
    );
    let value = |v: &Option<Theirs>| v.as_ref().map_or("-".into(), |v| v.to_string());
    let mut current = "";
    for r in &opinion.rows {
        if r.offering != current {
            current = &r.offering;
            let _ = writeln!(out, "{}  (LiteLLM {})", r.offering, r.key);
        }
        let _ = write!(
            out,
            "    {:<13} ours {:<12} theirs {:<12} {}",
            r.figure.as_str(),
            value(&r.ours),
            value(&r.theirs),
            r.agreement.as_str()
        );
        if let Some(reason) = &r.reason {
            let _ = write!(out, ": {reason}");
        }
        if let Some(source) = &r.source {
            let _ = write!(out, " [{source}]");
        }
        out.push('\n');
    }
    if !opinion.unlisted.is_empty() {
        let _ = writeln!(out, "Not in the list:");
        for u in &opinion.unlisted {
            let tried = if u.tried.is_empty() {
                "no key: set second_opinion.keys in the card".to_string()
            } else {
                format!("tried {}", u.tried.join(", "))
            };
            let _ = writeln!(out, "  - {} ({tried})", u.offering);
        }
    }
    Ok(out)
}
