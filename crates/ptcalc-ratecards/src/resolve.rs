//! Turns a validated offering spec into one `ptcalc_core::Offering` per deployment:
//! per-second capacity becomes per-minute, unpublished weights become 1 (flagged),
//! shared price sets are expanded, and every assumption and conflict becomes a note.
use ptcalc_core::offering::{Confidence, Provenance};
use ptcalc_core::{Deployment, Offering, PerKind, Pool, PriceBasis, Term, TermPrice, TokenKind};

use crate::catalog::{Entry, Vendor};
use crate::edition::{AsOf, Edition};
use crate::schema::in_edition;
use crate::schema::{
    Basis, ByDeployment, Conflict, File, MultipliersSpec, OfferingSpec, OnDemandSpec, Per,
    PoolSpec, PriceSpec, PricesSpec,
};
use crate::validate::kind_name;

/// The provenance of `key` in `f`'s sources table (validated to exist). An
/// organization's card marks every figure as the organization's own.
pub(crate) fn provenance(f: &File, key: &str) -> Option<Provenance> {
    let s = f.sources.get(key)?;
    let source = match (&s.url, &s.via) {
        (Some(url), Some(via)) => format!("{url} ({via})"),
        (Some(url), None) => url.clone(),
        (None, Some(via)) => via.clone(),
        (None, None) => String::new(),
    };
    let (source, confidence) = if f.organization {
        (
            format!("your organization's rate card: {source}"),
            Confidence::Organization,
        )
    } else {
        (source, s.confidence)
    };
    Some(Provenance {
        source,
        as_of: s.as_of.clone().unwrap_or_default(),
        confidence,
    })
}

/// The unit prices of a pool: its own list or the shared set it names, every edition's.
pub(crate) fn pool_prices<'a>(f: &'a File, pool: &'a PoolSpec) -> &'a [PriceSpec] {
    match &pool.prices {
        PricesSpec::List(list) => list,
        PricesSpec::Set(key) => f.price_sets.get(key).map(Vec::as_slice).unwrap_or(&[]),
    }
}

/// The unit prices of a pool that `edition` lists.
fn edition_prices<'a>(
    f: &'a File,
    pool: &'a PoolSpec,
    edition: Edition,
) -> impl Iterator<Item = &'a PriceSpec> + 'a {
    pool_prices(f, pool)
        .iter()
        .filter(move |p| in_edition(p.added_in, p.removed_in, edition))
}

/// The provenance of a dated value: its own source if it names one, else the figure's.
fn value_provenance(f: &File, figure_source: &str, own: Option<&str>) -> Option<Provenance> {
    provenance(f, own.unwrap_or(figure_source))
}

/// The on-demand deployment multipliers of `od`, their source key and the conflicts on
/// them: inline (with `multiplier_source`) or from the shared set they name.
pub(crate) fn multipliers<'a>(
    f: &'a File,
    od: &'a OnDemandSpec,
) -> (ByDeployment<f64>, Option<&'a str>, &'a [Conflict]) {
    match &od.deployment_multipliers {
        MultipliersSpec::Inline(m) => (*m, od.multiplier_source.as_deref(), &[]),
        MultipliersSpec::Set(key) => match f.multiplier_sets.get(key) {
            Some(set) => (set.multipliers, Some(set.source.as_str()), &set.conflicts),
            None => (ByDeployment::default(), None, &[]),
        },
    }
}

/// The menu entry of `spec` as of `at` (its priced terms depend on the date).
pub(crate) fn entry(vendor: Vendor, f: &File, spec: &OfferingSpec, at: AsOf) -> Entry {
    let deployments: Vec<Deployment> = spec.deployments.iter().map(|&k| k.into()).collect();
    let offerings: Vec<Offering> = deployments
        .iter()
        .map(|&d| offering(f, spec, d, at))
        .collect();
    let mut terms = spec.terms.clone();
    terms.sort();
    let priced_terms = Term::ALL
        .into_iter()
        .filter(|t| offerings.iter().any(|o| o.terms().contains(t)))
        .collect();
    let entry = Entry {
        id: spec.id.clone(),
        vendor,
        model: spec.model.clone(),
        model_version: spec.model_version.clone(),
        name: spec.name.clone(),
        unit: spec.unit.clone(),
        deployments,
        terms,
        priced_terms,
        capacity_published: spec.pools.iter().all(|p| p.capacity.is_some()),
        has_on_demand: spec.on_demand.as_ref().is_some_and(|od| {
            TokenKind::ALL
                .iter()
                .any(|&k| od.usd_per_mtok.get(k, at).is_some())
        }),
        per_dimension: spec.pools.len() > 1,
        organization: f.organization,
    };
    entry
}

fn applies(deployments: &[crate::schema::DeploymentKey], d: Deployment) -> bool {
    deployments.is_empty() || deployments.iter().any(|&k| Deployment::from(k) == d)
}

