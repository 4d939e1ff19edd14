//! The corrections of the 2026-11-27 audit of the bundled cards
//! (`shared/research/ratecards-audit.md`): each test pins one finding's resolution.
use ptcalc_core::offering::Confidence;
use ptcalc_core::{Deployment, Offering, PriceBasis, Scenario, Term};
use ptcalc_ratecards::catalog;

fn resolve(id: &str, d: Deployment) -> Offering {
    match catalog().resolve(id, d) {
        Ok(o) => o,
        Err(e) => panic!("{id} {d:?}: {e}"),
    }
}

fn has_note(o: &Offering, parts: &[&str]) -> bool {
    o.notes.iter().any(|n| parts.iter().all(|p| n.contains(p)))
}

#[test]
fn o3_scale_tier_input_unit_holds_both_copies_with_their_dates_and_old_links_keep_5000() {
    use ptcalc_ratecards::{AsOf, Edition};
    let at = |date: &str, edition: &str| AsOf {
        date: date.parse().expect("a date"),
        edition: Edition::parse(edition).expect("an edition"),
    };
    let capacity = |a: AsOf| {
        let o = catalog()
            .resolve_as_of("openai/o3-scale", Deployment::Global, a)
            .expect("o3");
        let input = &o.pools[0];
        (
            input.capacity_per_unit_per_minute,
            input.capacity_provenance.as_ref().map(|p| p.confidence),
        )
    };
    // The 2026-12-05 re-audit: 25,000 TPM (newer layout, mirror only) since the price cut,
    // 5,000 TPM (OpenAI's own older copy) before it.
    assert_eq!(
        capacity(at("2026-12-01", "2026-12-06")),
        (Some(25_000.0), Some(Confidence::Unofficial))
    );
    assert_eq!(
        capacity(at("2025-05-01", "2026-12-06")),
        (Some(5_000.0), Some(Confidence::Official))
    );
    // A link made with the 2026-11-27 edition keeps its 5,000.
    assert_eq!(capacity(at("2026-11-27", "2026-11-27")).0, Some(5_000.0));
    let o = resolve("openai/o3-scale", Deployment::Global);
    // The output unit is seen only on the mirror, and says so.
    assert_eq!(
        o.pools[1]
            .capacity_provenance
            .as_ref()
            .map(|p| p.confidence),
        Some(Confidence::Unofficial)
    );
}

#[test]
fn data_zone_and_regional_reservations_are_an_assumption_with_the_other_value_shown() {
    let g = resolve("azure/gpt-4.1", Deployment::Global);
    let tp = g.pools[0].price(Term::Month1).expect("1m");
    assert_eq!(tp.provenance.confidence, Confidence::OfficialViaThirdParty);
    for d in [Deployment::DataZone, Deployment::Regional] {
        let o = resolve("azure/gpt-4.1", d);
        let tp = o.pools[0].price(Term::Month1).expect("1m");
        assert_eq!(tp.price, PriceBasis::PerMonth(260.0));
        assert_eq!(tp.provenance.confidence, Confidence::Assumption, "{d:?}");
        assert!(has_note(&o, &["260 is used", "286"]), "{:?}", o.notes);
        assert!(has_note(&o, &["2,652 is used", "2,916"]), "{:?}", o.notes);
        assert!(
            has_note(&o, &["uplift", "1.1 is used", "1.2"]),
            "{:?}",
            o.notes
        );
    }
    assert!(!has_note(&g, &["286"]), "{:?}", g.notes);
}

#[test]
fn bedrock_reserved_tier_keeps_only_the_model_aws_announced() {
    let reserved: Vec<&str> = catalog()
        .entries()
        .iter()
        .filter(|e| e.id.starts_with("bedrock/") && e.id.ends_with("-reserved"))
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(reserved, vec!["bedrock/claude-sonnet-4.5-reserved"]);
    let o = resolve("bedrock/claude-sonnet-4.5-reserved", Deployment::Global);
    assert!(has_note(&o, &["Claude Sonnet 4.5 only"]), "{:?}", o.notes);
}

#[test]
fn gemini_2_0_flash_on_demand_is_labelled_as_the_gemini_api_price_assumed_for_vertex() {
    let o = resolve("vertex/gemini-2.0-flash-001", Deployment::Global);
    assert_eq!(o.on_demand_usd_per_mtok.input, Some(0.10));
    let p = o.on_demand_provenance.clone().expect("provenance");
    assert_eq!(p.confidence, Confidence::Assumption);
    assert!(p.source.contains("ai.google.dev"), "{}", p.source);
    assert!(has_note(&o, &["0.1 is used", "0.15"]), "{:?}", o.notes);
}

