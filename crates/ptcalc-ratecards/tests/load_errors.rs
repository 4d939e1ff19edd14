//! Bad rate cards are refused with an error that names the file and the figure.
use ptcalc_core::{Deployment, PriceBasis, Term};
use ptcalc_ratecards::{load, LoadError};
use serde_json::{json, Value};

/// A minimal valid card; tests break one thing at a time.
fn card() -> Value {
    json!({
        "schema_version": 1,
        "vendor": "azure",
        "sources": {
            "s": {"url": "https://example.com/ptu", "as_of": "2026-08", "confidence": "official"}
        },
        "offerings": [{
            "id": "azure/test-model",
            "model": "test-model",
            "name": "Azure OpenAI test-model (PTU)",
            "unit": "PTU",
            "deployments": ["global", "datazone"],
            "terms": ["hourly", "1m"],
            "pools": [{
                "unit": "PTU",
                "capacity": {"tokens_per_unit": 3000, "per": "minute", "source": "s"},
                "min_units": {"global": 15, "datazone": 15},
                "increment": {"global": 5, "datazone": 5},
                "weights": {"input": 1, "cached_input": 0, "cache_write": 1, "output": 4},
                "prices": [
                    {"term": "hourly", "basis": "per_hour", "price": {"global": 1.0, "datazone": 1.1}, "source": "s"},
                    {"term": "1m", "basis": "per_month", "price": {"global": 260}, "source": "s"}
                ]
            }],
            "on_demand": {"usd_per_mtok": {"input": 2.0, "cached_input": 0.5, "cache_write": null, "output": 8.0}, "source": "s"}
        }]
    })
}

fn load_one(name: &str, v: &Value) -> Result<ptcalc_ratecards::Catalog, LoadError> {
    load(&[(name, &v.to_string())])
}

/// Loads `v` as `bad.json`, expects a failure, and checks its message names the file.
fn refused(v: &Value) -> LoadError {
    match load_one("bad.json", v) {
        Ok(_) => panic!("accepted a bad card: {v}"),
        Err(e) => {
            assert_eq!(e.file(), "bad.json");
            assert!(e.to_string().starts_with("bad.json"), "{e}");
            e
        }
    }
}

fn offering(v: &mut Value) -> &mut Value {
    &mut v["offerings"][0]
}

fn pool(v: &mut Value) -> &mut Value {
    &mut v["offerings"][0]["pools"][0]
}

#[test]
fn the_minimal_card_loads_and_resolves() {
    let c = match load_one("ok.json", &card()) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    let o = c
        .resolve("azure/test-model", Deployment::DataZone)
        .expect("datazone");
    assert_eq!(
        o.pools[0].price(Term::Hourly).map(|p| p.price),
        Some(PriceBasis::PerHour(1.1))
    );
    assert!(
        o.pools[0].price(Term::Month1).is_none(),
        "1m is priced for global only"
    );
    assert!(c.check().is_empty(), "{:?}", c.check());
}

#[test]
fn broken_json_names_file_line_and_column() {
    let e = match load(&[("broken.json", "{\n  \"schema_version\": 1,\n  oops\n}")]) {
        Ok(_) => panic!("accepted broken JSON"),
        Err(e) => e,
    };
    assert!(matches!(e, LoadError::Json { line: 3, .. }), "{e:?}");
    assert!(e.to_string().starts_with("broken.json:3:"), "{e}");
}

#[test]
fn a_missing_required_field_is_a_schema_error() {
    let mut v = card();
    pool(&mut v)
        .as_object_mut()
        .expect("pool")
        .remove("min_units");
    let e = refused(&v);
    assert!(
        matches!(e, LoadError::Json { .. }) && e.to_string().contains("min_units"),
        "{e}"
    );
}

#[test]
fn a_misspelt_token_kind_is_a_schema_error_not_a_missing_figure() {
    let mut v = card();
    pool(&mut v)["weights"] = json!({"input": 1, "cached_input": 0, "cache_write": 1, "ouput": 4});
    let e = refused(&v);
    assert!(e.to_string().contains("ouput"), "{e}");
}

