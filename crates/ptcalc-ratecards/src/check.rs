//! Non-fatal checks of the loaded rate cards: the vendor calibration rule (a fully used
//! unit-month priced at the on-demand input rate should match the reservation price,
//! ratecards research §A.5) and sources that no figure uses or that carry no date.
use std::collections::BTreeSet;
use std::fmt;

use ptcalc_core::{Deployment, Offering};

use crate::catalog::Entry;
use crate::resolve::{num, pool_prices};
use crate::schema::{Calibration, File};

/// One finding of [`Catalog::check`](crate::Catalog::check), displayed as one line.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckWarning {
    /// A fully used unit-month, priced at the Global on-demand input rate, is off the
    /// vendor's reference price by more than the tolerance.
    Calibration {
        /// The offering's id.
        id: String,
        /// The unit's name.
        unit: String,
        /// Capacity per minute × minutes per month × input $ per token.
        payg_usd_per_unit_month: f64,
        /// The reference (Azure: the $260 one-month reservation).
        reference_usd_per_unit_month: f64,
        /// payg ÷ reference − 1.
        deviation: f64,
        /// The allowed |deviation|.
        tolerance: f64,
    },
    /// A source that no figure cites.
    UnusedSource {
        /// The file's name.
        file: String,
        /// The source key.
        key: String,
    },
    /// A price set that no pool uses.
    UnusedPriceSet {
        /// The file's name.
        file: String,
        /// The price-set key.
        key: String,
    },
    /// A multiplier set that no offering uses.
    UnusedMultiplierSet {
        /// The file's name.
        file: String,
        /// The multiplier-set key.
        key: String,
    },
    /// A cited source without a date: its figures show no as-of date.
    UndatedSource {
        /// The file's name.
        file: String,
        /// The source key.
        key: String,
    },
}

impl fmt::Display for CheckWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckWarning::Calibration {
                id,
                unit,
                payg_usd_per_unit_month,
                reference_usd_per_unit_month,
                deviation,
                tolerance,
            } => {
                let pct = (deviation.abs() * 1000.0).round() / 10.0;
                let (side, consequence) = if *deviation < 0.0 {
                    ("below", "a unit at the reference price costs more than its tokens on-demand, even fully used")
                } else {
                    ("above", "a fully used unit at the reference price costs less than its tokens on-demand")
                };
                write!(
                    f,
                    "{id}: a fully used {unit}-month is worth ${} at the Global on-demand input price, {pct}% {side} the ${} reference (tolerance ±{}%): check the capacity and prices; if they are right, {consequence}",
                    num(payg_usd_per_unit_month.round()),
                    num(*reference_usd_per_unit_month),
                    num(tolerance * 100.0)
                )
            }
            CheckWarning::UnusedSource { file, key } => {
                write!(f, "{file}: source `{key}` is cited by no figure: cite it or remove it")
            }
            CheckWarning::UnusedPriceSet { file, key } => {
                write!(f, "{file}: price set `{key}` is used by no pool: use it or remove it")
            }
            CheckWarning::UnusedMultiplierSet { file, key } => write!(
                f,
                "{file}: multiplier set `{key}` is used by no offering: use it or remove it"
            ),
            CheckWarning::UndatedSource { file, key } => write!(
                f,
                "{file}: source `{key}` carries no as_of date: add the date the source shows, if it has one"
            ),
        }
    }
}

/// The calibration warning for one offering, if it has a normalized pool with
/// published capacity and a Global on-demand input price, and misses the rule.
pub(crate) fn calibration(
    entry: &Entry,
    offerings: &[Offering],
    c: &Calibration,
) -> Option<CheckWarning> {
    let global = offerings
        .iter()
        .find(|o| o.deployment == Deployment::Global)?;
    let [pool] = global.pools.as_slice() else {
        return None;
    };
    let capacity = pool.capacity_per_unit_per_minute?;
    let input = global.on_demand_usd_per_mtok.input?;
    let payg = capacity * c.minutes_per_month * input / 1e6;
    let deviation = payg / c.usd_per_unit_month - 1.0;
    (deviation.abs() > c.tolerance).then(|| CheckWarning::Calibration {
        id: entry.id.clone(),
        unit: entry.unit.clone(),
        payg_usd_per_unit_month: payg,
        reference_usd_per_unit_month: c.usd_per_unit_month,
        deviation,
        tolerance: c.tolerance,
    })
}

