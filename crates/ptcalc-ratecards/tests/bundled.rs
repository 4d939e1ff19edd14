//! The bundled rate cards: they load, every offering resolves, and spot figures match
//! `shared/research/ratecards.md`.
use ptcalc_core::offering::Confidence;
use ptcalc_core::{Deployment, Offering, PerKind, PriceBasis, Term, TokenKind};
use ptcalc_ratecards::{catalog, catalog_error, load, CheckWarning, ResolveError, Vendor, BUNDLED};

fn resolve(id: &str, d: Deployment) -> Offering {
    match catalog().resolve(id, d) {
        Ok(o) => o,
        Err(e) => panic!("{id} {d:?}: {e}"),
    }
}

fn price(o: &Offering, pool: usize, term: Term) -> PriceBasis {
    match o.pools[pool].price(term) {
        Some(p) => p.price,
        None => panic!("{} has no {} price", o.id, term.as_str()),
    }
}

fn weights(input: f64, cached_input: f64, cache_write: f64, output: f64) -> PerKind<f64> {
    PerKind {
        input,
        cached_input,
        cache_write,
        output,
    }
}

#[test]
fn bundled_data_loads_without_error() {
    assert_eq!(catalog_error(), None);
    if let Err(e) = load(&BUNDLED) {
        panic!("bundled rate cards fail to load: {e}");
    }
    let count = |v: Vendor| catalog().entries().iter().filter(|e| e.vendor == v).count();
    // Edition 2026-11 (audit): + azure/gpt-image-2; + 5 Vertex partner Claude models,
    // gemini-3-pro-image-preview and the gemini-2.5-flash Live API; − 5 Bedrock Reserved-tier
    // models no source lists; + Scale Tier o1 and o3-mini.
    assert_eq!(count(Vendor::Azure), 64);
    assert_eq!(count(Vendor::Vertex), 23);
    assert_eq!(count(Vendor::Bedrock), 9);
    assert_eq!(count(Vendor::OpenAi), 18);
    // Edition 2026-12-06b: + 7 OpenAI Reserved Tier models, xAI grok-4-1-fast-reasoning,
    // Vertex gemini-3.8-flash and Gemini 4 Argon, Carbon and Hydrogen.
    assert_eq!(count(Vendor::Xai), 1);
}

#[test]
fn ids_are_unique_lowercase_link_keys_with_their_vendor_prefix() {
    let entries = catalog().entries();
    for (i, e) in entries.iter().enumerate() {
        let (prefix, model) = e.id.split_once('/').expect("id has a slash");
        assert_eq!(prefix, e.vendor.as_str(), "{}", e.id);
        assert!(
            !model.is_empty()
                && model.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'.'
                    || b == b'-'),
            "{}",
            e.id
        );
        assert!(
            entries[..i].iter().all(|o| o.id != e.id),
            "duplicate {}",
            e.id
        );
    }
}

