//! The report's warnings: a stable code and a sentence that says what to do, raised where
//! a figure is missing, an entry was not applied, or the size looked at throttles, spills
//! or idles too much.
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
#[cfg(feature = "serde")]
use serde::Serialize;

use crate::capacity::PerKind;
use crate::hybrid::SplitPoint;
use crate::lifecycle::{Lifecycle, ReservationMatches};
use crate::numfmt::percent;
use crate::offering::Offering;
use crate::scenario::Scenario;
use crate::terms::Term;
use crate::unit_name::units;

use super::PoolModel;

/// Overflow share above which the report warns.
pub const OVERFLOW_WARNING_SHARE: f64 = 0.40;
/// Utilization below which the report warns.
pub const UTILIZATION_WARNING: f64 = 0.60;

/// What a report warning is about: a stable code, serialized in snake case
/// (`no_capacity`, `overflow_high`…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum WarningCode {
    /// A link key that was ignored or replaced (the warning's `key` says which).
    Link,
    /// No on-demand input and output price: nothing to compare with.
    NoOnDemandPrice,
    /// Cached input priced as plain input (no cached price published).
    CachedPricedAsInput,
    /// Cache writes priced as plain input (no cache-write price published).
    CacheWritePricedAsInput,
    /// No batch tier: the batch share is priced on-demand.
    NoBatchTier,
    /// No throughput per unit: nothing can be sized.
    NoCapacity,
    /// No unit price on the chosen term.
    NoUnitPrice,
    /// Long-context requests are not served on reserved capacity.
    LongContextNotReserved,
    /// Single-pool overrides given for a per-dimension offering.
    OverrideNotApplied,
    /// A unit count given for a per-dimension offering, or one that cannot be priced.
    UnitsNotApplied,
    /// An entry about tokens the workload does not have (a cached price with nothing cached).
    NoEffect,
    /// A unit count the vendor does not sell (rounded up).
    UnitsNotFeasible,
    /// Demand above the reservation would be throttled with spillover off.
    ThrottledWithoutSpillover,
    /// A large share of tokens overflows.
    OverflowHigh,
    /// The reservation sits idle much of the month.
    UtilizationLow,
    /// A price changes inside the horizon (a promotion ends): the horizon prices each
    /// month at its own figures.
    PriceChangesInHorizon,
    /// The link was made with an older rate-card edition: its figures are used, and the
    /// figures that changed since are listed.
    OlderEdition,
    /// The model is retired (shut down) on the scenario's day: nothing can be bought or
    /// called. Always the first warning.
    ModelRetired,
    /// The vendor has closed the model to new customers (or new projects).
    ClosedToNewCustomers,
    /// A term bought on the scenario's day still runs when the model retires: not the
    /// answer where the reservation follows the model; said what happens where it does not.
    TermOutlivesModel,
    /// The horizon runs past the model's retirement.
    HorizonPastRetirement,
    /// The rate cards were last checked more than 60 days before the scenario's day.
    CardsOld,
}

impl WarningCode {
    /// The stable spelling (`no_capacity`, …), as in the JSON and the page's `data-warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::Link => "link",
            WarningCode::NoOnDemandPrice => "no_on_demand_price",
            WarningCode::CachedPricedAsInput => "cached_priced_as_input",
            WarningCode::CacheWritePricedAsInput => "cache_write_priced_as_input",
            WarningCode::NoBatchTier => "no_batch_tier",
            WarningCode::NoCapacity => "no_capacity",
            WarningCode::NoUnitPrice => "no_unit_price",
            WarningCode::LongContextNotReserved => "long_context_not_reserved",
            WarningCode::OverrideNotApplied => "override_not_applied",
            WarningCode::NoEffect => "no_effect",
            WarningCode::UnitsNotApplied => "units_not_applied",
            WarningCode::UnitsNotFeasible => "units_not_feasible",
            WarningCode::ThrottledWithoutSpillover => "throttled_without_spillover",
            WarningCode::OverflowHigh => "overflow_high",
            WarningCode::UtilizationLow => "utilization_low",
            WarningCode::PriceChangesInHorizon => "price_changes_in_horizon",
            WarningCode::OlderEdition => "older_edition",
            WarningCode::ModelRetired => "model_retired",
            WarningCode::ClosedToNewCustomers => "closed_to_new_customers",
            WarningCode::TermOutlivesModel => "term_outlives_model",
            WarningCode::HorizonPastRetirement => "horizon_past_retirement",
            WarningCode::CardsOld => "cards_old",
        }
    }
}

