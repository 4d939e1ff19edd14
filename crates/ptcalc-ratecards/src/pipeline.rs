//! The pipeline every surface calls (the page, its exports and API, host messages, the CLI):
//! a link (or the scenario a page holds) opened on a day, then one evaluation.
//! From a link (or a scenario) to numbers: resolve the offering the scenario names
//! from the bundled rate cards (or build the `custom` one), fix what the rate cards
//! rule out with a warning, and evaluate. The page and the CLI both start here.
use std::fmt;

use ptcalc_core::link::{parse, LinkProblem, LinkWarning, Parsed};
use ptcalc_core::offering::CUSTOM_ID;
use ptcalc_core::report::{
    evaluate_dated, evaluate_dated_with, Analysis, MonthTraffic, Warning, WarningCode,
};
use ptcalc_core::{Error, Offering, Scenario};

use crate::{catalog, AsOf, Catalog, Date, Edition, FigureChange, ResolveError};

/// The offering a scenario names: `custom` from its figures, anything else from the catalog.
///
/// ```
/// use ptcalc_core::Scenario;
/// let o = ptcalc_ratecards::offering_for(&Scenario::default()).unwrap();
/// assert_eq!(o.id, "azure/gpt-4.1");
/// ```
pub fn offering_for(scenario: &Scenario) -> Result<Offering, ResolveError> {
    offering_for_as_of(scenario, AsOf::current())
}

/// The offering a scenario names, with the figures `at.edition` holds in force at
/// `at.date` (a link's `at=` date and `rc=` edition).
///
/// ```
/// use ptcalc_core::{Deployment, Scenario};
/// use ptcalc_ratecards::{offering_for_as_of, AsOf};
/// let s = Scenario { offering: "azure/gpt-5.6-sol".into(), deployment: Deployment::Global, ..Scenario::default() };
/// let o = offering_for_as_of(&s, AsOf::at("2027-01-01".parse().unwrap())).unwrap();
/// assert_eq!(o.on_demand_usd_per_mtok.output, Some(30.0));
/// ```
pub fn offering_for_as_of(scenario: &Scenario, at: AsOf) -> Result<Offering, ResolveError> {
    catalog().offering_for_as_of(scenario, at)
}

/// Why a scenario could not be evaluated.
#[derive(Clone, Debug, PartialEq)]
pub enum EvaluateError {
    /// The offering or deployment is not in the rate cards.
    Resolve(ResolveError),
    /// The model refused the scenario (e.g. a peak-to-average above the shape's maximum).
    Model(Error),
}

impl fmt::Display for EvaluateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvaluateError::Resolve(e) => e.fmt(f),
            EvaluateError::Model(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for EvaluateError {}

/// Resolves the scenario's offering and evaluates it.
///
/// ```
/// use ptcalc_core::Scenario;
/// let a = ptcalc_ratecards::evaluate(&Scenario::default()).unwrap();
/// assert!(a.report.monthly.on_demand.unwrap() > 0.0);
/// ```
pub fn evaluate(scenario: &Scenario) -> Result<Analysis, EvaluateError> {
    evaluate_as_of(scenario, AsOf::current())
}

/// Resolves the scenario's offering as of `at` and evaluates it; a price that changes
/// inside the horizon is priced month by month there and named in the warnings.
///
/// ```
/// use ptcalc_core::{report::WarningCode, Scenario};
/// use ptcalc_ratecards::{evaluate_as_of, AsOf};
/// let s = Scenario { offering: "azure/gpt-5.6-sol".into(), ..Scenario::default() };
/// let a = evaluate_as_of(&s, AsOf::at("2026-11-15".parse().unwrap())).unwrap();
/// assert!(a.report.warnings.iter().any(|w| w.code == WarningCode::PriceChangesInHorizon));
/// ```
pub fn evaluate_as_of(scenario: &Scenario, at: AsOf) -> Result<Analysis, EvaluateError> {
    catalog().evaluate_as_of(scenario, at)
}

/// A link opened against the rate cards: the scenario to show and everything that was ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    /// A scenario the rate cards can serve.
    pub scenario: Scenario,
    /// What the link asked for that could not be used, and why.
    pub warnings: Vec<LinkWarning>,
    /// The date and edition its figures are read at.
    pub as_of: AsOf,
    /// For a link made with an older edition (`rc=`): each figure of its offering that
    /// changed since (old → new, source). Empty for the current edition.
    pub changed_since: Vec<FigureChange>,
}

