//! The answer and the evidence: the verdict, the key figures, units with their rounding rule,
//! the provisioning points, every term, and the core's warnings. All read the last good
//! analysis, so an invalid field never blanks the page.
use std::sync::Arc;

use leptos::prelude::*;
use ptcalc_core::numfmt::{compact, percent, usd};
use ptcalc_core::report::{Analysis, Report, Split, TermRow};
use ptcalc_core::scenario::Volume;
use ptcalc_core::Term;

use crate::sources::term_title;
use crate::state::Calc;
use crate::verdict::{break_even, group, units, verdict};
use ptcalc_core::unit_name::plural;
use ptcalc_core::verdict::{range_words, times, traffic_words};

fn money(v: Option<f64>) -> String {
    v.map_or_else(|| String::from("–"), usd)
}

/// Reads the shown report, or a default when there is none yet.
fn with_report<R>(calc: Calc, f: impl FnOnce(&Report) -> R) -> Option<R> {
    calc.shown
        .with(|a: &Option<Arc<Analysis>>| a.as_ref().map(|a| f(&a.report)))
}

/// The one-sentence recommendation, announced to screen readers when it changes.
#[component]
pub fn Verdict() -> impl IntoView {
    let calc = Calc::from_context();
    let v = Memo::new(move |_| calc.shown.with(|a| a.as_deref().map(verdict)));
    // How far the answer holds, and the what-if multiplier it was computed under.
    let range = move || {
        let what_if = calc.what_if.get();
        let mut text = calc
            .range
            .with(|r| r.as_ref().map(range_words))
            .unwrap_or_default();
        if what_if != 1.0 {
            text.push_str(&format!(
                " Computed for ×{} the traffic entered (what-if).",
                times(what_if)
            ));
        }
        text
    };
    view! {
        <p
            id="verdict"
            class="verdict"
            aria-live="polite"
            data-verdict=move || v.with(|v| v.as_ref().map_or("none", |v| v.kind.as_str()))
            data-marginal=move || v.with(|v| v.as_ref().is_some_and(|v| v.marginal).to_string())
        >
            {move || v.with(|v| v.as_ref().map(|v| v.text.clone()))}
            <span id="verdict-range" class="range">{range}</span>
        </p>
    }
}

/// What is being evaluated, in one line (it replaces the form when printing).
#[component]
pub fn ScenarioSummary() -> impl IntoView {
    let calc = Calc::from_context();
    let text = move || {
        let name = calc
            .offering
            .with(|o| o.as_ref().map(|o| o.name.clone()))
            .unwrap_or_default();
        calc.scenario.with(|s| {
            let volume = match s.volume {
                Volume::Tokens {
                    input_tpm,
                    output_tpm,
                } => format!(
                    "{} input + {} output tokens/min",
                    compact(input_tpm),
                    compact(output_tpm)
                ),
                Volume::Calls {
                    calls_per_minute,
                    prompt_tokens,
                    completion_tokens,
                } => format!(
                    "{} calls/min × ({} + {} tokens)",
                    compact(calls_per_minute),
                    compact(prompt_tokens),
                    compact(completion_tokens)
                ),
            };
            let shape = calc.shown.with(|a| {
                let measured = a.as_ref().and_then(|a| a.report.load.measured.as_ref());
                traffic_words(s, measured)
            });
            format!(
                "{name}, {}, {} term · {volume}, {} cached · {shape} · {} months",
                s.deployment.label(),
                s.term.label(),
                percent(s.cached_share),
                s.horizon_months
            )
        })
    };
    let presentation = use_context::<crate::form::PresentationSignal>().map(|p| p.0);
    let link = move || {
        let shown = presentation.map(|p| p.get()).unwrap_or_default();
        calc.scenario
            .with(|s| crate::address::share_link(s, &shown))
    };
    view! {
        <p id="summary" class="summary">{text}</p>
        <p class="print-only summary">"Link: "{link}</p>
    }
}

/// One key figure.
#[component]
fn KeyFigure(
    /// `data-figure`.
    key: &'static str,
    /// The heading.
    title: &'static str,
    /// What it means (tooltip and screen-reader description).
    explain: &'static str,
    /// The value.
    value: Signal<String>,
    /// The line under it.
    note: Signal<String>,
) -> impl IntoView {
    let explain_id = format!("explain-{key}");
    let describedby = explain_id.clone();
    view! {
        <div class="figure" data-figure=key tabindex="0" aria-describedby=describedby>
            <dt>{title}</dt>
            <dd class="value" data-fig=key>{move || value.get()}</dd>
            <dd class="note">{move || note.get()}</dd>
            <dd id=explain_id class="explain">{explain}</dd>
        </div>
    }
}

