//! The ten workloads the portfolio bench and the `edit10` example price: one
//! gpt-4.1-like custom offering (so the figures do not move with the rate cards), office
//! hours, bursty, flat and diurnal shapes of 40k–400k input tokens per minute.
use ptcalc_core::scenario::{Overrides, ShapeKind, Volume};
use ptcalc_core::{Offering, Scenario};

/// The ten workloads, each with its offering.
pub fn ten_workloads() -> Vec<(Scenario, Offering)> {
    let overrides = Overrides {
        capacity_per_unit_per_minute: Some(3_000.0),
        min_units: Some(15),
        increment: Some(5),
        output_weight: Some(4.0),
        cached_weight: Some(0.0),
        usd_per_unit_month: Some(260.0),
        input_usd_per_mtok: Some(2.0),
        cached_usd_per_mtok: Some(0.5),
        output_usd_per_mtok: Some(8.0),
        ..Overrides::default()
    };
    let shapes = [
        ShapeKind::Business,
        ShapeKind::Bursty,
        ShapeKind::Flat,
        ShapeKind::Diurnal,
    ];
    (0..10)
        .map(|i| {
            let shape = shapes[i % 4];
            let s = Scenario {
                name: Some(format!("w{i}")),
                offering: "custom".into(),
                overrides,
                volume: Volume::Tokens {
                    input_tpm: 40_000.0 * (1 + i) as f64,
                    output_tpm: 4_000.0 * (1 + i) as f64,
                },
                shape,
                peak_to_average: if shape == ShapeKind::Flat { 1.6 } else { 2.0 },
                seed: i as u64,
                ..Scenario::default()
            };
            let o = Offering::custom(&s.overrides, s.term);
            (s, o)
        })
        .collect()
}
