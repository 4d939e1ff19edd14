//! The figures behind an offering, one by one, with the dates their values are in force
//! and their sources: for listing stale figures, for pricing a horizon month by month
//! around a promotion's end, and for comparing two editions of the cards.
use std::fmt;

use ptcalc_core::offering::Provenance;
use ptcalc_core::{Deployment, Term, TokenKind};

use crate::date::Date;
use crate::edition::AsOf;
use crate::resolve::{multipliers, num, provenance};
use crate::schema::{in_edition, Basis, Dated, File, OfferingSpec, Valued};
use crate::validate::kind_name;

/// Figures older than this many days (from the date their source carries) are stale.
pub const STALE_AFTER_DAYS: i64 = 180;

/// Days from the date a source carries (`2026-08` counts from its last day, 2026-08-31) to
/// `date`; `None` when the source carries no date.
///
/// ```
/// let day = "2026-11-27".parse().unwrap();
/// assert_eq!(ptcalc_ratecards::source_age_days("2026-11-20", day), Some(7));
/// assert_eq!(ptcalc_ratecards::source_age_days("2026-10", day), Some(27));
/// assert_eq!(ptcalc_ratecards::source_age_days("", day), None);
/// ```
pub fn source_age_days(as_of: &str, date: Date) -> Option<i64> {
    Date::end_of_period(as_of).map(|s| s.days_until(date))
}

/// Whether a figure whose source carries `as_of` is stale on `date`: more than
/// [`STALE_AFTER_DAYS`] old. The page's marks and `ptcalc ratecards --check` use this rule.
///
/// ```
/// let day = "2026-11-27".parse().unwrap();
/// assert!(ptcalc_ratecards::is_stale("2024-04", day));
/// assert!(!ptcalc_ratecards::is_stale("2026-06-01", day)); // 179 days
/// assert!(!ptcalc_ratecards::is_stale("", day)); // undated: `--check` names it instead
/// ```
pub fn is_stale(as_of: &str, date: Date) -> bool {
    source_age_days(as_of, date).is_some_and(|age| age > STALE_AFTER_DAYS)
}

/// How a unit price is quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PricePer {
    /// Dollars per unit-hour.
    Hour,
    /// Dollars per unit-day.
    Day,
    /// Dollars per unit-week.
    Week,
    /// Dollars per unit-month.
    Month,
    /// Dollars per unit-year.
    Year,
}

impl PricePer {
    fn word(self) -> &'static str {
        match self {
            PricePer::Hour => "hour",
            PricePer::Day => "day",
            PricePer::Week => "week",
            PricePer::Month => "month",
            PricePer::Year => "year",
        }
    }
}

impl From<Basis> for PricePer {
    fn from(b: Basis) -> PricePer {
        match b {
            Basis::Hour => PricePer::Hour,
            Basis::Day => PricePer::Day,
            Basis::Week => PricePer::Week,
            Basis::Month => PricePer::Month,
            Basis::Year => PricePer::Year,
        }
    }
}

/// What a figure is. `pool` is empty for a single-pool offering, else `input` / `output`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FigureKind {
    /// Normalized tokens per minute one unit carries.
    Capacity {
        /// The pool.
        pool: String,
    },
    /// The smallest number of units.
    MinUnits {
        /// The pool.
        pool: String,
    },
    /// The step between unit counts.
    Increment {
        /// The pool.
        pool: String,
    },
    /// A unit price on one term.
    UnitPrice {
        /// The pool.
        pool: String,
        /// The term.
        term: Term,
        /// How the price is quoted.
        per: PricePer,
    },
    /// An on-demand price, dollars per 1M tokens, for the figure's deployments.
    OnDemand(TokenKind),
}

impl fmt::Display for FigureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pool = |p: &str| {
            if p.is_empty() {
                String::new()
            } else {
                format!(" ({p} pool)")
            }
        };
        match self {
            FigureKind::Capacity { pool: p } => {
                write!(f, "capacity{}, tokens per minute per unit", pool(p))
            }
            FigureKind::MinUnits { pool: p } => write!(f, "minimum units{}", pool(p)),
            FigureKind::Increment { pool: p } => write!(f, "unit increment{}", pool(p)),
            FigureKind::UnitPrice { pool: p, term, per } => write!(
                f,
                "{} unit price{}, $ per unit-{}",
                term.as_str(),
                pool(p),
                per.word()
            ),
            FigureKind::OnDemand(kind) => {
                write!(f, "on-demand {}, $ per 1M tokens", kind_name(*kind))
            }
        }
    }
}

