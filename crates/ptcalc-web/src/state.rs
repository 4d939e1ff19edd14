//! The page's state: one `Scenario` signal as the source of truth, everything else derived
//! from it with memos (the offering, the analysis, the last good analysis). Components read
//! it from context as [`Calc`].
use std::sync::Arc;

use leptos::prelude::*;
use ptcalc_core::link::LinkWarning;
use ptcalc_core::report::{Analysis, MonthTraffic, TrafficInputs};
use ptcalc_core::verdict::{range_of, scale_traffic, Range};
use ptcalc_core::{Offering, Scenario};
use ptcalc_ratecards::{Date, EvalDocument, EvaluateError, Opened};

use crate::cards::Cards;
use crate::resolve;

/// The calculator's state, `Copy` so every component can hold it.
#[derive(Clone, Copy, Debug)]
pub struct Calc {
    /// What the user chose; the address bar mirrors it.
    pub scenario: RwSignal<Scenario>,
    /// The offering the scenario names, before overrides.
    pub base: Memo<Result<Offering, EvaluateError>>,
    /// The offering with the user's figures typed over it (what the sources list shows).
    pub offering: Memo<Option<Offering>>,
    /// The evaluation of the current scenario.
    pub outcome: Memo<Result<Arc<Analysis>, EvaluateError>>,
    /// The last analysis that succeeded: what results and charts show while the current
    /// scenario cannot be evaluated.
    pub shown: Memo<Option<Arc<Analysis>>>,
    /// A what-if multiplier on every volume (×0.5 … ×3), for this visit only: the link
    /// keeps the traffic as entered.
    pub what_if: RwSignal<f64>,
    /// The traffic multiples over which the shown answer holds.
    pub range: Memo<Option<Range>>,
    /// The rate cards in use (bundled, plus an organization's).
    pub cards: RwSignal<Cards>,
    /// The day the page takes as today, read from the browser's clock once when the page
    /// starts ([`cards::today`]) and passed to everything that prices: a link without `at=`
    /// is priced on it.
    pub today: Date,
    /// The scenario as evaluated (the what-if applied, the cards' edition and organization
    /// stamped), opened as `ptcalc eval` opens its link on the page's day: the exports
    /// serialize it with the analysis, so they are that command's output.
    pub opened: Memo<Opened>,
    /// The month's traffic of the scenario's shape (`MonthTraffic::build`), rebuilt when the
    /// shape, the month or imported traffic changes: the analysis and the comparison reuse it.
    pub traffic: Memo<Option<Arc<MonthTraffic>>>,
}

/// The scenario as evaluated: its volumes times the what-if multiplier.
fn with_what_if(s: &Scenario, what_if: f64) -> Scenario {
    if what_if == 1.0 {
        s.clone()
    } else {
        scale_traffic(s, what_if)
    }
}

impl Calc {
    /// Derives the memos from `scenario`, read from `cards` on `today`; `opening` are the
    /// problems of the link the page opened `scenario` from.
    pub fn new(scenario: Scenario, cards: Cards, today: Date, opening: Vec<LinkWarning>) -> Calc {
        let opened_scenario = scenario.clone();
        let scenario = RwSignal::new(scenario);
        let cards = RwSignal::new(cards);
        let what_if = RwSignal::new(1.0_f64);
        let base = Memo::new(move |_| {
            cards
                .with(|c| scenario.with(|s| c.base_offering(s, today)))
                .map_err(EvaluateError::Resolve)
        });
        let offering = Memo::new(move |_| {
            base.with(|b| {
                b.as_ref()
                    .ok()
                    .map(|b| scenario.with(|s| resolve::effective_offering(s, b)))
            })
        });
        // The month's traffic changes with the shape, the month or imported traffic, not
        // with the rates a visitor types: built when those change, not on every edit.
        let traffic_inputs = Memo::new(move |_| scenario.with(TrafficInputs::of));
        let traffic =
            Memo::new(move |_| traffic_inputs.with(|i| MonthTraffic::build(i).ok().map(Arc::new)));
        // While the page shows the scenario its link opened (nothing edited, no what-if), the
        // link's own problems stay its first warnings, as `ptcalc eval` of that link lists them.
        let opened = Memo::new(move |_| {
            let as_opened = what_if.get() == 1.0 && scenario.with(|s| *s == opened_scenario);
            let evaluated = scenario.with(|s| with_what_if(s, what_if.get()));
            let mut opened = cards.with(|c| c.open_scenario(evaluated, today));
            if as_opened {
                opened.warnings = opening.clone();
            }
            opened
        });
        // The one evaluation (`Catalog::evaluate_opened_with`): the CLI's, the exports' and
        // the API's, dated prices across the horizon included.
        let outcome = Memo::new(move |_| {
            base.with(|b| match b {
                Ok(_) => opened.with(|o| {
                    traffic.with(|t| {
                        crate::perf::measure("ptcalc:analysis", || {
                            cards
                                .with(|c| resolve::evaluate_opened(&c.catalog, o, t.as_deref()))
                                .map(Arc::new)
                        })
                    })
                }),
                Err(e) => Err(e.clone()),
            })
        });
        let shown = Memo::new(move |previous: Option<&Option<Arc<Analysis>>>| {
            outcome.with(|o| match o {
                Ok(a) => Some(Arc::clone(a)),
                Err(_) => previous.cloned().flatten(),
            })
        });
        // Read off the analysis at each traffic multiple (`Analysis::best_at`): no
        // evaluation again, so the range costs well under a millisecond.
        let range = Memo::new(move |_| {
            outcome.with(|o| {
                let a = o.as_ref().ok()?;
                crate::perf::measure("ptcalc:verdict-range", || range_of(a))
            })
        });
        Calc {
            scenario,
            base,
            offering,
            outcome,
            shown,
            what_if,
            range,
            cards,
            today,
            opened,
            traffic,
        }
    }

    /// The document `ptcalc eval --format json` prints for the scenario shown, from the
    /// analysis the page holds (no second evaluation).
    ///
    /// # Errors
    /// The scenario cannot be evaluated.
    pub fn document(&self) -> Result<EvalDocument, EvaluateError> {
        self.outcome.with_untracked(|o| match o {
            Ok(a) => Ok(self
                .opened
                .with_untracked(|opened| EvalDocument::of(a, opened))),
            Err(e) => Err(e.clone()),
        })
    }

    /// Reads the page state from context. `App` provides it before any component that
    /// reads it is built; a component outside `App` is a programming error, and says so.
    pub fn from_context() -> Calc {
        expect_context::<Calc>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_of_the_default_scenario_is_scanned_without_panicking() {
        let s = Scenario::default();
        let base = resolve::base_offering(&s).expect("resolves");
        let analysis = resolve::evaluate(&s, &base).expect("evaluates");
        assert!(range_of(&analysis).is_some());
        assert_eq!(with_what_if(&s, 1.0), s);
    }
}
