//! The model's lifecycle on the page: "retires on …", "closed to new customers since …" and
//! the successor beside the offering (form and sources), each with its source; the menus'
//! rule (an offering retired on the scenario's day in every deployment is not offered); and
//! the notice above the verdict when the scenario's model is retired (the report's
//! `model_retired` warning, README "The model", *Lifecycle*).
use leptos::prelude::*;
use ptcalc_core::lifecycle::{LifeEvent, Lifecycle, ReservationMatches};
use ptcalc_core::offering::Provenance;
use ptcalc_core::report::WarningCode;
use ptcalc_ratecards::{AsOf, Catalog};

use crate::sources::SourceLine;
use crate::state::Calc;

/// Which event a line is, for styling and tests (`data-event`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// Generally available from.
    Available,
    /// Closed to new customers.
    Closed,
    /// Retired or retiring.
    Retired,
    /// The model the vendor names to move to.
    Successor,
    /// What a reservation is bought for (sources list only).
    Reservation,
}

impl Event {
    fn as_str(self) -> &'static str {
        match self {
            Event::Available => "available",
            Event::Closed => "closed",
            Event::Retired => "retired",
            Event::Successor => "successor",
            Event::Reservation => "reservation",
        }
    }
}

/// One line of the lifecycle: what, in words, and where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct LifeLine {
    /// Which event.
    pub event: Event,
    /// The words ("retires on 2027-03-31").
    pub text: String,
    /// Its source.
    pub provenance: Option<Provenance>,
    /// The event has happened on the scenario's day.
    pub past: bool,
}

fn line(event: Event, e: &LifeEvent, past: &str, coming: &str) -> LifeLine {
    let happened = e.has_happened();
    LifeLine {
        event,
        text: format!("{} {}", if happened { past } else { coming }, e.on),
        provenance: Some(e.provenance.clone()),
        past: happened,
    }
}

/// The lifecycle as lines, retirement first. `full` adds the general availability and the
/// reservation rule (the sources list); the form shows what decides a purchase.
pub fn lines(l: &Lifecycle, full: bool) -> Vec<LifeLine> {
    let mut out = Vec::new();
    if let Some(r) = &l.retired {
        out.push(line(Event::Retired, r, "retired on", "retires on"));
    }
    if let Some(c) = &l.closed_to_new {
        out.push(line(
            Event::Closed,
            c,
            "closed to new customers since",
            "closes to new customers on",
        ));
    }
    if let Some(s) = &l.successor {
        out.push(LifeLine {
            event: Event::Successor,
            text: format!("successor: {s}"),
            provenance: l.retired.as_ref().map(|r| r.provenance.clone()),
            past: false,
        });
    }
    if full {
        if let Some(g) = &l.generally_available {
            out.push(line(
                Event::Available,
                g,
                "generally available since",
                "generally available from",
            ));
        }
        out.push(LifeLine {
            event: Event::Reservation,
            text: match l.reservation_matches {
                ReservationMatches::Model => "reserved units serve this model only".to_string(),
                ReservationMatches::DeploymentType => {
                    "the reservation matches the deployment type, region and scope, not the model"
                        .to_string()
                }
            },
            provenance: Some(l.reservation_provenance.clone()),
            past: false,
        });
    }
    out
}

/// The offerings not to list in the menus on `at`: retired on that day in every deployment
/// they are offered in (`Catalog::retirements`, the rule of `ptcalc ratecards --check`).
pub fn retired_ids(catalog: &Catalog, at: AsOf) -> Vec<String> {
    let retired = catalog.retirements(at, 0);
    catalog
        .entries()
        .iter()
        .filter(|e| {
            !e.deployments.is_empty()
                && e.deployments.iter().all(|d| {
                    retired
                        .iter()
                        .any(|r| r.id == e.id && r.deployments.contains(d))
                })
        })
        .map(|e| e.id.clone())
        .collect()
}

/// The offering's lifecycle beside it: in the form (`full` false, short source links) and in
/// the sources list (`full`). Nothing when the cards record no date for the model.
#[component]
pub fn LifecycleLines(
    /// The element's DOM id.
    dom_id: &'static str,
    /// Full source texts and every event.
    #[prop(optional)]
    full: bool,
) -> impl IntoView {
    let calc = Calc::from_context();
    let shown = Memo::new(move |_| {
        calc.base
            .with(|b| {
                b.as_ref()
                    .ok()
                    .and_then(|o| o.lifecycle.as_ref())
                    .map(|l| lines(l, full))
            })
            .unwrap_or_default()
    });
    let items = move || {
        shown
            .get()
            .into_iter()
            .map(|l| {
                let class = if l.past {
                    "life-event past"
                } else {
                    "life-event"
                };
                view! {
                    <li class=class data-event=l.event.as_str()>
                        <span class="life-text">{l.text}</span>" "
                        <SourceLine provenance=l.provenance unsourced="" full=full/>
                    </li>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <ul id=dom_id class="lifecycle" aria-label="The model's lifecycle" hidden=move || shown.with(Vec::is_empty)>
            {items}
        </ul>
    }
}

/// Above the verdict, first: the scenario's model is retired on its day, in the report's words
/// (its `model_retired` warning, also first in the warnings).
#[component]
pub fn RetiredNotice() -> impl IntoView {
    let calc = Calc::from_context();
    let message = move || {
        calc.outcome.with(|o| {
            o.as_ref().ok().and_then(|a| {
                a.report
                    .warnings
                    .iter()
                    .find(|w| w.code == WarningCode::ModelRetired)
                    .map(|w| w.message.clone())
            })
        })
    };
    view! {
        {move || message().map(|m| view! {
            <div id="retired-notice" class="answer-notice" role="status">
                <p><strong>"This model is retired: no reservation is the answer. "</strong>{m}</p>
            </div>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ptcalc_ratecards::catalog;

    fn at(day: &str) -> AsOf {
        AsOf::at(day.parse().expect("date"))
    }

    #[test]
    fn gemini_2_5_flash_leaves_the_menus_once_it_is_retired() {
        let before = retired_ids(catalog(), at("2026-12-05"));
        assert!(!before.iter().any(|i| i == "vertex/gemini-2.5-flash"));
        assert!(before.iter().any(|i| i == "azure/o1"), "{before:?}");
        let after = retired_ids(catalog(), at("2027-04-01"));
        assert!(after.iter().any(|i| i == "vertex/gemini-2.5-flash"));
        assert!(!after.iter().any(|i| i == "azure/gpt-5.6-sol"));
    }

    #[test]
    fn the_lines_say_retires_on_closed_since_with_sources() {
        let s = ptcalc_core::link::parse("v=1&o=vertex/gemini-2.5-flash").scenario;
        let o = catalog()
            .offering_for_as_of(&s, at("2026-12-05"))
            .expect("resolves");
        let l = o.lifecycle.expect("recorded");
        let shown = lines(&l, false);
        assert_eq!(shown[0].text, "retires on 2027-03-31");
        assert!(!shown[0].past);
        assert_eq!(shown[1].text, "closed to new customers since 2026-10-20");
        assert!(shown.iter().all(|x| x.provenance.is_some()));
        assert!(lines(&l, true).len() > shown.len());
        let later = catalog()
            .offering_for_as_of(&s, at("2027-04-01"))
            .expect("an old link still opens");
        let l = later.lifecycle.expect("recorded");
        assert_eq!(lines(&l, false)[0].text, "retired on 2027-03-31");
    }
}