/// The figure a recorded conflict is about, so a page can offer the other value as an
/// override. Written in the cards as `unit_price.1m`, `on_demand.input`, `capacity`,
/// `min_units`, `increment`, `weight.output`, `deployment_multiplier`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConflictOn {
    /// The unit price on a term.
    UnitPrice(Term),
    /// An on-demand price, $ per 1M tokens.
    OnDemand(TokenKind),
    /// Tokens per minute per unit (converted from per second where the card publishes so).
    Capacity,
    /// The smallest number of units.
    MinUnits,
    /// The step between unit counts.
    Increment,
    /// A capacity weight.
    Weight(TokenKind),
    /// The on-demand price multiplier of a non-global deployment.
    DeploymentMultiplier,
}

impl ConflictOn {
    /// Every target, in its card spelling.
    pub fn all() -> Vec<ConflictOn> {
        let mut out: Vec<ConflictOn> = Term::ALL.into_iter().map(ConflictOn::UnitPrice).collect();
        out.extend(TokenKind::ALL.into_iter().map(ConflictOn::OnDemand));
        out.extend([
            ConflictOn::Capacity,
            ConflictOn::MinUnits,
            ConflictOn::Increment,
        ]);
        out.extend(TokenKind::ALL.into_iter().map(ConflictOn::Weight));
        out.push(ConflictOn::DeploymentMultiplier);
        out
    }

    /// The card spelling, e.g. `unit_price.1m`.
    pub fn as_str(self) -> String {
        match self {
            ConflictOn::UnitPrice(t) => format!("unit_price.{}", t.as_str()),
            ConflictOn::OnDemand(k) => format!("on_demand.{}", crate::validate::kind_key(k)),
            ConflictOn::Capacity => "capacity".into(),
            ConflictOn::MinUnits => "min_units".into(),
            ConflictOn::Increment => "increment".into(),
            ConflictOn::Weight(k) => format!("weight.{}", crate::validate::kind_key(k)),
            ConflictOn::DeploymentMultiplier => "deployment_multiplier".into(),
        }
    }
}

impl<'de> serde::Deserialize<'de> for ConflictOn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ConflictOn, D::Error> {
        let text = String::deserialize(d)?;
        ConflictOn::all()
            .into_iter()
            .find(|c| c.as_str() == text)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "`{text}` is not a conflict field: use unit_price.<term>, on_demand.<kind>, capacity, min_units, increment, weight.<kind> or deployment_multiplier"
                ))
            })
    }
}

/// Two sources disagree on a figure of an offering: the value the card uses, the other
/// value and where it comes from. What the page shows next to the figure, with a switch.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureConflict {
    /// The offering's id.
    pub offering: String,
    /// The deployment it was resolved for.
    pub deployment: Deployment,
    /// The figure, typed, when the card says which (else only `figure` names it).
    pub on: Option<ConflictOn>,
    /// The figure for people.
    pub figure: String,
    /// The value the card uses.
    pub chosen: f64,
    /// The other value.
    pub other: f64,
    /// Where the other value comes from, and why it was not chosen.
    pub other_source: String,
}

/// One figure of an offering, as held by an edition and in force at a date.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The offering's id.
    pub offering: String,
    /// The deployments the figure applies to, in `Deployment::ALL` order.
    pub deployments: Vec<Deployment>,
    /// What it is.
    pub what: FigureKind,
    /// The value, in the unit `what` names.
    pub value: f64,
    /// The first day the value is in force, when the card gives one.
    pub effective_from: Option<Date>,
    /// The last day the value is in force (a promotion's stated end), when given.
    pub until: Option<Date>,
    /// Where it comes from (minimum and increment cite the capacity's source).
    pub provenance: Option<Provenance>,
}

impl Figure {
    /// The last day of the period the source's date names (`2026-08` → 2026-08-31);
    /// `None` if the source carries no date.
    pub fn source_date(&self) -> Option<Date> {
        self.provenance
            .as_ref()
            .and_then(|p| Date::end_of_period(&p.as_of))
    }

    /// Whether the figure is stale on `date` ([`is_stale`]).
    pub fn is_stale(&self, date: Date) -> bool {
        self.provenance
            .as_ref()
            .is_some_and(|p| is_stale(&p.as_of, date))
    }

    /// Days from the source's date to `date`; `None` for an undated source.
    ///
    /// ```
    /// use ptcalc_core::Deployment;
    /// use ptcalc_ratecards::{catalog, AsOf};
    /// let at = AsOf::at("2026-11-27".parse().unwrap());
    /// let figures = catalog().figures("azure/gpt-4.1", Deployment::Global, at).unwrap();
    /// let capacity = figures.iter().find(|f| f.what.to_string().starts_with("capacity")).unwrap();
    /// assert_eq!(capacity.age_days(at.date), Some(319)); // Microsoft's onboarding page, 2026-01-12
    /// ```
    pub fn age_days(&self, date: Date) -> Option<i64> {
        self.provenance
            .as_ref()
            .and_then(|p| source_age_days(&p.as_of, date))
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let deployments: Vec<&str> = self.deployments.iter().map(|d| d.as_str()).collect();
        write!(
            f,
            "{} ({}): {} = {}",
            self.offering,
            deployments.join(", "),
            self.what,
            num(self.value)
        )?;
        match (self.effective_from, self.until) {
            (Some(a), Some(b)) => write!(f, " from {a} until {b}")?,
            (Some(a), None) => write!(f, " from {a}")?,
            (None, Some(b)) => write!(f, " until {b}")?,
            (None, None) => {}
        }
        if let Some(p) = &self.provenance {
            let as_of = if p.as_of.is_empty() {
                "undated"
            } else {
                &p.as_of
            };
            write!(f, " [{}, {as_of}: {}]", p.confidence.label(), p.source)?;
        }
        Ok(())
    }
}

