//! Where every figure comes from: capacity, unit prices, on-demand prices, each with its
//! source (linked when it is a URL), the date the source carries, and a marker when it is not
//! an official figure or was entered by the user. A figure whose source is older than 180
//! days on the scenario's day is marked stale (`ptcalc_ratecards::is_stale`, the rule of
//! `ptcalc ratecards --check`); a figure the sources disagree on shows the other value and its
//! source, with a switch that makes it an override in the link.
use leptos::prelude::*;
use ptcalc_core::numfmt::{format_number, usd};
use ptcalc_core::offering::{Confidence, Provenance};
use ptcalc_core::{Offering, PriceBasis, Term};
use ptcalc_ratecards::{ConflictOn, Date, FigureConflict};

use crate::cards;
use crate::orgcards::OrgCards;
use crate::state::Calc;

/// Which line of the list a figure is, so a recorded conflict is shown on its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Capacity, minimum, increment and weights of a pool.
    Capacity,
    /// The unit price on a term.
    Price(Term),
    /// The on-demand prices.
    OnDemand,
    /// The batch tier.
    Batch,
}

impl Slot {
    /// The line a conflict belongs on; `None` for a conflict that names no figure.
    pub fn of(on: Option<ConflictOn>) -> Option<Slot> {
        Some(match on? {
            ConflictOn::UnitPrice(t) => Slot::Price(t),
            ConflictOn::OnDemand(_) | ConflictOn::DeploymentMultiplier => Slot::OnDemand,
            ConflictOn::Capacity
            | ConflictOn::MinUnits
            | ConflictOn::Increment
            | ConflictOn::Weight(_) => Slot::Capacity,
        })
    }
}

/// One figure with its provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What it is.
    pub name: String,
    /// Its value, formatted.
    pub value: String,
    /// Where it comes from (`None`: see `unsourced`).
    pub provenance: Option<Provenance>,
    /// What to say when there is no provenance.
    pub unsourced: &'static str,
    /// The user's discount applies to it.
    pub discounted: bool,
    /// Which line it is.
    pub slot: Slot,
}

fn basis_text(b: PriceBasis) -> String {
    let (v, per) = match b {
        PriceBasis::PerHour(v) => (v, "unit-hour"),
        PriceBasis::PerDay(v) => (v, "unit-day"),
        PriceBasis::PerWeek(v) => (v, "unit-week"),
        PriceBasis::PerMonth(v) => (v, "unit-month"),
        PriceBasis::PerYear(v) => (v, "unit-year"),
    };
    format!("{} per {per}", usd(v))
}

