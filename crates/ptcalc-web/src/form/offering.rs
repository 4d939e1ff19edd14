//! What is bought: vendor → model → deployment type → term, from the bundled rate cards,
//! the figures they bring (with sources), and the figures the card lacks or the user
//! overrides.
use leptos::prelude::*;
use ptcalc_core::offering::CUSTOM_ID;
use ptcalc_core::{Deployment, Term};
use ptcalc_ratecards::Vendor;

use super::overrides::{needed_keys, OverrideFields};
use crate::edit;
use crate::lifecycle::{retired_ids, LifecycleLines};
use crate::resolve;
use crate::sources::FigureList;
use crate::state::Calc;

/// The vendor part of an offering id (`azure`, …, or `custom`).
fn vendor_of(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

/// The vendor, model, deployment and term menus, the figures and the overrides.
#[component]
pub fn OfferingPanel() -> impl IntoView {
    let calc = Calc::from_context();
    let id = Memo::new(move |_| calc.scenario.with(|s| s.offering.clone()));
    let vendor = Memo::new(move |_| id.with(|i| vendor_of(i).to_string()));
    let is_custom = Memo::new(move |_| id.with(|i| i == CUSTOM_ID));
    let needed = Memo::new(move |_| {
        (
            is_custom.get(),
            calc.base.with(|b| needed_keys(b.as_ref().ok())),
        )
    });

    // Offerings retired in every deployment on the scenario's day (`at=`, else today) leave
    // the menus; the one the scenario names stays, so an old link still shows what it is.
    let at = Memo::new(move |_| calc.scenario.with(|s| crate::cards::as_of(s, calc.today)));
    let retired = Memo::new(move |_| {
        let at = at.get();
        calc.cards.with(|c| retired_ids(&c.catalog, at))
    });
    let listed = move |entry_id: &str, current: &str| {
        entry_id == current || retired.with(|r| !r.iter().any(|x| x == entry_id))
    };

    let switch_to = move |new_id: String| {
        let old = calc.base.with_untracked(|b| b.as_ref().ok().cloned());
        let next = calc.cards.with_untracked(|c| {
            let s = calc.scenario.with_untracked(|s| {
                let at = crate::cards::as_of(s, calc.today);
                edit::switch_offering(&c.catalog, s, &new_id, old.as_ref(), at)
            });
            c.stamp(s)
        });
        calc.scenario.set(next);
    };
    let on_vendor = move |value: String| {
        let first = if value == CUSTOM_ID {
            Some(CUSTOM_ID.to_string())
        } else {
            calc.cards.with_untracked(|c| {
                c.catalog
                    .entries()
                    .iter()
                    .find(|e| {
                        e.vendor.as_str() == value && retired.with_untracked(|r| !r.contains(&e.id))
                    })
                    .map(|e| e.id.clone())
            })
        };
        if let Some(first) = first {
            switch_to(first);
        }
    };

    let vendor_options = move || {
        let current = vendor.get();
        let mut options: Vec<_> = Vendor::ALL
            .iter()
            .map(|v| {
                let selected = current == v.as_str();
                view! { <option value=v.as_str() selected=selected>{v.label()}</option> }
            })
            .collect();
        options.push(view! {
            <option value=CUSTOM_ID selected=current == CUSTOM_ID>"Custom: enter your own figures"</option>
        });
        options
    };
    let model_options = move || {
        let current = id.get();
        let v = vendor.get();
        let cards = calc.cards.get();
        cards
            .catalog
            .entries()
            .iter()
            .filter(|e| e.vendor.as_str() == v && listed(&e.id, &current))
            .map(|e| {
                let mut label = format!("{} ({})", e.model, e.unit);
                if e.organization {
                    label.push_str(" · your organization's");
                }
                if !e.capacity_published {
                    label.push_str(" · no published capacity");
                } else if e.priced_terms.is_empty() {
                    label.push_str(" · no published price");
                }
                view! { <option value=e.id.clone() selected=e.id == current>{label}</option> }
            })
            .collect::<Vec<_>>()
    };
    let deployment_options = move || {
        let current = calc.scenario.with(|s| s.deployment);
        calc.cards
            .with(|c| id.with(|i| resolve::deployments_in(&c.catalog, i)))
            .into_iter()
            .map(|d: Deployment| {
                view! { <option value=d.as_str() selected=d == current>{d.label()}</option> }
            })
            .collect::<Vec<_>>()
    };
    let term_options = move || {
        let current = calc.scenario.with(|s| s.term);
        let i = id.get();
        let (priced, terms) = calc.cards.with(|c| {
            (
                c.catalog.entry(&i).map(|e| e.priced_terms.clone()),
                resolve::terms_in(&c.catalog, &i),
            )
        });
        terms
            .into_iter()
            .map(|t: Term| {
                let mut label = term_menu_label(t).to_string();
                if priced.as_ref().is_some_and(|p| !p.contains(&t)) {
                    label.push_str(" · no published price");
                }
                view! { <option value=t.as_str() selected=t == current>{label}</option> }
            })
            .collect::<Vec<_>>()
    };

    view! {
        <fieldset class="panel" id="panel-offering">
            <legend>"Offering"</legend>
            <div class="field">
                <label for="f-vendor">"Vendor"</label>
                <select id="f-vendor" on:change:target=move |ev| on_vendor(ev.target().value())>
                    {vendor_options}
                </select>
            </div>
            <Show when=move || !is_custom.get()>
                <div class="field">
                    <label for="f-o">"Model"</label>
                    <select id="f-o" on:change:target=move |ev| switch_to(ev.target().value())>
                        {model_options}
                    </select>
                    <LifecycleLines dom_id="offering-lifecycle"/>
                </div>
                <div class="field">
                    <label for="f-d">"Deployment type"</label>
                    <select
                        id="f-d"
                        on:change:target=move |ev| {
                            if let Some(d) = Deployment::parse(&ev.target().value()) {
                                calc.scenario.update(|s| s.deployment = d);
                            }
                        }
                    >
                        {deployment_options}
                    </select>
                    <p class="hint">"Where tokens may be processed: any region, a data zone (EU, US) or one region."</p>
                </div>
            </Show>
            <div class="field">
                <label for="f-t">"Term"</label>
                <select
                    id="f-t"
                    on:change:target=move |ev| {
                        if let Some(t) = Term::parse(&ev.target().value()) {
                            calc.scenario.update(|s| s.term = t);
                        }
                    }
                >
                    {term_options}
                </select>
                <p class="hint">"How long you commit to the reserved units; results compare every term."</p>
            </div>
            // One line that opens the list: the form stays short enough to show the workload.
            <details class="figures-brief">
                <summary>"Figures used, with their sources"</summary>
                <FigureList dom_id="offering-figures"/>
            </details>
            // Which figures are asked for in the open depends on what the rate card lacks; the
            // fields themselves follow the scenario.
            {move || {
                let (custom, needed) = needed.get();
                view! { <OverrideFields needed=needed custom=custom/> }
            }}
        </fieldset>
    }
}

/// Term names for the menu.
fn term_menu_label(t: Term) -> &'static str {
    match t {
        Term::Hourly => "Hourly (no commitment)",
        Term::NoCommit => "No commitment",
        Term::Week1 => "1 week",
        Term::Days30 => "30 days",
        Term::Month1 => "1 month",
        Term::Month3 => "3 months",
        Term::Month6 => "6 months",
        Term::Year1 => "1 year",
    }
}
