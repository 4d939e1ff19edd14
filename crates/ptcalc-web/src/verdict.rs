//! The recommendation in one sentence: the core's verdict (`ptcalc_core::verdict`, which
//! the CLI prints too), taken from an analysis, plus the count formatting the panels share.
use ptcalc_core::report::Analysis;

pub use ptcalc_core::numfmt::count as group;
pub use ptcalc_core::verdict::{break_even, join_words, units, Kind, Verdict};

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
    ptcalc_core::verdict::verdict(&a.report)
}

/// The verdict's first clause, for the bar that stays on screen at phone width while the
/// form is edited: what to do (and, for on-demand, what it costs), without the reasons.
///
/// ```
/// use ptcalc_web::verdict::compact;
/// assert_eq!(
///     compact("Stay on-demand ($43,542/month, $522,504/year): a reserved unit pays off only above 73.8%."),
///     "Stay on-demand ($43,542/month, $522,504/year)"
/// );
/// assert_eq!(compact("Reserve 90 PTU on the 1-year term: $39,432/month."), "Reserve 90 PTU on the 1-year term");
/// assert_eq!(compact("Enter the capacity. Then…"), "Enter the capacity.");
/// ```
pub fn compact(text: &str) -> String {
    let colon = text.find(": ");
    let stop = text.find(". ").map(|i| i + 1);
    let end = match (colon, stop) {
        (Some(c), Some(s)) => c.min(s),
        (c, s) => c.or(s).unwrap_or(text.len()),
    };
    text[..end].to_string()
}

/// The compact verdict: a bar that sticks to the top at phone width, so the answer stays in
/// sight while the form below it is edited (hidden on wide screens, where the answer sits
/// beside the form). Screen readers hear the full verdict instead.
#[leptos::component]
pub fn CompactVerdict() -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    let calc = crate::state::Calc::from_context();
    let v = Memo::new(move |_| calc.shown.with(|a| a.as_deref().map(verdict)));
    view! {
        <p
            id="verdict-bar"
            class="verdict-bar"
            aria-hidden="true"
            data-verdict=move || v.with(|v| v.as_ref().map_or("none", |v| v.kind.as_str()))
        >
            {move || v.with(|v| v.as_ref().map(|v| compact(&v.text)))}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{base_offering, evaluate};
    use ptcalc_core::link;
    use ptcalc_core::numfmt::{percent, usd};

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
        let full = a.report.full.as_ref().expect("priced without on-demand");
        assert_eq!(full.units, 3);
        assert_eq!(a.report.monthly.full_provisioned, Some(6_000.0));
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
