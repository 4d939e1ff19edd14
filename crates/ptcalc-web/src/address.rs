//! The address bar: read once at start-up, then kept equal to the scenario's canonical link
//! with `history.replaceState` (no new history entry per keystroke, no scroll jump), and the
//! drafts of invalid text typed into fields kept on that scenario (`drafts`).
use leptos::prelude::*;
use ptcalc_core::link;
use ptcalc_core::scenario::Presentation;
use ptcalc_core::Scenario;
use wasm_bindgen::JsValue;

/// The query the page was opened with (including `?`), or empty.
pub fn opening_query() -> String {
    window().location().search().unwrap_or_default()
}

/// The link the page was opened with, read and parsed once at start-up; everything that
/// reads it (the presentation, the cards, the served card's reopening, the notices) reads
/// this, from context.
#[derive(Clone, Debug)]
pub struct Opening {
    /// The query as it was (including `?`), or empty.
    pub query: String,
    /// Its parse.
    pub parsed: link::Parsed,
}

impl Opening {
    /// Reads and parses the address bar's query.
    pub fn read() -> std::sync::Arc<Opening> {
        let query = opening_query();
        let parsed = link::parse(&query);
        std::sync::Arc::new(Opening { query, parsed })
    }

    /// The opening link from context (`App` provides it first).
    pub fn from_context() -> std::sync::Arc<Opening> {
        expect_context::<std::sync::Arc<Opening>>()
    }
}

/// The page's address without query and fragment.
pub fn page_address() -> String {
    let href = window().location().href().unwrap_or_default();
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_string()
}

/// The absolute link to `scenario`: this page's address with the canonical query, stamped
/// with the rate-card edition (`rc=`, the current one unless the scenario names another), so
/// the link keeps its answer when the cards are updated. Of the presentation it keeps how
/// the form asks for the workload (`entry=`, `per=`), so the link reopens the form as it was
/// filled in; `embed`, `view` and `theme` belong to a host page, not to a shared link.
pub fn share_link(scenario: &Scenario, presentation: &Presentation) -> String {
    let form = Presentation {
        entry: presentation.entry,
        per: presentation.per,
        ..Presentation::default()
    };
    format!(
        "{}?{}",
        page_address(),
        link::format_link(&stamped(scenario), &form)
    )
}

/// The absolute link to every workload (`workloads`, the first one's part as
/// [`share_link`] writes it, each stamped with its edition), or why it cannot be one link.
pub fn share_portfolio_link(
    workloads: &[Scenario],
    presentation: &Presentation,
) -> Result<String, String> {
    let form = Presentation {
        entry: presentation.entry,
        per: presentation.per,
        ..Presentation::default()
    };
    let stamped: Vec<Scenario> = workloads.iter().map(stamped).collect();
    link::portfolio::format_portfolio(&stamped, &form)
        .map(|query| format!("{}?{query}", page_address()))
        .map_err(|e| e.to_string())
}

/// The scenario with its edition set (the current one when it names none).
fn stamped(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    if s.edition.is_none() {
        s.edition = Some(ptcalc_ratecards::Edition::current().key().to_string());
    }
    s
}

/// Keeps the address bar on the whole portfolio (`query`: every workload, the first one's
/// part with the opening link's presentation keys, `embed=1` above all); a portfolio too
/// long for one link leaves the address on the last link that was (the workloads section
/// says why). Only the query changes, so the state survives reload and works
/// inside an iframe and from any sub-folder.
///
/// After the first write (at start-up, at once), the address is written after the next
/// painted frame: `history.replaceState` costs about 4 ms in Chromium, which an edit must
/// not wait for (issue 7); edits within one frame write once, the latest.
pub fn mirror_in_address_bar(
    scenario: RwSignal<Scenario>,
    presentation: RwSignal<Presentation>,
    query: Memo<Result<String, String>>,
) {
    let pending = StoredValue::new_local(None::<String>);
    Effect::new(move |before: Option<()>| {
        // Drafts follow the page's own changes only: at start-up they stay with the scenario
        // they were typed on (another link must not adopt them), and an embedded view has none.
        let follow = before.is_some() && presentation.with(|p| !p.embed);
        scenario.with(|s| {
            if follow {
                crate::drafts::follow(s);
            }
        });
        let Ok(wanted) = query.with(|q| q.as_ref().map(|q| format!("?{q}")).map_err(|_| ())) else {
            return;
        };
        if before.is_none() {
            write_query(&wanted);
            return;
        }
        let scheduled = pending.with_value(Option::is_some);
        pending.set_value(Some(wanted));
        if !scheduled {
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        if let Some(wanted) = pending.try_update_value(Option::take).flatten() {
                            write_query(&wanted);
                        }
                    },
                    std::time::Duration::ZERO,
                );
            });
        }
    });
}

/// Replaces the address bar's query with `wanted` (`?…`), keeping the path and the fragment.
fn write_query(wanted: &str) {
    let location = window().location();
    if location.search().ok().as_deref() == Some(wanted) {
        return;
    }
    let hash = location.hash().unwrap_or_default();
    if let Ok(history) = window().history() {
        // A relative URL keeps the path (and any sub-folder) as it is.
        let _ =
            history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{wanted}{hash}")));
    }
}