/// The row of key figures.
#[component]
pub fn KeyFigures() -> impl IntoView {
    let calc = Calc::from_context();
    let show = move |f: fn(&Analysis) -> String| {
        Signal::derive(move || {
            calc.shown
                .with(|a| a.as_deref().map(f))
                .unwrap_or_else(|| "–".into())
        })
    };
    view! {
        <dl id="figures" class="figures">
            <KeyFigure key="on-demand" title="All on-demand"
                explain="Every token at the pay-per-token list price, per month."
                value=show(|a| money(a.report.monthly.on_demand))
                note=show(|a| if a.report.monthly.on_demand.is_some() { "per month".into() } else { "no on-demand price".into() })/>
            <KeyFigure key="full" title="Full provisioning"
                explain="Enough reserved units for the sizing load (the peak minute by default), per month."
                value=show(|a| money(a.report.monthly.full_provisioned))
                note=show(|a| {
                    let r = &a.report;
                    match r.units.required {
                        Some(k) => format!("{}, {} term", units(k, &r.offering.unit), r.offering.term_label()),
                        None => "needs capacity and a unit price".into(),
                    }
                })/>
            <KeyFigure key="hybrid" title="Best hybrid"
                explain="The reserved count with the lowest total when everything above it spills to on-demand."
                value=show(|a| money(a.report.monthly.hybrid))
                note=show(|a| {
                    let r = &a.report;
                    match &r.hybrid {
                        Some(h) => format!("{} reserved, {} spills over", units(h.units, &r.offering.unit), percent(h.overflow_share)),
                        None if r.monthly.on_demand.is_none() => "no on-demand price to spill to".into(),
                        None => "needs capacity and a unit price".into(),
                    }
                })/>
            <KeyFigure key="break-even" title="Break-even utilization"
                explain="A reserved unit is cheaper than on-demand only when it is busier than this, on the chosen term (input and output pools combined where they are sold separately)."
                value=show(|a| a.report.break_even_utilization.map_or_else(|| "–".into(), break_even))
                note=show(|a| format!("{} term", a.report.offering.term_label()))/>
            <KeyFigure key="utilization" title="Average utilization"
                explain="How busy the reserved units are on average when provisioned for the sizing load."
                value=show(|a| a.report.full.as_ref().map_or_else(|| "–".into(), |f| percent(f.utilization)))
                note=show(|_| "at full provisioning".into())/>
        </dl>
    }
}

/// Term label helper on the report's offering summary.
trait TermLabel {
    fn term_label(&self) -> &'static str;
}

impl TermLabel for ptcalc_core::report::OfferingSummary {
    fn term_label(&self) -> &'static str {
        self.term.label()
    }
}

