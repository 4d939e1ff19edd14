//! The page's workloads (issue 17): the scenario the form edits (`Calc::scenario`) is one
//! workload of a portfolio, the others wait in a signal, and the address bar carries them
//! all (`ptcalc_core::link::portfolio`). With two or more, the portfolio is priced as
//! `ptcalc portfolio` prices it (`ptcalc_core::portfolio`) and shown before the single
//! answer; with one, nothing but a folded "Workloads" line is added to the page.
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use ptcalc_core::link::portfolio::{format_portfolio, split, PortfolioWarning};
use ptcalc_core::numfmt::compact;
use ptcalc_core::numfmt::{percent, usd};
use ptcalc_core::portfolio::{
    evaluate_portfolio_given, pool_weeks_given, workload_name, PoolResult, PoolWeek, Portfolio,
    Rule, ShapleyJob, WorkloadResult, HOURS_PER_WEEK,
};
use ptcalc_core::report::{evaluate, Analysis};
use ptcalc_core::scenario::Presentation;
use ptcalc_core::{Offering, Scenario};
use ptcalc_ratecards::{portfolio_answer, Date};

use crate::cards::Cards;
use crate::state::Calc;

/// The largest pool split by Shapley inside an edit (2^6 = 64 pooled evaluations); a larger
/// one is split in the background ([`SHAPLEY_TASK_MS`] at a time), and only while the
/// Shapley rule is shown.
pub const SHAPLEY_IN_EDIT_MAX: usize = 6;
/// The work of one background step of a large pool's Shapley split before the browser gets
/// the main thread back (to paint and handle input): subsets are priced until this much
/// time has passed (one subset of a 730-hour month takes about 0.5 ms in WebAssembly).
const SHAPLEY_TASK_MS: f64 = 6.0;
/// The longest workload name (`name=`).
const MAX_NAME_CHARS: usize = 40;

/// A portfolio priced, or why not.
type Priced = Result<Arc<Portfolio>, String>;

/// The workloads, `Copy` for every component; provided as context by [`Workloads::install`].
#[derive(Clone, Copy, Debug)]
pub struct Workloads {
    /// Every workload but the one the form edits, in order.
    others: RwSignal<Vec<Scenario>>,
    /// Where the edited workload sits among them.
    editing: RwSignal<usize>,
    /// Every workload, in order, the edited one in its place.
    pub all: Memo<Vec<Scenario>>,
    /// The whole portfolio's query for the address bar, or why it cannot be one link.
    pub query: Memo<Result<String, String>>,
    /// The chargeback rule shown.
    rule: RwSignal<Rule>,
    /// The portfolio with two or more workloads (Shapley left out of large pools).
    portfolio: Memo<Option<Priced>>,
    /// The full Shapley split of large pools, for the workloads it was computed on.
    shapley: RwSignal<Option<(Vec<Scenario>, Priced)>>,
    /// The share of the background Shapley split done (0 to 1), while one runs.
    shapley_progress: RwSignal<Option<f64>>,
    /// Bumped to cancel the background split under way (an edit, another rule).
    shapley_run: StoredValue<u64>,
    /// What the opening link's further workloads could not use.
    problems: StoredValue<Vec<PortfolioWarning>>,
    /// Each workload's own evaluation from the last pricing (reused by the next one and by
    /// the load charts).
    kept: StoredValue<Kept>,
}

/// Prices `list` as `ptcalc portfolio` does: each workload opened on `today`, its offering
/// read at its own day and edition.
#[cfg(test)]
fn price(cards: &Cards, today: Date, list: &[Scenario], shapley_up_to: usize) -> Priced {
    ptcalc_core::portfolio::evaluate_portfolio_with(
        &opened_pairs(cards, today, list)?,
        shapley_up_to,
    )
    .map(Arc::new)
    .map_err(|e| e.to_string())
}

/// Each workload's own evaluation from the last pricing, by its opened scenario and offering.
type Kept = Vec<(Scenario, Offering, Arc<Analysis>)>;

/// The kept evaluation of each of `pairs` (same opened scenario and offering), if any.
fn kept_for(kept: &Kept, pairs: &[(Scenario, Offering)]) -> Vec<Option<Arc<Analysis>>> {
    pairs
        .iter()
        .map(|(s, o)| {
            kept.iter()
                .find(|(ks, ko, _)| ks == s && ko == o)
                .map(|(_, _, a)| Arc::clone(a))
        })
        .collect()
}

