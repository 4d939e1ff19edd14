//! `ptcalc portfolio`: several workload links in, one reservation decision per capacity
//! pool and each pool's cost split by every chargeback rule out (`ptcalc_core::portfolio`),
//! as text, JSON, Markdown or CSV.
use std::fmt::Write;

use ptcalc_core::link::portfolio::split;
use ptcalc_core::numfmt::{percent, usd};
use ptcalc_core::portfolio::{evaluate_portfolio, workload_name, PoolResult, Portfolio, Rule};
use ptcalc_core::report::BestOption;
use ptcalc_core::terms::Term;
use serde::Serialize;

use crate::args::Format;
use crate::context::Context;
use crate::error::CliError;
use crate::eval::{heading, table};

/// The JSON document: the portfolio, the day and edition its prices are read at, and the
/// links' warnings, each naming its workload.
#[derive(Serialize)]
struct PortfolioJson<'a> {
    #[serde(flatten)]
    portfolio: &'a Portfolio,
    as_of: AsOfJson,
    warnings: Vec<WarningJson>,
}

#[derive(Serialize)]
struct AsOfJson {
    date: String,
    edition: String,
}

#[derive(Serialize)]
struct WarningJson {
    workload: String,
    key: String,
    message: String,
}

/// Opens each link against the rate cards and prices the portfolio. A portfolio link
/// (`w=` parts, `ptcalc_core::link::portfolio`) gives each of its workloads in turn.
pub fn run(ctx: &Context, links: &[String], format: Format) -> Result<String, CliError> {
    let mut workloads = Vec::with_capacity(links.len());
    let mut warnings = Vec::new();
    let mut as_of = None;
    let mut queries = Vec::with_capacity(links.len());
    // Problems with a portfolio link's parts: (index into `queries`, key, message).
    let mut part_warnings = Vec::new();
    for link in links {
        let parts = split(link);
        for (number, key, message) in parts.warnings {
            part_warnings.push((queries.len() + number - 1, key, message));
        }
        queries.extend(parts.queries);
    }
    for (i, link) in queries.iter().enumerate() {
        let opened = ctx.catalog.open_link_on(link, ctx.today);
        let offering = ctx
            .catalog
            .offering_for_as_of(&opened.scenario, opened.as_of)
            .map_err(|e| CliError::Workload {
                position: i + 1,
                error: ptcalc_ratecards::EvaluateError::Resolve(e),
            })?;
        let name = workload_name(&opened.scenario, i);
        warnings.extend(part_warnings.iter().filter(|(at, _, _)| *at == i).map(
            |(_, key, message)| WarningJson {
                workload: name.clone(),
                key: key.clone(),
                message: message.clone(),
            },
        ));
        warnings.extend(opened.warnings.iter().map(|w| WarningJson {
            workload: name.clone(),
            key: w.key.clone(),
            message: w.message.clone(),
        }));
        as_of.get_or_insert(AsOfJson {
            date: opened.as_of.date.to_string(),
            edition: opened.as_of.edition.to_string(),
        });
        workloads.push((opened.scenario, offering));
    }
    let portfolio = evaluate_portfolio(&workloads).map_err(CliError::Portfolio)?;
    Ok(match format {
        Format::Json => {
            let document = PortfolioJson {
                portfolio: &portfolio,
                as_of: as_of.unwrap_or(AsOfJson {
                    date: ctx.today.to_string(),
                    edition: ptcalc_ratecards::Edition::current().to_string(),
                }),
                warnings,
            };
            let mut text = serde_json::to_string_pretty(&document).map_err(CliError::Json)?;
            text.push('\n');
            text
        }
        Format::Text => text(&portfolio, &warnings, false),
        Format::Markdown => text(&portfolio, &warnings, true),
        Format::Csv => csv(&portfolio),
    })
}

/// "reserve 45 units on 1 year (hybrid)" or "pay per token".
fn answer(option: BestOption, term: Option<Term>, units: u64) -> String {
    match (option, term) {
        (BestOption::OnDemand, _) | (_, None) => String::from("pay per token"),
        (BestOption::Full, Some(t)) => format!("reserve {units} units on {}, fully", t.label()),
        (BestOption::Hybrid, Some(t)) => {
            format!("reserve {units} units on {}, overflow per token", t.label())
        }
    }
}

fn flagged(value: f64, more: bool) -> String {
    if more {
        format!("{} (!)", usd(value))
    } else {
        usd(value)
    }
}

