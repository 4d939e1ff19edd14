//! The link's key table: every key is written and read back, the README's table is the
//! generated one, limits are spelled so they can be typed back, and a field edit reports
//! its own key's error.
use ptcalc_core::link::{self, format, parse, readme_table, settle, switch_volume, Key, Reason};
use ptcalc_core::numfmt::parse_number;
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::{Deployment, Scenario, Term};

/// A scenario where every scenario key but the calls keys differs from its default.
fn everything_set() -> Scenario {
    Scenario {
        name: Some("Nightly batch, EU".into()),
        offering: "vertex/gemini-2.5-flash".into(),
        deployment: Deployment::Regional,
        term: Term::Month1,
        volume: Volume::Tokens {
            input_tpm: 1.5e6,
            output_tpm: 75_000.0,
        },
        cached_share: 0.2,
        cache_write_share: 0.1,
        shape: ShapeKind::Bursty,
        peak_to_average: 1.25,
        seed: u64::MAX,
        size_percentile: 99,
        units: Some(1_000),
        horizon_months: 24,
        growth_percent: -2.5,
        batch_share: 0.3,
        hours_per_month: 720.0,
        overrides: Overrides {
            capacity_per_unit_per_minute: Some(1e12),
            min_units: Some(1_000),
            increment: Some(5),
            output_weight: Some(4.0),
            cached_weight: Some(0.0),
            usd_per_unit_hour: None,
            usd_per_unit_month: Some(1_234.5),
            discount_percent: Some(99.5),
            input_usd_per_mtok: Some(2.5),
            cached_usd_per_mtok: Some(0.0),
            cache_write_usd_per_mtok: Some(3.125),
            output_usd_per_mtok: Some(10_000.0),
        },
        at: ptcalc_core::calendar::Day::new(2027, 2, 28),
        edition: Some("2026-11-22".into()),
        org_card: Some("3f2a9c01b7de".into()),
        load: None,
        group: None,
        group_load: None,
    }
}

fn keys_of(query: &str) -> Vec<&str> {
    query
        .split('&')
        .map(|pair| pair.split('=').next().unwrap_or(""))
        .collect()
}

#[test]
fn every_key_is_written_and_read_back() {
    let tokens = everything_set();
    let calls = Scenario {
        volume: Volume::Calls {
            calls_per_minute: 0.5,
            prompt_tokens: 1e7,
            completion_tokens: 0.0,
        },
        overrides: Overrides {
            usd_per_unit_hour: Some(0.0868),
            usd_per_unit_month: None,
            ..tokens.overrides
        },
        // Imported traffic replaces the shape's keys.
        shape: Scenario::default().shape,
        peak_to_average: Scenario::default().peak_to_average,
        seed: Scenario::default().seed,
        load: ptcalc_core::load_summary::LoadSummary::from_series(&[1.0, 2.0, 0.0, 5.0], 0)
            .ok()
            .and_then(|(s, _)| ptcalc_core::load_summary::SummaryText::parse(&s.encode()).ok()),
        // A group's keys ride beside imported traffic.
        group: Some("f3a9c2-2".into()),
        group_load: ptcalc_core::load_summary::LoadSummary::from_series(&[2.0, 2.0, 1.0, 5.0], 0)
            .ok()
            .and_then(|(s, _)| ptcalc_core::load_summary::SummaryText::parse(&s.encode()).ok()),
        ..tokens.clone()
    };
    let mut written: Vec<String> = Vec::new();
    for s in [&tokens, &calls] {
        let text = format(s);
        let back = parse(&text);
        assert_eq!(back.warnings, vec![], "{text}");
        assert_eq!(&back.scenario, s, "{text}");
        written.extend(keys_of(&text).into_iter().map(String::from));
    }
    // Presentation keys are written by `format_link`, after the scenario's.
    for key in Key::ALL
        .into_iter()
        .filter(|k| k.is_scenario() || *k == Key::V)
    {
        assert!(
            written.iter().any(|w| w == key.as_str()),
            "{} is never written: {written:?}",
            key.as_str()
        );
    }
}