/// [`price`], reusing the evaluations in `kept` of the workloads that did not change (an
/// edit changes one workload: 9 of 10 evaluations, about 14 ms in the page, are reused) and
/// keeping this pricing's for the next. The same figures to the bit
/// (`evaluate_portfolio_given`, property-tested in ptcalc-core's `tests/portfolio.rs`).
fn price_keeping(
    cards: &Cards,
    today: Date,
    list: &[Scenario],
    shapley_up_to: usize,
    kept: StoredValue<Kept>,
) -> Priced {
    let pairs = opened_pairs(cards, today, list)?;
    let analyses: Vec<Option<Arc<Analysis>>> = kept
        .with_value(|k| kept_for(k, &pairs))
        .into_iter()
        .zip(&pairs)
        // A workload the model refuses is left to the portfolio, which names it.
        .map(|(a, (s, o))| a.or_else(|| evaluate(s, o).ok().map(Arc::new)))
        .collect();
    kept.set_value(
        pairs
            .iter()
            .zip(&analyses)
            .filter_map(|((s, o), a)| a.as_ref().map(|a| (s.clone(), o.clone(), Arc::clone(a))))
            .collect(),
    );
    let given: Vec<Option<&Analysis>> = analyses.iter().map(|a| a.as_deref()).collect();
    evaluate_portfolio_given(&pairs, &given, shapley_up_to)
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

/// Each workload of `list` opened on `today` with its offering read at its own day and
/// edition, as `ptcalc portfolio` opens them.
fn opened_pairs(
    cards: &Cards,
    today: Date,
    list: &[Scenario],
) -> Result<Vec<(Scenario, Offering)>, String> {
    let mut pairs = Vec::with_capacity(list.len());
    for (i, s) in list.iter().enumerate() {
        let opened = cards.open_scenario(s.clone(), today);
        let offering = cards
            .catalog
            .offering_for_as_of(&opened.scenario, opened.as_of)
            .map_err(|e| format!("{}: {e}", workload_name(s, i)))?;
        pairs.push((opened.scenario, offering));
    }
    Ok(pairs)
}

/// Fill colours of the stacked workloads, bottom first (repeated past six).
const STACK_COLOURS: [&str; 6] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
];

/// The stacked areas of `week` as SVG path data in a `width`×`height` box (y down), bottom
/// first, the reserved capacity's y, and the top of the scale (tokens per minute).
fn stacked_paths(week: &PoolWeek, width: f64, height: f64) -> (Vec<String>, Option<f64>, f64) {
    let hours = HOURS_PER_WEEK;
    let mut below = vec![0.0; hours];
    let tops: Vec<Vec<f64>> = week
        .hourly_tpm
        .iter()
        .map(|h| {
            for (b, v) in below.iter_mut().zip(h) {
                *b += v;
            }
            below.clone()
        })
        .collect();
    let peak = below.iter().copied().fold(0.0, f64::max);
    let scale = peak.max(week.reserved_tpm.unwrap_or(0.0)) * 1.05;
    let scale = if scale > 0.0 { scale } else { 1.0 };
    let x = |h: usize| h as f64 * width / (hours - 1) as f64;
    let y = |v: f64| height - v / scale * height;
    let zero = vec![0.0; hours];
    let paths = tops
        .iter()
        .enumerate()
        .map(|(k, top)| {
            let bottom = if k == 0 { &zero } else { &tops[k - 1] };
            let mut d = String::new();
            for (h, v) in top.iter().enumerate() {
                d.push_str(&format!(
                    "{}{:.1},{:.1} ",
                    if h == 0 { 'M' } else { 'L' },
                    x(h),
                    y(*v)
                ));
            }
            for (h, v) in bottom.iter().enumerate().rev() {
                d.push_str(&format!("L{:.1},{:.1} ", x(h), y(*v)));
            }
            d.push('Z');
            d
        })
        .collect();
    (paths, week.reserved_tpm.map(y), scale)
}

/// "Mon 13:00": an hour of the week, minute 0 = Monday 00:00.
fn hour_label(hour: usize) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    format!("{} {:02}:00", DAYS[(hour / 24) % 7], hour % 24)
}