#[test]
fn an_absent_weight_is_not_published_and_resolves_to_one_with_a_note() {
    let mut v = card();
    pool(&mut v)["weights"]
        .as_object_mut()
        .expect("weights")
        .remove("output");
    let c = load_one("ok.json", &v).expect("absent weight is allowed");
    let o = c
        .resolve("azure/test-model", Deployment::Global)
        .expect("global");
    assert_eq!(o.pools[0].weights.output, 1.0);
    assert!(
        o.notes
            .iter()
            .any(|n| n.contains("output weight not published") && n.contains("wout")),
        "{:?}",
        o.notes
    );
}

#[test]
fn an_unknown_field_is_a_schema_error() {
    let mut v = card();
    offering(&mut v)["min_unit"] = json!(3);
    let e = refused(&v);
    assert!(e.to_string().contains("min_unit"), "{e}");
}

#[test]
fn a_negative_capacity_is_refused() {
    let mut v = card();
    pool(&mut v)["capacity"]["tokens_per_unit"] = json!(-3000);
    let e = refused(&v);
    assert!(
        matches!(&e, LoadError::BadNumber { field, .. } if field.contains("tokens_per_unit")),
        "{e:?}"
    );
    assert!(e.to_string().contains("azure/test-model"), "{e}");
}

#[test]
fn a_zero_price_is_refused() {
    let mut v = card();
    pool(&mut v)["prices"][1]["price"]["global"] = json!(0);
    assert!(matches!(refused(&v), LoadError::BadNumber { .. }));
}

#[test]
fn a_zero_on_demand_price_is_refused() {
    let mut v = card();
    offering(&mut v)["on_demand"]["usd_per_mtok"]["input"] = json!(0.0);
    assert!(matches!(refused(&v), LoadError::BadNumber { .. }));
}

#[test]
fn a_negative_weight_is_refused() {
    let mut v = card();
    pool(&mut v)["weights"]["output"] = json!(-4);
    assert!(
        matches!(refused(&v), LoadError::BadNumber { field, .. } if field.ends_with("weights.output"))
    );
}

#[test]
fn a_minimum_of_zero_units_is_refused() {
    let mut v = card();
    pool(&mut v)["min_units"]["datazone"] = json!(0);
    assert!(matches!(refused(&v), LoadError::BadCount { value: 0, .. }));
    let mut v = card();
    pool(&mut v)["increment"]["global"] = json!(0);
    assert!(matches!(refused(&v), LoadError::BadCount { .. }));
}

#[test]
fn a_deployment_without_its_minimum_is_refused() {
    let mut v = card();
    pool(&mut v)["min_units"]
        .as_object_mut()
        .expect("map")
        .remove("datazone");
    let e = refused(&v);
    assert!(e.to_string().contains("no value for datazone"), "{e}");
}

#[test]
fn a_price_without_a_known_source_is_refused() {
    let mut v = card();
    pool(&mut v)["prices"][0]["source"] = json!("nowhere");
    assert!(matches!(refused(&v), LoadError::UnknownSource { key, .. } if key == "nowhere"));
}

#[test]
fn a_source_without_url_or_description_is_refused() {
    let mut v = card();
    v["sources"]["s"]
        .as_object_mut()
        .expect("source")
        .remove("url");
    assert!(matches!(refused(&v), LoadError::Invalid { .. }));
}

#[test]
fn a_malformed_as_of_date_is_refused() {
    let mut v = card();
    v["sources"]["s"]["as_of"] = json!("August 2026");
    let e = refused(&v);
    assert!(e.to_string().contains("ISO"), "{e}");
}

#[test]
fn ids_must_be_lowercase_and_carry_the_vendor() {
    for bad in [
        "azure/GPT-4.1",
        "vertex/test-model",
        "test-model",
        "azure/a b",
    ] {
        let mut v = card();
        offering(&mut v)["id"] = json!(bad);
        assert!(matches!(refused(&v), LoadError::BadId { id, .. } if id == bad));
    }
}

