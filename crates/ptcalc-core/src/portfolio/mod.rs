//! A portfolio: several named workloads, each a single [`Scenario`], with one reservation
//! decision per capacity pool and a split of each pool's cost over its workloads. Which
//! workloads share a pool follows the vendors (README "Portfolio"; research `pooling.md`):
//! the same model and deployment type, on the same figures. A pool's demand is the sum of
//! its workloads' per-minute demand, priced by the single-workload code (`pool`); a
//! workload imported on its own (`load=`) is placed on the week by its average week first,
//! and the pool is also priced as if its busiest minutes coincided with the pool's (`align`).
use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
#[cfg(feature = "serde")]
use serde::Serialize;

use crate::error::Error;
use crate::offering::{Deployment, Offering};
use crate::report::{evaluate, evaluate_series, Analysis, BestOption};
use crate::scenario::Scenario;
use crate::terms::Term;

mod align;
pub mod chargeback;
mod joint;
mod pool;
mod shapley;
mod shapley_job;
mod subset_curve;
mod week;

pub use chargeback::Rule;
pub use shapley::{EXACT_SHAPLEY_MAX, SHAPLEY_ORDERS, SHAPLEY_SEED};
pub use shapley_job::{ShapleyJob, ShapleyProgress};
pub use week::{hourly_means_of_week, pool_weeks, pool_weeks_given, PoolWeek, HOURS_PER_WEEK};

use pool::PoolPrep;

/// Why a portfolio cannot be priced.
#[derive(Clone, Debug, PartialEq)]
pub enum PortfolioError {
    /// No workloads at all.
    Empty,
    /// Two workloads with one name.
    DuplicateName(String),
    /// Measured series of different lengths (not one period): they cannot be summed
    /// minute by minute.
    SeriesNotAligned {
        /// The workload whose series differs from the first's.
        name: String,
        /// Its minutes.
        minutes: usize,
        /// The first series' minutes.
        expected: usize,
    },
    /// A workload the model refuses (its own error).
    Workload {
        /// The workload's name.
        name: String,
        /// Why.
        error: Error,
    },
    /// A workload whose offering has no on-demand price (nothing to compare a pool with).
    NotPriced(String),
}

impl fmt::Display for PortfolioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PortfolioError::Empty => f.write_str("a portfolio needs at least one workload"),
            PortfolioError::DuplicateName(name) => write!(
                f,
                "two workloads are named \"{name}\": give each its own name= key"
            ),
            PortfolioError::SeriesNotAligned { name, minutes, expected } => write!(
                f,
                "workload \"{name}\" was measured over {minutes} minutes and the first workload over {expected}: measured workloads are summed minute by minute, so they must come from one period (one usage file)"
            ),
            PortfolioError::Workload { name, error } => write!(f, "workload \"{name}\": {error}"),
            PortfolioError::NotPriced(name) => write!(
                f,
                "workload \"{name}\" has no on-demand price, so no pool can be compared with paying per token: enter pin= and pout="
            ),
        }
    }
}

impl core::error::Error for PortfolioError {}

/// One workload's own best answer, priced alone.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Alone {
    /// The cheapest option alone.
    pub option: BestOption,
    /// Its term (none on-demand).
    pub term: Option<Term>,
    /// Reserved units.
    pub units: u64,
    /// Monthly cost.
    pub monthly_usd: f64,
}

/// One rule's charge to one workload.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Charge {
    /// Per month.
    pub monthly_usd: f64,
    /// More than the workload would pay alone (a core violation).
    pub pays_more_than_alone: bool,
}

/// The by-use charge with its parts.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ByUseCharge {
    /// Reserved capacity used + overflow + batch, per month.
    pub monthly_usd: f64,
    /// More than alone.
    pub pays_more_than_alone: bool,
    /// The reserved capacity it used.
    pub reserved_usd: f64,
    /// Its overflow.
    pub overflow_usd: f64,
    /// Its batch-tier tokens.
    pub batch_usd: f64,
}

/// The Shapley charge and its standard error.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ShapleyCharge {
    /// Per month.
    pub monthly_usd: f64,
    /// More than alone.
    pub pays_more_than_alone: bool,
    /// The standard error of a sampled value (0 when exact).
    pub standard_error_usd: f64,
}

