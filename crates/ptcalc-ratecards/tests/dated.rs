//! Prices with dates: a figure's value in force at a date, a promotion's end inside a
//! horizon, stale figures, and the history written in the card files.
use ptcalc_core::{Deployment, TokenKind};
use ptcalc_ratecards::{catalog, load, AsOf, Date, Edition, FigureKind, STALE_AFTER_DAYS};
use serde_json::{json, Value};

fn date(s: &str) -> Date {
    s.parse().expect(s)
}

fn at(s: &str) -> AsOf {
    AsOf::at(date(s))
}

fn on_demand(id: &str, d: Deployment, a: AsOf) -> [Option<f64>; 4] {
    let o = match catalog().resolve_as_of(id, d, a) {
        Ok(o) => o,
        Err(e) => panic!("{id}: {e}"),
    };
    let p = o.on_demand_usd_per_mtok;
    [p.input, p.cached_input, p.cache_write, p.output]
}

const LAUNCH: [Option<f64>; 4] = [Some(5.0), Some(0.5), Some(6.25), Some(30.0)];
const PROMO: [Option<f64>; 4] = [Some(4.0), Some(0.4), Some(5.0), Some(20.0)];

#[test]
fn the_gpt_5_6_sol_promotion_is_priced_only_inside_its_stated_dates() {
    let sol = |d: &str| on_demand("azure/gpt-5.6-sol", Deployment::Global, at(d));
    assert_eq!(sol("2026-07-09"), LAUNCH);
    assert_eq!(sol("2026-08-31"), LAUNCH);
    assert_eq!(sol("2026-09-01"), PROMO);
    assert_eq!(sol("2026-11-30"), PROMO);
    assert_eq!(sol("2026-12-01"), LAUNCH);
    // Before the model's launch the earliest known value is used.
    assert_eq!(sol("2026-01-01"), LAUNCH);
    // Data Zone applies its multiplier to the value in force.
    let dz = on_demand("azure/gpt-5.6-sol", Deployment::DataZone, at("2026-10-01"));
    assert_eq!(dz[0], Some(4.4));
    // The promotion's source is the Azure announcement, the launch price's the OpenAI list.
    let o = catalog()
        .resolve_as_of("azure/gpt-5.6-sol", Deployment::Global, at("2026-10-01"))
        .expect("sol");
    let source = o.on_demand_provenance.expect("provenance").source;
    assert!(
        source.contains("azure.microsoft.com/en-us/blog"),
        "{source}"
    );
}

#[test]
fn the_default_resolution_is_the_current_edition_at_its_own_date() {
    assert_eq!(AsOf::current().date, date("2026-12-06"));
    // The promotion ended on 2026-11-30: the current edition's own day is at the launch price.
    let o = catalog()
        .resolve("azure/gpt-5.6-sol", Deployment::Global)
        .expect("sol");
    assert_eq!(o.on_demand_usd_per_mtok.input, Some(5.0));
}

#[test]
fn an_older_edition_keeps_the_values_it_held() {
    let first = AsOf {
        date: date("2026-10-01"),
        edition: Edition::first(),
    };
    assert_eq!(
        on_demand("azure/gpt-5.6-sol", Deployment::Global, first),
        LAUNCH
    );
    // Terra's launch price was not in the first edition: its earliest value there is the cut.
    let terra = on_demand(
        "azure/gpt-5.6-terra",
        Deployment::Global,
        AsOf {
            date: date("2026-07-15"),
            edition: Edition::first(),
        },
    );
    assert_eq!(terra[0], Some(2.0));
    let terra_now = on_demand("azure/gpt-5.6-terra", Deployment::Global, at("2026-07-15"));
    assert_eq!((terra_now[0], terra_now[3]), (Some(2.5), Some(15.0)));
}

#[test]
fn fireworks_figures_follow_microsofts_tables_by_date() {
    let glm = |a: AsOf| {
        let o = catalog()
            .resolve_as_of("azure/glm-5", Deployment::Global, a)
            .expect("glm-5");
        let p = &o.pools[0];
        (p.capacity_per_unit_per_minute, p.min_units, p.increment)
    };
    assert_eq!(glm(at("2026-06-01")), (Some(3_500.0), 700, 350));
    assert_eq!(glm(at("2026-10-01")), (Some(600.0), 300, 150));
    let first = AsOf {
        date: date("2026-06-01"),
        edition: Edition::first(),
    };
    assert_eq!(glm(first), (Some(600.0), 300, 150));
    // Data Zone was not in the May preview: its figures have no history.
    let dz = catalog()
        .resolve_as_of("azure/glm-5", Deployment::DataZone, at("2026-06-01"))
        .expect("glm-5 dz");
    assert_eq!(dz.pools[0].min_units, 300);
}