impl Catalog {
    /// The offering a scenario names as of `at`: `custom` from its figures, anything else
    /// from this catalog.
    pub fn offering_for_as_of(
        &self,
        scenario: &Scenario,
        at: AsOf,
    ) -> Result<Offering, ResolveError> {
        if scenario.offering == CUSTOM_ID {
            return Ok(Offering::custom(&scenario.overrides, scenario.term));
        }
        self.resolve_as_of(&scenario.offering, scenario.deployment, at)
    }

    /// [`evaluate_as_of`] against this catalog (with an organization's card, say).
    pub fn evaluate_as_of(&self, scenario: &Scenario, at: AsOf) -> Result<Analysis, EvaluateError> {
        self.evaluate_as_of_with(scenario, at, None)
    }

    /// [`Catalog::evaluate_as_of`] with the month's traffic built already (a comparison of
    /// many offerings on one workload builds it once): `traffic` is used only when it was
    /// built for this scenario's traffic inputs (`evaluate_with`'s rule), so the analysis is
    /// always [`Catalog::evaluate_as_of`]'s.
    pub fn evaluate_as_of_with(
        &self,
        scenario: &Scenario,
        at: AsOf,
        traffic: Option<&MonthTraffic>,
    ) -> Result<Analysis, EvaluateError> {
        let offering = self
            .offering_for_as_of(scenario, at)
            .map_err(EvaluateError::Resolve)?;
        let s = scenario;
        let changes = if s.offering == CUSTOM_ID {
            Vec::new()
        } else {
            self.changes_within(&s.offering, s.deployment, at, s.horizon_months)
                .unwrap_or_default()
        };
        let monthly = if changes.is_empty() {
            vec![offering]
        } else {
            self.resolve_monthly(&s.offering, s.deployment, at, s.horizon_months)
                .map(|months| months.into_iter().map(|(_, o)| o).collect())
                .unwrap_or_else(|_| vec![offering])
        };
        let mut analysis = match traffic {
            Some(traffic) => evaluate_dated_with(s, &monthly, traffic.clone()),
            None => evaluate_dated(s, &monthly),
        }
        .map_err(EvaluateError::Model)?;
        if let Some(w) = cards_age_warning(at) {
            analysis.report.warnings.push(w);
        }
        analysis
            .report
            .warnings
            .extend(changes.iter().map(|c| Warning {
                code: WarningCode::PriceChangesInHorizon,
                key: None,
                message: format!(
                    "{c}: inside the {}-month horizon, so the horizon prices each month at the figure then in force; the monthly figures use the price on {}",
                    s.horizon_months, at.date
                ),
            }));
        Ok(analysis)
    }