/// The sources a dated figure's values name (beyond the figure's own).
fn dated_sources<T>(d: &crate::schema::Dated<T>) -> impl Iterator<Item = &str> {
    let list = match d {
        crate::schema::Dated::Value(_) => &[][..],
        crate::schema::Dated::History(list) => list.as_slice(),
    };
    list.iter().filter_map(|v| v.source.as_deref())
}

/// The sources the dated values of a per-kind figure name.
fn kind_sources(k: &crate::schema::KindValues) -> impl Iterator<Item = &str> {
    ptcalc_core::TokenKind::ALL
        .into_iter()
        .filter_map(|kind| k.dated(kind))
        .flat_map(dated_sources)
}

/// Unused and undated sources, unused price sets.
pub(crate) fn file_findings(name: &str, f: &File) -> Vec<CheckWarning> {
    let mut cited: BTreeSet<&str> = BTreeSet::new();
    let mut multiplier_sets_used: BTreeSet<&str> = BTreeSet::new();
    let mut sets_used: BTreeSet<&str> = BTreeSet::new();
    if let Some(c) = &f.calibration {
        cited.insert(&c.source);
    }
    for o in &f.offerings {
        for p in &o.pools {
            if let crate::schema::PricesSpec::Set(key) = &p.prices {
                sets_used.insert(key);
            }
            if let Some(c) = &p.capacity {
                cited.insert(&c.source);
                cited.extend(dated_sources(&c.tokens_per_unit));
            }
            for ps in pool_prices(f, p) {
                cited.insert(&ps.source);
                for (_, price) in ps.price.present_ref() {
                    cited.extend(dated_sources(price));
                }
            }
            cited.extend(kind_sources(&p.weights));
        }
        if let Some(od) = &o.on_demand {
            if let crate::schema::MultipliersSpec::Set(key) = &od.deployment_multipliers {
                multiplier_sets_used.insert(key);
            }
            cited.insert(&od.source);
            cited.extend(kind_sources(&od.usd_per_mtok));
            cited.extend(crate::resolve::multipliers(f, od).1);
        }
        if let Some(l) = &o.lifecycle {
            cited.insert(&l.reservation_source);
            for (_, dates) in l.events() {
                for d in dates {
                    cited.insert(&d.source);
                    cited.extend(d.conflicts.iter().map(|c| c.source.as_str()));
                }
            }
        }
        if let Some(b) = &o.batch {
            cited.insert(&b.source);
        }
        if let Some(s) = &o.second_opinion {
            cited.extend(s.explained.iter().map(|e| e.source.as_str()));
        }
    }
    cited.extend(crate::commitments::cited(f));
    let mut out = Vec::new();
    for (key, s) in &f.sources {
        if !cited.contains(key.as_str()) {
            out.push(CheckWarning::UnusedSource {
                file: name.into(),
                key: key.clone(),
            });
        } else if s.as_of.is_none() {
            out.push(CheckWarning::UndatedSource {
                file: name.into(),
                key: key.clone(),
            });
        }
    }
    for key in f.multiplier_sets.keys() {
        if !multiplier_sets_used.contains(key.as_str()) {
            out.push(CheckWarning::UnusedMultiplierSet {
                file: name.into(),
                key: key.clone(),
            });
        }
    }
    for key in f.price_sets.keys() {
        if !sets_used.contains(key.as_str()) {
            out.push(CheckWarning::UnusedPriceSet {
                file: name.into(),
                key: key.clone(),
            });
        }
    }
    out
}