#[test]
fn every_offering_resolves_for_each_of_its_deployments_and_only_those() {
    for e in catalog().entries() {
        for d in Deployment::ALL {
            match catalog().resolve(&e.id, d) {
                Ok(o) => {
                    assert!(
                        e.deployments.contains(&d),
                        "{} resolves for unlisted {d:?}",
                        e.id
                    );
                    assert_eq!((o.id.as_str(), o.deployment), (e.id.as_str(), d));
                    assert_eq!(o.is_per_dimension(), e.per_dimension);
                    for kind in TokenKind::ALL {
                        let billers = o.pools.iter().filter(|p| p.billed.get(kind)).count();
                        assert_eq!(
                            billers, 1,
                            "{} {d:?}: {kind:?} billed by {billers} pools",
                            e.id
                        );
                    }
                    for p in &o.pools {
                        assert!(p.min_units >= 1 && p.increment >= 1, "{}", e.id);
                        assert_eq!(
                            p.capacity_per_unit_per_minute.is_some(),
                            p.capacity_provenance.is_some(),
                            "{}",
                            e.id
                        );
                        for tp in &p.prices {
                            assert!(
                                !tp.provenance.source.is_empty(),
                                "{} {}",
                                e.id,
                                tp.term.as_str()
                            );
                            assert!(
                                e.terms.contains(&tp.term) && e.priced_terms.contains(&tp.term),
                                "{}",
                                e.id
                            );
                        }
                        for kind in TokenKind::ALL {
                            let w = p.weights.get(kind);
                            assert!(w.is_finite() && w >= 0.0, "{} weight {kind:?}", e.id);
                        }
                    }
                    let any_on_demand = TokenKind::ALL
                        .iter()
                        .any(|&k| o.on_demand_usd_per_mtok.get(k).is_some());
                    assert_eq!(any_on_demand, e.has_on_demand, "{}", e.id);
                    assert_eq!(
                        o.on_demand_provenance.is_some(),
                        e.has_on_demand,
                        "{}",
                        e.id
                    );
                }
                Err(ResolveError::DeploymentNotOffered { allowed, .. }) => {
                    assert!(!e.deployments.contains(&d), "{} refuses listed {d:?}", e.id);
                    assert_eq!(allowed, e.deployments);
                }
                Err(other) => panic!("{}: {other}", e.id),
            }
        }
    }
}

#[test]
fn unknown_ids_and_unoffered_deployments_are_refused_with_the_choices() {
    let err = catalog()
        .resolve("azure/gpt-9", Deployment::Global)
        .expect_err("unknown id");
    assert_eq!(
        err,
        ResolveError::UnknownOffering {
            id: "azure/gpt-9".into()
        }
    );
    let err = catalog()
        .resolve("vertex/gemini-2.5-flash", Deployment::DataZone)
        .expect_err("vertex is global only");
    assert!(err.to_string().contains("choose global"), "{err}");
    let err = catalog()
        .resolve("azure/llama-3.3-70b-instruct", Deployment::Regional)
        .expect_err("llama has no regional");
    assert!(
        err.to_string().ends_with("choose global or datazone"),
        "{err}"
    );
}

#[test]
fn calibration_passes_gpt_4_1_and_warns_for_pre_alignment_models() {
    let warnings = catalog().check();
    let warned = |id: &str| {
        warnings
            .iter()
            .any(|w| matches!(w, CheckWarning::Calibration { id: wid, .. } if wid == id))
    };
    for ok in [
        "azure/gpt-4.1",
        "azure/gpt-5",
        "azure/gpt-5.4-mini",
        "azure/gpt-6-astra",
        "azure/gpt-6-sol",
        "azure/gpt-image-2",
    ] {
        assert!(!warned(ok), "{ok} should pass calibration");
    }
    // The check reads each card at its edition's day: on 2026-12-06 the gpt-5.6-sol
    // promotion ($4 input, until 2026-11-30) is over, and the launch price ($5) calibrates
    // (the 2026-12-05 re-audit: $262.8 against $260).
    assert!(!warned("azure/gpt-5.6-sol"));
    assert_eq!(
        resolve("azure/gpt-5.6-sol", Deployment::Global)
            .on_demand_usd_per_mtok
            .input,
        Some(5.0)
    );
    for bad in [
        "azure/o1",
        "azure/o3-mini",
        "azure/gpt-4o-mini",
        "azure/deepseek-r1",
        "azure/deepseek-v3-0324",
    ] {
        assert!(warned(bad), "{bad} should miss calibration");
    }
    let o1 = warnings
        .iter()
        .find_map(|w| match w {
            CheckWarning::Calibration {
                id,
                payg_usd_per_unit_month,
                ..
            } if id == "azure/o1" => Some(*payg_usd_per_unit_month),
            _ => None,
        })
        .expect("o1 warning");
    // 230 TPM/PTU × 43,800 min × $15/1M = $151.11 (research §A.5: 151).
    assert!((o1 - 151.11).abs() < 0.01, "{o1}");
    for w in &warnings {
        assert!(!w.to_string().contains('\n'), "{w}");
    }
}

