//! A portfolio as a file: the document `ptcalc portfolio --format json` prints and its text,
//! Markdown and CSV, one function each, so the page's exports and the CLI write the same
//! bytes from the same [`Portfolio`] (`ptcalc_core::portfolio`).
use std::fmt;
use std::fmt::Write;

use ptcalc_core::link::portfolio::split;
use ptcalc_core::numfmt::{percent, usd};
use ptcalc_core::portfolio::{
    evaluate_measured_portfolio, evaluate_portfolio, workload_name, PoolResult, Portfolio,
    PortfolioError, Rule,
};
use ptcalc_core::report::BestOption;
use ptcalc_core::terms::Term;
use ptcalc_core::{Offering, Scenario};
use serde::Serialize;

use crate::catalog::Catalog;
use crate::date::Date;
use crate::document::AsOfJson;
use crate::edition::{AsOf, Edition};
use crate::error::ResolveError;
use crate::text_table::{heading, table};

/// The JSON document: the portfolio, the day and edition its prices are read at (the first
/// workload's), and the links' warnings, each naming its workload.
#[derive(Debug, Serialize)]
pub struct PortfolioDocument {
    /// The portfolio priced.
    #[serde(flatten)]
    pub portfolio: Portfolio,
    /// The day whose prices apply and the rate-card edition.
    pub as_of: AsOfJson,
    /// What the links asked for that could not be used, workload by workload.
    pub warnings: Vec<WorkloadWarning>,
    /// The portfolio link that reopens it (`ptcalc portfolio --usage`: one workload per
    /// series, with `load=`, `grp=` and `gload=`); absent when the workloads came as links,
    /// or when the link would pass the portfolio link's limit (a note says so).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A link's problem, naming the workload it belongs to.
#[derive(Clone, Debug, Serialize)]
pub struct WorkloadWarning {
    /// The workload's name (`name=`, else "workload N").
    pub workload: String,
    /// The link key.
    pub key: String,
    /// The sentence.
    pub message: String,
}

/// Why a portfolio could not be priced.
#[derive(Debug)]
pub enum PortfolioOpenError {
    /// A workload's offering or deployment is not in the rate cards.
    Workload {
        /// Its position among the workloads, from 1.
        position: usize,
        /// Why.
        error: ResolveError,
    },
    /// The model refused the portfolio.
    Portfolio(PortfolioError),
}

impl fmt::Display for PortfolioOpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortfolioOpenError::Workload { position, error } => {
                write!(f, "workload {position}: {error}")
            }
            PortfolioOpenError::Portfolio(e) => write!(f, "portfolio: {e}"),
        }
    }
}

impl std::error::Error for PortfolioOpenError {}