/// Every rule's charge to one workload.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Chargeback {
    /// [`Rule::ByUse`].
    pub by_use: ByUseCharge,
    /// [`Rule::Proportional`].
    pub proportional: Charge,
    /// [`Rule::Shapley`].
    pub shapley: ShapleyCharge,
}

/// One workload's figures.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct WorkloadResult {
    /// Its name.
    pub name: String,
    /// Its offering id.
    pub offering: String,
    /// Its link.
    pub scenario: String,
    /// Its pool (index into `pools`).
    pub pool: usize,
    /// Its best answer alone.
    pub alone: Alone,
    /// What it pays in its pool, by rule.
    pub chargeback: Chargeback,
}

/// One capacity pool's figures.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct PoolResult {
    /// The offering id.
    pub offering: String,
    /// The deployment type.
    pub deployment: Deployment,
    /// Its workloads' names.
    pub workloads: Vec<String>,
    /// The pool's best option.
    pub option: BestOption,
    /// Its term (none on-demand).
    pub term: Option<Term>,
    /// Reserved units, pooled.
    pub units: u64,
    /// Monthly cost, pooled.
    pub monthly_usd: f64,
    /// Σ of each workload's units alone.
    pub alone_units: u64,
    /// Σ of each workload's monthly cost alone.
    pub alone_monthly_usd: f64,
    /// alone − pooled.
    pub gain_usd: f64,
    /// Busiest minute of the summed demand, normalized tokens (summed over dimensions).
    pub peak_tpm: f64,
    /// Σ of each workload's busiest minute: what a sum of peaks would size for.
    pub alone_peak_tpm: f64,
    /// Reserved capacity nobody used (the by-use rule's own line).
    pub idle_usd: f64,
    /// Orders sampled for the Shapley split; `None`: exact over every subset.
    pub shapley_orders: Option<usize>,
    /// The Shapley split was left out ([`evaluate_portfolio_with`]): its charges read 0.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "core::ops::Not::not"))]
    pub shapley_deferred: bool,
    /// Its workloads imported separately (`load=`), placed by their average week (absent
    /// from the JSON when none).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub aligned_by_week: Vec<String>,
    /// The pool's best monthly cost with those workloads' busiest minutes on the busiest
    /// minutes of the rest of the pool (`align`): the most any placement of them costs.
    /// `None` for a pool without such workloads, or of one workload.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub coincident_monthly_usd: Option<f64>,
    /// The groups of workloads imported together (`grp=`) priced on their joint summary
    /// (`gload=`) in this pool (absent from the JSON when none).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub joint_groups: Vec<String>,
}

/// The portfolio's totals.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Total {
    /// Σ pools, per month.
    pub monthly_usd: f64,
    /// Σ workloads alone, per month.
    pub alone_monthly_usd: f64,
    /// alone − pooled.
    pub gain_usd: f64,
}

impl Total {
    /// The gain as a share of the cost alone (0 when nothing costs anything).
    pub fn gain_share(&self) -> f64 {
        if self.alone_monthly_usd > 0.0 {
            self.gain_usd / self.alone_monthly_usd
        } else {
            0.0
        }
    }
}

/// A rule with its sentence.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct RuleNote {
    /// The rule.
    pub rule: Rule,
    /// What it does.
    pub explanation: &'static str,
}

/// Everything shown for a portfolio.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Portfolio {
    /// Per workload, in the order given.
    pub workloads: Vec<WorkloadResult>,
    /// Per capacity pool, in order of first workload.
    pub pools: Vec<PoolResult>,
    /// Totals.
    pub total: Total,
    /// The chargeback rules.
    pub rules: Vec<RuleNote>,
    /// What the figures mean beyond the pools (reservations across pools, pools kept apart).
    pub notes: Vec<String>,
}

/// A workload's name: its `name=`, or "workload N" (1-based).
pub fn workload_name(s: &Scenario, index: usize) -> String {
    s.name
        .clone()
        .unwrap_or_else(|| format!("workload {}", index + 1))
}