/// One pool's stacked load chart: who fills which hours of a representative week, the
/// reserved capacity as a line, with a title, a description and the data as a table.
fn pool_chart(index: usize, week: &PoolWeek) -> impl IntoView {
    let (width, height) = (720.0, 220.0);
    let (paths, reserved_y, scale) = stacked_paths(week, width, height);
    let title_id = format!("pool-load-title-{}", index + 1);
    let desc_id = format!("pool-load-desc-{}", index + 1);
    let reserved = match week.reserved_tpm {
        Some(r) => format!(
            "; the dashed line is the reserved capacity, {} tokens per minute",
            compact(r)
        ),
        None => String::from(
            "; nothing reserved, or capacity counted in several dimensions, so no line",
        ),
    };
    let description = format!(
        "Mean tokens per minute of each hour of a week from Monday 00:00, stacked by workload ({}), up to {}{reserved}.",
        week.workloads.join(", "),
        compact(scale / 1.05)
    );
    let areas = paths
        .into_iter()
        .enumerate()
        .map(|(k, d)| {
            let name = week.workloads.get(k).cloned().unwrap_or_default();
            let tip = name.clone();
            view! { <path d=d fill=STACK_COLOURS[k % STACK_COLOURS.len()] fill-opacity="0.85" data-workload=name><title>{tip}</title></path> }
        })
        .collect_view();
    let line = reserved_y.map(|y| {
        view! { <line class="reserved" x1="0" x2=width.to_string() y1=format!("{y:.1}") y2=format!("{y:.1}") stroke="currentColor" stroke-width="2" stroke-dasharray="6 4"/> }
    });
    let legend = week
        .workloads
        .iter()
        .enumerate()
        .map(|(k, name)| {
            view! { <li><span class="swatch" style:background=STACK_COLOURS[k % STACK_COLOURS.len()] aria-hidden="true"></span>{name.clone()}</li> }
        })
        .collect_view();
    let headers = week
        .workloads
        .iter()
        .map(|n| view! { <th scope="col">{n.clone()}</th> })
        .collect_view();
    let rows = (0..HOURS_PER_WEEK)
        .map(|h| {
            let cells = week
                .hourly_tpm
                .iter()
                .map(|series| view! { <td>{compact(series.get(h).copied().unwrap_or(0.0))}</td> })
                .collect_view();
            view! { <tr><th scope="row">{hour_label(h)}</th>{cells}</tr> }
        })
        .collect_view();
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <figure class="pool-load" data-pool=(index + 1).to_string()>
            <svg role="img" aria-labelledby=labelled_by viewBox=format!("0 0 {width} {height}") preserveAspectRatio="none" width="100%" height="220">
                <title id=title_id>{format!("Pool {}: who fills which hours of a week", index + 1)}</title>
                <desc id=desc_id>{description.clone()}</desc>
                {areas}
                {line}
            </svg>
            <figcaption>{description}</figcaption>
            <ul class="legend">{legend}</ul>
            <details>
                <summary>{format!("Pool {}'s week as a table (tokens per minute)", index + 1)}</summary>
                <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Pool {} load table", index + 1)>
                    <table class="data pool-load-table">
                        <thead><tr><th scope="col">"Hour"</th>{headers}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

/// Each pool's stacked load chart (from `ptcalc_core::portfolio::pool_weeks_given`, with the
/// pricing's kept evaluations). The weeks are worked out after the next painted frame, so an
/// edit's frame shows the portfolio's new figures without waiting for the charts, which are
/// below them (a chart and its 168-row table per pool); edits within one frame draw once,
/// the latest.
#[component]
pub fn PoolLoadCharts() -> impl IntoView {
    let w = expect_context::<Workloads>();
    let calc = Calc::from_context();
    let weeks = RwSignal::new(None::<Vec<PoolWeek>>);
    let pending = StoredValue::new(false);
    Effect::new(move |_| {
        w.portfolio.track();
        w.all.track();
        calc.cards.track();
        if pending.get_value() {
            return;
        }
        pending.set_value(true);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    pending.set_value(false);
                    if weeks.is_disposed() {
                        return;
                    }
                    let Some(Ok(p)) = w.portfolio.get_untracked() else {
                        weeks.set(None);
                        return;
                    };
                    let next = crate::perf::measure("ptcalc:portfolio-weeks", || {
                        let pairs = w
                            .all
                            .with_untracked(|l| {
                                calc.cards
                                    .with_untracked(|c| opened_pairs(c, calc.today, l))
                            })
                            .ok()?;
                        // The pricing's own evaluations (every workload's, kept by it).
                        let given = w.kept.with_value(|k| kept_for(k, &pairs));
                        let given: Vec<Option<&Analysis>> =
                            given.iter().map(|a| a.as_deref()).collect();
                        pool_weeks_given(&pairs, &given, &p).ok()
                    });
                    weeks.set(next);
                },
                Duration::ZERO,
            );
        });
    });
    move || {
        weeks.get().map(|weeks| {
            let charts = weeks
                .iter()
                .enumerate()
                .map(|(i, week)| pool_chart(i, week))
                .collect_view();
            view! { <div id="pool-loads" class="pool-loads"><h3>"Who fills which hours"</h3>{charts}</div> }
        })
    }
}

/// A name as typed: trimmed, at most [`MAX_NAME_CHARS`] characters, no control characters;
/// nothing left is no name ("workload N").
fn clean_name(text: &str) -> Option<String> {
    let name: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_string();
    (!name.is_empty()).then_some(name)
}

/// A name no workload in `list` has: `base`, else `base 2`, `base 3`, … within the limit.
fn unique_name(list: &[Scenario], base: &str) -> String {
    let taken = |n: &str| {
        list.iter()
            .enumerate()
            .any(|(i, s)| workload_name(s, i) == n)
    };
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|k| {
            let tail = format!(" {k}");
            let head: String = base
                .chars()
                .take(MAX_NAME_CHARS - tail.chars().count())
                .collect();
            format!("{}{tail}", head.trim_end())
        })
        .find(|n| !taken(n))
        .unwrap_or_default()
}

impl Workloads {
    /// Reads the opening link's further workloads (`w=`), derives the portfolio and the
    /// address bar's query, and provides the workloads as context.
    pub fn install(calc: Calc, query: &str, presentation: RwSignal<Presentation>) -> Workloads {
        let parts = split(query);
        let mut others = Vec::new();
        let mut problems = Vec::new();
        let cards = calc.cards.get_untracked();
        for (i, q) in parts.queries.iter().enumerate().skip(1) {
            let (s, found, _) = cards.open(&ptcalc_core::link::parse(q), calc.today);
            let name = workload_name(&s, i);
            // As the link notice: only what the part itself contained (a default its
            // offering lacks is replaced silently).
            let named = |key: &str| q.split('&').any(|pair| pair.split('=').next() == Some(key));
            problems.extend(found.into_iter().filter(|w| named(&w.key)).map(|w| {
                PortfolioWarning {
                    workload: name.clone(),
                    key: w.key,
                    message: w.message,
                }
            }));
            others.push(s);
        }
        for (number, key, message) in parts.warnings {
            problems.push(PortfolioWarning {
                workload: format!("workload {number}"),
                key,
                message,
            });
        }
        let others = RwSignal::new(others);
        let editing = RwSignal::new(0usize);
        let all = Memo::new(move |_| {
            let mut list = others.get();
            let at = editing.get().min(list.len());
            list.insert(at, calc.scenario.get());
            list
        });
        let query = Memo::new(move |_| {
            all.with(|list| presentation.with(|p| format_portfolio(list, p)))
                .map_err(|e| e.to_string())
        });
        let today = calc.today;
        let kept = StoredValue::new(Kept::new());
        let portfolio = Memo::new(move |_| {
            all.with(|list| {
                (list.len() >= 2).then(|| {
                    calc.cards.with(|c| {
                        crate::perf::measure("ptcalc:portfolio", || {
                            price_keeping(c, today, list, SHAPLEY_IN_EDIT_MAX, kept)
                        })
                    })
                })
            })
        });
        let w = Workloads {
            others,
            editing,
            all,
            query,
            rule: RwSignal::new(Rule::ByUse),
            portfolio,
            shapley: RwSignal::new(None),
            shapley_progress: RwSignal::new(None),
            shapley_run: StoredValue::new(0),
            problems: StoredValue::new(problems),
            kept,
        };
        w.split_large_pools_in_background(calc);
        provide_context(w);
        w
    }

