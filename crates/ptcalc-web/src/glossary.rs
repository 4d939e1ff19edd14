//! The vendors' words, explained once.
use leptos::prelude::*;

const TERMS: [(&str, &str); 9] = [
    ("PTU", "Provisioned Throughput Unit: Azure OpenAI / Foundry's reserved capacity, bought per hour, month or year in a minimum and steps."),
    ("GSU", "Generative AI Scale Unit: Google Vertex AI's provisioned throughput, bought per week, month, quarter or year."),
    ("Model unit", "AWS Bedrock's provisioned throughput. AWS does not publish its throughput, so you enter it."),
    ("Scale Tier unit", "OpenAI's reserved input or output tokens per minute, bought for at least 30 days; input and output are sized separately."),
    ("Normalized tokens", "Tokens weighted by how much capacity each kind uses (output usually counts several times an input token; cached input often nothing)."),
    ("Utilization", "Tokens served by the reservation ÷ what it could serve in the month."),
    ("Spillover / overflow", "Load above the reserved capacity sent to on-demand and paid per token (with spillover off it would be throttled: HTTP 429)."),
    ("Break-even utilization", "Unit price ÷ the on-demand value of a fully used unit: below it a reserved unit costs more than the tokens it serves."),
    ("P50 … P99, peak", "The load that this share of minutes stays under: P99 is exceeded in 1% of minutes, peak is the busiest minute."),
];

/// A short glossary.
#[component]
pub fn Glossary() -> impl IntoView {
    view! {
        <details id="glossary" class="card glossary">
            <summary>"Glossary"</summary>
            <dl>
                {TERMS.iter().map(|(t, d)| view! { <dt>{*t}</dt><dd>{*d}</dd> }).collect_view()}
            </dl>
        </details>
    }
}
