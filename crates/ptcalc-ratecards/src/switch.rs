//! Switching a recorded conflict to its other value: the other value becomes an override
//! in the scenario (the link's `pm`/`pu`, `pin`…, `cap`, `min`, `inc`, `wout`, `wcache`),
//! so the switch travels in the link and the figures follow. A page shows the switch next to
//! the figure; switching back clears the same overrides.
use ptcalc_core::scenario::Overrides;
use ptcalc_core::{Offering, PriceBasis, Scenario, TokenKind};

use crate::figures::{ConflictOn, FigureConflict};

/// Six decimals: enough for any price, short enough for a link.
fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// The override slot of an on-demand price.
fn on_demand_slot(o: &mut Overrides, kind: TokenKind) -> &mut Option<f64> {
    match kind {
        TokenKind::Input => &mut o.input_usd_per_mtok,
        TokenKind::CachedInput => &mut o.cached_usd_per_mtok,
        TokenKind::CacheWrite => &mut o.cache_write_usd_per_mtok,
        TokenKind::Output => &mut o.output_usd_per_mtok,
    }
}

fn on_demand_base(base: &Offering, kind: TokenKind) -> Option<f64> {
    let od = &base.on_demand_usd_per_mtok;
    match kind {
        TokenKind::Input => od.input,
        TokenKind::CachedInput => od.cached_input,
        TokenKind::CacheWrite => od.cache_write,
        TokenKind::Output => od.output,
    }
}

/// The same basis (per hour, per month, …) with another value.
fn with_value(basis: PriceBasis, v: f64) -> PriceBasis {
    match basis {
        PriceBasis::PerHour(_) => PriceBasis::PerHour(v),
        PriceBasis::PerDay(_) => PriceBasis::PerDay(v),
        PriceBasis::PerWeek(_) => PriceBasis::PerWeek(v),
        PriceBasis::PerMonth(_) => PriceBasis::PerMonth(v),
        PriceBasis::PerYear(_) => PriceBasis::PerYear(v),
    }
}

impl FigureConflict {
    /// `scenario` priced with this conflict's other value (`other: true`) or back on the
    /// card's value (`other: false`), as overrides of `base` (the offering as the card
    /// resolves it, before overrides). `None` when a link cannot say it: the conflict names
    /// no figure, a unit price of another term than the scenario's, a figure of a
    /// multi-pool offering, or a weight a link has no key for.
    ///
    /// ```
    /// use ptcalc_core::{link, Deployment, Scenario, Term};
    /// use ptcalc_ratecards::{catalog, AsOf, ConflictOn};
    /// let s = Scenario { deployment: Deployment::DataZone, term: Term::Month1, ..Scenario::default() };
    /// let base = ptcalc_ratecards::offering_for(&s).unwrap();
    /// let c = catalog().conflicts(&s.offering, s.deployment, AsOf::current()).unwrap();
    /// let month = c.iter().find(|c| c.on == Some(ConflictOn::UnitPrice(Term::Month1))).unwrap();
    /// let other = month.switch(&s, &base, true).unwrap();
    /// assert!(link::format(&other).contains("pm=286"));
    /// assert_eq!(month.switch(&other, &base, false).unwrap(), s);
    /// ```
    pub fn switch(&self, scenario: &Scenario, base: &Offering, other: bool) -> Option<Scenario> {
        let value = if other { self.other } else { self.chosen };
        let mut out = scenario.clone();
        let o = &mut out.overrides;
        let single_pool = || match base.pools.as_slice() {
            [pool] => Some(pool),
            _ => None,
        };
        match self.on? {
            ConflictOn::UnitPrice(term) => {
                if term != scenario.term {
                    return None;
                }
                let basis = single_pool()?.price(term)?.price;
                match basis {
                    PriceBasis::PerHour(_) => {
                        o.usd_per_unit_hour = other.then_some(value);
                        o.usd_per_unit_month = None;
                    }
                    _ => {
                        let month =
                            with_value(basis, value).usd_per_unit_month(scenario.hours_per_month);
                        o.usd_per_unit_month = other.then_some(round6(month));
                        o.usd_per_unit_hour = None;
                    }
                }
            }
            ConflictOn::OnDemand(kind) => *on_demand_slot(o, kind) = other.then_some(value),
            ConflictOn::Capacity => {
                single_pool()?;
                o.capacity_per_unit_per_minute = other.then_some(value);
            }
            ConflictOn::MinUnits => {
                single_pool()?;
                o.min_units = other.then_some(value as u64);
            }
            ConflictOn::Increment => {
                single_pool()?;
                o.increment = other.then_some(value as u64);
            }
            ConflictOn::Weight(TokenKind::Output) => {
                single_pool()?;
                o.output_weight = other.then_some(value);
            }
            ConflictOn::Weight(TokenKind::CachedInput) => {
                single_pool()?;
                o.cached_weight = other.then_some(value);
            }
            ConflictOn::Weight(_) => return None,
            ConflictOn::DeploymentMultiplier => {
                // The card's on-demand prices carry the chosen multiplier: rescale each.
                if self.chosen <= 0.0 {
                    return None;
                }
                let mut any = false;
                for kind in TokenKind::ALL {
                    if let Some(v) = on_demand_base(base, kind) {
                        any = true;
                        *on_demand_slot(o, kind) =
                            other.then(|| round6(v * self.other / self.chosen));
                    }
                }
                if !any {
                    return None;
                }
            }
        }
        Some(out)
    }

