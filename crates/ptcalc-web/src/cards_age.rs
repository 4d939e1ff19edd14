//! The cards' age on the page: the day the edition's figures were last checked, always, and
//! when that is more than `CARDS_OLD_AFTER_DAYS` days before the scenario's day, a notice
//! above the verdict that prices may have moved and how to load newer cards (the rule of the
//! report's `cards_old` warning, `ptcalc_ratecards::cards_age_warning`).
use leptos::prelude::*;
use ptcalc_ratecards::{cards_age_warning, AsOf, Date, Edition};

use crate::cards;
use crate::state::Calc;

/// How old the cards are on the scenario's day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Age {
    /// The edition the figures are read in.
    pub edition: Edition,
    /// The day its figures were last checked.
    pub checked: Date,
    /// The scenario's day.
    pub day: Date,
    /// Days from `checked` to `day`.
    pub days: i64,
    /// Old enough to say that prices may have moved.
    pub old: bool,
}

impl Age {
    /// The age of the cards a scenario read at `at` uses.
    pub fn of(at: AsOf) -> Age {
        let checked = at.edition.date();
        Age {
            edition: at.edition,
            checked,
            day: at.date,
            days: checked.days_until(at.date),
            old: cards_age_warning(at).is_some(),
        }
    }

    /// The line that is always shown.
    pub fn checked_line(&self) -> String {
        let edition = self.edition.to_string();
        if edition == self.checked.to_string() {
            format!("Rate cards last checked on {}.", self.checked)
        } else {
            format!(
                "Rate cards last checked on {} (edition {edition}).",
                self.checked
            )
        }
    }

    /// The notice's first sentence, when the cards are old.
    pub fn old_line(&self) -> Option<String> {
        self.old.then(|| {
            format!(
                "These rate cards were last checked on {}, {} days before this scenario's day ({}): prices, capacities and model lifecycles may have moved since.",
                self.checked, self.days, self.day
            )
        })
    }
}

fn age(calc: Calc) -> Age {
    Age::of(calc.scenario.with(|s| cards::as_of(s, calc.today)))
}

/// One line (under the scenario, in the sources): when the cards were last checked.
#[component]
pub fn CardsChecked(
    /// The line's DOM id.
    dom_id: &'static str,
) -> impl IntoView {
    let calc = Calc::from_context();
    view! { <p id=dom_id class="hint cards-checked">{move || age(calc).checked_line()}</p> }
}

/// Above the verdict when the cards are more than 60 days older than the scenario's day:
/// prices may have moved, and how to load newer cards.
#[component]
pub fn CardsAgeNotice() -> impl IntoView {
    let calc = Calc::from_context();
    let old = move || age(calc).old_line();
    view! {
        {move || old().map(|text| view! {
            <div id="age-notice" class="answer-notice" role="status">
                <p>
                    <strong>{text}</strong>
                    " For newer figures, serve a newer "<code>"ratecards.json"</code>" next to this page, or load your organization's card under "
                    <a href="#org-cards">"Your organization's rate cards"</a>" (in the sources)."
                </p>
            </div>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(day: &str) -> Age {
        Age::of(AsOf::at(day.parse().expect("date")))
    }

    #[test]
    fn the_cards_are_old_news_after_sixty_days() {
        let checked = Edition::current().date();
        let at_60 = on(&checked.add_days(60).to_string());
        assert!(!at_60.old && at_60.old_line().is_none());
        let at_61 = on(&checked.add_days(61).to_string());
        assert!(at_61.old);
        let text = at_61.old_line().expect("old");
        assert!(text.contains(&format!("last checked on {checked}, 61 days before")));
        let edition = Edition::current();
        let named = if edition.key() == checked.to_string() {
            String::new()
        } else {
            format!(" (edition {})", edition.key())
        };
        assert_eq!(
            at_61.checked_line(),
            format!("Rate cards last checked on {checked}{named}.")
        );
    }
}