/// The conflicts that apply to `spec` for `d` as of `at`, each with whether the offering's
/// capacity is published per second (a capacity conflict is then in tokens per second).
pub(crate) fn conflicts<'a>(
    f: &'a File,
    spec: &'a OfferingSpec,
    d: Deployment,
    at: AsOf,
) -> Vec<(&'a Conflict, bool)> {
    let per_second = spec
        .pools
        .iter()
        .any(|p| p.capacity.as_ref().is_some_and(|c| c.per == Per::Second));
    let mut out: Vec<&Conflict> = spec.conflicts.iter().collect();
    for p in &spec.pools {
        out.extend(
            edition_prices(f, p, at.edition)
                .filter(|ps| ps.price.get_ref(d).is_some())
                .flat_map(|ps| ps.conflicts.iter()),
        );
    }
    if let Some(od) = &spec.on_demand {
        let (m, _, multiplier_conflicts) = multipliers(f, od);
        if m.get(d).is_some() {
            out.extend(multiplier_conflicts.iter());
        }
    }
    out.into_iter()
        .filter(|c| applies(&c.deployments, d))
        .map(|c| (c, per_second))
        .collect()
}

/// `spec` resolved for deployment `d` as of `at`.
pub(crate) fn offering(f: &File, spec: &OfferingSpec, d: Deployment, at: AsOf) -> Offering {
    let mut notes: Vec<String> = spec.notes.clone();
    let pools: Vec<Pool> = spec
        .pools
        .iter()
        .map(|p| {
            let prices: Vec<&PriceSpec> = edition_prices(f, p, at.edition).collect();
            pool(f, p, &prices, d, at, &mut notes)
        })
        .collect();
    for (c, _) in conflicts(f, spec, d, at) {
        notes.push(format!(
            "Sources disagree on the {}: {} is used; {} per {}.",
            c.figure,
            num(c.chosen),
            num(c.other),
            c.other_source
        ));
    }
    let (on_demand_usd_per_mtok, on_demand_provenance) = match &spec.on_demand {
        None => (PerKind::default(), None),
        Some(od) => {
            // The input price's source speaks for the on-demand prices (a dated value may
            // name its own, e.g. a promotion).
            let own = TokenKind::ALL
                .into_iter()
                .find_map(|k| od.usd_per_mtok.dated(k).and_then(|v| v.at(at)))
                .and_then(|(_, s)| s);
            let base = value_provenance(f, &od.source, own);
            let (multipliers, multiplier_source, _) = multipliers(f, od);
            match multipliers.get(d) {
                None => (od.usd_per_mtok.per_kind(at), base),
                Some(m) => {
                    let why = multiplier_source.and_then(|k| provenance(f, k));
                    let confidence = match &why {
                        Some(p) if p.confidence == Confidence::Assumption => Confidence::Assumption,
                        _ => Confidence::Derived,
                    };
                    notes.push(format!(
                        "On-demand prices for {}: the Global prices × {} ({}{}).",
                        d.label(),
                        num(m),
                        confidence.label(),
                        why.map(|p| format!(": {}", p.source)).unwrap_or_default()
                    ));
                    (
                        od.usd_per_mtok
                            .per_kind(at)
                            .map(|_, v| v.map(|v| round_money(v * m))),
                        base.map(|p| Provenance { confidence, ..p }),
                    )
                }
            }
        }
    };
    let batch_multiplier = spec
        .batch
        .as_ref()
        .filter(|b| applies(&b.deployments, d))
        .map(|b| {
            let src = provenance(f, &b.source)
                .map(|p| p.source)
                .unwrap_or_default();
            notes.push(format!(
                "Batch tier: {}% of the on-demand price ({src}).",
                num(b.multiplier * 100.0)
            ));
            b.multiplier
        });
    let lifecycle = crate::lifecycle::resolve(f, spec, d, at, &mut notes);
    Offering {
        id: spec.id.clone(),
        name: spec.name.clone(),
        unit: spec.unit.clone(),
        deployment: d,
        lifecycle,
        pools,
        on_demand_usd_per_mtok,
        on_demand_provenance,
        batch_multiplier,
        long_context_on_reserved: spec.long_context_on_reserved,
        notes,
    }
}

