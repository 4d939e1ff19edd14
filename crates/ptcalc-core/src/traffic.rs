//! Traffic shapes: a deterministic per-minute multiplier series over one month,
//! mean exactly 1, minute 0 = Monday 00:00. Demand in minute t is the average
//! rate × m_t.
//!
//! - `flat`: every minute 1.
//! - `business`: Mon–Fri 09:00–17:00 at `pa`, every other minute at the level that
//!   keeps the mean at 1; `pa` is at most N / (business minutes).
//! - `diurnal`: 1 + (pa − 1)·cos(2π(minute_of_day − 840)/1440), peak at 14:00,
//!   `pa` ≤ 2, then scaled so the month's mean is exactly 1 (a 730-hour month
//!   ends mid-day).
//! - `bursty`: seeded bursts. A SplitMix64 generator seeded with `seed` walks the
//!   month; at each minute outside a burst a burst starts with probability 1/120 and
//!   lasts 5–30 minutes (uniform). Burst minutes sit at exactly `pa`; the others
//!   carry noise uniform in [0.8, 1.2], scaled so the mean is 1. `pa` is at most
//!   N / (burst minutes).
//! - `night`: every day 22:00–06:00 at `pa`, every other minute at the level that keeps
//!   the mean at 1 (as `business`, on the night's minutes); `pa` is at most
//!   N / (night minutes).
use alloc::vec;
use alloc::vec::Vec;

use crate::error::Error;
use crate::scenario::ShapeKind;

const MINUTES_PER_DAY: usize = 1_440;
const MINUTES_PER_WEEK: usize = 7 * MINUTES_PER_DAY;

/// Whether minute `t` (0 = Monday 00:00) is inside Mon–Fri 09:00–17:00.
///
/// ```
/// use ptcalc_core::traffic::is_business_minute;
/// assert!(!is_business_minute(0));          // Monday 00:00
/// assert!(is_business_minute(9 * 60));      // Monday 09:00
/// assert!(!is_business_minute(17 * 60));    // Monday 17:00
/// assert!(!is_business_minute(5 * 1440 + 600)); // Saturday 10:00
/// ```
pub fn is_business_minute(t: usize) -> bool {
    let day = (t % MINUTES_PER_WEEK) / MINUTES_PER_DAY;
    let minute_of_day = t % MINUTES_PER_DAY;
    day < 5 && (540..1020).contains(&minute_of_day)
}

/// Whether minute `t` (0 = Monday 00:00) is inside 22:00–06:00, any day.
///
/// ```
/// use ptcalc_core::traffic::is_night_minute;
/// assert!(is_night_minute(0));              // Monday 00:00
/// assert!(is_night_minute(5 * 60 + 59));    // Monday 05:59
/// assert!(!is_night_minute(6 * 60));        // Monday 06:00
/// assert!(is_night_minute(22 * 60));        // Monday 22:00
/// assert!(is_night_minute(6 * 1440 + 23 * 60)); // Sunday 23:00
/// ```
pub fn is_night_minute(t: usize) -> bool {
    let minute_of_day = t % MINUTES_PER_DAY;
    !(360..1320).contains(&minute_of_day)
}

/// The largest peak-to-average ratio `shape` can reach over `minutes` minutes
/// with a mean of 1 (`f64::INFINITY` for none; 1 for flat).
///
/// ```
/// use ptcalc_core::{traffic::max_peak_to_average, scenario::ShapeKind};
/// // 730 h: 177 business hours → 730 / 177.
/// let max = max_peak_to_average(ShapeKind::Business, 43_800, 1);
/// assert!((max - 730.0 / 177.0).abs() < 1e-12);
/// assert_eq!(max_peak_to_average(ShapeKind::Diurnal, 43_800, 1), 2.0);
/// // 30 nights of 8 hours and the 6 night hours of the 31st day's first 10.
/// let night = max_peak_to_average(ShapeKind::Night, 43_800, 1);
/// assert!((night - 43_800.0 / 14_760.0).abs() < 1e-12);
/// ```
pub fn max_peak_to_average(shape: ShapeKind, minutes: usize, seed: u64) -> f64 {
    match shape {
        ShapeKind::Flat => 1.0,
        ShapeKind::Diurnal => 2.0,
        ShapeKind::Business | ShapeKind::Night => {
            let busy = busy_minute(shape);
            let b = (0..minutes).filter(|t| busy(*t)).count();
            if b == 0 {
                1.0
            } else {
                minutes as f64 / b as f64
            }
        }
        ShapeKind::Bursty => {
            let b = burst_mask(minutes, seed).iter().filter(|x| **x).count();
            if b == 0 {
                f64::INFINITY
            } else {
                minutes as f64 / b as f64
            }
        }
    }
}