/// Evaluates each workload alone (`report::evaluate`), groups them into capacity pools
/// and prices each pool on its summed per-minute demand, then splits each pool's cost by
/// every [`Rule`]. A workload with imported traffic (`load=`) keeps its own figures and is
/// placed on the week by its average week (README "Workloads imported separately"); its
/// pool's `coincident_monthly_usd` and a note say how far off that can be.
///
/// # Errors
/// [`PortfolioError`]: no workloads, a repeated name, a workload the
/// model refuses, or one without an on-demand price.
///
/// ```
/// use ptcalc_core::{portfolio::evaluate_portfolio, scenario::{Overrides, ShapeKind}, Offering, Scenario};
/// let overrides = Overrides { capacity_per_unit_per_minute: Some(50_000.0), usd_per_unit_month: Some(1_000.0),
///     input_usd_per_mtok: Some(2.0), cached_usd_per_mtok: Some(0.5), output_usd_per_mtok: Some(8.0), ..Overrides::default() };
/// let s = Scenario { offering: "custom".into(), overrides, ..Scenario::default() };
/// let o = Offering::custom(&s.overrides, s.term);
/// let day = Scenario { name: Some("day".into()), shape: ShapeKind::Business, peak_to_average: 3.0, ..s.clone() };
/// let flat = Scenario { name: Some("flat".into()), shape: ShapeKind::Flat, ..s };
/// let p = evaluate_portfolio(&[(day, o.clone()), (flat, o)]).unwrap();
/// assert_eq!(p.pools.len(), 1);
/// assert!(p.pools[0].units <= p.pools[0].alone_units);
/// assert!(p.total.monthly_usd <= p.total.alone_monthly_usd);
/// ```
pub fn evaluate_portfolio(workloads: &[(Scenario, Offering)]) -> Result<Portfolio, PortfolioError> {
    evaluate_portfolio_with(workloads, usize::MAX)
}

/// [`evaluate_portfolio`], splitting by Shapley only the pools of at most `shapley_up_to`
/// workloads: a larger pool's Shapley charges read 0 and its `shapley_deferred` is set, so
/// a page can price the pools at once and split the large ones by Shapley when asked (the
/// exact split of a 10-workload pool prices 1,024 subsets).
///
/// # Errors
/// As [`evaluate_portfolio`].
pub fn evaluate_portfolio_with(
    workloads: &[(Scenario, Offering)],
    shapley_up_to: usize,
) -> Result<Portfolio, PortfolioError> {
    evaluate_portfolio_given(workloads, &[], shapley_up_to)
}

/// [`evaluate_portfolio_with`] reusing each workload's own evaluation where `given` has one:
/// `given[i]`, when `Some`, must be `evaluate(&workloads[i].0, &workloads[i].1)` (a page that
/// keeps the evaluations of the workloads an edit did not change re-prices the portfolio
/// without evaluating them again); a workload with `None`, or past the end of `given`, is
/// evaluated here. The result is then [`evaluate_portfolio_with`]'s, bit for bit.
///
/// ```
/// use ptcalc_core::portfolio::{evaluate_portfolio_given, evaluate_portfolio_with};
/// use ptcalc_core::report::evaluate;
/// use ptcalc_core::{scenario::{Overrides, ShapeKind}, Offering, Scenario};
/// let overrides = Overrides { capacity_per_unit_per_minute: Some(50_000.0), usd_per_unit_month: Some(1_000.0),
///     input_usd_per_mtok: Some(2.0), cached_usd_per_mtok: Some(0.5), output_usd_per_mtok: Some(8.0), ..Overrides::default() };
/// let s = Scenario { offering: "custom".into(), overrides, ..Scenario::default() };
/// let o = Offering::custom(&s.overrides, s.term);
/// let chat = Scenario { name: Some("chat".into()), shape: ShapeKind::Business, ..s.clone() };
/// let agent = Scenario { name: Some("agent".into()), shape: ShapeKind::Flat, ..s };
/// let list = [(chat, o.clone()), (agent, o)];
/// let kept = evaluate(&list[0].0, &list[0].1).unwrap();
/// assert_eq!(
///     evaluate_portfolio_given(&list, &[Some(&kept)], usize::MAX),
///     evaluate_portfolio_with(&list, usize::MAX)
/// );
/// ```
///
/// # Errors
/// As [`evaluate_portfolio`].
pub fn evaluate_portfolio_given(
    workloads: &[(Scenario, Offering)],
    given: &[Option<&Analysis>],
    shapley_up_to: usize,
) -> Result<Portfolio, PortfolioError> {
    price_portfolio(workloads, None, given, shapley_up_to)
}

