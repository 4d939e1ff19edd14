//! The recommendation in one sentence, built only from the report's numbers: reserve (how
//! many units, which term, what it costs, what it saves) or stay on-demand (and why, in
//! utilization terms), or what to enter before there can be an answer.
use ptcalc_core::numfmt::{percent, usd};
use ptcalc_core::report::{Analysis, Report};
use ptcalc_core::Term;

/// What the verdict recommends (a CSS hook and a test hook: `data-verdict`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Reserve a baseline, spill peaks to on-demand.
    Hybrid,
    /// Reserve for the whole load.
    Reserve,
    /// Pay per token.
    OnDemand,
    /// Figures are missing.
    Incomplete,
}

impl Kind {
    /// The `data-verdict` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Hybrid => "hybrid",
            Kind::Reserve => "reserve",
            Kind::OnDemand => "on-demand",
            Kind::Incomplete => "incomplete",
        }
    }
}

/// A recommendation.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// What it recommends.
    pub kind: Kind,
    /// The sentence.
    pub text: String,
}

fn term_label(term: &str) -> &'static str {
    Term::parse(term).map_or("chosen", Term::label)
}

/// Units with the vendor's unit name: "90 PTU", "1 model unit", "3 model units".
pub fn units(n: u64, unit: &str) -> String {
    let plural = n != 1
        && unit.chars().last().is_some_and(|c| c.is_ascii_lowercase())
        && !unit.ends_with('s');
    format!("{} {unit}{}", group(n), if plural { "s" } else { "" })
}

/// A count with thousands separators: 742,034,205.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Full provisioning of a model with no on-demand price: what the reservation alone costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReservedOnly {
    /// Units for the sizing load.
    pub units: u64,
    /// Their price per month on the chosen term.
    pub usd_per_month: f64,
    /// Σ served ÷ reserved capacity.
    pub utilization: f64,
}

/// Prices full provisioning from the unit price alone, for offerings without an on-demand
/// price (the core leaves `monthly.full_provisioned` empty there, as it prices overflow).
/// `None` when capacity or the unit price is missing, or when on-demand is priced.
pub fn reserved_only(a: &Analysis) -> Option<ReservedOnly> {
    if a.report.monthly.on_demand.is_some() || a.pools.is_empty() {
        return None;
    }
    let (mut units, mut usd_per_month, mut served, mut capacity) = (0, 0.0, 0.0, 0.0);
    for pool in &a.pools {
        let c = pool.capacity_per_unit_per_minute?;
        let k = pool.required_units(1.0)?;
        let price = pool
            .usd_per_unit_month
            .iter()
            .find(|(t, _)| *t == a.term)?
            .1;
        let reserved = k as f64 * c;
        units += k;
        usd_per_month += k as f64 * price;
        served += pool.curve.total() - pool.curve.overflow(reserved);
        capacity += reserved * pool.curve.minutes() as f64;
    }
    Some(ReservedOnly {
        units,
        usd_per_month,
        utilization: if capacity > 0.0 {
            served / capacity
        } else {
            0.0
        },
    })
}

/// The sentence for an analysis.
///
/// ```
/// use ptcalc_core::Scenario;
/// let s = Scenario::default();
/// let base = ptcalc_web::resolve::base_offering(&s).unwrap();
/// let a = ptcalc_web::resolve::evaluate(&s, &base).unwrap();
/// let v = ptcalc_web::verdict::verdict(&a);
/// assert!(v.text.starts_with("Reserve 90 PTU on the 1-year term"), "{}", v.text);
/// ```
pub fn verdict(a: &Analysis) -> Verdict {
    let r = &a.report;
    let unit = &r.offering.unit;
    let Some(on_demand) = r.monthly.on_demand else {
        return match reserved_only(a) {
            Some(full) => Verdict {
                kind: Kind::Reserve,
                text: format!(
                    "Reserve {} on the {} term: {}/month at {} average utilization (no on-demand price to compare with: this model runs only on reserved capacity).",
                    units(full.units, unit),
                    term_label(r.offering.term),
                    usd(full.usd_per_month),
                    percent(full.utilization)
                ),
            },
            None => incomplete(r),
        };
    };
    let Some(best) = &r.best else {
        return incomplete(r);
    };
    let mut v = match (best.option, best.term) {
        ("hybrid", Some(term)) => Verdict {
            kind: Kind::Hybrid,
            text: format!(
                "Reserve {} on the {} term and spill peaks to on-demand: {}/month, {} less than all on-demand.",
                units(best.units, unit),
                term_label(term),
                usd(best.monthly_usd),
                percent(best.saving_share)
            ),
        },
        ("full", Some(term)) => Verdict {
            kind: Kind::Reserve,
            text: format!(
                "Reserve {} on the {} term for the whole load: {}/month, {} less than all on-demand.",
                units(best.units, unit),
                term_label(term),
                usd(best.monthly_usd),
                percent(best.saving_share)
            ),
        },
        _ => return stay_on_demand(r, on_demand),
    };
    // The figures below are for the term the user picked: say what it gives when it is not the best.
    if best.term.is_some_and(|t| t != r.offering.term) {
        if let (Some(h), Some(total)) = (&r.hybrid, r.monthly.hybrid) {
            let own = if h.units == 0 {
                format!(
                    " On the {} term you picked, on-demand stays cheapest.",
                    term_label(r.offering.term)
                )
            } else {
                format!(
                    " On the {} term you picked, the best is {} at {}/month.",
                    term_label(r.offering.term),
                    units(h.units, unit),
                    usd(total)
                )
            };
            v.text.push_str(&own);
        }
    }
    v
}