    /// Opens a link as the page and the CLI do: its `rc=` edition (the current one when
    /// absent; an unknown key is a warning naming `rc`) at its `at=` day (`today` when
    /// absent), with [`open_link_as_of`]'s fallbacks. The scenario comes back stamped with
    /// the edition used, so its canonical link keeps its answer; for an older edition,
    /// [`Opened::changed_since`] lists what changed in its offering since.
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, Date};
    /// let today: Date = "2026-11-27".parse().unwrap();
    /// let now = catalog().open_link_on("v=1&o=openai/o3-scale", today);
    /// assert_eq!(ptcalc_core::link::format(&now.scenario), "v=1&o=openai/o3-scale&t=30d&rc=2026-12-06b");
    /// assert!(now.changed_since.is_empty());
    /// let old = catalog().open_link_on("v=1&o=openai/o3-scale&rc=2026-11-27", today);
    /// assert!(old.changed_since.iter().any(|c| c.old == Some(5_000.0) && c.new == Some(25_000.0)));
    /// ```
    pub fn open_link_on(&self, link: &str, today: Date) -> Opened {
        self.open_parsed(parse(link), today)
    }

    /// [`Catalog::open_link_on`] of a link parsed already (the page parses its opening
    /// link once and hands the result to everything that reads it).
    pub fn open_parsed(&self, parsed: Parsed, today: Date) -> Opened {
        self.open_on(parsed.scenario, parsed.warnings, today)
    }

    /// A scenario the page holds, opened as [`Catalog::open_link_on`] opens its link (without
    /// writing and parsing the link again): the same `Opened`, so the page's figures, its
    /// exports and `ptcalc eval` of its link agree.
    ///
    /// ```
    /// use ptcalc_ratecards::{catalog, Date};
    /// let today: Date = "2026-11-27".parse().unwrap();
    /// let link = "v=1&o=openai/o3-scale&in=3M&rc=2026-11-22";
    /// let scenario = ptcalc_core::link::parse(link).scenario;
    /// assert_eq!(catalog().open_scenario_on(scenario, today), catalog().open_link_on(link, today));
    /// ```
    pub fn open_scenario_on(&self, scenario: Scenario, today: Date) -> Opened {
        self.open_on(scenario, Vec::new(), today)
    }

    fn open_on(&self, scenario: Scenario, mut warnings: Vec<LinkWarning>, today: Date) -> Opened {
        let edition = match scenario.edition.as_deref().map(Edition::parse) {
            None => Edition::current(),
            Some(Ok(e)) => e,
            Some(Err(e)) => {
                warnings.push(LinkWarning {
                    key: "rc".into(),
                    problem: LinkProblem::UnknownEdition,
                    message: format!("{e}: the current edition {} used", Edition::current()),
                });
                Edition::current()
            }
        };
        let date = scenario
            .at
            .and_then(|d| Date::new(d.year, d.month, d.day))
            .unwrap_or(today);
        if let Some(card) = scenario.org_card.as_deref() {
            if !self.has_organization_card(card) {
                warnings.push(LinkWarning {
                    key: "org".into(),
                problem: LinkProblem::OrganizationCardMissing,
                    message: format!(
                        "made with an organization's rate card (fingerprint {card}) that is not loaded: its figures are not used; load that card (`--ratecards FILE`, or pick it on the page)"
                    ),
                });
            }
        }
        let at = AsOf { date, edition };
        let mut opened = self.servable(scenario, warnings, at);
        opened.scenario.edition = Some(edition.key().into());
        if edition < Edition::current() && opened.scenario.offering != CUSTOM_ID {
            opened.changed_since = self.offering_edition_changes(
                &opened.scenario.offering,
                edition,
                Edition::current(),
                date,
            );
        }
        opened
    }

    /// [`Catalog::evaluate_as_of`] at the link's date and edition, with the link's
    /// warnings first and, for an older edition, a warning that lists what changed since.
    pub fn evaluate_opened(&self, opened: &Opened) -> Result<Analysis, EvaluateError> {
        self.evaluate_opened_with(opened, None)
    }

    /// [`Catalog::evaluate_opened`] with the month's traffic built already (`None`: build
    /// it). The one evaluation every surface calls: the page's figures, its exports, its
    /// JavaScript API, host messages, `ptcalc eval` and `ptcalc chart`.
    pub fn evaluate_opened_with(
        &self,
        opened: &Opened,
        traffic: Option<&MonthTraffic>,
    ) -> Result<Analysis, EvaluateError> {
        let mut analysis = self.evaluate_as_of_with(&opened.scenario, opened.as_of, traffic)?;
        let mut head: Vec<Warning> = opened.warnings.iter().map(Warning::from).collect();
        if !opened.changed_since.is_empty() {
            let list: Vec<String> = opened.changed_since.iter().map(|c| c.to_string()).collect();
            head.push(Warning {
                code: WarningCode::OlderEdition,
                key: Some("rc".into()),
                message: format!(
                    "made with rate-card edition {}; {} figure(s) changed since in edition {}: {}. Remove rc= (or set rc={}) for today's figures",
                    opened.as_of.edition,
                    list.len(),
                    Edition::current(),
                    list.join("; "),
                    Edition::current()
                ),
            });
        }
        // A retired model is said first of all; the link's own warnings follow it.
        let after_retired = analysis
            .report
            .warnings
            .iter()
            .take_while(|w| w.code == WarningCode::ModelRetired)
            .count();
        analysis
            .report
            .warnings
            .splice(after_retired..after_retired, head);
        Ok(analysis)
    }
}

/// Days after which the cards' last check is old news on the scenario's day.
pub const CARDS_OLD_AFTER_DAYS: i64 = 60;

/// The age notice: the edition's figures were last checked more than
/// [`CARDS_OLD_AFTER_DAYS`] days before the scenario's day.
///
/// ```
/// use ptcalc_ratecards::{cards_age_warning, AsOf, Edition};
/// let edition = Edition::parse("2026-12-06").unwrap();
/// let on = |d: &str| AsOf { date: d.parse().unwrap(), edition };
/// assert!(cards_age_warning(on("2027-02-04")).is_none()); // 60 days
/// let w = cards_age_warning(on("2027-02-05")).unwrap();
/// assert!(w.message.contains("last checked on 2026-12-06") && w.message.contains("--ratecards FILE"));
/// ```
pub fn cards_age_warning(at: AsOf) -> Option<Warning> {
    let checked = at.edition.date();
    let days = checked.days_until(at.date);
    (days > CARDS_OLD_AFTER_DAYS).then(|| Warning {
        code: WarningCode::CardsOld,
        key: None,
        message: format!(
            "The rate cards were last checked on {checked} (edition {}), {days} days before {}: prices, capacities and model lifecycles may have moved since. Load newer cards: `ptcalc --ratecards FILE` in the CLI; on the page, an organization's card or a `ratecards.json` served next to the page.",
            at.edition, at.date
        ),
    })
}

