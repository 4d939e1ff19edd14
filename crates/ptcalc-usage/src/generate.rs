//! Large synthetic usage files for benchmarks and browser tests: a seeded
//! SplitMix64 walk (the same generator as the core's bursty shape), so the same
//! arguments always write the same bytes.
use std::io::{self, Write};

use crate::time::format_minute;

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, seedable.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Which file to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One row per request, the simulator header, about 25 requests per second
    /// at the day's peak.
    RequestLog,
    /// One row per 15 seconds (a million rows span 174 days):
    /// `timestamp,input_tokens,cached_tokens,output_tokens`.
    WideCsv,
}

/// Unix minute of Monday 2025-08-18 00:00 UTC, where generated files start.
pub const START_UNIX_MINUTE: i64 = 29_257_920;

/// Writes `rows` data rows of `kind` after a header, with a diurnal cycle and
/// seeded bursts.
///
/// # Errors
/// The writer's error.
///
/// ```
/// use ptcalc_usage::generate::{write, Kind};
/// let mut out = Vec::new();
/// write(&mut out, Kind::WideCsv, 3, 1).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text.lines().count(), 4);
/// assert!(text.starts_with("timestamp,input_tokens,cached_tokens,output_tokens\n2025-08-18T00:00:00Z,"));
/// ```
pub fn write<W: Write>(out: &mut W, kind: Kind, rows: u64, seed: u64) -> io::Result<()> {
    let mut rng = SplitMix64::new(seed);
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    match kind {
        Kind::WideCsv => {
            writeln!(w, "timestamp,input_tokens,cached_tokens,output_tokens")?;
            let mut burst = 0u32;
            for r in 0..rows {
                let minute = START_UNIX_MINUTE + (r / 4) as i64;
                let second = (r % 4) * 15;
                let level = diurnal(minute) * burst_level(&mut rng, &mut burst);
                let input = (10_000.0 * level * (0.8 + 0.4 * rng.next_f64())) as u64;
                let cached = input / 4;
                let output = input / 7;
                let stamp = format_minute(minute);
                writeln!(w, "{}:{second:02}Z,{input},{cached},{output}", &stamp[..16])?;
            }
        }
        Kind::RequestLog => {
            writeln!(w, "timestamp [UTC],input tokens,output tokens,total tokens")?;
            let mut second = START_UNIX_MINUTE as f64 * 60.0;
            let mut burst = 0u32;
            for _ in 0..rows {
                let minute = (second / 60.0) as i64;
                let rate = 25.0 * diurnal(minute) * burst_level(&mut rng, &mut burst) / 2.0;
                second += -(1.0 - rng.next_f64()).ln() / rate.max(0.01);
                let s = second as i64;
                let (day_minute, sec) = (s.div_euclid(60), s.rem_euclid(60));
                let stamp = format_minute(day_minute);
                let input = 200 + rng.next_u64() % 4_000;
                let output = 20 + rng.next_u64() % 600;
                writeln!(
                    w,
                    "{} {}:{sec:02},{input},{output},{}",
                    &stamp[..10],
                    &stamp[11..16],
                    input + output
                )?;
            }
        }
    }
    w.flush()
}

/// 1 + 0.6·cos over the day, busiest at 14:00 UTC.
fn diurnal(unix_minute: i64) -> f64 {
    let m = unix_minute.rem_euclid(1_440) as f64;
    1.0 + 0.6 * (std::f64::consts::TAU * (m - 840.0) / 1_440.0).cos()
}

/// 3 inside a burst, 1 outside; bursts start with probability 1/120 and last 5–30 steps.
fn burst_level(rng: &mut SplitMix64, left: &mut u32) -> f64 {
    if *left > 0 {
        *left -= 1;
        return 3.0;
    }
    if rng.next_u64().is_multiple_of(120) {
        *left = 5 + (rng.next_u64() % 26) as u32;
    }
    1.0
}