/// [`evaluate_portfolio`] for workloads measured together, such as the series of one usage
/// file: `series[i]` is workload i's per-minute load in time order (in the unit its
/// offering weighs tokens), every series over the same minutes. Each workload is evaluated
/// on its series (`report::evaluate_series`, which puts every series on the same month
/// minutes), alone and pooled, so the pools sum the measured minutes exactly, not an
/// average week. A workload's `load=` summary only travels in its link.
///
/// # Errors
/// As [`evaluate_portfolio`], and
/// [`PortfolioError::SeriesNotAligned`] for series of different lengths.
///
/// ```
/// use ptcalc_core::{portfolio::evaluate_measured_portfolio, scenario::{Overrides, Volume}, Offering, Scenario};
/// let overrides = Overrides { capacity_per_unit_per_minute: Some(50_000.0), usd_per_unit_month: Some(1_000.0),
///     input_usd_per_mtok: Some(2.0), cached_usd_per_mtok: Some(0.5), output_usd_per_mtok: Some(8.0), ..Overrides::default() };
/// let s = Scenario { offering: "custom".into(), overrides, ..Scenario::default() };
/// let o = Offering::custom(&s.overrides, s.term);
/// let named = |name: &str| Scenario { name: Some(name.into()), ..s.clone() };
/// // Two loads that take turns hour by hour: pooled, their peaks never meet.
/// let day: Vec<f64> = (0..1_440).map(|t| if t / 60 % 2 == 0 { 3.0 } else { 1.0 }).collect();
/// let night: Vec<f64> = day.iter().map(|d| 4.0 - d).collect();
/// let p = evaluate_measured_portfolio(&[(named("day"), o.clone()), (named("night"), o)], &[day, night]).unwrap();
/// assert!(p.pools[0].peak_tpm < p.pools[0].alone_peak_tpm);
/// ```
pub fn evaluate_measured_portfolio(
    workloads: &[(Scenario, Offering)],
    series: &[Vec<f64>],
) -> Result<Portfolio, PortfolioError> {
    price_portfolio(workloads, Some(series), &[], usize::MAX)
}

