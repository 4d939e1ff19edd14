//! The answer in one sentence, built only from the report's numbers: reserve (how many
//! units, which term, what it costs, what it saves), stay on-demand (and why, in
//! utilization terms), or what to enter before there can be an answer. The page and the
//! CLI both say exactly this.
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::numfmt::{percent, usd};
use crate::report::{Analysis, Best, BestOption, MissingFigure, Report};
use crate::scenario::{Scenario, ShapeKind};
use crate::terms::Term;

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
    // Hybrid and full reservation read the same, but for what is reserved and its horizon cost.
    let (kind, how, horizon) = match (best.option, best.term) {
        (BestOption::Hybrid, Some(_)) => (
            Kind::Hybrid,
            "and spill peaks to on-demand",
            row.and_then(|t| t.horizon_hybrid),
        ),
        (BestOption::Full, Some(_)) => (
            Kind::Reserve,
            "for the whole load",
            row.and_then(|t| t.horizon_full),
        ),
        _ => return stay_on_demand(r, on_demand),
    };
    let term = best.term.map_or("", |t| t.label());
    let mut v = Verdict {
        kind,
        marginal: best.saving_share < MARGINAL_SAVING_SHARE,
        text: format!(
            "Reserve {} on the {term} term {how}: {}/month, {} less than all on-demand ({}).",
            units(best.units, unit),
            usd(best.monthly_usd),
            percent(best.saving_share),
            saving_words(r, best.saving_vs_on_demand_usd, horizon_saving(horizon))
        ),
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

/// Whether `term` may be the answer: the model's lifecycle does not rule it out
/// (`Lifecycle::may_answer`).
fn answers(r: &Report, term: Term) -> bool {
    r.offering
        .lifecycle
        .as_ref()
        .is_none_or(|l| l.may_answer(term))
}

/// The cheapest reservation (at least one unit) per month over the terms `keep` accepts,
/// with its term.
fn cheapest_reservation(r: &Report, keep: impl Fn(Term) -> bool) -> Option<(f64, Term)> {
    let full_units = r.full.as_ref().map_or(0, |f| f.units);
    r.terms
        .iter()
        .filter(|t| keep(t.term))
        .flat_map(|t| {
            [
                t.full_provisioned.filter(|_| full_units > 0),
                t.hybrid
                    .as_ref()
                    .filter(|h| h.units > 0)
                    .map(|h| h.total_usd),
            ]
            .map(|cost| cost.map(|c| (c, t.term)))
        })
        .flatten()
        .min_by(|a, b| a.0.total_cmp(&b.0))
}

/// On-demand wins: say why, with the lowest break-even utilization over the terms that may
/// answer against what the workload reaches, how close the best of them comes, and which
/// cheaper term the model's retirement rules out.
fn stay_on_demand(r: &Report, on_demand: f64) -> Verdict {
    // When the lifecycle rules out every term, their break-even still says why none pays.
    let any_answers = r.terms.iter().any(|t| answers(r, t.term));
    let cheapest_break_even = r
        .terms
        .iter()
        .filter(|t| !any_answers || answers(r, t.term))
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
    if let Some((cost, _)) = cheapest_reservation(r, |t| answers(r, t)) {
        // A reservation that may answer is never cheaper than on-demand here (else it
        // would be the answer); within the margin, it is close.
        if on_demand > 0.0 && (cost - on_demand) / on_demand < MARGINAL_SAVING_SHARE {
            marginal = true;
            text.push_str(&format!(
                " It is close: the cheapest reservation costs {} more ({}/month), so a little more traffic can tip it.",
                percent((cost - on_demand) / on_demand),
                usd(cost)
            ));
        }
    }
    if let Some((cost, term)) = cheapest_reservation(r, |t| !answers(r, t)) {
        if cost < on_demand {
            let retires = r
                .offering
                .lifecycle
                .as_ref()
                .and_then(|l| l.retired.as_ref().map(|e| (l.model.as_str(), e)));
            let why = match retires {
                Some((model, e)) if e.has_happened() => {
                    format!("{model} retired on {}", e.on)
                }
                Some((model, e)) => format!("{model} retires on {}, before the term ends", e.on),
                None => "the model's lifecycle rules it out".into(),
            };
            text.push_str(&format!(
                " The {} term would cost {}/month ({} less), but {why}.",
                term.label(),
                usd(cost),
                percent((on_demand - cost) / on_demand)
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

/// What a recommendation amounts to, for telling whether it still holds at other traffic:
/// stay on-demand, or reserve on a given term (the count may change with the traffic).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Pay per token.
    OnDemand,
    /// Reserve on this term (full or hybrid).
    Reserve(Term),
}

impl Answer {
    /// The answer a report gives (`None` when it gives none).
    pub fn of(r: &Report) -> Option<Answer> {
        r.best.as_ref().map(Answer::of_best)
    }

    /// The answer a best option amounts to.
    pub fn of_best(best: &Best) -> Answer {
        match (best.option, best.term) {
            (BestOption::OnDemand, _) | (_, None) => Answer::OnDemand,
            (_, Some(term)) => Answer::Reserve(term),
        }
    }
}

/// The range of traffic over which the analysis' answer holds ([`answer_range`]), asking
/// the analysis for the best option at each multiple ([`Analysis::best_at`]) instead of
/// evaluating the scenario again: microseconds per multiple instead of a whole evaluation.
/// `None` when the report gives no answer.
pub fn range_of(a: &Analysis) -> Option<Range> {
    answer_range(|x| a.best_at(x).as_ref().map(Answer::of_best))
}

/// The traffic multiples between which the answer stays the same; a bound is `None` when
/// the answer still holds at the end of the scan ([`RANGE_SCAN`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// The smallest multiple of this traffic with the same answer.
    pub low: Option<f64>,
    /// The largest.
    pub high: Option<f64>,
}

/// How far the range is scanned: from ÷10 to ×10 of the traffic.
pub const RANGE_SCAN: (f64, f64) = (0.1, 10.0);

/// Steps of the scan: each multiple is this much above the last, then the crossing is
/// narrowed by halving (to about 1%).
const RANGE_STEP: f64 = 1.25;
const RANGE_HALVINGS: u32 = 5;

/// Every token volume of `s` times `factor` (token rates, or calls per minute): how a
/// what-if multiplier and the range scan change the traffic.
///
/// ```
/// use ptcalc_core::{verdict::scale_traffic, Scenario};
/// use ptcalc_core::scenario::Volume;
/// let s = scale_traffic(&Scenario::default(), 2.0);
/// let Volume::Tokens { input_tpm, .. } = s.volume else { panic!() };
/// let Volume::Tokens { input_tpm: before, .. } = Scenario::default().volume else { panic!() };
/// assert_eq!(input_tpm, 2.0 * before);
/// ```
pub fn scale_traffic(s: &Scenario, factor: f64) -> Scenario {
    let mut out = s.clone();
    out.volume = s.volume.map_rates(|rate| rate * factor);
    out
}

/// The range of traffic over which `answer_at(1.0)`'s answer holds, scanning a traffic
/// multiplier: geometric steps out from 1 to [`RANGE_SCAN`], then halving the step where
/// the answer changes. `answer_at(x)` evaluates the scenario with its traffic times `x`.
/// `None` when the scenario itself gives no answer.
///
/// ```
/// use ptcalc_core::verdict::{answer_range, Answer};
/// use ptcalc_core::Term;
/// // Reserving pays from 0.5× the traffic up, on-demand below.
/// let r = answer_range(|x| Some(if x >= 0.5 { Answer::Reserve(Term::Hourly) } else { Answer::OnDemand }))
///     .unwrap();
/// assert!((r.low.unwrap() - 0.5).abs() < 0.02, "{r:?}");
/// assert_eq!(r.high, None);
/// ```
pub fn answer_range(mut answer_at: impl FnMut(f64) -> Option<Answer>) -> Option<Range> {
    let here = answer_at(1.0)?;
    let mut bound = |direction: f64, limit: f64| -> Option<f64> {
        let step = libm::pow(RANGE_STEP, direction);
        let mut inside = 1.0_f64;
        loop {
            let next = inside * step;
            let past_limit = if direction > 0.0 {
                next > limit
            } else {
                next < limit
            };
            let next = if past_limit { limit } else { next };
            if answer_at(next) != Some(here) {
                // The answer changes between `inside` and `next`: narrow it down.
                let mut outside = next;
                for _ in 0..RANGE_HALVINGS {
                    let mid = libm::sqrt(inside * outside);
                    if answer_at(mid) == Some(here) {
                        inside = mid;
                    } else {
                        outside = mid;
                    }
                }
                return Some(inside);
            }
            if past_limit || next == limit {
                return None;
            }
            inside = next;
        }
    };
    let low = bound(-1.0, RANGE_SCAN.0);
    let high = bound(1.0, RANGE_SCAN.1);
    Some(Range { low, high })
}

/// The range as a sentence to follow the verdict: " This holds from ×0.6 to ×2.4 of this
/// traffic." (a bound at the end of the scan reads "below ×0.1" or "beyond ×10").
///
/// ```
/// use ptcalc_core::verdict::{range_words, Range};
/// assert_eq!(range_words(&Range { low: Some(0.6), high: Some(2.43) }),
///     " This answer holds from ×0.6 to ×2.4 of this traffic.");
/// assert_eq!(range_words(&Range { low: None, high: Some(3.0) }),
///     " This answer holds from below ×0.1 to ×3 of this traffic.");
/// ```
pub fn range_words(range: &Range) -> String {
    let low = range.low.map_or_else(
        || format!("below ×{}", times(RANGE_SCAN.0)),
        |x| format!("×{}", times(x)),
    );
    let high = range.high.map_or_else(
        || format!("beyond ×{}", times(RANGE_SCAN.1)),
        |x| format!("×{}", times(x)),
    );
    format!(" This answer holds from {low} to {high} of this traffic.")
}

/// The best answer in a few words, for a ranked table: "hybrid 1y, 45 PTUs", "full 1m, 15
/// PTUs", "on-demand", or `none` when there is no answer (a figure is missing).
///
/// ```
/// use ptcalc_core::verdict::best_words;
/// assert_eq!(best_words(None, "PTU", "–"), "–");
/// ```
pub fn best_words(best: Option<&Best>, unit: &str, none: &str) -> String {
    match best {
        None => none.into(),
        Some(b) if b.option == BestOption::OnDemand => "on-demand".into(),
        Some(b) => format!(
            "{} {}, {}",
            if b.option == BestOption::Full {
                "full"
            } else {
                "hybrid"
            },
            b.term.map(|t| t.as_str()).unwrap_or("–"),
            crate::unit_name::units(b.units, unit)
        ),
    }
}

/// The scenario's traffic in words, for the one-line summary of what is evaluated: the
/// shape and its peak (rounded for reading), or, for imported traffic, that the figures come
/// from a summary of the measured load (`measured`: the report's, when evaluated).
///
/// ```
/// use ptcalc_core::{scenario::ShapeKind, verdict::traffic_words, Scenario};
/// let s = Scenario { shape: ShapeKind::Business, peak_to_average: 730.0 / 177.0, ..Scenario::default() };
/// assert_eq!(traffic_words(&s, None), "business traffic, peak 4.12× average");
/// let flat = Scenario { shape: ShapeKind::Flat, ..Scenario::default() };
/// assert_eq!(traffic_words(&flat, None), "flat traffic");
/// ```
pub fn traffic_words(s: &Scenario, measured: Option<&crate::report::Measured>) -> String {
    use crate::numfmt::significant;
    if s.load.is_some() {
        return match measured {
            Some(m) => format!(
                "measured traffic (from a summary of {} days of imported usage), peak {}× average",
                significant(m.period_days, 3),
                significant(m.peak_to_average, 3)
            ),
            None => String::from("measured traffic (from a summary of imported usage)"),
        };
    }
    match s.shape {
        ShapeKind::Flat => String::from("flat traffic"),
        k => format!(
            "{} traffic, peak {}× average",
            k.as_str(),
            significant(s.peak_to_average, 3)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::evaluate;
    use crate::scenario::{Overrides, ShapeKind};
    use crate::Offering;

    fn custom(shape: ShapeKind) -> (Scenario, Offering) {
        let mut s = Scenario {
            offering: "custom".into(),
            shape,
            ..Scenario::default()
        };
        s.overrides = Overrides {
            capacity_per_unit_per_minute: Some(300_000.0),
            usd_per_unit_month: Some(20_000.0),
            input_usd_per_mtok: Some(2.0),
            output_usd_per_mtok: Some(8.0),
            ..Overrides::default()
        };
        let o = Offering::custom(&s.overrides, s.term);
        (s, o)
    }

    #[test]
    fn the_range_ends_where_the_answer_changes() {
        let (s, o) = custom(ShapeKind::Diurnal);
        let answer = |x: f64| {
            evaluate(&scale_traffic(&s, x), &o)
                .ok()
                .and_then(|a| Answer::of(&a.report))
        };
        let here = answer(1.0).expect("an answer");
        let range = answer_range(answer).expect("a range");
        if let Some(low) = range.low {
            assert!(low < 1.0);
            assert_eq!(answer(low), Some(here), "still holds at the bound");
            assert_ne!(answer(low / 1.02), Some(here), "changes just past it");
        }
        if let Some(high) = range.high {
            assert!(high > 1.0);
            assert_eq!(answer(high), Some(here));
            assert_ne!(answer(high * 1.02), Some(here));
        }
        assert!(
            range.low.is_some() || range.high.is_some(),
            "{range:?}: some traffic changes the answer"
        );
    }

    #[test]
    fn marginal_savings_are_called_marginal() {
        assert!(confidence_words(0.049).contains("marginal"));
        assert_eq!(confidence_words(0.05), "");
        assert!(!break_even(1.379).contains('%'));
    }
}