impl core::fmt::Display for WarningCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A warning with a stable code and a sentence that says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Warning {
    /// Stable machine-readable code.
    pub code: WarningCode,
    /// The link key a `link` warning is about (absent for the model's own warnings).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub key: Option<String>,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl From<&crate::link::LinkWarning> for Warning {
    /// A link key that was ignored or replaced, as a report warning naming the key.
    fn from(w: &crate::link::LinkWarning) -> Warning {
        Warning {
            code: WarningCode::Link,
            key: Some(w.key.clone()),
            message: w.message.clone(),
        }
    }
}

/// The warnings of one evaluation, in the order the model raises them.
#[derive(Debug, Default)]
pub(super) struct Warnings(Vec<Warning>);

impl Warnings {
    fn push(&mut self, code: WarningCode, message: String) {
        self.0.push(Warning {
            code,
            key: None,
            message,
        });
    }

    pub(super) fn into_vec(self) -> Vec<Warning> {
        self.0
    }

    /// On-demand prices: none published, or cached and cache-write tokens priced as input.
    pub(super) fn on_demand_prices(
        &mut self,
        offering: &Offering,
        prices: &Option<(PerKind<f64>, PerKind<bool>)>,
        tpm: &PerKind<f64>,
    ) {
        match prices {
            None => self.push(
                WarningCode::NoOnDemandPrice,
                format!(
                    "{} has no published on-demand input and output price: enter them (pin, pout) to compare with on-demand",
                    offering.name
                ),
            ),
            Some((_, fell_back)) => {
                if fell_back.cached_input && tpm.cached_input > 0.0 {
                    self.push(WarningCode::CachedPricedAsInput, String::from("No cached-input price is published: cached tokens are priced as plain input (enter pcache if you have one)."));
                }
                if fell_back.cache_write && tpm.cache_write > 0.0 {
                    self.push(WarningCode::CacheWritePricedAsInput, String::from("No cache-write price is published: cache writes are priced as plain input (enter pcw if you have one)."));
                }
            }
        }
    }