    /// Whether `scenario` already uses the other value (its overrides are the switch's).
    ///
    /// ```
    /// use ptcalc_core::{Deployment, Scenario, Term};
    /// use ptcalc_ratecards::{catalog, AsOf, ConflictOn};
    /// let s = Scenario { deployment: Deployment::DataZone, term: Term::Month1, ..Scenario::default() };
    /// let base = ptcalc_ratecards::offering_for(&s).unwrap();
    /// let c = catalog().conflicts(&s.offering, s.deployment, AsOf::current()).unwrap();
    /// let month = c.iter().find(|c| c.on == Some(ConflictOn::UnitPrice(Term::Month1))).unwrap();
    /// assert!(!month.uses_other(&s, &base));
    /// assert!(month.uses_other(&month.switch(&s, &base, true).unwrap(), &base));
    /// ```
    pub fn uses_other(&self, scenario: &Scenario, base: &Offering) -> bool {
        self.switch(scenario, base, true)
            .is_some_and(|s| s.overrides == scenario.overrides)
    }
}

#[cfg(test)]
mod tests {
    use ptcalc_core::{link, Deployment, Scenario, Term};

    use crate::{catalog, AsOf, ConflictOn, FigureConflict};

    fn conflicts(s: &Scenario) -> Vec<FigureConflict> {
        catalog()
            .conflicts(&s.offering, s.deployment, AsOf::current())
            .expect("resolves")
    }

    #[test]
    fn the_data_zone_yearly_reservation_switches_to_the_third_party_price_per_month() {
        let s = Scenario {
            deployment: Deployment::DataZone,
            ..Scenario::default()
        };
        let base = crate::offering_for(&s).expect("resolves");
        let c = conflicts(&s);
        let year = c
            .iter()
            .find(|c| c.on == Some(ConflictOn::UnitPrice(Term::Year1)))
            .expect("recorded");
        let other = year.switch(&s, &base, true).expect("switchable");
        // 2,916 per PTU-year is 243 per PTU-month.
        assert_eq!(link::format(&other), "v=1&d=datazone&pm=243");
        // The 1-month conflict is for another term: no switch on a 1-year scenario.
        let month = c
            .iter()
            .find(|c| c.on == Some(ConflictOn::UnitPrice(Term::Month1)))
            .expect("recorded");
        assert_eq!(month.switch(&s, &base, true), None);
    }

    #[test]
    fn the_data_zone_uplift_switch_rescales_every_on_demand_price() {
        let s = Scenario {
            deployment: Deployment::DataZone,
            ..Scenario::default()
        };
        let base = crate::offering_for(&s).expect("resolves");
        let uplift = conflicts(&s)
            .into_iter()
            .find(|c| c.on == Some(ConflictOn::DeploymentMultiplier))
            .expect("recorded");
        let other = uplift.switch(&s, &base, true).expect("switchable");
        let input = base.on_demand_usd_per_mtok.input.expect("priced");
        let switched = other.overrides.input_usd_per_mtok.expect("overridden");
        assert!(
            (switched - input * 1.2 / 1.1).abs() < 1e-6,
            "{switched} vs {input}"
        );
        assert!(uplift.uses_other(&other, &base));
        assert_eq!(uplift.switch(&other, &base, false).expect("back"), s);
    }

    #[test]
    fn a_conflict_without_a_named_figure_has_no_switch() {
        let s = Scenario::default();
        let base = crate::offering_for(&s).expect("resolves");
        let c = FigureConflict {
            offering: s.offering.clone(),
            deployment: s.deployment,
            on: None,
            figure: "long-context output weight".into(),
            chosen: 7.5,
            other: 10.0,
            other_source: "a README".into(),
        };
        assert_eq!(c.switch(&s, &base, true), None);
        assert!(!c.uses_other(&s, &base));
    }
}
