//! Worked examples from public sources, as golden tests. The figures are the
//! sources' own; each row says where it comes from.
use ptcalc_core::breakeven::break_even_utilization;
use ptcalc_core::capacity::units_for_load;
use ptcalc_core::report::evaluate;
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::{link, Offering, PriceBasis, Scenario, Term};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

fn custom(volume: Volume, overrides: Overrides, term: Term, hours: f64) -> Scenario {
    Scenario {
        offering: "custom".into(),
        term,
        volume,
        cached_share: 0.0,
        shape: ShapeKind::Flat,
        hours_per_month: hours,
        overrides,
        ..Scenario::default()
    }
}

/// (1) Bedrock-style model units: 2 MU × $25/MU-h × 730 h = $36,500/month; 3.0 B input +
/// 0.6 B output tokens at $3/$15 per 1M = $18,000; with the 5:1 mix on-demand reaches
/// $36,500 at about 6.08 B input + 1.22 B output tokens.
#[test]
fn golden_model_units_against_on_demand() {
    let s = Scenario {
        units: Some(2),
        ..custom(
            Volume::Tokens {
                input_tpm: 3.0e9 / 43_800.0,
                output_tpm: 0.6e9 / 43_800.0,
            },
            Overrides {
                capacity_per_unit_per_minute: Some(50_000.0),
                usd_per_unit_hour: Some(25.0),
                input_usd_per_mtok: Some(3.0),
                output_usd_per_mtok: Some(15.0),
                ..Overrides::default()
            },
            Term::NoCommit,
            730.0,
        )
    };
    let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).expect("evaluates");
    let r = &a.report;
    let chosen = r.chosen.as_ref().expect("two units chosen");
    assert_eq!(chosen.units, 2);
    assert!(
        close(chosen.reserved_usd, 36_500.0, 1e-12),
        "{}",
        chosen.reserved_usd
    );
    assert!(close(r.monthly.on_demand.expect("priced"), 18_000.0, 1e-9));
    // The volume at which on-demand reaches the reserved bill.
    let scale = 36_500.0 / 18_000.0;
    let costs = a.at_scale(Term::NoCommit, scale);
    assert!(close(costs.on_demand.expect("priced"), 36_500.0, 1e-9));
    let input = 3.0e9 * scale;
    let output = 0.6e9 * scale;
    assert!((input / 1e9 - 6.08).abs() < 0.005, "{input}");
    assert!((output / 1e9 - 1.22).abs() < 0.005, "{output}");
}

/// (2) $6/PTU-h × 730 h = $4,380; 2,500 input TPM × 43,200 min = 108 M input + 36 M output
/// tokens → $270 + $360 = $630 at $2.50/$10 (a 720-hour month).
#[test]
fn golden_hourly_ptu_and_a_720_hour_month() {
    assert_eq!(PriceBasis::PerHour(6.0).usd_per_unit_month(730.0), 4_380.0);
    let s = custom(
        Volume::Tokens {
            input_tpm: 2_500.0,
            output_tpm: 36.0e6 / 43_200.0,
        },
        Overrides {
            capacity_per_unit_per_minute: Some(2_500.0),
            usd_per_unit_hour: Some(6.0),
            input_usd_per_mtok: Some(2.5),
            output_usd_per_mtok: Some(10.0),
            ..Overrides::default()
        },
        Term::Hourly,
        720.0,
    );
    let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).expect("evaluates");
    let r = &a.report;
    assert_eq!(r.load.minutes_per_month, 43_200);
    let tpm = r.load.tokens_per_minute;
    assert!(close(tpm.input * 43_200.0, 108e6, 1e-12));
    assert!(close(tpm.output * 43_200.0, 36e6, 1e-12));
    assert!(
        close(r.monthly.on_demand.expect("priced"), 630.0, 1e-9),
        "{:?}",
        r.monthly.on_demand
    );
    // In a 720-hour month the same hourly price is $4,320 per unit.
    assert_eq!(r.terms[0].usd_per_unit_month, Some(4_320.0));
}

/// (3) gpt-4o: 250,000 input TPM + 50,000 output TPM, output weight 4, 2,500 TPM per PTU →
/// (250,000 + 4 × 50,000) / 2,500 = 180 PTU (the "max of the two dimensions" shortcut gives 100).
#[test]
fn golden_normalized_ptu_sizing() {
    assert_eq!(
        units_for_load(250_000.0 + 4.0 * 50_000.0, 2_500.0, 15, 5),
        180
    );
    let s = custom(
        Volume::Tokens {
            input_tpm: 250_000.0,
            output_tpm: 50_000.0,
        },
        Overrides {
            capacity_per_unit_per_minute: Some(2_500.0),
            min_units: Some(15),
            increment: Some(5),
            output_weight: Some(4.0),
            cached_weight: Some(0.0),
            usd_per_unit_month: Some(260.0),
            input_usd_per_mtok: Some(2.5),
            output_usd_per_mtok: Some(10.0),
            ..Overrides::default()
        },
        Term::Month1,
        730.0,
    );
    let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).expect("evaluates");
    assert_eq!(a.report.units.raw, Some(180.0));
    assert_eq!(a.report.units.required, Some(180));
}

/// (4) GPT-6 Astra: one PTU at $260/month, 100% for 30 days = 600 × 43,200 = 25.92 M
/// normalized tokens ≈ $10.03 per 1M (PAYG $10.00).
#[test]
fn golden_gpt6_astra_full_utilization() {
    let s = Scenario {
        units: Some(1),
        ..custom(
            Volume::Tokens {
                input_tpm: 600.0,
                output_tpm: 0.0,
            },
            Overrides {
                capacity_per_unit_per_minute: Some(600.0),
                usd_per_unit_month: Some(260.0),
                input_usd_per_mtok: Some(10.0),
                output_usd_per_mtok: Some(50.0),
                output_weight: Some(5.0),
                ..Overrides::default()
            },
            Term::Month1,
            720.0,
        )
    };
    let a = evaluate(&s, &Offering::custom(&s.overrides, s.term)).expect("evaluates");
    let chosen = a.report.chosen.as_ref().expect("one unit");
    assert_eq!(chosen.utilization, 1.0);
    let tokens = 600.0 * 43_200.0;
    assert_eq!(tokens, 25.92e6);
    let per_million = chosen.reserved_usd / (tokens / 1e6);
    assert!((per_million - 10.03).abs() < 0.005, "{per_million}");
    let u = break_even_utilization(260.0, 10.0 / 1e6, 600.0, 43_200).expect("priced");
    assert!(close(
        a.report.break_even_utilization.expect("priced"),
        u,
        1e-12
    ));
    assert!(
        u > 1.0,
        "PTU and PAYG are about equal at full utilization; u* = {u}"
    );
}

/// The default scenario's link is just the version, and every golden scenario survives a link round trip.
#[test]
fn golden_scenarios_survive_the_link() {
    assert_eq!(link::format(&Scenario::default()), "v=1");
    let s = custom(
        Volume::Calls {
            calls_per_minute: 1_000.0,
            prompt_tokens: 200.0,
            completion_tokens: 400.0,
        },
        Overrides {
            capacity_per_unit_per_minute: Some(2_500.0),
            ..Overrides::default()
        },
        Term::Month1,
        730.0,
    );
    let text = link::format(&s);
    assert_eq!(
        text,
        "v=1&o=custom&t=1m&rpm=1k&pt=200&ct=400&cache=0&shape=flat&cap=2500"
    );
    assert_eq!(link::parse(&text).scenario, s);
}