    /// While the Shapley rule is shown and a pool was too large to split inside the edit,
    /// splits it in the background after the next paint (`ShapleyJob`): steps of about
    /// [`SHAPLEY_TASK_MS`], the browser painting and handling input between them, the share
    /// done in `shapley_progress`. An edit, or another rule, cancels the split under way
    /// (an edit starts one for the new portfolio), so a split is only ever shown for the
    /// workloads it was computed on.
    fn split_large_pools_in_background(self, calc: Calc) {
        let Workloads {
            all,
            rule,
            portfolio,
            shapley,
            shapley_progress,
            shapley_run,
            kept,
            ..
        } = self;
        Effect::new(move |_| {
            let fast = portfolio.with(|p| match p {
                Some(Ok(p)) if p.pools.iter().any(|pool| pool.shapley_deferred) => {
                    Some(Arc::clone(p))
                }
                _ => None,
            });
            let shown = rule.get() == Rule::Shapley;
            // Whatever runs was started for another portfolio or rule.
            shapley_run.update_value(|run| *run += 1);
            let run = shapley_run.get_value();
            let list = all.get_untracked();
            let (Some(fast), true) = (fast, shown) else {
                shapley_progress.set(None);
                return;
            };
            if shapley.with_untracked(|s| s.as_ref().is_some_and(|(l, _)| *l == list)) {
                shapley_progress.set(None);
                return;
            }
            // The pricing's own evaluations (it kept every workload's, so the fallback to
            // evaluating one again is not expected).
            let job = calc
                .cards
                .with_untracked(|c| opened_pairs(c, calc.today, &list))
                .ok()
                .and_then(|pairs| {
                    let analyses: Option<Vec<Arc<Analysis>>> = kept
                        .with_value(|k| kept_for(k, &pairs))
                        .into_iter()
                        .zip(&pairs)
                        .map(|(a, (s, o))| a.or_else(|| evaluate(s, o).ok().map(Arc::new)))
                        .collect();
                    ShapleyJob::new(&pairs, analyses?, &fast)
                });
            let Some(mut job) = job else {
                shapley_progress.set(None);
                return;
            };
            shapley_progress.set(Some(0.0));
            leptos::task::spawn_local(async move {
                after_next_paint().await;
                let current = move || !shapley_run.is_disposed() && shapley_run.get_value() == run;
                loop {
                    if !current() {
                        return;
                    }
                    let start = js_sys::Date::now();
                    let progress = loop {
                        match job.step(1) {
                            Ok(p)
                                if p.finished()
                                    || js_sys::Date::now() - start >= SHAPLEY_TASK_MS =>
                            {
                                break Ok(p)
                            }
                            Ok(_) => {}
                            Err(e) => break Err(e.to_string()),
                        }
                    };
                    match progress {
                        Ok(p) if !p.finished() => shapley_progress.set(Some(p.share())),
                        Ok(_) => {
                            let mut full = (*fast).clone();
                            job.fill(&mut full);
                            shapley_progress.set(None);
                            shapley.set(Some((list, Ok(Arc::new(full)))));
                            return;
                        }
                        Err(e) => {
                            shapley_progress.set(None);
                            shapley.set(Some((list, Err(e))));
                            return;
                        }
                    }
                    crate::import::yield_to_browser().await;
                }
            });
        });
    }

    /// Makes workload `to` the one the form edits.
    fn switch(self, calc: Calc, to: usize) {
        let mut list = self.all.get_untracked();
        if to >= list.len() || to == self.editing.get_untracked() {
            return;
        }
        let target = list.remove(to);
        self.others.set(list);
        self.editing.set(to);
        calc.scenario.set(target);
    }

    /// Replaces every workload with `list` (at least one) and edits the first: the import
    /// panel's "One workload per series".
    pub fn replace(self, calc: Calc, mut list: Vec<Scenario>) {
        if list.is_empty() {
            return;
        }
        let first = list.remove(0);
        self.others.set(list);
        self.editing.set(0);
        calc.scenario.set(first);
    }

    /// Adds `s` at the end and edits it (outside any group: a copy is not a file's series).
    fn add(self, calc: Calc, mut s: Scenario, base: &str) {
        s.group = None;
        s.group_load = None;
        let list = self.all.get_untracked();
        if list.len() >= ptcalc_core::link::portfolio::MAX_WORKLOADS {
            return;
        }
        s.name = Some(unique_name(&list, base));
        self.others.update(|o| o.push(s));
        self.switch(calc, list.len());
    }

