//! Editions of the bundled cards: an old edition resolves to the figures it held, and the
//! changes between two editions are listed figure by figure with old and new values.
use ptcalc_core::{Deployment, TokenKind};
use ptcalc_ratecards::{catalog, open_link_as_of, AsOf, Edition, FigureKind, ResolveError};

fn first() -> Edition {
    Edition::parse("2026-11-22").expect("first edition")
}

fn second() -> Edition {
    Edition::parse("2026-11-27").expect("second edition")
}

fn third() -> Edition {
    Edition::parse("2026-12-06").expect("third edition")
}

#[test]
fn editions_are_known_by_key_and_ordered() {
    assert_eq!(first(), Edition::first());
    assert!(first() < Edition::current());
    let keys: Vec<&str> = Edition::all().iter().map(|e| e.key).collect();
    assert_eq!(
        keys,
        vec!["2026-11-22", "2026-11-27", "2026-12-06", "2026-12-06b"]
    );
    let err = Edition::parse("2026-11").unwrap_err().to_string();
    assert!(
        err.contains("2026-11-22, 2026-11-27, 2026-12-06, 2026-12-06b"),
        "{err}"
    );
}

#[test]
fn the_changes_since_the_first_edition_list_each_correction_with_both_values() {
    let changes = catalog().edition_changes(first(), second(), second().date());
    let find = |id: &str, what: &FigureKind| {
        changes
            .iter()
            .find(|c| c.offering == id && c.what.as_ref() == Some(what))
            .unwrap_or_else(|| panic!("no change for {id} {what}: {changes:#?}"))
    };
    let o3 = find(
        "openai/o3-scale",
        &FigureKind::Capacity {
            pool: "input".into(),
        },
    );
    assert_eq!((o3.old, o3.new), (Some(25_000.0), Some(5_000.0)));
    assert!(o3
        .provenance
        .as_ref()
        .is_some_and(|p| p.source.contains("openai.com/api-scale-tier")));
    assert!(o3.to_string().contains("25,000 → 5,000"), "{o3}");
    let sol = find("azure/gpt-5.6-sol", &FigureKind::OnDemand(TokenKind::Input));
    assert_eq!((sol.old, sol.new), (Some(5.0), Some(4.0)));
    assert_eq!(sol.deployments, vec![Deployment::Global]);
    let sol_dz = changes
        .iter()
        .find(|c| {
            c.offering == "azure/gpt-5.6-sol"
                && c.deployments.contains(&Deployment::DataZone)
                && c.what == Some(FigureKind::OnDemand(TokenKind::Input))
        })
        .expect("data zone change");
    assert_eq!((sol_dz.old, sol_dz.new), (Some(5.5), Some(4.4)));
    assert_eq!(
        sol_dz.deployments,
        vec![Deployment::DataZone, Deployment::Regional]
    );
    // Removed and added offerings.
    let removed: Vec<&str> = changes
        .iter()
        .filter(|c| c.what.is_none() && c.new.is_none())
        .map(|c| c.offering.as_str())
        .collect();
    assert_eq!(removed.len(), 5, "{removed:?}");
    assert!(removed.contains(&"bedrock/claude-opus-5-reserved"));
    let added: Vec<&str> = changes
        .iter()
        .filter(|c| c.what.is_none() && c.old.is_none())
        .map(|c| c.offering.as_str())
        .collect();
    for id in [
        "azure/gpt-image-2",
        "openai/o1-scale",
        "vertex/claude-3-opus",
    ] {
        assert!(added.contains(&id), "{id} not listed as added: {added:?}");
    }
    // Figures whose value did not change are not listed (the Data Zone reservation kept
    // its value; only its source and confidence changed).
    assert!(
        !changes.iter().any(|c| c.offering == "azure/gpt-4.1"),
        "{changes:#?}"
    );
}

#[test]
fn the_same_edition_has_no_changes_and_the_order_of_editions_reverses_them() {
    let date = second().date();
    assert!(catalog().edition_changes(first(), first(), date).is_empty());
    let back = catalog().offering_edition_changes("openai/o3-scale", second(), first(), date);
    assert_eq!(back.len(), 1, "{back:?}");
    assert_eq!((back[0].old, back[0].new), (Some(5_000.0), Some(25_000.0)));
}