/// The per-minute multiplier series of a shape (mean 1).
///
/// ```
/// use ptcalc_core::{traffic::multipliers, scenario::ShapeKind};
/// let m = multipliers(ShapeKind::Business, 3.0, 1, 43_800).unwrap();
/// assert_eq!(m.len(), 43_800);
/// let mean = m.iter().sum::<f64>() / m.len() as f64;
/// assert!((mean - 1.0).abs() < 1e-9);
/// assert_eq!(m[9 * 60], 3.0);
/// assert!(multipliers(ShapeKind::Business, 5.0, 1, 43_800).is_err());
/// let n = multipliers(ShapeKind::Night, 2.5, 1, 43_800).unwrap();
/// assert_eq!((n[23 * 60], n[3 * 60]), (2.5, 2.5)); // Monday 23:00 and 03:00
/// assert!(n[12 * 60] < 1.0);
/// assert!((n.iter().sum::<f64>() / n.len() as f64 - 1.0).abs() < 1e-9);
/// ```
///
/// # Errors
/// `PeakToAverageBelowOne` for `pa` < 1, `PeakToAverageTooHigh` above the shape's
/// maximum (the message says the maximum), `InvalidMonth` for zero minutes.
pub fn multipliers(
    shape: ShapeKind,
    peak_to_average: f64,
    seed: u64,
    minutes: usize,
) -> Result<Vec<f64>, Error> {
    if minutes == 0 {
        return Err(Error::InvalidMonth(0.0));
    }
    let pa = peak_to_average;
    if shape != ShapeKind::Flat && !(pa >= 1.0) {
        return Err(Error::PeakToAverageBelowOne(pa));
    }
    let check_max = |maximum: f64| {
        if pa > maximum + 1e-12 {
            Err(Error::PeakToAverageTooHigh {
                shape: shape.as_str(),
                requested: pa,
                maximum,
            })
        } else {
            Ok(())
        }
    };
    match shape {
        ShapeKind::Flat => Ok(vec![1.0; minutes]),
        ShapeKind::Business | ShapeKind::Night => {
            let busy = busy_minute(shape);
            let b = (0..minutes).filter(|t| busy(*t)).count();
            check_max(if b == 0 {
                1.0
            } else {
                minutes as f64 / b as f64
            })?;
            let others = minutes - b;
            let off = if others == 0 {
                1.0
            } else {
                ((minutes as f64 - pa * b as f64) / others as f64).max(0.0)
            };
            Ok((0..minutes)
                .map(|t| if busy(t) { pa } else { off })
                .collect())
        }
        ShapeKind::Diurnal => {
            check_max(2.0)?;
            // One day's curve, repeated: a cosine per minute of the day, not per minute.
            let day: Vec<f64> = (0..MINUTES_PER_DAY)
                .map(|minute_of_day| {
                    let phase = 2.0 * core::f64::consts::PI * (minute_of_day as f64 - 840.0)
                        / MINUTES_PER_DAY as f64;
                    1.0 + (pa - 1.0) * libm::cos(phase)
                })
                .collect();
            let raw: Vec<f64> = (0..minutes).map(|t| day[t % MINUTES_PER_DAY]).collect();
            normalize_series(&raw)
        }
        ShapeKind::Bursty => {
            let mask = burst_mask(minutes, seed);
            let b = mask.iter().filter(|x| **x).count();
            check_max(if b == 0 {
                f64::INFINITY
            } else {
                minutes as f64 / b as f64
            })?;
            let mut rng = SplitMix64(seed ^ 0x005E_ED0F_B057);
            let noise: Vec<f64> = mask
                .iter()
                .map(|burst| {
                    if *burst {
                        0.0
                    } else {
                        0.8 + 0.4 * rng.next_f64()
                    }
                })
                .collect();
            let noise_sum: f64 = noise.iter().sum();
            let scale = if noise_sum > 0.0 {
                ((minutes as f64 - pa * b as f64) / noise_sum).max(0.0)
            } else {
                0.0
            };
            Ok(mask
                .iter()
                .zip(&noise)
                .map(|(burst, n)| if *burst { pa } else { n * scale })
                .collect())
        }
    }
}

/// The busy minutes of a two-level shape: business hours, or the night.
fn busy_minute(shape: ShapeKind) -> fn(usize) -> bool {
    if shape == ShapeKind::Night {
        is_night_minute
    } else {
        is_business_minute
    }
}

/// Scales any non-negative series to mean 1 (an imported per-minute load, say).
///
/// # Errors
/// `InvalidSeries` when empty, when a value is negative or not finite, or when it sums to zero.
pub fn normalize_series(raw: &[f64]) -> Result<Vec<f64>, Error> {
    if raw.is_empty() {
        return Err(Error::InvalidSeries("it has no minutes".into()));
    }
    if let Some((i, v)) = raw
        .iter()
        .enumerate()
        .find(|(_, v)| !v.is_finite() || **v < 0.0)
    {
        return Err(Error::InvalidSeries(alloc::format!(
            "minute {i} is {v}: values must be finite and not negative"
        )));
    }
    let sum: f64 = raw.iter().sum();
    if !(sum > 0.0) || !sum.is_finite() {
        return Err(Error::InvalidSeries("every minute is zero".into()));
    }
    let k = raw.len() as f64 / sum;
    Ok(raw.iter().map(|v| v * k).collect())
}

fn burst_mask(minutes: usize, seed: u64) -> Vec<bool> {
    let mut rng = SplitMix64(seed);
    let mut mask = vec![false; minutes];
    let mut t = 0;
    while t < minutes {
        if rng.next_f64() < 1.0 / 120.0 {
            let len = 5 + (rng.next_u64() % 26) as usize;
            let end = (t + len).min(minutes);
            mask[t..end].iter_mut().for_each(|m| *m = true);
            t = end;
        } else {
            t += 1;
        }
    }
    mask
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, seedable, the same on every target.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}