fn price_portfolio(
    workloads: &[(Scenario, Offering)],
    measured: Option<&[Vec<f64>]>,
    given: &[Option<&Analysis>],
    shapley_up_to: usize,
) -> Result<Portfolio, PortfolioError> {
    if workloads.is_empty() {
        return Err(PortfolioError::Empty);
    }
    let names: Vec<String> = workloads
        .iter()
        .enumerate()
        .map(|(i, (s, _))| workload_name(s, i))
        .collect();
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            return Err(PortfolioError::DuplicateName(name.clone()));
        }
    }
    let mut evaluated: Vec<Cow<'_, Analysis>> = Vec::with_capacity(workloads.len());
    for (i, ((s, o), name)) in workloads.iter().zip(&names).enumerate() {
        let named = |error| PortfolioError::Workload {
            name: name.clone(),
            error,
        };
        let a = match measured {
            Some(series) => {
                let own = series.get(i).map_or(&[][..], Vec::as_slice);
                let expected = series.first().map_or(0, Vec::len);
                if own.len() != expected {
                    return Err(PortfolioError::SeriesNotAligned {
                        name: name.clone(),
                        minutes: own.len(),
                        expected,
                    });
                }
                Cow::Owned(evaluate_series(s, o, own).map_err(named)?)
            }
            // Imported separately: its summary has no time order, so its minutes are
            // placed by its average week (`align`); its own figures stay its evaluation's.
            None if s.load.is_some() => Cow::Owned(match given.get(i).copied().flatten() {
                Some(a) => align::by_week(s, a),
                None => align::by_week(s, &evaluate(s, o).map_err(named)?),
            }),
            None => match given.get(i).copied().flatten() {
                Some(a) => Cow::Borrowed(a),
                None => Cow::Owned(evaluate(s, o).map_err(named)?),
            },
        };
        if a.report.best.is_none() {
            return Err(PortfolioError::NotPriced(name.clone()));
        }
        evaluated.push(a);
    }
    let mut by_week: Vec<bool> = workloads
        .iter()
        .map(|(s, _)| measured.is_none() && s.load.is_some())
        .collect();
    let (groups, mut notes) = {
        let analyses: Vec<&Analysis> = evaluated.iter().map(|a| a.as_ref()).collect();
        group(workloads, &analyses, &names)
    };
    // Workloads imported together (`grp=`): a pool holding the whole group prices it on
    // its joint summary (`joint`); measured series are summed as they are.
    let mut joint_groups: Vec<Vec<String>> = alloc::vec![Vec::new(); groups.len()];
    if measured.is_none() {
        let (plan, fallbacks) = joint::plan(workloads, &groups, &names);
        for g in &plan {
            let Some(gload) = workloads[g.carrier].0.group_load.as_ref() else {
                continue;
            };
            let split = {
                let members: Vec<&Analysis> =
                    g.members.iter().map(|&i| evaluated[i].as_ref()).collect();
                joint::split(&members, gload)
            };
            for (&i, a) in g.members.iter().zip(split) {
                evaluated[i] = Cow::Owned(a);
                by_week[i] = false;
            }
            joint_groups[g.pool].push(g.label.clone());
            notes.push(joint::note(g, &names));
        }
        notes.extend(fallbacks);
    }
    let analyses: Vec<&Analysis> = evaluated.iter().map(|a| a.as_ref()).collect();
    let mut workload_rows: Vec<Option<WorkloadResult>> = alloc::vec![None; workloads.len()];
    let mut pools = Vec::with_capacity(groups.len());
    for (index, members) in groups.iter().enumerate() {
        let shapley = members.len() <= shapley_up_to;
        let (mut pool, rows) = price_pool(
            index, members, workloads, &analyses, &names, &by_week, shapley,
        )?;
        pool.joint_groups = core::mem::take(&mut joint_groups[index]);
        pools.push(pool);
        for (i, row) in members.iter().zip(rows) {
            workload_rows[*i] = Some(row);
        }
    }
    for (i, pool) in pools.iter().enumerate() {
        if pool.gain_usd < -1e-9 * pool.alone_monthly_usd.max(1.0) {
            notes.push(format!(
                "pool {} ({}) costs {} more per month pooled than its workloads on separate deployments: their token mixes differ, and a pool prices its overflow at their mean on-demand price per normalized token, weighted by tokens; separate deployments are the cheaper choice here",
                i + 1,
                pool.workloads.join(", "),
                crate::numfmt::usd(-pool.gain_usd)
            ));
        }
    }
    notes.extend(
        pools
            .iter()
            .enumerate()
            .filter_map(|(i, p)| alignment_note(i, p)),
    );
    notes.extend(azure_reservations(&pools));
    let monthly_usd = pools.iter().map(|p| p.monthly_usd).sum();
    let alone_monthly_usd = pools.iter().map(|p| p.alone_monthly_usd).sum();
    Ok(Portfolio {
        workloads: workload_rows.into_iter().flatten().collect(),
        pools,
        total: Total {
            monthly_usd,
            alone_monthly_usd,
            gain_usd: alone_monthly_usd - monthly_usd,
        },
        rules: Rule::ALL
            .iter()
            .map(|&rule| RuleNote {
                rule,
                explanation: rule.explanation(),
            })
            .collect(),
        notes,
    })
}

