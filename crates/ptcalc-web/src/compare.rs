//! The comparison panel: the scenario's workload on other offerings, each at its best,
//! ranked by monthly cost (`Catalog::compare_with`, the month's traffic the page already
//! holds), with what each commitment locks you into, a bar chart of monthly cost, and the
//! list of offerings in the link as `cmp=`. Computed only while the panel is open, after the
//! edit's frame has been painted, so an edit never waits for a hundred evaluations.
use std::sync::Arc;

use leptos::prelude::*;
use ptcalc_core::link::{LinkProblem, LinkWarning};
use ptcalc_core::numfmt::{percent, usd, usd_compact};
use ptcalc_core::report::{BestOption, MissingFigure, MonthTraffic};
use ptcalc_core::scenario::Presentation;
use ptcalc_core::Scenario;
use ptcalc_ratecards::{
    comparison_csv, AnswerRange, Catalog, CompareError, Comparison, ComparisonDocument, Date,
    Flexibility, OfferingChoice, Opened, Row, Selection, Sourced, COMPARE_NOTE,
};

use crate::cards::{as_of, Cards};
use crate::form::PresentationSignal;
use crate::state::Calc;

/// The link key the list lives in.
const KEY: &str = "cmp";

/// The selection `cmp=` words make: none is the scenario's model wherever the cards sell it.
pub fn selection_of(words: &[String]) -> Selection {
    if words.is_empty() {
        Selection::SameModel
    } else {
        Selection::List(words.to_vec())
    }
}

/// The opening link's `cmp=` with the words the cards cannot serve left out, each named in
/// a `(key, why)` problem beside the link's others (the notice lists them; the address bar
/// then holds the repaired list).
pub fn repair_link(
    mut presentation: Presentation,
    mut problems: Vec<LinkWarning>,
    cards: &Cards,
    scenario: &Scenario,
    today: Date,
) -> (Presentation, Vec<LinkWarning>) {
    let at = as_of(scenario, today);
    presentation.compare.retain(|word| {
        let one = Selection::List(vec![word.clone()]);
        match cards.catalog.compare_choices(scenario, &one, at) {
            Ok(_) => true,
            Err(e) => {
                problems.push(LinkWarning {
                    key: KEY.to_string(),
                    problem: LinkProblem::BadValue,
                    message: e.to_string(),
                });
                false
            }
        }
    });
    (presentation, problems)
}

/// The comparison of the page's scenario (as evaluated, `Calc::opened`) on the offerings
/// `words` name, reusing the page's month of traffic.
///
/// # Errors
/// A word the cards cannot serve (an organization's card removed since), an offering that
/// cannot be evaluated.
pub fn compare(
    catalog: &Catalog,
    opened: &Opened,
    words: &[String],
    traffic: Option<&MonthTraffic>,
) -> Result<Comparison, CompareError> {
    catalog.compare_with(opened, &selection_of(words), traffic)
}

/// The file `ptcalc compare '<link>' --format json|csv` prints.
///
/// # Errors
/// serde_json cannot write a number (as a sentence).
pub fn export_text(c: &Comparison, opened: &Opened, json: bool) -> Result<String, String> {
    if json {
        ComparisonDocument::new(c, opened)
            .json()
            .map_err(|e| e.to_string())
    } else {
        Ok(comparison_csv(c))
    }
}

/// The comparison export of the page as it stands (the scenario as evaluated, the link's
/// `cmp=`): `(file name, text, MIME type)`, what `ptcalc compare '<link>' --format json|csv`
/// prints. Computed on the click, so it works with the panel closed.
///
/// # Errors
/// The comparison cannot be made, or serde_json cannot write a number (as a sentence).
pub fn export_file(
    calc: Calc,
    words: &[String],
    json: bool,
) -> Result<(String, String, &'static str), String> {
    let opened = calc.opened.get_untracked();
    let traffic = calc.traffic.get_untracked();
    let c = calc
        .cards
        .with_untracked(|cards| compare(&cards.catalog, &opened, words, traffic.as_deref()))
        .map_err(|e| format!("{KEY}=: {e}"))?;
    let text = export_text(&c, &opened, json)?;
    let (ext, mime) = if json {
        ("json", "application/json")
    } else {
        ("csv", "text/csv")
    };
    let date = opened.as_of.date.to_string();
    let name = crate::export::file_name(&opened.scenario, "comparison", ext, &date);
    Ok((name, text, mime))
}