/// Units needed, raw and rounded, with the rule that rounded them.
#[component]
pub fn UnitsLine() -> impl IntoView {
    let calc = Calc::from_context();
    let text = move || {
        with_report(calc, |r| {
            let load = &r.load;
            let sizing = if load.sizing_percentile == 100 {
                String::from("the busiest minute")
            } else {
                format!("the P{} minute", load.sizing_percentile)
            };
            match (r.units.raw, r.units.required) {
                (Some(raw), Some(required)) if r.pools.len() == 1 => format!(
                    "Units needed: {} normalized tokens/min at {sizing} ÷ capacity per unit = {raw:.1} {} raw → {} (minimum {}, then steps of {}).",
                    compact(load.sizing_normalized_tpm),
                    plural(&r.offering.unit),
                    units(required, &r.offering.unit),
                    r.units.min_units,
                    r.units.increment,
                ),
                (Some(_), Some(required)) => format!(
                    "Units needed at {sizing}: {} in all, sized pool by pool ({}).",
                    group(required),
                    r.pools
                        .iter()
                        .map(|p| format!(
                            "{} pool: {}",
                            p.name,
                            p.required_units.map_or_else(|| "–".into(), |k| units(k, &p.unit))
                        ))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                _ => String::from("Units needed: enter the capacity per unit to size a reservation."),
            }
        })
    };
    view! { <p id="units" class="units">{text}</p> }
}

type SplitCells = [(&'static str, String); 6];

/// The figures of a split, each with the `data-fig` suffix the figure test reads
/// (`P50-units`, `optimum-total`, …).
fn split_cells(s: &Split) -> SplitCells {
    [
        ("units", group(s.units)),
        ("reserved", usd(s.reserved_usd)),
        ("overflow", usd(s.overflow_usd)),
        ("total", usd(s.total_usd)),
        ("utilization", percent(s.utilization)),
        ("overflow-share", percent(s.overflow_share)),
    ]
}

/// P50 … peak, the optimum and the user's own count on the chosen term.
#[component]
pub fn PointsTable() -> impl IntoView {
    let calc = Calc::from_context();
    let rows = move || {
        with_report(calc, |r| {
            let mut rows: Vec<(String, &'static str, SplitCells)> = r
                .points
                .iter()
                .map(|p| (p.label.clone(), "", split_cells(&p.split)))
                .collect();
            if let Some(h) = &r.hybrid {
                rows.push(("optimum".into(), "optimum", split_cells(h)));
            }
            if let Some(c) = &r.chosen {
                rows.push(("your units".into(), "chosen", split_cells(c)));
            }
            rows
        })
        .unwrap_or_default()
        .into_iter()
        .map(|(label, class, cells)| {
            let point = label.clone();
            view! {
                <tr class=class data-point=point>
                    <th scope="row">{label}</th>
                    {cells.into_iter().map(|(fig, c)| {
                        let fig = format!("{point}-{fig}");
                        view! { <td data-fig=fig>{c}</td> }
                    }).collect::<Vec<_>>()}
                </tr>
            }
        })
        .collect::<Vec<_>>()
    };
    let caption = move || {
        with_report(calc, |r| {
            let mut text = format!(
                "Provisioning points on the {} term: reserve for a percentile of per-minute load, spill the rest. Totals per month, batch included.",
                r.offering.term_label()
            );
            if r.pools.len() > 1 {
                text.push_str(" Units and figures are the input and output pools combined, each pool sized for its own percentile.");
            }
            text
        })
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Provisioning points table">
            <table id="points" class="data">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Point"</th>
                        <th scope="col">"Units"</th>
                        <th scope="col">"Reserved"</th>
                        <th scope="col">"Overflow"</th>
                        <th scope="col">"Total"</th>
                        <th scope="col">"Utilization"</th>
                        <th scope="col">"Overflow share"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Every priced term: unit price, full provisioning, hybrid, break-even, horizon totals.
/// The rows of the per-term table: the term the user asked about first, then the others from
/// the cheapest over the horizon (best of hybrid and full provisioning) up; unpriced last.
fn in_table_order(terms: &[TermRow], chosen: Term) -> Vec<&TermRow> {
    let cost = |t: &TermRow| match (t.horizon_hybrid, t.horizon_full) {
        (Some(h), Some(f)) => h.min(f),
        (h, f) => h.or(f).unwrap_or(f64::INFINITY),
    };
    let mut rows: Vec<&TermRow> = terms.iter().collect();
    // Stable: equal costs keep the report's order.
    rows.sort_by(|a, b| {
        (b.term == chosen)
            .cmp(&(a.term == chosen))
            .then(cost(a).total_cmp(&cost(b)))
    });
    rows
}

#[component]
pub fn TermsTable() -> impl IntoView {
    let calc = Calc::from_context();
    let rows = move || {
        with_report(calc, |r| {
            in_table_order(&r.terms, r.offering.term)
                .into_iter()
                .map(|t| {
                    let chosen = t.term == r.offering.term;
                    let break_even_volume =
                        match (&t.break_even_tokens_per_month, &t.break_even_never) {
                            (Some(v), _) => format!("above {} tokens/month", compact(*v)),
                            (None, Some(_)) => "never (see the note below)".into(),
                            _ => "–".into(),
                        };
                    // The chosen term's cells are the figures shown elsewhere too: marked for the figure test.
                    let fig = |name: &'static str| chosen.then_some(name);
                    let cells = vec![
                        (None, t.usd_per_unit_month.map_or_else(|| "–".into(), usd)),
                        (fig("full"), money(t.full_provisioned)),
                        (
                            None,
                            t.hybrid.as_ref().map_or_else(
                                || "–".into(),
                                |h| format!("{} ({})", usd(h.total_usd), units(h.units, &r.offering.unit)),
                            ),
                        ),
                        (fig("break-even"), t.break_even_utilization.map_or_else(|| "–".into(), break_even)),
                        (None, break_even_volume),
                        (None, money(t.horizon_full)),
                        (None, money(t.horizon_hybrid)),
                    ];
                    (term_title(t.term.as_str()), t.term.as_str(), chosen, cells)
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|(title, term, chosen, cells)| {
            view! {
                <tr class:chosen=chosen data-term=term>
                    <th scope="row">{title}{chosen.then_some(" (chosen)")}</th>
                    {cells.into_iter().map(|(fig, c)| view! { <td data-fig=fig>{c}</td> }).collect::<Vec<_>>()}
                </tr>
            }
        })
        .collect::<Vec<_>>()
    };
    // Why full provisioning never pays off, once per term, under the table.
    let never = move || {
        with_report(calc, |r| {
            r.terms
                .iter()
                .filter_map(|t| {
                    t.break_even_never.as_ref().map(|why| {
                        format!(
                            "{}: full provisioning never pays off: {why}.",
                            term_title(t.term.as_str())
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect::<Vec<_>>()
    };
    let caption = move || {
        with_report(calc, |r| {
            format!(
                "Every term, per month and over {} months ({}% monthly growth). All on-demand over the horizon: {}.",
                r.horizon_months,
                r.growth_percent,
                money(r.horizon_on_demand)
            )
        })
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Every term table">
            <table id="terms" class="data">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Term"</th>
                        <th scope="col">"Per unit-month"</th>
                        <th scope="col">"Full provisioning"</th>
                        <th scope="col">"Best hybrid"</th>
                        <th scope="col">"Break-even utilization"</th>
                        <th scope="col">"Full provisioning pays off"</th>
                        <th scope="col">"Horizon, full"</th>
                        <th scope="col">"Horizon, hybrid"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ul class="table-notes">{never}</ul>
    }
}

/// The core's warnings, each saying what to do.
#[component]
pub fn Warnings() -> impl IntoView {
    let calc = Calc::from_context();
    let items = move || {
        with_report(calc, |r| {
            r.warnings
                .iter()
                .map(|w| (w.code.as_str(), w.message.clone()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    view! {
        <Show when=move || !items().is_empty()>
            <section id="warnings" class="card warnings" aria-labelledby="warnings-title">
                <h2 id="warnings-title">"Watch out"</h2>
                <ul>
                    {move || items()
                        .into_iter()
                        .map(|(code, message)| view! { <li data-warning=code>{message}</li> })
                        .collect::<Vec<_>>()}
                </ul>
            </section>
        </Show>
    }
}

/// Shown when the current scenario cannot be evaluated: the results are the last good ones.
#[component]
pub fn EvaluationError() -> impl IntoView {
    let calc = Calc::from_context();
    // The one place the page turns an evaluation error into words.
    let message = move || {
        calc.outcome
            .with(|o| o.as_ref().err().map(ToString::to_string))
    };
    view! {
        {move || message().map(|m| view! {
            <div id="error" class="error-box" role="alert">
                <strong>"This scenario cannot be computed: "</strong>{m}
                {calc.shown.with(|a| a.is_some()).then_some(" The results below are for the last scenario that could.")}
            </div>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_term_asked_about_leads_and_the_others_follow_from_the_cheapest() {
        let s = ptcalc_core::link::parse("v=1&t=1m").scenario;
        let base = crate::resolve::base_offering(&s).expect("resolves");
        let a = crate::resolve::evaluate(&s, &base).expect("evaluates");
        let rows = in_table_order(&a.report.terms, Term::Month1);
        assert_eq!(rows.len(), a.report.terms.len());
        assert_eq!(rows[0].term, Term::Month1);
        let cost = |t: &TermRow| t.horizon_hybrid.expect("priced");
        assert!(
            rows[1..].windows(2).all(|w| cost(w[0]) <= cost(w[1])),
            "{:?}",
            rows.iter().map(|t| (t.term, cost(t))).collect::<Vec<_>>()
        );
        // The 1-year term is cheaper than the chosen 1-month term here: order is not cost alone.
        assert!(cost(rows[1]) < cost(rows[0]));
    }
}