#[test]
fn a_promotion_ending_inside_the_horizon_is_named_with_its_day_and_values() {
    let changes = catalog()
        .changes_within(
            "azure/gpt-5.6-sol",
            Deployment::Global,
            at("2026-11-27"),
            12,
        )
        .expect("sol");
    let input = changes
        .iter()
        .find(|c| c.what == Some(FigureKind::OnDemand(TokenKind::Input)))
        .expect("input change");
    assert_eq!((input.old, input.new), (Some(4.0), Some(5.0)));
    assert_eq!(input.on, Some(date("2026-12-01")));
    assert_eq!(changes.len(), 4, "{changes:?}");
    assert!(input.to_string().contains("4 → 5 on 2026-12-01"), "{input}");
    // A horizon that ends before the promotion does sees no change.
    let none = catalog()
        .changes_within("azure/gpt-5.6-sol", Deployment::Global, at("2026-09-15"), 2)
        .expect("sol");
    assert!(none.is_empty(), "{none:?}");
    // Starting before the promotion sees both its start and its end.
    let both = catalog()
        .changes_within("azure/gpt-5.6-sol", Deployment::Global, at("2026-08-15"), 6)
        .expect("sol");
    let days: Vec<String> = both
        .iter()
        .filter_map(|c| c.on)
        .map(|d| d.to_string())
        .collect();
    assert!(
        days.contains(&"2026-09-01".into()) && days.contains(&"2026-12-01".into()),
        "{days:?}"
    );
    let monthly = catalog()
        .resolve_monthly("azure/gpt-5.6-sol", Deployment::Global, at("2026-11-27"), 2)
        .expect("months");
    let prices: Vec<Option<f64>> = monthly
        .iter()
        .map(|(_, o)| o.on_demand_usd_per_mtok.output)
        .collect();
    assert_eq!(prices, vec![Some(20.0), Some(30.0)]);
}

#[test]
fn figures_older_than_180_days_are_listed_and_recent_ones_are_not() {
    let now = at("2026-11-27");
    let stale = catalog().figures_older_than(now, STALE_AFTER_DAYS);
    assert!(stale.iter().any(|f| f.offering == "bedrock/titan-text-lite"
        && matches!(f.what, FigureKind::UnitPrice { .. })));
    for f in &stale {
        assert!(
            f.age_days(now.date).expect("dated") > STALE_AFTER_DAYS,
            "{f}"
        );
        assert!(
            catalog().entry(&f.offering).is_some(),
            "{f}: not in the current edition"
        );
    }
    // The promotion (2026-09-01) and the Vertex GSU prices (2026-10-09) are recent.
    assert!(!stale
        .iter()
        .any(|f| f.offering == "azure/gpt-5.6-sol"
            && f.what == FigureKind::OnDemand(TokenKind::Input)));
    assert!(
        !stale.iter().any(|f| f.offering == "vertex/gemini-2.5-flash"
            && matches!(f.what, FigureKind::UnitPrice { .. }))
    );
    // Deployments that share a figure are listed once.
    let hourly: Vec<_> = stale
        .iter()
        .filter(|f| f.offering == "bedrock/titan-text-lite")
        .collect();
    assert!(hourly
        .iter()
        .all(|f| f.deployments == vec![Deployment::Global]));
    // A source exactly 180 days old is not yet stale; one day later it is.
    let capacity = |a: AsOf| {
        catalog()
            .figures_older_than(a, STALE_AFTER_DAYS)
            .into_iter()
            .any(|f| {
                f.offering == "azure/gpt-6-sol" && matches!(f.what, FigureKind::Capacity { .. })
            })
    };
    let sizing = date("2026-09-23"); // Microsoft's September sizing include
    assert!(!capacity(AsOf::at(sizing.add_days(180))));
    assert!(capacity(AsOf::at(sizing.add_days(181))));
}

