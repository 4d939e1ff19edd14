//! An organization's own rate card: it adds to or replaces bundled offerings by id, its
//! figures are marked as the organization's, and a bad card is refused with its place.
use ptcalc_core::offering::Confidence;
use ptcalc_core::{Deployment, PriceBasis, Scenario, Term};
use ptcalc_ratecards::{card_fingerprint, catalog, load, Catalog, LoadError, BUNDLED};

const SAMPLE: &str = include_str!("../../../tests/data/org-ratecard.json");
const BAD: &str = include_str!("../../../tests/data/org-ratecard-bad.json");

fn with_sample() -> Catalog {
    match catalog().with_organization("org-ratecard.json", SAMPLE) {
        Ok(c) => c,
        Err(e) => panic!("sample card refused: {e}"),
    }
}

#[test]
fn the_sample_replaces_one_offering_and_adds_another() {
    let c = with_sample();
    assert_eq!(c.entries().len(), catalog().entries().len() + 1);
    let gpt = c.entry("azure/gpt-4.1").expect("replaced entry");
    assert!(gpt.organization);
    assert_eq!(gpt.deployments, vec![Deployment::Global]);
    let mu = c
        .entry("bedrock/claude-sonnet-4.5-contoso-mu")
        .expect("added entry");
    assert!(mu.organization && mu.capacity_published);
    assert_eq!(
        c.entries().iter().filter(|e| e.organization).count(),
        2,
        "only the card's offerings are the organization's"
    );
    // The bundled catalog itself is untouched.
    let bundled = catalog().entry("azure/gpt-4.1").expect("bundled");
    assert!(!bundled.organization);
}

#[test]
fn the_negotiated_price_is_used_and_marked_as_the_organizations() {
    let c = with_sample();
    let o = c
        .resolve("azure/gpt-4.1", Deployment::Global)
        .expect("gpt-4.1");
    let tp = o.pools[0].price(Term::Month1).expect("1m");
    assert_eq!(tp.price, PriceBasis::PerMonth(221.0));
    assert_eq!(tp.provenance.confidence, Confidence::Organization);
    assert!(
        tp.provenance
            .source
            .starts_with("your organization's rate card"),
        "{}",
        tp.provenance.source
    );
    // Even a figure the card copies from a vendor page is the organization's in this card.
    assert_eq!(
        o.pools[0]
            .capacity_provenance
            .as_ref()
            .map(|p| p.confidence),
        Some(Confidence::Organization)
    );
    // The card offers Global only: the bundled Data Zone offering is replaced too.
    assert!(c.resolve("azure/gpt-4.1", Deployment::DataZone).is_err());
    // The bundled price is still $260 without the card.
    let list = catalog()
        .resolve("azure/gpt-4.1", Deployment::Global)
        .expect("bundled");
    assert_eq!(
        list.pools[0].price(Term::Month1).map(|p| p.price),
        Some(PriceBasis::PerMonth(260.0))
    );
}

#[test]
fn the_private_model_unit_throughput_sizes_and_prices_a_reservation() {
    let c = with_sample();
    let o = c
        .resolve("bedrock/claude-sonnet-4.5-contoso-mu", Deployment::Global)
        .expect("private MU");
    assert_eq!(o.pools[0].capacity_per_unit_per_minute, Some(30_000.0));
    assert_eq!(
        o.pools[0].price(Term::Month1).map(|p| p.price),
        Some(PriceBasis::PerHour(42.0))
    );
    let scenario = Scenario {
        offering: o.id.clone(),
        deployment: Deployment::Global,
        term: Term::Month1,
        ..Scenario::default()
    };
    let analysis = ptcalc_core::report::evaluate(&scenario, &o).expect("evaluates");
    assert!(analysis
        .report
        .monthly
        .full_provisioned
        .is_some_and(|usd| usd > 0.0));
}

