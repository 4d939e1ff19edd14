//! From a scenario to numbers with the bundled rate cards: the offering it names (resolved
//! once, shown with its sources), the evaluation against it, and the menus' choices.
use ptcalc_core::report::{Analysis, MonthTraffic};
use ptcalc_core::{Deployment, Offering, Scenario, Term};
use ptcalc_ratecards::{Catalog, Entry, EvaluateError, Opened, ResolveError};

/// The offering a scenario names, before the scenario's overrides are applied
/// (`evaluate` applies them). `custom` is built from the overrides alone.
///
/// # Errors
/// Why the offering cannot be used (unknown id, deployment not offered).
pub fn base_offering(scenario: &Scenario) -> Result<Offering, ResolveError> {
    ptcalc_ratecards::offering_for(scenario)
}

/// The offering with the scenario's overrides typed over it: the figures the page shows.
pub fn effective_offering(scenario: &Scenario, base: &Offering) -> Offering {
    base.effective(&scenario.overrides, scenario.term)
}

/// Evaluates `scenario` against its resolved offering. Errors stay typed until the page
/// shows one (`results::EvaluationError`, the one place they become words).
///
/// # Errors
/// The core's refusal (for example a peak-to-average ratio the shape cannot reach).
pub fn evaluate(scenario: &Scenario, base: &Offering) -> Result<Analysis, EvaluateError> {
    ptcalc_core::report::evaluate(scenario, base).map_err(EvaluateError::Model)
}

/// The one evaluation of a scenario opened on the page's day ([`Catalog::open_scenario_on`]),
/// with the month's traffic kept from an earlier evaluation (`None`: build it): what
/// `ptcalc eval` computes for the scenario's link.
///
/// # Errors
/// The offering cannot be resolved, or the core's refusal.
pub fn evaluate_opened(
    catalog: &Catalog,
    opened: &Opened,
    traffic: Option<&MonthTraffic>,
) -> Result<Analysis, EvaluateError> {
    catalog.evaluate_opened_with(opened, traffic)
}

/// The menu entry of an offering id (`None` for `custom` and unknown ids).
pub fn entry(id: &str) -> Option<&'static Entry> {
    ptcalc_ratecards::catalog().entry(id)
}

/// The terms to offer in the menu for `id`: the vendor's terms (priced or not), or every
/// term for `custom`.
pub fn terms_for(id: &str) -> Vec<Term> {
    terms_in(ptcalc_ratecards::catalog(), id)
}

/// [`terms_for`] in `catalog` (the bundled cards plus an organization's).
pub fn terms_in(catalog: &Catalog, id: &str) -> Vec<Term> {
    match catalog.entry(id) {
        Some(e) if !e.terms.is_empty() => e.terms.clone(),
        Some(e) => e.priced_terms.clone(),
        None => Term::ALL.to_vec(),
    }
}

/// The deployment types to offer for `id` (`Global` only for `custom`).
pub fn deployments_for(id: &str) -> Vec<Deployment> {
    deployments_in(ptcalc_ratecards::catalog(), id)
}

/// [`deployments_for`] in `catalog` (the bundled cards plus an organization's).
pub fn deployments_in(catalog: &Catalog, id: &str) -> Vec<Deployment> {
    match catalog.entry(id) {
        Some(e) if !e.deployments.is_empty() => e.deployments.clone(),
        _ => vec![Deployment::Global],
    }
}

/// Opens a link against the rate cards: the scenario to show (unknown offering, missing
/// deployment or term replaced) and a `(key, why)` line per thing ignored, for the notice.
pub fn open(link_text: &str) -> (Scenario, Vec<(String, String)>) {
    let opened = ptcalc_ratecards::open_link(link_text);
    let notes = opened
        .warnings
        .into_iter()
        .map(|w| (w.key, w.message))
        .collect();
    (opened.scenario, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scenario_resolves_and_evaluates() {
        let s = Scenario::default();
        let base = base_offering(&s).expect("default offering resolves");
        let a = evaluate(&s, &base).expect("default scenario evaluates");
        assert!(a.report.monthly.on_demand.is_some());
    }

    #[test]
    fn an_unknown_offering_is_replaced_and_named() {
        let (fixed, notes) = open("?v=1&o=acme/gpt-99");
        assert_eq!(fixed.offering, Scenario::default().offering);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, "o");
        assert!(base_offering(&fixed).is_ok());
    }

    #[test]
    fn an_offered_deployment_and_term_are_picked() {
        let (fixed, notes) = open("?v=1&o=vertex/gemini-2.5-flash&d=regional&t=hourly");
        assert_eq!(fixed.deployment, Deployment::Global);
        assert!(terms_for(&fixed.offering).contains(&fixed.term));
        assert_eq!(notes.len(), 2);
        assert!(base_offering(&fixed).is_ok());
    }

    #[test]
    fn custom_offers_every_term_and_one_deployment() {
        assert_eq!(terms_for("custom"), Term::ALL.to_vec());
        assert_eq!(deployments_for("custom"), vec![Deployment::Global]);
        let (fixed, notes) = open("?v=1&o=custom");
        assert!(notes.is_empty());
        assert_eq!(fixed.offering, "custom");
    }
}