#[test]
fn azure_gpt_4o_carries_2500_tpm_per_ptu_and_output_weight_4() {
    let o = resolve("azure/gpt-4o", Deployment::Global);
    let p = &o.pools[0];
    assert_eq!(p.capacity_per_unit_per_minute, Some(2_500.0));
    assert_eq!(p.weights, weights(1.0, 0.0, 1.0, 4.0));
    assert_eq!((p.min_units, p.increment), (15, 5));
    assert_eq!(
        p.capacity_provenance.as_ref().map(|s| s.confidence),
        Some(Confidence::Official)
    );
    assert!(
        o.notes
            .iter()
            .any(|n| n.contains("output weight") && n.contains("Aug-2024")),
        "{:?}",
        o.notes
    );
    let regional = resolve("azure/gpt-4o", Deployment::Regional);
    assert_eq!(
        (regional.pools[0].min_units, regional.pools[0].increment),
        (50, 50)
    );
    let o1 = resolve("azure/o1", Deployment::Regional);
    assert_eq!((o1.pools[0].min_units, o1.pools[0].increment), (25, 50));
}

#[test]
fn azure_gpt_4_1_ptu_prices_per_deployment_and_term() {
    let g = resolve("azure/gpt-4.1", Deployment::Global);
    assert_eq!(price(&g, 0, Term::Hourly), PriceBasis::PerHour(1.00));
    assert_eq!(price(&g, 0, Term::Month1), PriceBasis::PerMonth(260.0));
    assert_eq!(price(&g, 0, Term::Year1), PriceBasis::PerYear(2_652.0));
    assert_eq!(
        g.pools[0].usd_per_unit_month(Term::Year1, 730.0),
        Some(221.0)
    );
    assert_eq!(g.terms(), vec![Term::Hourly, Term::Month1, Term::Year1]);
    assert_eq!(g.long_context_on_reserved, Some(false));
    assert_eq!(g.batch_multiplier, Some(0.5));
    assert!(
        !g.notes.iter().any(|n| n.contains("286")),
        "the DZ/Regional conflict is not a Global note"
    );
    let dz = resolve("azure/gpt-4.1", Deployment::DataZone);
    assert_eq!(price(&dz, 0, Term::Hourly), PriceBasis::PerHour(1.10));
    assert!(
        dz.notes
            .iter()
            .any(|n| n.contains("260") && n.contains("286")),
        "{:?}",
        dz.notes
    );
    assert!(
        dz.notes
            .iter()
            .any(|n| n.contains("2,652") && n.contains("2,916")),
        "{:?}",
        dz.notes
    );
    assert_eq!(dz.batch_multiplier, None);
    let r = resolve("azure/gpt-4.1", Deployment::Regional);
    assert_eq!(price(&r, 0, Term::Hourly), PriceBasis::PerHour(2.00));
}

#[test]
fn azure_on_demand_is_global_standard_and_ten_percent_more_elsewhere_as_an_assumption() {
    let g = resolve("azure/gpt-4.1", Deployment::Global);
    assert_eq!(
        g.on_demand_usd_per_mtok,
        PerKind {
            input: Some(2.00),
            cached_input: Some(0.50),
            cache_write: None,
            output: Some(8.00)
        }
    );
    assert_eq!(
        g.on_demand_provenance.as_ref().map(|p| p.as_of.as_str()),
        Some("2026-08-29")
    );
    assert_eq!(
        g.on_demand_provenance.as_ref().map(|p| p.confidence),
        Some(Confidence::OfficialViaThirdParty)
    );
    let dz = resolve("azure/gpt-4.1", Deployment::DataZone);
    assert_eq!(
        dz.on_demand_usd_per_mtok,
        PerKind {
            input: Some(2.20),
            cached_input: Some(0.55),
            cache_write: None,
            output: Some(8.80)
        }
    );
    assert_eq!(
        dz.on_demand_provenance.as_ref().map(|p| p.confidence),
        Some(Confidence::Assumption)
    );
    assert!(
        dz.notes.iter().any(|n| n.contains("× 1.1")),
        "{:?}",
        dz.notes
    );
}