#[test]
fn vertex_partner_claude_models_carry_published_throughput_and_no_invented_price() {
    for (id, per_second, min) in [
        ("vertex/claude-3.7-sonnet", 350.0, 25),
        ("vertex/claude-3.5-sonnet", 350.0, 25),
        ("vertex/claude-3.5-haiku", 2_000.0, 10),
        ("vertex/claude-3-opus", 70.0, 35),
        ("vertex/claude-3-haiku", 4_200.0, 5),
    ] {
        let o = resolve(id, Deployment::Global);
        let p = &o.pools[0];
        assert_eq!(
            p.capacity_per_unit_per_minute,
            Some(per_second * 60.0),
            "{id}"
        );
        assert_eq!((p.min_units, p.increment), (min, 1), "{id}");
        assert_eq!(
            (p.weights.output, p.weights.cached_input),
            (5.0, 0.1),
            "{id}"
        );
        assert!(
            p.prices.is_empty(),
            "{id}: no GSU price is published for partner models"
        );
    }
}

#[test]
fn an_offering_with_unpublished_figures_prices_only_what_is_published() {
    let monthly = |id: &str| {
        let scenario = Scenario {
            offering: id.into(),
            deployment: Deployment::Global,
            term: catalog().entry(id).expect("entry").terms[0],
            ..Scenario::default()
        };
        match ptcalc_ratecards::evaluate(&scenario) {
            Ok(a) => a.report.monthly,
            Err(e) => panic!("{id}: {e}"),
        }
    };
    // Scale Tier o1 / o3-mini: no output unit price, so no provisioned total is invented.
    for id in ["openai/o1-scale", "openai/o3-mini-scale"] {
        let m = monthly(id);
        assert!(
            m.on_demand.is_some() && m.full_provisioned.is_none(),
            "{id}: {m:?}"
        );
    }
    // Live API: GSU prices but no on-demand price.
    let m = monthly("vertex/gemini-2.5-flash-live");
    assert!(
        m.on_demand.is_none() && m.full_provisioned.is_some(),
        "{m:?}"
    );
}

#[test]
fn conflicts_that_change_the_answer_are_typed_so_a_page_can_offer_the_other_value() {
    use ptcalc_core::TokenKind;
    use ptcalc_ratecards::{AsOf, ConflictOn};
    let c = catalog()
        .conflicts("azure/gpt-5.4", Deployment::Regional, AsOf::current())
        .expect("gpt-5.4");
    let find = |on: ConflictOn| {
        c.iter()
            .find(|x| x.on == Some(on))
            .unwrap_or_else(|| panic!("no {on:?} conflict in {c:#?}"))
    };
    let month = find(ConflictOn::UnitPrice(Term::Month1));
    assert_eq!((month.chosen, month.other), (260.0, 286.0));
    assert!(
        month.other_source.contains("ricmmartins"),
        "{}",
        month.other_source
    );
    let year = find(ConflictOn::UnitPrice(Term::Year1));
    assert_eq!((year.chosen, year.other), (2_652.0, 2_916.0));
    let uplift = find(ConflictOn::DeploymentMultiplier);
    assert_eq!((uplift.chosen, uplift.other), (1.1, 1.2));
    let output = find(ConflictOn::OnDemand(TokenKind::Output));
    assert_eq!((output.chosen, output.other), (15.0, 10.0));
    // Global has none of the Data Zone / Regional conflicts.
    let global = catalog()
        .conflicts("azure/gpt-5.4", Deployment::Global, AsOf::current())
        .expect("gpt-5.4");
    assert!(
        global
            .iter()
            .all(|x| x.on == Some(ConflictOn::OnDemand(TokenKind::Output))),
        "{global:#?}"
    );
    // A capacity published per second is offered per minute, like the figure itself.
    let pro = catalog()
        .conflicts("vertex/gemini-2.5-pro", Deployment::Global, AsOf::current())
        .expect("pro");
    let cap = pro
        .iter()
        .find(|x| x.on == Some(ConflictOn::Capacity))
        .expect("capacity");
    assert_eq!((cap.chosen, cap.other), (39_000.0, 32_400.0));
}