/// The figures of an offering as used: capacity, unit prices per term, on-demand prices.
/// `discount_percent` marks the unit prices the user's negotiated discount changed.
pub fn figures(o: &Offering, hours_per_month: f64, discount_percent: Option<f64>) -> Vec<Figure> {
    let mut out = Vec::new();
    for pool in &o.pools {
        let pool_name = if pool.name.is_empty() {
            String::new()
        } else {
            format!(" ({})", pool.name)
        };
        out.push(Figure {
            name: format!("Capacity per {}{pool_name}", pool.unit),
            value: match pool.capacity_per_unit_per_minute {
                Some(c) => format!(
                    "{} tokens/min; minimum {}, then steps of {}",
                    group(c),
                    pool.min_units,
                    pool.increment
                ),
                None => String::from("not published: enter it"),
            },
            provenance: pool.capacity_provenance.clone(),
            unsourced: "",
            discounted: false,
            slot: Slot::Capacity,
        });
        for tp in &pool.prices {
            out.push(Figure {
                name: format!("{} price{pool_name}", capitalise(tp.term.label())),
                value: format!(
                    "{} = {}/unit-month{}",
                    basis_text(tp.price),
                    usd(tp.price.usd_per_unit_month(hours_per_month)),
                    discount_percent.map_or_else(String::new, |d| format!(
                        " after your {}% discount",
                        format_number(d)
                    ))
                ),
                provenance: Some(tp.provenance.clone()),
                unsourced: "not published",
                discounted: discount_percent.is_some(),
                slot: Slot::Price(tp.term),
            });
        }
    }
    let od = &o.on_demand_usd_per_mtok;
    let parts: Vec<String> = [
        ("input", od.input),
        ("cached", od.cached_input),
        ("cache write", od.cache_write),
        ("output", od.output),
    ]
    .iter()
    .filter_map(|(n, v)| v.map(|v| format!("{n} ${}", format_number(v))))
    .collect();
    out.push(Figure {
        name: String::from("On-demand per 1M tokens"),
        value: if parts.is_empty() {
            String::from("not published")
        } else {
            parts.join(" · ")
        },
        provenance: o.on_demand_provenance.clone(),
        unsourced: "",
        discounted: false,
        slot: Slot::OnDemand,
    });
    if let Some(b) = o.batch_multiplier {
        out.push(Figure {
            name: String::from("Batch tier"),
            value: format!("{}% of on-demand", format_number(b * 100.0)),
            provenance: None,
            unsourced: "source in the rate card's notes",
            discounted: false,
            slot: Slot::Batch,
        });
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn group(v: f64) -> String {
    if v >= 100.0 && v.fract() == 0.0 {
        usd(v).trim_start_matches('$').to_string()
    } else {
        format_number(v)
    }
}

/// Splits a source text into its first http(s) URL (if any) and the words around it.
pub fn split_source(source: &str) -> (Option<&str>, String) {
    let url = source
        .split_whitespace()
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .map(|w| w.trim_end_matches([',', ';', ')']));
    match url {
        Some(u) => {
            let rest = source.replacen(u, "", 1);
            let rest = rest
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .trim();
            (Some(u), rest.to_string())
        }
        None => (None, source.to_string()),
    }
}

/// The host and path of a URL, short enough for a line.
fn short_url(url: &str) -> String {
    let bare = url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/');
    if bare.chars().count() > 48 {
        let cut: String = bare.chars().take(47).collect();
        format!("{cut}…")
    } else {
        bare.to_string()
    }
}

/// Marker text and CSS class for a confidence.
fn marker(c: Confidence) -> (&'static str, &'static str) {
    match c {
        Confidence::Official => ("official", "official"),
        Confidence::OfficialViaThirdParty => ("official, via a third party", "via"),
        Confidence::Unofficial => ("unofficial copy of a vendor page", "unofficial"),
        Confidence::Derived => ("derived", "derived"),
        Confidence::Assumption => ("assumption", "assumption"),
        Confidence::UserEntered => ("overridden: entered by you", "user"),
        Confidence::Organization => ("your organization's figure", "organization"),
    }
}

/// The source line of a figure: the marker, the source (a short link in the form, the full
/// text in the Sources section) and the as-of date.
#[component]
pub fn SourceLine(
    provenance: Option<Provenance>,
    /// What to say without a provenance.
    unsourced: &'static str,
    /// The user's discount changed the figure.
    #[prop(optional)]
    discounted: bool,
    #[prop(optional)] full: bool,
    /// The scenario's day: a source older than 180 days on it is marked stale.
    #[prop(optional)]
    day: Option<Date>,
) -> impl IntoView {
    let discount = discounted.then(|| {
        view! { <span class="marker user" data-confidence="user">"overridden: discount entered by you"</span>" " }
    });
    match provenance {
        None => (!unsourced.is_empty())
            .then(|| view! { <span class="source none">{unsourced}</span> })
            .into_any(),
        Some(p) => {
            let (text, class) = marker(p.confidence);
            let user = p.confidence == Confidence::UserEntered;
            let (url, rest) = split_source(&p.source);
            let link = url.filter(|_| !user).map(|u| {
                let label = if full { u.to_string() } else { short_url(u) };
                view! { <a href=u.to_string() target="_blank" rel="noopener noreferrer">{label}</a> }
            });
            let words = (full && !user && !rest.is_empty())
                .then(|| view! { <span class="source-text">{rest}</span> });
            let as_of = (!p.as_of.is_empty())
                .then(|| view! { <span class="as-of">{format!("as of {}", p.as_of)}</span> });
            let stale = day
                .filter(|d| !user && ptcalc_ratecards::is_stale(&p.as_of, *d))
                .map(|d| {
                    let age = ptcalc_ratecards::source_age_days(&p.as_of, d).unwrap_or_default();
                    view! {
                        <span class="marker stale" data-stale="true" title=format!("The source is {age} days old on {d}: check it is still current")>
                            {format!("stale: over {} days old", ptcalc_ratecards::STALE_AFTER_DAYS)}
                        </span>
                    }
                });
            // In the form the full text sits in the marker's tooltip.
            let tooltip = if user {
                String::new()
            } else {
                p.source.clone()
            };
            view! {
                <span class="source">
                    {discount}
                    <span class=format!("marker {class}") data-confidence=class title=tooltip>{text}</span>
                    {link}
                    {words}
                    {as_of}
                    {stale}
                </span>
            }
            .into_any()
        }
    }
}

/// A recorded conflict on a figure: the card's value, the other value and its source, and the
/// switch between them (the other value becomes an override in the link).
#[component]
fn ConflictLine(conflict: FigureConflict) -> impl IntoView {
    let calc = Calc::from_context();
    let switch = conflict.clone();
    let in_use = {
        let c = conflict.clone();
        Memo::new(move |_| {
            calc.base.with(|b| {
                b.as_ref()
                    .is_ok_and(|b| calc.scenario.with(|s| c.uses_other(s, b)))
            })
        })
    };
    let can_switch = calc.base.with_untracked(|b| {
        b.as_ref().is_ok_and(|b| {
            calc.scenario
                .with_untracked(|s| conflict.switch(s, b, true).is_some())
        })
    });
    let (chosen, other) = (
        format_number(conflict.chosen),
        format_number(conflict.other),
    );
    let on_click = move |_| {
        let next = calc.base.with_untracked(|b| {
            b.as_ref().ok().and_then(|b| {
                calc.scenario
                    .with_untracked(|s| switch.switch(s, b, !in_use.get_untracked()))
            })
        });
        if let Some(next) = next {
            calc.scenario.set(next);
        }
    };
    let label = {
        let (chosen, other) = (chosen.clone(), other.clone());
        move || {
            if in_use.get() {
                format!("Use the card's {chosen}")
            } else {
                format!("Use {other} instead")
            }
        }
    };
    let on = conflict.on.map(|o| o.as_str()).unwrap_or_default();
    view! {
        <div class="conflict" data-conflict=on>
            <span class="marker assumption">"sources disagree"</span>" "
            {format!("{}: the card uses {chosen}; another source gives {other} — {}.", conflict.figure, conflict.other_source)}
            {can_switch.then(|| view! {
                " "<button type="button" class="conflict-switch" aria-pressed=move || in_use.get().to_string() on:click=on_click>{label}</button>
            })}
        </div>
    }
}

/// The figures of the current offering, each with its source, its as-of date (marked when
/// stale) and the conflicts recorded on it.
#[component]
pub fn FigureList(
    /// The list's DOM id.
    dom_id: &'static str,
    /// Show full source texts (the results' Sources section) rather than short links.
    #[prop(optional)]
    full: bool,
) -> impl IntoView {
    let calc = Calc::from_context();
    let today = calc.today;
    // The conflicts of the offering as the card resolves it (before overrides).
    let conflicts = Memo::new(move |_| {
        calc.cards
            .with(|c| calc.scenario.with(|s| c.conflicts(s, today)))
    });
    let rows = move || {
        let (hours, discount, day) = calc.scenario.with(|s| {
            (
                s.hours_per_month,
                s.overrides.discount_percent,
                cards::day(s, today),
            )
        });
        let mut left: Vec<FigureConflict> = conflicts.get();
        let mut rows: Vec<_> = calc
            .offering
            .with(|o| o.as_ref().map(|o| figures(o, hours, discount)))
            .unwrap_or_default()
            .into_iter()
            .map(|f| {
                let mine: Vec<FigureConflict> = left
                    .iter()
                    .filter(|c| Slot::of(c.on) == Some(f.slot))
                    .cloned()
                    .collect();
                left.retain(|c| Slot::of(c.on) != Some(f.slot));
                let lines = mine
                    .into_iter()
                    .map(|c| view! { <ConflictLine conflict=c/> })
                    .collect_view();
                view! {
                    <li>
                        <span class="figure-name">{f.name}</span>": "
                        <span class="figure-value">{f.value}</span>
                        " "
                        <SourceLine provenance=f.provenance unsourced=f.unsourced discounted=f.discounted full=full day=day/>
                        {lines}
                    </li>
                }
                .into_any()
            })
            .collect();
        // Conflicts on figures ptcalc does not use (e.g. a long-context weight): for the record.
        rows.extend(left.into_iter().map(|c| {
            view! { <li class="conflict-other"><ConflictLine conflict=c/></li> }.into_any()
        }));
        rows
    };
    view! { <ul id=dom_id class="figure-list">{rows}</ul> }
}

/// The results' sources section: every figure with its full source, and the rate card's notes.
#[component]
pub fn Sources() -> impl IntoView {
    let calc = Calc::from_context();
    let notes = move || {
        calc.offering
            .with(|o| o.as_ref().map(|o| o.notes.clone()))
            .unwrap_or_default()
            .into_iter()
            .map(|n| view! { <li>{n}</li> })
            .collect::<Vec<_>>()
    };
    let title = move || {
        calc.offering
            .with(|o| o.as_ref().map(|o| o.name.clone()))
            .unwrap_or_default()
    };
    view! {
        <section id="sources" class="card" aria-labelledby="sources-title">
            <h2 id="sources-title">"Sources of every figure"</h2>
            <p class="hint">{title}" — figures as used, after your overrides."</p>
            <FigureList dom_id="source-figures" full=true/>
            <crate::lifecycle::LifecycleLines dom_id="source-lifecycle" full=true/>
            <h3>"Notes from the rate card"</h3>
            <ul class="notes">{notes}</ul>
            <OrgCards/>
            <crate::cards_age::CardsChecked dom_id="sources-cards-checked"/>
            <p class="hint">"Everything is computed in your browser from rate cards bundled with the page (and your organization's, where loaded); nothing is sent anywhere."</p>
        </section>
    }
}

/// Formats the term for tables.
pub fn term_title(term: &str) -> String {
    Term::parse(term).map_or_else(|| term.to_string(), |t| capitalise(t.label()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_split_into_url_and_words() {
        let (u, rest) =
            split_source("https://prices.azure.com/api/retail/prices (Azure Retail Prices API)");
        assert_eq!(u, Some("https://prices.azure.com/api/retail/prices"));
        assert_eq!(rest, "Azure Retail Prices API");
        let (u, rest) = split_source("Microsoft Learn, sizing guide");
        assert_eq!(u, None);
        assert_eq!(rest, "Microsoft Learn, sizing guide");
    }

    #[test]
    fn only_http_urls_become_links() {
        let (u, _) = split_source("javascript:alert(1) and more");
        assert_eq!(u, None);
    }

    #[test]
    fn the_default_offering_lists_capacity_prices_and_on_demand() {
        let s = ptcalc_core::Scenario::default();
        let base = crate::resolve::base_offering(&s).expect("resolves");
        let f = figures(&base, 730.0, None);
        assert!(f[0].name.starts_with("Capacity per PTU"));
        assert!(f.iter().any(|x| x.name == "1-year price"));
        assert!(f.iter().any(|x| x.name.starts_with("On-demand")));
        assert!(f
            .iter()
            .all(|x| x.name == "Batch tier" || x.provenance.is_some()));
    }
}