    /// Inserts a copy of workload `i` after it.
    fn duplicate(self, i: usize) {
        let list = self.all.get_untracked();
        if list.len() >= ptcalc_core::link::portfolio::MAX_WORKLOADS {
            return;
        }
        let Some(original) = list.get(i) else { return };
        let mut copy = original.clone();
        // A copy is not one of the file's series: it leaves the group (`grp=`).
        copy.group = None;
        copy.group_load = None;
        copy.name = Some(unique_name(
            &list,
            &format!("{} copy", workload_name(original, i)),
        ));
        let editing = self.editing.get_untracked();
        // `others` has the edited workload taken out: positions after it shift by one.
        let at = if i < editing { i + 1 } else { i };
        self.others.update(|o| o.insert(at.min(o.len()), copy));
        if i < editing {
            self.editing.set(editing + 1);
        }
    }

    /// Removes workload `i` (never the last one left).
    fn remove(self, calc: Calc, i: usize) {
        let mut list = self.all.get_untracked();
        let editing = self.editing.get_untracked();
        if list.len() < 2 || i >= list.len() {
            return;
        }
        list.remove(i);
        let next = if i < editing {
            editing - 1
        } else {
            editing.min(list.len() - 1)
        };
        let target = list.remove(next);
        self.others.set(list);
        self.editing.set(next);
        if i == editing {
            calc.scenario.set(target);
        }
    }

    /// Names workload `i` (`text` cleaned; empty: no name).
    fn rename(self, calc: Calc, i: usize, text: &str) {
        let name = clean_name(text);
        let editing = self.editing.get_untracked();
        if i == editing {
            calc.scenario.update(|s| s.name = name);
        } else {
            let at = if i < editing { i } else { i - 1 };
            self.others.update(|o| {
                if let Some(s) = o.get_mut(at) {
                    s.name = name;
                }
            });
        }
    }
}