#[test]
fn keys_are_written_in_table_order_and_names_are_unique() {
    let text = format(&everything_set());
    let order: Vec<usize> = keys_of(&text)
        .iter()
        .map(|k| {
            Key::ALL
                .iter()
                .position(|key| key.as_str() == *k)
                .expect("a key")
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    for (i, a) in Key::ALL.iter().enumerate() {
        assert_eq!(Key::parse(a.as_str()), Some(*a));
        assert!(Key::ALL[i + 1..].iter().all(|b| b.as_str() != a.as_str()));
    }
}

#[test]
fn canonical_links_of_the_presets_and_examples_are_unchanged() {
    // Spelled by the codec before the key table existed: the table must write them byte for byte.
    for link in [
        "v=1",
        "v=1&o=azure/gpt-4o&t=1m&in=250k&cache=0&shape=business&pa=3",
        "v=1&o=custom&t=none&in=68493.1506849315&out=13698.630136986301&cache=0&shape=flat&units=2&cap=50k&pu=25&pin=3&pout=15",
        "v=1&rpm=500&ct=100",
        "v=1&rpm=100",
        "v=1&in=1000B&out=1000B",
        "v=1&shape=bursty&seed=18446744073709551615",
        "v=1&size=99&units=1000&h=24&g=-2.5&b=0.3&mh=720&min=1k&inc=5&disc=35",
    ] {
        let parsed = parse(link);
        assert_eq!(parsed.warnings, vec![], "{link}");
        assert_eq!(format(&parsed.scenario), link);
    }
}

#[test]
fn the_readme_key_table_is_the_generated_one() {
    let readme = include_str!("../../../README.md");
    let begin = "<!-- link-keys:begin (generated by ptcalc_core::link::readme_table) -->\n";
    let end = "<!-- link-keys:end -->";
    let start = readme.find(begin).expect("README has the begin marker") + begin.len();
    let stop = readme[start..]
        .find(end)
        .expect("README has the end marker")
        + start;
    let table = readme_table();
    assert_eq!(
        &readme[start..stop],
        table,
        "README.md's key table is stale; replace it with:\n{table}"
    );
}

#[test]
fn every_limit_in_a_message_can_be_typed_back() {
    for key in Key::ALL {
        let Some(limits) = key.limits() else { continue };
        let allowed = key.allowed();
        for bound in [limits.min, limits.max] {
            if bound > 9e15 {
                continue; // the seed's 2^64 − 1 is spelled digit by digit
            }
            let spelled = allowed
                .split([' ', ','])
                .filter_map(parse_number)
                .any(|v| v == bound);
            assert!(spelled, "{}: {bound} not in \"{allowed}\"", key.as_str());
        }
    }
    // The message says "0 to 1T", so 1T is accepted.
    assert!(Key::In.allowed().contains("from 0 to 1T"));
    let p = parse("v=1&in=1T&cap=1T");
    assert_eq!(p.warnings, vec![]);
    assert_eq!(
        p.scenario.volume,
        Volume::Tokens {
            input_tpm: 1e12,
            output_tpm: 50_000.0
        }
    );
    assert!(Key::Seed.allowed().contains("18446744073709551615"));
}

#[test]
fn a_bad_value_is_named_with_what_is_allowed() {
    let p = parse("v=1&in=abc&cache=2&h=2.5&d=mars&o=Bad&seed=-1&v=2");
    let messages: Vec<String> = p.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        messages,
        [
            "in: \"abc\" is not allowed (not a number): use tokens per minute from 0 to 1T (k/M/B/T suffixes allowed)",
            "cache: \"2\" is not allowed (out of range): use a share from 0 to 1 (0.2 means 20%)",
            "h: \"2.5\" is not allowed (not a whole number): use a whole number of months from 1 to 120",
            "d: \"mars\" is not allowed (unknown deployment): use global, datazone or regional",
            "o: \"Bad\" is not allowed (not an offering id): use an offering id such as azure/gpt-4.1, vertex/gemini-2.5-flash or custom",
            "seed: \"-1\" is not allowed (out of range): use a whole number from 0 to 18446744073709551615",
            "v: appears more than once; the first value is used",
        ]
    );
    assert_eq!(p.scenario, Scenario::default());
}

#[test]
fn calls_win_over_token_rates_wherever_they_appear() {
    for link in ["v=1&in=1M&pt=500", "v=1&pt=500&in=1M"] {
        let p = parse(link);
        assert_eq!(
            p.scenario.volume,
            Volume::Calls {
                calls_per_minute: 100.0,
                prompt_tokens: 500.0,
                completion_tokens: 200.0
            },
            "{link}"
        );
        assert_eq!(p.warnings.len(), 1, "{link}");
        assert_eq!(p.warnings[0].key, "in");
    }
}

#[test]
fn values_that_cannot_apply_are_dropped_with_a_warning_naming_their_key() {
    for (link, key, canonical) in [
        ("v=1&shape=flat&pa=3", "pa", "v=1&shape=flat"),
        ("v=1&seed=9", "seed", "v=1"),
        ("v=1&o=custom&d=regional", "d", "v=1&o=custom"),
        ("v=1&pu=2&pm=1k", "pu", "v=1&pm=1k"),
        ("v=1&cache=0.8&cw=0.5", "cw", "v=1&cache=0.8"),
        ("v=1&pa=3", "pa", "v=1"),
    ] {
        let p = parse(link);
        let keys: Vec<&str> = p.warnings.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(keys, [key], "{link}: {:?}", p.warnings);
        assert_eq!(format(&p.scenario), canonical, "{link}");
    }
    let mut s = Scenario {
        shape: ShapeKind::Bursty,
        seed: 5,
        ..Scenario::default()
    };
    assert_eq!(settle(&mut s), vec![]);
}

#[test]
fn a_field_edit_reports_its_own_error_and_keeps_the_scenario() {
    let s = Scenario::default();
    let e = Key::In.edit(&s, "12abc").expect_err("not a number");
    assert_eq!((e.key, &e.reason), (Key::In, &Reason::NotANumber));
    assert!(
        e.to_string().contains("tokens per minute from 0 to 1T"),
        "{e}"
    );
    let e = Key::Cache.edit(&s, "20").expect_err("above 1");
    assert!(e.to_string().contains("0.2 means 20%"), "{e}");
    assert!(Key::H.edit(&s, "2.5").is_err());
    // Query characters are text, not more keys.
    assert!(Key::In.edit(&s, "1&o=custom").is_err());
    assert!(Key::Cap.edit(&s, "5#x").is_err());
    // A share that breaks the rule with another key is refused at the edited field.
    let s = Key::Cw.edit(&s, "0.4").expect("0.5 + 0.4 ≤ 1");
    let e = Key::Cache.edit(&s, "0.8").expect_err("0.8 + 0.4 > 1");
    assert_eq!(e.key, Key::Cache);
    assert!(e.to_string().contains("exceed the whole input"), "{e}");
    // The peak a shape cannot reach is refused at the ratio's field.
    let e = Key::Pa
        .edit(&Scenario::default(), "3")
        .expect_err("diurnal max 2");
    assert_eq!(e.key, Key::Pa);
    assert!(e.to_string().contains("maximum"), "{e}");
    assert!(Key::Pa.edit(&Scenario::default(), "1.9").is_ok());
    // A required field cannot be emptied; an optional one can.
    assert_eq!(
        Key::In
            .edit(&Scenario::default(), " ")
            .map_err(|e| e.reason),
        Err(Reason::Empty)
    );
    let s = Key::Pin.edit(&Scenario::default(), "3").expect("valid");
    assert_eq!(s.overrides.input_usd_per_mtok, Some(3.0));
    let s = Key::Pin.edit(&s, "  ").expect("empty clears");
    assert_eq!(s.overrides.input_usd_per_mtok, None);
    // The link version is not a field.
    assert_eq!(
        Key::V.edit(&Scenario::default(), "1").map_err(|e| e.reason),
        Err(Reason::NotEditable)
    );
}

#[test]
fn a_seed_is_set_exactly_without_a_trip_through_floating_point() {
    let bursty = Scenario {
        shape: ShapeKind::Bursty,
        ..Scenario::default()
    };
    let big = u64::MAX - 1; // not representable as an f64
    let s = Key::Seed
        .edit(&bursty, &big.to_string())
        .expect("a valid seed");
    assert_eq!(s.seed, big);
    assert_eq!(Key::Seed.text(&s), big.to_string());
    assert_eq!(parse(&format(&s)).scenario.seed, big);
    assert!(Key::Seed.edit(&bursty, "18446744073709551616").is_err());
}

#[test]
fn field_text_is_the_link_spelling() {
    let s = everything_set();
    assert_eq!(Key::In.text(&s), "1.5M");
    assert_eq!(Key::Rpm.text(&s), "", "tokens, not calls");
    assert_eq!(Key::Min.text(&s), "1k");
    assert_eq!(Key::Units.text(&s), "1000");
    assert_eq!(Key::Pu.text(&s), "");
    for key in Key::ALL.into_iter().filter(|k| k.is_scenario()) {
        let text = key.text(&s);
        if text.is_empty() {
            continue;
        }
        assert_eq!(key.edit(&s, &text).as_ref(), Ok(&s), "{}", key.as_str());
    }
}

#[test]
fn switching_how_volume_is_described_keeps_it_within_the_keys_ranges() {
    let s = Scenario::default();
    let calls = switch_volume(&s, true);
    assert_eq!(format(&calls), "v=1&rpm=500&ct=100");
    assert_eq!(switch_volume(&calls, false), s);
    // 1 token in, 1B out: 0.001 calls of 1T completion tokens is out of range; the default is used.
    let lopsided = Scenario {
        volume: Volume::Tokens {
            input_tpm: 1.0,
            output_tpm: 1e9,
        },
        ..Scenario::default()
    };
    let calls = switch_volume(&lopsided, true);
    assert_eq!(
        calls.volume,
        Volume::Calls {
            calls_per_minute: 0.001,
            prompt_tokens: 1_000.0,
            completion_tokens: 200.0
        }
    );
    assert_eq!(parse(&format(&calls)).warnings, vec![]);
}

#[test]
fn a_date_key_reads_only_real_days() {
    let p = parse("v=1&at=2026-02-29&rc=2026-11-27");
    assert_eq!(p.scenario.at, None);
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(p.warnings[0].key, "at");
    assert!(
        p.warnings[0].message.contains("YYYY-MM-DD"),
        "{}",
        p.warnings[0].message
    );
    assert_eq!(p.scenario.edition.as_deref(), Some("2026-11-27"));
    let p = parse("v=1&at=2028-02-29");
    assert_eq!(format(&p.scenario), "v=1&at=2028-02-29");
    assert!(Key::At.edit(&Scenario::default(), "tomorrow").is_err());
    let s = Key::At
        .edit(&Scenario::default(), "2027-01-01")
        .expect("a day");
    assert_eq!(Key::At.text(&s), "2027-01-01");
    assert_eq!(Key::At.edit(&s, "").expect("empty clears").at, None);
}

#[test]
fn the_version_key_is_checked() {
    let p = parse("v=2&in=1M");
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(
        p.warnings[0].message,
        "\"2\" is not a known link version: read as version 1"
    );
    assert_eq!(link::VERSION, "1");
}

#[test]
fn imported_traffic_rides_in_the_link_and_replaces_the_shape() {
    use ptcalc_core::load_summary::{LoadSummary, SummaryText};
    let load: Vec<f64> = (0..1_440)
        .map(|t| if t % 60 < 3 { 8.0 } else { 1.0 })
        .collect();
    let (summary, _) = LoadSummary::from_series(&load, 0).expect("summarizes");
    let code = summary.encode();
    let s = Scenario {
        load: Some(SummaryText::parse(&code).expect("reads back")),
        ..Scenario::default()
    };
    let link = format(&s);
    assert!(link.ends_with(&format!("&load={code}")), "{link}");
    assert_eq!(parse(&link).scenario, s);
    // The shape keys cannot apply beside imported traffic: dropped with a warning.
    let p = parse(&format!("v=1&shape=bursty&pa=3&seed=4&load={code}"));
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert_eq!(p.warnings[0].key, "shape");
    assert_eq!(p.scenario.shape, Scenario::default().shape);
    // A damaged summary: a warning naming the key, the synthetic shape used.
    let p = parse(&format!("v=1&load={}", &code[..code.len() - 3]));
    assert_eq!(p.scenario.load, None);
    assert_eq!(p.warnings[0].key, "load");
    assert!(p.warnings[0].message.contains("shape is used instead"));
    let long = "A".repeat(1_801);
    assert!(parse(&format!("v=1&load={long}")).warnings[0]
        .message
        .contains("1,800 characters"));
}

#[test]
fn imported_traffic_changes_the_figures_as_its_distribution_says() {
    use ptcalc_core::load_summary::{LoadSummary, SummaryText};
    use ptcalc_core::report::evaluate;
    use ptcalc_core::Offering;
    let base = Scenario {
        offering: "custom".into(),
        overrides: Overrides {
            capacity_per_unit_per_minute: Some(10_000.0),
            usd_per_unit_month: Some(400.0),
            input_usd_per_mtok: Some(2.0),
            output_usd_per_mtok: Some(8.0),
            ..Overrides::default()
        },
        ..Scenario::default()
    };
    let offering = Offering::custom(&base.overrides, base.term);
    // A flat week: every minute at the mean, so the peak is the mean.
    let (flat, _) = LoadSummary::from_series(&[3.0; 10_080], 0).expect("flat");
    let s = Scenario {
        load: SummaryText::parse(&flat.encode()).ok(),
        ..base.clone()
    };
    let a = evaluate(&s, &offering).expect("evaluates");
    let r = &a.report.load;
    assert!((r.peak_normalized_tpm / r.mean_normalized_tpm - 1.0).abs() < 1e-6);
    let m = r.measured.as_ref().expect("measured");
    assert_eq!(m.period_minutes, 10_080);
    assert!(m.note.contains("7 days"), "{}", m.note);
    assert_eq!(a.week.as_ref().map(Vec::len), Some(168));
    // One busy minute in ten at 5.5× the rest: peak = 5.5 / 1.45 of the mean.
    let spiky: Vec<f64> = (0..10_080)
        .map(|t| if t % 10 == 0 { 5.5 } else { 1.0 })
        .collect();
    let (spiky, _) = LoadSummary::from_series(&spiky, 0).expect("spiky");
    let s = Scenario {
        load: SummaryText::parse(&spiky.encode()).ok(),
        ..base
    };
    let r = evaluate(&s, &offering).expect("evaluates").report.load;
    let ratio = r.peak_normalized_tpm / r.mean_normalized_tpm;
    assert!((ratio - 5.5 / 1.45).abs() < 0.01 * ratio, "{ratio}");
}

#[test]
fn presentation_keys_never_change_the_scenario_part_of_the_link() {
    use ptcalc_core::link::format_link;
    use ptcalc_core::scenario::{Panel, Theme};
    let scenario_link = "v=1&o=azure/gpt-4o&in=250k";
    let embedded = format!("{scenario_link}&embed=1&view=verdict,breakeven&theme=dark");
    let p = parse(&embedded);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.scenario, parse(scenario_link).scenario);
    assert!(p.presentation.embed);
    assert_eq!(p.presentation.view, vec![Panel::Verdict, Panel::Breakeven]);
    assert_eq!(p.presentation.theme, Theme::Dark);
    // The scenario's part is written exactly as `format` writes it, the presentation after it.
    assert_eq!(format(&p.scenario), scenario_link);
    assert_eq!(format_link(&p.scenario, &p.presentation), embedded);
    // Defaults are not written.
    let plain = parse(&format!(
        "{scenario_link}&view=verdict,figures,hybrid&theme=auto&embed=0"
    ));
    assert_eq!(
        format_link(&plain.scenario, &plain.presentation),
        scenario_link
    );
}

