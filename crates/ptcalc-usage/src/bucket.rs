//! Rows summed into per-minute buckets.
//!
//! Rows land in the minute of their timestamp, per series and token kind, in
//! day-sized chunks (so out-of-order and newest-first files cost no copying).
//! At the end the data's time step is known (from the format, or the greatest
//! common divisor of the timestamps' distances): a step of a minute or less
//! stays as summed; a coarser step (hourly, daily) is spread over its minutes,
//! evenly or with a peak factor (see [`bucket_profile`]).
use std::collections::{BTreeMap, HashMap};

use crate::error::ImportError;
use crate::kind::TokenKind;
use crate::usage::{Series, Usage, Warning};
use crate::Format;

const CHUNK_MINUTES: i64 = 1_440;
const WORDS: usize = 23; // ⌈1440 / 64⌉

/// The longest period an import keeps, in days.
pub const MAX_DAYS: u64 = 400;

/// The most series-days an import keeps (series × days with data): about
/// 190 MB of day buckets, and as much again for the result.
pub const MAX_SERIES_DAYS: usize = 4_000;

struct Chunk {
    tokens: [[f64; 4]; CHUNK_MINUTES as usize],
    present: [[u64; WORDS]; 4],
}

impl Chunk {
    /// Out of line: a day's chunk is built on the stack before it is boxed, and inlined
    /// into [`Buckets::add`] its 46 kB frame was set up (and probed) on every row.
    #[cold]
    #[inline(never)]
    fn new() -> Box<Chunk> {
        Box::new(Chunk {
            tokens: [[0.0; 4]; CHUNK_MINUTES as usize],
            present: [[0; WORDS]; 4],
        })
    }
}

#[derive(Default)]
struct SeriesBuckets {
    /// Day chunks in order of first use; `days` finds them, `recent` skips the
    /// lookup for the common case of the same day as the row before.
    chunks: Vec<(i64, Box<Chunk>)>,
    days: HashMap<i64, usize>,
    recent: Option<(i64, usize)>,
    last: [Option<i64>; 4],
}

impl SeriesBuckets {
    fn chunk(&mut self, day: i64, budget: &mut usize) -> Option<&mut Chunk> {
        let i = match self.recent {
            Some((d, i)) if d == day => i,
            _ => {
                let next = self.chunks.len();
                let i = match self.days.get(&day) {
                    Some(i) => *i,
                    None => {
                        if *budget == 0 {
                            return None;
                        }
                        *budget -= 1;
                        self.days.insert(day, next);
                        self.chunks.push((day, Chunk::new()));
                        next
                    }
                };
                self.recent = Some((day, i));
                i
            }
        };
        Some(&mut self.chunks[i].1)
    }
}

/// Minutes explicitly reported with no rows (an OpenAI bucket with no results).
type Marks = BTreeMap<i64, [u64; WORDS]>;

/// What the format says about its rows.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rules {
    /// The format's own time step in seconds, when it states one.
    pub step_seconds: Option<i64>,
    /// One row per event (a request log): no step, repeats are normal.
    pub events: bool,
    /// Minutes with no row are zero traffic by the format's definition.
    pub gaps_are_zero: bool,
    /// Newest-first order is the format's default (CloudWatch): not worth a warning.
    pub any_order: bool,
    /// The steps the source can have (CloudWatch periods): sparse points can
    /// make the distances' divisor a multiple of the real step, so the largest
    /// listed step that divides it is taken instead.
    pub standard_steps: &'static [i64],
}

/// The running sums of an import.
pub(crate) struct Buckets {
    series: Vec<SeriesBuckets>,
    names: Vec<String>,
    index: HashMap<String, usize>,
    last_series: Option<usize>,
    marks: Marks,
    first: Option<i64>,
    min: i64,
    max: i64,
    gcd: i64,
    pub rows: u64,
    budget: usize,
    over_budget: bool,
    out_of_order: u64,
    repeats: u64,
    total: f64,
}

fn gcd(a: i64, b: i64) -> i64 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn bit(minute: i64) -> (usize, u64) {
    let m = minute as usize;
    (m / 64, 1u64 << (m % 64))
}

impl Default for Buckets {
    fn default() -> Buckets {
        Buckets {
            series: Vec::new(),
            names: Vec::new(),
            index: HashMap::new(),
            last_series: None,
            marks: Marks::new(),
            first: None,
            min: 0,
            max: 0,
            gcd: 0,
            rows: 0,
            budget: MAX_SERIES_DAYS,
            over_budget: false,
            out_of_order: 0,
            repeats: 0,
            total: 0.0,
        }
    }
}

impl Buckets {
    /// The series named `name`, created on first use.
    pub fn series(&mut self, name: &str) -> usize {
        // rows of one series come in runs: skip the hash for a repeat
        if let Some(i) = self.last_series {
            if self.names[i] == name {
                return i;
            }
        }
        let i = self.series_index(name);
        self.last_series = Some(i);
        i
    }

