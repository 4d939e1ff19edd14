//! The link notice: when the opening link had unknown keys or invalid values, say what was
//! ignored and why (the codec's own words), once, dismissibly. Only what the link itself
//! contained is listed (a default the offering lacks is replaced silently), and a line goes
//! away once the user changes the field it names. Two more notices follow the same pattern:
//! a link made with an older rate-card edition (what changed since, with a switch to today's
//! figures) and a link made with an organization's card this page does not have.
use leptos::prelude::*;
use ptcalc_core::link::{Key, LinkProblem, LinkWarning};
use ptcalc_core::numfmt::format_number;
use ptcalc_ratecards::{Edition, FigureChange};

use crate::state::Calc;

/// What the opening link got wrong.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LinkProblems(pub Vec<LinkWarning>);

/// The keys a query names (`?v=1&o=x&in=3M` → `v`, `o`, `in`).
fn keys_in(query: &str) -> Vec<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .filter(|k| !k.is_empty())
        .map(String::from)
        .collect()
}

/// The problems that concern a key the link contained.
/// A missing organization's card (`org=`) has its own notice ([`OrgCardNotice`]), which
/// names the card and offers to pick it; the link notice leaves it out.
fn contained(problems: Vec<LinkWarning>, query: &str) -> Vec<(String, String)> {
    let keys = keys_in(query);
    problems
        .into_iter()
        .filter(|w| w.problem != LinkProblem::OrganizationCardMissing)
        .filter(|w| keys.contains(&w.key))
        .map(|w| (w.key, w.message))
        .collect()
}

/// The dismissible notice; nothing when the link was clean.
#[component]
pub fn LinkNotice(problems: LinkProblems) -> impl IntoView {
    let calc = Calc::from_context();
    let problems = contained(problems.0, &crate::address::Opening::from_context().query);
    let open = RwSignal::new(!problems.is_empty());
    // Each line with the value its key had when the page opened: changed → the line is done.
    let lines: Vec<_> = problems
        .into_iter()
        .map(|(key, why)| {
            let parsed = Key::parse(&key);
            let opened = parsed.map(|k| calc.scenario.with_untracked(|s| k.value(s)));
            let current = Memo::new(move |_| match parsed {
                Some(k) => calc.scenario.with(|s| Some(k.value(s)) != opened),
                None => false,
            });
            (key, why, current)
        })
        .collect();
    let remaining: Vec<Memo<bool>> = lines.iter().map(|(_, _, changed)| *changed).collect();
    let left = Memo::new(move |_| remaining.iter().filter(|c| !c.get()).count());
    let items = lines
        .into_iter()
        .map(|(key, why, changed)| {
            let shown = key.clone();
            view! {
                <li data-key=key hidden=move || changed.get()>
                    <code>{shown}</code>": "{why}
                </li>
            }
        })
        .collect_view();
    view! {
        <div id="notice" class="notice" role="status" hidden=move || !open.get() || left.get() == 0>
            <div class="notice-head">
                <p>
                    <strong>{move || if left.get() == 1 { "One part of this link was ignored".to_string() } else { format!("{} parts of this link were ignored", left.get()) }}</strong>
                    "; defaults are used instead:"
                </p>
                <button type="button" id="notice-dismiss" class="dismiss" on:click=move |_| open.set(false)
                    aria-label="Dismiss the notice about the link">"Dismiss"</button>
            </div>
            <ul>{items}</ul>
        </div>
    }
}

/// One changed figure as a line: `what (deployments): old → new`, and its source.
pub fn change_line(c: &FigureChange) -> (String, Option<String>) {
    let value = |v: Option<f64>| v.map_or_else(|| "none".to_string(), format_number);
    let deployments: Vec<&str> = c.deployments.iter().map(|d| d.as_str()).collect();
    let text = match &c.what {
        None if c.old.is_none() => format!("{}: offering added", c.offering),
        None => format!("{}: offering removed", c.offering),
        Some(what) => format!(
            "{} ({}): {what}: {} → {}",
            c.offering,
            deployments.join(", "),
            value(c.old),
            value(c.new)
        ),
    };
    let source = c.provenance.as_ref().map(|p| {
        if p.as_of.is_empty() {
            p.source.clone()
        } else {
            format!("{} (as of {})", p.source, p.as_of)
        }
    });
    (text, source)
}