#[test]
fn gpt_6_astra_uses_the_published_per_kind_weights() {
    let o = resolve("azure/gpt-6-astra", Deployment::Global);
    let p = &o.pools[0];
    assert_eq!(p.capacity_per_unit_per_minute, Some(600.0));
    assert_eq!(p.weights, weights(1.0, 0.1, 1.25, 5.0));
    assert_eq!(o.on_demand_usd_per_mtok.cache_write, Some(12.50));
    assert_eq!(o.on_demand_usd_per_mtok.output, Some(50.00));
    assert!(
        !o.notes.iter().any(|n| n.starts_with("Assumption")),
        "GPT-6 weights are published: {:?}",
        o.notes
    );
    let sol = resolve("azure/gpt-6-sol", Deployment::Global);
    assert_eq!(sol.pools[0].capacity_per_unit_per_minute, Some(3_000.0));
}

#[test]
fn azure_models_without_published_figures_leave_them_absent() {
    let llama = catalog()
        .entry("azure/llama-3.3-70b-instruct")
        .expect("llama entry");
    assert_eq!(
        llama.deployments,
        vec![Deployment::Global, Deployment::DataZone]
    );
    assert!(!llama.has_on_demand && llama.priced_terms.is_empty());
    let o = resolve("azure/llama-3.3-70b-instruct", Deployment::Global);
    assert_eq!(o.pools[0].weights.output, 4.0);
    assert!(o.pools[0].prices.is_empty());
    assert_eq!(o.on_demand_usd_per_mtok, PerKind::default());

    let fw = resolve("azure/qwen-3.5-27b", Deployment::DataZone);
    assert_eq!(fw.pools[0].capacity_per_unit_per_minute, Some(2_730.0));
    assert_eq!((fw.pools[0].min_units, fw.pools[0].increment), (550, 275));
    assert_eq!(fw.pools[0].weights.output, 1.0);
    assert!(
        fw.notes
            .iter()
            .any(|n| n.contains("output weight not published") && n.contains("wout")),
        "{:?}",
        fw.notes
    );
    assert!(fw.pools[0].prices.is_empty());

    let image = resolve("azure/gpt-image-2", Deployment::Global);
    assert_eq!(image.pools[0].capacity_per_unit_per_minute, Some(1_200.0));
    assert_eq!(
        (image.pools[0].min_units, image.pools[0].increment),
        (100, 100)
    );
    assert_eq!(image.pools[0].weights.output, 6.0);
    for (id, tpm, usd_per_day) in [
        ("openai/o1-scale", 5_000.0, 163.93),
        ("openai/o3-mini-scale", 30_000.0, 78.69),
    ] {
        let o = resolve(id, Deployment::Global);
        assert_eq!(o.pools[0].capacity_per_unit_per_minute, Some(tpm), "{id}");
        assert_eq!(price(&o, 0, Term::Days30), PriceBasis::PerDay(usd_per_day));
        // The output bundle was not legible in the copies read: absent, not invented.
        assert_eq!(o.pools[1].capacity_per_unit_per_minute, None, "{id}");
        assert!(o.pools[1].prices.is_empty(), "{id}");
    }
}