impl PortfolioDocument {
    /// Opens each link against `catalog` on `today` and prices the portfolio, as
    /// `ptcalc --today <today> portfolio LINK...` does. A portfolio link (`w=` parts,
    /// `ptcalc_core::link::portfolio`) gives each of its workloads in turn.
    ///
    /// # Errors
    /// A workload's offering is not in the cards, or the model refuses the portfolio.
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, PortfolioDocument};
    /// let links = [String::from("v=1&name=a&shape=flat&w=name%3Db%26shape%3Dbusiness")];
    /// let d = PortfolioDocument::open(catalog(), &links, "2026-11-27".parse().unwrap()).unwrap();
    /// assert_eq!(d.portfolio.workloads.len(), 2);
    /// assert!(d.json().unwrap().ends_with("}\n"));
    /// ```
    pub fn open(
        catalog: &Catalog,
        links: &[String],
        today: Date,
    ) -> Result<PortfolioDocument, PortfolioOpenError> {
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
            let opened = catalog.open_link_on(link, today);
            let offering = catalog
                .offering_for_as_of(&opened.scenario, opened.as_of)
                .map_err(|error| PortfolioOpenError::Workload {
                    position: i + 1,
                    error,
                })?;
            let name = workload_name(&opened.scenario, i);
            warnings.extend(part_warnings.iter().filter(|(at, _, _)| *at == i).map(
                |(_, key, message)| WorkloadWarning {
                    workload: name.clone(),
                    key: key.clone(),
                    message: message.clone(),
                },
            ));
            warnings.extend(opened.warnings.iter().map(|w| WorkloadWarning {
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
        let portfolio = evaluate_portfolio(&workloads).map_err(PortfolioOpenError::Portfolio)?;
        Ok(PortfolioDocument {
            portfolio,
            as_of: as_of.unwrap_or(AsOfJson {
                date: today.to_string(),
                edition: Edition::current().to_string(),
            }),
            warnings,
            link: None,
        })
    }

    /// The document of workloads measured together (`ptcalc portfolio LINK --usage FILE`):
    /// each workload its scenario (volume and cache shares from its series, its `load=`
    /// summary in its link) and `series[i]` its per-minute load in time order, all over one
    /// period, summed minute by minute (`ptcalc_core::portfolio::evaluate_measured_portfolio`);
    /// prices as of `as_of`.
    ///
    /// # Errors
    /// The model refuses the portfolio.
    pub fn measured(
        workloads: &[(Scenario, Offering)],
        series: &[Vec<f64>],
        as_of: AsOf,
        warnings: Vec<WorkloadWarning>,
    ) -> Result<PortfolioDocument, PortfolioError> {
        Ok(PortfolioDocument {
            portfolio: evaluate_measured_portfolio(workloads, series)?,
            as_of: AsOfJson {
                date: as_of.date.to_string(),
                edition: as_of.edition.to_string(),
            },
            warnings,
            link: None,
        })
    }

    /// The JSON text `--format json` prints: pretty, in field order, a final newline.
    ///
    /// # Errors
    /// When serde_json fails (a number it cannot write).
    pub fn json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }

    /// The text (`md` false) or Markdown (`md` true) `--format text|md` prints.
    pub fn text(&self, md: bool) -> String {
        let mut out = text(&self.portfolio, &self.warnings, md);
        if let Some(link) = &self.link {
            let _ = writeln!(out, "{}portfolio: ?{link}", if md { "- " } else { "  " });
        }
        out
    }

    /// The CSV `--format csv` prints ([`portfolio_csv`]).
    pub fn csv(&self) -> String {
        portfolio_csv(&self.portfolio)
    }
}

/// A pool's or a workload's answer in words, as the portfolio's text, Markdown and page
/// tables write it: "reserve 45 units on 1 year, overflow per token" or "pay per token".
pub fn portfolio_answer(option: BestOption, term: Option<Term>, units: u64) -> String {
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

fn text(p: &Portfolio, warnings: &[WorkloadWarning], md: bool) -> String {
    let mut out = String::new();
    let h = |out: &mut String, title: &str| heading(out, md, title);
    if md {
        out.push_str("# Portfolio\n\n");
    }
    let t = &p.total;
    let share = t.gain_share();
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
                portfolio_answer(w.alone.option, w.alone.term, w.alone.units),
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
        portfolio_answer(pool.option, pool.term, pool.units),
        usd(pool.monthly_usd),
        pool.alone_units.to_string(),
        usd(pool.alone_monthly_usd),
        usd(pool.gain_usd),
        usd(pool.idle_usd),
    ]
}

/// The CSV `ptcalc portfolio --format csv` prints: one row per workload, pool and the
/// total, the unit in every money header, unrounded.
///
/// ```
/// use ptcalc_ratecards::{catalog, PortfolioDocument};
/// let links = [String::from("v=1&name=a&shape=flat"), String::from("v=1&name=b&shape=business")];
/// let d = PortfolioDocument::open(catalog(), &links, "2026-11-27".parse().unwrap()).unwrap();
/// let csv = ptcalc_ratecards::portfolio_csv(&d.portfolio);
/// assert!(csv.starts_with("row,name,pool,") && csv.lines().last().unwrap().starts_with("total,"));
/// ```
pub fn portfolio_csv(p: &Portfolio) -> String {
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
