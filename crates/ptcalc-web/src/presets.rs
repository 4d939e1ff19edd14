//! Worked scenarios, each just a link: the foundation issue's golden examples and three
//! typical workloads. Built as `Scenario`s and written with the link codec, so every preset
//! link is canonical and opens without a notice.
use ptcalc_core::link;
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::{Deployment, Scenario, Term};

/// One preset.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Stable id (`data-preset`).
    pub id: &'static str,
    /// Menu text.
    pub title: &'static str,
    /// One line on what it shows.
    pub summary: &'static str,
    /// The scenario.
    pub scenario: Scenario,
}

impl Preset {
    /// The canonical query, without `?`.
    pub fn query(&self) -> String {
        link::format(&self.scenario)
    }
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

/// Every preset, in menu order.
pub fn all() -> Vec<Preset> {
    vec![
        Preset {
            id: "model-units",
            title: "2 model units vs. $3/$15 tokens",
            summary: "2 MU × $25/MU-h × 730 h = $36,500/month against 3.0B input + 0.6B output tokens on-demand ($18,000).",
            scenario: Scenario {
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
            },
        },
        Preset {
            id: "hourly-ptu",
            title: "$6/PTU-hour in a 720-hour month",
            summary: "2,500 input TPM: 108M input + 36M output tokens cost $630 on-demand at $2.50/$10.",
            scenario: custom(
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
            ),
        },
        Preset {
            id: "gpt-4o-sizing",
            title: "gpt-4o: 250k in + 50k out TPM",
            summary: "(250,000 + 4 × 50,000) ÷ 2,500 = 180 PTU, not the 100 of the \"max of the two\" shortcut.",
            scenario: Scenario {
                offering: "azure/gpt-4o".into(),
                term: Term::Month1,
                volume: Volume::Tokens {
                    input_tpm: 250_000.0,
                    output_tpm: 50_000.0,
                },
                cached_share: 0.0,
                shape: ShapeKind::Flat,
                ..Scenario::default()
            },
        },
        Preset {
            id: "gpt-6-astra",
            title: "GPT-6 Astra: one PTU at $260/month",
            summary: "One PTU fully used for 30 days: 25.92M normalized tokens, about $10.03 per 1M.",
            scenario: Scenario {
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
            },
        },
        Preset {
            id: "business-chat",
            title: "Chat assistant, business hours",
            summary: "200 calls/min of 1,500 + 300 tokens, busy Mon–Fri 9–17 (3× the average), 30% cached.",
            scenario: Scenario {
                offering: "azure/gpt-4.1".into(),
                deployment: Deployment::DataZone,
                term: Term::Month1,
                volume: Volume::Calls {
                    calls_per_minute: 200.0,
                    prompt_tokens: 1_500.0,
                    completion_tokens: 300.0,
                },
                cached_share: 0.3,
                shape: ShapeKind::Business,
                peak_to_average: 3.0,
                ..Scenario::default()
            },
        },
        Preset {
            id: "agent-pipeline",
            title: "Steady 24/7 agent pipeline",
            summary: "2M input + 200k output TPM around the clock, 60% cached, on Gemini 2.5 Flash GSUs.",
            scenario: Scenario {
                offering: "vertex/gemini-2.5-flash".into(),
                term: Term::Month1,
                volume: Volume::Tokens {
                    input_tpm: 2_000_000.0,
                    output_tpm: 200_000.0,
                },
                cached_share: 0.6,
                shape: ShapeKind::Flat,
                ..Scenario::default()
            },
        },
        Preset {
            id: "fine-tuned",
            title: "Fine-tuned model, reserved capacity only",
            summary: "A custom model with no on-demand price: size the reservation for the peak.",
            scenario: Scenario {
                offering: "custom".into(),
                term: Term::Month1,
                volume: Volume::Tokens {
                    input_tpm: 40_000.0,
                    output_tpm: 8_000.0,
                },
                cached_share: 0.0,
                shape: ShapeKind::Diurnal,
                peak_to_average: 1.5,
                overrides: Overrides {
                    capacity_per_unit_per_minute: Some(20_000.0),
                    usd_per_unit_hour: Some(20.0),
                    output_weight: Some(3.0),
                    ..Overrides::default()
                },
                ..Scenario::default()
            },
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{base_offering, evaluate};

    #[test]
    fn every_preset_is_a_clean_link_that_evaluates() {
        for p in all() {
            let parsed = link::parse(&p.query());
            assert_eq!(parsed.warnings, vec![], "{}", p.id);
            assert_eq!(parsed.scenario, p.scenario, "{}", p.id);
            let (opened, notes) = crate::resolve::open(&p.query());
            assert!(notes.is_empty(), "{}: {notes:?}", p.id);
            assert_eq!(opened, p.scenario, "{}", p.id);
            let base = base_offering(&opened).expect(p.id);
            evaluate(&opened, &base).expect(p.id);
        }
    }

    #[test]
    fn golden_presets_reproduce_their_figures() {
        let presets = all();
        let find = |id: &str| {
            let p = presets.iter().find(|p| p.id == id).expect(id);
            let base = base_offering(&p.scenario).expect(id);
            evaluate(&p.scenario, &base).expect(id)
        };
        let r = find("model-units").report;
        let chosen = r.chosen.expect("two units");
        assert!((chosen.reserved_usd - 36_500.0).abs() < 1e-6);
        assert!((r.monthly.on_demand.expect("priced") - 18_000.0).abs() < 1e-6);
        let r = find("hourly-ptu").report;
        assert!((r.monthly.on_demand.expect("priced") - 630.0).abs() < 1e-6);
        let r = find("gpt-4o-sizing").report;
        assert_eq!(r.units.required, Some(180));
        let a = find("fine-tuned");
        assert_eq!(a.report.monthly.on_demand, None);
        assert!(a.report.monthly.full_provisioned.is_some());
    }
}
