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
    /// The saving (or the margin on-demand wins by) is under [`MARGINAL_SAVING_SHARE`].
    pub marginal: bool,
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

/// A saving below this share of the on-demand bill is called marginal: a small change in
/// traffic or prices can erase it.
pub const MARGINAL_SAVING_SHARE: f64 = 0.05;

/// A break-even utilization as people read it: `62.5%`, or, above 100%, why it is never
/// reached: `never: a fully used unit costs 1.4× on-demand`. Every place that shows a
/// break-even utilization says it through this function.
///
/// ```
/// use ptcalc_core::verdict::break_even;
/// assert_eq!(break_even(0.625), "62.5%");
/// assert_eq!(break_even(1.0), "100%");
/// assert_eq!(break_even(1.379), "never: a fully used unit costs 1.4× on-demand");
/// ```
pub fn break_even(utilization: f64) -> String {
    if utilization > 1.0 && utilization.is_finite() {
        format!("never: a fully used unit costs {}", dearer(utilization))
    } else {
        percent(utilization)
    }
}

/// How much dearer than on-demand a fully used unit is, for a break-even above 1:
/// `1.4× on-demand`, or `0.3% more than on-demand` when the multiple would read 1.0×.
///
/// ```
/// use ptcalc_core::verdict::dearer;
/// assert_eq!(dearer(1.379), "1.4× on-demand");
/// assert_eq!(dearer(1.003), "0.3% more than on-demand");
/// ```
pub fn dearer(ratio: f64) -> String {
    if ratio < 1.05 {
        format!("{} more than on-demand", percent(ratio - 1.0))
    } else {
        format!("{}× on-demand", times(ratio))
    }
}

/// A multiple with one decimal at most: `1.4`, `3`, `12.5`.
///
/// ```
/// use ptcalc_core::verdict::times;
/// assert_eq!(times(1.379), "1.4");
/// assert_eq!(times(3.0), "3");
/// ```
pub fn times(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(String::from).unwrap_or(s)
}

/// What a monthly saving comes to: `$1,234/month, $14,808/year` and, when the horizon is
/// not one flat year, what it comes to over the horizon (with growth).
fn saving_words(r: &Report, monthly: f64, horizon: Option<f64>) -> String {
    let mut text = format!(
        "saving {}/month, {}/year",
        usd(monthly),
        usd(monthly * 12.0)
    );
    let flat_year = r.horizon_months == 12 && r.growth_percent == 0.0;
    if let (false, Some(h)) = (flat_year, horizon) {
        let growth = if r.growth_percent == 0.0 {
            String::new()
        } else {
            format!(" with {}% monthly growth", times(r.growth_percent))
        };
        text.push_str(&format!(
            ", {} over {} months{growth}",
            usd(h),
            r.horizon_months
        ));
    }
    text
}

