//! The second opinion: every bundled on-demand price (input, cached input, output) and
//! retirement day against a dated snapshot of LiteLLM's community price list
//! (`tests/data/litellm/`, its version, date and MIT notice in the README there). A
//! difference fails unless the card explains it (a dated value, a recorded conflict, or the
//! offering's `second_opinion.explained` with a reason and a source).
//!
//! Refresh the snapshot from a newer list (the wheel's `litellm/model_prices_and_context_window_backup.json`):
//! `PTCALC_LITELLM_FULL=/path/to/it cargo test -p ptcalc-ratecards --test second_opinion`
//! keeps only the keys the comparison reads and the fields it uses, then update the README.
use ptcalc_ratecards::{catalog, Agreement, AsOf, OpinionFigure, PriceList, Theirs};

const SNAPSHOT_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/litellm/model_prices_and_context_window.json"
);
const SNAPSHOT: &str = include_str!("data/litellm/model_prices_and_context_window.json");

/// The day the snapshot was taken (README next to it): the card values in force that day
/// are compared.
const SNAPSHOT_DAY: &str = "2026-12-06";

/// The fields of an entry the comparison and a reader of the snapshot use.
const KEPT_FIELDS: [&str; 8] = [
    "input_cost_per_token",
    "cache_read_input_token_cost",
    "output_cost_per_token",
    "deprecation_date",
    "deprecation_source",
    "successor_model",
    "source",
    "litellm_provider",
];

fn on_snapshot_day() -> AsOf {
    AsOf::at(SNAPSHOT_DAY.parse().expect("a date"))
}

fn snapshot() -> PriceList {
    PriceList::parse(SNAPSHOT).expect("the snapshot is valid JSON")
}

/// With `PTCALC_LITELLM_FULL` set, rewrites the snapshot from the full list; always checks
/// that the snapshot holds only keys the comparison reads (so it stays small).
#[test]
fn snapshot_holds_only_the_keys_the_comparison_reads() {
    let keys = catalog().second_opinion_keys(on_snapshot_day());
    if let Ok(full) = std::env::var("PTCALC_LITELLM_FULL") {
        let text = std::fs::read_to_string(&full).expect("PTCALC_LITELLM_FULL is readable");
        let all: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).expect("the full list is a JSON object");
        let mut kept = serde_json::Map::new();
        for key in &keys {
            if let Some(serde_json::Value::Object(entry)) = all.get(key) {
                let fields: serde_json::Map<String, serde_json::Value> = entry
                    .iter()
                    .filter(|(f, _)| KEPT_FIELDS.contains(&f.as_str()))
                    .map(|(f, v)| (f.clone(), v.clone()))
                    .collect();
                kept.insert(key.clone(), serde_json::Value::Object(fields));
            }
        }
        let mut out = serde_json::to_string_pretty(&kept).unwrap();
        out.push('\n');
        std::fs::write(SNAPSHOT_PATH, out).expect("the snapshot is writable");
        return;
    }
    let held: serde_json::Map<String, serde_json::Value> = serde_json::from_str(SNAPSHOT).unwrap();
    assert!(!held.is_empty());
    for (key, entry) in &held {
        assert!(keys.contains(key), "{key} is not read by the comparison");
        for field in entry.as_object().unwrap().keys() {
            assert!(KEPT_FIELDS.contains(&field.as_str()), "{key}.{field}");
        }
    }
}

#[test]
fn every_bundled_price_and_retirement_agrees_with_litellm_or_the_card_says_why() {
    let opinion = catalog().second_opinion(&snapshot(), on_snapshot_day());
    let differs: Vec<String> = opinion
        .with(Agreement::Differs)
        .map(|r| {
            format!(
                "{} {} (LiteLLM {}): ours {:?}, theirs {:?}",
                r.offering,
                r.figure.as_str(),
                r.key,
                r.ours,
                r.theirs
            )
        })
        .collect();
    assert!(
        differs.is_empty(),
        "differences the cards do not explain (check the vendor's page, then fix the card or add second_opinion.explained):\n{}",
        differs.join("\n")
    );
    // The comparison ran on the whole card, not on an empty list.
    assert!(
        opinion.count(Agreement::Agree) > 150,
        "{}",
        opinion.count(Agreement::Agree)
    );
    for r in opinion.with(Agreement::Explained) {
        assert!(r.reason.is_some() && r.source.is_some(), "{r:?}");
    }
}

#[test]
fn the_promotion_the_list_still_shows_is_explained_by_the_cards_dated_value() {
    let opinion = catalog().second_opinion(&snapshot(), on_snapshot_day());
    let sol = opinion
        .rows
        .iter()
        .find(|r| r.offering == "azure/gpt-5.6-sol" && r.figure == OpinionFigure::Input)
        .unwrap();
    assert_eq!(
        (sol.agreement, &sol.ours, &sol.theirs),
        (
            Agreement::Explained,
            &Some(Theirs::Usd(5.0)),
            &Some(Theirs::Usd(4.0))
        )
    );
    assert_eq!(sol.source.as_deref(), Some("azure-gpt-5.6-sol-promo"));
}

#[test]
fn a_deprecation_date_equal_to_the_closed_to_new_day_agrees() {
    let opinion = catalog().second_opinion(&snapshot(), on_snapshot_day());
    let flash = opinion
        .rows
        .iter()
        .find(|r| r.offering == "vertex/gemini-2.5-flash" && r.figure == OpinionFigure::Retired)
        .unwrap();
    assert_eq!(flash.agreement, Agreement::Agree);
    assert!(flash.reason.as_deref().unwrap().contains("closed_to_new"));
}

#[test]
fn offerings_litellm_lacks_are_listed_not_failed() {
    let opinion = catalog().second_opinion(&snapshot(), on_snapshot_day());
    let unlisted: Vec<&str> = opinion
        .unlisted
        .iter()
        .map(|u| u.offering.as_str())
        .collect();
    for id in ["azure/deepseek-r1-0528", "vertex/claude-3-opus"] {
        assert!(unlisted.contains(&id), "{unlisted:?}");
    }
    // Bedrock ids come from the card, so its offerings are compared.
    assert!(opinion
        .rows
        .iter()
        .any(|r| r.offering == "bedrock/claude-sonnet-4.5-reserved"
            && r.key == "anthropic.claude-sonnet-4-5-20250929-v1:0"
            && r.agreement == Agreement::Agree));
}

#[test]
fn a_price_the_list_changes_differs_even_where_an_older_value_was_explained() {
    // The card explains the list's $1 input for Claude 3.5 Haiku; $1.10 is a new value.
    let mut list: serde_json::Value = serde_json::from_str(SNAPSHOT).unwrap();
    list["vertex_ai/claude-3-5-haiku"]["input_cost_per_token"] = serde_json::json!(1.1e-6);
    let edited = list.to_string();
    let opinion = catalog().second_opinion(&PriceList::parse(&edited).unwrap(), on_snapshot_day());
    let differs: Vec<&str> = opinion
        .with(Agreement::Differs)
        .map(|r| r.offering.as_str())
        .collect();
    assert_eq!(differs.len(), 1, "{differs:?}");
    // And an output price of gpt-4.1 moved by a cent differs.
    let list =
        PriceList::parse(r#"{"azure/gpt-4.1": {"output_cost_per_token": 8.01e-06}}"#).unwrap();
    let opinion = catalog().second_opinion(&list, on_snapshot_day());
    assert_eq!(opinion.count(Agreement::Differs), 1);
}
