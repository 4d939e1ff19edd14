//! An organization's own rate cards on the page: one served next to the page as
//! `ratecards.json` (fetched once at start, same origin, relative URL; `dist/` ships an empty
//! one) and one the user picks from a file (kept in this browser's local storage until
//! removed, never sent anywhere). Both are read by the CLI's loader; a bad card shows the
//! loader's error and leaves the scenario and the figures as they were. The picked card is
//! kept with its compact form, so a later visit loads it without reading JSON. A card's
//! JSON is read by the page's tools' worker ([`crate::tools`]), started only when there is
//! one to read: the empty card `dist/` ships is recognized as it is, without a parser.
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::address::Opening;
use crate::cards::{from_hex, reopen_card, to_hex, Cards, OrgCard, Origin};
use crate::state::Calc;

/// The local-storage key of the picked card (`{"name": …, "text": …, "compact": …}`).
const STORAGE_KEY: &str = "ptcalc.orgcard";

/// The served card's file, relative to the page.
const SERVED: &str = "ratecards.json";

/// The served card `cargo xtask` ships when a site hosts none (a valid card without
/// offerings): the page adds nothing, and starts no worker to read it.
const EMPTY_CARD: &str = include_str!("../../../web/ratecards-empty.json");

/// Whether `text` is [`EMPTY_CARD`] (whitespace aside): compared, not parsed.
fn is_empty_card(text: &str) -> bool {
    let squeezed = |t: &str| -> String { t.chars().filter(|c| !c.is_ascii_whitespace()).collect() };
    text.len() < 4 * EMPTY_CARD.len() && squeezed(text) == squeezed(EMPTY_CARD)
}

/// Reads a card's JSON in the tools' worker (parsed, validated, errors by line and
/// column); `Err` is the loader's message.
async fn read_in_worker(name: &str, text: &str, origin: Origin) -> Result<OrgCard, String> {
    match crate::tools::ask_once(&crate::tools::card_request(name, text)).await? {
        crate::tools::Reply::Card { bytes, .. } => reopen_card(name, bytes, origin),
        crate::tools::Reply::Failed { lines, .. } => Err(lines.join(" ")),
        _ => Err(format!("{name}: the rate-card reader gave no answer")),
    }
}

/// A card kept by an earlier version of the page (its JSON only): read again at start, in
/// the worker, and kept again with its compact form.
#[derive(Debug)]
pub struct OldStoredCard {
    name: String,
    text: String,
}

/// What loading the served card said, for the sources section: `None` until it answered or
/// when it was empty.
#[derive(Clone, Copy, Debug)]
pub struct ServedStatus(pub RwSignal<Option<Result<(), String>>>);

#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    name: String,
    /// The JSON as the user gave it: read again when the compact form is missing (an entry
    /// kept before it existed) or no longer read by this build.
    text: String,
    /// The card's compact form ([`OrgCard::compact`]) in hex.
    #[serde(default)]
    compact: Option<String>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The cards at start: the bundled ones plus the card picked on an earlier visit, if its
/// compact form is still valid (an invalid one is forgotten). A card kept without its
/// compact form (or in one this build no longer reads) is returned to be read in the
/// worker by [`load_served`].
pub fn initial_cards() -> (Cards, Option<OldStoredCard>) {
    let stored = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|json| serde_json_parse(&json));
    let Some(stored) = stored else {
        return (Cards::default(), None);
    };
    let kept = stored
        .compact
        .as_deref()
        .and_then(from_hex)
        .and_then(|bytes| reopen_card(&stored.name, bytes, Origin::Picked).ok());
    let Some(card) = kept else {
        let old = OldStoredCard {
            name: stored.name,
            text: stored.text,
        };
        return (Cards::default(), Some(old));
    };
    match Cards::with(None, Some(card)) {
        Ok(cards) => (cards, None),
        Err(_) => {
            forget();
            (Cards::default(), None)
        }
    }
}

fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
}