#[test]
fn vertex_capacity_is_published_per_second_and_stored_per_minute() {
    let o = resolve("vertex/gemini-2.5-flash", Deployment::Global);
    let p = &o.pools[0];
    assert_eq!(p.capacity_per_unit_per_minute, Some(161_400.0));
    assert_eq!(p.weights, weights(1.0, 0.1, 1.0, 9.0));
    assert_eq!((p.min_units, p.increment), (1, 1));
    assert_eq!(price(&o, 0, Term::Week1), PriceBasis::PerWeek(1_200.0));
    assert_eq!(price(&o, 0, Term::Month1), PriceBasis::PerMonth(2_700.0));
    assert_eq!(price(&o, 0, Term::Month3), PriceBasis::PerMonth(2_400.0));
    assert_eq!(price(&o, 0, Term::Year1), PriceBasis::PerMonth(2_000.0));
    assert_eq!(o.batch_multiplier, Some(0.5));
    assert_eq!(o.on_demand_usd_per_mtok.output, Some(2.50));
    assert!(
        o.notes
            .iter()
            .any(|n| n.contains("2,690 tokens per second") && n.contains("161,400")),
        "{:?}",
        o.notes
    );
    let e = catalog().entry("vertex/gemini-2.5-flash").expect("entry");
    assert_eq!(e.deployments, vec![Deployment::Global]);
    assert_eq!(e.vendor_label(), "Google Vertex AI");
}

#[test]
fn bedrock_model_units_have_prices_but_no_capacity() {
    for e in catalog()
        .entries()
        .iter()
        .filter(|e| e.vendor == Vendor::Bedrock && !e.per_dimension)
    {
        assert!(!e.capacity_published, "{}", e.id);
        let o = resolve(&e.id, Deployment::Global);
        assert_eq!(o.pools[0].capacity_per_unit_per_minute, None, "{}", e.id);
        assert!(!o.pools[0].prices.is_empty(), "{}", e.id);
    }
    let lite = resolve("bedrock/titan-text-lite", Deployment::Global);
    assert_eq!(price(&lite, 0, Term::NoCommit), PriceBasis::PerHour(7.10));
    assert_eq!(price(&lite, 0, Term::Month1), PriceBasis::PerHour(6.40));
    assert_eq!(price(&lite, 0, Term::Month6), PriceBasis::PerHour(5.10));
    assert_eq!(lite.on_demand_usd_per_mtok.input, Some(0.15));
    let entry = catalog().entry("bedrock/claude-v2").expect("claude-v2");
    assert_eq!(
        entry.terms,
        vec![Term::Month1, Term::Month6],
        "no-commitment is N/A for Claude v2"
    );
    let claude = resolve("bedrock/claude-v2", Deployment::Global);
    assert!(claude.pools[0].price(Term::NoCommit).is_none());
    assert_eq!(price(&claude, 0, Term::Month1), PriceBasis::PerHour(63.00));
    assert_eq!(claude.on_demand_provenance, None);
}

#[test]
fn bedrock_reserved_tier_reserves_input_and_output_tpm_without_public_prices() {
    let e = catalog()
        .entry("bedrock/claude-sonnet-4.5-reserved")
        .expect("entry");
    assert!(e.per_dimension && e.capacity_published);
    assert_eq!(e.terms, vec![Term::Month1, Term::Month3]);
    assert!(e.priced_terms.is_empty());
    let o = resolve("bedrock/claude-sonnet-4.5-reserved", Deployment::Global);
    let (input, output) = (&o.pools[0], &o.pools[1]);
    assert_eq!(
        (
            input.name.as_str(),
            input.capacity_per_unit_per_minute,
            input.min_units
        ),
        ("input", Some(1_000.0), 100)
    );
    assert_eq!(
        (
            output.name.as_str(),
            output.capacity_per_unit_per_minute,
            output.min_units
        ),
        ("output", Some(1_000.0), 10)
    );
    assert_eq!(input.weights, weights(1.0, 0.0, 1.0, 0.0));
    assert_eq!(output.weights, weights(0.0, 0.0, 0.0, 1.0));
    assert!(input.billed.cached_input && !input.billed.output && output.billed.output);
    assert!(o.terms().is_empty());
    assert_eq!(o.on_demand_usd_per_mtok.cache_write, Some(3.75));
}