fn text(p: &Portfolio, warnings: &[WarningJson], md: bool) -> String {
    let mut out = String::new();
    let h = |out: &mut String, title: &str| heading(out, md, title);
    if md {
        out.push_str("# Portfolio\n\n");
    }
    let t = &p.total;
    let share = if t.alone_monthly_usd > 0.0 {
        t.gain_usd / t.alone_monthly_usd
    } else {
        0.0
    };
    let _ = writeln!(
        out,
        "{} workload{} in {} pool{}: {} per month pooled, against {} with each workload on its own best answer ({} less, {}).",
        p.workloads.len(),
        if p.workloads.len() == 1 { "" } else { "s" },
        p.pools.len(),
        if p.pools.len() == 1 { "" } else { "s" },
        usd(t.monthly_usd),
        usd(t.alone_monthly_usd),
        usd(t.gain_usd),
        percent(share),
    );
    h(&mut out, "Pools");
    let rows: Vec<Vec<String>> = p
        .pools
        .iter()
        .enumerate()
        .map(|(i, pool)| pool_row(i, pool))
        .collect();
    table(
        &mut out,
        md,
        &[
            "pool",
            "offering",
            "deployment",
            "workloads",
            "answer",
            "$/month",
            "units alone",
            "$/month alone",
            "gain",
            "idle $/month",
        ],
        &rows,
        None,
    );
    h(
        &mut out,
        "Who pays what ($ per month; (!) = more than alone)",
    );
    let mut rows: Vec<Vec<String>> = p
        .workloads
        .iter()
        .map(|w| {
            let c = &w.chargeback;
            let shapley = if c.shapley.standard_error_usd > 0.0 {
                format!(
                    "{} ± {}",
                    flagged(c.shapley.monthly_usd, c.shapley.pays_more_than_alone),
                    usd(c.shapley.standard_error_usd)
                )
            } else {
                flagged(c.shapley.monthly_usd, c.shapley.pays_more_than_alone)
            };
            vec![
                w.name.clone(),
                (w.pool + 1).to_string(),
                answer(w.alone.option, w.alone.term, w.alone.units),
                usd(w.alone.monthly_usd),
                flagged(c.by_use.monthly_usd, c.by_use.pays_more_than_alone),
                flagged(
                    c.proportional.monthly_usd,
                    c.proportional.pays_more_than_alone,
                ),
                shapley,
            ]
        })
        .collect();
    for (i, pool) in p.pools.iter().enumerate() {
        if pool.idle_usd > 0.0 {
            rows.push(vec![
                String::from("idle capacity"),
                (i + 1).to_string(),
                String::new(),
                String::new(),
                usd(pool.idle_usd),
                String::new(),
                String::new(),
            ]);
        }
    }
    table(
        &mut out,
        md,
        &[
            "workload",
            "pool",
            "alone",
            "alone $/month",
            "by use",
            "proportional",
            "Shapley",
        ],
        &rows,
        None,
    );
    h(&mut out, "Rules");
    for r in &p.rules {
        let name = match r.rule {
            Rule::ByUse => "by use",
            Rule::Proportional => "proportional",
            Rule::Shapley => "Shapley",
        };
        let _ = writeln!(
            out,
            "{}{name}: {}",
            if md { "- " } else { "  " },
            r.explanation
        );
    }
    if !p.notes.is_empty() || !warnings.is_empty() {
        h(&mut out, "Notes");
        for n in &p.notes {
            let _ = writeln!(out, "{}{n}", if md { "- " } else { "  " });
        }
        for w in warnings {
            let _ = writeln!(
                out,
                "{}{}: {}: {}",
                if md { "- " } else { "  " },
                w.workload,
                w.key,
                w.message
            );
        }
    }
    h(&mut out, "Links");
    for w in &p.workloads {
        let _ = writeln!(
            out,
            "{}{}: ?{}",
            if md { "- " } else { "  " },
            w.name,
            w.scenario
        );
    }
    out
}

fn pool_row(i: usize, pool: &PoolResult) -> Vec<String> {
    vec![
        (i + 1).to_string(),
        pool.offering.clone(),
        pool.deployment.as_str().to_string(),
        pool.workloads.join(", "),
        answer(pool.option, pool.term, pool.units),
        usd(pool.monthly_usd),
        pool.alone_units.to_string(),
        usd(pool.alone_monthly_usd),
        usd(pool.gain_usd),
        usd(pool.idle_usd),
    ]
}

/// One row per workload, pool and the total, the unit in every money header.
fn csv(p: &Portfolio) -> String {
    let mut out = String::from(
        "row,name,pool,offering,deployment,option,term,units,usd_per_month,alone_units,alone_usd_per_month,by_use_usd_per_month,by_use_reserved_usd_per_month,by_use_overflow_usd_per_month,by_use_batch_usd_per_month,idle_usd_per_month,proportional_usd_per_month,shapley_usd_per_month,shapley_standard_error_usd_per_month,pays_more_than_alone\n",
    );
    let cell = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let term = |t: Option<Term>| t.map(|t| t.as_str()).unwrap_or("").to_string();
    for w in &p.workloads {
        let c = &w.chargeback;
        let more: Vec<&str> = [
            (c.by_use.pays_more_than_alone, "by_use"),
            (c.proportional.pays_more_than_alone, "proportional"),
            (c.shapley.pays_more_than_alone, "shapley"),
        ]
        .iter()
        .filter(|(m, _)| *m)
        .map(|(_, r)| *r)
        .collect();
        let pool = &p.pools[w.pool];
        let _ = writeln!(
            out,
            "workload,{},{},{},{},{},{},,,{},{},{},{},{},{},,{},{},{},{}",
            cell(&w.name),
            w.pool + 1,
            cell(&w.offering),
            pool.deployment.as_str(),
            w.alone.option.as_str(),
            term(w.alone.term),
            w.alone.units,
            w.alone.monthly_usd,
            c.by_use.monthly_usd,
            c.by_use.reserved_usd,
            c.by_use.overflow_usd,
            c.by_use.batch_usd,
            c.proportional.monthly_usd,
            c.shapley.monthly_usd,
            c.shapley.standard_error_usd,
            more.join(" "),
        );
    }
    for (i, pool) in p.pools.iter().enumerate() {
        let _ = writeln!(
            out,
            "pool,{},{},{},{},{},{},{},{},{},{},,,,,{},,,,",
            cell(&pool.workloads.join(" + ")),
            i + 1,
            cell(&pool.offering),
            pool.deployment.as_str(),
            pool.option.as_str(),
            term(pool.term),
            pool.units,
            pool.monthly_usd,
            pool.alone_units,
            pool.alone_monthly_usd,
            pool.idle_usd,
        );
    }
    let _ = writeln!(
        out,
        "total,,,,,,,,{},,{},,,,,,,,,",
        p.total.monthly_usd, p.total.alone_monthly_usd
    );
    out
}