/// How a list names one offering: `id`, or `id~deployment` when it names one.
fn word_of(c: &OfferingChoice) -> String {
    match c.deployment {
        Some(d) => format!("{}~{}", c.id, d.as_str()),
        None => c.id.clone(),
    }
}

/// The explicit list the current words stand for, without the scenario's own offering.
fn others(catalog: &Catalog, s: &Scenario, words: &[String], today: Date) -> Vec<OfferingChoice> {
    catalog
        .compare_choices(s, &selection_of(words), as_of(s, today))
        .map(|mut c| {
            if !c.is_empty() {
                c.remove(0);
            }
            c
        })
        .unwrap_or_default()
}

/// `cmp=` after adding offering `id` to the list `words` stands for.
pub fn words_after_add(
    catalog: &Catalog,
    s: &Scenario,
    words: &[String],
    id: &str,
    today: Date,
) -> Vec<String> {
    let mut list = others(catalog, s, words, today);
    if list.iter().any(|c| c.id == id) || s.offering == id {
        return words.to_vec();
    }
    list.push(OfferingChoice {
        id: id.to_string(),
        deployment: None,
    });
    list.iter().map(word_of).collect()
}

/// `cmp=` after removing `row` from the list `words` stands for; the list of the scenario's
/// own offering alone when nothing else is left.
pub fn words_after_remove(
    catalog: &Catalog,
    s: &Scenario,
    words: &[String],
    row: &Row,
    today: Date,
) -> Vec<String> {
    let list: Vec<String> = others(catalog, s, words, today)
        .into_iter()
        .filter(|c| !(c.id == row.offering && c.deployment.is_none_or(|d| d == row.deployment)))
        .map(|c| word_of(&c))
        .collect();
    if list.is_empty() {
        vec![format!("{}~{}", s.offering, s.deployment.as_str())]
    } else {
        list
    }
}