/// The notice of a link made with an older edition of the cards: each figure of its
/// offering that changed since, and a switch to today's figures (drops `rc=`). It goes away
/// once the scenario no longer names that edition.
#[component]
pub fn EditionNotice(changed: Vec<FigureChange>) -> impl IntoView {
    let calc = Calc::from_context();
    let edition = calc.scenario.with_untracked(|s| s.edition.clone());
    let shown = {
        let edition = edition.clone();
        Memo::new(move |_| edition.is_some() && calc.scenario.with(|s| s.edition == edition))
    };
    let old = edition.clone().unwrap_or_default();
    let count = changed.len();
    let items = changed
        .iter()
        .map(|c| {
            let (text, source) = change_line(c);
            view! {
                <li>{text}{source.map(|s| view! { <span class="source-text">" — "{s}</span> })}</li>
            }
        })
        .collect_view();
    let has_changes = count > 0;
    let use_today = move |_| calc.scenario.update(|s| s.edition = None);
    view! {
        <div id="edition-notice" class="notice" role="status" hidden=move || !(has_changes && shown.get())>
            <div class="notice-head">
                <p>
                    <strong>{format!("This link was made with the rate cards of {old}")}</strong>
                    {format!(
                        "; its figures are used. {} changed in the current edition {}:",
                        if count == 1 { "One figure".to_string() } else { format!("{count} figures") },
                        Edition::current()
                    )}
                </p>
                <button type="button" id="edition-use-today" class="primary" on:click=use_today>"Use today's figures"</button>
            </div>
            <ul>{items}</ul>
        </div>
    }
}

/// The notice of a link made with an organization's card (`org=`) that this page does not
/// have: the numbers shown are not the link's. Goes away once a card with that fingerprint
/// is loaded.
#[component]
pub fn OrgCardNotice() -> impl IntoView {
    let calc = Calc::from_context();
    let wanted = crate::address::Opening::from_context()
        .parsed
        .scenario
        .org_card
        .clone();
    let missing = {
        let wanted = wanted.clone();
        Memo::new(move |_| {
            wanted.as_ref().is_some_and(|w| {
                calc.cards.with(|c| {
                    ![c.picked.as_ref(), c.served.as_ref()]
                        .into_iter()
                        .flatten()
                        .any(|card| &card.fingerprint == w)
                })
            })
        })
    };
    let fingerprint = wanted.unwrap_or_default();
    view! {
        <div id="org-notice" class="notice" role="status" hidden=move || !missing.get()>
            <p>
                <strong>"This link was made with your organization's rate card "<code>{fingerprint}</code>", which this page does not have"</strong>
                ": its offering and figures may not be the link's. Load that card under \"Your organization's rate cards\" (in the sources, below the results), or ask whoever sent the link for it."
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keys_the_link_contained_are_listed() {
        let warning = |key: &str, problem, message: &str| LinkWarning {
            key: key.into(),
            problem,
            message: message.into(),
        };
        let problems = vec![
            warning("t", LinkProblem::NotOffered, "has no 1y term"),
            warning("in", LinkProblem::BadValue, "not a number"),
        ];
        let shown = contained(problems, "?v=1&o=openai/o3-scale&in=abc");
        assert_eq!(shown, vec![("in".to_string(), "not a number".to_string())]);
        assert_eq!(keys_in("?v=1&t=1y"), vec!["v", "t"]);
    }

    #[test]
    fn an_old_links_changes_read_old_to_new_with_their_source() {
        let opened = ptcalc_ratecards::catalog().open_link_on(
            "v=1&o=openai/o3-scale&rc=2026-11-27",
            "2026-11-27".parse().unwrap(),
        );
        let lines: Vec<_> = opened.changed_since.iter().map(change_line).collect();
        let (text, source) = lines
            .iter()
            .find(|(t, _)| t.contains("capacity"))
            .expect("the o3 Scale Tier capacity was corrected");
        assert!(text.ends_with(": 5k → 25k"), "{text}");
        assert!(source.as_deref().is_some_and(|s| !s.is_empty()));
    }
}
