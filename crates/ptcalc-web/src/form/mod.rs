//! The scenario form, one component per panel: what they send (workload, what a visitor
//! changes first, so it is in sight without scrolling), what they buy (offering), measured
//! traffic, when they send it (traffic), for how long (horizon).
mod entry;
mod horizon;
mod offering;
mod overrides;
mod traffic;
mod workload;

use leptos::prelude::*;

pub use entry::PresentationSignal;
pub use horizon::HorizonPanel;
pub use offering::OfferingPanel;
pub use traffic::TrafficPanel;
pub use workload::WorkloadPanel;

/// The whole form.
#[component]
pub fn ScenarioForm() -> impl IntoView {
    view! {
        <form id="scenario" class="scenario" aria-label="Scenario" on:submit=|ev| ev.prevent_default()>
            <WorkloadPanel/>
            <OfferingPanel/>
            <crate::import::ImportPanel/>
            <TrafficPanel/>
            <HorizonPanel/>
        </form>
    }
}