#[test]
fn a_bad_card_is_refused_with_line_column_field_and_what_is_wrong() {
    let err = catalog()
        .with_organization("org-ratecard-bad.json", BAD)
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, LoadError::Json { line: 20, .. }), "{err:?}");
    assert!(text.starts_with("org-ratecard-bad.json:20:"), "{text}");
    assert!(text.contains("offerings[0].pools[0].weights"), "{text}");
    assert!(
        text.contains("outptu") && text.contains("cached_input"),
        "{text}"
    );
}

#[test]
fn card_rules_hold_for_organization_cards_too() {
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).expect("json");
    v["offerings"][1]["id"] = "anthropic/claude".into();
    let e = catalog()
        .with_organization("org.json", &v.to_string())
        .unwrap_err()
        .to_string();
    assert!(e.contains("azure/, vertex/, bedrock/ or openai/"), "{e}");
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).expect("json");
    v["offerings"][1]["id"] = "azure/gpt-4.1".into();
    let e = catalog()
        .with_organization("org.json", &v.to_string())
        .unwrap_err();
    assert!(matches!(e, LoadError::DuplicateId { .. }), "{e:?}");
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE).expect("json");
    v["vendor"] = "azure".into();
    let e = catalog()
        .with_organization("org.json", &v.to_string())
        .unwrap_err()
        .to_string();
    assert!(e.contains("must start with `azure/`"), "{e}");
}

#[test]
fn bundled_cards_may_not_claim_to_be_an_organizations() {
    let (name, text) = BUNDLED[0];
    let mut v: serde_json::Value = serde_json::from_str(text).expect("json");
    v["sources"]["ms-sizing-2026-09-23"]["confidence"] = "organization".into();
    let e = load(&[(name, &v.to_string())]).unwrap_err().to_string();
    assert!(
        e.contains("confidence organization is for an organization's own card"),
        "{e}"
    );
    let mut v: serde_json::Value = serde_json::from_str(text).expect("json");
    v.as_object_mut().expect("object").remove("vendor");
    let e = load(&[(name, &v.to_string())]).unwrap_err().to_string();
    assert!(e.contains("a bundled card names its vendor"), "{e}");
}

#[test]
fn the_fingerprint_follows_the_content_not_the_layout() {
    let a = card_fingerprint(SAMPLE).expect("json");
    let v: serde_json::Value = serde_json::from_str(SAMPLE).expect("json");
    assert_eq!(card_fingerprint(&v.to_string()), Some(a.clone()));
    let mut changed = v.clone();
    changed["offerings"][0]["pools"][0]["prices"][1]["price"]["global"] = 220.into();
    assert_ne!(card_fingerprint(&changed.to_string()), Some(a));
}

/// A link made with an organization's card (`org=`) says so when that card is not loaded,
/// instead of quietly pricing the bundled figures; with the card loaded it says nothing.
#[test]
fn a_link_names_its_missing_organization_card() {
    let fingerprint = card_fingerprint(SAMPLE).expect("the sample is JSON");
    let link = format!("v=1&o=azure/gpt-4.1&t=1m&org={fingerprint}");
    let today = ptcalc_ratecards::Date::new(2026, 11, 27).expect("a date");

    let without = catalog().open_link_on(&link, today);
    let org: Vec<_> = without.warnings.iter().filter(|w| w.key == "org").collect();
    assert_eq!(org.len(), 1, "{:?}", without.warnings);
    assert!(org[0].message.contains(&fingerprint), "{}", org[0].message);
    assert!(org[0].message.contains("--ratecards"), "{}", org[0].message);
    // The fingerprint stays in the link, so the card can still be loaded later.
    assert_eq!(
        without.scenario.org_card.as_deref(),
        Some(fingerprint.as_str())
    );

    let with = with_sample().open_link_on(&link, today);
    assert!(
        with.warnings.iter().all(|w| w.key != "org"),
        "{:?}",
        with.warnings
    );
}