/// The offerings whose id, name, vendor or model holds every word of `query` (any case),
/// at most `limit`: `(id, name)`.
pub fn search(catalog: &Catalog, query: &str, limit: usize) -> Vec<(String, String)> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    if words.is_empty() {
        return Vec::new();
    }
    catalog
        .entries()
        .iter()
        .filter(|e| {
            let text =
                format!("{} {} {} {}", e.id, e.name, e.vendor.as_str(), e.model).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .take(limit)
        .map(|e| (e.id.clone(), e.name.clone()))
        .collect()
}

fn fact<T>(f: &Option<Sourced<T>>, words: impl Fn(&T) -> String) -> String {
    f.as_ref()
        .map(|f| words(&f.value))
        .unwrap_or_else(|| "not published".into())
}

fn yes_no(v: &bool) -> String {
    String::from(if *v { "yes" } else { "no" })
}

/// What committing locks you into, in short words ("1y: cancel no · refund no · exchange
/// yes · resize increase only · model no · above it spills to pay-as-you-go"); a fact the
/// cards lack is "not published".
pub fn lock_words(f: Option<&Flexibility>) -> String {
    let Some(f) = f else {
        return "your own figures".into();
    };
    let refund = match (&f.refundable, f.refund_cap_usd_per_12_months) {
        (Some(r), Some(cap)) if r.value => format!("yes, up to {} a year", usd(cap)),
        (r, _) => fact(r, yes_no),
    };
    format!(
        "{}: cancel {} · refund {} · exchange {} · resize {} · model change {} · above it {}{}",
        f.term.as_str(),
        fact(&f.cancellable, yes_no),
        refund,
        fact(&f.exchangeable, yes_no),
        fact(&f.resizable, |r| r.words().into()),
        fact(&f.model_change, |m| m.words().into()),
        fact(&f.overflow, |o| o.words().into()),
        if f.throughput_per_unit_published.value {
            ""
        } else {
            " · throughput per unit not published"
        }
    )
}

/// The figures the cards lack, in words.
pub fn missing_words(missing: &[MissingFigure]) -> String {
    let names: Vec<&str> = missing
        .iter()
        .map(|m| match m {
            MissingFigure::Capacity => "throughput per unit",
            MissingFigure::UnitPrice => "unit price",
            MissingFigure::OnDemandPrice => "on-demand prices",
        })
        .collect();
    format!("{}: not published", names.join(", "))
}

fn money(v: Option<f64>) -> String {
    v.map(usd).unwrap_or_else(|| "not published".into())
}

/// The chart's text alternative: each offering's monthly cost and answer, cheapest first.
pub fn chart_description(c: &Comparison) -> String {
    let parts: Vec<String> = c
        .rows
        .iter()
        .map(|r| {
            format!(
                "{}{} ({}): {}, {}",
                r.rank,
                if r.own { " (current)" } else { "" },
                r.offering,
                r.monthly_usd
                    .map(|m| format!("{} per month", usd(m)))
                    .unwrap_or_else(|| "no cost: a figure is not published".into()),
                ptcalc_core::verdict::best_words(r.best.as_ref(), &r.unit, "not published")
            )
        })
        .collect();
    format!(
        "Monthly cost by offering, cheapest first: {}.",
        parts.join("; ")
    )
}

/// What the panel needs to compute a comparison, taken once the edit's frame is painted.
#[derive(Clone)]
struct Inputs {
    opened: Opened,
    traffic: Option<Arc<MonthTraffic>>,
    catalog: Arc<Catalog>,
    words: Vec<String>,
}

/// The comparison panel, below the results (and the `compare` embed panel).
#[component]
pub fn ComparePanel() -> impl IntoView {
    let calc = Calc::from_context();
    let shown_as = PresentationSignal::from_context().0;
    let (embedded, named) = shown_as.with_untracked(|p| (p.embed, !p.compare.is_empty()));
    // Closed by default, so the page never computes it; open when the link names a list
    // or the panel is embedded.
    let open = RwSignal::new(embedded || named);
    let words = Memo::new(move |_| shown_as.with(|p| p.compare.clone()));
    let settled = RwSignal::new(None::<Inputs>);
    let pending = RwSignal::new(false);
    // The inputs are taken after the next painted frame: the edit's frame shows the verdict
    // and charts first, and edits within one frame compute once, the latest.
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        calc.opened.track();
        calc.traffic.track();
        calc.cards.track();
        words.track();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    pending.set(false);
                    settled.set(Some(Inputs {
                        opened: calc.opened.get_untracked(),
                        traffic: calc.traffic.get_untracked(),
                        catalog: calc.cards.with_untracked(|c| Arc::clone(&c.catalog)),
                        words: words.get_untracked(),
                    }));
                },
                std::time::Duration::ZERO,
            );
        });
    });
    let comparison = Memo::new(move |_| {
        settled.with(|i| {
            i.as_ref().map(|i| {
                crate::perf::measure("ptcalc:compare", || {
                    compare(&i.catalog, &i.opened, &i.words, i.traffic.as_deref())
                        .map(Arc::new)
                        .map_err(|e| format!("{KEY}=: {e}"))
                })
            })
        })
    });
    let busy = move || pending.get() || settled.with(Option::is_none);

    let set_words = move |w: Vec<String>| shown_as.update(|p| p.compare = w);
    let remove = move |row: Row| {
        let s = calc.opened.get_untracked().scenario;
        let w = calc.cards.with_untracked(|c| {
            words.with_untracked(|w| words_after_remove(&c.catalog, &s, w, &row, calc.today))
        });
        set_words(w);
    };
    let table = move || {
        comparison.with(|c| match c {
            None => view! { <p class="compare-wait">"Comparing…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="compare-error" role="alert">{e.clone()}</p> }.into_any(),
            Some(Ok(c)) => {
                let rows = c
                    .rows
                    .iter()
                    .map(|r| {
                        let row = r.clone();
                        let best = ptcalc_core::verdict::best_words(r.best.as_ref(), &r.unit, "not published");
                        let best = if r.missing.is_empty() {
                            best
                        } else {
                            format!("{best} ({})", missing_words(&r.missing))
                        };
                        let break_even = match (r.break_even_utilization, r.break_even_term) {
                            (Some(u), Some(t)) => format!("{} ({})", percent(u), t.as_str()),
                            _ => "not published".into(),
                        };
                        view! {
                            <tr data-offering=r.offering.clone() data-deployment=r.deployment.as_str() data-own=r.own.to_string() class:own=r.own>
                                <td>{r.rank}</td>
                                <th scope="row">
                                    {r.offering.clone()}" ("{r.deployment.as_str()}")"
                                    {r.own.then(|| view! { <strong class="current">" current"</strong> })}
                                    <br/><span class="compare-name">{r.name.clone()}</span>
                                </th>
                                <td>{best}</td>
                                <td class="num" data-monthly=r.monthly_usd.map(|m| m.to_string()).unwrap_or_default()>{money(r.monthly_usd)}</td>
                                <td class="num">{money(r.saving_vs_on_demand_usd)}{r.saving_share.map(|s| format!(" ({})", percent(s)))}</td>
                                <td class="num">{break_even}</td>
                                <td class="num">{r.usd_per_mtok.map(|v| format!("${v:.3}")).unwrap_or_else(|| "not published".into())}</td>
                                <td>{r.shortest_winning_term.map(|t| t.as_str().to_string()).unwrap_or_else(|| "none".into())}</td>
                                <td>{AnswerRange::words(r.answer_range)}</td>
                                <td class="compare-lock">{lock_words(r.flexibility.as_ref())}</td>
                                <td>
                                    {(!r.own).then(|| {
                                        let label = format!("Remove {} ({})", r.offering, r.deployment.as_str());
                                        view! { <button type="button" class="compare-remove" aria-label=label on:click=move |_| remove(row.clone())>"Remove"</button> }
                                    })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Comparison table">
                        <table id="compare-table" class="data">
                            <caption>{format!("One workload on {} offerings, cheapest first", c.rows.len())}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"#"</th>
                                    <th scope="col">"Offering (deployment)"</th>
                                    <th scope="col">"Best at this traffic"</th>
                                    <th scope="col">"Per month"</th>
                                    <th scope="col">"Saving vs its on-demand"</th>
                                    <th scope="col">"Break-even utilization"</th>
                                    <th scope="col">"$ per 1M tokens"</th>
                                    <th scope="col">"Shortest winning term"</th>
                                    <th scope="col">"Answer holds for traffic"</th>
                                    <th scope="col">"What the commitment locks you into"</th>
                                    <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <CompareChart comparison=Arc::clone(c)/>
                }
                .into_any()
            }
        })
    };

    view! {
        <details
            id="compare"
            class="card compare"
            prop:open=move || open.get()
            on:toggle=move |ev| {
                let now = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                if now != open.get_untracked() {
                    open.set(now);
                }
            }
        >
            <summary><h2 id="compare-title">"Compare offerings"</h2></summary>
            <p id="compare-note" class="compare-note">{COMPARE_NOTE}</p>
            <CompareList set_words=Callback::new(set_words)/>
            <div aria-live="polite" aria-busy=move || busy().to_string()>{table}</div>
        </details>
    }
}

/// Adding offerings: search by vendor or model, every offering, or the default list.
#[component]
fn CompareList(set_words: Callback<Vec<String>>) -> impl IntoView {
    let calc = Calc::from_context();
    let shown_as = PresentationSignal::from_context().0;
    let query = RwSignal::new(String::new());
    let matches = Memo::new(move |_| query.with(|q| calc.cards.with(|c| search(&c.catalog, q, 8))));
    let add = move |id: String| {
        let s = calc.opened.get_untracked().scenario;
        let w = calc.cards.with_untracked(|c| {
            shown_as
                .with_untracked(|p| words_after_add(&c.catalog, &s, &p.compare, &id, calc.today))
        });
        set_words.run(w);
        query.set(String::new());
    };
    let listed = move || {
        shown_as.with(|p| {
            if p.compare.is_empty() {
                "the scenario's model wherever the rate cards sell it".to_string()
            } else {
                p.compare.join(", ")
            }
        })
    };
    view! {
        <div class="compare-list">
            <p>"Compared on: " <span id="compare-words">{listed}</span></p>
            <label for="compare-search">"Add an offering (search by vendor or model)"</label>
            <input
                id="compare-search"
                type="search"
                autocomplete="off"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <ul id="compare-matches" class="compare-matches">
                {move || matches.get().into_iter().map(|(id, name)| {
                    let target = id.clone();
                    view! {
                        <li><button type="button" data-add=id.clone() on:click=move |_| add(target.clone())>
                            "Add " {id.clone()} <span class="compare-name">" — "{name}</span>
                        </button></li>
                    }
                }).collect_view()}
            </ul>
            <p class="compare-actions">
                <button type="button" id="compare-all" on:click=move |_| set_words.run(vec!["all".into()])>"All offerings"</button>" "
                <button type="button" id="compare-default" on:click=move |_| set_words.run(Vec::new())>"Default list"</button>
            </p>
        </div>
    }
}

/// Monthly cost by offering as horizontal bars, coloured by the best answer's option, with
/// the figures as its text alternative (the table above holds the same numbers).
#[component]
fn CompareChart(comparison: Arc<Comparison>) -> impl IntoView {
    const WIDTH: f64 = 720.0;
    const LABEL: f64 = 250.0;
    const BAR: f64 = 18.0;
    const GAP: f64 = 6.0;
    let c = comparison;
    let max = c
        .rows
        .iter()
        .filter_map(|r| r.monthly_usd)
        .fold(0.0_f64, f64::max);
    let height = (BAR + GAP) * c.rows.len() as f64 + GAP;
    let span = WIDTH - LABEL - 90.0;
    let bars = c
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = GAP + i as f64 * (BAR + GAP);
            let w = match r.monthly_usd {
                Some(m) if max > 0.0 => (m / max * span).max(1.0),
                _ => 0.0,
            };
            let class = match r.best.as_ref().map(|b| b.option) {
                Some(BestOption::OnDemand) => "bar on-demand",
                Some(BestOption::Full) => "bar full",
                Some(_) => "bar hybrid",
                None => "bar none",
            };
            let label = format!(
                "{}{} ({})",
                if r.own { "▶ " } else { "" },
                r.offering,
                r.deployment.as_str()
            );
            let value = r
                .monthly_usd
                .map(usd_compact)
                .unwrap_or_else(|| "not published".into());
            view! {
                <g>
                    <text x=LABEL - 6.0 y=y + BAR * 0.75 text-anchor="end" class="label" font-weight=if r.own { "bold" } else { "normal" }>{label}</text>
                    <rect x=LABEL y=y width=w height=BAR class=class/>
                    <text x=LABEL + w + 4.0 y=y + BAR * 0.75 class="value">{value}</text>
                </g>
            }
        })
        .collect_view();
    let description = chart_description(&c);
    view! {
        <figure class="compare-chart">
            <svg
                id="compare-chart"
                role="img"
                aria-labelledby="compare-chart-title compare-chart-desc"
                viewBox=format!("0 0 {WIDTH} {height}")
                width="100%"
            >
                <title id="compare-chart-title">"Monthly cost by offering"</title>
                <desc id="compare-chart-desc">{description}</desc>
                {bars}
            </svg>
            <figcaption>
                "Monthly cost of each offering's best answer: "
                <span class="key on-demand">"on-demand"</span>", "
                <span class="key full">"full provisioning"</span>", "
                <span class="key hybrid">"hybrid"</span>"; ▶ the current offering. The table above has the same figures."
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ptcalc_core::link;

    const TODAY: &str = "2026-11-27";

    fn today() -> Date {
        TODAY.parse().expect("date")
    }

    fn opened(query: &str) -> Opened {
        Cards::default().open_scenario(link::parse(query).scenario, today())
    }

    #[test]
    fn the_exports_are_the_cli_output_of_the_link() {
        let query = "v=1&in=2M&out=200k&cmp=azure/gpt-4.1~datazone,openai/gpt-4.1-scale";
        let o = opened(query);
        let words = link::parse(query).presentation.compare;
        let traffic =
            MonthTraffic::build(&ptcalc_core::report::TrafficInputs::of(&o.scenario)).ok();
        let page =
            compare(ptcalc_ratecards::catalog(), &o, &words, traffic.as_ref()).expect("compares");
        let cli_opened = ptcalc_ratecards::catalog().open_link_on(query, today());
        let cli = ptcalc_ratecards::catalog()
            .compare(&cli_opened, &Selection::List(words))
            .expect("compares");
        assert_eq!(
            export_text(&page, &o, true).expect("json"),
            ComparisonDocument::new(&cli, &cli_opened)
                .json()
                .expect("json")
        );
        assert_eq!(
            export_text(&page, &o, false).expect("csv"),
            comparison_csv(&cli)
        );
        assert_eq!(page.rows.iter().filter(|r| r.own).count(), 1);
    }

    #[test]
    fn an_unknown_offering_in_the_link_is_a_problem_naming_the_key() {
        let s = link::parse("v=1").scenario;
        let p = link::parse("v=1&cmp=nope/x,openai/gpt-4.1-scale").presentation;
        let (p, problems) = repair_link(p, Vec::new(), &Cards::default(), &s, today());
        assert_eq!(p.compare, ["openai/gpt-4.1-scale"]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "cmp");
        assert!(
            problems[0].message.contains("nope/x"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn adding_and_removing_rewrite_the_list_explicitly() {
        let catalog = ptcalc_ratecards::catalog();
        let s = link::parse("v=1").scenario;
        let added = words_after_add(catalog, &s, &[], "vertex/gemini-2.5-flash", today());
        assert!(
            added.contains(&"vertex/gemini-2.5-flash".to_string()),
            "{added:?}"
        );
        assert!(
            added.iter().any(|w| w.starts_with("openai/gpt-4.1-scale")),
            "{added:?}"
        );
        // Adding what is listed changes nothing.
        assert_eq!(
            words_after_add(catalog, &s, &added, "vertex/gemini-2.5-flash", today()),
            added
        );
        let o = opened("v=1");
        let c = compare(catalog, &o, &added, None).expect("compares");
        let row = c
            .rows
            .iter()
            .find(|r| r.offering == "vertex/gemini-2.5-flash")
            .expect("row");
        let removed = words_after_remove(catalog, &s, &added, row, today());
        assert!(
            !removed.iter().any(|w| w.starts_with("vertex/")),
            "{removed:?}"
        );
        let own = c.rows.iter().find(|r| r.own).expect("own");
        let alone = words_after_remove(
            catalog,
            &s,
            &["vertex/gemini-2.5-flash".into()],
            row,
            today(),
        );
        assert_eq!(
            alone,
            [format!("{}~{}", own.offering, own.deployment.as_str())]
        );
    }

    #[test]
    fn search_matches_vendor_and_model_words_in_any_case() {
        let catalog = ptcalc_ratecards::catalog();
        let hits = search(catalog, "Vertex gemini", 50);
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|(id, _)| id.starts_with("vertex/")));
        assert!(search(catalog, "  ", 5).is_empty());
        assert!(search(catalog, "gpt", 3).len() <= 3);
    }

    #[test]
    fn every_row_and_missing_fact_has_words() {
        let o = opened("v=1&in=2M&out=200k");
        let c = compare(ptcalc_ratecards::catalog(), &o, &["all".into()], None).expect("compares");
        for r in &c.rows {
            assert!(!lock_words(r.flexibility.as_ref()).is_empty());
        }
        assert!(c
            .rows
            .iter()
            .any(|r| lock_words(r.flexibility.as_ref()).contains("not published")));
        let text = chart_description(&c);
        assert!(text.contains("(current)"), "{text}");
        assert_eq!(
            missing_words(&[MissingFigure::Capacity]),
            "throughput per unit: not published"
        );
    }
}