/// Resolves after the next animation frame and a `setTimeout(0)`: after the browser has
/// painted what is on screen now.
async fn after_next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        request_animation_frame(move || {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn rule_label(rule: Rule) -> &'static str {
    match rule {
        Rule::ByUse => "By use",
        Rule::Proportional => "Proportional to cost alone",
        Rule::Shapley => "Shapley value",
    }
}

/// A workload's charge under `rule`: (per month, pays more than alone).
fn charge(w: &WorkloadResult, rule: Rule) -> (f64, bool) {
    let c = &w.chargeback;
    match rule {
        Rule::ByUse => (c.by_use.monthly_usd, c.by_use.pays_more_than_alone),
        Rule::Proportional => (
            c.proportional.monthly_usd,
            c.proportional.pays_more_than_alone,
        ),
        Rule::Shapley => (c.shapley.monthly_usd, c.shapley.pays_more_than_alone),
    }
}

/// The "Workloads" section: folded while there is one workload; with two or more, each
/// workload's name, which one the form edits, and duplicate and remove.
#[component]
pub fn WorkloadsSection() -> impl IntoView {
    let calc = Calc::from_context();
    let w = expect_context::<Workloads>();
    // Only what the list shows: an edit of the rates does not redraw it.
    let rows = Memo::new(move |_| {
        w.all.with(|list| {
            list.iter()
                .enumerate()
                .map(|(i, s)| (workload_name(s, i), s.name.clone(), s.offering.clone()))
                .collect::<Vec<_>>()
        })
    });
    let several = move || rows.with(|r| r.len() >= 2);
    let list = move || {
        let editing = w.editing.get();
        rows.get()
            .into_iter()
            .enumerate()
            .map(|(i, (name, typed, offering))| {
                let current = i == editing;
                let label = format!("Name of workload {}", i + 1);
                let placeholder = format!("workload {}", i + 1);
                let shown = name.clone();
                view! {
                    <li class="workload" class:editing=current data-workload=name.clone()>
                        <input type="text" class="workload-name" maxlength="40" aria-label=label
                            placeholder=placeholder prop:value=typed.unwrap_or_default()
                            on:change:target=move |ev| w.rename(calc, i, &ev.target().value())/>
                        <span class="workload-offering">{offering}</span>
                        <button type="button" class="workload-edit" aria-pressed=if current { "true" } else { "false" }
                            on:click=move |_| w.switch(calc, i)>
                            {if current { "Editing" } else { "Edit" }}
                            <span class="visually-hidden">{format!(" {shown}")}</span>
                        </button>
                        <button type="button" class="workload-duplicate" on:click=move |_| w.duplicate(i)>
                            "Duplicate"<span class="visually-hidden">{format!(" {name}")}</span>
                        </button>
                        <button type="button" class="workload-remove" on:click=move |_| w.remove(calc, i)>
                            "Remove"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let link_error = move || w.query.with(|q| q.as_ref().err().cloned());
    // Workloads imported together from one file (`grp=`): how their pool is priced.
    let groups = move || {
        let priced = w.portfolio.with(|p| match p {
            Some(Ok(p)) => p
                .pools
                .iter()
                .flat_map(|pool| pool.joint_groups.iter().cloned())
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        });
        (!priced.is_empty()).then(|| {
            let names: Vec<String> = w.all.with(|list| {
                list.iter()
                    .enumerate()
                    .filter(|(_, s)| s.group.as_ref().is_some_and(|g| priced.contains(g)))
                    .map(|(i, s)| workload_name(s, i))
                    .collect()
            });
            view! {
                <p id="workloads-group" class="hint">{format!(
                    "{} were imported together from one file: their pool is priced on the group's joint summary (the file's summed series, within the summary's 1 %), not on an alignment of their average weeks.",
                    names.join(", ")
                )}</p>
            }
        })
    };
    let problems = w.problems.get_value();
    let has_problems = !problems.is_empty();
    let problem_items = problems
        .into_iter()
        .map(|p| {
            let (workload, key) = (p.workload.clone(), p.key.clone());
            view! { <li data-workload=workload data-key=key>{p.workload}", "<code>{p.key}</code>": "{p.message}</li> }
        })
        .collect_view();
    let add_copy = move |_| {
        let s = calc.scenario.get_untracked();
        let base = format!("{} copy", workload_name(&s, w.editing.get_untracked()));
        w.add(calc, s, &base);
    };
    let add_blank = move |_| {
        let n = w.all.with_untracked(Vec::len) + 1;
        w.add(calc, Scenario::default(), &format!("workload {n}"));
    };
    view! {
        <details id="workloads" class="card workloads" prop:open=move || several() || has_problems>
            <summary><h2 id="workloads-title">"Workloads"</h2></summary>
            <Show when=move || !several()>
                <p class="hint">"Price several workloads together: those on the same model and deployment type share one reservation, and the page splits its cost between them. This scenario is workload 1."</p>
            </Show>
            <Show when=several>
                <p class="hint">"The form edits the workload marked Editing; the link carries them all."</p>
                <ol id="workload-list" class="workload-list">{list}</ol>
            </Show>
            <div class="workload-add">
                <button type="button" id="add-workload-copy" on:click=add_copy>"Add a copy of this workload"</button>
                <button type="button" id="add-workload-blank" on:click=add_blank>"Add a blank workload"</button>
            </div>
            {groups}
            {move || link_error().map(|e| view! { <p id="portfolio-link-error" class="error" role="alert">{e}</p> })}
            {has_problems.then(|| view! {
                <div id="portfolio-problems" class="notice">
                    <p>"Parts of the link's workloads were not used:"</p>
                    <ul>{problem_items}</ul>
                </div>
            })}
        </details>
    }
}

/// One pool's row.
fn pool_row(index: usize, pool: &PoolResult) -> impl IntoView {
    let share = if pool.alone_monthly_usd > 0.0 {
        pool.gain_usd / pool.alone_monthly_usd
    } else {
        0.0
    };
    let title = format!("{} · {}", pool.offering, pool.deployment.label());
    view! {
        <tr data-pool=index>
            <th scope="row">{title}</th>
            <td data-fig="workloads">{pool.workloads.join(", ")}</td>
            <td data-fig="answer">{portfolio_answer(pool.option, pool.term, pool.units)}</td>
            <td data-fig="units">{pool.units}" (alone: "{pool.alone_units}")"</td>
            <td data-fig="monthly" data-value=pool.monthly_usd.to_string()>{usd(pool.monthly_usd)}</td>
            <td data-fig="alone" data-value=pool.alone_monthly_usd.to_string()>{usd(pool.alone_monthly_usd)}</td>
            <td data-fig="gain" data-value=pool.gain_usd.to_string()>{format!("{} ({})", usd(pool.gain_usd), percent(share))}</td>
        </tr>
    }
}

/// The chargeback rows of one pool under `rule`, the idle line (by use) and the pool's total.
fn chargeback_rows(p: &Portfolio, index: usize, rule: Rule, pending: bool) -> impl IntoView {
    let pool = &p.pools[index];
    let cell = |value: f64| {
        if pending {
            String::from("computing…")
        } else {
            usd(value)
        }
    };
    let mut total = 0.0;
    let rows = p
        .workloads
        .iter()
        .filter(|w| w.pool == index)
        .map(|w| {
            let (value, more) = charge(w, rule);
            total += value;
            let sampled = (rule == Rule::Shapley && w.chargeback.shapley.standard_error_usd > 0.0)
                .then(|| format!(" ± {}", usd(w.chargeback.shapley.standard_error_usd)));
            view! {
                <tr data-workload=w.name.clone() data-pool=index>
                    <th scope="row">{w.name.clone()}</th>
                    <td data-fig="charge" data-value=value.to_string()>{cell(value)}{sampled}</td>
                    <td data-fig="alone" data-value=w.alone.monthly_usd.to_string()>{usd(w.alone.monthly_usd)}</td>
                    <td data-fig="flag">{(more && !pending).then_some("pays more than alone")}</td>
                </tr>
            }
        })
        .collect_view();
    let idle = (rule == Rule::ByUse).then(|| {
        total += pool.idle_usd;
        view! {
            <tr class="idle" data-pool=index data-line="idle">
                <th scope="row">"Idle reserved capacity"</th>
                <td data-fig="charge" data-value=pool.idle_usd.to_string()>{usd(pool.idle_usd)}</td>
                <td></td>
                <td></td>
            </tr>
        }
    });
    view! {
        {rows}
        {idle}
        <tr class="total" data-pool=index data-line="total">
            <th scope="row">{format!("Pool {} total", index + 1)}</th>
            <td data-fig="charge" data-value=total.to_string()>{cell(total)}</td>
            <td data-fig="alone" data-value=pool.alone_monthly_usd.to_string()>{usd(pool.alone_monthly_usd)}</td>
            <td data-fig="pool-cost" data-value=pool.monthly_usd.to_string()>{format!("pool costs {}", usd(pool.monthly_usd))}</td>
        </tr>
    }
}

/// The portfolio's answer, first in the results when there are two or more workloads: per
/// pool what to reserve and the gain from pooling, each workload alone, and who pays what.
/// `embedded`: shown alone (`view=portfolio`), without the pointer to the single answer below.
#[component]
pub fn PortfolioAnswer(#[prop(optional)] embedded: bool) -> impl IntoView {
    let w = expect_context::<Workloads>();
    let rule = w.rule;
    // The portfolio shown: with the Shapley rule and a large pool, the full split once
    // computed for these workloads (until then the fast one, its Shapley cells pending).
    let shown = move || -> Option<(Priced, bool)> {
        let fast = w.portfolio.get()?;
        let deferred = matches!(&fast, Ok(p) if p.pools.iter().any(|pool| pool.shapley_deferred));
        if rule.get() != Rule::Shapley || !deferred {
            return Some((fast, false));
        }
        let full = w.all.with(|list| {
            w.shapley.with(|s| {
                s.as_ref()
                    .filter(|(l, _)| l == list)
                    .map(|(_, full)| full.clone())
            })
        });
        Some(match full {
            Some(full) => (full, false),
            None => (fast, true),
        })
    };
    // Its own text node: a step of the background split redraws the share, not the tables.
    let progress_text = move || {
        let done = w.shapley_progress.get().unwrap_or(0.0);
        format!(
            "Computing the Shapley split of the large pool… {}",
            percent((done * 100.0).floor() / 100.0)
        )
    };
    // Built each time the section is shown (a view is not `Clone` once Leptos erases its
    // types, `--cfg erase_components`).
    let selector = move || {
        Rule::ALL
            .iter()
            .map(|&r| {
                view! {
                    <label class="rule-choice">
                        <input type="radio" name="chargeback-rule" value=r.as_str()
                            prop:checked=move || rule.get() == r on:change=move |_| rule.set(r)/>
                        {rule_label(r)}
                    </label>
                }
            })
            .collect_view()
    };
    let body = move || {
        let (priced, pending) = shown()?;
        let p = match priced {
            Ok(p) => p,
            Err(e) => {
                return Some(
                    view! { <p id="portfolio-error" class="error" role="alert">{format!("The portfolio cannot be priced: {e}")}</p> }
                        .into_any(),
                )
            }
        };
        let t = &p.total;
        let share = t.gain_share();
        let headline = format!(
            "{} workloads in {} pool{}: {} per month pooled, against {} with each workload on its own best answer: {} less ({}).",
            p.workloads.len(),
            p.pools.len(),
            if p.pools.len() == 1 { "" } else { "s" },
            usd(t.monthly_usd),
            usd(t.alone_monthly_usd),
            usd(t.gain_usd),
            percent(share)
        );
        let pools = p
            .pools
            .iter()
            .enumerate()
            .map(|(i, pool)| pool_row(i, pool))
            .collect_view();
        let workloads = p
            .workloads
            .iter()
            .map(|wl| {
                view! {
                    <tr data-workload=wl.name.clone()>
                        <th scope="row">{wl.name.clone()}</th>
                        <td>{format!("pool {}", wl.pool + 1)}</td>
                        <td data-fig="answer">{portfolio_answer(wl.alone.option, wl.alone.term, wl.alone.units)}</td>
                        <td data-fig="alone" data-value=wl.alone.monthly_usd.to_string()>{usd(wl.alone.monthly_usd)}</td>
                    </tr>
                }
            })
            .collect_view();
        let r = rule.get();
        let charges = (0..p.pools.len())
            .map(|i| chargeback_rows(&p, i, r, pending))
            .collect_view();
        let sampled = (r == Rule::Shapley)
            .then(|| {
                p.pools.iter().enumerate().find_map(|(i, pool)| {
                    pool.shapley_orders.map(|n| {
                        format!("Pool {}'s Shapley split is sampled: {n} random orders from a fixed seed, each value ± its standard error.", i + 1)
                    })
                })
            })
            .flatten();
        let notes = p
            .notes
            .iter()
            .map(|n| view! { <li>{n.clone()}</li> })
            .collect_view();
        Some(
            view! {
                <p id="portfolio-verdict" class="verdict" data-value=t.gain_usd.to_string()>{headline}</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Pools table">
                    <table id="pools" class="data">
                        <caption>"What to reserve for each pool of workloads sharing a model and deployment type, per month, against each workload on its own deployment."</caption>
                        <thead><tr>
                            <th scope="col">"Pool"</th><th scope="col">"Workloads"</th><th scope="col">"Answer"</th>
                            <th scope="col">"Units"</th><th scope="col">"Pooled"</th><th scope="col">"Alone"</th><th scope="col">"Gain from pooling"</th>
                        </tr></thead>
                        <tbody>{pools}</tbody>
                    </table>
                </div>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Workloads alone">
                    <table id="portfolio-workloads" class="data">
                        <caption>"Each workload on its own best answer, per month."</caption>
                        <thead><tr><th scope="col">"Workload"</th><th scope="col">"Pool"</th><th scope="col">"Alone"</th><th scope="col">"Cost alone"</th></tr></thead>
                        <tbody>{workloads}</tbody>
                    </table>
                </div>
                <p id="rule-explanation" class="hint">{r.explanation()}</p>
                {pending.then(|| view! { <p id="shapley-progress" class="hint" role="status">{progress_text}</p> })}
                {sampled.map(|s| view! { <p class="hint">{s}</p> })}
                <div class="table-wrap" tabindex="0" role="region" aria-label="Chargeback table">
                    <table id="chargeback" class="data" data-rule=r.as_str()>
                        <caption>{format!("Who pays what, per month: {}.", rule_label(r).to_lowercase())}</caption>
                        <thead><tr><th scope="col">"Workload"</th><th scope="col">"Pays"</th><th scope="col">"Alone"</th><th scope="col">"Flag"</th></tr></thead>
                        <tbody>{charges}</tbody>
                    </table>
                </div>
                {(!p.notes.is_empty()).then(|| view! { <ul id="portfolio-notes" class="notes">{notes}</ul> })}
            }
            .into_any(),
        )
    };
    view! {
        <Show when=move || w.portfolio.with(Option::is_some)>
            <section id="portfolio" class="portfolio" aria-labelledby="portfolio-title">
                <h2 id="portfolio-title">"Portfolio"</h2>
                <fieldset id="chargeback-rule" class="rule-selector">
                    <legend>"Split each pool's cost"</legend>
                    {selector()}
                </fieldset>
                {body}
                <PoolLoadCharts/>
                {(!embedded).then(|| view! { <p class="hint">"Below: the workload the form edits, alone."</p> })}
            </section>
        </Show>
    }
}

/// The embed panel `view=portfolio`: the portfolio's answer and chargeback table, or with
/// one workload a sentence saying there is no portfolio to show.
#[component]
pub fn PortfolioPanel() -> impl IntoView {
    let w = expect_context::<Workloads>();
    view! {
        <PortfolioAnswer embedded=true/>
        <Show when=move || w.portfolio.with(Option::is_none)>
            <p id="portfolio-none" class="hint">"This link holds one workload; a portfolio needs two or more (w=)."</p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_made_unique() {
        assert_eq!(clean_name("  chat\u{7}  "), Some("chat".into()));
        assert_eq!(clean_name("   "), None);
        assert_eq!(clean_name(&"x".repeat(60)).map(|n| n.len()), Some(40));
        let list = [
            Scenario {
                name: Some("chat".into()),
                ..Scenario::default()
            },
            Scenario {
                name: Some("chat 2".into()),
                ..Scenario::default()
            },
            Scenario::default(),
        ];
        assert_eq!(unique_name(&list, "chat"), "chat 3");
        assert_eq!(unique_name(&list, "workload 3"), "workload 3 2");
        assert_eq!(unique_name(&list, "agent"), "agent");
        assert!(unique_name(&list, &"y".repeat(40)).chars().count() <= 40);
    }

    #[test]
    fn the_stacked_chart_stacks_workloads_under_the_scale() {
        let week = PoolWeek {
            workloads: vec!["a".into(), "b".into()],
            hourly_tpm: vec![vec![1.0; HOURS_PER_WEEK], vec![2.0; HOURS_PER_WEEK]],
            reserved_tpm: Some(4.0),
        };
        let (paths, reserved_y, scale) = stacked_paths(&week, 100.0, 50.0);
        assert_eq!(paths.len(), 2);
        assert!(paths.iter().all(|d| d.starts_with('M') && d.ends_with('Z')));
        // The reserved line sets the scale (above the stack of 3), so it sits near the top.
        assert!((scale - 4.2).abs() < 1e-9);
        let y = reserved_y.expect("a line");
        assert!(y > 0.0 && y < 50.0 * 0.1);
        assert_eq!(hour_label(0), "Mon 00:00");
        assert_eq!(hour_label(24 * 6 + 13), "Sun 13:00");
    }

    #[test]
    fn the_page_prices_a_portfolio_as_the_cli_does() {
        let cards = Cards::default();
        let today: Date = "2026-11-27".parse().expect("a day");
        let list: Vec<Scenario> = [
            "v=1&name=chat&in=100k&out=10k&cache=0.3&shape=business&pa=3",
            "v=1&name=agent&in=50k&out=5k&cache=0.3&shape=flat",
        ]
        .iter()
        .map(|l| ptcalc_core::link::parse(l).scenario)
        .collect();
        let p = price(&cards, today, &list, SHAPLEY_IN_EDIT_MAX).expect("priced");
        assert_eq!(p.pools.len(), 1);
        assert!(p.total.gain_usd >= 0.0);
        let deferred = price(&cards, today, &list, 1).expect("priced");
        assert!(deferred.pools[0].shapley_deferred);
    }

    #[test]
    fn kept_evaluations_reprice_an_edit_as_pricing_from_scratch() {
        Owner::new().with(|| {
            let cards = Cards::default();
            let today: Date = "2026-11-27".parse().expect("a day");
            let mut list: Vec<Scenario> = [
                "v=1&name=chat&in=100k&out=10k&cache=0.3&shape=business&pa=3",
                "v=1&name=batch&in=60k&out=6k&shape=bursty&pa=4&seed=3",
                "v=1&name=agent&in=50k&out=5k&cache=0.3&shape=flat",
            ]
            .iter()
            .map(|l| ptcalc_core::link::parse(l).scenario)
            .collect();
            let kept = StoredValue::new(Kept::new());
            let first = price_keeping(&cards, today, &list, SHAPLEY_IN_EDIT_MAX, kept);
            assert_eq!(first, price(&cards, today, &list, SHAPLEY_IN_EDIT_MAX));
            assert_eq!(kept.with_value(Vec::len), 3);
            // An edit to one workload: the two others are reused, the figures are the same.
            list[1] =
                ptcalc_core::link::parse("v=1&name=batch&in=90k&out=6k&shape=bursty&pa=4&seed=3")
                    .scenario;
            let edited = price_keeping(&cards, today, &list, SHAPLEY_IN_EDIT_MAX, kept);
            assert_eq!(edited, price(&cards, today, &list, SHAPLEY_IN_EDIT_MAX));
            assert_ne!(edited, first);
            assert_eq!(kept.with_value(Vec::len), 3);
        });
    }
}