    /// The model's lifecycle against the scenario: retired (first), closed to new
    /// customers, priced terms that run past retirement, a horizon that does. Raised before
    /// every other warning of the model.
    pub(super) fn lifecycle(
        &mut self,
        offering: &Offering,
        l: &Lifecycle,
        priced: &[Term],
        horizon_months: u32,
    ) {
        let successor = l
            .successor
            .as_deref()
            .map(|m| format!(" ({m}, per the vendor)"))
            .unwrap_or_default();
        let deployment = offering.deployment.label();
        if let Some(r) = l.retired.as_ref().filter(|r| r.has_happened()) {
            self.push(
                WarningCode::ModelRetired,
                format!(
                    "{} was retired on {} ({} deployment; {}): it can no longer be bought or called, so no reservation is the answer and these figures are history. Move to a current model{successor}.",
                    l.model, r.on, deployment, r.provenance.source
                ),
            );
        }
        if let Some(c) = l.closed_to_new.as_ref().filter(|c| c.has_happened()) {
            if !l.is_retired() {
                self.push(
                    WarningCode::ClosedToNewCustomers,
                    format!(
                        "{} has been closed to new customers since {} ({}): only an existing customer can still use it; a new one must pick another model{successor}.",
                        l.model, c.on, c.provenance.source
                    ),
                );
            }
        }
        let Some(r) = l.retired.as_ref().filter(|r| !r.has_happened()) else {
            return;
        };
        let past: Vec<&str> = priced
            .iter()
            .filter(|t| l.terms_past_retirement.contains(t))
            .map(|t| t.label())
            .collect();
        if !past.is_empty() {
            let terms = or_and_list(&past);
            let message = match l.reservation_matches {
                ReservationMatches::Model => format!(
                    "{} retires on {} ({}), before a {terms} term bought today ends. The units serve this model only ({}), so the rest of the term would be paid for nothing: {} not offered as the answer.",
                    l.model,
                    r.on,
                    r.provenance.source,
                    l.reservation_provenance.source,
                    if past.len() == 1 { "that term is" } else { "those terms are" }
                ),
                ReservationMatches::DeploymentType => format!(
                    "{} retires on {} ({}), before a {terms} reservation bought today ends. The reservation matches the deployment type, region and scope, not the model ({}): it keeps applying to other {} deployments in that region and scope, but this model's deployment must move to a successor{successor} on that day, with its own capacity per {}. The figures here assume this model for the whole term.",
                    l.model,
                    r.on,
                    r.provenance.source,
                    l.reservation_provenance.source,
                    deployment,
                    offering.unit
                ),
            };
            self.push(WarningCode::TermOutlivesModel, message);
        }
        if let Some(months) = l.months_in_service.filter(|m| *m < horizon_months) {
            self.push(
                WarningCode::HorizonPastRetirement,
                format!(
                    "The {horizon_months}-month horizon runs past {}'s retirement on {} (after month {months}): the months after it are priced as if the model still ran.",
                    l.model, r.on
                ),
            );
        }
    }

    /// A batch share on an offering without a batch tier.
    pub(super) fn batch_tier(&mut self, offering: &Offering, batch_share: f64) {
        if offering.batch_multiplier.is_none() && batch_share > 0.0 {
            self.push(WarningCode::NoBatchTier, String::from("No batch tier is published for this offering: the batch share is priced at the on-demand rate."));
        }
    }

    /// Figures the offering lacks (capacity, a unit price on the term), what reserved
    /// capacity does not serve, and overrides that could not be applied.
    pub(super) fn offering_figures(
        &mut self,
        offering: &Offering,
        s: &Scenario,
        pools: &[PoolModel],
    ) {
        if let Some(pool) = pools
            .iter()
            .find(|p| p.capacity_per_unit_per_minute.is_none())
        {
            self.push(
                WarningCode::NoCapacity,
                format!(
                    "{} publishes no throughput per {}: enter one (cap, tokens per minute per unit) to size and price a reservation",
                    offering.name, pool.unit
                ),
            );
        }
        if pools
            .iter()
            .any(|p| !p.usd_per_unit_month.iter().any(|(t, _)| *t == s.term))
        {
            let message = if offering.is_per_dimension() {
                format!(
                    "{} has no published {} price for its input and output units, and a link can carry only one unit price: pick a priced term, or model your quote as custom (cap, pu or pm, pin, pout)",
                    offering.name,
                    s.term.label()
                )
            } else {
                format!(
                    "{} has no published {} price for {}: enter one (pu per unit-hour or pm per unit-month) or pick a priced term",
                    offering.name,
                    s.term.label(),
                    offering.unit
                )
            };
            self.push(WarningCode::NoUnitPrice, message);
        }
        if offering.long_context_on_reserved == Some(false) {
            self.push(WarningCode::LongContextNotReserved, format!("{} does not serve long-context requests (over 128k prompt tokens) on reserved capacity: they spill to on-demand, or fail with spillover off.", offering.name));
        }
        let o = &s.overrides;
        if offering.is_per_dimension() {
            let ignored: Vec<&str> = [
                ("cap", o.capacity_per_unit_per_minute.is_some()),
                ("min", o.min_units.is_some()),
                ("inc", o.increment.is_some()),
                ("wout", o.output_weight.is_some()),
                ("wcache", o.cached_weight.is_some()),
                ("pu", o.usd_per_unit_hour.is_some()),
                ("pm", o.usd_per_unit_month.is_some()),
            ]
            .into_iter()
            .filter_map(|(key, given)| given.then_some(key))
            .collect();
            if !ignored.is_empty() {
                self.push(
                    WarningCode::OverrideNotApplied,
                    format!(
                        "{} not applied: capacity, unit counts, weights and unit prices can be entered only for offerings with one normalized pool, and this offering reserves input and output separately.",
                        or_and_list(&ignored)
                    ),
                );
            }
        }
    }