#[test]
fn openai_scale_tier_gpt_4_1_units_are_30000_input_tpm_at_110_a_day() {
    let o = resolve("openai/gpt-4.1-scale", Deployment::Global);
    assert_eq!(o.terms(), vec![Term::Days30]);
    let (input, output) = (&o.pools[0], &o.pools[1]);
    assert_eq!(input.capacity_per_unit_per_minute, Some(30_000.0));
    assert_eq!(price(&o, 0, Term::Days30), PriceBasis::PerDay(110.0));
    assert_eq!(output.capacity_per_unit_per_minute, Some(2_500.0));
    assert_eq!(price(&o, 1, Term::Days30), PriceBasis::PerDay(36.0));
    assert_eq!(input.weights, weights(1.0, 1.0, 1.0, 0.0));
    assert_eq!(o.long_context_on_reserved, Some(false));
    assert_eq!(
        input.capacity_provenance.as_ref().map(|p| p.confidence),
        Some(Confidence::Official)
    );
    let mirror = resolve("openai/gpt-5-scale", Deployment::Global);
    assert_eq!(
        mirror.pools[0]
            .capacity_provenance
            .as_ref()
            .map(|p| p.confidence),
        Some(Confidence::Unofficial)
    );
    assert!(mirror.notes.iter().any(|n| n.contains("Unofficial mirror")));
}

#[test]
fn every_figure_names_a_source_and_an_iso_date_or_none() {
    for e in catalog().entries() {
        for d in &e.deployments {
            let o = resolve(&e.id, *d);
            let provenances = o
                .pools
                .iter()
                .flat_map(|p| {
                    p.capacity_provenance
                        .iter()
                        .chain(p.prices.iter().map(|tp| &tp.provenance))
                })
                .chain(o.on_demand_provenance.iter());
            for p in provenances {
                assert!(!p.source.trim().is_empty(), "{}", e.id);
                let ok = p.as_of.is_empty()
                    || (p.as_of.len() >= 4
                        && p.as_of.bytes().all(|b| b.is_ascii_digit() || b == b'-'));
                assert!(ok, "{}: as_of {}", e.id, p.as_of);
                assert_ne!(p.confidence, Confidence::UserEntered);
            }
        }
    }
}

#[test]
fn every_bundled_source_is_cited_counting_dated_values_and_lifecycle_dates() {
    // A promotion's source (azure-gpt-5.6-sol-promo), a retirement's (vertex-gemini-2.5-
    // retirement) and a recorded conflict's (azure-docs-pr-824) are cited by those entries
    // alone: `ratecards --check` must not call them unused.
    let unused: Vec<String> = catalog()
        .check()
        .into_iter()
        .filter(|w| matches!(w, CheckWarning::UnusedSource { .. }))
        .map(|w| w.to_string())
        .collect();
    assert!(unused.is_empty(), "{unused:#?}");
    // A source nothing names is still reported.
    let card = r#"{"schema_version": 1, "vendor": "xai", "sources": {
        "used": {"via": "a page", "as_of": "2026-12-06", "confidence": "official"},
        "orphan": {"via": "another page", "as_of": "2026-12-06", "confidence": "official"}},
      "offerings": [{"id": "xai/m", "model": "m", "name": "m", "unit": "u",
        "deployments": ["global"], "terms": ["30d"],
        "pools": [{"unit": "u", "capacity": null, "min_units": {"global": 1},
          "increment": {"global": 1}, "weights": {}, "prices": []}],
        "on_demand": {"usd_per_mtok": {"input": [{"value": 1}, {"value": 2,
          "effective_from": "2027-01-01", "source": "used"}]}, "source": "used"}}]}"#;
    let c = load(&[("xai.json", card)]).expect("loads");
    let unused: Vec<String> = c
        .check()
        .into_iter()
        .filter(|w| matches!(w, CheckWarning::UnusedSource { .. }))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(
        unused,
        vec!["xai.json: source `orphan` is cited by no figure: cite it or remove it"]
    );
}
