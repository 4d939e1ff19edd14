//! From a link (or a scenario) to numbers: resolve the offering the scenario names
//! from the bundled rate cards (or build the `custom` one), fix what the rate cards
//! rule out with a warning, and evaluate. The page and the CLI both start here.
use std::fmt;

use ptcalc_core::link::{parse, LinkWarning};
use ptcalc_core::offering::CUSTOM_ID;
use ptcalc_core::report::{evaluate as evaluate_offering, Analysis};
use ptcalc_core::{Error, Offering, Scenario};

use crate::{catalog, AsOf, ResolveError};

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
    if scenario.offering == CUSTOM_ID {
        return Ok(Offering::custom(&scenario.overrides, scenario.term));
    }
    catalog().resolve_as_of(&scenario.offering, scenario.deployment, at)
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

/// Resolves the scenario's offering as of `at` and evaluates it.
pub fn evaluate_as_of(scenario: &Scenario, at: AsOf) -> Result<Analysis, EvaluateError> {
    let offering = offering_for_as_of(scenario, at).map_err(EvaluateError::Resolve)?;
    evaluate_offering(scenario, &offering).map_err(EvaluateError::Model)
}

/// A link opened against the rate cards: the scenario to show and everything that was ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    /// A scenario the rate cards can serve.
    pub scenario: Scenario,
    /// What the link asked for that could not be used, and why.
    pub warnings: Vec<LinkWarning>,
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
    let mut opened = servable_as_of(parsed.scenario, at);
    let mut warnings = parsed.warnings;
    warnings.append(&mut opened.warnings);
    Opened {
        scenario: opened.scenario,
        warnings,
    }
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
    let mut scenario = scenario;
    let mut warnings = Vec::new();
    if scenario.offering == CUSTOM_ID {
        return Opened { scenario, warnings };
    }
    let catalog = catalog();
    let entry = match catalog.entry_as_of(&scenario.offering, at) {
        Some(entry) => entry,
        None => {
            let default = Scenario::default().offering;
            warnings.push(LinkWarning {
                key: "o".into(),
                message: format!(
                    "no rate card has the offering \"{}\": {default} used (pick one from the list, or custom)",
                    scenario.offering
                ),
            });
            scenario.offering = default;
            match catalog.entry_as_of(&scenario.offering, at) {
                Some(entry) => entry,
                None => return Opened { scenario, warnings },
            }
        }
    };
    if !entry.deployments.contains(&scenario.deployment) {
        if let Some(first) = entry.deployments.first().copied() {
            let allowed: Vec<&str> = entry.deployments.iter().map(|d| d.as_str()).collect();
            warnings.push(LinkWarning {
                key: "d".into(),
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
    Opened { scenario, warnings }
}