fn pool(
    f: &File,
    p: &PoolSpec,
    prices: &[&PriceSpec],
    d: Deployment,
    at: AsOf,
    notes: &mut Vec<String>,
) -> Pool {
    let prefix = if p.name.is_empty() {
        String::new()
    } else {
        format!(" ({} pool)", p.name)
    };
    let capacity = p
        .capacity
        .as_ref()
        .and_then(|c| c.tokens_per_unit.at(at).map(|(v, own)| (c, v, own)));
    if let Some((c, v, _)) = capacity.filter(|(c, _, _)| c.per == Per::Second) {
        notes.push(format!(
            "Capacity{prefix}: {} tokens per second per {} as published; × 60 = {} per minute.",
            num(v),
            p.unit,
            num(c.per_minute(v))
        ));
    }
    weight_notes(p, &prefix, at, notes);
    let mut term_prices: Vec<TermPrice> = prices
        .iter()
        .filter_map(|ps| {
            let (v, own) = ps.price.get_ref(d)?.at(at)?;
            Some(TermPrice {
                term: ps.term,
                price: basis(ps.basis, v),
                provenance: value_provenance(f, &ps.source, own)?,
            })
        })
        .collect();
    term_prices.sort_by_key(|tp| tp.term);
    let billed = match &p.billed {
        None => PerKind {
            input: true,
            cached_input: true,
            cache_write: true,
            output: true,
        },
        Some(kinds) => PerKind::default().map(|k, _: bool| kinds.contains(&k)),
    };
    Pool {
        name: p.name.clone(),
        unit: p.unit.clone(),
        capacity_per_unit_per_minute: capacity.map(|(c, v, _)| c.per_minute(v)),
        capacity_provenance: capacity.and_then(|(c, _, own)| value_provenance(f, &c.source, own)),
        min_units: p
            .min_units
            .get_ref(d)
            .and_then(|v| v.value_at(at))
            .unwrap_or(1),
        increment: p
            .increment
            .get_ref(d)
            .and_then(|v| v.value_at(at))
            .unwrap_or(1),
        weights: p.weights.per_kind(at).map(|_, w| w.unwrap_or(1.0)),
        billed,
        prices: term_prices,
    }
}

/// One note per group of weights that share a reason ("not published" or an assumption).
fn weight_notes(p: &PoolSpec, prefix: &str, at: AsOf, notes: &mut Vec<String>) {
    let missing: Vec<TokenKind> = TokenKind::ALL
        .into_iter()
        .filter(|&k| p.weights.get(k, at).is_none())
        .collect();
    if !missing.is_empty() {
        let keys: Vec<&str> = missing
            .iter()
            .filter_map(|k| match k {
                TokenKind::Output => Some("wout"),
                TokenKind::CachedInput => Some("wcache"),
                _ => None,
            })
            .collect();
        let hint = if keys.is_empty() {
            String::new()
        } else {
            format!(" — override with {}", keys.join(" / "))
        };
        notes.push(format!(
            "Assumption{prefix}: {} not published; 1 assumed{hint}.",
            weight_phrase(&missing)
        ));
    }
    let mut groups: Vec<(&str, Vec<TokenKind>)> = Vec::new();
    for kind in TokenKind::ALL {
        if let (Some(reason), Some(_)) = (p.assumed_weights.get(kind), p.weights.get(kind, at)) {
            match groups.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, kinds)) => kinds.push(kind),
                None => groups.push((reason, vec![kind])),
            }
        }
    }
    for (reason, kinds) in groups {
        let values: Vec<f64> = kinds.iter().filter_map(|&k| p.weights.get(k, at)).collect();
        let value = if values.iter().all(|&v| v == values[0]) {
            num(values[0])
        } else {
            kinds
                .iter()
                .zip(&values)
                .map(|(&k, &v)| format!("{} {}", kind_name(k), num(v)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        notes.push(format!(
            "Assumption{prefix}: {} {value} — {reason}.",
            weight_phrase(&kinds)
        ));
    }
}

/// "output weight", "input and output weights", "input, cache write and output weights".
fn weight_phrase(kinds: &[TokenKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|&k| kind_name(k)).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("{one} weight"),
        [init @ .., last] => format!("{} and {last} weights", init.join(", ")),
    }
}

fn basis(b: Basis, v: f64) -> PriceBasis {
    match b {
        Basis::Hour => PriceBasis::PerHour(v),
        Basis::Day => PriceBasis::PerDay(v),
        Basis::Week => PriceBasis::PerWeek(v),
        Basis::Month => PriceBasis::PerMonth(v),
        Basis::Year => PriceBasis::PerYear(v),
    }
}

/// Drops float noise from a product such as 2.0 × 1.1 (2.2000000000000002 → 2.2).
fn round_money(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}

/// A figure for a note: whole numbers with thousands separators, others as written.
pub(crate) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let digits = format!("{}", v.abs() as u64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0.0 {
            out.insert(0, '-');
        }
        out
    } else {
        format!("{}", round_money(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_in_notes_group_thousands_and_keep_decimals() {
        assert_eq!(num(161_400.0), "161,400");
        assert_eq!(num(260.0), "260");
        assert_eq!(num(0.075), "0.075");
        assert_eq!(num(1.1), "1.1");
        assert_eq!(num(2.0 * 1.1), "2.2");
        assert_eq!(num(-1_000.0), "-1,000");
    }

    #[test]
    fn weight_phrases_read_as_lists() {
        assert_eq!(weight_phrase(&[TokenKind::Output]), "output weight");
        assert_eq!(
            weight_phrase(&[TokenKind::Input, TokenKind::Output]),
            "input and output weights"
        );
        assert_eq!(
            weight_phrase(&TokenKind::ALL),
            "input, cached input, cache write and output weights"
        );
    }
}