#[test]
fn an_offering_removed_since_resolves_in_its_edition_and_says_so_in_the_current_one() {
    let old = AsOf::edition(first());
    let o = catalog()
        .resolve_as_of("bedrock/claude-opus-5-reserved", Deployment::Global, old)
        .expect("old edition resolves");
    assert_eq!(o.pools[0].min_units, 100);
    let err = catalog()
        .resolve("bedrock/claude-opus-5-reserved", Deployment::Global)
        .unwrap_err();
    assert!(matches!(err, ResolveError::NotInEdition { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("not in rate-card edition 2026-12-06b"),
        "{err}"
    );
    // An offering added later is not in the first edition.
    let added = catalog()
        .resolve_as_of("azure/gpt-image-2", Deployment::Global, old)
        .unwrap_err();
    assert!(added.to_string().contains("2026-11-22"), "{added}");
    // Opening an old link in its edition keeps the offering; in today's it falls back.
    let link = "?v=1&o=bedrock/claude-opus-5-reserved&t=1m";
    let kept = open_link_as_of(link, old);
    assert_eq!(kept.scenario.offering, "bedrock/claude-opus-5-reserved");
    assert!(
        kept.warnings.iter().all(|w| w.key != "o"),
        "{:?}",
        kept.warnings
    );
    let today = open_link_as_of(link, AsOf::current());
    assert!(
        today.warnings.iter().any(|w| w.key == "o"),
        "{:?}",
        today.warnings
    );
}

#[test]
fn the_first_edition_reproduces_the_first_cards_numbers() {
    let old = AsOf::edition(first());
    let o3 = catalog()
        .resolve_as_of("openai/o3-scale", Deployment::Global, old)
        .expect("o3");
    assert_eq!(o3.pools[0].capacity_per_unit_per_minute, Some(25_000.0));
    let sol = catalog()
        .resolve_as_of("azure/gpt-5.6-sol", Deployment::Global, old)
        .expect("sol");
    assert_eq!(sol.on_demand_usd_per_mtok.output, Some(30.0));
    let terra = catalog()
        .entry_as_of("azure/gpt-5.6-terra", old)
        .expect("terra");
    assert!(terra.has_on_demand);
}

#[test]
fn the_2026_12_06_edition_restores_the_newer_o3_capacity_and_dates_the_flash_rise() {
    let now = third();
    let o3 = catalog().offering_edition_changes("openai/o3-scale", second(), now, now.date());
    assert_eq!(o3.len(), 1, "{o3:?}");
    assert_eq!((o3[0].old, o3[0].new), (Some(5_000.0), Some(25_000.0)));
    // Before 2027 the flash prices are the same in both editions; from 2027 the new
    // edition holds the standard rate.
    let flash = |date: &str| {
        catalog().offering_edition_changes(
            "vertex/gemini-3.6-flash",
            second(),
            now,
            date.parse().expect("a date"),
        )
    };
    assert!(flash("2026-12-06").is_empty());
    let later = flash("2027-01-15");
    let input = later
        .iter()
        .find(|c| c.what == Some(FigureKind::OnDemand(TokenKind::Input)))
        .expect("input price change");
    assert_eq!((input.old, input.new), (Some(0.75), Some(1.5)));
}

#[test]
fn the_2026_12_06b_edition_only_adds_so_links_made_with_2026_12_06_keep_their_answers() {
    let now = Edition::current();
    assert_eq!(now.key(), "2026-12-06b");
    for date in ["2026-12-06", "2026-12-07", "2027-01-15", "2027-06-01"] {
        let changes = catalog().edition_changes(third(), now, date.parse().expect("a date"));
        let changed: Vec<String> = changes
            .iter()
            .filter(|c| c.what.is_some() || c.old.is_some())
            .map(|c| c.to_string())
            .collect();
        assert!(changed.is_empty(), "{date}: {changed:?}");
        let mut added: Vec<&str> = changes.iter().map(|c| c.offering.as_str()).collect();
        added.sort_unstable();
        assert!(added.contains(&"openai/gpt-5.6-sol-reserved"), "{added:?}");
        // The one lifecycle date added (azure/gpt-5.1-codex) is in the new edition only.
        let retires = |edition| {
            catalog()
                .resolve_as_of(
                    "azure/gpt-5.1-codex",
                    Deployment::Global,
                    AsOf {
                        date: date.parse().expect("a date"),
                        edition,
                    },
                )
                .expect("codex")
                .lifecycle
                .and_then(|l| l.retired)
                .map(|e| e.on)
        };
        assert_eq!(retires(third()), None);
        assert_eq!(retires(now).as_deref(), Some("2027-05-15"));
        // An offering added in 2026-12-06b is not in the edition an older link names.
        for id in &added {
            assert!(
                catalog().entry_as_of(id, AsOf::edition(third())).is_none(),
                "{id}"
            );
        }
    }
}