#[test]
fn an_unknown_panel_is_named_with_every_allowed_panel() {
    use ptcalc_core::scenario::Panel;
    let p = parse("v=1&embed=1&view=verdict,<b>x</b>");
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert_eq!(p.warnings[0].key, "view");
    let message = &p.warnings[0].message;
    assert!(message.contains("\"verdict,<b>x</b>\""), "{message}");
    for panel in Panel::ALL {
        assert!(
            message.contains(panel.as_str()),
            "{message} lacks {panel:?}"
        );
    }
    assert_eq!(p.presentation.view, Panel::DEFAULT_VIEW.to_vec());
    assert!(p.presentation.embed);
    // A repeated panel is refused too; a bad theme or embed value falls back with a warning.
    assert_eq!(parse("v=1&view=hybrid,hybrid").warnings.len(), 1);
    let bad = parse("v=1&theme=purple&embed=yes");
    assert_eq!(bad.warnings.len(), 2);
    assert!(bad.warnings[0].message.contains("auto, light or dark"));
}

#[test]
fn a_workload_name_reads_back_escaped_and_a_bad_one_is_a_warning() {
    let s = Scenario {
        name: Some("Chat & search, EU".into()),
        ..Scenario::default()
    };
    let link = format(&s);
    assert!(link.starts_with("v=1&name="), "{link}");
    let back = parse(&link);
    assert_eq!(back.warnings, vec![]);
    assert_eq!(back.scenario.name.as_deref(), Some("Chat & search, EU"));

    let long = "x".repeat(41);
    let parsed = parse(&alloc_free_query(&long));
    assert_eq!(parsed.scenario.name, None);
    assert_eq!(parsed.warnings.len(), 1);
    assert!(parsed.warnings[0]
        .to_string()
        .contains("1 to 40 characters"));
}

fn alloc_free_query(name: &str) -> String {
    ["v=1&name=", name].concat()
}

#[test]
fn the_readme_portfolio_link_is_the_formatted_one() {
    use ptcalc_core::link::portfolio::format_portfolio;
    use ptcalc_core::scenario::Presentation;
    let workloads: Vec<_> = [
        "v=1&name=chat&in=100k&out=10k&cache=0.3&shape=business&pa=3",
        "v=1&name=nightly batch&in=60k&out=6k&cache=0.3&shape=night&pa=2.5",
        "v=1&name=agent&in=50k&out=5k&cache=0.3&shape=flat",
    ]
    .iter()
    .map(|l| parse(l).scenario)
    .collect();
    let link = format_portfolio(&workloads, &Presentation::default()).expect("within the limit");
    let readme = include_str!("../../../README.md");
    assert!(
        readme.contains(&format!("\n?{link}\n")),
        "README example: ?{link}"
    );
}
