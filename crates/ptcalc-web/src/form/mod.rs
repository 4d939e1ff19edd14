//! The scenario form, one component per panel in the order people think: what they buy
//! (offering), what they send (workload), when they send it (traffic), for how long (horizon).
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
            <OfferingPanel/>
            <WorkloadPanel/>
            <crate::import::ImportPanel/>
            <TrafficPanel/>
            <HorizonPanel/>
        </form>
    }
}