#[test]
fn a_duplicate_id_across_files_names_the_second_file() {
    let v = card().to_string();
    let e = match load(&[("a.json", &v), ("b.json", &v)]) {
        Ok(_) => panic!("accepted a duplicate id"),
        Err(e) => e,
    };
    assert_eq!(
        e,
        LoadError::DuplicateId {
            file: "b.json".into(),
            id: "azure/test-model".into()
        }
    );
}

#[test]
fn an_unknown_schema_version_or_vendor_is_refused() {
    let mut v = card();
    v["schema_version"] = json!(2);
    assert!(matches!(
        refused(&v),
        LoadError::SchemaVersion { found: 2, .. }
    ));
    let mut v = card();
    v["vendor"] = json!("anthropic");
    assert!(matches!(refused(&v), LoadError::UnknownVendor { .. }));
}

#[test]
fn a_price_for_an_unoffered_deployment_or_unlisted_term_is_refused() {
    let mut v = card();
    pool(&mut v)["prices"][0]["price"]["regional"] = json!(2.0);
    assert!(refused(&v).to_string().contains("regional"));
    let mut v = card();
    offering(&mut v)["terms"] = json!(["hourly"]);
    assert!(refused(&v).to_string().contains("1m"));
}

#[test]
fn a_token_kind_billed_by_two_pools_is_refused() {
    let mut v = card();
    let second = pool(&mut v).clone();
    pool(&mut v)["name"] = json!("input");
    let mut output = second;
    output["name"] = json!("output");
    offering(&mut v)["pools"]
        .as_array_mut()
        .expect("pools")
        .push(output);
    let e = refused(&v);
    assert!(e.to_string().contains("billed by 2 pools"), "{e}");
}

#[test]
fn a_batch_multiplier_above_one_is_refused() {
    let mut v = card();
    offering(&mut v)["batch"] = json!({"multiplier": 1.5, "source": "s"});
    assert!(matches!(refused(&v), LoadError::BadNumber { .. }));
}

#[test]
fn an_unknown_price_set_is_refused() {
    let mut v = card();
    pool(&mut v)["prices"] = json!("azure-ptu");
    assert!(matches!(refused(&v), LoadError::UnknownPriceSet { .. }));
}

#[test]
fn a_term_may_be_priced_twice_only_for_different_deployments() {
    let mut v = card();
    pool(&mut v)["prices"][1] =
        json!({"term": "1m", "basis": "per_month", "price": {"global": 260}, "source": "s"});
    pool(&mut v)["prices"].as_array_mut().expect("prices").push(
        json!({"term": "1m", "basis": "per_month", "price": {"datazone": 270}, "source": "s"}),
    );
    let catalog = load_one("ok.json", &v).expect("disjoint deployments load");
    let dz = catalog
        .resolve("azure/test-model", Deployment::DataZone)
        .expect("datazone");
    assert_eq!(
        dz.pools[0].price(Term::Month1).map(|p| p.price),
        Some(PriceBasis::PerMonth(270.0))
    );
    pool(&mut v)["prices"][2]["price"] = json!({"global": 250});
    let e = refused(&v);
    assert!(
        e.to_string().contains("priced twice for one deployment"),
        "{e}"
    );
}

#[test]
fn a_named_multiplier_set_must_exist_and_carry_its_own_source() {
    let mut v = card();
    offering(&mut v)["on_demand"]["deployment_multipliers"] = json!("uplift");
    let e = refused(&v);
    assert!(e.to_string().contains("multiplier_sets table lacks"), "{e}");
    v["multiplier_sets"] = json!({"uplift": {"multipliers": {"datazone": 1.1}, "source": "s"}});
    let catalog = load_one("ok.json", &v).expect("set loads");
    let dz = catalog
        .resolve("azure/test-model", Deployment::DataZone)
        .expect("datazone");
    assert_eq!(dz.on_demand_usd_per_mtok.input, Some(2.2));
    offering(&mut v)["on_demand"]["multiplier_source"] = json!("s");
    let e = refused(&v);
    assert!(e.to_string().contains("names its own source"), "{e}");
}