    fn series_index(&mut self, name: &str) -> usize {
        if let Some(i) = self.index.get(name) {
            return *i;
        }
        let i = self.series.len();
        self.series.push(SeriesBuckets::default());
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    fn note_time(&mut self, seconds: i64) {
        match self.first {
            None => {
                self.first = Some(seconds);
                self.min = seconds;
                self.max = seconds;
            }
            Some(first) => {
                // gcd(g, d) is g when g divides d: skip the division loop for the common
                // case (every row a step after the first, or a request log's gcd of 1)
                let d = seconds - first;
                if self.gcd != 1 && d != 0 && (self.gcd == 0 || d % self.gcd != 0) {
                    self.gcd = gcd(self.gcd, d);
                }
                self.min = self.min.min(seconds);
                self.max = self.max.max(seconds);
            }
        }
    }

    /// Adds one row: the tokens of each kind it reports (`None` = the row does not
    /// report that kind) at `seconds` to series `series`.
    pub fn add(&mut self, series: usize, seconds: i64, tokens: [Option<f64>; 4]) {
        self.note_time(seconds);
        self.rows += 1;
        let minute = seconds.div_euclid(60);
        let day = minute.div_euclid(CHUNK_MINUTES);
        let within = minute.rem_euclid(CHUNK_MINUTES);
        let s = &mut self.series[series];
        let last = s.last;
        let Some(chunk) = s.chunk(day, &mut self.budget) else {
            self.over_budget = true;
            return;
        };
        let (word, mask) = bit(within);
        let mut late = false;
        let mut repeat = false;
        for kind in TokenKind::ALL {
            let k = kind.index();
            let Some(v) = tokens[k] else { continue };
            chunk.tokens[within as usize][k] += v;
            self.total += v;
            repeat |= chunk.present[k][word] & mask != 0;
            chunk.present[k][word] |= mask;
            late |= last[k].is_some_and(|l| seconds < l);
        }
        for (k, l) in s.last.iter_mut().enumerate() {
            if tokens[k].is_some() {
                *l = Some(l.map_or(seconds, |l| l.max(seconds)));
            }
        }
        self.out_of_order += u64::from(late);
        self.repeats += u64::from(repeat);
    }

    /// Marks a minute as reported with no traffic (a bucket with no results).
    pub fn mark_empty(&mut self, seconds: i64) {
        self.note_time(seconds);
        let minute = seconds.div_euclid(60);
        let (word, mask) = bit(minute.rem_euclid(CHUNK_MINUTES));
        self.marks
            .entry(minute.div_euclid(CHUNK_MINUTES))
            .or_insert([0; WORDS])[word] |= mask;
    }

    /// How many series so far.
    pub fn series_count(&self) -> usize {
        self.series.len()
    }

    /// Keeps the series for which `rename` gives a name (under that name).
    pub fn retain_series(&mut self, mut rename: impl FnMut(&str) -> Option<String>) {
        self.last_series = None;
        let names = std::mem::take(&mut self.names);
        let series = std::mem::take(&mut self.series);
        self.index.clear();
        for (name, s) in names.into_iter().zip(series) {
            if let Some(new) = rename(&name) {
                self.index.insert(new.clone(), self.series.len());
                self.names.push(new);
                self.series.push(s);
            }
        }
    }

    /// Ends the import: finds the step, spreads coarse buckets, checks for gaps.
    pub fn finish(
        self,
        format: Format,
        rules: Rules,
        peak_factor: f64,
        mut warnings: Vec<Warning>,
    ) -> Result<Usage, ImportError> {
        let Some(_) = self.first else {
            return Err(ImportError::NoRows);
        };
        if self.over_budget {
            return Err(ImportError::TooManySeries {
                series: self.series.len(),
                max_series_days: MAX_SERIES_DAYS,
            });
        }
        let peak_factor = if peak_factor.is_finite() {
            peak_factor
        } else {
            1.0
        };
        if self.total <= 0.0 {
            return Err(ImportError::AllZero { rows: self.rows });
        }
        let step = if rules.events {
            None
        } else {
            match (rules.step_seconds, self.gcd) {
                (Some(s), _) => Some(s),
                (None, 0) => return Err(ImportError::OneRow),
                (None, g) => Some(
                    rules
                        .standard_steps
                        .iter()
                        .rev()
                        .find(|s| g % **s == 0)
                        .copied()
                        .unwrap_or(g),
                ),
            }
        };
        let width: i64 = match step {
            Some(s) if s > 60 && s % 60 == 0 => s / 60,
            Some(s) if s > 60 => {
                warnings.push(Warning::IrregularStep { seconds: s });
                1
            }
            _ => 1,
        };
        let peak_factor = if width > 1 {
            let f = peak_factor.clamp(1.0, width as f64);
            warnings.push(Warning::Coarse {
                step_minutes: width as u64,
                peak_factor: f,
            });
            f
        } else {
            1.0
        };
        let start = self.min.div_euclid(60);
        let end = self.max.div_euclid(60) + width;
        let len = end - start;
        let days = (len as u64).div_ceil(1_440);
        if days > MAX_DAYS {
            return Err(ImportError::PeriodTooLong {
                days,
                max_days: MAX_DAYS,
            });
        }
        let len = len as usize;
        let profile = bucket_profile(width as usize, peak_factor);
        let mut covered = vec![0u64; len.div_ceil(64)];
        let mut cover = |m: i64| {
            for t in m..(m + width).min(end) {
                let i = (t - start) as usize;
                covered[i / 64] |= 1 << (i % 64);
            }
        };
        for (day, words) in &self.marks {
            for_each_bit(words, |within| cover(day * CHUNK_MINUTES + within));
        }
        let mut series = Vec::with_capacity(self.series.len());
        for (name, s) in self.names.into_iter().zip(self.series) {
            let mut kinds: [Vec<f64>; 4] = std::array::from_fn(|_| vec![0.0; len]);
            for (day, chunk) in s.chunks {
                let mut any = [0u64; WORDS];
                for k in 0..4 {
                    for (a, p) in any.iter_mut().zip(chunk.present[k]) {
                        *a |= p;
                    }
                }
                for_each_bit(&any, |within| {
                    let m = day * CHUNK_MINUTES + within;
                    cover(m);
                    let values = chunk.tokens[within as usize];
                    let offset = (m - start) as usize;
                    for (k, v) in values.iter().enumerate() {
                        if *v == 0.0 {
                            continue;
                        }
                        for (j, w) in profile.iter().enumerate() {
                            if let Some(slot) = kinds[k].get_mut(offset + j) {
                                *slot += v * w;
                            }
                        }
                    }
                });
            }
            series.push(Series { name, kinds });
        }
        let covered_minutes: u64 = covered.iter().map(|w| u64::from(w.count_ones())).sum();
        let missing = len as u64 - covered_minutes;
        if missing > 0 && !rules.gaps_are_zero {
            warnings.push(Warning::Gaps {
                missing_minutes: missing,
            });
        }
        if self.out_of_order > 0 && !rules.any_order {
            warnings.push(Warning::OutOfOrder {
                rows: self.out_of_order,
            });
        }
        // below a minute several rows per minute are the point; from a minute up a
        // repeat is the same step reported twice
        if self.repeats > 0 && !rules.events && step.is_some_and(|s| s >= 60) {
            warnings.push(Warning::Repeats { rows: self.repeats });
        }
        Ok(Usage::new(
            format,
            start,
            series,
            width as u64,
            missing,
            self.rows,
            warnings,
        ))
    }
}

fn for_each_bit(words: &[u64; WORDS], mut f: impl FnMut(i64)) {
    for (w, word) in words.iter().enumerate() {
        let mut bits = *word;
        while bits != 0 {
            let b = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            f((w * 64 + b) as i64);
        }
    }
}

/// How a coarse bucket of `width` minutes is spread over its minutes: weights
/// summing to 1. With `peak_factor` f = 1 every minute gets 1/width. With f > 1,
/// k = max(1, round(width / 2f)) busy minutes in the middle of the bucket run at
/// f × the bucket's mean minute (f is capped at width / k) and the other minutes
/// share the rest evenly: the bucket's total is kept and its busiest minute is f
/// times its mean.
///
/// ```
/// use ptcalc_usage::bucket_profile;
/// assert_eq!(bucket_profile(4, 1.0), vec![0.25; 4]);
/// let p = bucket_profile(60, 3.0); // hourly data, peak minute 3 × the hour's mean
/// assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// let peak = p.iter().cloned().fold(0.0, f64::max);
/// assert!((peak * 60.0 - 3.0).abs() < 1e-12);
/// ```
pub fn bucket_profile(width: usize, peak_factor: f64) -> Vec<f64> {
    let w = width.max(1);
    let mean = 1.0 / w as f64;
    let f = if peak_factor.is_finite() {
        peak_factor.max(1.0)
    } else {
        1.0
    };
    if w == 1 || f <= 1.0 {
        return vec![mean; w];
    }
    let k = ((w as f64 / (2.0 * f)).round() as usize).clamp(1, w);
    let f = f.min(w as f64 / k as f64);
    let busy = f * mean;
    let rest = if w > k {
        ((1.0 - busy * k as f64) / (w - k) as f64).max(0.0)
    } else {
        0.0
    };
    let first = (w - k) / 2;
    (0..w)
        .map(|i| {
            if (first..first + k).contains(&i) {
                busy
            } else {
                rest
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_step_is_the_gcd_of_every_distance_to_the_first_row(
            times in prop::collection::vec(prop_oneof![0i64..10, (0i64..50).prop_map(|k| k * 60), -100_000i64..100_000], 1..60),
        ) {
            let mut b = Buckets::default();
            for t in &times {
                b.note_time(1_755_475_200 + t);
            }
            let expected = times.iter().fold(0, |g, t| gcd(g, t - times[0]));
            prop_assert_eq!(b.gcd, expected);
        }
    }
}