/// A minimal card with one dated on-demand price.
fn card(input: Value) -> Value {
    json!({
        "schema_version": 1,
        "vendor": "azure",
        "sources": {
            "s": {"url": "https://example.com/ptu", "as_of": "2026-08", "confidence": "official"},
            "promo": {"url": "https://example.com/promo", "as_of": "2026-09-01", "confidence": "official"}
        },
        "offerings": [{
            "id": "azure/test-model",
            "model": "test-model",
            "name": "test",
            "unit": "PTU",
            "deployments": ["global"],
            "terms": ["1m"],
            "pools": [{
                "unit": "PTU",
                "capacity": {"tokens_per_unit": 3000, "per": "minute", "source": "s"},
                "min_units": {"global": 15},
                "increment": {"global": 5},
                "weights": {"input": 1, "cached_input": 0, "cache_write": 1, "output": 4},
                "prices": [{"term": "1m", "basis": "per_month", "price": {"global": 260}, "source": "s"}]
            }],
            "on_demand": {"usd_per_mtok": {"input": input, "output": 8.0}, "source": "s"}
        }]
    })
}

fn load_card(v: &Value) -> Result<ptcalc_ratecards::Catalog, ptcalc_ratecards::LoadError> {
    let text = serde_json::to_string_pretty(v).expect("json");
    load(&[("card.json", &text)])
}

#[test]
fn single_values_and_histories_both_load() {
    let plain = load_card(&card(json!(2.0))).expect("plain");
    let o = plain
        .resolve("azure/test-model", Deployment::Global)
        .expect("o");
    assert_eq!(o.on_demand_usd_per_mtok.input, Some(2.0));
    let dated = load_card(&card(json!([
        {"value": 2.0, "effective_from": "2026-01-01"},
        {"value": 1.5, "effective_from": "2026-09-01", "until": "2026-09-30", "source": "promo"}
    ])))
    .expect("dated");
    let o = dated
        .resolve_as_of("azure/test-model", Deployment::Global, at("2026-09-15"))
        .expect("o");
    assert_eq!(o.on_demand_usd_per_mtok.input, Some(1.5));
    assert!(o.on_demand_provenance.expect("p").source.contains("promo"));
}

#[test]
fn bad_histories_are_refused_with_the_place_and_what_is_allowed() {
    let bad_date = load_card(&card(
        json!([{"value": 2.0, "effective_from": "2026-02-30"}]),
    ))
    .unwrap_err()
    .to_string();
    assert!(bad_date.starts_with("card.json:"), "{bad_date}");
    assert!(
        bad_date.contains("2026-02-30") && bad_date.contains("YYYY-MM-DD"),
        "{bad_date}"
    );
    assert!(
        bad_date.contains("offerings[0].on_demand.usd_per_mtok.input[0].effective_from"),
        "{bad_date}"
    );
    assert!(
        bad_date.starts_with("card.json:15:"),
        "line of the bad date: {bad_date}"
    );
    let edition = load_card(&card(json!([{"value": 2.0, "added_in": "2025-01"}])))
        .unwrap_err()
        .to_string();
    assert!(
        edition.contains("not a rate-card edition") && edition.contains(Edition::current().key()),
        "{edition}"
    );
    let reversed = load_card(&card(
        json!([{"value": 2.0, "effective_from": "2026-09-30", "until": "2026-09-01"}]),
    ))
    .unwrap_err()
    .to_string();
    assert!(
        reversed.contains("until 2026-09-01 is before effective_from 2026-09-30"),
        "{reversed}"
    );
    let twice = load_card(&card(json!([{"value": 2.0}, {"value": 3.0}])))
        .unwrap_err()
        .to_string();
    assert!(twice.contains("same day"), "{twice}");
    let empty = load_card(&card(json!([]))).unwrap_err().to_string();
    assert!(empty.contains("at least one value"), "{empty}");
    let negative = load_card(&card(json!([{"value": -1.0}])))
        .unwrap_err()
        .to_string();
    assert!(negative.contains("positive"), "{negative}");
    let unknown_source = load_card(&card(json!([{"value": 2.0, "source": "nope"}])))
        .unwrap_err()
        .to_string();
    assert!(unknown_source.contains("`nope`"), "{unknown_source}");
}
