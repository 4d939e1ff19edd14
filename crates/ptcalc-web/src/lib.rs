//! The ptcalc web page as Leptos components: should you reserve LLM capacity or pay per
//! token? Everything is computed in the browser from the bundled rate cards.
//!
//! Data flow: the address bar is read once into one `Scenario` signal; the offering, the
//! analysis and each chart are memos derived from it; a field edit sets the scenario through
//! the link's key table (`Key::edit`); effects only talk to the outside (the address bar,
//! the status line). `main.rs` mounts [`App`] into `<body>`; `bin/ptcalc-worker.rs` is the
//! second module, the tools' Web Worker ([`tools`]).

mod address;
pub mod api;
mod banner;
#[cfg(any(feature = "bench", test))]
mod bench;
mod cards;
mod cards_age;
mod chart_source;
mod charts;
mod compare;
mod drafts;
pub mod edit;
pub mod embed;
pub mod export;
mod field;
mod form;
mod glossary;
pub mod host_message;
mod import;
mod import_group;
mod lifecycle;
mod notice;
mod orgcards;
mod perf;
pub mod presets;
pub mod resolve;
mod results;
mod share;
mod sources;
mod state;
pub mod tools;
pub mod verdict;
mod workloads;

use leptos::prelude::*;

use crate::charts::{ChartFrame, Charts};
use crate::embed::{EmbedDialog, EmbedView};
use crate::export::Exports;
use crate::form::ScenarioForm;
use crate::glossary::Glossary;
use crate::notice::{EditionNotice, LinkNotice, LinkProblems, OrgCardNotice};
use crate::results::{
    EvaluationError, KeyFigures, PointsTable, ScenarioSummary, TermsTable, UnitsLine, Verdict,
    Warnings,
};
use crate::share::{CopyLink, PresetMenu};
use crate::sources::Sources;
use crate::state::Calc;

/// Marks the first complete render: `#status` reads `ready` (the end-to-end tests wait for
/// it) and, in the bench build, a `ptcalc-ready` performance mark records when (the
/// benchmark reads it). The charts draw once their elements have been measured, in the same
/// round of updates as the first render; the mark waits for the next animation frame, after
/// that round.
fn mark_ready() {
    Effect::new(move |_| {
        request_animation_frame(|| {
            if let Some(status) = document().get_element_by_id("status") {
                status.set_text_content(Some("ready"));
            }
            perf::mark("ptcalc-ready");
        });
    });
}

/// The whole page, or in embed mode (`embed=1`) the chosen panels only.
#[component]
pub fn App() -> impl IntoView {
    banner::install();
    // The opening link, parsed once; the notices and the served card read it from context.
    let opening = address::Opening::read();
    provide_context(opening.clone());
    let query = opening.query.clone();
    let presentation = opening.parsed.presentation.clone();
    let (cards, old_card) = orgcards::initial_cards();
    // The one place the page reads the clock: every figure is priced on this day.
    let today = cards::today();
    let (scenario, problems, changed) = cards.open(&opening.parsed, today);
    // The link's problems as `ptcalc eval` lists them (the exports'); the notice also names
    // a `cmp=` entry the cards cannot serve.
    let eval_problems = problems.clone();
    let (presentation, problems) =
        compare::repair_link(presentation, problems, &cards, &scenario, today);
    embed::apply_presentation(&presentation);

    let calc = Calc::new(scenario, cards, today, eval_problems);
    provide_context(calc);
    let served = orgcards::ServedStatus(RwSignal::new(None));
    provide_context(served);
    orgcards::load_served(calc, served, opening, old_card);
    ChartFrame::install(presentation.theme);
    // The form's entry keys (`entry`, `per`) change while the page is open.
    let shown_as = RwSignal::new(presentation.clone());
    provide_context(form::PresentationSignal(shown_as));
    let portfolio = workloads::Workloads::install(calc, &query, shown_as);
    address::mirror_in_address_bar(calc.scenario, shown_as, portfolio.query);
    mark_ready();
    #[cfg(feature = "bench")]
    if let Some(points) = bench::requested(&query) {
        bench::run_after_first_render(calc, points);
    }

    if presentation.embed {
        return view! { <EmbedView presentation=presentation problems=LinkProblems(problems)/> }
            .into_any();
    }
    view! {
        <a class="skip" href="#answer">"Skip to the results"</a>
        <header class="top">
            <div class="brand">
                <h1>"ptcalc"</h1>
                <p class="tagline">"Reserve LLM capacity or pay per token? Sized and priced from published rate cards, in your browser."</p>
            </div>
            <nav class="actions" aria-label="Scenario">
                <PresetMenu/>
                <CopyLink/>
                <EmbedDialog/>
            </nav>
        </header>
        <LinkNotice problems=LinkProblems(problems)/>
        <EditionNotice changed=changed/>
        <OrgCardNotice/>
        <main class="layout">
            <section id="answer" class="answer" aria-label="Recommendation" tabindex="-1">
                <lifecycle::RetiredNotice/>
                <cards_age::CardsAgeNotice/>
                <workloads::PortfolioAnswer/>
                <EvaluationError/>
                <Verdict/>
                <ScenarioSummary/>
                <cards_age::CardsChecked dom_id="cards-checked"/>
            </section>
            <verdict::CompactVerdict/>
            <div class="form-col">
                <ScenarioForm/>
                // After the form: a person who never adds a second workload sees the form
                // right after the verdict, as before (phone width: layout.test.mjs).
                <workloads::WorkloadsSection/>
            </div>
            // Beside the verdict on wide screens; after the form (the workload right after
            // the verdict) at phone width.
            <div class="answer-figures">
                <KeyFigures/>
                <UnitsLine/>
            </div>
            <div id="details" class="details">
                <Charts/>
                <section class="card" aria-labelledby="points-title">
                    <h2 id="points-title">"Provisioning points"</h2>
                    <PointsTable/>
                </section>
                <section class="card" aria-labelledby="terms-title">
                    <h2 id="terms-title">"Every term"</h2>
                    <TermsTable/>
                </section>
                <compare::ComparePanel/>
                <Warnings/>
                <Exports/>
                <Sources/>
                <Glossary/>
            </div>
        </main>
        <footer class="foot">
            <p>
                "ptcalc computes everything in this page from bundled rate cards; nothing is sent anywhere. Status: "
                <span id="status">"loading"</span>
            </p>
        </footer>
    }
    .into_any()
}