/// A figure whose value differs between two points: a date inside a horizon (a promotion
/// starts or ends), or two editions of the cards (a correction).
#[derive(Clone, Debug, PartialEq)]
pub struct FigureChange {
    /// The offering's id.
    pub offering: String,
    /// The deployments the change applies to.
    pub deployments: Vec<Deployment>,
    /// What changed; `None` when the whole offering was added or removed.
    pub what: Option<FigureKind>,
    /// The value before (`None`: the figure or offering did not exist).
    pub old: Option<f64>,
    /// The value after (`None`: the figure or offering no longer exists).
    pub new: Option<f64>,
    /// The day the new value takes effect, for a change within a horizon.
    pub on: Option<Date>,
    /// The source of the new value (of the old one when the figure is gone).
    pub provenance: Option<Provenance>,
}

impl fmt::Display for FigureChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = |v: Option<f64>| v.map(num).unwrap_or_else(|| "none".into());
        let deployments: Vec<&str> = self.deployments.iter().map(|d| d.as_str()).collect();
        match &self.what {
            None => match (self.old, self.new) {
                (None, _) => write!(f, "{}: offering added", self.offering)?,
                _ => write!(f, "{}: offering removed", self.offering)?,
            },
            Some(what) => write!(
                f,
                "{} ({}): {what}: {} → {}",
                self.offering,
                deployments.join(", "),
                value(self.old),
                value(self.new)
            )?,
        }
        if let Some(on) = self.on {
            write!(f, " on {on}")?;
        }
        if let Some(p) = &self.provenance {
            write!(f, " ({})", p.source)?;
        }
        Ok(())
    }
}

/// The value of `dated` in force at `at`, with its history entry (if any).
fn pick<T: Copy>(dated: &Dated<T>, at: AsOf) -> Option<(T, Option<&Valued<T>>)> {
    dated.entry_at(at)
}

/// The figures of `spec` for deployment `d` as of `at` (one deployment each).
pub(crate) fn offering_figures(
    f: &File,
    spec: &OfferingSpec,
    d: Deployment,
    at: AsOf,
) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut push = |what: FigureKind,
                    value: f64,
                    entry: Option<(Option<Date>, Option<Date>, Option<&str>)>,
                    source: Option<&str>| {
        let (from, until, own) = entry.unwrap_or((None, None, None));
        out.push(Figure {
            offering: spec.id.clone(),
            deployments: vec![d],
            what,
            value,
            effective_from: from,
            until,
            provenance: own.or(source).and_then(|k| provenance(f, k)),
        });
    };
    fn parts<T>(e: Option<&Valued<T>>) -> Option<(Option<Date>, Option<Date>, Option<&str>)> {
        e.map(|v| (v.effective_from, v.until, v.source.as_deref()))
    }
    for p in &spec.pools {
        let capacity_source = p.capacity.as_ref().map(|c| c.source.as_str());
        if let Some(c) = &p.capacity {
            if let Some((v, e)) = pick(&c.tokens_per_unit, at) {
                push(
                    FigureKind::Capacity {
                        pool: p.name.clone(),
                    },
                    c.per_minute(v),
                    parts(e),
                    capacity_source,
                );
            }
        }
        if let Some((v, e)) = p.min_units.get_ref(d).and_then(|x| pick(x, at)) {
            push(
                FigureKind::MinUnits {
                    pool: p.name.clone(),
                },
                v as f64,
                parts(e),
                capacity_source,
            );
        }
        if let Some((v, e)) = p.increment.get_ref(d).and_then(|x| pick(x, at)) {
            push(
                FigureKind::Increment {
                    pool: p.name.clone(),
                },
                v as f64,
                parts(e),
                capacity_source,
            );
        }
        for ps in crate::resolve::pool_prices(f, p)
            .iter()
            .filter(|ps| in_edition(ps.added_in, ps.removed_in, at.edition))
        {
            if let Some((v, e)) = ps.price.get_ref(d).and_then(|x| pick(x, at)) {
                let what = FigureKind::UnitPrice {
                    pool: p.name.clone(),
                    term: ps.term,
                    per: ps.basis.into(),
                };
                push(what, v, parts(e), Some(&ps.source));
            }
        }
    }
    if let Some(od) = &spec.on_demand {
        let factor = multipliers(f, od).0.get(d).unwrap_or(1.0);
        for kind in TokenKind::ALL {
            if let Some((v, e)) = od.usd_per_mtok.dated(kind).and_then(|x| pick(x, at)) {
                let value = (v * factor * 1e9).round() / 1e9;
                push(
                    FigureKind::OnDemand(kind),
                    value,
                    parts(e),
                    Some(&od.source),
                );
            }
        }
    }
    out
}

