//! For how long: the horizon in months, monthly growth, and the length of a month.
use leptos::prelude::*;
use ptcalc_core::link::Key;

use crate::field::NumberField;

/// Months, growth, hours per month.
#[component]
pub fn HorizonPanel() -> impl IntoView {
    view! {
        <fieldset class="panel" id="panel-horizon">
            <legend>"Horizon"</legend>
            <NumberField key=Key::H label="Horizon" suffix="months" hint="Cost over this many months; units are re-chosen at each term boundary."/>
            <NumberField key=Key::G label="Monthly growth" suffix="%" hint="Negative for shrinking traffic."/>
            <NumberField key=Key::Mh label="Hours per month" suffix="hours" hint="730 is the vendors' billing month; 720 is 30 days."/>
        </fieldset>
    }
}