    /// A unit count on an offering that reserves input and output separately.
    pub(super) fn units_not_applied(&mut self, units: u64, offering: &Offering) {
        self.push(
            WarningCode::UnitsNotApplied,
            format!("units {units} was not applied: {} reserves input and output separately, and a link carries one count.", offering.name),
        );
    }

    /// A unit count that cannot be priced: the capacity or the unit price on the term is missing.
    pub(super) fn units_not_priced(&mut self, units: u64, offering: &Offering) {
        self.push(
            WarningCode::UnitsNotApplied,
            format!("units {units} was not applied: {} has no capacity per unit or no unit price on this term, so a count cannot be priced (enter cap and pu or pm).", offering.name),
        );
    }

    /// Entries that change nothing because the tokens they are about are absent: a cached
    /// price or weight with no cached input, a cache-write price with no cache writes.
    pub(super) fn entries_without_effect(&mut self, s: &Scenario) {
        let o = &s.overrides;
        let without = [
            (
                "pcache",
                o.cached_usd_per_mtok.is_some() && s.cached_share == 0.0,
                "no input is cached (cache is 0)",
            ),
            (
                "wcache",
                o.cached_weight.is_some() && s.cached_share == 0.0,
                "no input is cached (cache is 0)",
            ),
            (
                "pcw",
                o.cache_write_usd_per_mtok.is_some() && s.cache_write_share == 0.0,
                "no input is a cache write (cw is 0)",
            ),
        ];
        for (key, idle, why) in without {
            if idle {
                self.push(
                    WarningCode::NoEffect,
                    format!("{key} changes nothing here: {why}."),
                );
            }
        }
    }

    /// A unit count the vendor does not sell, and the count used instead.
    pub(super) fn units_not_feasible(&mut self, units: u64, pool: &PoolModel, used: u64) {
        self.push(
            WarningCode::UnitsNotFeasible,
            format!(
                "units {units} is not a count you can buy (0, or {} then steps of {}): {used} used",
                pool.min_units, pool.increment
            ),
        );
    }

    /// At the size the user looks at (their own count, else full provisioning): throttling
    /// without spillover, a high overflow share, a reservation that sits idle.
    pub(super) fn at_size(
        &mut self,
        chosen: Option<&SplitPoint>,
        full: Option<&SplitPoint>,
        unit: &str,
    ) {
        let (p, what) = match (chosen, full) {
            (Some(c), _) => (c, "your chosen size"),
            (None, Some(f)) => (f, "full provisioning"),
            _ => return,
        };
        if p.overflow_share > 0.0 {
            self.push(
                WarningCode::ThrottledWithoutSpillover,
                format!(
                    "Peak above reserved capacity at {what} ({}): with spillover off, {} of tokens would be throttled (429). Turn spillover on or size for the peak.",
                    units(p.units, unit),
                    percent(p.overflow_share)
                ),
            );
        }
        if p.overflow_share > OVERFLOW_WARNING_SHARE {
            self.push(
                WarningCode::OverflowHigh,
                format!(
                    "Overflow is {} of tokens at {}: consider more units or a shorter term.",
                    percent(p.overflow_share),
                    units(p.units, unit),
                ),
            );
        }
        if p.units > 0 && p.utilization < UTILIZATION_WARNING {
            self.push(WarningCode::UtilizationLow, format!("Utilization is {} at {}: much of the reservation sits idle; consider fewer units with spillover, or on-demand.", percent(p.utilization), units(p.units, unit)));
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn or_and_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => String::from(*one),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
