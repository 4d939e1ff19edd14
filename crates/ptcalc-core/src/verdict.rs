//! The answer in one sentence, built from the report's numbers: reserve how much on
//! which term, or stay on-demand and why.
use alloc::format;
use alloc::string::String;

use crate::numfmt::{percent, usd};
use crate::report::Report;
use crate::terms::Term;

/// One sentence that answers the question for this scenario.
///
/// ```
/// use ptcalc_core::{report::evaluate, verdict::verdict, Offering, Scenario};
/// use ptcalc_core::scenario::Overrides;
/// let mut s = Scenario { offering: "custom".into(), ..Scenario::default() };
/// s.overrides = Overrides { capacity_per_unit_per_minute: Some(3_000.0), usd_per_unit_month: Some(100.0),
///     input_usd_per_mtok: Some(2.0), output_usd_per_mtok: Some(8.0), ..Overrides::default() };
/// let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).unwrap();
/// assert!(verdict(&a.report).starts_with("Reserve "));
/// ```
pub fn verdict(r: &Report) -> String {
    let unit = &r.offering.unit;
    let Some(best) = &r.best else {
        if r.units.required.is_none() {
            return format!("Enter the throughput per {unit} (cap) to size a reservation: the vendor does not publish it.");
        }
        if r.monthly.on_demand.is_none() {
            return match r.monthly.full_provisioned {
                Some(full) => format!(
                    "Reserve {} {unit} on the {} term: {}/month. No on-demand price is known to compare with (enter pin and pout).",
                    r.units.required.unwrap_or(0),
                    term_label(r.offering.term),
                    usd(full)
                ),
                None => format!("Enter a unit price (pu or pm) for the {} term to price the reservation.", term_label(r.offering.term)),
            };
        }
        return String::from("Not enough figures to compare: see the warnings.");
    };
    match best.option {
        "on_demand" => {
            let lowest = r
                .terms
                .iter()
                .filter_map(|t| t.break_even_utilization.map(|u| (u, t.label)))
                .fold(None, |acc: Option<(f64, &str)>, x| match acc {
                    Some(a) if a.0 <= x.0 => Some(a),
                    _ => Some(x),
                });
            let average = r.full.as_ref().map(|f| f.utilization);
            match (lowest, average) {
                (Some((u, label)), _) if u >= 1.0 => format!(
                    "Stay on-demand: even fully used, a reserved {unit} costs more than the same tokens on-demand (break-even {} on the {label} term).",
                    percent(u)
                ),
                (Some((u, label)), Some(avg)) => format!(
                    "Stay on-demand: a reserved {unit} pays off only above {} utilization (the {label} term), and this workload averages {} at full provisioning.",
                    percent(u),
                    percent(avg)
                ),
                _ => format!("Stay on-demand: {}/month is the cheapest option.", usd(best.monthly_usd)),
            }
        }
        option => {
            let term = best.term.map(term_label).unwrap_or("chosen");
            let how = if option == "hybrid" {
                "and spill peaks to on-demand"
            } else {
                "for the whole load"
            };
            format!(
                "Reserve {} {unit} on the {term} term {how}: {}/month, {} less than all on-demand.",
                best.units,
                usd(best.monthly_usd),
                percent(best.saving_share)
            )
        }
    }
}

fn term_label(link: &str) -> &'static str {
    Term::parse(link).map(Term::label).unwrap_or("chosen")
}