/// Parses a link and makes its scenario servable: an unknown offering falls back to the
/// default, a deployment the offering lacks to its first one, a term it does not offer to
/// its longest priced term; each fallback is a warning naming the key and what is allowed.
///
/// ```
/// let o = ptcalc_ratecards::open_link("?v=1&o=vertex/gemini-2.5-flash&d=regional");
/// assert_eq!(o.scenario.deployment, ptcalc_core::Deployment::Global);
/// assert_eq!(o.warnings[0].key, "d");
/// ```
pub fn open_link(link: &str) -> Opened {
    open_link_as_of(link, AsOf::current())
}

/// [`open_link`] against the offerings `at.edition` lists (an old link's edition keeps
/// an offering removed since).
pub fn open_link_as_of(link: &str, at: AsOf) -> Opened {
    let parsed = parse(link);
    catalog().servable(parsed.scenario, parsed.warnings, at)
}

/// Makes a scenario servable by the rate cards (the rules of [`open_link`]), saying what
/// was replaced: the page uses it after switching offerings.
///
/// ```
/// use ptcalc_core::{Deployment, Scenario};
/// let s = Scenario { offering: "vertex/gemini-2.5-flash".into(), deployment: Deployment::Regional, ..Scenario::default() };
/// let o = ptcalc_ratecards::servable(s);
/// assert_eq!(o.scenario.deployment, Deployment::Global);
/// assert_eq!(o.warnings[0].key, "d");
/// ```
pub fn servable(scenario: Scenario) -> Opened {
    servable_as_of(scenario, AsOf::current())
}

/// [`servable`] against the offerings `at.edition` lists.
pub fn servable_as_of(scenario: Scenario, at: AsOf) -> Opened {
    catalog().servable(scenario, Vec::new(), at)
}

impl Catalog {
    /// The scenario made servable as of `at` (see [`open_link`]), its fallbacks' warnings
    /// after `warnings`.
    pub fn servable(&self, scenario: Scenario, warnings: Vec<LinkWarning>, at: AsOf) -> Opened {
        servable_in(self, scenario, warnings, at)
    }
}

fn servable_in(
    catalog: &Catalog,
    mut scenario: Scenario,
    mut warnings: Vec<LinkWarning>,
    at: AsOf,
) -> Opened {
    let done = |scenario, warnings| Opened {
        scenario,
        warnings,
        as_of: at,
        changed_since: Vec::new(),
    };
    if scenario.offering == CUSTOM_ID {
        return done(scenario, warnings);
    }
    let entry = match catalog.entry_as_of(&scenario.offering, at) {
        Some(entry) => entry,
        None => {
            let default = Scenario::default().offering;
            warnings.push(LinkWarning {
                key: "o".into(),
                problem: LinkProblem::UnknownOffering,
                message: format!(
                    "no rate card has the offering \"{}\": {default} used (pick one from the list, or custom)",
                    scenario.offering
                ),
            });
            scenario.offering = default;
            match catalog.entry_as_of(&scenario.offering, at) {
                Some(entry) => entry,
                None => return done(scenario, warnings),
            }
        }
    };
    if !entry.deployments.contains(&scenario.deployment) {
        if let Some(first) = entry.deployments.first().copied() {
            let allowed: Vec<&str> = entry.deployments.iter().map(|d| d.as_str()).collect();
            warnings.push(LinkWarning {
                key: "d".into(),
                problem: LinkProblem::NotOffered,
                message: format!(
                    "{} is not offered as {}: {} used (allowed: {})",
                    entry.id,
                    scenario.deployment.as_str(),
                    first.as_str(),
                    allowed.join(", ")
                ),
            });
            scenario.deployment = first;
        }
    }
    if !entry.terms.contains(&scenario.term) {
        if let Some(fallback) = entry.priced_terms.last().or(entry.terms.last()).copied() {
            let allowed: Vec<&str> = entry.terms.iter().map(|t| t.as_str()).collect();
            warnings.push(LinkWarning {
                key: "t".into(),
                problem: LinkProblem::NotOffered,
                message: format!(
                    "{} has no {} term: {} used (allowed: {})",
                    entry.id,
                    scenario.term.as_str(),
                    fallback.as_str(),
                    allowed.join(", ")
                ),
            });
            scenario.term = fallback;
        }
    }
    done(scenario, warnings)
}