/// Merges figures that differ only by deployment.
pub(crate) fn merge_deployments(figures: Vec<Figure>) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    for fig in figures {
        match out.iter_mut().find(|o| {
            o.offering == fig.offering
                && o.what == fig.what
                && o.value == fig.value
                && o.effective_from == fig.effective_from
                && o.until == fig.until
                && o.provenance == fig.provenance
        }) {
            Some(o) => {
                for d in fig.deployments {
                    if !o.deployments.contains(&d) {
                        o.deployments.push(d);
                    }
                }
                o.deployments
                    .sort_by_key(|d| Deployment::ALL.iter().position(|x| x == d));
            }
            None => out.push(fig),
        }
    }
    out
}

/// Merges changes that differ only by deployment.
pub(crate) fn merge_changes(changes: Vec<FigureChange>) -> Vec<FigureChange> {
    let mut out: Vec<FigureChange> = Vec::new();
    for c in changes {
        match out.iter_mut().find(|o| {
            o.offering == c.offering
                && o.what == c.what
                && o.old == c.old
                && o.new == c.new
                && o.on == c.on
                && o.provenance == c.provenance
        }) {
            Some(o) => {
                for d in c.deployments {
                    if !o.deployments.contains(&d) {
                        o.deployments.push(d);
                    }
                }
                o.deployments
                    .sort_by_key(|d| Deployment::ALL.iter().position(|x| x == d));
            }
            None => out.push(c),
        }
    }
    out
}

/// The changes from figures `old` to figures `new` (one deployment), keyed by what.
pub(crate) fn diff(
    offering: &str,
    d: Deployment,
    old: &[Figure],
    new: &[Figure],
    on: Option<Date>,
) -> Vec<FigureChange> {
    let mut out = Vec::new();
    for n in new {
        let before = old.iter().find(|o| o.what == n.what);
        if before.map(|b| b.value) != Some(n.value) {
            out.push(FigureChange {
                offering: offering.into(),
                deployments: vec![d],
                what: Some(n.what.clone()),
                old: before.map(|b| b.value),
                new: Some(n.value),
                on,
                provenance: n.provenance.clone(),
            });
        }
    }
    for o in old.iter().filter(|o| !new.iter().any(|n| n.what == o.what)) {
        out.push(FigureChange {
            offering: offering.into(),
            deployments: vec![d],
            what: Some(o.what.clone()),
            old: Some(o.value),
            new: None,
            on,
            provenance: o.provenance.clone(),
        });
    }
    out
}

/// The days within (from, to] on which some value of `spec` may change: starts of values
/// and the days after their ends.
pub(crate) fn change_days(
    spec: &OfferingSpec,
    f: &File,
    from: Date,
    to: Date,
    at: AsOf,
) -> Vec<Date> {
    let mut days: Vec<Date> = Vec::new();
    let mut add = |list: &[(Option<Date>, Option<Date>)]| {
        for &(start, end) in list {
            for day in [start, end.map(|e| e.add_days(1))].into_iter().flatten() {
                if from < day && day <= to && !days.contains(&day) {
                    days.push(day);
                }
            }
        }
    };
    fn bounds<T>(d: &Dated<T>, at: AsOf) -> Vec<(Option<Date>, Option<Date>)> {
        match d {
            Dated::Value(_) => Vec::new(),
            Dated::History(list) => list
                .iter()
                .filter(|v| v.in_edition(at.edition))
                .map(|v| (v.effective_from, v.until))
                .collect(),
        }
    }
    for p in &spec.pools {
        if let Some(c) = &p.capacity {
            add(&bounds(&c.tokens_per_unit, at));
        }
        for (_, v) in p.min_units.present_ref().chain(p.increment.present_ref()) {
            add(&bounds(v, at));
        }
        for ps in crate::resolve::pool_prices(f, p) {
            for (_, v) in ps.price.present_ref() {
                add(&bounds(v, at));
            }
        }
    }
    if let Some(od) = &spec.on_demand {
        for kind in TokenKind::ALL {
            if let Some(v) = od.usd_per_mtok.dated(kind) {
                add(&bounds(v, at));
            }
        }
    }
    days.sort();
    days
}