/// On-demand wins: say why, with the lowest break-even utilization over the terms against
/// what the workload reaches.
fn stay_on_demand(r: &Report, on_demand: f64) -> Verdict {
    let cheapest_break_even = r
        .terms
        .iter()
        .filter_map(|t| t.break_even_utilization.map(|u| (u, t.label)))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let average = r.full.as_ref().map(|f| f.utilization);
    let text = match (cheapest_break_even, average) {
        (Some((u, _)), _) if u > 1.0 => format!(
            "Stay on-demand ({}/month): a reserved {unit} would have to run above 100% utilization to pay off (break-even {}), so no traffic shape makes it cheaper.",
            usd(on_demand),
            percent(u),
            unit = r.offering.unit
        ),
        (Some((u, _)), Some(avg)) => format!(
            "Stay on-demand ({}/month): a reserved unit pays off only above {} utilization, and this workload averages {}.",
            usd(on_demand),
            percent(u),
            percent(avg)
        ),
        _ => format!(
            "Stay on-demand ({}/month): no reserved option priced here is cheaper.",
            usd(on_demand)
        ),
    };
    Verdict {
        kind: Kind::OnDemand,
        text,
    }
}

/// Figures are missing: list what to enter.
fn incomplete(r: &Report) -> Verdict {
    let mut missing = Vec::new();
    for w in &r.warnings {
        match w.code {
            "no_capacity" => missing.push("the throughput per unit (cap)"),
            "no_unit_price" => missing.push("a unit price (pu or pm)"),
            "no_on_demand_price" => missing.push("on-demand prices (pin, pout)"),
            _ => {}
        }
    }
    let text = if missing.is_empty() {
        String::from("No recommendation: this offering has no price for any term here.")
    } else {
        format!(
            "No recommendation yet: enter {} under Offering to compare.",
            join_words(&missing)
        )
    };
    Verdict {
        kind: Kind::Incomplete,
        text,
    }
}

/// "a", "a and b", "a, b and c".
pub fn join_words(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{base_offering, evaluate};
    use ptcalc_core::link;

    fn report(query: &str) -> Analysis {
        let parsed = link::parse(query);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let s = parsed.scenario;
        let base = base_offering(&s).expect("resolves");
        evaluate(&s, &base).expect("evaluates")
    }

    #[test]
    fn the_default_scenario_recommends_a_hybrid_with_its_numbers() {
        let a = report("v=1");
        let v = verdict(&a);
        assert_eq!(v.kind, Kind::Hybrid);
        let best = a.report.best.expect("priced");
        assert!(
            v.text.contains(&format!("{} PTU", best.units)),
            "{}",
            v.text
        );
        assert!(v.text.contains(&usd(best.monthly_usd)), "{}", v.text);
        assert!(v.text.contains(&percent(best.saving_share)), "{}", v.text);
    }

    #[test]
    fn a_small_bursty_workload_stays_on_demand_and_says_why() {
        let v = verdict(&report("v=1&in=5k&out=500&shape=bursty&pa=4"));
        assert_eq!(v.kind, Kind::OnDemand, "{}", v.text);
        assert!(v.text.starts_with("Stay on-demand"), "{}", v.text);
        assert!(v.text.contains("utilization"), "{}", v.text);
    }

    #[test]
    fn a_reserved_only_model_is_sized_without_a_comparison() {
        let a = report("v=1&o=custom&t=1m&in=20k&out=5k&shape=flat&cap=10k&pm=2k");
        let v = verdict(&a);
        assert_eq!(v.kind, Kind::Reserve, "{}", v.text);
        assert!(v.text.contains("only on reserved capacity"), "{}", v.text);
        // 25k normalized tokens/min on 10k per unit: 3 units at $2,000.
        let full = reserved_only(&a).expect("priced");
        assert_eq!(full.units, 3);
        assert_eq!(full.usd_per_month, 6_000.0);
        assert!((full.utilization - 25.0 / 30.0).abs() < 1e-9);
        assert!(v.text.contains("$6,000/month"), "{}", v.text);
    }

    #[test]
    fn missing_figures_are_named() {
        let v = verdict(&report("v=1&o=bedrock/claude-instant&t=1m"));
        assert_eq!(v.kind, Kind::Incomplete, "{}", v.text);
        assert!(v.text.contains("cap"), "{}", v.text);
    }

    #[test]
    fn another_term_than_the_best_is_priced_in_a_second_sentence() {
        let v = verdict(&report("v=1&t=1m"));
        assert!(
            v.text.starts_with("Reserve 90 PTU on the 1-year term"),
            "{}",
            v.text
        );
        assert!(
            v.text
                .contains("On the 1-month term you picked, the best is 70 PTU"),
            "{}",
            v.text
        );
        let v = verdict(&report("v=1"));
        assert!(!v.text.contains("you picked"), "{}", v.text);
    }

    #[test]
    fn unit_names_take_a_plural_only_when_they_are_words() {
        assert_eq!(units(90, "PTU"), "90 PTU");
        assert_eq!(units(1, "model unit"), "1 model unit");
        assert_eq!(units(3, "model unit"), "3 model units");
        assert_eq!(units(2, "1K TPM"), "2 1K TPM");
        assert_eq!(units(742_034_205, "PTU"), "742,034,205 PTU");
        assert_eq!(group(0), "0");
        assert_eq!(group(1_000), "1,000");
    }
}
