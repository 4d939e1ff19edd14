//! Known answers for the `bursty` shape. Its seed is part of the link format, so the same
//! seed must give the same minutes on every target and in every release: these values were
//! computed once from the SplitMix64 generator and are pinned here.
use ptcalc_core::scenario::ShapeKind;
use ptcalc_core::traffic::{max_peak_to_average, multipliers};

/// (seed, burst minutes in a 730-hour month, first burst minute, minutes 0, 1,000, 20,000
/// and 43,799 at a peak-to-average ratio of 2).
const KNOWN: [(u64, usize, usize, [f64; 4]); 3] = [
    (
        1,
        5_309,
        98,
        [
            0.7947890119109152,
            1.0108558064589939,
            0.6943695781085177,
            0.8655510519460087,
        ],
    ),
    (
        42,
        5_745,
        171,
        [
            0.8121447636860832,
            0.8132446085017285,
            2.0,
            0.8246590861124323,
        ],
    ),
    (
        u64::MAX,
        5_782,
        12,
        [
            1.0090731946575904,
            2.0,
            0.8128255070603422,
            0.959564817229129,
        ],
    ),
];

#[test]
fn a_seed_gives_the_same_bursts_everywhere() {
    for (seed, bursts, first, values) in KNOWN {
        let m = multipliers(ShapeKind::Bursty, 2.0, seed, 43_800).expect("2 is reachable");
        assert_eq!(
            m.iter().filter(|v| **v == 2.0).count(),
            bursts,
            "seed {seed}"
        );
        assert_eq!(m.iter().position(|v| *v == 2.0), Some(first), "seed {seed}");
        assert_eq!(
            [m[0], m[1_000], m[20_000], m[43_799]],
            values,
            "seed {seed}"
        );
        // The shape's maximum is the month over its burst minutes.
        let max = max_peak_to_average(ShapeKind::Bursty, 43_800, seed);
        assert_eq!(max, 43_800.0 / bursts as f64, "seed {seed}");
    }
}

#[test]
fn different_seeds_give_different_patterns() {
    let a = multipliers(ShapeKind::Bursty, 2.0, 1, 10_080).expect("valid");
    let b = multipliers(ShapeKind::Bursty, 2.0, 2, 10_080).expect("valid");
    assert_ne!(a, b);
    assert_eq!(
        a,
        multipliers(ShapeKind::Bursty, 2.0, 1, 10_080).expect("valid")
    );
}