/// Whether workload `b` can share `a`'s pool: the same offering and deployment type, the
/// same month, the same capacity weights and the same capacity, minimum, increment and
/// unit prices in every dimension (overrides and `at=` can change those).
fn shares_pool(a: (&Scenario, &Analysis), b: (&Scenario, &Analysis)) -> bool {
    let same_figures = a.1.pools.len() == b.1.pools.len()
        && a.1.pools.iter().zip(&b.1.pools).all(|(p, q)| {
            let (mut fp, mut fq) = (p.figures(), q.figures());
            // The on-demand price follows each workload's token mix; the pool blends it.
            fp.usd_per_normalized_token = None;
            fq.usd_per_normalized_token = None;
            p.name == q.name && p.unit == q.unit && fp == fq
        });
    same_model_and_deployment(a, b)
        && a.0.hours_per_month == b.0.hours_per_month
        && a.0.overrides.output_weight == b.0.overrides.output_weight
        && a.0.overrides.cached_weight == b.0.overrides.cached_weight
        && a.1
            .report
            .terms
            .iter()
            .map(|r| r.term)
            .eq(b.1.report.terms.iter().map(|r| r.term))
        && same_figures
}

fn same_model_and_deployment(a: (&Scenario, &Analysis), b: (&Scenario, &Analysis)) -> bool {
    a.1.report.offering.id == b.1.report.offering.id
        && a.1.report.offering.deployment == b.1.report.offering.deployment
}

/// The pools (indices of their workloads, in order given) and a note for each workload
/// kept out of a pool of its model and deployment because its figures differ.
fn group(
    workloads: &[(Scenario, Offering)],
    analyses: &[&Analysis],
    names: &[String],
) -> (Vec<Vec<usize>>, Vec<String>) {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut notes = Vec::new();
    let at = |i: usize| (&workloads[i].0, analyses[i]);
    for i in 0..workloads.len() {
        match groups.iter_mut().find(|g| shares_pool(at(g[0]), at(i))) {
            Some(g) => g.push(i),
            None => {
                if let Some(g) = groups
                    .iter()
                    .find(|g| same_model_and_deployment(at(g[0]), at(i)))
                {
                    notes.push(format!(
                        "\"{}\" uses the same model and deployment type as \"{}\" but other capacity, unit-price or month figures (cap, min, inc, wout, wcache, pu, pm, disc, mh, at): it is priced as a pool of its own",
                        names[i], names[g[0]]
                    ));
                }
                groups.push(alloc::vec![i]);
            }
        }
    }
    (groups, notes)
}

/// The pool of the workloads `members` (indices into `workloads`, at least one).
fn pool_prep<'a>(
    members: &[usize],
    workloads: &[(Scenario, Offering)],
    analyses: &[&'a Analysis],
) -> PoolPrep<'a> {
    let first = analyses[members[0]];
    PoolPrep {
        members: members.iter().map(|&i| analyses[i]).collect(),
        size_percentile: workloads[members[0]].0.size_percentile,
        terms: terms_of(first),
    }
}

/// The terms a pool whose first workload is `first` is priced on: the terms the single
/// evaluation may answer with (a term the model's lifecycle rules out, because it outlives
/// the model, is not the pool's answer either).
fn terms_of(first: &Analysis) -> Vec<Term> {
    first
        .report
        .terms
        .iter()
        .map(|r| r.term)
        .filter(|t| !first.terms_not_answered.contains(t))
        .collect()
}