fn serde_json_parse(json: &str) -> Option<Stored> {
    let value = js_sys::JSON::parse(json).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// Keeps the picked card (with the JSON it was read from) for the next visit, or forgets it.
fn remember(card: Option<(&OrgCard, &str)>) {
    let Some(s) = storage() else { return };
    match card {
        Some((card, text)) => {
            let stored = Stored {
                name: card.name.clone(),
                text: text.to_string(),
                compact: Some(to_hex(&card.compact)),
            };
            let json = serde_wasm_bindgen::to_value(&stored)
                .ok()
                .and_then(|v| js_sys::JSON::stringify(&v).ok())
                .and_then(|s| s.as_string());
            if let Some(json) = json {
                // A card too large for the storage quota still works for this visit.
                let _ = s.set_item(STORAGE_KEY, &json);
            }
        }
        None => {
            let _ = s.remove_item(STORAGE_KEY);
        }
    }
}

/// `ratecards.json`'s text, or `None` when absent (a page not served by xtask's `dist/`).
async fn fetch_served() -> Option<String> {
    let init = web_sys::RequestInit::new();
    // The browser's cache may hold last week's card: ask the server (the service worker
    // goes to the network first for this file too).
    init.set_cache(web_sys::RequestCache::NoCache);
    let response = JsFuture::from(window().fetch_with_str_and_init(SERVED, &init))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    text.as_string()
}

/// Reads a card kept by an earlier version of the page (`old`), then fetches the served
/// card and, when it has offerings, adds it. A link opened before they arrived that names
/// one of their offerings is opened again, if nothing was edited since.
pub fn load_served(
    calc: Calc,
    status: ServedStatus,
    opening: Arc<Opening>,
    old: Option<OldStoredCard>,
) {
    let opened = calc.scenario.get_untracked();
    leptos::task::spawn_local(async move {
        if let Some(old) = old {
            let card = read_in_worker(&old.name, &old.text, Origin::Picked).await;
            match card.and_then(|card| Cards::with(None, Some(card.clone())).map(|c| (card, c))) {
                Ok((card, cards)) => {
                    remember(Some((&card, &old.text)));
                    reopen_after(calc, &opening, &opened, cards);
                }
                Err(_) => forget(),
            }
        }
        let Some(text) = fetch_served().await else {
            return;
        };
        if is_empty_card(&text) {
            return;
        }
        let card = match read_in_worker(SERVED, &text, Origin::Served).await {
            Ok(card) if card.offerings.is_empty() => return,
            Ok(card) => card,
            Err(e) => {
                status.0.set(Some(Err(e)));
                return;
            }
        };
        let picked = calc.cards.with_untracked(|c| c.picked.clone());
        let cards = match Cards::with(Some(card), picked) {
            Ok(cards) => cards,
            Err(e) => {
                status.0.set(Some(Err(e)));
                return;
            }
        };
        reopen_after(calc, &opening, &opened, cards);
        status.0.set(Some(Ok(())));
    });
}

/// Puts cards that arrived after the start in use; the opening link is opened again when
/// it names one of their offerings and nothing was edited since (`opened`).
fn reopen_after(calc: Calc, opening: &Opening, opened: &ptcalc_core::Scenario, cards: Cards) {
    let asked = opening.parsed.scenario.offering.clone();
    let reopen = calc.scenario.with_untracked(|s| s == opened)
        && opened.offering != asked
        && cards.catalog.entry(&asked).is_some();
    let reopened = reopen.then(|| cards.stamp(cards.open(&opening.parsed, calc.today).0));
    set_cards(calc, cards);
    if let Some(s) = reopened {
        calc.scenario.set(s);
    }
}

/// Reads a picked file and loads it; `Err` is the loader's message.
async fn pick(calc: Calc, file: web_sys::File) -> Result<(), String> {
    let name = file.name();
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{name}: the file could not be read as text"))?;
    let card = read_in_worker(&name, &text, Origin::Picked).await?;
    let served = calc.cards.with_untracked(|c| c.served.clone());
    let cards = Cards::with(served, Some(card.clone()))?;
    remember(Some((&card, &text)));
    set_cards(calc, cards);
    Ok(())
}

/// Puts `cards` in use: the scenario keeps its offering if the cards still have it (else
/// the first of the same vendor, as a link would), and its `org=` follows.
fn set_cards(calc: Calc, cards: Cards) {
    let s = calc.scenario.get_untracked();
    let servable = cards
        .catalog
        .servable(
            s,
            Vec::new(),
            crate::cards::as_of(&calc.scenario.get_untracked(), calc.today),
        )
        .scenario;
    let next = cards.stamp(servable);
    calc.cards.set(cards);
    if calc.scenario.with_untracked(|s| *s != next) {
        calc.scenario.set(next);
    }
}

/// The organization's cards in the sources section: what is loaded, the file picker and
/// the remove button, and a bad card's error.
#[component]
pub fn OrgCards() -> impl IntoView {
    let calc = Calc::from_context();
    let served = expect_context::<ServedStatus>();
    let error = RwSignal::new(None::<String>);
    let on_file = move |ev: web_sys::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(input) = input else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            error.set(pick(calc, file).await.err());
        });
    };
    let on_remove = move |_| {
        let served = calc.cards.with_untracked(|c| c.served.clone());
        if let Ok(cards) = Cards::with(served, None) {
            remember(None);
            error.set(None);
            set_cards(calc, cards);
        }
    };
    let describe = |card: &OrgCard| {
        format!(
            "{} (fingerprint {}): {}",
            card.name,
            card.fingerprint,
            card.offerings.join(", ")
        )
    };
    let served_line = move || {
        let card = calc.cards.with(|c| c.served.clone());
        match (card, served.0.get()) {
            (Some(card), _) => Some(view! {
                <p id="org-served" class="org-card">
                    <span class="marker organization" data-confidence="organization">"your organization's"</span>
                    " This page loaded your organization's rate cards from "<code>"ratecards.json"</code>" next to it: "
                    {describe(&card)}
                </p>
            }.into_any()),
            (None, Some(Err(e))) => Some(view! {
                <p id="org-served-error" class="error" role="alert">
                    "The organization's "<code>"ratecards.json"</code>" next to this page is not a valid rate card, so it is not used: "{e}
                </p>
            }.into_any()),
            _ => None,
        }
    };
    let picked_line = move || {
        calc.cards.with(|c| c.picked.clone()).map(|card| {
            view! {
                <p id="org-picked" class="org-card">
                    <span class="marker organization" data-confidence="organization">"your organization's"</span>
                    " Your card "{describe(&card)}" "
                    <button type="button" id="org-remove" on:click=on_remove>"Remove this card"</button>
                </p>
            }
        })
    };
    view! {
        <section id="org-cards" aria-labelledby="org-cards-title">
            <h3 id="org-cards-title">"Your organization's rate cards"</h3>
            {served_line}
            {picked_line}
            <div class="field">
                <label for="org-file">"Load a rate-card file (JSON, the bundled cards' format)"</label>
                <input type="file" id="org-file" accept=".json,application/json" on:change=on_file aria-describedby="org-file-hint"/>
                <p id="org-file-hint" class="hint">"Its offerings join the menus (replacing bundled ones with the same id), its figures are marked as your organization's, and links name it by a short fingerprint (org=). The file stays in this browser (kept until you remove it); nothing is sent anywhere."</p>
            </div>
            <p id="org-error" class="error" role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.get().map(|e| format!("This card was not loaded: {e}"))}
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_empty_card_is_recognized_without_a_parser_and_nothing_else_is() {
        assert!(is_empty_card(EMPTY_CARD));
        assert!(is_empty_card(
            "{ \"schema_version\": 1,\n  \"sources\": {},\n  \"offerings\": [] }\r\n"
        ));
        // The shipped file is a valid card without offerings (the worker would say so).
        let card = ptcalc_ratecards::compact_organization(SERVED, EMPTY_CARD).expect("valid");
        assert!(card.offerings.is_empty());
        let org = include_str!("../../../tests/data/org-ratecard.json");
        for other in [
            org,
            "",
            "{}",
            "{\"schema_version\": 1, \"sources\": {}, \"offerings\": [1]}",
        ] {
            assert!(!is_empty_card(other), "{other}");
        }
    }
}