/// How sure the answer is, in one sentence (empty when the saving is clear).
fn confidence_words(saving_share: f64) -> String {
    if saving_share < MARGINAL_SAVING_SHARE {
        format!(
            " The saving is marginal (under {}): a small change in traffic or prices can erase it.",
            percent(MARGINAL_SAVING_SHARE)
        )
    } else {
        String::new()
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
/// assert!(v.text.contains("/year"), "{}", v.text);
/// assert_ne!(v.kind, Kind::Incomplete);
/// ```
pub fn verdict(r: &Report) -> Verdict {
    let unit = &r.offering.unit;
    let Some(on_demand) = r.monthly.on_demand else {
        return match (&r.full, r.monthly.full_provisioned) {
            (Some(full), Some(total)) => Verdict {
                kind: Kind::Reserve,
                marginal: false,
                text: format!(
                    "Reserve {} on the {} term: {}/month ({}/year) at {} average utilization (no on-demand price to compare with: this model runs only on reserved capacity).",
                    units(full.units, unit),
                    r.offering.term.label(),
                    usd(total),
                    usd(total * 12.0),
                    percent(full.utilization)
                ),
            },
            _ => incomplete(r),
        };
    };
    let Some(best) = &r.best else {
        return incomplete(r);
    };
    let row = r.terms.iter().find(|t| Some(t.term) == best.term);
    let horizon_saving = |option_horizon: Option<f64>| {
        r.horizon_on_demand
            .zip(option_horizon)
            .map(|(od, cost)| od - cost)
    };
    let mut v = match (best.option, best.term) {
        (BestOption::Hybrid, Some(term)) => Verdict {
            kind: Kind::Hybrid,
            marginal: best.saving_share < MARGINAL_SAVING_SHARE,
            text: format!(
                "Reserve {} on the {} term and spill peaks to on-demand: {}/month, {} less than all on-demand ({}).",
                units(best.units, unit),
                term.label(),
                usd(best.monthly_usd),
                percent(best.saving_share),
                saving_words(
                    r,
                    best.saving_vs_on_demand_usd,
                    horizon_saving(row.and_then(|t| t.horizon_hybrid))
                )
            ),
        },
        (BestOption::Full, Some(term)) => Verdict {
            kind: Kind::Reserve,
            marginal: best.saving_share < MARGINAL_SAVING_SHARE,
            text: format!(
                "Reserve {} on the {} term for the whole load: {}/month, {} less than all on-demand ({}).",
                units(best.units, unit),
                term.label(),
                usd(best.monthly_usd),
                percent(best.saving_share),
                saving_words(
                    r,
                    best.saving_vs_on_demand_usd,
                    horizon_saving(row.and_then(|t| t.horizon_full))
                )
            ),
        },
        _ => return stay_on_demand(r, on_demand),
    };
    v.text.push_str(&confidence_words(best.saving_share));
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

/// The cheapest reservation of any term (at least one unit), per month.
fn cheapest_reservation(r: &Report) -> Option<f64> {
    let full_units = r.full.as_ref().map_or(0, |f| f.units);
    r.terms
        .iter()
        .flat_map(|t| {
            [
                t.full_provisioned.filter(|_| full_units > 0),
                t.hybrid
                    .as_ref()
                    .filter(|h| h.units > 0)
                    .map(|h| h.total_usd),
            ]
        })
        .flatten()
        .min_by(f64::total_cmp)
}

/// On-demand wins: say why, with the lowest break-even utilization over the terms against
/// what the workload reaches, and how close the best reservation comes.
fn stay_on_demand(r: &Report, on_demand: f64) -> Verdict {
    let cheapest_break_even = r
        .terms
        .iter()
        .filter_map(|t| t.break_even_utilization)
        .min_by(f64::total_cmp);
    let average = r.full.as_ref().map(|f| f.utilization);
    let mut text = match (cheapest_break_even, average) {
        (Some(u), _) if u > 1.0 => format!(
            "Stay on-demand ({}/month, {}/year): a reserved {unit} never pays off, because even fully used it costs {}.",
            usd(on_demand),
            usd(on_demand * 12.0),
            dearer(u),
            unit = r.offering.unit
        ),
        (Some(u), Some(avg)) => format!(
            "Stay on-demand ({}/month, {}/year): a reserved unit pays off only above {} utilization, and this workload averages {}.",
            usd(on_demand),
            usd(on_demand * 12.0),
            percent(u),
            percent(avg)
        ),
        _ => format!(
            "Stay on-demand ({}/month, {}/year): no reserved option priced here is cheaper.",
            usd(on_demand),
            usd(on_demand * 12.0)
        ),
    };
    let mut marginal = false;
    if let Some(cost) = cheapest_reservation(r) {
        if on_demand > 0.0 && (cost - on_demand) / on_demand < MARGINAL_SAVING_SHARE {
            marginal = true;
            text.push_str(&format!(
                " It is close: the cheapest reservation costs {} more ({}/month), so a little more traffic can tip it.",
                percent((cost - on_demand) / on_demand),
                usd(cost)
            ));
        }
    }
    Verdict {
        kind: Kind::OnDemand,
        marginal,
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
        marginal: false,
        text,
    }
}