/// Prices one pool and charges its workloads; `by_week[i]`: workload i was imported
/// separately and placed by its average week.
#[allow(clippy::too_many_arguments)]
fn price_pool(
    index: usize,
    members: &[usize],
    workloads: &[(Scenario, Offering)],
    analyses: &[&Analysis],
    names: &[String],
    by_week: &[bool],
    with_shapley: bool,
) -> Result<(PoolResult, Vec<WorkloadResult>), PortfolioError> {
    let first = analyses[members[0]];
    let prep = pool_prep(members, workloads, analyses);
    let everyone: Vec<usize> = (0..prep.len()).collect();
    let mut sums = prep.zeros();
    for &i in &everyone {
        prep.add(&mut sums, i);
    }
    let (best, pooled) = prep.best(&everyone, sums);
    let not_priced = || PortfolioError::NotPriced(names[members[0]].clone());
    let best = best.ok_or_else(not_priced)?;
    let aligned: Vec<usize> = members.iter().copied().filter(|&i| by_week[i]).collect();
    let coincident_monthly_usd = if aligned.is_empty() || members.len() < 2 {
        None
    } else {
        Some(coincident_cost(&prep, members, by_week).ok_or_else(not_priced)?)
    };
    let alone: Vec<Alone> = prep
        .members
        .iter()
        .map(|a| {
            let b = a.report.best.as_ref().ok_or_else(not_priced)?;
            Ok(Alone {
                option: b.option,
                term: b.term,
                units: b.units,
                monthly_usd: b.monthly_usd,
            })
        })
        .collect::<Result<_, PortfolioError>>()?;
    let alone_usd: Vec<f64> = alone.iter().map(|a| a.monthly_usd).collect();

    let own_models: Vec<&[crate::report::PoolModel]> =
        prep.members.iter().map(|a| a.pools.as_slice()).collect();
    let batch: Vec<f64> = prep.members.iter().map(|a| a.batch_usd_per_month).collect();
    let use_split = chargeback::by_use(&best, &pooled, &own_models, &batch);
    let proportional = chargeback::proportional(best.monthly_usd, &alone_usd);
    let shapley = if with_shapley {
        shapley::shapley(&prep).ok_or_else(not_priced)?
    } else {
        shapley::Shapley {
            usd: alloc::vec![0.0; prep.len()],
            standard_error_usd: alloc::vec![0.0; prep.len()],
            orders: None,
        }
    };

    let rows = members
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let by_use =
                use_split.reserved_usd[k] + use_split.overflow_usd[k] + use_split.batch_usd[k];
            WorkloadResult {
                name: names[i].clone(),
                offering: first.report.offering.id.clone(),
                scenario: prep.members[k].report.scenario.clone(),
                pool: index,
                chargeback: Chargeback {
                    by_use: ByUseCharge {
                        monthly_usd: by_use,
                        pays_more_than_alone: chargeback::pays_more(by_use, alone_usd[k]),
                        reserved_usd: use_split.reserved_usd[k],
                        overflow_usd: use_split.overflow_usd[k],
                        batch_usd: use_split.batch_usd[k],
                    },
                    proportional: Charge {
                        monthly_usd: proportional[k],
                        pays_more_than_alone: chargeback::pays_more(proportional[k], alone_usd[k]),
                    },
                    shapley: if with_shapley {
                        shapley_charge(&shapley, k, alone_usd[k])
                    } else {
                        ShapleyCharge {
                            monthly_usd: 0.0,
                            pays_more_than_alone: false,
                            standard_error_usd: 0.0,
                        }
                    },
                },
                alone: alone[k].clone(),
            }
        })
        .collect();
    let alone_monthly_usd: f64 = alone_usd.iter().sum();
    let peak =
        |pools: &[crate::report::PoolModel]| pools.iter().map(|p| p.curve.peak()).sum::<f64>();
    let pool = PoolResult {
        offering: first.report.offering.id.clone(),
        deployment: first.report.offering.deployment,
        workloads: members.iter().map(|&i| names[i].clone()).collect(),
        option: best.option,
        term: best.term,
        units: best.units,
        monthly_usd: best.monthly_usd,
        alone_units: alone.iter().map(|a| a.units).sum(),
        alone_monthly_usd,
        gain_usd: alone_monthly_usd - best.monthly_usd,
        peak_tpm: peak(&pooled),
        alone_peak_tpm: prep.members.iter().map(|a| peak(&a.pools)).sum(),
        idle_usd: use_split.idle_usd,
        shapley_orders: shapley.orders,
        shapley_deferred: !with_shapley,
        aligned_by_week: aligned.iter().map(|&i| names[i].clone()).collect(),
        coincident_monthly_usd,
        joint_groups: Vec::new(),
    };
    Ok((pool, rows))
}

