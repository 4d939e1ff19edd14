//! The answer in one sentence, built only from the report's numbers: reserve (how many
//! units, which term, what it costs, what it saves), stay on-demand (and why, in
//! utilization terms), or what to enter before there can be an answer. The page and the
//! CLI both say exactly this.
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::numfmt::{percent, usd};
use crate::report::{BestOption, MissingFigure, Report};

/// What the verdict recommends.
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
    /// A stable name (`hybrid`, `reserve`, `on-demand`, `incomplete`).
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
    /// The sentence (or two).
    pub text: String,
}

pub use crate::unit_name::units;

/// "a", "a and b", "a, b and c".
///
/// ```
/// use ptcalc_core::verdict::join_words;
/// assert_eq!(join_words(&["a", "b", "c"]), "a, b and c");
/// ```
pub fn join_words(items: &[&str]) -> String {
    join_with(items, "and")
}

/// "a", "a or b", "a, b or c": the choices a message allows.
///
/// ```
/// use ptcalc_core::verdict::join_choices;
/// assert_eq!(join_choices(&["text", "json", "md"]), "text, json or md");
/// ```
pub fn join_choices(items: &[&str]) -> String {
    join_with(items, "or")
}

fn join_with(items: &[&str], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => String::from(*one),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// The recommendation for a report.
///
/// ```
/// use ptcalc_core::{report::evaluate, verdict::{verdict, Kind}, Offering, Scenario};
/// use ptcalc_core::scenario::Overrides;
/// let mut s = Scenario { offering: "custom".into(), ..Scenario::default() };
/// s.overrides = Overrides { capacity_per_unit_per_minute: Some(3_000.0), usd_per_unit_month: Some(100.0),
///     input_usd_per_mtok: Some(2.0), output_usd_per_mtok: Some(8.0), ..Overrides::default() };
/// let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).unwrap();
/// let v = verdict(&a.report);
/// assert!(v.text.starts_with("Reserve "), "{}", v.text);
/// assert_ne!(v.kind, Kind::Incomplete);
/// ```
pub fn verdict(r: &Report) -> Verdict {
    let unit = &r.offering.unit;
    let Some(on_demand) = r.monthly.on_demand else {
        return match (&r.full, r.monthly.full_provisioned) {
            (Some(full), Some(total)) => Verdict {
                kind: Kind::Reserve,
                text: format!(
                    "Reserve {} on the {} term: {}/month at {} average utilization (no on-demand price to compare with: this model runs only on reserved capacity).",
                    units(full.units, unit),
                    r.offering.term.label(),
                    usd(total),
                    percent(full.utilization)
                ),
            },
            _ => incomplete(r),
        };
    };
    let Some(best) = &r.best else {
        return incomplete(r);
    };
    let mut v = match (best.option, best.term) {
        (BestOption::Hybrid, Some(term)) => Verdict {
            kind: Kind::Hybrid,
            text: format!(
                "Reserve {} on the {} term and spill peaks to on-demand: {}/month, {} less than all on-demand.",
                units(best.units, unit),
                term.label(),
                usd(best.monthly_usd),
                percent(best.saving_share)
            ),
        },
        (BestOption::Full, Some(term)) => Verdict {
            kind: Kind::Reserve,
            text: format!(
                "Reserve {} on the {} term for the whole load: {}/month, {} less than all on-demand.",
                units(best.units, unit),
                term.label(),
                usd(best.monthly_usd),
                percent(best.saving_share)
            ),
        },
        _ => return stay_on_demand(r, on_demand),
    };
    // The page's figures are for the term the user picked: say what it gives when it is not the best.
    if best.term.is_some_and(|t| t != r.offering.term) {
        if let (Some(h), Some(total)) = (&r.hybrid, r.monthly.hybrid) {
            let own = if h.units == 0 {
                format!(
                    " On the {} term you picked, on-demand stays cheapest.",
                    r.offering.term.label()
                )
            } else {
                format!(
                    " On the {} term you picked, the best is {} at {}/month.",
                    r.offering.term.label(),
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
        _ => format!("Stay on-demand ({}/month): no reserved option priced here is cheaper.", usd(on_demand)),
    };
    Verdict {
        kind: Kind::OnDemand,
        text,
    }
}

/// Figures are missing: list what to enter.
fn incomplete(r: &Report) -> Verdict {
    let missing: Vec<&str> = r
        .missing_figures()
        .into_iter()
        .map(|figure| match figure {
            MissingFigure::Capacity => "the throughput per unit (cap)",
            MissingFigure::UnitPrice if r.offering.per_dimension => {
                "a priced term (separate input and output unit prices cannot be entered; model a quote as custom)"
            }
            MissingFigure::UnitPrice => "a unit price (pu or pm)",
            MissingFigure::OnDemandPrice => "on-demand prices (pin, pout)",
        })
        .collect();
    let text = if missing.is_empty() {
        String::from("No recommendation: this offering has no price for any term here.")
    } else {
        format!(
            "No recommendation yet: enter {} to compare.",
            join_words(&missing)
        )
    };
    Verdict {
        kind: Kind::Incomplete,
        text,
    }
}