/// The pool's best monthly cost with every workload imported separately placed with its
/// busiest minutes on the busiest minutes of the rest of the pool (summed over dimensions;
/// with nothing else in the pool, on one another's). The pooled load is then the
/// comonotone sum, the largest in convex order of all placements of those workloads: its
/// overflow above any capacity, so its hybrid cost at any unit count, and its peak are
/// the largest any placement gives (in each dimension of a per-dimension offering when the
/// rest ranks its minutes alike in each; they are ranked by their sum). `None` without an
/// on-demand price.
fn coincident_cost(prep: &PoolPrep<'_>, members: &[usize], by_week: &[bool]) -> Option<f64> {
    let minutes = prep.members[0].multipliers.len();
    let mut rest = alloc::vec![0.0; minutes];
    for (k, &i) in members.iter().enumerate() {
        if !by_week[i] {
            for pool in &prep.members[k].pools {
                for (r, d) in rest.iter_mut().zip(&pool.demand) {
                    *r += d;
                }
            }
        }
    }
    let order = align::by_value(&rest);
    let moved: Vec<Option<Analysis>> = members
        .iter()
        .enumerate()
        .map(|(k, &i)| by_week[i].then(|| align::placed(prep.members[k], &order)))
        .collect();
    let coincident = PoolPrep {
        members: moved
            .iter()
            .zip(&prep.members)
            .map(|(m, a)| m.as_ref().unwrap_or(a))
            .collect(),
        size_percentile: prep.size_percentile,
        terms: prep.terms.clone(),
    };
    let everyone: Vec<usize> = (0..coincident.len()).collect();
    let mut sums = coincident.zeros();
    for &i in &everyone {
        coincident.add(&mut sums, i);
    }
    coincident.best(&everyone, sums).0.map(|b| b.monthly_usd)
}

/// The note for a pool with workloads aligned by their average week: how far off that can be.
fn alignment_note(index: usize, pool: &PoolResult) -> Option<String> {
    if pool.aligned_by_week.is_empty() {
        return None;
    }
    let names: Vec<String> = pool
        .aligned_by_week
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect();
    let usd = crate::numfmt::usd;
    let head = format!(
        "{} {} imported separately (load=): a summary keeps the load's distribution and its average week, not the order of its minutes, so {} aligned with the rest of pool {} by that average week only (the busiest minutes in the busiest hours of the week)",
        names.join(" and "),
        if names.len() == 1 { "was" } else { "were" },
        if names.len() == 1 { "it is" } else { "they are" },
        index + 1,
    );
    Some(match pool.coincident_monthly_usd {
        Some(worst) => format!(
            "{head}; aligned so, the pool costs {} per month (a gain of {} against its workloads alone); if {} busiest minutes fell on the pool's busiest minutes, the most any alignment can cost with sizing at the peak, it would cost {} (a gain of {}): the real figure can be anywhere up to that",
            usd(pool.monthly_usd),
            usd(pool.gain_usd),
            if names.len() == 1 { "its" } else { "their" },
            usd(worst),
            usd(pool.alone_monthly_usd - worst),
        ),
        None => format!("{head}; alone in its pool, its figures do not depend on it"),
    })
}

/// Workload `k`'s charge in the split `shapley`, flagged against its cost `alone_usd`.
fn shapley_charge(shapley: &shapley::Shapley, k: usize, alone_usd: f64) -> ShapleyCharge {
    ShapleyCharge {
        monthly_usd: shapley.usd[k],
        pays_more_than_alone: chargeback::pays_more(shapley.usd[k], alone_usd),
        standard_error_usd: shapley.standard_error_usd[k],
    }
}

/// Azure sells a reservation per deployment type (and scope), and it covers the PTUs
/// deployed across models: one note per deployment type with reserved pools on Azure.
fn azure_reservations(pools: &[PoolResult]) -> Vec<String> {
    let mut notes = Vec::new();
    for deployment in Deployment::ALL {
        let reserving: Vec<&PoolResult> = pools
            .iter()
            .filter(|p| {
                p.offering.starts_with("azure/") && p.deployment == deployment && p.units > 0
            })
            .collect();
        if reserving.len() < 2 {
            continue;
        }
        let units: u64 = reserving.iter().map(|p| p.units).sum();
        let models: Vec<String> = reserving.iter().map(|p| p.offering.to_string()).collect();
        notes.push(format!(
            "Azure: one {} reservation of {units} PTUs covers the PTUs deployed for {}; it is bought per deployment type, not per model, but it does not let the models share capacity: each model's deployment keeps its own units",
            deployment.as_str(),
            models.join(", ")
        ));
    }
    notes
}
